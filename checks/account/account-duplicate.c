/* account-duplicate: groups of accounts that are the same company, each
 * pair's score and signals as evidence, a survivor and the merge. Matching
 * itself (blocking, scoring) is auditor/match.c, shared with leads. */
#include "check.h"
#include "checks.h"
#include "match.h"
#include "normalize.h"
#include "timing.h"

#include <string.h>

typedef struct {
  double threshold;
  gint64 block_cap;
} DuplicateOptions;

static const AuditOption duplicate_opts[] = {
  {"threshold", AUDIT_OPT_DOUBLE, "0.85", "score from 0 to 1 at which two accounts are the same company", 0, 1,
   AUDIT_OPTION_AT(DuplicateOptions, threshold)},
  {"block_cap", AUDIT_OPT_INT, "64",
   "a blocking key shared by more accounts than this is skipped (counted in the check's stats)", 2, 100000,
   AUDIT_OPTION_AT(DuplicateOptions, block_cap)},
  {0}};

static const char *const duplicate_columns[] = {"Account.Name", NULL};

typedef struct {
  guint32 a, b;
  AuditPairScore s;
} ScoredPair;

static guint32 find(guint32 *parent, guint32 x)
{
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/* Does any account of group a have one of group b as an ancestor, or the
 * reverse? (Only accounts of one hierarchy can.) */
static gboolean related_in_tree(const AuditModel *m, const AuditMatchSet *set, const GArray *a, const GArray *b)
{
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++) {
      gint32 x = (gint32)g_array_index(a, guint32, i), y = (gint32)g_array_index(b, guint32, j);
      if (set->rec[x].root == set->rec[y].root &&
          (audit_account_is_ancestor(m, x, y) || audit_account_is_ancestor(m, y, x)))
        return TRUE;
    }
  return FALSE;
}

/* Contacts + opportunities: what a merge would move. */
static guint related_records(const AuditModel *m, guint row)
{
  guint n = 0;
  if (m->account_contacts.start)
    n += audit_link_count(&m->account_contacts, row);
  if (m->account_opportunities.start)
    n += audit_link_count(&m->account_opportunities, row);
  return n;
}

/* The survivor: most related records, then the oldest, then the lower Id. */
static gboolean better_survivor(const AuditModel *m, guint a, guint b)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint ra = related_records(m, a), rb = related_records(m, b);
  if (ra != rb)
    return ra > rb;
  gint32 ca = audit_day(t, a, AUDIT_F_CREATED), cb = audit_day(t, b, AUDIT_F_CREATED);
  if (ca != cb) {
    if (ca == AUDIT_DAY_NONE || cb == AUDIT_DAY_NONE)
      return cb == AUDIT_DAY_NONE;
    return ca < cb;
  }
  return strcmp(audit_id(t, a), audit_id(t, b)) < 0;
}

/* Why the survivor was chosen, in plain words: the first of
 * better_survivor's rules that set it apart from the others it ties with
 * (its related records, its creation date, its Id). Into out. */
static const char *survivor_reason(const AuditModel *m, const GArray *members, guint survivor, GString *out)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = related_records(m, survivor);
  gint32 day = audit_day(t, survivor, AUDIT_F_CREATED);
  gboolean tie_related = FALSE, tie_day = FALSE;
  for (guint i = 0; i < members->len; i++) {
    guint x = g_array_index(members, guint32, i);
    if (x == survivor || related_records(m, x) != n)
      continue;
    tie_related = TRUE;
    tie_day |= audit_day(t, x, AUDIT_F_CREATED) == day;
  }
  char created[11] = "";
  if (day != AUDIT_DAY_NONE)
    audit_day_format(day, created);
  if (!tie_related)
    g_string_printf(out, "which has the most related records (%u)", n);
  else if (!tie_day && n)
    g_string_printf(out, "which ties for the most related records (%u) and was created first (%s)", n, created);
  else if (!tie_day)
    g_string_printf(out, "the oldest (created %s): none of them has related records", created);
  else if (n)
    g_string_printf(out, "which ties for the most related records (%u) and %s, and comes first by Id", n,
                    day == AUDIT_DAY_NONE ? "has no creation date to tell them apart" : "the earliest creation date");
  else
    g_string_printf(out, "the first by Id: none of them has related records, and %s",
                    day == AUDIT_DAY_NONE ? "none has a creation date" : "none was created earlier");
  return out->str;
}

