/* Record matching, groups: scored pairs joined best score first into groups
 * whose evidence is their best spanning tree (match.h). */
#include "match-internal.h"

static guint32 uf_find(guint32 *parent, guint32 x)
{
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/* Best score first, then by the two rows: deterministic. */
static int compare_pairs(const void *pa, const void *pb)
{
  const AuditScoredPair *x = pa, *y = pb;
  if (x->s.score != y->s.score)
    return x->s.score > y->s.score ? -1 : 1;
  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : x->b > y->b;
}

/* May every member of one group share a group with every member of the other? */
static gboolean groups_may_join(const GArray *x, const GArray *y, AuditMayJoin may_join, gpointer data)
{
  for (guint i = 0; i < x->len; i++)
    for (guint j = 0; j < y->len; j++)
      if (!may_join(g_array_index(x, guint32, i), g_array_index(y, guint32, j), data))
        return FALSE;
  return TRUE;
}

/* Would joining two groups put two sites in one (audit_match_sites_differ)? sites: each group's members with
 * a street address, one per address and place. */
static gboolean groups_sites_differ(const AuditMatchSet *set, const GArray *x, const GArray *y)
{
  for (guint i = 0; i < x->len; i++)
    for (guint j = 0; j < y->len; j++)
      if (audit_match_sites_differ(&set->rec[g_array_index(x, guint32, i)], &set->rec[g_array_index(y, guint32, j)]))
        return TRUE;
  return FALSE;
}

/* Add y's sites to x's, leaving out those at a site x already holds. */
static void sites_merge(const AuditMatchSet *set, GArray *x, const GArray *y)
{
  guint had = x->len;
  for (guint j = 0; j < y->len; j++) {
    const AuditMatchRecord *r = &set->rec[g_array_index(y, guint32, j)];
    gboolean held = FALSE;
    for (guint i = 0; !held && i < had; i++) {
      const AuditMatchRecord *q = &set->rec[g_array_index(x, guint32, i)];
      held = strcmp(q->address, r->address) == 0 && g_strcmp0(q->city, r->city) == 0 &&
             g_strcmp0(q->postal, r->postal) == 0;
    }
    if (!held)
      g_array_append_val(x, g_array_index(y, guint32, j));
  }
}

AuditMatchGroups *audit_match_groups_new(const AuditMatchSet *set, GArray *pairs, AuditMayJoin may_join,
                                         gpointer data)
{
  guint n = set->n;
  AuditMatchGroups *g = g_new0(AuditMatchGroups, 1);
  g->n = n;
  g->pairs_above = pairs->len;
  if (pairs->len > 1)
    qsort(pairs->data, pairs->len, sizeof(AuditScoredPair), compare_pairs);
  guint32 *parent = g_new(guint32, n + 1), *strong = g_new(guint32, n + 1);
  for (guint i = 0; i < n; i++)
    parent[i] = strong[i] = i;
  /* per group root: its members in a hierarchy, the only ones may_join has to hear about (NULL: none) */
  GArray **watch = may_join ? g_new0(GArray *, n + 1) : NULL;
  for (guint i = 0; watch && i < n; i++)
    if (set->rec[i].root >= 0) {
      watch[i] = g_array_new(FALSE, FALSE, sizeof(guint32));
      g_array_append_val(watch[i], i);
    }
  /* per group root: its members with a street address, one per site (NULL: none) */
  GArray **sites = g_new0(GArray *, n + 1);
  for (guint i = 0; i < n; i++)
    if (set->rec[i].address) {
      sites[i] = g_array_new(FALSE, FALSE, sizeof(guint32));
      g_array_append_val(sites[i], i);
    }
  gboolean *tree = g_new0(gboolean, pairs->len + 1);
  for (guint i = 0; i < pairs->len; i++) {
    const AuditScoredPair *p = &g_array_index(pairs, AuditScoredPair, i);
    guint32 ra = uf_find(parent, p->a), rb = uf_find(parent, p->b);
    if (ra == rb) {
      /* already one group: not in the tree, but its signals count for the merge evidence */
      if (p->s.matched & AUDIT_MATCH_STRONG) {
        guint32 sa = uf_find(strong, p->a), sb = uf_find(strong, p->b);
        strong[MAX(sa, sb)] = MIN(sa, sb);
      }
      continue;
    }
    if (watch && watch[ra] && watch[rb] && !groups_may_join(watch[ra], watch[rb], may_join, data))
      continue; /* would put an account and its ancestor in one group */
    if (sites[ra] && sites[rb] && groups_sites_differ(set, sites[ra], sites[rb]))
      continue; /* would put two sites of one organisation in one group */
    tree[i] = TRUE;
    if (p->s.matched & AUDIT_MATCH_STRONG) {
      guint32 sa = uf_find(strong, p->a), sb = uf_find(strong, p->b);
      strong[MAX(sa, sb)] = MIN(sa, sb);
    }
    guint32 lo = MIN(ra, rb), hi = MAX(ra, rb);
    parent[hi] = lo;
    if (sites[hi]) {
      if (!sites[lo])
        sites[lo] = g_array_new(FALSE, FALSE, sizeof(guint32));
      sites_merge(set, sites[lo], sites[hi]);
      g_array_unref(sites[hi]);
      sites[hi] = NULL;
    }
    if (watch && watch[hi]) {
      if (!watch[lo])
        watch[lo] = g_array_new(FALSE, FALSE, sizeof(guint32));
      g_array_append_vals(watch[lo], watch[hi]->data, watch[hi]->len);
      g_array_unref(watch[hi]);
      watch[hi] = NULL;
    }
  }
  for (guint i = 0; i < n; i++)
    if (sites[i])
      g_array_unref(sites[i]);
  g_free(sites);
  if (watch) {
    for (guint i = 0; i < n; i++)
      if (watch[i])
        g_array_unref(watch[i]);
    g_free(watch);
  }
  /* number the groups by their first row; members by row; tree pairs best first */
  g->group = g_new(gint32, n + 1);
  guint32 *size = g_new0(guint32, n + 1);
  for (guint i = 0; i < pairs->len; i++)
    if (tree[i]) {
      const AuditScoredPair *p = &g_array_index(pairs, AuditScoredPair, i);
      size[uf_find(parent, p->a)]++; /* pairs per root */
    }
  gint32 *number = g_new(gint32, n + 1);
  for (guint i = 0; i < n; i++)
    number[i] = -1;
  guint ng = 0;
  for (guint i = 0; i < n; i++) {
    guint32 r = uf_find(parent, i);
    if (size[r] && number[r] < 0)
      number[r] = (gint32)ng++;
    g->group[i] = size[r] ? number[r] : -1;
  }
  g->ngroups = ng;
  g->member_start = g_new0(guint32, ng + 1);
  g->pair_start = g_new0(guint32, ng + 1);
  for (guint i = 0; i < n; i++)
    if (g->group[i] >= 0)
      g->member_start[g->group[i] + 1]++;
  for (guint i = 0; i < n; i++)
    if (size[i])
      g->pair_start[number[i] + 1] = size[i];
  for (guint k = 0; k < ng; k++) {
    g->member_start[k + 1] += g->member_start[k];
    g->pair_start[k + 1] += g->pair_start[k];
  }
  g->members = g_new(guint32, g->member_start[ng] + 1);
  g->pairs = g_new(AuditScoredPair, g->pair_start[ng] + 1);
  g_autofree guint32 *fill = g_new0(guint32, ng + 1);
  for (guint i = 0; i < n; i++)
    if (g->group[i] >= 0) {
      guint k = (guint)g->group[i];
      g->members[g->member_start[k] + fill[k]++] = i;
    }
  memset(fill, 0, (ng + 1) * sizeof *fill);
  for (guint i = 0; i < pairs->len; i++)
    if (tree[i]) {
      const AuditScoredPair *p = &g_array_index(pairs, AuditScoredPair, i);
      guint k = (guint)g->group[p->a];
      g->pairs[g->pair_start[k] + fill[k]++] = *p;
    }
  g->merge_evidence = g_new0(gboolean, ng + 1);
  for (guint k = 0; k < ng; k++) {
    guint32 first = uf_find(strong, g->members[g->member_start[k]]);
    gboolean all = TRUE;
    for (guint j = g->member_start[k] + 1; all && j < g->member_start[k + 1]; j++)
      all = uf_find(strong, g->members[j]) == first;
    g->merge_evidence[k] = all;
  }
  g_free(number);
  g_free(size);
  g_free(tree);
  g_free(parent);
  g_free(strong);
  return g;
}

void audit_match_groups_free(AuditMatchGroups *g)
{
  if (!g)
    return;
  g_free(g->group);
  g_free(g->member_start);
  g_free(g->members);
  g_free(g->pair_start);
  g_free(g->pairs);
  g_free(g->merge_evidence);
  g_free(g);
}
