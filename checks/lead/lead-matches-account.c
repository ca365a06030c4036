/* The lead checks for a move to a contacts-only CRM: lead-matches-account,
 * lead-riffraff, lead-engaged. Each lead's outcome comes from lead-rules.c. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "contact-rules.h"
#include "domain.h"
#include "lead-rules.h"
#include "match.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)

static const char *lead_who(const AuditModel *m, guint r, char *buf, gsize len)
{
  return audit_record_name(m, AUDIT_OBJ_LEAD, r, buf, len);
}

/* "'Anna Vogel' (Northwind)" or "'Anna Vogel'" */
static char *lead_label(const AuditModel *m, guint r)
{
  char buf[256];
  const char *who = lead_who(m, r, buf, sizeof buf);
  const char *company = audit_text(&m->tables[AUDIT_OBJ_LEAD], r, LEAD_COMPANY);
  return audit_is_blank(company) ? g_strdup_printf("'%s'", who) : g_strdup_printf("'%s' (%s)", who, company);
}

static const char *signal_key(guint8 s)
{
  return s == AUDIT_LEAD_BY_EMAIL ? "email-domain" : s == AUDIT_LEAD_BY_WEBSITE ? "website-domain" : "company-name";
}

/* How the lead meets the accounts, in words. */
static void signal_text(const AuditModel *m, const AuditLeadVerdict *v, guint r, GString *out)
{
  const AuditDomains *d = m->domains;
  if (v->signal == AUDIT_LEAD_BY_EMAIL)
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

static void candidates_text(const AuditModel *m, const AuditLeadPlan *p, const AuditLeadVerdict *v, GString *out)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  for (guint i = 0; i < v->ncand; i++) {
    guint32 a = g_array_index(p->cands, guint32, v->cand_start + i);
    g_string_append_printf(out, "%s'%s' (%s)", i ? ", " : "", audit_text(acc, a, ACCOUNT_NAME), audit_id(acc, a));
  }
}

/* ---- lead-matches-account ---- */

static void matches_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD], *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  AuditLeadPlan *p = audit_lead_plan_acquire(ctx);
  GString *sig = g_string_new(NULL), *cands = g_string_new(NULL);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    if (v->outcome != AUDIT_LEAD_MATCHED && v->outcome != AUDIT_LEAD_AMBIGUOUS)
      continue;
    g_autofree char *label = lead_label(m, r);
    g_string_truncate(sig, 0);
    signal_text(m, v, r, sig);
    g_string_truncate(cands, 0);
    candidates_text(m, p, v, cands);
    if (v->outcome == AUDIT_LEAD_AMBIGUOUS) {
      audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL, "lead %s matches %u unrelated accounts (%s): %s", label,
                 v->ncand, sig->str, cands->str);
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
    audit_related(out, AUDIT_OBJ_ACCOUNT, v->account);
    for (guint i = 0; i < v->ncand; i++) {
      guint32 c = g_array_index(p->cands, guint32, v->cand_start + i);
      if ((gint32)c != v->account)
        audit_related(out, AUDIT_OBJ_ACCOUNT, (gint32)c);
    }
    audit_evidence_str(out, "signal", signal_key(v->signal));
    audit_evidence_str(out, "match", sig->str);
    audit_evidence_str(out, "account", aname);
    if (v->top_parent) {
      audit_evidence_bool(out, "top_parent", TRUE);
      audit_evidence_str(out, "candidates", cands->str);
    }
    if (v->placeholder_email)
      audit_evidence_bool(out, "placeholder_email", TRUE);
    audit_fix_text(out, "convert the lead into a contact at '%s'%s%s", aname,
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
  audit_lead_plan_release(p);
}

static const AuditOption matches_opts[] = {
  {"converted_status", AUDIT_OPT_STRING, "Qualified", "the lead status a conversion sets (leads-to-convert.csv)", 0, 0},
  {0}};

/* "unconverted": without IsConverted every converted lead would be judged again (and match its own
 * account); without Company every lead that matches no account would be "no company" */
static const char *const converted_columns[] = {"Lead.IsConverted", NULL};
static const char *const riffraff_columns[] = {"Lead.IsConverted", "Lead.Company", NULL};

