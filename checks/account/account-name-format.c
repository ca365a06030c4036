/* account-name-format: Account name badly formatted. */
#include "check.h"
#include "checks.h"
#include "domain.h"
#include "normalize.h"
#include "data.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

/* the format rules: a rule most accounts (or most of a segment's) break is the org's convention */
static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION(AuditConventionOptions), {0}};

/* The reasons a name is badly formatted, ", "-separated into out, and each
 * reason's rule (for the conventions) into rules; 0 when none. */
static guint name_problems(const char *name, GString *out, const char **rules)
{
  guint n = 0;
#define REASON(rule, s)                                                                                            \
  do {                                                                                                             \
    if (out->len)                                                                                                  \
      g_string_append(out, ", ");                                                                                  \
    g_string_append(out, s);                                                                                       \
    rules[n++] = rule;                                                                                             \
  } while (0)
  gsize len = strlen(name);
  if (len == 0)
    return 0; /* a blank name is record-invalid-value's business */
  if (g_ascii_isspace(name[0]) || g_ascii_isspace(name[len - 1]))
    REASON("leading or trailing spaces", "leading or trailing spaces");
  if (strstr(name, "  "))
    REASON("double spaces", "double spaces");
  guint upper = 0, lower = 0;
  for (const char *p = name; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    upper += g_unichar_isupper(c);
    lower += g_unichar_islower(c);
  }
  if (upper > 4 && lower == 0)
    REASON("all capitals", "all capitals");
  else if (lower > 4 && upper == 0)
    REASON("all lower case", "all lower case");
  const char *at = strchr(name, '@');
  if (at && strchr(at, '.'))
    REASON("an email address as the name", "an email address as the name");
  else {
    char host[AUDIT_HOST_MAX];
    gboolean url = g_str_has_prefix(name, "http://") || g_str_has_prefix(name, "https://") ||
                   g_ascii_strncasecmp(name, "www.", 4) == 0;
    if (!url && !strchr(name, ' ') && strchr(name, '.') && audit_website_host(name, host, NULL)) {
      /* one word with a dot under a real public suffix: acme.com */
      const char *reg = audit_registrable_domain(host);
      url = reg != NULL && strchr(reg, '.') != NULL;
    }
    if (url)
      REASON("a web address as the name", "a web address as the name");
  }
  GString *folded = g_string_new(" ");
  audit_fold_text(name, folded);
  for (gsize i = 0; i < folded->len; i++) /* letters of Cyrillic, Arabic, ... are kept */
    if (!g_ascii_isalnum(folded->str[i]) && (guchar)folded->str[i] < 0x80)
      folded->str[i] = ' ';
  g_string_append_c(folded, ' ');
  const char *const *test_words = audit_data(AUDIT_DATA_ACCOUNT_TEST_WORDS); /* data/account-test-words.txt */
  for (guint i = 0; test_words[i]; i++) {
    g_autofree char *w = g_strdup_printf(" %s ", test_words[i]);
    if (strstr(folded->str, w)) {
      g_autofree char *r = g_strdup_printf("a test or placeholder name ('%s')", test_words[i]);
      REASON("a test or placeholder name", r);
      break;
    }
  }
  g_string_free(folded, TRUE);
#undef REASON
  return n;
}

static void name_format_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditTable *t = &ctx->model->tables[AUDIT_OBJ_ACCOUNT];
  GString *why = g_string_new(NULL);
  const char *rules[8];
  for (guint r = 0; r < t->nrows; r++) {
    g_string_truncate(why, 0);
    const char *name = audit_text(t, r, ACCOUNT_NAME);
    if (*name)
      audit_sink_looked_at(out, AUDIT_OBJ_ACCOUNT, r);
    guint n = name_problems(name, why, rules);
    if (!n)
      continue;
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "account name '%s': %s", name, why->str);
    for (guint k = 0; k < n; k++)
      audit_finding_rule(out, rules[k]);
    audit_evidence_str(out, "name", name);
    audit_evidence_str(out, "problems", why->str);
    audit_fix_text(out, "write the company's name as the company writes it (trimmed, in its own capitals)%s",
                   strstr(why->str, "test") ? "; delete the record if it is a test" : "");
  }
  g_string_free(why, TRUE);
}

/* No columns nor wants: Name is required by the loader. */
const AuditCheck audit_check_account_name_format = {
  .id = "account-name-format",
  .title = "Account name badly formatted",
  .severity = AUDIT_SEV_INFO,
  .needs = A,
  .rationale = "Badly formatted names hide duplicates, break sorting and look careless in every report, quote and "
               "email merge: leading, trailing or double spaces, ALL CAPITALS or all lower case (beyond 4 letters; "
               "IBM is fine), an email address or web address typed as the name, and test, dummy or do-not-use "
               "records. Each of these is a rule of its own: one that most accounts break (coded store names in "
               "capitals, say) is the org's convention, reported once (convention_share).",
  .fix = "Write the name as the company writes it; delete test records.",
  .example = "account name 'ACME  HOLDINGS': double spaces, all capitals",
  .options = convention_opts,
  .options_size = sizeof(AuditConventionOptions),
  .run = name_format_run,
};
