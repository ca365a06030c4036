/* account-duplicate: groups of accounts that are the same company, each
 * pair's score and signals as evidence, a survivor and the merge. Matching
 * itself (blocking, scoring) is auditor/match.c, shared with leads. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "match.h"
#include "normalize.h"
#include "config.h"
#include "timing.h"

#include <string.h>
#include <time.h>

/* This thread's CPU time in seconds: steady on a busy machine, unlike wall time. */
static double thread_cpu(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
  double threshold;
  gint64 block_cap;
} DuplicateOptions;

static const AuditOption duplicate_opts[] = {
  {"threshold", AUDIT_OPT_DOUBLE, "0.85", "score from 0 to 1 at which two accounts are the same company", 0, 1,
   AUDIT_OPTION_AT(DuplicateOptions, threshold)},
  {"block_cap", AUDIT_OPT_INT, "64",
   "a blocking key shared by more accounts than this is split by a second key (city, country, domain, phone, "
   "street); accounts identical on every key are linked to one of them, and the pairs still left uncompared "
   "are counted in a notice", 2, 100000, AUDIT_OPTION_AT(DuplicateOptions, block_cap)},
  {0}};

static const char *const duplicate_columns[] = {"Account.Name", NULL};

/* May two accounts of one hierarchy share a group (audit_match_groups_new)?
 * Not an account and its ancestor: a parent and its child are never
 * duplicates of each other, not even through a third account. */
typedef struct {
  const AuditModel *m;
  const AuditMatchSet *set;
} JoinRule;

static gboolean may_join(guint32 a, guint32 b, gpointer data)
{
  const JoinRule *j = data;
  if (j->set->rec[a].root != j->set->rec[b].root)
    return TRUE;
  return !audit_account_is_ancestor(j->m, (gint32)a, (gint32)b) && !audit_account_is_ancestor(j->m, (gint32)b, (gint32)a);
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

/* The survivor: most related records, then created earlier (the CreatedDate to the second: an org loaded
 * twice in one day has its copies apart by the time), then the lower Id. */
static gboolean better_survivor(const AuditModel *m, guint a, guint b)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint ra = related_records(m, a), rb = related_records(m, b);
  if (ra != rb)
    return ra > rb;
  gint64 ca = checks_created_at(t, a), cb = checks_created_at(t, b);
  if (ca != cb)
    return ca < cb;
  return strcmp(audit_id(t, a), audit_id(t, b)) < 0;
}

/* Group k's survivor: the best of its members by better_survivor (whose last rule, the Id, sets apart any
 * two, so the order of the members does not matter). */
static guint32 group_survivor(const AuditModel *m, const AuditMatchGroups *g, guint k)
{
  guint32 survivor = g->members[g->member_start[k]];
  for (guint32 i = g->member_start[k] + 1; i < g->member_start[k + 1]; i++)
    if (better_survivor(m, g->members[i], survivor))
      survivor = g->members[i];
  return survivor;
}

const char *const checks_account_groups_options_of[] = {"account-duplicate", NULL};

gint32 *checks_account_groups(const AuditContext *ctx, gboolean merged_only)
{
  const AuditModel *m = ctx->model;
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = acc->present ? acc->nrows : 0;
  gint32 *master = g_new(gint32, n + 1);
  for (guint a = 0; a < n; a++)
    master[a] = (gint32)a;
  if (!n || !audit_ctx_check_runs(ctx, audit_check_account_duplicate.id))
    return master;
  const AuditMatchGroups *g = audit_account_groups_shared(ctx);
  for (guint k = 0; k < g->ngroups; k++) {
    if (merged_only && !g->merge_evidence[k])
      continue;
    guint32 survivor = group_survivor(m, g, k);
    for (guint32 j = g->member_start[k]; j < g->member_start[k + 1]; j++)
      master[g->members[j]] = (gint32)survivor;
  }
  return master;
}

/* Why the survivor was chosen, in plain words: the first of better_survivor's rules that set it apart from
 * the others it ties with (its related records, when it was created, its Id). Into out. */
static const char *survivor_reason(const AuditModel *m, const GArray *members, guint survivor, GString *out)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = related_records(m, survivor);
  gint64 at = checks_created_at(t, survivor);
  gboolean tie_related = FALSE, tie_created = FALSE;
  for (guint i = 0; i < members->len; i++) {
    guint x = g_array_index(members, guint32, i);
    if (x == survivor || related_records(m, x) != n)
      continue;
    tie_related = TRUE;
    tie_created |= checks_created_at(t, x) == at;
  }
  const char *created = audit_text(t, survivor, AUDIT_F_CREATED);
  if (!tie_related)
    g_string_printf(out, "which has the most related records (%u)", n);
  else if (!tie_created && n)
    g_string_printf(out, "which ties for the most related records (%u) and was created earlier (%s)", n, created);
  else if (!tie_created)
    g_string_printf(out, "which was created earlier (%s): none of them has related records", created);
  else if (n)
    g_string_printf(out, "which ties for the most related records (%u) and %s, and comes first by Id", n,
                    at == G_MAXINT64 ? "has no creation date to tell them apart" : "the same creation time");
  else
    g_string_printf(out, "the first by Id: none of them has related records, and %s",
                    at == G_MAXINT64 ? "none has a creation date" : "none was created earlier");
  return out->str;
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
  {"weights", AUDIT_COL_STR},
  {0}};

