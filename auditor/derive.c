/* One derive step (derive.h). */
#include "derive.h"
#include "domain.h"
#include "match.h"
#include "segments.h"
#include "timing.h"

#include <string.h>

/* ---- references, links, activities, open flags ---- */

/* Resolve one reference; see record-dangling-reference for the rule. */
static gint32 resolve(const AuditModel *m, AuditObjects targets, const char *id, guint8 *obj)
{
  gsize len = strlen(id);
  *obj = AUDIT_OBJ_COUNT;
  if (len == 0)
    return AUDIT_REF_BLANK;
  gint prefix_obj = audit_object_of_id(id, len);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    if (!(targets & AUDIT_BIT(o)) || !m->tables[o].present)
      continue;
    if (prefix_obj >= 0 && prefix_obj != (gint)o)
      continue;
    gint32 row = audit_table_find(&m->tables[o], id, len);
    if (row >= 0) {
      *obj = (guint8)o;
      return row;
    }
  }
  if (prefix_obj >= 0) {
    if ((targets & AUDIT_BIT(prefix_obj)) && m->tables[prefix_obj].present) {
      *obj = (guint8)prefix_obj;
      return AUDIT_REF_DANGLING;
    }
    return AUDIT_REF_FOREIGN;
  }
  if (audit_id_is_salesforce(id, len))
    return AUDIT_REF_FOREIGN; /* a Salesforce object we do not model: queue, case, ... */
  /* Not a Salesforce Id (another CRM): dangling when the only target is there. */
  if (__builtin_popcount(targets) == 1) {
    guint o = (guint)__builtin_ctz(targets);
    if (m->tables[o].present) {
      *obj = (guint8)o;
      return AUDIT_REF_DANGLING;
    }
  }
  return AUDIT_REF_FOREIGN;
}

/* The table a reference most likely points into: its prefix's, else the first target. */
static const AuditTable *likely_target(const AuditModel *m, AuditObjects targets, const char *id, gsize len)
{
  gint o = audit_object_of_id(id, len);
  if (o >= 0)
    return (targets & AUDIT_BIT(o)) && m->tables[o].present ? &m->tables[o] : NULL;
  for (guint k = 0; k < AUDIT_OBJ_COUNT; k++)
    if ((targets & AUDIT_BIT(k)) && m->tables[k].present)
      return &m->tables[k];
  return NULL;
}

static void resolve_table(AuditModel *m, AuditTable *t)
{
  guint nf;
  const AuditFieldDef *defs = audit_schema(t->obj, &nf);
  for (guint f = 0; f < nf; f++) {
    if (defs[f].type != AUDIT_FT_REF || t->known[f] < 0)
      continue;
    gint col = t->known[f];
    t->i32[f] = g_new(gint32, MAX(t->nrows, 1));
    t->ref_obj[f] = g_new(guint8, MAX(t->nrows, 1));
    /* resolve in batches, prefetching each lookup's slot first: the index
     * of a big table does not fit in the cache */
    enum { BATCH = 16 };
    for (guint r0 = 0; r0 < t->nrows; r0 += BATCH) {
      guint n = MIN(BATCH, t->nrows - r0);
      for (guint k = 0; k < n; k++) {
        const char *id = audit_cell(t, r0 + k, col);
        gsize len = strlen(id);
        const AuditTable *target = len ? likely_target(m, defs[f].targets, id, len) : NULL;
        if (target)
          __builtin_prefetch(audit_table_index_slot(target, id, len));
      }
      for (guint k = 0; k < n; k++)
        t->i32[f][r0 + k] = resolve(m, defs[f].targets, audit_cell(t, r0 + k, col), &t->ref_obj[f][r0 + k]);
    }
  }
}

static void resolve_worker(gpointer data, gpointer user)
{
  resolve_table(user, data);
}

/* Counting sort of children by parent: a compressed one-to-many link. */
static void link_build(AuditLink *l, guint nparents, guint nchildren, const gint32 *parent_of,
                       const guint8 *parent_obj, guint8 want_obj)
{
  l->start = g_new0(guint32, nparents + 2);
  for (guint c = 0; c < nchildren; c++) {
    gint32 p = parent_of ? parent_of[c] : -1;
    if (p >= 0 && (!parent_obj || parent_obj[c] == want_obj))
      l->start[p + 2]++;
  }
  for (guint p = 0; p < nparents; p++)
    l->start[p + 2] += l->start[p + 1];
  l->items = g_new(guint32, MAX(l->start[nparents + 1], 1));
  for (guint c = 0; c < nchildren; c++) {
    gint32 p = parent_of ? parent_of[c] : -1;
    if (p >= 0 && (!parent_obj || parent_obj[c] == want_obj))
      l->items[l->start[p + 1]++] = c;
  }
}

