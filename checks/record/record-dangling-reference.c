/* record-dangling-reference: A reference to a record that is not in the
 * export. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

static void dangling_run(const AuditContext *ctx, AuditSink *out)
{
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &ctx->model->tables[o];
    if (!t->present)
      continue;
    guint nf;
    const AuditFieldDef *defs = audit_schema((AuditObject)o, &nf);
    for (guint r = 0; r < t->nrows; r++) {
      for (guint f = 0; f < nf; f++) {
        if (defs[f].type != AUDIT_FT_REF || !t->i32[f] || t->i32[f][r] != AUDIT_REF_DANGLING)
          continue;
        const char *target = audit_object_name(audit_ref_object(t, r, f));
        const char *value = audit_text(t, r, f);
        g_autofree char *key = g_strdup_printf("%s=%s", defs[f].name, value);
        audit_emit(out, (AuditObject)o, (gint32)r, key, "%s %s points to %s %s that is not in the export",
                   defs[f].name, value, strchr("AEIO", target[0]) ? "an" : "a", target);
        audit_evidence_str(out, "field", defs[f].name);
        audit_evidence_str(out, "value", value);
        audit_evidence_str(out, "target", target);
        audit_evidence_int(out, "line", t->lines[r]);
        audit_fix_text(out, "find the %s %s (deleted, or outside the export's filter?) or correct %s", target, value,
                       defs[f].name);
      }
    }
  }
}

const AuditCheck audit_check_record_dangling_reference = {
  .id = "record-dangling-reference",
  .title = "A reference to a record that is not in the export",
  .severity = AUDIT_SEV_WARNING,
  .needs = 0,
  .rationale =
    "AccountId, ParentId, OpportunityId, ContactId, WhoId, WhatId and OwnerId must name records of the "
    "export when their object was exported. One that does not points to a deleted record, a record the "
    "export's filter left out, or a private record: checks that follow it see nothing there. References "
    "to objects that are not exported (a queue as owner, a case as WhatId) are not flagged.",
  .fix = "Restore or re-export the missing record, or correct the reference.",
  .example = "AccountId 0015g00000XyZab points to an Account that is not in the export",
  .run = dangling_run,
};