/* The signals that tell one company from another: a website domain, a phone
 * (one many accounts share is no signal) or a postal code. A name, with or
 * without a city, is no proof that two records are one company (two 'Sanders'
 * accounts with nothing else filled in): a merge, which cannot be undone from
 * an export, needs one of these too. */
#define STRONG_SIGNALS (AUDIT_SIG_DOMAIN | AUDIT_SIG_PHONE | AUDIT_SIG_POSTAL)

/* Do the group's pairs that agree on a strong signal join all its members?
 * members: the group's rows; pairs: its ScoredPairs. */
static gboolean joined_by_strong_pairs(const GArray *members, const GArray *pairs)
{
  guint n = members->len;
  g_autofree guint32 *parent = g_new(guint32, n);
  for (guint i = 0; i < n; i++)
    parent[i] = i;
  guint sets = n;
  for (guint i = 0; i < pairs->len; i++) {
    const ScoredPair *p = &g_array_index(pairs, ScoredPair, i);
    if (!(p->s.matched & STRONG_SIGNALS))
      continue;
    guint32 ia = 0, ib = 0;
    for (guint k = 0; k < n; k++) {
      if (g_array_index(members, guint32, k) == p->a)
        ia = k;
      if (g_array_index(members, guint32, k) == p->b)
        ib = k;
    }
    guint32 ra = find(parent, ia), rb = find(parent, ib);
    if (ra != rb) {
      parent[ra] = rb;
      sets--;
    }
  }
  return sets == 1;
}

/* The signals as a list of words, for a row's cell. */
static void row_signals(AuditSink *out, guint signals, GString *words)
{
  g_string_truncate(words, 0);
  audit_match_signals_text(signals, words);
  g_auto(GStrv) parts = words->len ? g_strsplit(words->str, ", ", -1) : NULL;
  audit_row_words(out, (const char *const *)parts);
}

static const AuditColumn pair_columns[] = {
  {"a", AUDIT_COL_STR},
  {"a_name", AUDIT_COL_STR},
  {"b", AUDIT_COL_STR},
  {"b_name", AUDIT_COL_STR},
  {"score", AUDIT_COL_NUM, 3},
  {"name_similarity", AUDIT_COL_NUM, 3},
  {"names", AUDIT_COL_STR},
  {"matched", AUDIT_COL_WORDS},
  {"conflicts", AUDIT_COL_WORDS},
  {0}};

static gint compare_members(gconstpointer pa, gconstpointer pb, gpointer data)
{
  const AuditTable *t = data;
  return strcmp(audit_id(t, *(const guint32 *)pa), audit_id(t, *(const guint32 *)pb));
}