static void build_activities(AuditModel *m)
{
  const AuditObject src[] = {AUDIT_OBJ_TASK, AUDIT_OBJ_EVENT};
  guint n = 0;
  for (guint s = 0; s < 2; s++)
    n += m->tables[src[s]].nrows;
  m->activities = g_new(AuditActivity, MAX(n, 1));
  m->nactivities = n;
  guint k = 0;
  for (guint s = 0; s < 2; s++) {
    const AuditTable *t = &m->tables[src[s]];
    for (guint r = 0; r < t->nrows; r++, k++) {
      AuditActivity *a = &m->activities[k];
      a->who = audit_ref(t, r, ACTIVITY_WHO);
      a->who_obj = (guint8)audit_ref_object(t, r, ACTIVITY_WHO);
      a->what = audit_ref(t, r, ACTIVITY_WHAT);
      a->what_obj = (guint8)audit_ref_object(t, r, ACTIVITY_WHAT);
      a->day = audit_day(t, r, ACTIVITY_DATE);
      if (a->day == AUDIT_DAY_NONE)
        a->day = audit_day(t, r, ACTIVITY_START);
      if (a->day == AUDIT_DAY_NONE)
        a->day = audit_day(t, r, AUDIT_F_CREATED);
      a->src_obj = (guint8)src[s];
      a->src_row = r;
    }
  }
}

static void activity_link(AuditModel *m, AuditLink *l, AuditObject parent, gboolean by_who)
{
  guint n = m->nactivities;
  gint32 *ref = g_new(gint32, MAX(n, 1));
  guint8 *obj = g_new(guint8, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    ref[i] = by_who ? m->activities[i].who : m->activities[i].what;
    obj[i] = by_who ? m->activities[i].who_obj : m->activities[i].what_obj;
  }
  link_build(l, m->tables[parent].nrows, n, ref, obj, (guint8)parent);
  g_free(ref);
  g_free(obj);
}

static void classify_opportunities(AuditModel *m)
{
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  m->opportunity_open = g_new(guint8, MAX(opps->nrows, 1));
  for (guint r = 0; r < opps->nrows; r++) {
    int closed = audit_flag(opps, r, OPPORTUNITY_IS_CLOSED);
    m->opportunity_open[r] = closed != AUDIT_BOOL_NONE
                               ? !closed
                               : audit_stage_is_open(audit_text(opps, r, OPPORTUNITY_STAGE),
                                                     (const char *const *)m->open_stages);
  }
}

/* ---- the account tree ---- */

enum { TREE_UNSEEN, TREE_ON_PATH, TREE_DONE };

/* Per account: root, depth and state (model.h), in one pass: each chain is
 * walked up to an account already done, a top, or itself (a cycle), then
 * unwound; every account is walked once, so any depth costs linear time. */