/* What each signal weighed in a pair's score: "name +1.00, phone +0.10, city -0.20". */
static const char *signal_weights(const AuditPairScore *s, GString *out)
{
  g_string_truncate(out, 0);
  for (guint i = 0; i < AUDIT_SIG_COUNT; i++) {
    guint bit = 1u << i;
    if (!((s->matched | s->conflicts) & bit))
      continue;
    if (out->len)
      g_string_append(out, ", ");
    audit_match_signals_text(bit, out);
    g_string_append_printf(out, " %+.2f", s->weight[i]);
  }
  return out->str;
}

static gint compare_members(gconstpointer pa, gconstpointer pb, gpointer data)
{
  const AuditTable *t = data;
  return strcmp(audit_id(t, *(const guint32 *)pa), audit_id(t, *(const guint32 *)pb));
}

/* The groups, with account-duplicate's options whichever check asks first. */
static gpointer groups_build(const AuditContext *ctx)
{
  AuditContext own;
  audit_contact_rules_ctx(ctx, &audit_check_account_duplicate, &own);
#define OPTIONS(seg) ((const DuplicateOptions *)audit_ctx_options(&own, (seg)))
  const AuditModel *m = ctx->model;
  guint cap = (guint)OPTIONS(0)->block_cap;
  double c0 = thread_cpu();
  const AuditMatchSet *set = audit_match_accounts_shared(ctx);
  double c1 = thread_cpu();
  AuditBlockStats bs;
  const AuditNameIndex *name_index = audit_match_account_names_shared(ctx);
  double c2 = thread_cpu();
  g_autoptr(GArray) cand = audit_match_candidates(set, name_index, cap, &bs);
  double c3 = thread_cpu();
  /* a pair is held to the stricter threshold of its two accounts' segments */
  g_autoptr(GArray) above = g_array_new(FALSE, FALSE, sizeof(AuditScoredPair));
  const guint64 *c = (const guint64 *)cand->data;
  for (guint k = 0; k < cand->len; k++) {
    AuditScoredPair p = {(guint32)(c[k] >> 32), (guint32)c[k], {0}};
    audit_match_score(set, p.a, p.b, &p.s);
    double need = MAX(OPTIONS(audit_ctx_segment(ctx, (gint32)p.a))->threshold,
                      OPTIONS(audit_ctx_segment(ctx, (gint32)p.b))->threshold);
    if (p.s.score + 1e-9 >= need)
      g_array_append_val(above, p);
  }
#undef OPTIONS
  double c4 = thread_cpu();
  JoinRule rule = {m, set};
  AuditMatchGroups *g = audit_match_groups_new(set, above, may_join, &rule);
  g->blocks = bs;
  g->pairs_candidates = cand->len;
  audit_timing("account-duplicate (CPU) features %.2f s, name index %.2f s, candidates %.2f s (%u pairs, %"
               G_GUINT64_FORMAT " keys), scoring %.2f s, groups %.2f s", c1 - c0, c2 - c1, c3 - c2, cand->len, bs.keys,
               c4 - c3, thread_cpu() - c4);
  if (bs.pairs_not_compared)
  {
    g_autofree char *text = g_strdup_printf(
        "account-duplicate: %" G_GUINT64_FORMAT " pairs of accounts were not compared: %" G_GUINT64_FORMAT
        " blocking keys are held by more than block_cap (%u) accounts; they were split by city, country, domain, "
        "phone and street, accounts identical on all of them linked to one (%" G_GUINT64_FORMAT "), and the rest "
        "compared with their %d nearest names only (raise [check.account-duplicate] block_cap to compare more)",
        bs.pairs_not_compared, bs.blocks_capped, cap, bs.records_linked, 8);
    audit_ctx_notice(ctx, text);
  }
  return g;
}

const AuditMatchGroups *audit_account_groups_shared(const AuditContext *ctx)
{
  return audit_ctx_shared(ctx, "match:account-groups", groups_build, (GDestroyNotify)audit_match_groups_free);
}

/* At most this many duplicates are named in a message and a fix text; all are in the evidence and the fix
 * fields. */
#define NAMED_MAX 10

