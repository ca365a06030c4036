/* The stage model's groups of the config: [stages] (the open stages in
 * order, each one's committee) and [stage-gates], and the stage model they
 * give before the export is read (stages.c may infer another from it). */
#include "config-internal.h"

#include <string.h>

void audit_stage_free(gpointer p)
{
  AuditStage *s = p;
  g_free(s->name);
  g_strfreev(s->required_roles);
  g_free(s);
}

static void stage_def_free(gpointer p)
{
  AuditStageDef *s = p;
  g_free(s->name);
  g_free(s->folded);
  g_strfreev(s->required_roles);
  g_free(s);
}

void audit_gate_free(gpointer p)
{
  AuditGate *g = p;
  g_free(g->stage);
  g_free(g->field);
  g_free(g);
}

static AuditStage *stage_get(AuditConfig *c, const char *name, guint line)
{
  for (guint i = 0; i < c->stages->len; i++) {
    AuditStage *s = c->stages->pdata[i];
    if (audit_stage_name_equal(s->name, name))
      return s;
  }
  AuditStage *s = g_new0(AuditStage, 1);
  s->name = g_strdup(name);
  s->min_roles = -1;
  s->line = line;
  g_ptr_array_add(c->stages, s);
  return s;
}

static gboolean parse_stages(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "stages", NULL, NULL);
  if (ks && g_key_file_has_key(kf, "stages", "open", NULL))
    c->stages_open = audit_keyfile_list(kf, "stages", "open");
  for (guint i = 0; ks && ks[i]; i++) {
    const char *k = ks[i];
    if (strcmp(k, "open") == 0)
      continue;
    const char *dot = strrchr(k, '.');
    const char *what = dot ? dot + 1 : "";
    if (!dot || dot == k || (strcmp(what, "min_roles") != 0 && strcmp(what, "required_roles") != 0)) {
      audit_keyfile_error(error, src, "stages", k,
                "unknown key '%s' in [stages]; expected open, STAGE.min_roles or STAGE.required_roles", k);
      return FALSE;
    }
    g_autofree char *stage = g_strndup(k, (gsize)(dot - k));
    if (c->stages_open && !audit_stage_in(stage, (const char *const *)c->stages_open)) {
      audit_keyfile_error(error, src, "stages", k, "stage '%s' is not among the open stages of [stages] open", stage);
      return FALSE;
    }
    AuditStage *s = stage_get(c, stage, audit_keyfile_line(src->entries, "stages", k));
    if (strcmp(what, "min_roles") == 0) {
      g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "stages", k, NULL));
      guint64 n;
      if (!g_ascii_string_to_unsigned(v, 10, 0, 1000, &n, NULL)) {
        audit_keyfile_error(error, src, "stages", k, "expected a whole number from 0 to 1000 for %s, found '%s'", k, v);
        return FALSE;
      }
      s->min_roles = (gint)n;
    } else {
      g_strfreev(s->required_roles);
      s->required_roles = audit_keyfile_list(kf, "stages", k);
    }
  }
  return TRUE;
}

const AuditStageDef *audit_stage_model_find(const AuditConfig *c, const char *stage)
{
  if (!stage)
    return NULL;
  char folded[512];
  gsize len = audit_fold_name_to(stage, folded, sizeof folded);
  for (guint i = 0; i < c->stage_model->len; i++) {
    const AuditStageDef *s = c->stage_model->pdata[i];
    if (strlen(s->folded) == len && memcmp(s->folded, folded, len) == 0)
      return s;
  }
  return NULL;
}

const AuditGate *audit_config_gate(const AuditConfig *c, const char *stage)
{
  for (guint i = 0; i < c->gates->len; i++) {
    const AuditGate *g = c->gates->pdata[i];
    if (audit_stage_name_equal(g->stage, stage))
      return g;
  }
  return NULL;
}

void audit_stage_model_add(GPtrArray *model, const char *name, guint rank, guint min_roles,
                           const char *const *required)
{
  AuditStageDef *s = g_new0(AuditStageDef, 1);
  s->name = g_strdup(name);
  s->folded = audit_fold_name(name);
  s->rank = rank;
  s->min_roles = min_roles;
  s->required_roles = required ? g_strdupv((char **)required) : g_new0(char *, 1);
  g_ptr_array_add(model, s);
}

GPtrArray *audit_stage_model_new(void)
{
  return g_ptr_array_new_with_free_func(stage_def_free);
}

void audit_stage_model_default(GPtrArray *model)
{
  static const char *const eb_champion[] = {"Economic Buyer", "Champion", NULL};
  static const struct {
    const char *name;
    guint step;
  } defaults[] = {
    {"Prospecting", 0},
    {"Qualification", 1}, {"Discovery", 1}, {"Needs Analysis", 1},
    {"Demo", 2}, {"Proposal", 2}, {"Value Proposition", 2}, {"Id. Decision Makers", 2},
    {"Perception Analysis", 2}, {"Proposal/Price Quote", 2},
    {"Negotiation", 3}, {"Negotiation/Review", 3},
  };
  for (guint i = 0; i < G_N_ELEMENTS(defaults); i++)
    audit_stage_model_add(model, defaults[i].name, defaults[i].step, defaults[i].step,
                          defaults[i].step == 3 ? eb_champion : NULL);
}

