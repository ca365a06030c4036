/* The rules stage-committee-mismatch and stage-assessment-mismatch share. */
#include "stage-rules.h"

/* The stage model's entry for an opportunity's stage, looked up once per
 * distinct stage text. */
const AuditStageDef *checks_stage_of(const AuditConfig *cfg, GHashTable *cache, const char *stage)
{
  gpointer v;
  if (g_hash_table_lookup_extended(cache, stage, NULL, &v))
    return v;
  const AuditStageDef *def = audit_stage_model_find(cfg, stage);
  g_hash_table_insert(cache, (gpointer)stage, (gpointer)def);
  return def;
}
