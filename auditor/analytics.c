#include "analytics.h"
#include "config.h"
#include "normalize.h"

#include <string.h>

/* ---- helpers ---- */

static void coverage_row_clear(gpointer p)
{
  AuditCoverageRow *r = p;
  g_free(r->key);
  g_free(r->label);
}

static void role_stat_clear(gpointer p)
{
  g_free(((AuditRoleStat *)p)->role);
}

static void persona_clear(gpointer p)
{
  g_free(((AuditPersona *)p)->title);
}

static void side_init(AuditSide *s)
{
  memset(s, 0, sizeof *s);
  s->roles = g_array_new(FALSE, TRUE, sizeof(AuditRoleStat));
  g_array_set_clear_func(s->roles, role_stat_clear);
}

static void part_clear(gpointer p)
{
  AuditWinLossPart *w = p;
  g_free(w->segment);
  g_array_unref(w->won.roles);
  g_array_unref(w->lost.roles);
}

/* The row of key in a GArray of rows indexed by a hash table. */
static AuditCoverageRow *row_for(GArray *rows, GHashTable *index, const char *key, const char *label)
{
  gpointer at;
  if (g_hash_table_lookup_extended(index, key, NULL, &at))
    return &g_array_index(rows, AuditCoverageRow, GPOINTER_TO_UINT(at));
  AuditCoverageRow r = {g_strdup(key), g_strdup(label ? label : key), 0, 0, 0, 0};
  g_array_append_val(rows, r);
  g_hash_table_insert(index, g_strdup(key), GUINT_TO_POINTER(rows->len - 1));
  return &g_array_index(rows, AuditCoverageRow, rows->len - 1);
}

static void add_coverage(AuditCoverageRow *r, gboolean role, gboolean primary, guint committee)
{
  r->open++;
  r->with_role += role;
  r->with_primary += primary;
  r->committee += committee;
}

/* Committee of an opportunity: distinct contacts holding a non-blank Role.
 * Fills members (contact rows) and returns their number. */
static guint committee_of(const AuditModel *m, guint opp, GArray *members)
{
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  g_array_set_size(members, 0);
  guint32 x;
  AUDIT_LINK_FOREACH(m->opportunity_roles, opp, x) {
    gint32 c = audit_ref(roles, x, ROLE_CONTACT);
    if (c < 0 || audit_is_blank(audit_text(roles, x, ROLE_ROLE)))
      continue;
    gboolean seen = FALSE;
    for (guint k = 0; k < members->len && !seen; k++)
      seen = g_array_index(members, gint32, k) == c;
    if (!seen)
      g_array_append_val(members, c);
  }
  return members->len;
}

/* ---- segments ---- */

/* The segments of the run (the model's segment_values: [segments] field,
 * else the accounts' record types): names, and seg[account row] an index
 * into names + 1, 0 without segments. */
typedef struct {
  GPtrArray *names;
  guint *seg;
} Segments;

static void segments_init(Segments *sg, const AuditModel *m)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  sg->names = g_ptr_array_new_with_free_func(g_free);
  sg->seg = NULL;
  if (!m->segment_values || !m->account_segment_value)
    return;
  for (guint i = 0; i < m->segment_values->len; i++)
    g_ptr_array_add(sg->names, g_strdup(m->segment_values->pdata[i]));
  sg->seg = g_new0(guint, acc->nrows + 1);
  for (guint r = 0; r < acc->nrows; r++)
    sg->seg[r] = m->account_segment_value[r];
}

static void segments_clear(Segments *sg)
{
  g_ptr_array_unref(sg->names);
  g_free(sg->seg);
}

/* The segment (index + 1) of an opportunity's account, 0 for none. */
static guint opportunity_segment(const AuditModel *m, const Segments *sg, guint opp)
{
  gint32 acc = audit_ref(&m->tables[AUDIT_OBJ_OPPORTUNITY], opp, OPPORTUNITY_ACCOUNT);
  return sg->seg && acc >= 0 ? sg->seg[acc] : 0;
}

/* ---- coverage ---- */