gboolean audit_stage_settings_apply(AuditConfig *c, gboolean strict, AuditModel *m, GError **error)
{
  const char *display = c->path ? c->path : "(defaults)";
  for (guint i = 0; i < c->stages->len; i++) {
    const AuditStage *set = c->stages->pdata[i];
    AuditStageDef *s = (AuditStageDef *)audit_stage_model_find(c, set->name);
    if (!s && strict) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG,
                  "%s:%u:1: stage '%s' is not in the default stage model; list the open stages in [stages] open",
                  display, MAX(set->line, 1), set->name);
      return FALSE;
    }
    if (!s) {
      if (m)
        audit_model_notice(m, "[stages] %s.* (%s:%u): stage '%s' is not among the open stages of the stage model "
                           "(%s): the setting is ignored", set->name, display, set->line, set->name,
                           c->stage_model_from);
      continue;
    }
    if (set->min_roles >= 0)
      s->min_roles = (guint)set->min_roles;
    if (set->required_roles) {
      g_strfreev(s->required_roles);
      s->required_roles = g_strdupv(set->required_roles);
    }
  }
  for (guint i = 0; i < c->gates->len;) {
    const AuditGate *g = c->gates->pdata[i];
    if (audit_stage_model_find(c, g->stage)) {
      i++;
      continue;
    }
    if (strict) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG,
                  "%s:%u:1: stage '%s' of [stage-gates] is not in the stage model (%s)", display, MAX(g->line, 1),
                  g->stage,
                  c->stages_open ? "[stages] open" : "the default one; list the open stages in [stages] open");
      return FALSE;
    }
    if (!m) {
      i++;
      continue;
    }
    audit_model_notice(m, "[stage-gates] %s (%s:%u): stage '%s' is not among the open stages of the stage model "
                       "(%s): the gate is ignored", g->stage, display, g->line, g->stage, c->stage_model_from);
    g_ptr_array_remove_index(c->gates, i);
  }
  return TRUE;
}

/* The stage model from [stages] open, else the catalogue's default (the
 * export may replace it: audit_config_resolve_stages), with the [stages]
 * STAGE.* settings applied; a setting or gate on a stage the default lacks
 * waits for that. */
static gboolean build_stage_model(AuditConfig *c, GError **error)
{
  if (c->stages_open) {
    for (guint i = 0; c->stages_open[i]; i++)
      audit_stage_model_add(c->stage_model, c->stages_open[i], i, i, NULL);
  } else
    audit_stage_model_default(c->stage_model);
  return audit_stage_settings_apply(c, c->stages_open != NULL, NULL, error);
}

static gboolean parse_gates(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "stage-gates", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "stage-gates", ks[i], NULL));
    /* FIELD OP NUMBER */
    static const struct {
      const char *tok;
      AuditGateOp op;
    } ops[] = {{">=", AUDIT_GATE_GE}, {"<=", AUDIT_GATE_LE}, {">", AUDIT_GATE_GT}, {"<", AUDIT_GATE_LT}, {"=", AUDIT_GATE_EQ}};
    const char *at = NULL;
    guint which = 0;
    for (guint o = 0; o < G_N_ELEMENTS(ops) && !at; o++)
      if ((at = strstr(v, ops[o].tok)))
        which = o;
    double num = 0;
    g_autofree char *field = at ? g_strstrip(g_strndup(v, (gsize)(at - v))) : NULL;
    const char *rhs = at ? at + strlen(ops[which].tok) : NULL;
    g_autofree char *rhs_s = rhs ? g_strstrip(g_strdup(rhs)) : NULL;
    if (!at || !*field || strpbrk(field, " \t<>=") || !*rhs_s || !audit_parse_number(rhs_s, strlen(rhs_s), &num)) {
      audit_keyfile_error(error, src, "stage-gates", ks[i],
                "expected 'FIELD > NUMBER' (or >=, <, <=, =) for stage %s, found '%s'", ks[i], v);
      return FALSE;
    }
    AuditGate *g = g_new0(AuditGate, 1);
    g->stage = g_strdup(ks[i]);
    g->line = audit_keyfile_line(src->entries, "stage-gates", ks[i]);
    g->field = g_steal_pointer(&field);
    g->op = ops[which].op;
    g->value = num;
    g_ptr_array_add(c->gates, g);
  }
  return TRUE;
}

gboolean audit_stage_groups_read(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  return parse_stages(c, kf, src, error) && parse_gates(c, kf, src, error) && build_stage_model(c, error);
}
