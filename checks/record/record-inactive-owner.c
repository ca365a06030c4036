/* record-inactive-owner: Inactive user who still owns open records. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

static const AuditObject owned_objects[] = {AUDIT_OBJ_ACCOUNT, AUDIT_OBJ_CONTACT, AUDIT_OBJ_LEAD,
                                            AUDIT_OBJ_OPPORTUNITY};

/* Is the record open: every account and contact, an unconverted lead, an open opportunity. */
static gboolean record_open(const AuditModel *m, AuditObject o, guint row)
{
  if (o == AUDIT_OBJ_LEAD)
    return audit_flag(&m->tables[o], row, LEAD_IS_CONVERTED) != 1;
  if (o == AUDIT_OBJ_OPPORTUNITY)
    return audit_opportunity_is_open(m, row);
  return TRUE;
}

static void inactive_owner_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *users = &m->tables[AUDIT_OBJ_USER];
  if (!audit_has(users, USER_IS_ACTIVE))
    return;
  guint n = users->nrows;
  guint *counts = g_new0(guint, (gsize)n * G_N_ELEMENTS(owned_objects) + 1);
  for (guint k = 0; k < G_N_ELEMENTS(owned_objects); k++) {
    AuditObject o = owned_objects[k];
    const AuditTable *t = &m->tables[o];
    if (!t->present)
      continue;
    for (guint r = 0; r < t->nrows; r++) {
      gint32 u = audit_ref(t, r, AUDIT_F_OWNER);
      if (u >= 0 && audit_ref_object(t, r, AUDIT_F_OWNER) == AUDIT_OBJ_USER && record_open(m, o, r))
        counts[(gsize)u * G_N_ELEMENTS(owned_objects) + k]++;
    }
  }
  GString *what = g_string_new(NULL);
  char buf[256];
  for (guint u = 0; u < n; u++) {
    if (audit_flag(users, u, USER_IS_ACTIVE) != 0)
      continue; /* active, or not said */
    guint total = 0;
    g_string_truncate(what, 0);
    static const char *const names[] = {"account", "contact", "unconverted lead", "open opportunit"};
    for (guint k = 0; k < G_N_ELEMENTS(owned_objects); k++) {
      guint c = counts[(gsize)u * G_N_ELEMENTS(owned_objects) + k];
      total += c;
      if (!c)
        continue;
      if (what->len)
        g_string_append(what, ", ");
      g_string_append_printf(what, "%u %s%s", c, names[k],
                             k == 3 ? (c == 1 ? "y" : "ies") : (c == 1 ? "" : "s"));
    }
    if (!total)
      continue;
    const char *name = audit_record_name(m, AUDIT_OBJ_USER, u, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_USER, (gint32)u, NULL, "inactive user %s still owns %u open record%s: %s", name,
               total, total == 1 ? "" : "s", what->str);
    static const char *const keys[] = {"accounts", "contacts", "unconverted_leads", "open_opportunities"};
    for (guint k = 0; k < G_N_ELEMENTS(owned_objects); k++)
      audit_evidence_int(out, keys[k], counts[(gsize)u * G_N_ELEMENTS(owned_objects) + k]);
    audit_evidence_int(out, "open_records", total);
    audit_fix_text(out, "reassign %s's records to an active owner (Salesforce: Mass Transfer Records)", name);
  }
  g_string_free(what, TRUE);
  g_free(counts);
}

static const char *const inactive_owner_columns[] = {"User.IsActive", NULL};

const AuditCheck audit_check_record_inactive_owner = {
  .id = "record-inactive-owner",
  .title = "Inactive user who still owns open records",
  .severity = AUDIT_SEV_WARNING,
  .needs = AUDIT_BIT(AUDIT_OBJ_USER),
  .columns = inactive_owner_columns,
  .rationale = "Records owned by a deactivated user (someone who left, or a retired integration user) have nobody "
               "working them: leads are not called back, opportunities are not moved, and the weekly review "
               "assigns their findings to nobody. Open records are every account and contact, unconverted leads "
               "and open opportunities. One finding per inactive user, with the counts per object.",
  .fix = "Reassign the records to an active owner.",
  .example = "inactive user Peter Novak still owns 41 open records: 12 accounts, 25 contacts, 4 open opportunities",
  .run = inactive_owner_run,
};
