/* The stage model of this export (config.h, audit_config_resolve_stages):
 * without [stages] open, the org's open stages in order and its won and lost
 * stages, inferred from what the export says about its stages. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum { STAGE_OPEN, STAGE_WON, STAGE_LOST } StageStatus;

/* What the export says about one stage (its name folded). */
typedef struct {
  char *name;         /* as most opportunities write it (the first of equals), else as the picklist does */
  GHashTable *spellings; /* the ways it is written (without surrounding spaces) → Spelling */
  char *folded;
  guint opportunities;
  GArray *sort;       /* double: the StageSortOrder of its opportunities */
  GArray *prob;       /* double: their Probability */
  guint closed[2], won[2]; /* opportunities with IsClosed (IsWon) false, true */
  gint32 picklist;    /* its OpportunityStage.csv row, -1 */
  double key;         /* its place in the order; NAN when the export does not say */
  StageStatus status;
} StageStat;

typedef struct {
  guint count, first;
} Spelling;

static void stage_stat_free(gpointer p)
{
  StageStat *s = p;
  g_free(s->name);
  g_hash_table_unref(s->spellings);
  g_free(s->folded);
  g_array_unref(s->sort);
  g_array_unref(s->prob);
  g_free(s);
}

static StageStat *stat_for(GPtrArray *stats, GHashTable *index, const char *text)
{
  g_autofree char *name = g_strstrip(g_strdup(text));
  if (!*name)
    return NULL;
  g_autofree char *folded = audit_fold_name(name);
  StageStat *s = g_hash_table_lookup(index, folded);
  if (s)
    return s;
  s = g_new0(StageStat, 1);
  s->name = g_steal_pointer(&name);
  s->folded = g_steal_pointer(&folded);
  s->sort = g_array_new(FALSE, FALSE, sizeof(double));
  s->prob = g_array_new(FALSE, FALSE, sizeof(double));
  s->spellings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  s->picklist = -1;
  s->key = NAN;
  g_ptr_array_add(stats, s);
  g_hash_table_insert(index, s->folded, s);
  return s;
}

