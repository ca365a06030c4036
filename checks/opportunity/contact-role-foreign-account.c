/* contact-role-foreign-account: Contact role held by a contact of another
 * account. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define R AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

/* Without an account on both sides these checks have nothing to compare:
 * skipped with the reason rather than stopping the run. */
static const char *const account_columns[] = {"Opportunity.AccountId", "Contact.AccountId", NULL};

static const char *const foreign_columns[] = {"OpportunityContactRole.OpportunityId",
                                              "OpportunityContactRole.ContactId", NULL};

static void foreign_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *accounts = &m->tables[AUDIT_OBJ_ACCOUNT];
  for (guint r = 0; r < roles->nrows; r++) {
    gint32 opp = audit_ref(roles, r, ROLE_OPPORTUNITY);
    gint32 c = audit_ref(roles, r, ROLE_CONTACT);
    if (opp < 0 || c < 0)
      continue;
    gint32 oa = audit_ref(opps, (guint)opp, OPPORTUNITY_ACCOUNT);
    gint32 ca = audit_ref(contacts, (guint)c, CONTACT_ACCOUNT);
    if (oa < 0 || ca < 0 || oa == ca)
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)c, buf, sizeof buf);
    const char *oname = audit_text(accounts, (guint)oa, ACCOUNT_NAME);
    const char *cname = audit_text(accounts, (guint)ca, ACCOUNT_NAME);
    gboolean hierarchy = audit_account_is_ancestor(m, oa, ca) || audit_account_is_ancestor(m, ca, oa);
    audit_emit(out, AUDIT_OBJ_CONTACT_ROLE, (gint32)r, NULL,
               "contact role of %s on opportunity '%s' (account %s) is held by a contact of %s account %s", who,
               audit_text(opps, (guint)opp, OPPORTUNITY_NAME), oname,
               hierarchy ? "a related (parent or child)" : "another", cname);
    audit_related(out, AUDIT_OBJ_OPPORTUNITY, opp);
    audit_related(out, AUDIT_OBJ_CONTACT, c);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "title", audit_text(contacts, (guint)c, CONTACT_TITLE));
    audit_evidence_str(out, "role", audit_text(roles, r, ROLE_ROLE));
    audit_evidence_str(out, "opportunity", audit_text(opps, (guint)opp, OPPORTUNITY_NAME));
    audit_evidence_str(out, "opportunity_account", oname);
    audit_evidence_str(out, "opportunity_account_id", audit_id(accounts, (guint)oa));
    audit_evidence_str(out, "contact_account", cname);
    audit_evidence_str(out, "contact_account_id", audit_id(accounts, (guint)ca));
    audit_evidence_bool(out, "same_hierarchy", hierarchy);
    if (hierarchy)
      audit_fix_text(out, "%s and %s are one hierarchy: keep the role if %s works on this deal from %s; "
                     "otherwise remove it", oname, cname, who, cname);
    else
      audit_fix_text(out, "if %s takes part as a partner or for %s, keep the role; if %s works for %s, move the "
                     "contact to that account; otherwise remove the role", who, cname, who, oname);
  }
}

const AuditCheck audit_check_contact_role_foreign_account = {
  .id = "contact-role-foreign-account",
  .title = "Contact role held by a contact of another account",
  .severity = AUDIT_SEV_INFO,
  .needs = A | C | O | R,
  .columns = foreign_columns,
  .rationale =
    "A contact role is normally held by someone of the opportunity's account. One held by a contact of "
    "another account is either a partner (a reseller, a consultant: fine, but worth knowing) or a contact "
    "filed under the wrong account, which hides the person from account work and domain matching. Contacts "
    "of a parent or child account are said so (same_hierarchy).",
  .fix = "Keep the role for a partner; move the contact to the opportunity's account when that is where the "
         "person works; otherwise remove the role.",
  .example = "contact role of Ana Ruiz on opportunity 'Bluepeak - expansion' (account Bluepeak Ltd) is held by "
             "a contact of another account Globex Corp",
  .wants = account_columns,
  .run = foreign_run,
};
