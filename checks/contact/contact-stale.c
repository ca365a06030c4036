/* contact-stale: Contact with no activity and no change within the window. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

static const AuditOption stale_opts[] = {
  {"window_days", AUDIT_OPT_INT, "365", "days before as-of without activity or change", 1, 36500,
   AUDIT_OPTION_AT(AuditStaleOptions, window_days)},
  {0}};

static void stale_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  for (guint r = 0; r < con->nrows; r++) {
    AuditStaleEvidence ev;
    if (audit_row_repeated(con, r) || !audit_contact_stale(ctx, r, &ev))
      continue;
    char buf[256], act[11], chg[11];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    if (ev.last_activity != AUDIT_DAY_NONE)
      audit_day_format(ev.last_activity, act);
    if (ev.last_change != AUDIT_DAY_NONE)
      audit_day_format(ev.last_change, chg);
    gint32 window = ctx->as_of - ev.cutoff;
    g_autofree char *act_s = ev.last_activity != AUDIT_DAY_NONE ? g_strdup_printf("no activity since %s", act)
                                                                : g_strdup("no activity on record");
    g_autofree char *chg_s = ev.last_change != AUDIT_DAY_NONE ? g_strdup_printf("not changed since %s", chg)
                                                              : g_strdup("no change on record");
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "%s: %s and %s (window %d days)", who, act_s, chg_s, window);
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_day(out, "last_activity", ev.last_activity);
    audit_evidence_day(out, "last_modified", ev.last_change);
    audit_evidence_int(out, "window_days", window);
    audit_fix_text(out, "check that %s is still there and still relevant: engage, or archive the contact", who);
  }
}

/* without LastModifiedDate every contact with no activity would read "no change on record" */
static const char *const stale_columns[] = {"Contact.LastModifiedDate", NULL};

const AuditCheck audit_check_contact_stale = {
  .id = "contact-stale",
  .title = "Contact with no activity and no change within the window",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .columns = stale_columns,
  .options = stale_opts,
  .options_size = sizeof(AuditStaleOptions),
  .rationale =
    "A contact nobody has called, met, mailed or even edited for a year is most likely out of date: the "
    "person may have moved on, and the record clutters every list and campaign. Last activity is the later of "
    "LastActivityDate and the newest Task or Event with this WhoId; a change is LastModifiedDate (else "
    "CreatedDate). Stale when both are older than window_days before as-of, or absent.",
  .fix = "Engage the contact or archive it.",
  .example = "Anna Vogel: no activity since 2025-03-02 and not changed since 2025-04-11 (window 365 days)",
  .run = stale_run,
};
