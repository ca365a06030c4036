#include "config.h"

#include <errno.h>
#include <string.h>

/* ---- where a group or key sits in the file, for messages ---- */

/* One group header or key line of the file. */
typedef struct {
  guint line;  /* 1-based */
  char *group; /* the group it is in, or the header's */
  char *key;   /* NULL for a group header */
} SourceEntry;

typedef struct {
  const char *display;
  GArray *entries; /* SourceEntry, in file order */
} Source;

static char *strip_dup(const char *s, gsize len)
{
  return g_strstrip(g_strndup(s, len));
}

static void source_entry_clear(gpointer p)
{
  SourceEntry *e = p;
  g_free(e->group);
  g_free(e->key);
}

/* The group headers and keys of the text, as GKeyFile reads them. */
static GArray *source_entries(const char *data)
{
  GArray *entries = g_array_new(FALSE, FALSE, sizeof(SourceEntry));
  g_array_set_clear_func(entries, source_entry_clear);
  g_auto(GStrv) lines = g_strsplit(data ? data : "", "\n", -1);
  const char *group = "";
  for (guint i = 0; lines[i]; i++) {
    const char *l = lines[i];
    while (*l == ' ' || *l == '\t')
      l++;
    if (*l == '#' || *l == '\0')
      continue;
    SourceEntry e = {i + 1, NULL, NULL};
    if (*l == '[') {
      const char *end = strrchr(l, ']');
      e.group = end ? strip_dup(l + 1, (gsize)(end - l - 1)) : g_strdup(l + 1);
    } else {
      const char *eq = strchr(l, '=');
      if (!eq)
        continue;
      e.group = g_strdup(group);
      e.key = strip_dup(l, (gsize)(eq - l));
    }
    g_array_append_val(entries, e);
    group = e.group;
  }
  return entries;
}

/* Line of [group], or of key inside [group]; 0 when not found. */
static guint source_line(const Source *src, const char *group, const char *key)
{
  for (guint i = 0; i < src->entries->len; i++) {
    const SourceEntry *e = &g_array_index(src->entries, SourceEntry, i);
    if (g_strcmp0(e->group, group) == 0 && g_strcmp0(e->key, key) == 0)
      return e->line;
  }
  return 0;
}

guint audit_config_line(const AuditConfig *c, const char *group, const char *key)
{
  Source src = {c->path, c->source};
  return c->source ? source_line(&src, group, key) : 0;
}

/* GKeyFile keeps the last of a repeated key or group without a word: refuse
 * them, as a typo's twin would silently win. */
static gboolean check_repeats(const Source *src, GError **error)
{
  for (guint i = 0; i < src->entries->len; i++) {
    const SourceEntry *e = &g_array_index(src->entries, SourceEntry, i);
    guint first = source_line(src, e->group, e->key);
    if (first == e->line)
      continue;
    g_autofree char *what = e->key ? g_strdup_printf("[%s] %s", e->group, e->key) : g_strdup_printf("[%s]", e->group);
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:%u:1: expected %s once, found it again (first on line %u)",
                src->display, e->line, what, first);
    return FALSE;
  }
  return TRUE;
}

static void set_error(GError **error, const Source *src, const char *group, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);
static void set_error(GError **error, const Source *src, const char *group, const char *key, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  guint line = source_line(src, group, key);
  if (line == 0 && key)
    line = source_line(src, group, NULL);
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:%u:1: %s", src->display, MAX(line, 1), msg);
}

/* ---- option values ---- */

void audit_option_value_clear(AuditOptionValue *v)
{
  g_clear_pointer(&v->s, g_free);
  g_clear_pointer(&v->list, g_strfreev);
}

static char **split_list(const char *text)
{
  g_auto(GStrv) parts = g_strsplit(text, ";", -1);
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; parts[i]; i++) {
    char *p = g_strstrip(parts[i]);
    if (*p)
      g_ptr_array_add(out, g_strdup(p));
  }
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