static void derive_tree(AuditModel *m)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = t->nrows;
  m->account_root = g_new(gint32, MAX(n, 1));
  m->account_depth = g_new0(guint32, MAX(n, 1));
  m->account_tree = g_new0(guint8, MAX(n, 1));
  g_autofree guint8 *seen = g_new0(guint8, MAX(n, 1));
  GArray *path = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint r = 0; r < n; r++) {
    if (seen[r] != TREE_UNSEEN)
      continue;
    g_array_set_size(path, 0);
    guint32 cur = r;
    gint32 root;
    guint32 depth;
    AuditTreeState state;
    for (;;) {
      if (seen[cur] == TREE_DONE) {
        root = m->account_root[cur];
        depth = m->account_depth[cur];
        state = m->account_tree[cur] == AUDIT_TREE_TOP ? AUDIT_TREE_TOP : AUDIT_TREE_UNDER_CYCLE;
        break;
      }
      if (seen[cur] == TREE_ON_PATH) {
        /* a cycle: the path from cur (its place kept in account_depth) on */
        guint k = m->account_depth[cur];
        guint32 low = cur;
        for (guint i = k; i < path->len; i++)
          low = MIN(low, g_array_index(path, guint32, i));
        for (guint i = k; i < path->len; i++) {
          guint32 x = g_array_index(path, guint32, i);
          m->account_root[x] = (gint32)low;
          m->account_depth[x] = 0;
          m->account_tree[x] = AUDIT_TREE_CYCLE;
          seen[x] = TREE_DONE;
        }
        g_array_set_size(path, k);
        root = (gint32)low;
        depth = 0;
        state = AUDIT_TREE_UNDER_CYCLE;
        break;
      }
      seen[cur] = TREE_ON_PATH;
      m->account_depth[cur] = path->len;
      g_array_append_val(path, cur);
      gint32 up = audit_ref(t, cur, ACCOUNT_PARENT);
      if (up < 0) { /* a top, or a parent that is not there: the chain stops */
        g_array_set_size(path, path->len - 1);
        m->account_root[cur] = (gint32)cur;
        m->account_depth[cur] = 0;
        m->account_tree[cur] = AUDIT_TREE_TOP;
        seen[cur] = TREE_DONE;
        root = (gint32)cur;
        depth = 0;
        state = AUDIT_TREE_TOP;
        break;
      }
      cur = (guint32)up;
    }
    /* unwind: each account of the path is one below the next */
    for (guint i = path->len; i > 0; i--) {
      guint32 x = g_array_index(path, guint32, i - 1);
      if (state == AUDIT_TREE_TOP)
        depth++;
      m->account_root[x] = root;
      m->account_depth[x] = state == AUDIT_TREE_TOP ? depth : 0;
      m->account_tree[x] = (guint8)state;
      seen[x] = TREE_DONE;
    }
  }
  /* the hierarchies under a top, and those hanging from a cycle's accounts,
   * depth first, without recursion: an account's descendants follow it in
   * account_pre, account_span of them */
  m->account_pre = g_new0(guint32, MAX(n, 1));
  m->account_span = g_new0(guint32, MAX(n, 1));
  guint32 *next = g_new(guint32, MAX(n, 1)); /* per account on the stack: its next child's place */
  guint32 order = 0;
  for (guint r = 0; r < n; r++) {
    if (m->account_tree[r] == AUDIT_TREE_UNDER_CYCLE ||
        (m->account_tree[r] == AUDIT_TREE_TOP && m->account_root[r] != (gint32)r))
      continue;
    g_array_set_size(path, 0);
    m->account_pre[r] = order++;
    next[r] = m->account_children.start[r];
    g_array_append_val(path, r);
    while (path->len) {
      guint32 x = g_array_index(path, guint32, path->len - 1);
      if (next[x] < m->account_children.start[x + 1]) {
        guint32 c = m->account_children.items[next[x]++];
        if (m->account_tree[c] == AUDIT_TREE_CYCLE)
          continue; /* the cycle's next account: a start of its own */
        m->account_pre[c] = order++;
        next[c] = m->account_children.start[c];
        g_array_append_val(path, c);
      } else {
        m->account_span[x] = order - m->account_pre[x] - 1;
        g_array_set_size(path, path->len - 1);
      }
    }
  }
  g_free(next);
  g_array_unref(path);
}

/* ---- repeated rows ---- */

static void derive_repeats(AuditTable *t)
{
  if (!t->duplicate_rows || t->duplicate_rows->len == 0)
    return;
  t->repeat = g_new0(guint8, t->nrows / 8 + 1);
  for (guint i = 0; i < t->duplicate_rows->len; i++) {
    guint32 r = g_array_index(t->duplicate_rows, guint32, i);
    t->repeat[r >> 3] |= (guint8)(1u << (r & 7));
  }
}

void audit_derive_model(AuditModel *m, guint jobs)
{
  gint64 t0 = g_get_monotonic_time();
  GThreadPool *pool = g_thread_pool_new(resolve_worker, m, (gint)MAX(jobs, 1), FALSE, NULL);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    if (m->tables[o].present)
      g_thread_pool_push(pool, &m->tables[o], NULL);
  g_thread_pool_free(pool, FALSE, TRUE);

  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *opp = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *ocr = &m->tables[AUDIT_OBJ_CONTACT_ROLE];

  link_build(&m->account_contacts, acc->nrows, con->nrows, con->i32[CONTACT_ACCOUNT], NULL, 0);
  link_build(&m->account_opportunities, acc->nrows, opp->nrows, opp->i32[OPPORTUNITY_ACCOUNT], NULL, 0);
  link_build(&m->account_children, acc->nrows, acc->nrows, acc->i32[ACCOUNT_PARENT], NULL, 0);
  link_build(&m->opportunity_roles, opp->nrows, ocr->nrows, ocr->i32[ROLE_OPPORTUNITY], NULL, 0);
  link_build(&m->contact_roles, con->nrows, ocr->nrows, ocr->i32[ROLE_CONTACT], NULL, 0);

  classify_opportunities(m);
  build_activities(m);
  activity_link(m, &m->contact_activities, AUDIT_OBJ_CONTACT, TRUE);
  activity_link(m, &m->lead_activities, AUDIT_OBJ_LEAD, TRUE);
  activity_link(m, &m->opportunity_activities, AUDIT_OBJ_OPPORTUNITY, FALSE);
  activity_link(m, &m->account_activities, AUDIT_OBJ_ACCOUNT, FALSE);
  derive_tree(m);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    derive_repeats(&m->tables[o]);
  audit_timing("derive (references, links, tree) %.2f s", audit_timing_since(t0));
}

