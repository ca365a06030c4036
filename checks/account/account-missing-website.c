/* account-missing-website: Account without a website. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

static const char *const website_columns[] = {"Account.Website", NULL};
/* the format rules: a rule most accounts (or most of a segment's) break is the org's convention */
static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION(AuditConventionOptions), {0}};

static void missing_website_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  for (guint r = 0; r < t->nrows; r++) {
    const char *w = audit_text(t, r, ACCOUNT_WEBSITE);
    if (!audit_website_missing(w))
      continue;
    if (audit_is_blank(w))
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "account '%s' has no website",
                 audit_text(t, r, ACCOUNT_NAME));
    else
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "account '%s' has a placeholder website '%s'",
                 audit_text(t, r, ACCOUNT_NAME), w);
    audit_evidence_str(out, "website", w);
    audit_fix_text(out, "set the company's website (its domain routes contacts and leads to this account)");
  }
}

const AuditCheck audit_check_account_missing_website = {
  .id = "account-missing-website",
  .title = "Account without a website",
  .severity = AUDIT_SEV_WARNING,
  .needs = A,
  .columns = website_columns,
  .rationale = "The website is the account's domain: matching contacts and leads to accounts, spotting contacts "
               "under the wrong account and finding duplicates all rest on it. Placeholders (n/a, none, -, null, "
               "www., http://, https://, test.com) count as missing.",
  .fix = "Set the company's website.",
  .example = "account 'Northwind Traders' has a placeholder website 'n/a'",
  .options = convention_opts,
  .options_size = sizeof(AuditConventionOptions),
  .run = missing_website_run,
};
