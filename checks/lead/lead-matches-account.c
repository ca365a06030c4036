/* lead-matches-account: Unconverted lead that matches an existing account. */
#include "check.h"
#include "checks.h"
#include "domain.h"
#include "contact-rules.h"
#include "lead-text.h"
#include "match.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)

static const char *signal_key(guint8 s)
{
  return s == AUDIT_LEAD_BY_EMAIL ? "email-domain" : s == AUDIT_LEAD_BY_WEBSITE ? "website-domain" : "company-name";
}

/* How the lead meets the accounts, in words. */
static void signal_text(const AuditModel *m, const AuditLeadVerdict *v, guint r, GString *out)
{
  const AuditDomains *d = m->domains;
  char label[256];
  if (v->signal != AUDIT_LEAD_BY_NAME && v->family_domain)
    g_string_append_printf(out, "%s domain %s and the account's website domain %s are one company's: the same name "
                           "'%s' under another public suffix", v->signal == AUDIT_LEAD_BY_EMAIL ? "business email"
                                                                                               : "website",
                           audit_domain_name(d, v->domain), audit_domain_name(d, v->family_domain),
                           audit_domain_family_label(d, v->domain, label, sizeof label));
  else if (v->signal == AUDIT_LEAD_BY_EMAIL)
    g_string_append_printf(out, "business email domain %s is the account's website domain",
                           audit_domain_name(d, v->domain));
  else if (v->signal == AUDIT_LEAD_BY_WEBSITE)
    g_string_append_printf(out, "website domain %s is the account's", audit_domain_name(d, v->domain));
  else {
    g_string_append_printf(out, "company '%s' and the account's name: %s; same ",
                           audit_text(&m->tables[AUDIT_OBJ_LEAD], r, LEAD_COMPANY), v->rule);
    audit_match_signals_text(v->support, out);
  }
}

static void matches_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD], *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditLeadPlan *p = audit_lead_plan_shared(ctx);
  GString *sig = g_string_new(NULL), *cands = g_string_new(NULL);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    if (v->outcome != AUDIT_LEAD_MATCHED && v->outcome != AUDIT_LEAD_AMBIGUOUS)
      continue;
    g_autofree char *label = checks_lead_label(m, r);
    g_string_truncate(sig, 0);
    signal_text(m, v, r, sig);
    g_string_truncate(cands, 0);
    checks_lead_candidates_text(m, p, v, cands);
    if (v->outcome == AUDIT_LEAD_AMBIGUOUS) {
      audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL, "lead %s matches %u unrelated accounts (%s): %s", label,
                 v->ncand, sig->str, cands->str);
      audit_finding_kind(out, AUDIT_LEAD_AMBIGUOUS);
      for (guint i = 0; i < v->ncand; i++)
        audit_related(out, AUDIT_OBJ_ACCOUNT, (gint32)g_array_index(p->cands, guint32, v->cand_start + i));
      audit_evidence_str(out, "signal", signal_key(v->signal));
      audit_evidence_str(out, "match", sig->str);
      audit_evidence_str(out, "candidates", cands->str);
      audit_fix_text(out, "choose the account among %s and convert the lead there (or merge the accounts first, "
                     "if they are one company)", cands->str);
      continue;
    }
    const char *aname = audit_text(acc, (guint)v->account, ACCOUNT_NAME);
    if (v->top_parent)
      audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL,
                 "lead %s belongs to account '%s', the top parent of the %u matching accounts of one hierarchy "
                 "(%s): %s", label, aname, v->ncand, cands->str, sig->str);
    else
      audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL, "lead %s belongs to account '%s': %s", label, aname, sig->str);
    audit_finding_kind(out, AUDIT_LEAD_MATCHED);
    audit_related(out, AUDIT_OBJ_ACCOUNT, v->account);
    for (guint i = 0; i < v->ncand; i++) {
      guint32 c = g_array_index(p->cands, guint32, v->cand_start + i);
      if ((gint32)c != v->account)
        audit_related(out, AUDIT_OBJ_ACCOUNT, (gint32)c);
    }
    audit_evidence_str(out, "signal", signal_key(v->signal));
    audit_evidence_str(out, "match", sig->str);
    if (v->family_domain) {
      audit_evidence_str(out, "domain_rule", "same-name-other-suffix");
      audit_evidence_str(out, "account_domain", audit_domain_name(m->domains, v->family_domain));
    }
    audit_evidence_str(out, "account", aname);
    if (v->top_parent) {
      audit_evidence_bool(out, "top_parent", TRUE);
      audit_evidence_str(out, "candidates", cands->str);
    }
    if (v->placeholder_email)
      audit_evidence_bool(out, "placeholder_email", TRUE);
    g_autofree char *merged = NULL;
    if (v->account_merged >= 0) {
      const char *from = audit_text(acc, (guint)v->account_merged, ACCOUNT_NAME);
      audit_evidence_str(out, "account_merged_away", from);
      merged = g_strdup_printf(" (the master of its duplicate group: the lead matches '%s' (%s), which "
                               "accounts-to-merge.csv merges into it)", from, audit_id(acc, (guint)v->account_merged));
    }
    gint32 into = audit_lead_merged_into(p, r);
    if (into >= 0) {
      audit_evidence_str(out, "merged_into", audit_id(t, (guint)into));
      audit_fix_text(out, "none for this lead: leads-to-merge.csv merges it into lead %s (lead-duplicate), which "
                     "is converted instead", audit_id(t, (guint)into));
      continue;
    }
    audit_fix_text(out, "convert the lead into a contact at '%s'%s%s%s", aname, merged ? merged : "",
                   v->top_parent ? " (the hierarchy's top parent: move the contact to a subsidiary if it works there)"
                                 : "",
                   v->placeholder_email ? "; placeholder email: find the real address" : "");
    audit_fix_action(out, "convert-lead");
    audit_fix_str(out, "LeadId", audit_id(t, r));
    audit_fix_str(out, "AccountId", audit_id(acc, (guint)v->account));
    audit_fix_str(out, "ConvertedStatus", p->converted_status);
  }
  g_string_free(sig, TRUE);
  g_string_free(cands, TRUE);
}