static gint compare_stage_rows(gconstpointer pa, gconstpointer pb, gpointer data)
{
  const AuditConfig *cfg = data;
  const AuditCoverageRow *a = pa, *b = pb;
  const AuditStageDef *sa = audit_stage_model_find(cfg, a->key), *sb = audit_stage_model_find(cfg, b->key);
  if (sa && sb && sa->rank != sb->rank)
    return sa->rank < sb->rank ? -1 : 1;
  if (!sa != !sb)
    return sa ? -1 : 1;
  return g_utf8_collate(a->key, b->key);
}

static gint compare_rows_by_key(gconstpointer pa, gconstpointer pb)
{
  return strcmp(((const AuditCoverageRow *)pa)->key, ((const AuditCoverageRow *)pb)->key);
}

static void compute_coverage(const AuditModel *m, const AuditConfig *cfg, const Segments *sg, AuditCoverage *c)
{
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  c->primary_unknown = !audit_has(roles, ROLE_IS_PRIMARY);
  c->all.key = g_strdup("");
  c->all.label = g_strdup("");
  c->by_stage = g_array_new(FALSE, TRUE, sizeof(AuditCoverageRow));
  c->by_owner = g_array_new(FALSE, TRUE, sizeof(AuditCoverageRow));
  c->by_segment = g_array_new(FALSE, TRUE, sizeof(AuditCoverageRow));
  g_array_set_clear_func(c->by_stage, coverage_row_clear);
  g_array_set_clear_func(c->by_owner, coverage_row_clear);
  g_array_set_clear_func(c->by_segment, coverage_row_clear);
  g_autoptr(GHashTable) stages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) owners = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) segments = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  /* every segment, in order, present even when it has no open deal */
  for (guint i = 0; i < sg->names->len; i++)
    row_for(c->by_segment, segments, sg->names->pdata[i], NULL);
  GArray *members = g_array_new(FALSE, FALSE, sizeof(gint32));
  char buf[512];
  for (guint r = 0; r < opps->nrows; r++) {
    if (!audit_opportunity_is_open(m, r))
      continue;
    gboolean primary = FALSE;
    guint n = audit_link_count(&m->opportunity_roles, r);
    guint32 x;
    AUDIT_LINK_FOREACH(m->opportunity_roles, r, x) {
      primary |= audit_flag(roles, x, ROLE_IS_PRIMARY) == 1;
      c->roles++;
      c->blank_roles += audit_is_blank(audit_text(roles, x, ROLE_ROLE));
    }
    guint committee = committee_of(m, r, members);
    add_coverage(&c->all, n > 0, primary, committee);
    /* a stage of the model by its name there (stage names compare case- and accent-insensitively) */
    const AuditStageDef *def = audit_stage_model_find(cfg, audit_text(opps, r, OPPORTUNITY_STAGE));
    g_autofree char *stage = g_strstrip(g_strdup(def ? def->name : audit_text(opps, r, OPPORTUNITY_STAGE)));
    add_coverage(row_for(c->by_stage, stages, stage, NULL), n > 0, primary, committee);
    const char *owner = audit_record_owner(m, AUDIT_OBJ_OPPORTUNITY, r);
    const char *name = *owner ? audit_user_name(m, owner, buf, sizeof buf) : NULL;
    add_coverage(row_for(c->by_owner, owners, owner, name ? name : *owner ? owner : "(no owner)"), n > 0, primary,
                 committee);
    guint seg = opportunity_segment(m, sg, r);
    if (seg)
      add_coverage(row_for(c->by_segment, segments, sg->names->pdata[seg - 1], NULL), n > 0, primary, committee);
    else if (sg->names->len)
      add_coverage(&c->no_segment, n > 0, primary, committee);
  }
  g_array_unref(members);
  g_array_sort_with_data(c->by_stage, compare_stage_rows, (gpointer)cfg);
  g_array_sort(c->by_owner, compare_rows_by_key);
}

/* ---- win-loss ---- */

/* 1 won, 0 lost, -1 neither (open, or not said): IsWon, else the won and
 * lost stages inferred from the export, else the words of the stage. */
