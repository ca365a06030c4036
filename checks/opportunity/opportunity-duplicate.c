/* opportunity-duplicate: Open opportunities of one account that are the same deal. */
#include "data.h"
#include "check.h"
#include "checks.h"
#include "config.h"
#include "normalize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)

typedef struct {
  double amount_tolerance;
  gint64 close_days;
  const char *closed_stage;
} OpportunityDuplicateOptions;

static const AuditOption opportunity_duplicate_opts[] = {
  {"amount_tolerance", AUDIT_OPT_DOUBLE, "0.05",
   "two amounts agree when they differ by at most this share of the larger one (both blank agree)", 0, 1,
   AUDIT_OPTION_AT(OpportunityDuplicateOptions, amount_tolerance)},
  {"close_days", AUDIT_OPT_INT, "30", "two close dates agree when at most this many days apart (both blank agree)",
   0, 3660, AUDIT_OPTION_AT(OpportunityDuplicateOptions, close_days)},
  {"closed_stage", AUDIT_OPT_STRING, "",
   "the stage a duplicate is closed with (opportunities-to-close.csv); blank: the org's own closed-lost stage from "
   "the stage model (one named for duplicates first), else Closed Lost", 0, 0,
   AUDIT_OPTION_AT(OpportunityDuplicateOptions, closed_stage)},
  {0}};

static const char *const opportunity_duplicate_columns[] = {"Opportunity.AccountId", "Opportunity.Name", NULL};

/* When a deal's name says it happens: the years, months, quarters, halves and fiscal years it names (bit
 * sets; a year y is bit y - 1900 of 256). Two names that name different periods of one kind ("Q1 2025" and
 * "Q2 2025", "March license" and "April license", "2025" and "2026") are two deals of a recurring kind. */
typedef struct {
  guint64 years[4], fiscal[4];
  guint16 months;
  guint8 quarters, halves;
} DealWhen;

static void when_year(guint64 *set, int y)
{
  if (y >= 1900 && y < 1900 + 256)
    set[(y - 1900) / 64] |= G_GUINT64_CONSTANT(1) << ((y - 1900) % 64);
}

/* Do the two name different periods of one kind (each names one of that kind, none in common)? */
static gboolean when_conflict(const DealWhen *a, const DealWhen *b)
{
  if ((a->months && b->months && !(a->months & b->months)) ||
      (a->quarters && b->quarters && !(a->quarters & b->quarters)) ||
      (a->halves && b->halves && !(a->halves & b->halves)))
    return TRUE;
  const guint64 *sets[][2] = {{a->years, b->years}, {a->fiscal, b->fiscal}};
  for (guint k = 0; k < G_N_ELEMENTS(sets); k++) {
    gboolean x = FALSE, y = FALSE, common = FALSE;
    for (guint i = 0; i < 4; i++) {
      x |= sets[k][0][i] != 0;
      y |= sets[k][1][i] != 0;
      common |= (sets[k][0][i] & sets[k][1][i]) != 0;
    }
    if (x && y && !common)
      return TRUE;
  }
  return FALSE;
}

/* Is w a word that says when, not what (a year, fy24 / fy2024, or a word of data/deal-date-words.tsv:
 * months in English, Spanish, French, German, Portuguese, Italian, quarters, halves)? Its period into when. */