static void duplicate_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  /* a pair is held to the stricter threshold of its two accounts' segments */
#define THRESHOLD(row)                                                                                             \
  ((const DuplicateOptions *)audit_ctx_options(ctx, audit_ctx_segment(ctx, (gint32)(row))))->threshold
  guint cap = (guint)((const DuplicateOptions *)audit_ctx_options(ctx, 0))->block_cap;
  gint64 t0 = g_get_monotonic_time();
  const AuditMatchSet *set = audit_match_accounts_shared(ctx);
  gint64 t1 = g_get_monotonic_time();
  AuditBlockStats bs;
  GArray *cand = audit_match_candidates(set, audit_match_account_names_shared(ctx), cap, &bs);
  gint64 t2 = g_get_monotonic_time();
  audit_sink_stat(out, "candidate_pairs", cand->len);
  audit_sink_stat(out, "blocks_skipped_over_cap", (gint64)bs.blocks_capped);

  guint32 *parent = g_new(guint32, set->n + 1);
  for (guint i = 0; i < set->n; i++)
    parent[i] = i;
  /* per group root: its members that sit in a hierarchy, so that no group ever holds an account and its
   * ancestor, not even through a third account */
  GArray **tree = g_new0(GArray *, set->n + 1);
  for (guint i = 0; i < set->n; i++)
    if (set->rec[i].root >= 0) {
      tree[i] = g_array_new(FALSE, FALSE, sizeof(guint32));
      g_array_append_val(tree[i], i);
    }
  GArray *kept = g_array_new(FALSE, FALSE, sizeof(ScoredPair));
  const guint64 *c = (const guint64 *)cand->data;
  for (guint i = 0; i < cand->len; i++) {
    guint32 a = (guint32)(c[i] >> 32), b = (guint32)c[i];
    if (set->rec[a].root >= 0 && set->rec[a].root == set->rec[b].root &&
        (audit_account_is_ancestor(m, (gint32)a, (gint32)b) || audit_account_is_ancestor(m, (gint32)b, (gint32)a)))
      continue; /* a parent and its child are not duplicates of each other */
    ScoredPair p = {a, b, {0}};
    audit_match_score(set, a, b, &p.s);
    if (p.s.score + 1e-9 < MAX(THRESHOLD(a), THRESHOLD(b)))
      continue;
    guint32 ra = find(parent, a), rb = find(parent, b);
    if (ra != rb && tree[ra] && tree[rb] && related_in_tree(m, set, tree[ra], tree[rb]))
      continue; /* this pair would put an account and its ancestor in one group */
    g_array_append_val(kept, p);
    if (ra != rb) {
      guint32 lo = MIN(ra, rb), hi = MAX(ra, rb);
      parent[hi] = lo;
      if (tree[hi]) {
        if (!tree[lo])
          tree[lo] = g_array_new(FALSE, FALSE, sizeof(guint32));
        g_array_append_vals(tree[lo], tree[hi]->data, tree[hi]->len);
        g_array_unref(tree[hi]);
        tree[hi] = NULL;
      }
    }
  }
  for (guint i = 0; i < set->n; i++)
    if (tree[i])
      g_array_unref(tree[i]);
  g_free(tree);
  audit_sink_stat(out, "pairs_above_threshold", kept->len);
  audit_timing("account-duplicate features %.2f s, candidates %.2f s (%u pairs, %" G_GUINT64_FORMAT
               " keys), scoring %.2f s", (t1 - t0) / 1e6, (t2 - t1) / 1e6, cand->len, bs.keys,
               audit_timing_since(t2));
  g_array_unref(cand);

  /* groups: members of each root, in row order */
  GHashTable *groups = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_array_unref);
  for (guint i = 0; i < kept->len; i++) {
    const ScoredPair *p = &g_array_index(kept, ScoredPair, i);
    guint32 root = find(parent, p->a);
    if (!g_hash_table_contains(groups, GUINT_TO_POINTER(root + 1)))
      g_hash_table_insert(groups, GUINT_TO_POINTER(root + 1), g_array_new(FALSE, FALSE, sizeof(ScoredPair)));
    g_array_append_val((GArray *)g_hash_table_lookup(groups, GUINT_TO_POINTER(root + 1)), *p);
  }
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init(&it, groups);
  GString *text = g_string_new(NULL), *names = g_string_new(NULL), *dups = g_string_new(NULL);
  guint weak_groups = 0;
  while (g_hash_table_iter_next(&it, &key, &value)) {
    GArray *pairs = value;
    /* members */
    GArray *members = g_array_new(FALSE, FALSE, sizeof(guint32));
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    double best = 0;
    for (guint i = 0; i < pairs->len; i++) {
      const ScoredPair *p = &g_array_index(pairs, ScoredPair, i);
      guint32 ab[2] = {p->a, p->b};
      for (guint k = 0; k < 2; k++)
        if (g_hash_table_add(seen, GUINT_TO_POINTER(ab[k] + 1)))
          g_array_append_val(members, ab[k]);
      best = MAX(best, p->s.score);
    }
    g_hash_table_unref(seen);
    g_array_sort_with_data(members, compare_members, (gpointer)t);
    guint32 survivor = g_array_index(members, guint32, 0);
    for (guint i = 1; i < members->len; i++) {
      guint32 x = g_array_index(members, guint32, i);
      if (better_survivor(m, x, survivor))
        survivor = x;
    }
    g_string_truncate(names, 0);
    g_string_truncate(dups, 0);
    for (guint i = 0; i < members->len; i++) {
      guint32 x = g_array_index(members, guint32, i);
      if (x == survivor)
        continue;
      if (names->len)
        g_string_append(names, ", ");
      g_string_append_printf(names, "'%s' (%s)", audit_text(t, x, ACCOUNT_NAME), audit_id(t, x));
      if (dups->len)
        g_string_append_c(dups, ';');
      g_string_append(dups, audit_id(t, x));
    }
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)survivor, NULL,
               "%u accounts look like the same company: '%s' and %s (best pair score %.2f)", members->len,
               audit_text(t, survivor, ACCOUNT_NAME), names->str, best);
    for (guint i = 0; i < members->len; i++) {
      guint32 x = g_array_index(members, guint32, i);
      if (x != survivor)
        audit_related(out, AUDIT_OBJ_ACCOUNT, (gint32)x);
    }
    audit_evidence_int(out, "accounts", members->len);
    audit_evidence_str(out, "survivor", audit_text(t, survivor, ACCOUNT_NAME));
    audit_evidence_int(out, "survivor_related_records", related_records(m, survivor));
    audit_evidence_num(out, "best_score", best);
    /* pairs, in Id order */
    audit_evidence_rows_begin(out, "pairs", pair_columns);
    for (guint i = 0; i < pairs->len; i++) {
      const ScoredPair *p = &g_array_index(pairs, ScoredPair, i);
      guint32 a = p->a, b = p->b;
      if (strcmp(audit_id(t, a), audit_id(t, b)) > 0) {
        guint32 s = a;
        a = b;
        b = s;
      }
      audit_evidence_row(out);
      audit_row_str(out, audit_id(t, a));
      audit_row_str(out, audit_text(t, a, ACCOUNT_NAME));
      audit_row_str(out, audit_id(t, b));
      audit_row_str(out, audit_text(t, b, ACCOUNT_NAME));
      audit_row_num(out, p->s.score);
      audit_row_num(out, p->s.name);
      audit_row_str(out, p->s.rule);
      row_signals(out, p->s.matched, text);
      row_signals(out, p->s.conflicts, text);
    }
    gboolean strong = joined_by_strong_pairs(members, pairs);
    audit_evidence_bool(out, "merge_evidence", strong);
    if (!strong) {
      /* the finding stands; the merge waits for a person who knows */
      weak_groups++;
      audit_fix_text(out, "confirm that they are one company before merging %s into '%s' (%s): they agree on the "
                     "name (and the city) but on no website, phone or postal code, so accounts-to-merge.csv "
                     "leaves them out", names->str, audit_text(t, survivor, ACCOUNT_NAME), audit_id(t, survivor));
      g_array_unref(members);
      continue;
    }
    audit_fix_text(out, "merge %s into '%s' (%s), %s%s", names->str, audit_text(t, survivor, ACCOUNT_NAME),
                   audit_id(t, survivor), survivor_reason(m, members, survivor, text),
                   members->len > 3 ? "; Salesforce merges up to three accounts at a time" : "");
    audit_fix_action(out, "merge-accounts");
    audit_fix_str(out, "MasterId", audit_id(t, survivor));
    audit_fix_str(out, "DuplicateId", dups->str);
    g_array_unref(members);
  }
  audit_sink_stat(out, "groups_without_merge_evidence", weak_groups);
  g_string_free(text, TRUE);
  g_string_free(names, TRUE);
  g_string_free(dups, TRUE);
  g_hash_table_unref(groups);
  g_array_unref(kept);
  g_free(parent);
}

