/* contact-invalid-email: Contact email that is not a valid address. */
#include "check.h"
#include "checks.h"
#include "domain.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

/* Without these the email checks have nothing to judge: skipped with the reason, not "ran, 0 findings".
 * contact-riffraff still judges names without Email, so it declares none. */
static const char *const email_columns[] = {"Contact.Email", NULL};

static void invalid_email_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  for (guint r = 0; r < con->nrows; r++) {
    const char *email = audit_text(con, r, CONTACT_EMAIL);
    if (audit_row_repeated(con, r) || audit_is_blank(email) || m->domains->contact_email[r])
      continue; /* a registrable domain implies a valid syntax */
    char host[AUDIT_HOST_MAX];
    const char *why;
    if (audit_email_domain(email, host, &why))
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "email '%s' is not a valid address: %s", email, why);
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", email);
    audit_evidence_str(out, "reason", why);
    audit_fix_text(out, "correct the email of %s (or clear it): mail to it can never arrive", who);
  }
}

const AuditCheck audit_check_contact_invalid_email = {
  .id = "contact-invalid-email",
  .title = "Contact email that is not a valid address",
  .severity = AUDIT_SEV_WARNING,
  .needs = C,
  .columns = email_columns,
  .rationale =
    "Mail to an invalid address never arrives, and a broken address hides the company domain that matching "
    "and the other contact checks rely on. The syntax checked is the practical one, not RFC 5322 in full: "
    "exactly one @, something before it without a leading, trailing or doubled dot, no spaces, and a dotted "
    "domain of valid labels (not an IP address).",
  .fix = "Correct the address from a signature or the company's pattern, or clear it.",
  .example = "email 'anna.vogel@@northwind-logistics.de' is not a valid address: more than one @",
  .run = invalid_email_run,
};