gboolean audit_option_parse(const AuditOption *o, const char *text, AuditOptionValue *out, GError **error)
{
  memset(out, 0, sizeof *out);
  out->type = o->type;
  g_autofree char *t = g_strstrip(g_strdup(text));
  switch (o->type) {
  case AUDIT_OPT_INT: {
    gint64 v;
    gint64 min = o->min || o->max ? o->min : G_MININT64, max = o->min || o->max ? o->max : G_MAXINT64;
    if (!g_ascii_string_to_signed(t, 10, min, max, &v, NULL)) {
      if (o->min || o->max)
        g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "expected a whole number from %" G_GINT64_FORMAT
                    " to %" G_GINT64_FORMAT " for %s, found '%s'", min, max, o->name, t);
      else
        g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "expected a whole number for %s, found '%s'", o->name, t);
      return FALSE;
    }
    out->i = v;
    return TRUE;
  }
  case AUDIT_OPT_DOUBLE: {
    double d;
    gboolean ranged = o->min || o->max;
    if (!*t || !audit_parse_number(t, strlen(t), &d) || (ranged && (d < o->min || d > o->max))) {
      if (ranged)
        g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG,
                    "expected a number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " for %s, found '%s'", o->min,
                    o->max, o->name, t);
      else
        g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "expected a number for %s, found '%s'", o->name, t);
      return FALSE;
    }
    out->d = d;
    return TRUE;
  }
  case AUDIT_OPT_BOOL: {
    gint8 b;
    if (!audit_parse_bool(t, strlen(t), &b) || b == AUDIT_BOOL_NONE) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "expected true or false for %s, found '%s'", o->name, t);
      return FALSE;
    }
    out->b = b == 1;
    return TRUE;
  }
  case AUDIT_OPT_STRING:
    out->s = g_steal_pointer(&t);
    return TRUE;
  case AUDIT_OPT_LIST:
    out->list = split_list(t);
    return TRUE;
  }
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s: unknown option type", o->name);
  return FALSE;
}

static guint count_options(const AuditCheck *c)
{
  guint n = 0;
  while (c->options && c->options[n].name)
    n++;
  return n;
}

/* ---- the config ---- */

static void stage_free(gpointer p)
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

static void gate_free(gpointer p)
{
  AuditGate *g = p;
  g_free(g->stage);
  g_free(g->field);
  g_free(g);
}

void audit_config_free(AuditConfig *c)
{
  if (!c)
    return;
  g_free(c->path);
  if (c->source)
    g_array_unref(c->source);
  g_free(c->record_url);
  g_strfreev(c->personal_domains_add);
  g_strfreev(c->personal_domains_replace);
  g_strfreev(c->competitors);
  g_strfreev(c->exclude);
  g_strfreev(c->ops_users);
  g_free(c->segment_field);
  g_strfreev(c->segments);
  g_strfreev(c->stages_open);
  if (c->stages)
    g_ptr_array_free(c->stages, TRUE);
  if (c->gates)
    g_ptr_array_free(c->gates, TRUE);
  if (c->stage_model)
    g_ptr_array_free(c->stage_model, TRUE);
  g_free(c->stage_model_from);
  g_strfreev(c->stages_won);
  g_strfreev(c->stages_lost);
  audit_role_map_free(c->roles);
  audit_role_names_free(c->role_names);
  if (c->checks) {
    for (guint i = 0; i < c->registry.n; i++) {
      AuditCheckSettings *s = &c->checks[i];
      for (guint v = 0; v < s->noptions * c->nsegments; v++)
        audit_option_value_clear(&s->values[v]);
      g_free(s->values);
      g_free(s->typed);
      g_free(s->seg_enabled);
      g_free(s->seg_severity);
    }
    g_free(c->checks);
  }
  g_free(c);
}

static AuditConfig *config_new(void)
{
  AuditConfig *c = g_new0(AuditConfig, 1);
  c->as_of = AUDIT_DAY_NONE;
  c->max_delete_share = AUDIT_MAX_DELETE_SHARE;
  c->stages = g_ptr_array_new_with_free_func(stage_free);
  c->gates = g_ptr_array_new_with_free_func(gate_free);
  c->stage_model = audit_stage_model_new();
  return c;
}