const AuditCheck audit_check_account_duplicate = {
  .id = "account-duplicate",
  .title = "Accounts that are the same company",
  .severity = AUDIT_SEV_ERROR,
  .needs = AUDIT_BIT(AUDIT_OBJ_ACCOUNT),
  .columns = duplicate_columns,
  .options = duplicate_opts,
  .options_size = sizeof(DuplicateOptions),
  .rationale =
    "Duplicate accounts split contacts, opportunities and activity between records: routing sends leads to "
    "the wrong owner, reports count one customer twice, and nobody sees the whole relationship. Names are "
    "compared after folding case and accents, dropping punctuation, legal forms (Inc, GmbH, S.A., Pty Ltd, ...) "
    "and a leading 'The', and expanding common abbreviations; the website's registrable domain, the phone "
    "number and the billing city or postal code support a match, while another website or another country "
    "count against it (the same name abroad with another website is a separate legal entity: use the "
    "hierarchy). A parent and its child are never grouped. Each pair's score and signals are in the evidence.",
  .fix = "Merge the duplicates into the survivor: the account with the most contacts and opportunities, then "
         "the oldest. accounts-to-merge.csv lists MasterId and the DuplicateId(s), ';'-separated, for the groups "
         "whose pairs agree on a website, a phone or a postal code (evidence.merge_evidence); a group joined by "
         "its name (and city) alone is reported but left out of the file: confirm it first.",
  .example = "2 accounts look like the same company: 'Acme, Inc.' and 'ACME Incorporated' (001...) (best pair "
             "score 1.00)",
  .run = duplicate_run,
};
