/* contact-orphan: Contact without an account in the export. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

static void orphan_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  if (!audit_has(con, CONTACT_ACCOUNT))
    return; /* an export without AccountId says nothing about accounts */
  for (guint r = 0; r < con->nrows; r++) {
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (audit_row_repeated(con, r) || a >= 0)
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    const char *acc_id = audit_text(con, r, CONTACT_ACCOUNT);
    if (a == AUDIT_REF_BLANK) {
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "contact %s has no account", who);
      audit_finding_rule(out, "no account");
      audit_evidence_str(out, "reason", "no AccountId");
    } else {
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL,
                 "contact %s belongs to account %s, which is not in the export (deleted, or not visible to the "
                 "exporting user)", who, acc_id);
      audit_finding_rule(out, "account not in the export");
      audit_evidence_str(out, "reason", "account not in the export");
      audit_evidence_str(out, "account_id", acc_id);
    }
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", audit_text(con, r, CONTACT_EMAIL));
    audit_fix_text(out, "put %s under the company they work for (contact-domain-outlier's domain matching helps), or "
                   "delete the contact if nobody needs it", who);
  }
}

static const char *const orphan_columns[] = {"Contact.AccountId", NULL};

static const AuditOption orphan_opts[] = {AUDIT_CONVENTION_OPTION(AuditConventionOptions), {0}};

const AuditCheck audit_check_contact_orphan = {
  .id = "contact-orphan",
  .title = "Contact without an account in the export",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | C,
  .columns = orphan_columns,
  .options = orphan_opts,
  .options_size = sizeof(AuditConventionOptions),
  .rationale =
    "A contact without an account is invisible to account work: it is in no account plan, no territory and "
    "no hierarchy, and in Salesforce a contact without an account is private to its owner. A contact whose "
    "AccountId is not in the export belongs to an account that was deleted or that the exporting user cannot "
    "see.",
  .fix = "Put the contact under its company's account (or delete it when nobody needs it). When most contacts "
         "have none (an org that keeps people without accounts, or an export of a few of the accounts), one "
         "finding says so instead (convention_share).",
  .convention_note = "the org keeps most contacts outside accounts (people of a consumer business, contacts "
                     "linked through AccountContactRelation), or the export holds few of their accounts",
  .convention_fix = "decide whether contacts belong under accounts in this org before filing them one by one; "
                    "if the accounts were left out of the export, export them too",
  .example = "contact Jonas Weber has no account",
  .run = orphan_run,
};