static gboolean key_allowed(const char *key, const char *const *allowed)
{
  for (guint i = 0; allowed[i]; i++)
    if (strcmp(key, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}

static char **get_list(GKeyFile *kf, const char *group, const char *key)
{
  g_autofree char *v = g_key_file_get_string(kf, group, key, NULL);
  return split_list(v ? v : "");
}

static gboolean parse_audit(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
{
  static const char *const keys[] = {"as_of", "record_url", "personal_domains", "competitors",
                                     "exclude", "ops_users", "max_delete_share", NULL};
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "audit", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    const char *k = ks[i];
    if (!key_allowed(k, keys)) {
      set_error(error, src, "audit", k, "unknown key '%s' in [audit]; expected one of as_of, record_url, "
                "personal_domains, competitors, exclude, ops_users, max_delete_share", k);
      return FALSE;
    }
    g_autofree char *v = g_key_file_get_string(kf, "audit", k, NULL);
    g_strstrip(v);
    if (strcmp(k, "as_of") == 0) {
      if (!audit_parse_day(v, strlen(v), TRUE, &c->as_of)) {
        set_error(error, src, "audit", k, "expected a date YYYY-MM-DD for as_of, found '%s'", v);
        return FALSE;
      }
    } else if (strcmp(k, "record_url") == 0) {
      if (!strstr(v, "{id}")) {
        set_error(error, src, "audit", k, "expected a URL with {id} where the record Id goes, found '%s'", v);
        return FALSE;
      }
      c->record_url = g_steal_pointer(&v);
    } else if (strcmp(k, "personal_domains") == 0) {
      g_auto(GStrv) items = get_list(kf, "audit", k);
      GPtrArray *add = g_ptr_array_new(), *rep = g_ptr_array_new();
      for (guint j = 0; items[j]; j++) {
        if (items[j][0] == '+')
          g_ptr_array_add(add, g_ascii_strdown(g_strstrip(items[j] + 1), -1));
        else
          g_ptr_array_add(rep, g_ascii_strdown(items[j], -1));
      }
      g_ptr_array_add(add, NULL);
      c->personal_domains_add = (char **)g_ptr_array_free(add, FALSE);
      if (rep->len) {
        g_ptr_array_add(rep, NULL);
        c->personal_domains_replace = (char **)g_ptr_array_free(rep, FALSE);
      } else
        g_ptr_array_free(rep, TRUE);
    } else if (strcmp(k, "competitors") == 0) {
      c->competitors = get_list(kf, "audit", k);
    } else if (strcmp(k, "exclude") == 0) {
      c->exclude = get_list(kf, "audit", k);
      for (guint j = 0; c->exclude[j]; j++) {
        const char *eq = strchr(c->exclude[j], '=');
        if (!eq || eq == c->exclude[j]) {
          set_error(error, src, "audit", k, "expected Field=Value entries in exclude, found '%s'", c->exclude[j]);
          return FALSE;
        }
      }
    } else if (strcmp(k, "ops_users") == 0) {
      c->ops_users = get_list(kf, "audit", k);
    } else if (strcmp(k, "max_delete_share") == 0) {
      char *end;
      double d = g_ascii_strtod(v, &end);
      if (!*v || *end || !(d >= 0 && d <= 1)) {
        set_error(error, src, "audit", k, "expected a share from 0 to 1 for max_delete_share (0.10: 10%%), found '%s'",
                  v);
        return FALSE;
      }
      c->max_delete_share = d;
    }
  }
  return TRUE;
}

/* [input]: how to read the export's values. */
static gboolean parse_input(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "input", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    if (strcmp(ks[i], "date_order") != 0) {
      set_error(error, src, "input", ks[i], "unknown key '%s' in [input]; expected date_order", ks[i]);
      return FALSE;
    }
    g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "input", ks[i], NULL));
    if (!audit_day_order_from_name(v, &c->date_order)) {
      set_error(error, src, "input", ks[i], "expected mdy, dmy or ymd for date_order, found '%s'", v);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean parse_segments(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "segments", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    if (strcmp(ks[i], "field") != 0) {
      set_error(error, src, "segments", ks[i], "unknown key '%s' in [segments]; expected field", ks[i]);
      return FALSE;
    }
    g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "segments", "field", NULL));
    const char *field = v;
    const char *dot = strchr(v, '.');
    if (dot) {
      if (g_ascii_strncasecmp(v, "Account.", 8) != 0) {
        set_error(error, src, "segments", "field",
                  "expected an Account field such as Account.Type (segments are read from the account), found '%s'", v);
        return FALSE;
      }
      field = dot + 1;
    }
    if (!*field) {
      set_error(error, src, "segments", "field", "expected an Account field such as Account.Type, found nothing");
      return FALSE;
    }
    c->segment_field = g_strdup(field);
  }
  return TRUE;
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