static const AuditOption matches_opts[] = {
  {"converted_status", AUDIT_OPT_STRING, "Qualified", "the lead status a conversion sets (leads-to-convert.csv)", 0, 0,
   AUDIT_OPTION_AT(AuditLeadMatchesOptions, converted_status)},
  {0}};

const AuditCheck audit_check_lead_matches_account = {
  .id = "lead-matches-account",
  .title = "Unconverted lead that matches an existing account",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | L,
  .columns = audit_lead_unconverted_columns,
  .options = matches_opts,
  .options_size = sizeof(AuditLeadMatchesOptions),
  .rationale =
    "In a contacts-only CRM a lead of a company that is already an account becomes a contact there. The "
    "account is found as lead-routing tools find it, by the strongest signal first: the lead's business email "
    "domain equal to an account's website domain (or, when no account has it, to one of the same name under "
    "another public suffix: acme.com.ec for acme.com, unless the export has them on unrelated accounts, both are "
    "national domains such as acme.se and acme.co.jp, or the account is in another country than the lead), else its Website's domain, else its company name equal or "
    "close (the same words, one letter apart) to an account's normalized name with one more signal agreeing "
    "(city, phone or postal code) and no other country. Several matching accounts of one hierarchy: the top "
    "parent (the rule of thumb for subsidiaries); several unrelated ones: no choice is made and the candidates "
    "are named. Leads that are spam, a competitor's or excluded in [audit] exclude are lead-riffraff's.",
  .fix = "Convert the lead into a contact of that account (fixes/leads-to-convert.csv: LeadId, AccountId, "
         "ConvertedStatus from converted_status; the master of its group where accounts-to-merge.csv merges that "
         "account away). Ambiguous matches have no fix row: choose the account. A lead that lead-duplicate merges "
         "into another has no row: its master is converted.",
  .example = "lead 'Anna Vogel' (Northwind) belongs to account 'Northwind Logistics GmbH': business email domain "
             "northwind-logistics.de is the account's website domain",
  .run = matches_run,
  .options_of = audit_lead_plan_options_of,
};