static gboolean date_word(const char *w, DealWhen *when)
{
  gsize n = strlen(w);
  if (n == 4 && (g_str_has_prefix(w, "19") || g_str_has_prefix(w, "20")) && g_ascii_isdigit(w[2]) &&
      g_ascii_isdigit(w[3])) {
    when_year(when->years, atoi(w));
    return TRUE;
  }
  if (n >= 4 && w[0] == 'f' && w[1] == 'y' && g_ascii_isdigit(w[2]) && g_ascii_isdigit(w[3]) &&
      (n == 4 || (n == 6 && g_ascii_isdigit(w[4]) && g_ascii_isdigit(w[5])))) {
    int y = atoi(w + 2);
    when_year(when->fiscal, n == 4 ? 2000 + y : y);
    return TRUE; /* fy24, fy2024 */
  }
  const char *const *d = audit_data(AUDIT_DATA_DEAL_DATE_WORDS);
  for (guint r = 0, rows = audit_data_rows(AUDIT_DATA_DEAL_DATE_WORDS); r < rows; r++) {
    if (strcmp(w, d[2 * r]) != 0)
      continue;
    const char *period = d[2 * r + 1];
    int k;
    if (sscanf(period, "month %d", &k) == 1 && k >= 1 && k <= 12)
      when->months |= (guint16)(1u << (k - 1));
    else if (sscanf(period, "quarter %d", &k) == 1 && k >= 1 && k <= 4)
      when->quarters |= (guint8)(1u << (k - 1));
    else if (sscanf(period, "half %d", &k) == 1 && k >= 1 && k <= 2)
      when->halves |= (guint8)(1u << (k - 1));
    return TRUE;
  }
  return FALSE;
}

/* The periods of a date written as a date (2024-07-11, 2024-07, 07/2024: the year and the month; 11/07/2024:
 * the year only, the order of day and month being unknown). */
static void date_when(const char *date, DealWhen *when)
{
  int a, b, c;
  char s1, s2;
  int parts = sscanf(date, "%d%c%d%c%d", &a, &s1, &b, &s2, &c);
  if (parts >= 3 && a >= 1000) {
    when_year(when->years, a);
    if (b >= 1 && b <= 12)
      when->months |= (guint16)(1u << (b - 1));
  } else if (parts == 3 && b >= 1000) {
    when_year(when->years, b);
    if (a >= 1 && a <= 12)
      when->months |= (guint16)(1u << (a - 1));
  } else if (parts == 5)
    when_year(when->years, c < 100 ? 2000 + c : c);
}

/* Remove every occurrence of the words of phrase (" "-separated, with spaces at both ends) from words. */
static void remove_phrase(GString *words, const char *phrase)
{
  gsize n = strlen(phrase);
  if (n <= 2)
    return;
  for (char *at; (at = strstr(words->str, phrase));)
    g_string_erase(words, at - words->str, (gssize)n - 1);
}

/* The deal's name: dates written as dates removed (2024-07-11, 11/07/2024, 07/2024), folded, date words
 * removed, and the account's name (as written and without its legal form) removed. " words " in out; the
 * periods the dates and date words name in when. */
static void deal_name(const char *name, const char *account, GRegex *dates, GString *out, DealWhen *when)
{
  memset(when, 0, sizeof *when);
  g_autoptr(GMatchInfo) mi = NULL;
  for (g_regex_match(dates, name, 0, &mi); g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
    g_autofree char *date = g_match_info_fetch(mi, 0);
    date_when(date, when);
  }
  g_autofree char *plain = g_regex_replace_literal(dates, name, -1, 0, " ", 0, NULL);
  g_autofree char *folded = audit_fold_name(plain ? plain : name);
  g_string_assign(out, " ");
  g_auto(GStrv) words = g_strsplit(folded, " ", -1);
  for (guint i = 0; words[i]; i++)
    if (*words[i] && !date_word(words[i], when))
      g_string_append_printf(out, "%s ", words[i]);
  if (!account || !*account)
    return;
  g_autofree char *acc = audit_fold_name(account);
  g_autofree char *phrase = g_strdup_printf(" %s ", acc);
  remove_phrase(out, phrase);
  g_autoptr(GString) norm = g_string_new(NULL);
  audit_company_normalize(account, norm);
  g_autofree char *nf = audit_fold_name(norm->str);
  g_autofree char *nphrase = g_strdup_printf(" %s ", nf);
  remove_phrase(out, nphrase);
}

typedef struct {
  guint32 opp;
  gint32 close;
} DealRow;

static gint compare_close(gconstpointer a, gconstpointer b)
{
  const DealRow *x = a, *y = b;
  if (x->close != y->close)
    return x->close < y->close ? -1 : 1;
  return x->opp < y->opp ? -1 : x->opp > y->opp;
}