static void duplicate_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditMatchGroups *g = audit_account_groups_shared(ctx);
  audit_sink_stat(out, "candidate_pairs", (gint64)g->pairs_candidates);
  audit_sink_stat(out, "blocks_split_over_cap", (gint64)g->blocks.blocks_capped);
  audit_sink_stat(out, "records_linked_identical", (gint64)g->blocks.records_linked);
  audit_sink_stat(out, "pairs_not_compared", (gint64)g->blocks.pairs_not_compared);
  audit_sink_stat(out, "pairs_above_threshold", (gint64)g->pairs_above);
  GString *text = g_string_new(NULL), *names = g_string_new(NULL), *dups = g_string_new(NULL);
  guint weak_groups = 0;
  GArray *members = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint k = 0; k < g->ngroups; k++) {
    g_array_set_size(members, 0);
    g_array_append_vals(members, g->members + g->member_start[k], g->member_start[k + 1] - g->member_start[k]);
    const AuditScoredPair *pairs = g->pairs + g->pair_start[k];
    guint npairs = g->pair_start[k + 1] - g->pair_start[k];
    double best = npairs ? pairs[0].s.score : 0;
    g_array_sort_with_data(members, compare_members, (gpointer)t);
    guint32 survivor = group_survivor(m, g, k);
    g_string_truncate(names, 0);
    g_string_truncate(dups, 0);
    guint named = 0;
    for (guint i = 0; i < members->len; i++) {
      guint32 x = g_array_index(members, guint32, i);
      if (x == survivor)
        continue;
      if (named < NAMED_MAX) {
        if (names->len)
          g_string_append(names, ", ");
        g_string_append_printf(names, "'%s' (%s)", audit_text(t, x, ACCOUNT_NAME), audit_id(t, x));
      }
      named++;
      if (dups->len)
        g_string_append_c(dups, ';');
      g_string_append(dups, audit_id(t, x));
    }
    if (named > NAMED_MAX)
      g_string_append_printf(names, " and %u more", named - NAMED_MAX);
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
    /* the pairs that join the group, best first: its best spanning tree (one pair fewer than members) */
    audit_evidence_rows_begin(out, "pairs", pair_columns);
    for (guint i = 0; i < npairs; i++) {
      const AuditScoredPair *p = &pairs[i];
      guint32 a = p->a, b = p->b;
      if (strcmp(audit_id(t, a), audit_id(t, b)) > 0) {
        guint32 sw = a;
        a = b;
        b = sw;
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
      audit_row_str(out, signal_weights(&p->s, text));
    }
    gboolean strong = g->merge_evidence[k];
    audit_evidence_bool(out, "merge_evidence", strong);
    if (!strong) {
      /* the finding stands; the merge waits for a person who knows */
      weak_groups++;
      /* what the pairs that lack merge evidence agree on: the name, and the city where one does */
      guint agreed = 0;
      for (guint i = 0; i < npairs; i++)
        if (!(pairs[i].s.matched & AUDIT_MATCH_STRONG))
          agreed |= pairs[i].s.matched;
      audit_fix_text(out, "confirm that they are one company before merging %s into '%s' (%s): the pairs that join "
                     "them agree on the name%s but on no website, phone, street address or postal code, so "
                     "accounts-to-merge.csv leaves them out (and the other checks take them for separate accounts)",
                     names->str,
                     audit_text(t, survivor, ACCOUNT_NAME), audit_id(t, survivor),
                     agreed & AUDIT_SIG_CITY ? " and the city" : "");
      continue;
    }
    audit_fix_text(out, "merge %s into '%s' (%s), %s%s", names->str, audit_text(t, survivor, ACCOUNT_NAME),
                   audit_id(t, survivor), survivor_reason(m, members, survivor, text),
                   members->len > 3 ? "; Salesforce merges up to three accounts at a time" : "");
    audit_fix_action(out, "merge-accounts");
    audit_fix_str(out, "MasterId", audit_id(t, survivor));
    audit_fix_str(out, "DuplicateId", dups->str);
  }
  audit_sink_stat(out, "groups_without_merge_evidence", weak_groups);
  g_array_unref(members);
  g_string_free(text, TRUE);
  g_string_free(names, TRUE);
  g_string_free(dups, TRUE);
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
    "number, the street address and the billing city or postal code support a match (a value many accounts "
    "share less), while another website or another country count against it (the same name abroad with "
    "another website is a separate legal entity: use the hierarchy), and another street address is another "
    "site (two sites are never grouped; a name with a legal form is one entity at any address). Pairs are grouped best score first; a parent and its child are never grouped. "
    "Each group's joining pairs, with their scores, signals and weights, are in the evidence.",
  .fix = "Merge the duplicates into the survivor: the account with the most contacts and opportunities, then "
         "the one created earlier (CreatedDate to the second), then the first by Id. accounts-to-merge.csv lists MasterId and the DuplicateId(s), ';'-separated, for the groups "
         "whose pairs agree on a website, a phone, a street address or a postal code (evidence.merge_evidence); "
         "a group joined by its name (and city) alone is reported but left out of the file: confirm it first.",
  .example = "2 accounts look like the same company: 'Acme, Inc.' and 'ACME Incorporated' (001...) (best pair "
             "score 1.00)",
  .run = duplicate_run,
};