static int outcome(const AuditModel *m, const AuditConfig *cfg, guint r)
{
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  if (audit_opportunity_is_open(m, r))
    return -1;
  int won = audit_flag(opps, r, OPPORTUNITY_IS_WON);
  if (won != AUDIT_BOOL_NONE)
    return won;
  const char *stage = audit_text(opps, r, OPPORTUNITY_STAGE);
  if (audit_stage_in(stage, (const char *const *)cfg->stages_won))
    return 1;
  if (audit_stage_in(stage, (const char *const *)cfg->stages_lost))
    return 0;
  g_autofree char *f = audit_fold_name(audit_text(opps, r, OPPORTUNITY_STAGE));
  g_autofree char *padded = g_strconcat(" ", f, " ", NULL);
  if (strstr(padded, " won "))
    return 1;
  if (strstr(padded, " lost "))
    return 0;
  return -1;
}

static AuditRoleStat *side_role(AuditSide *s, const char *role)
{
  for (guint i = 0; i < s->roles->len; i++) {
    AuditRoleStat *x = &g_array_index(s->roles, AuditRoleStat, i);
    if (g_ascii_strcasecmp(x->role, role) == 0)
      return x;
  }
  AuditRoleStat x = {g_strdup(role), 0, 0, 0};
  g_array_append_val(s->roles, x);
  return &g_array_index(s->roles, AuditRoleStat, s->roles->len - 1);
}

const AuditRoleStat *audit_side_role(const AuditSide *s, const char *role)
{
  for (guint i = 0; i < s->roles->len; i++) {
    const AuditRoleStat *x = &g_array_index(s->roles, AuditRoleStat, i);
    if (g_ascii_strcasecmp(x->role, role) == 0)
      return x;
  }
  return NULL;
}

/* Activities of a contact within [from, to]. */
static guint activities_between(const AuditModel *m, gint32 contact, gint32 from, gint32 to)
{
  guint n = 0;
  guint32 a;
  if (!m->contact_activities.start)
    return 0;
  AUDIT_LINK_FOREACH(m->contact_activities, (guint)contact, a) {
    gint32 d = m->activities[a].day;
    n += d != AUDIT_DAY_NONE && d >= from && d <= to;
  }
  return n;
}

static void add_deal(const AuditModel *m, const AuditConfig *cfg, guint opp, gint32 close, AuditSide *s,
                     GHashTable *engaged, GArray *members)
{
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  s->deals++;
  guint n = committee_of(m, opp, members);
  s->committee += n;
  s->members += n;
  for (guint k = 0; k < n; k++) {
    gint32 c = g_array_index(members, gint32, k);
    AuditSeniority lvl = audit_title_seniority(audit_text(contacts, (guint)c, CONTACT_TITLE));
    s->seniority[lvl < AUDIT_SENIORITY_LEVELS ? lvl : 0]++;
    if (activities_between(m, c, close - AUDIT_WIN_LOSS_ENGAGED_DAYS, close) > 0) {
      s->engaged_members++;
      g_hash_table_add(engaged, GINT_TO_POINTER(c + 1));
    }
  }
  /* roles: deals having each, and each holder's activities */
  GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);
  guint32 x;
  AUDIT_LINK_FOREACH(m->opportunity_roles, opp, x) {
    gint32 c = audit_ref(roles, x, ROLE_CONTACT);
    const char *role = audit_text(roles, x, ROLE_ROLE);
    if (c < 0 || audit_is_blank(role))
      continue;
    /* as the standard role: "Tomador de decisión" and "Decision Maker" are one row */
    g_autofree char *r = g_strstrip(g_strdup(audit_role_canonical(cfg, role)));
    AuditRoleStat *st = side_role(s, r);
    st->holders++;
    st->activities += activities_between(m, c, close - AUDIT_WIN_LOSS_ENGAGED_DAYS, close);
    gboolean dup = FALSE;
    for (guint k = 0; k < seen->len && !dup; k++)
      dup = g_ascii_strcasecmp(seen->pdata[k], r) == 0;
    if (!dup) {
      st->deals++;
      g_ptr_array_add(seen, g_strdup(r));
    }
  }
  g_ptr_array_unref(seen);
}

static gint compare_role_stats(gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp(((const AuditRoleStat *)a)->role, ((const AuditRoleStat *)b)->role);
}

static gint compare_personas(gconstpointer a, gconstpointer b)
{
  return g_utf8_collate(((const AuditPersona *)a)->title, ((const AuditPersona *)b)->title);
}