const AuditCheck audit_check_lead_matches_account = {
  .id = "lead-matches-account",
  .title = "Unconverted lead that matches an existing account",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | L,
  .columns = converted_columns,
  .options = matches_opts,
  .rationale =
    "In a contacts-only CRM a lead of a company that is already an account becomes a contact there. The "
    "account is found as lead-routing tools find it, by the strongest signal first: the lead's business email "
    "domain equal to an account's website domain, else its Website's domain, else its company name equal or "
    "close (the same words, one letter apart) to an account's normalized name with one more signal agreeing "
    "(city, phone or postal code) and no other country. Several matching accounts of one hierarchy: the top "
    "parent (the rule of thumb for subsidiaries); several unrelated ones: no choice is made and the candidates "
    "are named. Leads that are spam, a competitor's or excluded in [audit] exclude are lead-riffraff's.",
  .fix = "Convert the lead into a contact of that account (fixes/leads-to-convert.csv: LeadId, AccountId, "
         "ConvertedStatus from converted_status). Ambiguous matches have no fix row: choose the account.",
  .example = "lead 'Anna Vogel' (Northwind) belongs to account 'Northwind Logistics GmbH': business email domain "
             "northwind-logistics.de is the account's website domain",
  .run = matches_run,
};

/* ---- lead-riffraff ---- */

static void riffraff_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  const AuditDomains *d = m->domains;
  AuditLeadPlan *p = audit_lead_plan_acquire(ctx);
  GString *why = g_string_new(NULL);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    const char *cls = audit_lead_class(v->outcome);
    if (!cls)
      continue;
    char buf[256];
    const char *who = lead_who(m, r, buf, sizeof buf);
    g_autofree char *label = lead_label(m, r);
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
  audit_lead_plan_release(p);
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
};

/* ---- lead-engaged ---- */

static void engaged_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD], *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  AuditLeadPlan *p = audit_lead_plan_acquire(ctx);
  GString *cands = g_string_new(NULL);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    if (!v->engaged ||
        (v->outcome != AUDIT_LEAD_MATCHED && v->outcome != AUDIT_LEAD_AMBIGUOUS && v->outcome != AUDIT_LEAD_NEW))
      continue;
    g_autofree char *label = lead_label(m, r);
    char day[11];
    audit_day_format(v->last_activity, day);
    audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL,
               "lead %s is engaged: %u activit%s within %" G_GINT64_FORMAT " days, the last on %s", label, v->nactive,
               v->nactive == 1 ? "y" : "ies", p->window_days, day);
    audit_evidence_day(out, "last_activity", v->last_activity);
    audit_evidence_int(out, "activities_in_window", v->nactive);
    if (v->outcome == AUDIT_LEAD_MATCHED) {
      const char *aname = audit_text(acc, (guint)v->account, ACCOUNT_NAME);
      audit_related(out, AUDIT_OBJ_ACCOUNT, v->account);
      audit_evidence_str(out, "account", aname);
      audit_evidence_str(out, "conversion", "existing account");
      audit_fix_text(out, "convert it now into a contact at '%s' (lead-matches-account's row in "
                     "leads-to-convert.csv)", aname);
    } else if (v->outcome == AUDIT_LEAD_AMBIGUOUS) {
      g_string_truncate(cands, 0);
      candidates_text(m, p, v, cands);
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
  audit_lead_plan_release(p);
}

static const AuditOption engaged_opts[] = {
  {"window_days", AUDIT_OPT_INT, "30", "days before as-of within which an activity counts", 1, 36500},
  {0}};

const AuditCheck audit_check_lead_engaged = {
  .windowed = TRUE,
  .id = "lead-engaged",
  .title = "Unconverted lead with recent engagement",
  .severity = AUDIT_SEV_WARNING,
  .needs = L,
  .columns = converted_columns,
  .options = engaged_opts,
  .rationale =
    "A lead with a Task or Event (WhoId) within window_days of as-of is in a conversation: it should be a "
    "contact now, not after the migration. Convertible leads only: one that matches an account goes there "
    "(lead-matches-account), one that matches none gets a new account; spam, competitors, excluded and "
    "no-company leads are lead-riffraff's.",
  .fix = "Convert it now: to the matched account (lead-matches-account's fix row), else with a new account "
         "(a row in fixes/leads-to-convert.csv with a blank AccountId).",
  .example = "lead 'Ana Ruiz' (Bluepeak Foods) is engaged: 2 activities within 30 days, the last on 2026-11-12",
  .run = engaged_run,
};
