/* contact-personal-email: Contact with a personal mailbox email. */
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

/* a personal mailbox most contacts (or most of a segment's) have is the org's convention */
static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION(AuditConventionOptions), {0}};

static void personal_email_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditDomains *d = m->domains;
  for (guint r = 0; r < con->nrows; r++) {
    guint32 id = d->contact_email[r];
    if (id)
      audit_sink_looked_at(out, AUDIT_OBJ_CONTACT, r); /* the share of personal mailboxes is of the emails */
    if (audit_row_repeated(con, r) || !id || !(audit_domain_flags(d, id) & AUDIT_DOMAIN_PERSONAL))
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "email %s is at the personal mailbox provider %s",
               audit_text(con, r, CONTACT_EMAIL), audit_domain_name(d, id));
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", audit_text(con, r, CONTACT_EMAIL));
    audit_evidence_str(out, "domain", audit_domain_name(d, id));
    audit_fix_text(out, "ask %s for a business email address (keep the personal one in another field); until then "
                   "the account cannot be checked against the email", who);
  }
}

const AuditCheck audit_check_contact_personal_email = {
  .id = "contact-personal-email",
  .title = "Contact with a personal mailbox email",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .columns = email_columns,
  .rationale =
    "A personal mailbox (gmail.com, yahoo.co.uk, web.de, ...) says nothing about the company: the contact "
    "cannot be matched to an account by domain, leaves with the person's private life rather than the job, "
    "and is often not meant for business mail. The built-in list covers the big providers and their country "
    "variants; [audit] personal_domains extends it (+x.com) or replaces it.",
  .fix = "Ask for a business email address; keep the personal one elsewhere if it is needed.",
  .example = "email anna.vogel@gmail.com is at the personal mailbox provider gmail.com",
  .options = convention_opts,
  .options_size = sizeof(AuditConventionOptions),
  .run = personal_email_run,
};