void audit_derive_matching(AuditModel *m, const AuditConfig *cfg)
{
  gint64 t1 = g_get_monotonic_time();
  m->domains = audit_domains_derive(m, cfg);
  m->domains_free = (GDestroyNotify)audit_domains_free;
  audit_timing("domains %.2f s (%u registrable domains)", audit_timing_since(t1), m->domains->names->len - 1);
  audit_email_counts_derive(m);
}

/* ---- the as-of, the stage model, the segments ---- */

gint32 audit_today(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  return audit_days_from_civil(g_date_time_get_year(now), g_date_time_get_month(now),
                               g_date_time_get_day_of_month(now));
}

#define AS_OF_OVERRIDE "--as-of or [audit] as_of"
#define AS_OF_LATE_DAYS 60

/* As-of: --as-of, else [audit] as_of, else the newest timestamp of the
 * export (not today: an export audited later must read as of its day). */
static gint32 infer_as_of(AuditModel *m, const AuditConfig *cfg, gint32 given_option)
{
  gint32 today = audit_today();
  AuditNewest nw;
  audit_model_newest(m, today + 1, &nw);
  char day[11], newest[11] = "", ignored[11] = "";
  if (nw.day != AUDIT_DAY_NONE)
    audit_day_format(nw.day, newest);
  if (nw.ignored_day != AUDIT_DAY_NONE)
    audit_day_format(nw.ignored_day, ignored);
  gint32 given = given_option != AUDIT_DAY_NONE ? given_option : cfg->as_of;
  if (given != AUDIT_DAY_NONE) {
    audit_day_format(given, day);
    if (nw.day != AUDIT_DAY_NONE && given - nw.day > AS_OF_LATE_DAYS)
      audit_model_notice(m, "as-of %s (%s) is %d days after the newest record of the export (%s, %s in %s): "
                         "every rule on time (stale, stagnant, engaged, the win-loss period) reads the data as "
                         "that much older; is the export that old?", day,
                         given_option != AUDIT_DAY_NONE ? "--as-of" : "[audit] as_of", given - nw.day, newest, nw.column,
                         nw.file);
    return given;
  }
  if (nw.ignored)
    audit_model_notice(m, "%" G_GUINT64_FORMAT " timestamp%s left out of the as-of, the newest %s (%s in %s): %s",
                       nw.ignored, nw.ignored == 1 ? "" : "s", ignored, nw.ignored_column, nw.ignored_file,
                       nw.ignored_day > today + 1 ? "after today, which no export can hold"
                                                  : "more than a year after the rest of the export");
  if (nw.day == AUDIT_DAY_NONE) {
    audit_day_format(today, day);
    audit_model_infer(m, "as-of", day,
                      nw.values ? "today: every timestamp of the export lies in the future"
                                : "today: the export has no SystemModstamp, LastModifiedDate or CreatedDate",
                      AS_OF_OVERRIDE);
    return today;
  }
  g_autofree char *from = g_strdup_printf("the newest %s (%s)", nw.column, nw.file);
  audit_model_infer(m, "as-of", newest, from, AS_OF_OVERRIDE);
  return nw.day;
}

gboolean audit_derive(AuditModel *m, AuditConfig *cfg, guint jobs, gint32 as_of_given, gint32 *as_of,
                      GError **error)
{
  audit_derive_model(m, jobs);
  gint64 t0 = g_get_monotonic_time();
  *as_of = infer_as_of(m, cfg, as_of_given);
  if (!audit_config_resolve_stages(cfg, m, error))
    return FALSE;
  if (!audit_segments_map(m, cfg, error))
    return FALSE;
  audit_timing("as-of, stage model, segments %.2f s", audit_timing_since(t0));
  audit_derive_matching(m, cfg);
  return TRUE;
}
