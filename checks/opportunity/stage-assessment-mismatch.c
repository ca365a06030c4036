/* stage-assessment-mismatch: Opportunity stage ahead of or behind its
 * assessment score. */
#include "check.h"
#include "checks.h"
#include "normalize.h"
#include "stage-rules.h"

#include <math.h>
#include <string.h>

#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)

static char *assessment_unavailable(const AuditConfig *cfg, const AuditModel *m, GError **error)
{
  if (cfg->gates->len == 0)
    return g_strdup("no [stage-gates] configured");
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  for (guint i = 0; i < cfg->gates->len; i++) {
    const AuditGate *g = cfg->gates->pdata[i];
    if (audit_table_column(opps, g->field) < 0) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT,
                  "%s:1:1: expected a column %s ([stage-gates] %s in %s), found none among the %u columns", opps->path,
                  g->field, g->stage, cfg->path ? cfg->path : "the config", opps->ncols);
      return NULL;
    }
  }
  return NULL;
}

typedef struct {
  const AuditGate *gate;
  const AuditStageDef *stage;
  gint col;
} Gate;

static gboolean gate_passes(const AuditGate *g, double v)
{
  if (isnan(v))
    return FALSE;
  switch (g->op) {
  case AUDIT_GATE_GT:
    return v > g->value;
  case AUDIT_GATE_GE:
    return v >= g->value;
  case AUDIT_GATE_LT:
    return v < g->value;
  case AUDIT_GATE_LE:
    return v <= g->value;
  case AUDIT_GATE_EQ:
    return v == g->value;
  }
  return FALSE;
}

static const char *gate_op(const AuditGate *g)
{
  static const char *const ops[] = {">", ">=", "<", "<=", "="};
  return ops[g->op];
}

static char *gate_text(const AuditGate *g)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd(num, sizeof num, "%.15g", g->value);
  return g_strdup_printf("%s %s %s", g->field, gate_op(g), num);
}

/* The first stage of the model at this rank. */
static const AuditStageDef *stage_at(const AuditConfig *cfg, guint rank)
{
  for (guint i = 0; i < cfg->stage_model->len; i++) {
    const AuditStageDef *s = cfg->stage_model->pdata[i];
    if (s->rank == rank)
      return s;
  }
  return NULL;
}

static gint compare_gates(gconstpointer a, gconstpointer b)
{
  const Gate *x = a, *y = b;
  return (x->stage->rank > y->stage->rank) - (x->stage->rank < y->stage->rank);
}

