/* Account checks besides duplicates: account-missing-website,
 * account-invalid-website, account-missing-address, account-name-format,
 * account-hierarchy, account-new-review, account-stagnant. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "domain.h"
#include "findings.h"
#include "normalize.h"
#include "registry.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

static const char *const website_columns[] = {"Account.Website", NULL};
/* the format rules: a rule most accounts (or most of a segment's) break is the org's convention */
static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION, {0}};

/* ---- websites ---- */

/* Placeholders people type when they do not know the website. */
static const char *const website_placeholders[] = {
  "n/a", "na", "n.a.", "none", "null", "nil", "-", "--", ".", "x", "tbd", "tba", "unknown", "not available",
  "no website", "www", "www.", "http://", "https://", "http://www.", "https://www.", "test.com", "website",
  NULL};

/* Is the website blank or a placeholder (one of these, or words for "no
 * value" of any language: N/E, sin sitio web, unbekannt, неизвестно, ...)? */
gboolean audit_website_missing(const char *website)
{
  if (audit_is_blank(website))
    return TRUE;
  g_autofree char *v = g_ascii_strdown(website, -1);
  g_strstrip(v);
  if (g_strv_contains(website_placeholders, v))
    return TRUE;
  g_autofree char *folded = audit_fold_name(website);
  return audit_placeholder_text(folded, NULL, NULL);
}

/* Why a (non-missing) website is not a usable company domain, NULL when it is. */
const char *audit_website_problem(const AuditModel *m, guint row, char *buf, gsize len)
{
  const char *website = audit_text(&m->tables[AUDIT_OBJ_ACCOUNT], row, ACCOUNT_WEBSITE);
  if (audit_website_missing(website))
    return NULL;
  char host[AUDIT_HOST_MAX];
  const char *why;
  if (!audit_website_host(website, host, &why)) {
    g_snprintf(buf, len, "it is not a host name or URL (%s)", why);
    return buf;
  }
  const AuditDomains *d = m->domains;
  guint32 id = d->account_website[row];
  if (!id) {
    g_snprintf(buf, len, "%s is a public suffix, not a domain", host);
    return buf;
  }
  guint f = audit_domain_flags(d, id);
  const char *dom = audit_domain_name(d, id);
  if (f & AUDIT_DOMAIN_PERSONAL)
    g_snprintf(buf, len, "%s is a personal mailbox provider, not the company's domain", dom);
  else if (f & AUDIT_DOMAIN_DISPOSABLE)
    g_snprintf(buf, len, "%s is a disposable-mail domain", dom);
  else if (f & AUDIT_DOMAIN_PLACEHOLDER)
    g_snprintf(buf, len, "%s is a placeholder domain", dom);
  else
    return NULL;
  return buf;
}

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
  .run = missing_website_run,
};

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
  .run = invalid_website_run,
};

/* ---- address ---- */

static const AuditOption address_opts[] = {
  {"required", AUDIT_OPT_LIST, "BillingCountry;BillingCity", "billing fields that must not be blank"},
  {0}};

/* The required fields this account has blank, appended to out (", "-separated). */
static guint missing_address(const AuditContext *ctx, const char *const *required, const gint *cols,
                                    guint row, GString *out)
{
  const AuditTable *t = &ctx->model->tables[AUDIT_OBJ_ACCOUNT];
  guint n = 0;
  for (guint i = 0; required[i]; i++) {
    if (cols[i] < 0 || !audit_is_blank(audit_cell(t, row, cols[i])))
      continue;
    if (out->len)
      g_string_append(out, ", ");
    g_string_append(out, required[i]);
    n++;
  }
  return n;
}

