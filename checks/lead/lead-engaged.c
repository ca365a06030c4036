/* lead-engaged: Unconverted lead with recent engagement. */
#include "check.h"
#include "checks.h"
#include "lead-text.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)

static void engaged_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD], *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditLeadPlan *p = audit_lead_plan_shared(ctx);
  GString *cands = g_string_new(NULL);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    if (!v->engaged ||
        (v->outcome != AUDIT_LEAD_MATCHED && v->outcome != AUDIT_LEAD_AMBIGUOUS && v->outcome != AUDIT_LEAD_NEW &&
         v->outcome != AUDIT_LEAD_IS_CONTACT))
      continue;
    g_autofree char *label = checks_lead_label(m, r);
    char day[11];
    audit_day_format(v->last_activity, day);
    audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL,
               "lead %s is engaged: %u activit%s within %" G_GINT64_FORMAT " days, the last on %s", label, v->nactive,
               v->nactive == 1 ? "y" : "ies", p->window_days, day);
    audit_finding_kind(out, v->outcome);
    audit_evidence_day(out, "last_activity", v->last_activity);
    audit_evidence_int(out, "activities_in_window", v->nactive);
    gint32 into = audit_lead_merged_into(p, r);
    if (into >= 0) {
      audit_evidence_str(out, "merged_into", audit_id(t, (guint)into));
      audit_fix_text(out, "merge it into lead %s first (lead-duplicate's leads-to-merge.csv), then convert that one "
                     "now", audit_id(t, (guint)into));
    } else if (v->outcome == AUDIT_LEAD_IS_CONTACT) {
      char buf[256];
      const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)v->contact, buf, sizeof buf);
      audit_related(out, AUDIT_OBJ_CONTACT, v->contact);
      audit_evidence_str(out, "contact", who);
      audit_evidence_str(out, "conversion", "existing contact");
      audit_fix_text(out, "convert it now onto the existing contact '%s' (lead-is-contact's row in "
                     "leads-to-convert.csv)", who);
    } else if (v->outcome == AUDIT_LEAD_MATCHED) {
      const char *aname = audit_text(acc, (guint)v->account, ACCOUNT_NAME);
      audit_related(out, AUDIT_OBJ_ACCOUNT, v->account);
      audit_evidence_str(out, "account", aname);
      audit_evidence_str(out, "conversion", "existing account");
      audit_fix_text(out, "convert it now into a contact at '%s' (lead-matches-account's row in "
                     "leads-to-convert.csv)", aname);
    } else if (v->outcome == AUDIT_LEAD_AMBIGUOUS) {
      g_string_truncate(cands, 0);
      checks_lead_candidates_text(m, p, v, cands);
      audit_evidence_str(out, "conversion", "choose the account");
      audit_fix_text(out, "convert it now: choose the account among %s", cands->str);
    } else {
      audit_evidence_str(out, "conversion", "new account");
      audit_fix_text(out, "convert it now, with a new account for '%s'", audit_text(t, r, LEAD_COMPANY));
      audit_fix_action(out, "convert-lead");
      audit_fix_str(out, "LeadId", audit_id(t, r));
      audit_fix_str(out, "AccountId", "");
      audit_fix_str(out, "ConvertedStatus", p->converted_status);
    }
  }
  g_string_free(cands, TRUE);
}

static const AuditOption engaged_opts[] = {
  {"window_days", AUDIT_OPT_INT, "30", "days before as-of within which an activity counts", 1, 36500,
   AUDIT_OPTION_AT(AuditLeadEngagedOptions, window_days)},
  {0}};

const AuditCheck audit_check_lead_engaged = {
  .windowed = TRUE,
  .id = "lead-engaged",
  .title = "Unconverted lead with recent engagement",
  .severity = AUDIT_SEV_WARNING,
  .needs = L,
  .columns = audit_lead_unconverted_columns,
  .options = engaged_opts,
  .options_size = sizeof(AuditLeadEngagedOptions),
  .rationale =
    "A lead with a Task or Event (WhoId) within window_days of as-of is in a conversation: it should be a "
    "contact now, not after the migration. Convertible leads only: one that matches an account goes there "
    "(lead-matches-account), one that matches none gets a new account; spam, competitors, excluded and "
    "no-company leads are lead-riffraff's.",
  .fix = "Convert it now: to the matched account (lead-matches-account's fix row), else with a new account "
         "(a row in fixes/leads-to-convert.csv with a blank AccountId).",
  .example = "lead 'Ana Ruiz' (Bluepeak Foods) is engaged: 2 activities within 30 days, the last on 2026-11-12",
  .run = engaged_run,
  .options_of = audit_lead_plan_options_of,
};
