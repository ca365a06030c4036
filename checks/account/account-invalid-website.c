/* account-invalid-website: Account website that is not a usable domain. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

static const char *const website_columns[] = {"Account.Website", NULL};
/* the format rules: a rule most accounts (or most of a segment's) break is the org's convention */
static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION(AuditConventionOptions), {0}};

static void invalid_website_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  char buf[512];
  for (guint r = 0; r < t->nrows; r++) {
    if (!audit_website_missing(audit_text(t, r, ACCOUNT_WEBSITE)))
      audit_sink_looked_at(out, AUDIT_OBJ_ACCOUNT, r);
    const char *why = audit_website_problem(m, r, buf, sizeof buf);
    if (!why)
      continue;
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "account '%s' has website '%s': %s",
               audit_text(t, r, ACCOUNT_NAME), audit_text(t, r, ACCOUNT_WEBSITE), why);
    audit_evidence_str(out, "website", audit_text(t, r, ACCOUNT_WEBSITE));
    audit_evidence_str(out, "problem", why);
    audit_fix_text(out, "replace it with the company's own website, e.g. https://www.example.com");
  }
}

const AuditCheck audit_check_account_invalid_website = {
  .id = "account-invalid-website",
  .title = "Account website that is not a usable domain",
  .severity = AUDIT_SEV_WARNING,
  .needs = A,
  .columns = website_columns,
  .rationale = "A website that is not a host name or URL (a company name, an email, text with spaces), or whose "
               "domain is a personal mailbox provider such as gmail.com, gives the account no domain or a wrong "
               "one: contacts and leads are matched to it wrongly.",
  .fix = "Replace it with the company's own website.",
  .example = "account 'Jane Smith Consulting' has website 'gmail.com': gmail.com is a personal mailbox provider, "
             "not the company's domain",
  .options = convention_opts,
  .options_size = sizeof(AuditConventionOptions),
  .run = invalid_website_run,
};