static gboolean amounts_agree(double a, double b, double tolerance)
{
  if (isnan(a) || isnan(b))
    return isnan(a) && isnan(b);
  return fabs(a - b) <= tolerance * MAX(fabs(a), fabs(b)) + 1e-9;
}

/* The deal kept: the most contact roles and activities, then created earlier (to the second), then the first
 * in the file. */
static gboolean kept_over(const AuditModel *m, guint a, guint b)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  guint na = audit_link_count(&m->opportunity_roles, a) + audit_link_count(&m->opportunity_activities, a);
  guint nb = audit_link_count(&m->opportunity_roles, b) + audit_link_count(&m->opportunity_activities, b);
  if (na != nb)
    return na > nb;
  gint64 ca = checks_created_at(t, a), cb = checks_created_at(t, b);
  if (ca != cb)
    return ca < cb;
  return a < b;
}

/* The stage a duplicate is closed with: closed_stage when set; else the org's own closed-lost stage as the
 * stage model infers it (audit_config_resolve_stages), one whose name says duplicate first; else Closed Lost.
 * *why says which. */
static const char *closed_stage(const AuditContext *ctx, const OpportunityDuplicateOptions *o, const char **why)
{
  if (o->closed_stage && *o->closed_stage) {
    *why = "closed_stage";
    return o->closed_stage;
  }
  const char *const *lost = (const char *const *)ctx->config->stages_lost;
  for (guint i = 0; lost && lost[i]; i++) {
    g_autofree char *folded = audit_fold_name(lost[i]);
    if (strstr(folded, "duplicate")) {
      *why = "the org's own stage for duplicates";
      return lost[i];
    }
  }
  if (lost && lost[0]) {
    *why = "the org's closed-lost stage: the deal then counts as a loss in win-loss";
    return lost[0];
  }
  *why = "Salesforce's standard lost stage: the deal then counts as a loss in win-loss";
  return "Closed Lost";
}