static gint compare_doubles(gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(GArray *values)
{
  if (values->len == 0)
    return NAN;
  g_array_sort(values, compare_doubles);
  guint n = values->len;
  double *v = (double *)(void *)values->data;
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A majority of the flags counted, -1 when none or a tie. */
static int majority(const guint count[2])
{
  if (count[0] == count[1])
    return -1;
  return count[1] > count[0];
}

/* Open, won or lost: IsClosed and IsWon of its opportunities (a majority),
 * else OpportunityStage.csv, else the words of its name. */
static StageStatus stage_status(const AuditModel *m, const StageStat *s)
{
  const AuditTable *picklist = &m->tables[AUDIT_OBJ_OPPORTUNITY_STAGE];
  int closed = majority(s->closed);
  if (closed < 0 && s->picklist >= 0)
    closed = audit_flag(picklist, (guint)s->picklist, STAGE_IS_CLOSED);
  if (closed < 0)
    closed = !audit_stage_is_open(s->name, NULL);
  if (!closed)
    return STAGE_OPEN;
  int won = majority(s->won);
  if (won < 0 && s->picklist >= 0)
    won = audit_flag(picklist, (guint)s->picklist, STAGE_IS_WON);
  if (won < 0) {
    g_autofree char *padded = g_strconcat(" ", s->folded, " ", NULL);
    won = strstr(padded, " won ") != NULL;
  }
  return won ? STAGE_WON : STAGE_LOST;
}

static gint compare_open(gconstpointer a, gconstpointer b)
{
  const StageStat *x = *(StageStat *const *)a, *y = *(StageStat *const *)b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return strcmp(x->folded, y->folded);
}

static char **names_with(GPtrArray *stats, StageStatus status)
{
  GPtrArray *names = g_ptr_array_new();
  for (guint i = 0; i < stats->len; i++) {
    const StageStat *s = stats->pdata[i];
    if (s->status == status && (s->opportunities || s->picklist >= 0))
      g_ptr_array_add(names, g_strdup(s->name));
  }
  g_ptr_array_add(names, NULL);
  return (char **)g_ptr_array_free(names, FALSE);
}

/* The order of the open stages: StageSortOrder, else OpportunityStage.csv's
 * SortOrder, else the median Probability when every open stage that has one
 * has it between 0 and 100 (exclusive: an open stage at 0% or 100% says the
 * field is not kept). A stage the source says nothing about stays out of
 * the model. Sets each open stage's key; returns where it came from, NULL
 * when the export does not say (*why says what it lacks). */
static char *order_open_stages(const AuditModel *m, GPtrArray *stats, const char **why)
{
  *why = "no stage order in the export (no StageSortOrder, OpportunityStage.csv or Probability)";
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *picklist = &m->tables[AUDIT_OBJ_OPPORTUNITY_STAGE];
  guint n = 0;
  if (opps->present && audit_has(opps, OPPORTUNITY_STAGE_SORT)) {
    guint all = 0;
    for (guint i = 0; i < stats->len; i++) {
      StageStat *s = stats->pdata[i];
      all += s->sort->len;
      if (s->status == STAGE_OPEN && s->sort->len) {
        n += s->sort->len;
        s->key = median(s->sort);
      }
    }
    if (n)
      return g_strdup_printf("StageSortOrder of %u opportunit%s", all, all == 1 ? "y" : "ies");
  }
  if (picklist->present && audit_has(picklist, STAGE_SORT_ORDER)) {
    for (guint i = 0; i < stats->len; i++) {
      StageStat *s = stats->pdata[i];
      if (s->status != STAGE_OPEN || s->picklist < 0)
        continue;
      /* an inactive stage counts only while opportunities still use it */
      if (audit_flag(picklist, (guint)s->picklist, STAGE_IS_ACTIVE) == 0 && !s->opportunities)
        continue;
      s->key = audit_num(picklist, (guint)s->picklist, STAGE_SORT_ORDER);
      n += !isnan(s->key);
    }
    if (n)
      return g_strdup_printf("SortOrder of %u open stage%s in %s", n, n == 1 ? "" : "s", picklist->file);
  }
  if (opps->present && audit_has(opps, OPPORTUNITY_PROBABILITY)) {
    gboolean usable = TRUE;
    guint all = 0;
    for (guint i = 0; i < stats->len; i++) {
      StageStat *s = stats->pdata[i];
      all += s->prob->len;
      if (s->status != STAGE_OPEN || !s->prob->len)
        continue;
      double p = median(s->prob);
      usable &= p > 0 && p < 100;
      s->key = p;
      n += s->prob->len;
    }
    if (usable && n)
      return g_strdup_printf("the median Probability per stage of %u opportunit%s", all, all == 1 ? "y" : "ies");
    *why = n ? "no stage order in the export (no StageSortOrder or OpportunityStage.csv; an open stage at 0% or "
               "100% Probability)"
             : "no stage order in the export (no StageSortOrder or OpportunityStage.csv; no Probability on open "
               "opportunities)";
  }
  for (guint i = 0; i < stats->len; i++)
    ((StageStat *)stats->pdata[i])->key = NAN;
  return NULL;
}

/* Build the model from the ordered open stages: a standard stage name keeps
 * the catalogue's committee; any other stage k of n needs k - 1 people, and
 * the last (of two or more) an Economic Buyer and a Champion. */
static GPtrArray *model_from(GPtrArray *open, GString *order)
{
  static const char *const eb_champion[] = {"Economic Buyer", "Champion", NULL};
  g_autoptr(GPtrArray) defaults = audit_stage_model_new();
  audit_stage_model_default(defaults);
  guint nranks = 0;
  for (guint i = 0; i < open->len; i++)
    nranks += i == 0 || ((StageStat *)open->pdata[i])->key != ((StageStat *)open->pdata[i - 1])->key;
  GPtrArray *model = audit_stage_model_new();
  guint rank = 0;
  for (guint i = 0; i < open->len; i++) {
    const StageStat *s = open->pdata[i];
    if (i > 0) {
      gboolean tie = s->key == ((StageStat *)open->pdata[i - 1])->key;
      rank += !tie;
      g_string_append(order, tie ? " = " : " < ");
    }
    g_string_append(order, s->name);
    const AuditStageDef *std = NULL;
    for (guint k = 0; k < defaults->len && !std; k++)
      if (strcmp(((AuditStageDef *)defaults->pdata[k])->folded, s->folded) == 0)
        std = defaults->pdata[k];
    if (std)
      audit_stage_model_add(model, s->name, rank, std->min_roles, (const char *const *)std->required_roles);
    else
      audit_stage_model_add(model, s->name, rank, rank, nranks > 1 && rank == nranks - 1 ? eb_champion : NULL);
  }
  return model;
}

static void append_names(GString *out, const char *what, char **names)
{
  if (!names[0])
    return;
  g_autofree char *list = g_strjoinv(", ", names);
  g_string_append_printf(out, "; %s: %s", what, list);
}

/* A stage the config names that no opportunity is at: said once. */
static void notice_unmatched(AuditModel *m, GHashTable *index, GHashTable *said, const char *stage, const char *where)
{
  g_autofree char *folded = audit_fold_name(stage);
  const StageStat *s = g_hash_table_lookup(index, folded);
  if ((s && s->opportunities) || g_hash_table_contains(said, folded))
    return;
  audit_model_notice(m, "stage '%s' (%s) matches no opportunity of %s: a typo, or a stage written differently in "
                     "the export?", stage, where, m->tables[AUDIT_OBJ_OPPORTUNITY].file);
  g_hash_table_add(said, g_steal_pointer(&folded));
}

gboolean audit_config_resolve_stages(AuditConfig *c, AuditModel *m, GError **error)
{
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *picklist = &m->tables[AUDIT_OBJ_OPPORTUNITY_STAGE];
  g_autoptr(GPtrArray) stats = g_ptr_array_new_with_free_func(stage_stat_free);
  g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
  /* the stage text as written (in the table) → its StageStat: one fold per distinct text */
  g_autoptr(GHashTable) written = g_hash_table_new(g_str_hash, g_str_equal);
  gboolean staged = opps->present && audit_has(opps, OPPORTUNITY_STAGE);
  for (guint r = 0; staged && r < opps->nrows; r++) {
    const char *text = audit_text(opps, r, OPPORTUNITY_STAGE);
    StageStat *s;
    gpointer known;
    if (g_hash_table_lookup_extended(written, text, NULL, &known))
      s = known;
    else
      g_hash_table_insert(written, (gpointer)text, s = stat_for(stats, index, text));
    if (!s)
      continue;
    s->opportunities++;
    g_autofree char *spelling = g_strstrip(g_strdup(audit_text(opps, r, OPPORTUNITY_STAGE)));
    Spelling *sp = g_hash_table_lookup(s->spellings, spelling);
    if (!sp) {
      sp = g_new0(Spelling, 1);
      sp->first = r;
      g_hash_table_insert(s->spellings, g_steal_pointer(&spelling), sp);
    }
    sp->count++;
    double v = audit_num(opps, r, OPPORTUNITY_STAGE_SORT);
    if (!isnan(v))
      g_array_append_val(s->sort, v);
    v = audit_num(opps, r, OPPORTUNITY_PROBABILITY);
    if (!isnan(v))
      g_array_append_val(s->prob, v);
    int f = audit_flag(opps, r, OPPORTUNITY_IS_CLOSED);
    if (f != AUDIT_BOOL_NONE)
      s->closed[f]++;
    f = audit_flag(opps, r, OPPORTUNITY_IS_WON);
    if (f != AUDIT_BOOL_NONE)
      s->won[f]++;
  }
  for (guint i = 0; i < stats->len; i++) {
    StageStat *s = stats->pdata[i];
    GHashTableIter it;
    gpointer k, v;
    const Spelling *best = NULL;
    g_hash_table_iter_init(&it, s->spellings);
    while (g_hash_table_iter_next(&it, &k, &v)) {
      const Spelling *sp = v;
      if (!best || sp->count > best->count || (sp->count == best->count && sp->first < best->first)) {
        best = sp;
        g_free(s->name);
        s->name = g_strdup(k);
      }
    }
  }
  for (guint r = 0; picklist->present && r < picklist->nrows; r++) {
    const char *label = audit_text(picklist, r, STAGE_LABEL);
    StageStat *s = stat_for(stats, index, *label ? label : audit_text(picklist, r, STAGE_API_NAME));
    if (s && s->picklist < 0)
      s->picklist = (gint32)r;
  }

  g_autoptr(GHashTable) said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gboolean any_stage = FALSE;
  for (guint i = 0; i < stats->len; i++)
    any_stage |= ((StageStat *)stats->pdata[i])->opportunities > 0;
  if (c->stages_open) {
    for (guint i = 0; any_stage && c->stages_open[i]; i++)
      notice_unmatched(m, index, said, c->stages_open[i], "[stages] open");
    return TRUE;
  }

  for (guint i = 0; i < stats->len; i++) {
    StageStat *s = stats->pdata[i];
    s->status = stage_status(m, s);
  }
  const char *why;
  g_autofree char *from = order_open_stages(m, stats, &why);
  if (!from) {
    if (any_stage)
      audit_model_infer(m, "stage model", "the default (Salesforce's standard stage names, in their order)", why,
                        "[stages] open");
    /* the default model: a setting or gate on a stage it lacks is an error, as in the config alone */
    if (!audit_stage_settings_apply(c, TRUE, m, error))
      return FALSE;
    for (guint i = 0; any_stage && i < c->stages->len; i++)
      notice_unmatched(m, index, said, ((AuditStage *)c->stages->pdata[i])->name, "[stages]");
    for (guint i = 0; any_stage && i < c->gates->len; i++)
      notice_unmatched(m, index, said, ((AuditGate *)c->gates->pdata[i])->stage, "[stage-gates]");
    return TRUE;
  }
  g_autoptr(GPtrArray) open = g_ptr_array_new();
  for (guint i = 0; i < stats->len; i++) {
    StageStat *s = stats->pdata[i];
    if (s->status == STAGE_OPEN && !isnan(s->key))
      g_ptr_array_add(open, s);
  }
  g_ptr_array_sort(open, compare_open);
  GString *value = g_string_new(NULL);
  g_ptr_array_free(c->stage_model, TRUE);
  c->stage_model = model_from(open, value);
  c->stages_won = names_with(stats, STAGE_WON);
  c->stages_lost = names_with(stats, STAGE_LOST);
  append_names(value, "won", c->stages_won);
  append_names(value, "lost", c->stages_lost);
  gboolean flags = FALSE;
  for (guint i = 0; i < stats->len; i++) {
    const StageStat *s = stats->pdata[i];
    flags |= s->closed[0] + s->closed[1] > 0;
  }
  c->stage_model_from = g_strdup_printf("%s%s", from, flags ? "; open, won and lost from IsClosed and IsWon" : "");
  audit_model_infer(m, "stage model", value->str, c->stage_model_from, "[stages] open");
  g_string_free(value, TRUE);
  if (!audit_stage_settings_apply(c, FALSE, m, error))
    return FALSE;

  /* the opportunities whose IsClosed is blank: by their stage */
  for (guint r = 0; staged && r < opps->nrows; r++) {
    if (audit_flag(opps, r, OPPORTUNITY_IS_CLOSED) != AUDIT_BOOL_NONE)
      continue;
    const StageStat *s = g_hash_table_lookup(written, audit_text(opps, r, OPPORTUNITY_STAGE));
    if (s)
      m->opportunity_open[r] = s->status == STAGE_OPEN;
  }
  return TRUE;
}