static gboolean parse_stages(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "stages", NULL, NULL);
  if (ks && g_key_file_has_key(kf, "stages", "open", NULL))
    c->stages_open = get_list(kf, "stages", "open");
  for (guint i = 0; ks && ks[i]; i++) {
    const char *k = ks[i];
    if (strcmp(k, "open") == 0)
      continue;
    const char *dot = strrchr(k, '.');
    const char *what = dot ? dot + 1 : "";
    if (!dot || dot == k || (strcmp(what, "min_roles") != 0 && strcmp(what, "required_roles") != 0)) {
      set_error(error, src, "stages", k,
                "unknown key '%s' in [stages]; expected open, STAGE.min_roles or STAGE.required_roles", k);
      return FALSE;
    }
    g_autofree char *stage = g_strndup(k, (gsize)(dot - k));
    if (c->stages_open && !audit_stage_in(stage, (const char *const *)c->stages_open)) {
      set_error(error, src, "stages", k, "stage '%s' is not among the open stages of [stages] open", stage);
      return FALSE;
    }
    AuditStage *s = stage_get(c, stage, source_line(src, "stages", k));
    if (strcmp(what, "min_roles") == 0) {
      g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "stages", k, NULL));
      guint64 n;
      if (!g_ascii_string_to_unsigned(v, 10, 0, 1000, &n, NULL)) {
        set_error(error, src, "stages", k, "expected a whole number from 0 to 1000 for %s, found '%s'", k, v);
        return FALSE;
      }
      s->min_roles = (gint)n;
    } else {
      g_strfreev(s->required_roles);
      s->required_roles = get_list(kf, "stages", k);
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

static gboolean parse_gates(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
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
    g_autofree char *field = at ? strip_dup(v, (gsize)(at - v)) : NULL;
    const char *rhs = at ? at + strlen(ops[which].tok) : NULL;
    g_autofree char *rhs_s = rhs ? g_strstrip(g_strdup(rhs)) : NULL;
    if (!at || !*field || strpbrk(field, " \t<>=") || !*rhs_s || !audit_parse_number(rhs_s, strlen(rhs_s), &num)) {
      set_error(error, src, "stage-gates", ks[i],
                "expected 'FIELD > NUMBER' (or >=, <, <=, =) for stage %s, found '%s'", ks[i], v);
      return FALSE;
    }
    AuditGate *g = g_new0(AuditGate, 1);
    g->stage = g_strdup(ks[i]);
    g->line = source_line(src, "stage-gates", ks[i]);
    g->field = g_steal_pointer(&field);
    g->op = ops[which].op;
    g->value = num;
    g_ptr_array_add(c->gates, g);
  }
  return TRUE;
}

static gboolean parse_roles(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "roles", NULL, NULL);
  if (!ks || !ks[0])
    return TRUE;
  audit_role_map_free(c->roles);
  c->roles = audit_role_map_new();
  c->roles_configured = TRUE;
  for (guint i = 0; ks[i]; i++) {
    g_auto(GStrv) pats = get_list(kf, "roles", ks[i]);
    if (!pats[0]) {
      set_error(error, src, "roles", ks[i], "expected title patterns for role %s, found none", ks[i]);
      return FALSE;
    }
    audit_role_map_add(c->roles, ks[i], (const char *const *)pats);
  }
  return TRUE;
}

/* [role-names] ROLE = name;name: the names this org gives a standard role,
 * added to (and taking precedence over) the built-in names. */