static void opportunity_duplicate_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY], *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const OpportunityDuplicateOptions *o = audit_ctx_options(ctx, 0);
  const char *stage_why;
  const char *stage = closed_stage(ctx, o, &stage_why);
  guint n = t->nrows;
  /* accounts of one group accounts-to-merge.csv merges are one account: an org loaded twice has each deal
   * under each copy */
  g_autofree gint32 *group = checks_account_groups(ctx, TRUE);
  g_autoptr(GRegex) dates = g_regex_new("\\b(\\d{4}[-/.]\\d{1,2}([-/.]\\d{1,2})?|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}|"
                                        "\\d{1,2}[-/.]\\d{4})\\b",
                                        G_REGEX_OPTIMIZE, 0, NULL);
  /* blocks: the account group and the deal's name */
  g_autoptr(GHashTable) blocks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new();
  g_autofree char **deal = g_new0(char *, n + 1);
  g_autofree DealWhen *when = g_new0(DealWhen, n + 1);
  GString *name = g_string_new(NULL);
  for (guint r = 0; r < n; r++) {
    gint32 a = audit_ref(t, r, OPPORTUNITY_ACCOUNT);
    if (audit_row_repeated(t, r) || a < 0 || !audit_opportunity_is_open(m, r))
      continue;
    deal_name(audit_text(t, r, OPPORTUNITY_NAME), audit_text(acc, (guint)a, ACCOUNT_NAME), dates, name, &when[r]);
    char *key = g_strdup_printf("%d\x1f%s", group[a], name->str);
    GArray *b = g_hash_table_lookup(blocks, key);
    if (!b) {
      b = g_array_new(FALSE, FALSE, sizeof(DealRow));
      g_hash_table_insert(blocks, key, b);
      g_ptr_array_add(order, b);
    } else
      g_free(key);
    DealRow d = {r, audit_day(t, r, OPPORTUNITY_CLOSE_DATE)};
    g_array_append_val(b, d);
    deal[r] = g_strdup(name->str);
  }
  g_autofree gint32 *parent = g_new(gint32, n + 1);
  for (guint r = 0; r < n; r++)
    parent[r] = (gint32)r;
  guint pairs = 0, periods = 0;
  for (guint i = 0; i < order->len; i++) {
    GArray *b = g_ptr_array_index(order, i);
    if (b->len < 2)
      continue;
    /* by close date: a deal meets only those within close_days after it (blank dates sort first, together) */
    g_array_sort(b, compare_close);
    for (guint x = 0; x < b->len; x++) {
      const DealRow *dx = &g_array_index(b, DealRow, x);
      for (guint y = x + 1; y < b->len; y++) {
        const DealRow *dy = &g_array_index(b, DealRow, y);
        if ((dx->close == AUDIT_DAY_NONE) != (dy->close == AUDIT_DAY_NONE))
          break;
        if (dx->close != AUDIT_DAY_NONE && dy->close - dx->close > o->close_days)
          break;
        if (!amounts_agree(audit_num(t, dx->opp, OPPORTUNITY_AMOUNT), audit_num(t, dy->opp, OPPORTUNITY_AMOUNT),
                           o->amount_tolerance))
          continue;
        if (when_conflict(&when[dx->opp], &when[dy->opp])) {
          periods++;
          continue;
        }
        pairs++;
        checks_group_join(parent, (gint32)dx->opp, (gint32)dy->opp);
      }
    }
  }
  audit_sink_stat(out, "pairs", pairs);
  audit_sink_stat(out, "pairs_of_different_periods", periods);

  /* the groups: the deal kept, and a finding on each extra */
  g_autofree gint32 *kept = g_new(gint32, n + 1);
  for (guint r = 0; r < n; r++)
    kept[r] = -1;
  for (guint r = 0; r < n; r++) {
    if (!deal[r])
      continue;
    gint32 root = checks_group_root(parent, (gint32)r);
    if (kept[root] < 0 || kept_over(m, r, (guint)kept[root]))
      kept[root] = (gint32)r;
  }
  for (guint r = 0; r < n; r++) {
    gint32 root = checks_group_root(parent, (gint32)r);
    gint32 keep = kept[root];
    if (keep == (gint32)r || !deal[r] || !deal[keep])
      continue;
    char buf[256], kbuf[256], d1[11], d2[11];
    const char *what = audit_record_name(m, AUDIT_OBJ_OPPORTUNITY, r, buf, sizeof buf);
    const char *other = audit_record_name(m, AUDIT_OBJ_OPPORTUNITY, (guint)keep, kbuf, sizeof kbuf);
    gint32 a = audit_ref(t, r, OPPORTUNITY_ACCOUNT), ka = audit_ref(t, (guint)keep, OPPORTUNITY_ACCOUNT);
    double x = audit_num(t, r, OPPORTUNITY_AMOUNT), y = audit_num(t, (guint)keep, OPPORTUNITY_AMOUNT);
    gint32 cx = audit_day(t, r, OPPORTUNITY_CLOSE_DATE), cy = audit_day(t, (guint)keep, OPPORTUNITY_CLOSE_DATE);
    audit_day_format(cx, d1);
    audit_day_format(cy, d2);
    g_autofree char *amounts = isnan(x) ? g_strdup("no amount on either")
                                        : g_strdup_printf("amounts %.2f and %.2f (%.1f%% apart)", x, y,
                                                          MAX(fabs(x), fabs(y)) > 0
                                                            ? 100 * fabs(x - y) / MAX(fabs(x), fabs(y))
                                                            : 0.0);
    g_autofree char *closes = cx == AUDIT_DAY_NONE ? g_strdup("no close date on either")
                                                   : g_strdup_printf("close dates %s and %s (%d days apart)", d1, d2,
                                                                     ABS(cx - cy));
    g_autofree char *where = a == ka ? g_strdup_printf("of account '%s'", audit_text(acc, (guint)a, ACCOUNT_NAME))
                                     : g_strdup_printf("of account '%s', a duplicate of account '%s' "
                                                       "(account-duplicate)",
                                                       audit_text(acc, (guint)a, ACCOUNT_NAME),
                                                       audit_text(acc, (guint)ka, ACCOUNT_NAME));
    g_autofree char *core = g_strstrip(g_strdup(deal[r]));
    audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
               "open opportunity '%s' %s is the same deal as '%s' (%s): the same name without dates and the "
               "account's name ('%s'), %s, %s",
               what, where, other, audit_id(t, (guint)keep), core, amounts, closes);
    audit_related(out, AUDIT_OBJ_OPPORTUNITY, keep);
    audit_evidence_str(out, "kept", other);
    audit_evidence_str(out, "deal_name", core);
    if (!isnan(x)) {
      audit_evidence_num(out, "amount", x);
      audit_evidence_num(out, "kept_amount", y);
    }
    audit_evidence_day(out, "close_date", cx);
    audit_evidence_day(out, "kept_close_date", cy);
    if (a != ka)
      audit_evidence_str(out, "kept_account", audit_text(acc, (guint)ka, ACCOUNT_NAME));
    audit_evidence_str(out, "kept_id", audit_id(t, (guint)keep));
    audit_fix_text(out, "confirm it is the same deal as '%s' (%s, kept: the most contact roles and activities, "
                   "then created earlier, then the first in the file), move anything only this one has there, then "
                   "close it as a duplicate (stage %s: %s); never merged or deleted automatically", other,
                   audit_id(t, (guint)keep), stage, stage_why);
    audit_fix_action(out, "close-opportunity");
    audit_fix_str(out, "Id", audit_id(t, r));
    audit_fix_str(out, "StageName", stage);
    g_autofree char *kept_review = g_strdup_printf("%s %s", audit_id(t, (guint)keep),
                                                   audit_text(t, (guint)keep, OPPORTUNITY_NAME));
    audit_fix_str(out, "Kept opportunity", kept_review);
  }
  g_string_free(name, TRUE);
  for (guint r = 0; r < n; r++)
    g_free(deal[r]);
}