static gint compare_strv(gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static void compute_win_loss(const AuditModel *m, const AuditConfig *cfg, const Segments *sg, AuditWinLoss *w)
{
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  guint nparts = 1 + sg->names->len;
  w->parts = g_array_sized_new(FALSE, TRUE, sizeof(AuditWinLossPart), nparts);
  g_array_set_clear_func(w->parts, part_clear);
  GHashTable **engaged = g_new0(GHashTable *, nparts * 2);
  for (guint p = 0; p < nparts; p++) {
    AuditWinLossPart part = {g_strdup(p ? (const char *)sg->names->pdata[p - 1] : ""), {0}, {0}};
    side_init(&part.won);
    side_init(&part.lost);
    g_array_append_val(w->parts, part);
    engaged[2 * p] = g_hash_table_new(g_direct_hash, g_direct_equal);
    engaged[2 * p + 1] = g_hash_table_new(g_direct_hash, g_direct_equal);
  }
  /* personas: folded title → index */
  w->personas = g_array_new(FALSE, TRUE, sizeof(AuditPersona));
  g_array_set_clear_func(w->personas, persona_clear);
  g_autoptr(GHashTable) persona_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GArray *members = g_array_new(FALSE, FALSE, sizeof(gint32));
  for (guint r = 0; r < opps->nrows; r++) {
    gint32 close = audit_day(opps, r, OPPORTUNITY_CLOSE_DATE);
    int won = outcome(m, cfg, r);
    if (won < 0)
      continue;
    if (close == AUDIT_DAY_NONE) {
      w->unreadable_close++; /* closed, but when cannot be told: said, not silently dropped */
      continue;
    }
    if (close < w->from || close > w->to)
      continue;
    guint seg = opportunity_segment(m, sg, r);
    for (guint p = 0; p < nparts; p++) {
      if (p && p != seg)
        continue;
      AuditWinLossPart *part = &g_array_index(w->parts, AuditWinLossPart, p);
      add_deal(m, cfg, r, close, won ? &part->won : &part->lost, engaged[2 * p + (won ? 0 : 1)], members);
    }
    /* personas of all deals: each folded title once per deal */
    committee_of(m, r, members);
    g_autoptr(GHashTable) in_deal = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint k = 0; k < members->len; k++) {
      const char *title = audit_text(contacts, (guint)g_array_index(members, gint32, k), CONTACT_TITLE);
      g_autofree char *f = audit_fold_name(title);
      if (!*f)
        continue;
      gpointer at;
      if (!g_hash_table_lookup_extended(persona_index, f, NULL, &at)) {
        AuditPersona ps = {g_strstrip(g_strdup(title)), 0, 0};
        g_array_append_val(w->personas, ps);
        at = GUINT_TO_POINTER(w->personas->len);
        g_hash_table_insert(persona_index, g_strdup(f), at);
      }
      if (g_hash_table_add(in_deal, at)) {
        AuditPersona *ps = &g_array_index(w->personas, AuditPersona, GPOINTER_TO_UINT(at) - 1);
        if (won)
          ps->won++;
        else
          ps->lost++;
      }
    }
  }
  g_array_unref(members);
  for (guint p = 0; p < nparts; p++) {
    AuditWinLossPart *part = &g_array_index(w->parts, AuditWinLossPart, p);
    part->won.engaged = g_hash_table_size(engaged[2 * p]);
    part->lost.engaged = g_hash_table_size(engaged[2 * p + 1]);
    g_hash_table_unref(engaged[2 * p]);
    g_hash_table_unref(engaged[2 * p + 1]);
    g_array_sort(part->won.roles, compare_role_stats);
    g_array_sort(part->lost.roles, compare_role_stats);
  }
  g_free(engaged);
  g_array_sort(w->personas, compare_personas);
  /* every role seen on either side of all deals */
  w->roles = g_ptr_array_new_with_free_func(g_free);
  const AuditWinLossPart *all = &g_array_index(w->parts, AuditWinLossPart, 0);
  const AuditSide *sides[] = {&all->won, &all->lost};
  for (guint k = 0; k < 2; k++)
    for (guint i = 0; i < sides[k]->roles->len; i++) {
      const char *role = g_array_index(sides[k]->roles, AuditRoleStat, i).role;
      gboolean dup = FALSE;
      for (guint j = 0; j < w->roles->len && !dup; j++)
        dup = g_ascii_strcasecmp(w->roles->pdata[j], role) == 0;
      if (!dup)
        g_ptr_array_add(w->roles, g_strdup(role));
    }
  g_ptr_array_sort(w->roles, compare_strv);
  w->small_sample = AUDIT_WIN_LOSS_SMALL_SAMPLE;
}

