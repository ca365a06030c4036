/* lead-is-contact: Unconverted lead that is already a contact. */
#include "check.h"
#include "checks.h"
#include "domain.h"
#include "lead-text.h"
#include "normalize.h"

#include <string.h>

#define L AUDIT_BIT(AUDIT_OBJ_LEAD)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

static void is_contact_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD], *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditLeadPlan *p = audit_lead_plan_shared(ctx);
  for (guint r = 0; r < p->n; r++) {
    const AuditLeadVerdict *v = &p->v[r];
    if (v->outcome != AUDIT_LEAD_IS_CONTACT)
      continue;
    g_autofree char *label = checks_lead_label(m, r);
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)v->contact, buf, sizeof buf);
    const char *aname = v->account >= 0 ? audit_text(acc, (guint)v->account, ACCOUNT_NAME) : NULL;
    g_autofree char *at = aname ? g_strdup_printf(" at account '%s'", aname) : g_strdup(" (without an account)");
    g_autofree char *how = NULL;
    g_autofree char *shared = v->contacts_sharing > 1
                                ? g_strdup_printf(" (%u contacts have it: the first is named)", v->contacts_sharing)
                                : g_strdup("");
    if (v->contact_signal == AUDIT_LEAD_CONTACT_BY_EMAIL)
      how = g_strdup_printf("the same email %s%s", audit_text(con, (guint)v->contact, CONTACT_EMAIL), shared);
    else if (v->contact_signal == AUDIT_LEAD_CONTACT_BY_PHONE)
      how = g_strdup_printf("the same name and phone %s%s", audit_text(t, r, LEAD_PHONE), shared);
    else
      how = g_strdup_printf("the same name, at an account its company '%s' matches (lead-matches-account's rule)",
                            audit_text(t, r, LEAD_COMPANY));
    audit_emit(out, AUDIT_OBJ_LEAD, (gint32)r, NULL, "lead %s is already contact '%s' (%s)%s: %s", label, who,
               audit_id(con, (guint)v->contact), at, how);
    audit_related(out, AUDIT_OBJ_CONTACT, v->contact);
    if (v->account >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, v->account);
    static const char *const signal[] = {"", "email", "name-and-phone", "name-at-account"};
    audit_evidence_str(out, "signal", signal[v->contact_signal]);
    audit_evidence_str(out, "match", how);
    audit_evidence_str(out, "contact", who);
    if (aname)
      audit_evidence_str(out, "account", aname);
    if (v->engaged)
      audit_evidence_bool(out, "engaged", TRUE);
    if (v->account_merged >= 0)
      audit_evidence_str(out, "account_merged_away", audit_text(acc, (guint)v->account_merged, ACCOUNT_NAME));
    gint32 into = audit_lead_merged_into(p, r);
    if (into >= 0) {
      audit_evidence_str(out, "merged_into", audit_id(t, (guint)into));
      audit_fix_text(out, "none for this lead: leads-to-merge.csv merges it into lead %s (lead-duplicate), which "
                     "is converted instead", audit_id(t, (guint)into));
      continue;
    }
    if (v->account_merged >= 0)
      audit_fix_text(out, "convert the lead onto the existing contact '%s'%s (no new contact, no new account): its "
                     "history joins the contact's; '%s' (%s) is merged into it first (accounts-to-merge.csv)", who, at,
                     audit_text(acc, (guint)v->account_merged, ACCOUNT_NAME), audit_id(acc, (guint)v->account_merged));
    else
      audit_fix_text(out, "convert the lead onto the existing contact '%s'%s (no new contact, no new account): its "
                     "history joins the contact's", who, at);
    audit_fix_action(out, "convert-lead");
    audit_fix_str(out, "LeadId", audit_id(t, r));
    audit_fix_str(out, "ContactId", audit_id(con, (guint)v->contact));
    audit_fix_str(out, "AccountId", v->account >= 0 ? audit_id(acc, (guint)v->account) : "");
    audit_fix_str(out, "ConvertedStatus", p->converted_status);
  }
}

static const AuditOption is_contact_opts[] = {
  {"match_by_name", AUDIT_OPT_BOOL, "true",
   "when no contact has the lead's email, also a contact of the same name and phone, else of the same name at an "
   "account the lead's company matches (lead-matches-account's rule)",
   0, 0, AUDIT_OPTION_AT(AuditLeadIsContactOptions, match_by_name)},
  {0}};

const AuditCheck audit_check_lead_is_contact = {
  .id = "lead-is-contact",
  .title = "Unconverted lead that is already a contact",
  .severity = AUDIT_SEV_WARNING,
  .needs = L | C,
  .columns = audit_lead_unconverted_columns,
  .options = is_contact_opts,
  .options_size = sizeof(AuditLeadIsContactOptions),
  .rationale =
    "In a move to a contacts-only CRM a lead that is already a contact must not become a second contact: it is "
    "converted onto the contact it is. A lead is a contact when a contact has its email (trimmed, lower-cased; "
    "a valid address, not a placeholder such as xxx@xxx.com); else (match_by_name) when a contact has the same "
    "full name (case, accents and punctuation folded) and phone number (digits), else when a contact of the "
    "same full name is at an account the lead's company matches by "
    "lead-matches-account's rule (business email or website domain, else the company's name with a second "
    "signal). Spam and competitors' leads stay lead-riffraff's; the others are this check's alone: "
    "lead-matches-account and lead-riffraff do not report them again.",
  .fix = "Convert the lead onto that contact (fixes/leads-to-convert.csv: LeadId, ContactId, AccountId, "
         "ConvertedStatus, as the API's convertLead() takes them: the contact's account, no new records; the master "
         "of its group where accounts-to-merge.csv merges that account away). A lead that lead-duplicate merges "
         "into another has no row: its master is converted.",
  .example = "lead 'Joe Szyslak' (Moe's Bar) is already contact 'Joe Szyslak' (003Nq00000MXh2C) at account "
             "'Moe's Bar': the same email j.szyslak@itsjustademo.com",
  .run = is_contact_run,
  .options_of = audit_lead_plan_options_of,
};