/* account-duplicate's groups (checks_account_groups) */

const AuditCheck audit_check_opportunity_duplicate = {
  .id = "opportunity-duplicate",
  .title = "Open opportunities of one account that are the same deal",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | O,
  .columns = opportunity_duplicate_columns,
  .options = opportunity_duplicate_opts,
  .options_size = sizeof(OpportunityDuplicateOptions),
  .rationale =
    "One deal entered twice doubles the pipeline and the forecast, and splits its contact roles and activity "
    "between two records. Two open opportunities are the same deal when they belong to one account (or to two "
    "accounts that account-duplicate merges, a group of accounts-to-merge.csv: an org loaded twice has each "
    "deal under each copy), their names are the same once dates (2024-07-11, 07/2024, years, months, quarters, "
    "FY24) and the account's name are removed and case, accents and punctuation are folded, the two names name "
    "no different periods of one kind (Q1 and Q2, March and April, 2025 and 2026: a recurring deal), their amounts differ by at most amount_tolerance of the "
    "larger, and their close dates by at most close_days (blank on both agrees). Groups chain; the deal kept "
    "has the most contact roles and activities, then was created earlier; each other one is a finding.",
  .fix = "Review, then close the extra as a duplicate (fixes/opportunities-to-close.csv: Id, StageName, a Data "
         "Loader update after review; the kept deal's Id and name in a review column): never merged or deleted "
         "automatically. StageName is closed_stage, else the org's own lost stage (one named for duplicates "
         "first), else Closed Lost: the deal then counts as a loss in win-loss unless the stage is a dedicated "
         "one, so set closed_stage to a stage for duplicates where the org has or can add one.",
  .example = "open opportunity 'Acme - 140 Widgets' of account 'Acme' is the same deal as 'Acme - 140 Widgets' "
             "(006Nq00000BGi8P): the same name without dates and the account's name ('140 widgets'), amounts "
             "22500.00 and 22500.00 (0.0% apart), close dates 2024-08-30 and 2024-08-30 (0 days apart)",
  .run = opportunity_duplicate_run,
  .options_of = checks_account_groups_options_of,
};