static gint compare_persona_counts(gconstpointer pa, gconstpointer pb, gpointer data)
{
  gboolean won = GPOINTER_TO_INT(data);
  const AuditPersona *a = *(const AuditPersona *const *)pa, *b = *(const AuditPersona *const *)pb;
  guint na = won ? a->won : a->lost, nb = won ? b->won : b->lost;
  if (na != nb)
    return na > nb ? -1 : 1;
  return g_utf8_collate(a->title, b->title);
}

GPtrArray *audit_win_loss_personas(const AuditWinLoss *w, gboolean won_only, guint max)
{
  GPtrArray *out = g_ptr_array_new();
  const AuditWinLossPart *all = w->parts ? &g_array_index(w->parts, AuditWinLossPart, 0) : NULL;
  if (!all || !all->won.deals || !all->lost.deals)
    return out; /* "only in won deals" means nothing without a lost deal to compare (and the reverse) */
  for (guint i = 0; w->personas && i < w->personas->len; i++) {
    AuditPersona *p = &g_array_index(w->personas, AuditPersona, i);
    if (won_only ? (p->won > 0 && p->lost == 0) : (p->lost > 0 && p->won == 0))
      g_ptr_array_add(out, p);
  }
  g_ptr_array_sort_with_data(out, compare_persona_counts, GINT_TO_POINTER(won_only));
  if (out->len > max)
    g_ptr_array_set_size(out, max);
  return out;
}

AuditAnalytics *audit_analytics_compute(const AuditModel *m, const AuditConfig *cfg, gint32 as_of, gint32 from,
                                        gint32 to)
{
  AuditAnalytics *a = g_new0(AuditAnalytics, 1);
  a->win_loss.to = to != AUDIT_DAY_NONE ? to : as_of;
  a->win_loss.from = from != AUDIT_DAY_NONE ? from : a->win_loss.to - 364; /* 365 days, both ends included */
  /* contact roles that cannot be tied to their opportunity and contact say nothing: no figures rather than
   * a wrong 0% */
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  if (!m->tables[AUDIT_OBJ_OPPORTUNITY].present)
    a->why_not = g_strdup("Opportunity.csv is not in the export");
  else if (!roles->present)
    a->why_not = g_strdup("OpportunityContactRole.csv is not in the export");
  else if (!audit_has(roles, ROLE_OPPORTUNITY) || !audit_has(roles, ROLE_CONTACT))
    a->why_not = g_strdup_printf("%s has no %s column", roles->file,
                                 audit_has(roles, ROLE_OPPORTUNITY) ? "ContactId" : "OpportunityId");
  a->have_opportunities = a->why_not == NULL;
  if (!a->have_opportunities)
    return a;
  Segments sg;
  segments_init(&sg, m);
  compute_coverage(m, cfg, &sg, &a->coverage);
  compute_win_loss(m, cfg, &sg, &a->win_loss);
  segments_clear(&sg);
  return a;
}

void audit_analytics_free(AuditAnalytics *a)
{
  if (!a)
    return;
  AuditCoverage *c = &a->coverage;
  g_free(a->why_not);
  g_free(c->all.key);
  g_free(c->all.label);
  if (c->by_stage)
    g_array_unref(c->by_stage);
  if (c->by_owner)
    g_array_unref(c->by_owner);
  if (c->by_segment)
    g_array_unref(c->by_segment);
  if (a->win_loss.parts)
    g_array_unref(a->win_loss.parts);
  if (a->win_loss.roles)
    g_ptr_array_unref(a->win_loss.roles);
  if (a->win_loss.personas)
    g_array_unref(a->win_loss.personas);
  g_free(a);
}