static gboolean parse_role_names(AuditConfig *c, GKeyFile *kf, const Source *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "role-names", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    g_auto(GStrv) names = get_list(kf, "role-names", ks[i]);
    if (!names[0]) {
      set_error(error, src, "role-names", ks[i], "expected the names of role %s in this org, found none", ks[i]);
      return FALSE;
    }
    audit_role_names_add(c->role_names, ks[i], (const char *const *)names);
  }
  return TRUE;
}

const char *audit_role_canonical(const AuditConfig *c, const char *role)
{
  const char *r = audit_role_names_canonical(c->role_names, role);
  return r ? r : role;
}

/* [check.ID] and [check.ID@SEGMENT] */
static gboolean parse_check_group(AuditConfig *c, GKeyFile *kf, const Source *src, const char *group,
                                  guint segment, GError **error)
{
  const char *id_start = group + strlen("check.");
  const char *at = strchr(id_start, '@');
  g_autofree char *id = at ? g_strndup(id_start, (gsize)(at - id_start)) : g_strdup(id_start);
  gint idx = audit_registry_lookup(&c->registry, id);
  const AuditCheck *chk = c->registry.checks[idx];
  AuditCheckSettings *st = &c->checks[idx];
  g_auto(GStrv) ks = g_key_file_get_keys(kf, group, NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    const char *k = ks[i];
    g_autofree char *v = g_strstrip(g_key_file_get_string(kf, group, k, NULL));
    if (strcmp(k, "enabled") == 0 || strcmp(k, "severity") == 0) {
      if (k[0] == 'e') {
        gint8 b;
        if (!audit_parse_bool(v, strlen(v), &b) || b == AUDIT_BOOL_NONE) {
          set_error(error, src, group, k, "expected true or false for enabled, found '%s'", v);
          return FALSE;
        }
        st->seg_enabled[segment] = b == 1;
      } else if (!audit_severity_from_name(v, &st->seg_severity[segment])) {
        set_error(error, src, group, k, "expected error, warning or info for severity, found '%s'", v);
        return FALSE;
      }
      st->enabled = st->seg_enabled[0];
      st->severity = st->seg_severity[0];
      continue;
    }
    guint o;
    for (o = 0; o < st->noptions; o++)
      if (strcmp(chk->options[o].name, k) == 0)
        break;
    if (o == st->noptions) {
      GString *names = g_string_new("enabled, severity");
      for (guint j = 0; j < st->noptions; j++)
        g_string_append_printf(names, ", %s", chk->options[j].name);
      set_error(error, src, group, k, "unknown key '%s' in [%s]; %s takes %s", k, group, id, names->str);
      g_string_free(names, TRUE);
      return FALSE;
    }
    g_autoptr(GError) err = NULL;
    AuditOptionValue val;
    if (!audit_option_parse(&chk->options[o], v, &val, &err)) {
      set_error(error, src, group, k, "%s", err->message);
      return FALSE;
    }
    AuditOptionValue *slot = &st->values[segment * st->noptions + o];
    audit_option_value_clear(slot);
    *slot = val;
  }
  return TRUE;
}

static void copy_value(AuditOptionValue *dst, const AuditOptionValue *src)
{
  *dst = *src;
  dst->s = g_strdup(src->s);
  dst->list = g_strdupv(src->list);
}