static void missing_address_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  /* the required fields and their columns, per segment */
  guint nseg = MAX(ctx->nsegments, 1);
  const char *const **required = g_new0(const char *const *, nseg);
  gint **cols = g_new0(gint *, nseg);
  for (guint sg = 0; sg < nseg; sg++) {
    required[sg] = audit_ctx_list(ctx, "required", sg);
    guint nreq = required[sg] ? g_strv_length((char **)required[sg]) : 0;
    cols[sg] = g_new(gint, nreq + 1);
    guint absent = 0;
    for (guint i = 0; i < nreq; i++) {
      cols[sg][i] = audit_table_column(t, required[sg][i]);
      absent += cols[sg][i] < 0;
    }
    /* a required field the export does not have cannot be judged: counted, not flagged on every row */
    if (sg == 0)
      audit_sink_stat(out, "required_columns_not_in_export", absent);
  }
  GString *missing = g_string_new(NULL);
  for (guint r = 0; r < t->nrows; r++) {
    guint sg = audit_ctx_segment(ctx, (gint32)r);
    g_string_truncate(missing, 0);
    guint n = missing_address(ctx, required[sg], cols[sg], r, missing);
    if (!n)
      continue;
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "account '%s' has no %s", audit_text(t, r, ACCOUNT_NAME),
               missing->str);
    audit_evidence_str(out, "missing", missing->str);
    audit_fix_text(out, "fill in %s", missing->str);
  }
  g_string_free(missing, TRUE);
  for (guint sg = 0; sg < nseg; sg++)
    g_free(cols[sg]);
  g_free(cols);
  g_free(required);
}

const AuditCheck audit_check_account_missing_address = {
  .id = "account-missing-address",
  .title = "Account missing required billing address fields",
  .severity = AUDIT_SEV_WARNING,
  .needs = A,
  .options = address_opts,
  .rationale = "Territory assignment, tax, routing and segmentation read the billing address; an account without "
               "a country or city falls out of every territory report. A required field that the export does not "
               "have is not flagged on every row: the check's stats count it.",
  .fix = "Fill in the missing billing fields.",
  .example = "account 'Contoso Ltd' has no BillingCountry, BillingCity",
  .run = missing_address_run,
};

/* ---- name format ---- */

static const char *const test_words[] = {"test", "testing", "dummy", "do not use", "dnu", "delete", "deleted",
                                         "duplicate", "dupe", "asdf", "xxx", "sample", "temp", "fake", "zzz",
                                         /* es, pt, fr, de, it, ru, ar */
                                         "prueba", "no usar", "duplicado", "teste", "nao usar", "ne pas utiliser",
                                         "doublon", "nicht verwenden", "duplikat", "non usare", "duplicato",
                                         "тест", "не использовать", "дубликат", "اختبار", NULL};

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
  .run = name_format_run,
};

/* ---- hierarchy ---- */

static const AuditOption hierarchy_opts[] = {
  {"max_depth", AUDIT_OPT_INT, "4", "most ancestors an account may have", 1, 100},
  {0}};

static const char *const hierarchy_columns[] = {"Account.ParentId", NULL};

enum { H_UNSEEN = -1, H_ON_PATH = -2, H_CYCLE = -3, H_INTO_CYCLE = -4 };

