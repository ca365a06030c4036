/* lead-riffraff: Unconverted lead that cannot be converted. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "lead-text.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)

/* "unconverted": without IsConverted every converted lead would be judged again (and match its own
 * account); without Company every lead that matches no account would be "no company" */
static const char *const riffraff_columns[] = {"Lead.IsConverted", "Lead.Company", NULL};

static void riffraff_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  const AuditDomains *d = m->domains;
  const AuditLeadPlan *p = audit_lead_plan_shared(ctx);
  GString *why = g_string_new(NULL);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    const char *cls = audit_lead_class(v->outcome);
    if (!cls)
      continue;
    char buf[256];
    const char *who = checks_lead_who(m, r, buf, sizeof buf);
    g_autofree char *label = checks_lead_label(m, r);
    const char *email = audit_text(t, r, LEAD_EMAIL), *company = audit_text(t, r, LEAD_COMPANY);
    guint32 e = d->lead_email[r], w = d->lead_website[r];
    g_string_truncate(why, 0);
    const char *treatment = NULL;
    switch (v->outcome) {
    case AUDIT_LEAD_COMPETITOR: {
      guint32 dom = e && (audit_domain_flags(d, e) & AUDIT_DOMAIN_COMPETITOR) ? e : w;
      g_string_printf(why, "%s domain %s is a competitor's", dom == e ? "email" : "website", audit_domain_name(d, dom));
      treatment = "tag and keep";
      break;
    }
    case AUDIT_LEAD_SPAM: {
      char folded[256];
      audit_person_fold_name(m, AUDIT_OBJ_LEAD, r, folded, sizeof folded);
      audit_spam_reasons(d, e, email, folded, who, why);
      treatment = "purge";
      break;
    }
    case AUDIT_LEAD_EXCLUDED:
      g_string_printf(why, "%s is %s ([audit] exclude)", p->exclude_field[v->exclude],
                      audit_cell(t, r, p->exclude_col[v->exclude]));
      treatment = "keep as lead";
      break;
    case AUDIT_LEAD_NO_COMPANY:
      g_string_printf(why, "%s and %s", e ? "a personal email" : "no email",
                      audit_is_blank(company) ? "a blank company" : "a placeholder company");
      if (!audit_is_blank(company))
        g_string_append_printf(why, " '%s'", company);
      treatment = "keep as lead until the company is known";
      break;
    default:
      g_string_assign(why, "no existing account matches and no activity in the window");
      treatment = "review quarterly";
      break;
    }
    gboolean placeholder = v->placeholder_email && v->outcome != AUDIT_LEAD_SPAM;
    if (placeholder) {
      /* not spam for it (xxx@xxx.com on a General Manager): the lead needs its real address */
      GString *ph = g_string_new(NULL);
      audit_placeholder_email(m, AUDIT_OBJ_LEAD, r, ph);
      g_string_append_printf(why, "; placeholder email %s (%s): find the real address", email, ph->str);
      g_string_free(ph, TRUE);
    }
    audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL, "lead %s: %s: %s", label, cls, why->str);
    audit_finding_kind(out, v->outcome);
    audit_evidence_str(out, "class", cls);
    audit_evidence_str(out, "reasons", why->str);
    audit_evidence_str(out, "lead", who);
    audit_evidence_str(out, "company", company);
    audit_evidence_str(out, "email", email);
    audit_evidence_str(out, "treatment", treatment);
    if (placeholder)
      audit_evidence_bool(out, "placeholder_email", TRUE);
    const char *ph = placeholder ? "; placeholder email: find the real address" : "";
    switch (v->outcome) {
    case AUDIT_LEAD_COMPETITOR:
      audit_fix_text(out, "tag %s as a competitor's person and keep the lead (never delete: the history matters); "
                     "leave it out of the migration and of campaigns%s", who, ph);
      break;
    case AUDIT_LEAD_SPAM:
      audit_fix_text(out, "purge %s: not a real person (%s)", who, why->str);
      audit_fix_action(out, "delete-lead");
      audit_fix_str(out, "Id", audit_id(t, r));
      break;
    case AUDIT_LEAD_EXCLUDED:
      audit_fix_text(out, "keep %s as a lead, never converted nor sold to (%s)", who, why->str);
      break;
    case AUDIT_LEAD_NO_COMPANY:
      audit_fix_text(out, "keep %s as a lead until the company is known; convert it then%s", who, ph);
      break;
    default:
      audit_fix_text(out, "keep %s as a lead and review it quarterly: convert it with a new account when it "
                     "engages, purge it when it goes stale%s", who, ph);
      break;
    }
  }
  g_string_free(why, TRUE);
}

const AuditCheck audit_check_lead_riffraff = {
  .id = "lead-riffraff",
  .title = "Unconverted lead that cannot be converted",
  .severity = AUDIT_SEV_INFO,
  .needs = L,
  .columns = riffraff_columns,
  .unavailable = audit_lead_exclude_unavailable,
  .rationale =
    "Before a move to a contacts-only CRM every lead needs a treatment. A lead that matches no account and has "
    "not engaged recently is classified in evidence.class, the first that applies: competitor (email or "
    "website domain in [audit] competitors: tag and keep, never delete), spam (contact-riffraff's rule: "
    "placeholder or keyboard-mash names, disposable email domains: purge; a placeholder email alone, such as "
    "xxx@xxx.com, an example.com or test@ address, is not spam: the message says to find the real address), "
    "excluded (a field value listed in [audit] exclude, such as Country=North Korea or Industry=Student: keep "
    "as lead), no-company (a personal or no email and a blank or placeholder Company such as n/a, -, self, "
    "none: keep as lead until the company is known), grey (everything else: review quarterly).",
  .fix = "By class: spam is purged (fixes/delete-lead.csv lists the Ids); the others stay leads: competitors "
         "tagged, excluded ones never converted, no-company ones until the company is known, grey ones "
         "reviewed quarterly.",
  .example = "lead 'Test Test' (n/a): spam: placeholder name 'Test Test'; placeholder email domain example.com",
  .run = riffraff_run,
  .options_of = audit_lead_plan_options_of,
};