static gint compare_strs(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A check's options struct per segment, from its resolved values. */
static void settings_type(const AuditCheck *chk, AuditCheckSettings *st, guint nsegments)
{
  gsize size = chk->options_size;
  if (!size)
    return;
  st->typed = g_malloc0(size * nsegments);
  for (guint s = 0; s < nsegments; s++)
    for (guint o = 0; o < st->noptions; o++) {
      const AuditOption *opt = &chk->options[o];
      const AuditOptionValue *v = &st->values[s * st->noptions + o];
      static const gsize width[] = {
        [AUDIT_OPT_INT] = sizeof(gint64), [AUDIT_OPT_DOUBLE] = sizeof(double),
        [AUDIT_OPT_BOOL] = sizeof(gboolean), [AUDIT_OPT_STRING] = sizeof(char *),
        [AUDIT_OPT_LIST] = sizeof(char **),
      };
      if (opt->offset + width[opt->type] > size)
        g_error("bug in check %s: option %s lies outside its options struct", chk->id, opt->name);
      guint8 *at = st->typed + s * size + opt->offset;
      switch (opt->type) {
      case AUDIT_OPT_INT: memcpy(at, &v->i, sizeof v->i); break;
      case AUDIT_OPT_DOUBLE: memcpy(at, &v->d, sizeof v->d); break;
      case AUDIT_OPT_BOOL: memcpy(at, &v->b, sizeof v->b); break;
      case AUDIT_OPT_STRING: memcpy(at, &v->s, sizeof v->s); break;
      case AUDIT_OPT_LIST: memcpy(at, &v->list, sizeof v->list); break;
      }
    }
}

AuditConfig *audit_config_load_data(const AuditRegistry *reg, const char *display, const char *data, gsize len,
                                    GError **error)
{
  g_autoptr(AuditConfig) c = config_new();
  c->registry = *reg;
  c->path = g_strdup(display);
  c->roles = audit_role_map_new_default();
  c->role_names = audit_role_names_new_default();
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_auto(GStrv) lines = g_strsplit(data ? data : "", "\n", -1);
  g_autoptr(GArray) entries = source_entries(data);
  Source src = {display ? display : "(defaults)", entries};
  c->source = g_array_ref(entries);
  if (data) {
    g_autoptr(GError) err = NULL;
    if (!g_utf8_validate_len(data, len, NULL)) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:1:1: expected UTF-8 text, found invalid bytes", src.display);
      return NULL;
    }
    if (!check_repeats(&src, error))
      return NULL;
    if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, &err)) {
      /* GKeyFile quotes the offending line: find it */
      guint line = 1;
      const char *q = strstr(err->message, "\xe2\x80\x9c"); /* “ */
      const char *e = q ? strstr(q, "\xe2\x80\x9d") : NULL;
      if (q && e) {
        g_autofree char *bad = g_strndup(q + 3, (gsize)(e - q - 3));
        for (guint i = 0; lines[i]; i++)
          if (strstr(lines[i], bad) && *bad) {
            line = i + 1;
            break;
          }
      }
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:%u:1: %s", src.display, line, err->message);
      return NULL;
    }
  }

  /* groups: known names, checks in the registry; collect segments */
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  GPtrArray *segs = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; groups[i]; i++) {
    const char *g = groups[i];
    static const char *const fixed[] = {"audit", "input", "segments", "stages", "stage-gates", "roles", "role-names", NULL};
    if (key_allowed(g, fixed))
      continue;
    if (g_str_has_prefix(g, "check.")) {
      const char *id = g + 6;
      const char *at = strchr(id, '@');
      g_autofree char *cid = at ? g_strndup(id, (gsize)(at - id)) : g_strdup(id);
      if (audit_registry_lookup(reg, cid) < 0) {
        set_error(error, &src, g, NULL, "unknown check '%s' in [%s]; 'crm-audit checks' lists them", cid, g);
        g_ptr_array_free(segs, TRUE);
        return NULL;
      }
      if (at) {
        if (!at[1]) {
          set_error(error, &src, g, NULL, "expected a segment name after '@' in [%s]", g);
          g_ptr_array_free(segs, TRUE);
          return NULL;
        }
        gboolean seen = FALSE;
        for (guint s = 0; s < segs->len && !seen; s++)
          seen = strcmp(segs->pdata[s], at + 1) == 0;
        if (!seen)
          g_ptr_array_add(segs, g_strdup(at + 1));
      }
      continue;
    }
    set_error(error, &src, g, NULL,
              "unknown group [%s]; expected [audit], [input], [segments], [check.ID], [check.ID@SEGMENT], "
              "[stages], [stage-gates], [roles] or [role-names]", g);
    g_ptr_array_free(segs, TRUE);
    return NULL;
  }
  g_ptr_array_sort(segs, compare_strs);
  g_ptr_array_insert(segs, 0, g_strdup(""));
  c->nsegments = segs->len;
  g_ptr_array_add(segs, NULL);
  c->segments = (char **)g_ptr_array_free(segs, FALSE);

  /* defaults for every check */
  c->checks = g_new0(AuditCheckSettings, reg->n);
  for (guint i = 0; i < reg->n; i++) {
    const AuditCheck *chk = reg->checks[i];
    AuditCheckSettings *st = &c->checks[i];
    st->enabled = TRUE;
    st->severity = chk->severity;
    st->noptions = count_options(chk);
    st->seg_enabled = g_new(gboolean, c->nsegments);
    st->seg_severity = g_new(AuditSeverity, c->nsegments);
    for (guint g = 0; g < c->nsegments; g++) {
      st->seg_enabled[g] = TRUE;
      st->seg_severity[g] = chk->severity;
    }
    st->values = g_new0(AuditOptionValue, MAX(st->noptions * c->nsegments, 1));
    for (guint o = 0; o < st->noptions; o++) {
      g_autoptr(GError) err = NULL;
      if (!audit_option_parse(&chk->options[o], chk->options[o].def, &st->values[o], &err))
        g_error("bug in the registry: %s.%s default: %s", chk->id, chk->options[o].name, err->message);
    }
  }

  if (!parse_audit(c, kf, &src, error) || !parse_input(c, kf, &src, error) || !parse_segments(c, kf, &src, error) ||
      !parse_stages(c, kf, &src, error) || !parse_gates(c, kf, &src, error) ||
      !build_stage_model(c, error) || !parse_roles(c, kf, &src, error) ||
      !parse_role_names(c, kf, &src, error))
    return NULL;

  /* [check.ID] first, then every segment starts from it */
  for (guint i = 0; groups[i]; i++)
    if (g_str_has_prefix(groups[i], "check.") && !strchr(groups[i], '@') &&
        !parse_check_group(c, kf, &src, groups[i], 0, error))
      return NULL;
  for (guint i = 0; i < reg->n; i++) {
    AuditCheckSettings *st = &c->checks[i];
    for (guint s = 1; s < c->nsegments; s++) {
      for (guint o = 0; o < st->noptions; o++)
        copy_value(&st->values[s * st->noptions + o], &st->values[o]);
      st->seg_enabled[s] = st->enabled;
      st->seg_severity[s] = st->severity;
    }
  }
  for (guint i = 0; groups[i]; i++) {
    const char *at = strchr(groups[i], '@');
    if (!g_str_has_prefix(groups[i], "check.") || !at)
      continue;
    guint seg = 0;
    for (guint s = 1; s < c->nsegments; s++)
      if (strcmp(c->segments[s], at + 1) == 0)
        seg = s;
    if (!c->segment_field) {
      set_error(error, &src, groups[i], NULL, "[%s] is a per-segment override, but [segments] field is not set",
                groups[i]);
      return NULL;
    }
    if (!parse_check_group(c, kf, &src, groups[i], seg, error))
      return NULL;
  }
  for (guint i = 0; i < reg->n; i++)
    settings_type(reg->checks[i], &c->checks[i], c->nsegments);
  return g_steal_pointer(&c);
}