static void hierarchy_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
#define MAX_DEPTH(row) audit_ctx_int(ctx, "max_depth", audit_ctx_segment(ctx, (gint32)(row)))
  guint n = t->nrows;
  /* depth[r]: ancestors above r, or one of H_* */
  gint32 *depth = g_new(gint32, n + 1);
  for (guint r = 0; r < n; r++)
    depth[r] = H_UNSEEN;
  GArray *path = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint r = 0; r < n; r++) {
    if (depth[r] != H_UNSEEN)
      continue;
    g_array_set_size(path, 0);
    guint32 cur = r;
    gint32 base; /* depth of what the path ends on */
    for (;;) {
      if (depth[cur] >= 0 || depth[cur] == H_CYCLE || depth[cur] == H_INTO_CYCLE) {
        base = depth[cur];
        break;
      }
      if (depth[cur] == H_ON_PATH) {
        /* a cycle: the path from cur onwards */
        guint k = path->len;
        while (k > 0 && g_array_index(path, guint32, k - 1) != cur)
          k--;
        for (guint i = k - 1; i < path->len; i++)
          depth[g_array_index(path, guint32, i)] = H_CYCLE;
        g_array_set_size(path, k - 1);
        base = H_CYCLE;
        break;
      }
      depth[cur] = H_ON_PATH;
      g_array_append_val(path, cur);
      gint32 up = audit_ref(t, cur, ACCOUNT_PARENT);
      if (up < 0) { /* a root, or a parent that is not there: the chain stops */
        depth[cur] = 0;
        g_array_set_size(path, path->len - 1);
        base = 0;
        break;
      }
      cur = (guint32)up;
    }
    /* unwind: each node on the path is one below the next */
    for (guint i = path->len; i > 0; i--) {
      guint32 x = g_array_index(path, guint32, i - 1);
      if (base == H_CYCLE || base == H_INTO_CYCLE)
        depth[x] = H_INTO_CYCLE;
      else
        depth[x] = ++base;
    }
  }
  g_array_unref(path);

  for (guint r = 0; r < n; r++) {
    gint32 p = audit_ref(t, r, ACCOUNT_PARENT);
    const char *name = audit_text(t, r, ACCOUNT_NAME);
    const char *pid = audit_text(t, r, ACCOUNT_PARENT);
    if (p == AUDIT_REF_DANGLING || p == AUDIT_REF_FOREIGN) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "missing-parent",
                 "account '%s' has parent %s, which is not an account in the export", name, pid);
      audit_evidence_str(out, "problem", "missing parent");
      audit_evidence_str(out, "parent_id", pid);
      audit_fix_text(out, "set ParentId to the right parent account, or clear it");
    } else if (p == (gint32)r) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "self-parent", "account '%s' is its own parent", name);
      audit_evidence_str(out, "problem", "own parent");
      audit_fix_text(out, "clear ParentId or set it to the real parent account");
    } else if (depth[r] == H_CYCLE) {
      /* the cycle, from this account round to it again */
      GString *ring = g_string_new(NULL);
      guint len = 0;
      gint32 x = (gint32)r;
      do {
        if (ring->len)
          g_string_append(ring, " → ");
        g_string_append_printf(ring, "'%s'", audit_text(t, (guint)x, ACCOUNT_NAME));
        x = audit_ref(t, (guint)x, ACCOUNT_PARENT);
        len++;
      } while (x != (gint32)r && len < 1000);
      g_string_append_printf(ring, " → '%s'", name);
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "cycle", "account '%s' is in a parent cycle of %u accounts: %s",
                 name, len, ring->str);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "cycle");
      audit_evidence_int(out, "cycle_length", len);
      audit_evidence_str(out, "cycle", ring->str);
      audit_fix_text(out, "break the cycle: the top account of the group gets no parent");
      g_string_free(ring, TRUE);
    } else if (depth[r] == H_INTO_CYCLE) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "into-cycle",
                 "account '%s' sits under a parent cycle: its ancestors never reach a top account", name);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "leads into a cycle");
      audit_fix_text(out, "break the cycle above it (see the cycle's own findings)");
    } else if (depth[r] > MAX_DEPTH(r)) {
      gint64 max_depth = MAX_DEPTH(r);
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "too-deep", "account '%s' sits under %d ancestors (at most %"
                 G_GINT64_FORMAT ")", name, depth[r], max_depth);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "too deep");
      audit_evidence_int(out, "depth", depth[r]);
      audit_evidence_int(out, "max_depth", max_depth);
      audit_fix_text(out, "attach it higher in the hierarchy: roll-ups deeper than %" G_GINT64_FORMAT
                     " levels are hard to report on", max_depth);
    }
  }
  g_free(depth);
}

const AuditCheck audit_check_account_hierarchy = {
  .id = "account-hierarchy",
  .title = "Account hierarchy broken or too deep",
  .severity = AUDIT_SEV_ERROR,
  .needs = A,
  .columns = hierarchy_columns,
  .options = hierarchy_opts,
  .rationale = "Roll-ups of revenue, pipeline and ownership follow ParentId. A parent that is not in the export "
               "(deleted, or never there), an account that is its own parent, or a cycle breaks every roll-up; "
               "a chain deeper than max_depth is a sign of accounts attached to the wrong parent. A cycle is "
               "reported once per account in it, and accounts under it once each.",
  .fix = "Point ParentId at the right parent, or clear it; break cycles at the top account.",
  .example = "account 'Acme EMEA' is in a parent cycle of 2 accounts: 'Acme EMEA' → 'Acme UK' → 'Acme EMEA'",
  .run = hierarchy_run,
};

/* ---- the new-account review ---- */

static const AuditOption new_review_opts[] = {
  {"window_days", AUDIT_OPT_INT, "35", "accounts created within this many days of as-of", 1, 36500},
  {0}};