static void assessment_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditConfig *cfg = ctx->config;
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  guint ng = cfg->gates->len;
  g_autofree Gate *gates = g_new0(Gate, MAX(ng, 1));
  for (guint i = 0; i < ng; i++) {
    gates[i].gate = cfg->gates->pdata[i];
    gates[i].stage = audit_stage_model_find(cfg, gates[i].gate->stage);
    gates[i].col = audit_table_column(opps, gates[i].gate->field);
  }
  /* by rank, config order kept among gates of one rank (insertion sort: a handful) */
  for (guint i = 1; i < ng; i++)
    for (guint j = i; j > 0 && compare_gates(&gates[j - 1], &gates[j]) > 0; j--) {
      Gate t = gates[j];
      gates[j] = gates[j - 1];
      gates[j - 1] = t;
    }
  g_autofree double *values = g_new(double, MAX(ng, 1));
  g_autoptr(GHashTable) stages = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint r = 0; r < opps->nrows; r++) {
    if (!audit_opportunity_is_open(m, r))
      continue;
    /* a stage the model does not know: stage-committee-mismatch reports it */
    const AuditStageDef *def = checks_stage_of(cfg, stages, audit_text(opps, r, OPPORTUNITY_STAGE));
    if (!def)
      continue;
    /* the first failing gate (lowest rank, then config order), and the
     * gate of the highest rank below it (all of those pass) */
    gint fail = -1, pass = -1;
    for (guint i = 0; i < ng; i++) {
      const char *cell = audit_cell(opps, r, gates[i].col);
      if (!audit_parse_number(cell, strlen(cell), &values[i]))
        values[i] = NAN;
      if (!gate_passes(gates[i].gate, values[i])) {
        fail = (gint)i;
        break;
      }
    }
    for (guint i = 0; i < (fail >= 0 ? (guint)fail : ng); i++)
      if (fail < 0 || gates[i].stage->rank < gates[fail].stage->rank)
        if (pass < 0 || gates[i].stage->rank > gates[pass].stage->rank)
          pass = (gint)i;
    const char *name = audit_text(opps, r, OPPORTUNITY_NAME);
    gboolean ahead = fail >= 0 && gates[fail].stage->rank <= def->rank;
    gboolean behind = !ahead && pass >= 0 && gates[pass].stage->rank > def->rank;
    if (!ahead && !behind)
      continue;
    const Gate *g = ahead ? &gates[fail] : &gates[pass];
    /* the stage the scores support */
    const AuditStageDef *supported = NULL;
    if (behind)
      supported = g->stage;
    else
      for (gint rank = (gint)g->stage->rank - 1; rank >= 0 && !supported; rank--)
        supported = stage_at(cfg, (guint)rank);
    g_autofree char *rule = gate_text(g->gate);
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    double v = values[g - gates];
    if (!isnan(v))
      g_ascii_formatd(num, sizeof num, "%.15g", v);
    const char *cell = audit_cell(opps, r, g->col);
    if (ahead && isnan(v) && audit_is_blank(cell))
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
                 "opportunity '%s' is at stage %s, but its %s is blank (the gate of %s needs %s)", name, def->name,
                 g->gate->field, g->stage->name, rule);
    else if (ahead && isnan(v))
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
                 "opportunity '%s' is at stage %s, but its %s is '%s', not a number (the gate of %s needs %s)", name,
                 def->name, g->gate->field, cell, g->stage->name, rule);
    else if (ahead)
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
                 "opportunity '%s' is at stage %s, but its %s is %s (the gate of %s needs %s)", name, def->name,
                 g->gate->field, num, g->stage->name, rule);
    else
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
                 "opportunity '%s' is at stage %s, but its scores pass the gate of the later stage %s (%s is %s; "
                 "the gate needs %s)", name, def->name, g->stage->name, g->gate->field, num, rule);
    gint32 acc = audit_ref(opps, r, OPPORTUNITY_ACCOUNT);
    if (acc >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, acc);
    checks_opportunity_evidence(m, out, r);
    audit_evidence_str(out, "direction", ahead ? "ahead" : "behind");
    audit_evidence_str(out, "gate_stage", g->stage->name);
    audit_evidence_str(out, "gate", rule);
    audit_evidence_str(out, "field", g->gate->field);
    audit_evidence_num(out, "value", v);
    audit_evidence_str(out, "supported_stage", supported ? supported->name : "");
    if (behind)
      audit_fix_text(out, "move the opportunity forward to %s, the stage its scores support", supported->name);
    else if (supported)
      audit_fix_text(out, "move the opportunity back to %s, the stage its scores support, or update %s if the "
                     "assessment is out of date", supported->name, g->gate->field);
    else
      audit_fix_text(out, "its scores do not pass the gate of the first stage %s: update %s, or review whether "
                     "the opportunity is real", g->stage->name, g->gate->field);
  }
}

const AuditCheck audit_check_stage_assessment_mismatch = {
  .id = "stage-assessment-mismatch",
  .title = "Opportunity stage ahead of or behind its assessment score",
  .severity = AUDIT_SEV_WARNING,
  .needs = O,
  .columns = NULL,
  .rationale =
    "Stage gates keep the pipeline honest: a stage must be earned by its assessment. Each [stage-gates] line "
    "STAGE = FIELD OP NUMBER (OP one of > >= < <= =, FIELD an Opportunity column such as "
    "Prospecting_Score__c) is the score an opportunity needs to be at that stage or beyond. An open "
    "opportunity is ahead when a gate on the way to its stage fails or its field is blank, and behind when its "
    "scores pass the gate of a later stage. Closed opportunities and stages the model does not know are left "
    "out. Without [stage-gates] the check is skipped.",
  .fix = "Move the opportunity to the stage its scores support (named in the finding), or update the "
         "assessment fields if they are out of date.",
  .example = "opportunity 'Kestrel - pilot' is at stage Proposal/Price Quote, but its Discovery_Score__c is 52 "
             "(the gate of Needs Analysis needs Discovery_Score__c > 75)",
  .run = assessment_run,
  .uses_stage_model = TRUE,
  .unavailable = assessment_unavailable,
};