gboolean audit_check_enabled_somewhere(const AuditCheckSettings *st, guint nsegments)
{
  for (guint s = 0; s < nsegments; s++)
    if (st->seg_enabled[s])
      return TRUE;
  return FALSE;
}

AuditConfig *audit_config_load(const AuditRegistry *reg, const char *path, GError **error)
{
  if (!path)
    return audit_config_load_data(reg, NULL, NULL, 0, error);
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) err = NULL;
  if (!g_file_get_contents(path, &data, &len, &err)) {
    /* GLib's message repeats the path; errno's words are enough */
    int code = g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT) ? ENOENT
               : g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_ACCES) ? EACCES
               : g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_ISDIR) ? EISDIR : 0;
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s: cannot read the config: %s", path,
                code ? g_strerror(code) : err->message);
    return NULL;
  }
  return audit_config_load_data(reg, path, data, len, error);
}

char *audit_config_template(const AuditRegistry *reg)
{
  GString *s = g_string_new(NULL);
  g_string_append(s,
    "# crm-audit configuration: every option at its default.\n"
    "# GKeyFile syntax: comments are whole lines starting with '#'; lists are ';'-separated.\n"
    "# Unknown groups and keys are errors, so that a typo cannot silently disable a rule.\n\n"
    "[audit]\n"
    "# the audit date for every date-relative rule (default: the newest timestamp of the export)\n"
    "# as_of = 2026-11-20\n"
    "# links to records in the reports\n"
    "# record_url = https://example.my.salesforce.com/{id}\n"
    "# personal mailbox domains; a leading '+' adds to the built-in list instead of replacing it\n"
    "# personal_domains = +example-mail.com\n"
    "# competitors' email and website domains\n"
    "# competitors = rivalco.com;othercorp.io\n"
    "# leads never to be sold to\n"
    "# exclude = Country=North Korea;Industry=Student\n"
    "# operations users: a User field=value, or a list of User Ids\n"
    "# ops_users = Department=Operations\n"
    "# the largest share of an object's records one check may propose to delete (fixes/delete-*.csv); a check\n"
    "# that would delete more has its rows withheld, its findings kept, and the summary says so\n"
    "# max_delete_share = 0.10\n\n"
    "[input]\n"
    "# dates written in a locale's order, as report exports write them (5/11/2023, 11.05.2023): mdy, dmy or\n"
    "# ymd. Each column's order is read from its values (25/04/2023 is day first), else from the file's other\n"
    "# date columns; this decides only when no value tells. Not set: such dates are not read.\n"
    "# date_order = mdy\n\n"
    "[segments]\n"
    "# the Account field whose value names a record's segment, for [check.ID@SEGMENT] overrides\n"
    "# (Account.RecordType: the record type's name); enabled, severity and options can differ per segment\n"
    "# field = Account.Type\n\n"
    "# the open stages in order (default: inferred from the export's StageSortOrder,\n"
    "# OpportunityStage.csv or Probability; see the summary's 'inferred: stage model')\n"
    "# [stages]\n"
    "# open = Prospecting;Qualification;Demo;Negotiation\n"
    "# Qualification.min_roles = 1\n"
    "# Demo.min_roles = 2\n"
    "# Negotiation.min_roles = 3\n"
    "# Negotiation.required_roles = Economic Buyer;Champion\n\n"
    "# [stage-gates]\n"
    "# Discovery = Prospecting_Score__c > 60\n\n"
    "# Title -> buying role, ordered: the first pattern that matches a title (whole words) wins.\n"
    "# A '*' at a word's end or start matches a prefix or suffix (direktor*, *leiter); a pattern\n"
    "# written !PATTERN keeps the titles it matches out of that role.\n"
    "# Setting [roles] replaces this default mapping.\n"
    "[roles]\n");
  g_autoptr(AuditRoleMap) roles = audit_role_map_new_default();
  for (guint i = 0; i < audit_role_map_size(roles); i++) {
    const char *const *pats;
    const char *role = audit_role_map_role(roles, i, &pats);
    g_string_append_printf(s, "%s = ", role);
    for (guint p = 0; pats[p]; p++)
      g_string_append_printf(s, "%s%s", p ? ";" : "", pats[p]);
    g_string_append_c(s, '\n');
  }
  g_string_append(s,
    "\n# Contact role names (OpportunityContactRole.Role) -> the standard role each stands for, when\n"
    "# the org names its roles in its own language. Wherever a role is compared (required_roles, the\n"
    "# primary's choice, win-loss) the standard role is used. These names are built in; names set here\n"
    "# are added and win over them.\n"
    "# [role-names]\n");
  const char *names;
  for (guint i = 0; audit_role_names_default(i, &names); i++)
    g_string_append_printf(s, "# %s = %s\n", audit_role_names_default(i, NULL), names);
  for (guint i = 0; i < reg->n; i++) {
    const AuditCheck *chk = reg->checks[i];
    g_string_append_printf(s, "\n# %s%s\n[check.%s]\nenabled = true\nseverity = %s\n", chk->title,
                           chk->run ? "" : " (not implemented yet)", chk->id, audit_severity_name(chk->severity));
    for (guint o = 0; chk->options && chk->options[o].name; o++)
      g_string_append_printf(s, "# %s\n%s = %s\n", chk->options[o].help, chk->options[o].name, chk->options[o].def);
  }
  return g_string_free(s, FALSE);
}