/* Operations users from [audit] ops_users: User Ids, or FIELD=VALUE on User. */
static GHashTable *ops_user_ids(const AuditModel *m, const AuditConfig *cfg)
{
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const AuditTable *u = &m->tables[AUDIT_OBJ_USER];
  for (guint i = 0; cfg->ops_users && cfg->ops_users[i]; i++) {
    const char *e = cfg->ops_users[i];
    const char *eq = strchr(e, '=');
    if (!eq) {
      char id[64];
      gsize n = audit_id_normalize(e, MIN(strlen(e), sizeof id - 1), id);
      id[n] = 0;
      g_hash_table_add(ids, g_strdup(id));
      continue;
    }
    g_autofree char *field = g_strstrip(g_strndup(e, (gsize)(eq - e)));
    g_autofree char *value = g_strstrip(g_strdup(eq + 1));
    gint col = u->present ? audit_table_column(u, field) : -1;
    for (guint r = 0; col >= 0 && r < u->nrows; r++)
      if (g_ascii_strcasecmp(audit_cell(u, r, col), value) == 0)
        g_hash_table_add(ids, g_strdup(audit_id(u, r)));
  }
  return ids;
}

static void new_review_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
#define WINDOW(row) audit_ctx_int(ctx, "window_days", audit_ctx_segment(ctx, (gint32)(row)))
  g_autoptr(GHashTable) ops = ops_user_ids(m, ctx->config);
  /* other findings on accounts, by row: the review list is one list */
  GHashTable *others = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, NULL);
  GPtrArray *texts = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; ctx->sinks && i < audit_registry_size; i++) {
    const AuditSink *s = ctx->sinks[i];
    if (!s || audit_registry[i] == ctx->check)
      continue;
    for (guint k = 0; k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (f->object != AUDIT_OBJ_ACCOUNT)
        continue; /* findings about the account (and a duplicate group's other accounts), not its contacts' */
      for (guint j = 0; j <= f->rel_n; j++) {
        AuditRecordRef ref = j == 0 ? (AuditRecordRef){f->object, f->row} : *audit_finding_related(s, f, j - 1);
        if (ref.obj != AUDIT_OBJ_ACCOUNT || ref.row < 0)
          continue;
        gint32 c = audit_day(t, (guint)ref.row, AUDIT_F_CREATED);
        if (c == AUDIT_DAY_NONE || c < ctx->as_of - WINDOW(ref.row) || c > ctx->as_of)
          continue;
        GPtrArray *list = g_hash_table_lookup(others, GINT_TO_POINTER(ref.row + 1));
        if (!list) {
          list = g_ptr_array_new();
          g_ptr_array_add(texts, list);
          g_hash_table_insert(others, GINT_TO_POINTER(ref.row + 1), list);
        }
        if (!list->len || g_ptr_array_index(list, list->len - 1) != (gpointer)audit_registry[i]->id)
          g_ptr_array_add(list, (gpointer)audit_registry[i]->id);
      }
    }
  }
  GString *ids = g_string_new(NULL);
  char day[11], buf[256];
  for (guint r = 0; r < t->nrows; r++) {
    gint32 c = audit_day(t, r, AUDIT_F_CREATED);
    if (c == AUDIT_DAY_NONE || c < ctx->as_of - WINDOW(r) || c > ctx->as_of)
      continue;
    const char *by = audit_text(t, r, ACCOUNT_CREATED_BY);
    char id[64];
    gsize n = audit_id_normalize(by, MIN(strlen(by), sizeof id - 1), id);
    id[n] = 0;
    if (g_hash_table_contains(ops, id))
      continue;
    audit_day_format(c, day);
    const char *who = *id ? audit_user_name(m, id, buf, sizeof buf) : NULL;
    GPtrArray *list = g_hash_table_lookup(others, GINT_TO_POINTER(r + 1));
    g_string_truncate(ids, 0);
    for (guint k = 0; list && k < list->len; k++) {
      if (k)
        g_string_append(ids, ", ");
      g_string_append(ids, g_ptr_array_index(list, k));
    }
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "new account '%s' created %s by %s%s%s",
               audit_text(t, r, ACCOUNT_NAME), day, who ? who : *id ? id : "an unknown user",
               ids->len ? "; also flagged: " : "", ids->str);
    audit_evidence_day(out, "created", c);
    audit_evidence_str(out, "created_by", id);
    if (who)
      audit_evidence_str(out, "created_by_name", who);
    audit_evidence_str(out, "other_findings", ids->str);
    audit_fix_text(out, "review the new account: is it a duplicate, are its website, address, type and owner "
                   "right?%s", ids->len ? " Start with its other findings." : "");
  }
  g_string_free(ids, TRUE);
  g_hash_table_unref(others);
  g_ptr_array_unref(texts);
}

/* without CreatedDate no account is new, and every quiet one would look stagnant */
static const char *const created_columns[] = {"Account.CreatedDate", NULL};

const AuditCheck audit_check_account_new_review = {
  .windowed = TRUE,
  .id = "account-new-review",
  .title = "New account to review",
  .severity = AUDIT_SEV_INFO,
  .needs = A,
  .columns = created_columns,
  .options = new_review_opts,
  .rationale = "Accounts created outside operations (by reps, integrations, imports) are where duplicates and "
               "gaps enter the CRM. The weekly review lists every account created within the window by anyone "
               "but an operations user ([audit] ops_users: User Ids, or a User field=value such as "
               "Department=Operations), with that account's other findings, so that it is one list.",
  .fix = "Review each new account; start with the other findings it lists.",
  .example = "new account 'Globex GmbH' created 2026-11-18 by Dana Reyes; also flagged: account-duplicate, "
             "account-missing-website",
  .run = new_review_run,
  .after_others = TRUE,
};

/* ---- stagnant accounts ---- */

static const AuditOption stagnant_opts[] = {
  {"window_days", AUDIT_OPT_INT, "365", "days without activity or change", 1, 36500},
  {0}};

static inline void later(gint32 *best, gint32 day)
{
  if (day != AUDIT_DAY_NONE && day > *best)
    *best = day;
}

static void stagnant_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *cons = &m->tables[AUDIT_OBJ_CONTACT];
  char day[11];
  for (guint r = 0; r < t->nrows; r++) {
    gint64 window = audit_ctx_int(ctx, "window_days", audit_ctx_segment(ctx, (gint32)r));
    gint32 since = ctx->as_of - (gint32)window;
    gint32 last = AUDIT_DAY_NONE;
    later(&last, audit_day(t, r, AUDIT_F_CREATED));
    later(&last, audit_day(t, r, ACCOUNT_LAST_ACTIVITY));
    guint32 x, a;
    if (m->account_activities.start)
      AUDIT_LINK_FOREACH(m->account_activities, r, a)
        later(&last, m->activities[a].day);
    if (last >= since)
      continue;
    if (m->account_opportunities.start)
      AUDIT_LINK_FOREACH(m->account_opportunities, r, x) {
        later(&last, audit_day(opps, x, AUDIT_F_CREATED));
        later(&last, audit_day(opps, x, OPPORTUNITY_LAST_ACTIVITY));
        if (!audit_opportunity_is_open(m, x))
          later(&last, audit_day(opps, x, OPPORTUNITY_CLOSE_DATE));
        AUDIT_LINK_FOREACH(m->opportunity_activities, x, a)
          later(&last, m->activities[a].day);
      }
    if (last >= since)
      continue;
    if (m->account_contacts.start)
      AUDIT_LINK_FOREACH(m->account_contacts, r, x) {
        later(&last, audit_day(cons, x, CONTACT_LAST_ACTIVITY));
        AUDIT_LINK_FOREACH(m->contact_activities, x, a)
          later(&last, m->activities[a].day);
      }
    if (last >= since)
      continue;
    if (last == AUDIT_DAY_NONE) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL,
                 "account '%s' has no activity, opportunity or contact activity on record",
                 audit_text(t, r, ACCOUNT_NAME));
    } else {
      audit_day_format(last, day);
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL,
                 "account '%s' has had no activity, opportunity or contact activity since %s (%d days)",
                 audit_text(t, r, ACCOUNT_NAME), day, ctx->as_of - last);
    }
    audit_evidence_day(out, "last_sign_of_life", last);
    audit_evidence_int(out, "window_days", window);
    audit_fix_text(out, "check whether the company was acquired, merged or closed; update or archive the account");
  }
}

const AuditCheck audit_check_account_stagnant = {
  .id = "account-stagnant",
  .title = "Account with no activity within the window",
  .severity = AUDIT_SEV_INFO,
  .needs = A,
  .columns = created_columns,
  .options = stagnant_opts,
  .rationale = "An account with no activity, no opportunity created or closed and no activity with any of its "
               "contacts for a year may have been acquired, merged or closed: the annual review decides. The "
               "last sign of life is the latest of the account's CreatedDate and LastActivityDate, its Task and "
               "Event rows, its opportunities' creation, close and activity dates, and its contacts' activity.",
  .fix = "Check whether the company still exists as it is; update or archive the account.",
  .example = "account 'Initech' has had no activity, opportunity or contact activity since 2025-06-02 (536 days)",
  .run = stagnant_run,
};
