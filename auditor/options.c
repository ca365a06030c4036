/* The checks' options: values parsed from the config's text, every check's
 * settings per segment ([check.ID], [check.ID@SEGMENT]) and its options
 * struct resolved from them (AUDIT_OPTION_AT). */
#include "config-internal.h"

#include <string.h>

/* ---- option values ---- */

void audit_option_value_clear(AuditOptionValue *v)
{
  g_clear_pointer(&v->s, g_free);
  g_clear_pointer(&v->list, g_strfreev);
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
    out->list = audit_keyfile_split_list(t);
    return TRUE;
  case AUDIT_OPT_NONE:
    break;
  }
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s: unknown option type", o->name);
  return FALSE;
}

/* ---- the descriptor's options against its struct ---- */

static const char *const type_names[] = {
  [AUDIT_OPT_NONE] = "none of the option types", [AUDIT_OPT_INT] = "gint64", [AUDIT_OPT_DOUBLE] = "double",
  [AUDIT_OPT_BOOL] = "gboolean", [AUDIT_OPT_STRING] = "const char *", [AUDIT_OPT_LIST] = "const char *const *",
};

static const gsize type_widths[] = {
  [AUDIT_OPT_INT] = sizeof(gint64), [AUDIT_OPT_DOUBLE] = sizeof(double), [AUDIT_OPT_BOOL] = sizeof(gboolean),
  [AUDIT_OPT_STRING] = sizeof(const char *), [AUDIT_OPT_LIST] = sizeof(const char *const *),
};

#define CONVENTION_NAME "convention_share"

static gboolean option_type_known(AuditOptionType t)
{
  return t > AUDIT_OPT_NONE && t <= AUDIT_OPT_LIST;
}

gboolean audit_check_options_valid(const AuditCheck *c, GError **error)
{
  guint n = 0;
  while (c->options && c->options[n].name)
    n++;
  if (n && !c->options_size) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "check %s declares options but no options struct "
                "(options_size)", c->id);
    return FALSE;
  }
  if (!n && c->options_size) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "check %s has an options struct (options_size) but no "
                "options", c->id);
    return FALSE;
  }
  for (guint o = 0; o < n; o++) {
    const AuditOption *opt = &c->options[o];
    if (!option_type_known(opt->type)) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s.%s: unknown option type", c->id, opt->name);
      return FALSE;
    }
    if (opt->member != opt->type) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s.%s: its member is %s, expected %s (declared with "
                  "AUDIT_OPTION_AT)", c->id, opt->name, option_type_known(opt->member) ? type_names[opt->member]
                  : type_names[AUDIT_OPT_NONE], type_names[opt->type]);
      return FALSE;
    }
    gsize width = type_widths[opt->type];
    if (opt->offset + width > c->options_size) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s.%s: its member (offset %" G_GSIZE_FORMAT ") lies "
                  "outside the options struct (options_size %" G_GSIZE_FORMAT ")", c->id, opt->name, opt->offset,
                  c->options_size);
      return FALSE;
    }
    for (guint p = 0; p < o; p++) {
      const AuditOption *other = &c->options[p];
      if (strcmp(other->name, opt->name) == 0) {
        g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s.%s: declared twice", c->id, opt->name);
        return FALSE;
      }
      if (opt->offset < other->offset + type_widths[other->type] && other->offset < opt->offset + width) {
        g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s.%s and %s.%s: one member (offset %" G_GSIZE_FORMAT
                    ") for two options", c->id, other->name, c->id, opt->name, opt->offset);
        return FALSE;
      }
    }
    if (strcmp(opt->name, CONVENTION_NAME) == 0 && (opt->offset != 0 || opt->type != AUDIT_OPT_DOUBLE)) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s." CONVENTION_NAME ": expected the options struct's "
                  "first member, a double (AUDIT_CONVENTION_OPTION)", c->id);
      return FALSE;
    }
  }
  return TRUE;
}

gboolean audit_check_folds(const AuditCheck *c)
{
  for (guint o = 0; c->options && c->options[o].name; o++)
    if (strcmp(c->options[o].name, CONVENTION_NAME) == 0)
      return TRUE;
  return FALSE;
}

/* ---- every check's settings ---- */

static guint count_options(const AuditCheck *c)
{
  guint n = 0;
  while (c->options && c->options[n].name)
    n++;
  return n;
}

void audit_check_settings_init(AuditConfig *c)
{
  const AuditRegistry *reg = &c->registry;
  c->checks = g_new0(AuditCheckSettings, reg->n);
  for (guint i = 0; i < reg->n; i++) {
    const AuditCheck *chk = reg->checks[i];
    AuditCheckSettings *st = &c->checks[i];
    g_autoptr(GError) err = NULL;
    if (!audit_check_options_valid(chk, &err))
      g_error("bug in the registry: %s", err->message);
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
    for (guint o = 0; o < st->noptions; o++)
      if (!audit_option_parse(&chk->options[o], chk->options[o].def, &st->values[o], &err))
        g_error("bug in the registry: %s.%s default: %s", chk->id, chk->options[o].name, err->message);
  }
}

void audit_check_settings_free(AuditConfig *c)
{
  if (!c->checks)
    return;
  for (guint i = 0; i < c->registry.n; i++) {
    AuditCheckSettings *s = &c->checks[i];
    for (guint v = 0; v < s->noptions * c->nsegments; v++)
      audit_option_value_clear(&s->values[v]);
    g_free(s->values);
    g_free(s->typed);
    g_free(s->seg_enabled);
    g_free(s->seg_severity);
  }
  g_clear_pointer(&c->checks, g_free);
}

/* [check.ID] and [check.ID@SEGMENT] */
static gboolean read_check_group(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, const char *group,
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
          audit_keyfile_error(error, src, group, k, "expected true or false for enabled, found '%s'", v);
          return FALSE;
        }
        st->seg_enabled[segment] = b == 1;
      } else if (!audit_severity_from_name(v, &st->seg_severity[segment])) {
        audit_keyfile_error(error, src, group, k, "expected error, warning or info for severity, found '%s'", v);
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
      audit_keyfile_error(error, src, group, k, "unknown key '%s' in [%s]; %s takes %s", k, group, id, names->str);
      g_string_free(names, TRUE);
      return FALSE;
    }
    g_autoptr(GError) err = NULL;
    AuditOptionValue val;
    if (!audit_option_parse(&chk->options[o], v, &val, &err)) {
      audit_keyfile_error(error, src, group, k, "%s", err->message);
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

/* A check's options struct per segment, from its resolved values (strings
 * and lists point into them). */
static void settings_resolve(const AuditCheck *chk, AuditCheckSettings *st, guint nsegments)
{
  gsize size = chk->options_size;
  if (!size)
    return;
  st->typed = g_malloc0(size * nsegments);
  for (guint s = 0; s < nsegments; s++)
    for (guint o = 0; o < st->noptions; o++) {
      const AuditOption *opt = &chk->options[o];
      const AuditOptionValue *v = &st->values[s * st->noptions + o];
      guint8 *at = st->typed + s * size + opt->offset;
      switch (opt->type) {
      case AUDIT_OPT_INT: memcpy(at, &v->i, sizeof v->i); break;
      case AUDIT_OPT_DOUBLE: memcpy(at, &v->d, sizeof v->d); break;
      case AUDIT_OPT_BOOL: memcpy(at, &v->b, sizeof v->b); break;
      case AUDIT_OPT_STRING: memcpy(at, &v->s, sizeof v->s); break;
      case AUDIT_OPT_LIST: memcpy(at, &v->list, sizeof v->list); break;
      case AUDIT_OPT_NONE: break; /* refused by audit_check_options_valid */
      }
    }
}

gboolean audit_check_settings_read(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  const AuditRegistry *reg = &c->registry;
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  /* [check.ID] first, then every segment starts from it */
  for (guint i = 0; groups[i]; i++)
    if (g_str_has_prefix(groups[i], "check.") && !strchr(groups[i], '@') &&
        !read_check_group(c, kf, src, groups[i], 0, error))
      return FALSE;
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
      audit_keyfile_error(error, src, groups[i], NULL, "[%s] is a per-segment override, but [segments] field is not "
                          "set", groups[i]);
      return FALSE;
    }
    if (!read_check_group(c, kf, src, groups[i], seg, error))
      return FALSE;
  }
  for (guint i = 0; i < reg->n; i++)
    settings_resolve(reg->checks[i], &c->checks[i], c->nsegments);
  return TRUE;
}

gboolean audit_check_enabled_somewhere(const AuditCheckSettings *st, guint nsegments)
{
  for (guint s = 0; s < nsegments; s++)
    if (st->seg_enabled[s])
      return TRUE;
  return FALSE;
}

static void option_text(const AuditOptionValue *v, GString *out)
{
  switch (v->type) {
  case AUDIT_OPT_INT:
    g_string_append_printf(out, "%" G_GINT64_FORMAT, v->i);
    break;
  case AUDIT_OPT_DOUBLE: {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(out, g_ascii_dtostr(buf, sizeof buf, v->d));
    break;
  }
  case AUDIT_OPT_BOOL:
    g_string_append(out, v->b ? "true" : "false");
    break;
  case AUDIT_OPT_STRING:
    g_string_append(out, v->s ? v->s : "");
    break;
  case AUDIT_OPT_LIST:
    for (guint k = 0; v->list && v->list[k]; k++)
      g_string_append_printf(out, "%s%s", k ? ";" : "", v->list[k]);
    break;
  case AUDIT_OPT_NONE:
    break;
  }
}

/* The settings of check (registry index), their keys after prefix. */
static void settings_foreach(const AuditConfig *c, guint check, const char *prefix,
                             void (*fn)(const char *key, const char *value, gpointer user), gpointer user)
{
  const AuditCheck *chk = c->registry.checks[check];
  const AuditCheckSettings *st = &c->checks[check];
  g_autoptr(GString) key = g_string_new(NULL);
  g_autoptr(GString) val = g_string_new(NULL);
  g_autoptr(GString) def = g_string_new(NULL);
  /* a segment's settings only where they differ from the check's own, so that
   * adding a segment that changes nothing of a check leaves it comparable */
  for (guint s = 0; s < c->nsegments; s++) {
    const char *at = s ? "@" : "", *seg = s ? c->segments[s] : "";
    gboolean enabled = s ? st->seg_enabled[s] : st->enabled;
    AuditSeverity severity = s ? st->seg_severity[s] : st->severity;
    g_string_printf(key, "%senabled%s%s", prefix, at, seg);
    if (!s || enabled != st->enabled)
      fn(key->str, enabled ? "true" : "false", user);
    g_string_printf(key, "%sseverity%s%s", prefix, at, seg);
    if (!s || severity != st->severity)
      fn(key->str, audit_severity_name(severity), user);
    for (guint o = 0; o < st->noptions; o++) {
      g_string_printf(key, "%s%s%s%s", prefix, chk->options[o].name, at, seg);
      g_string_truncate(val, 0);
      option_text(&st->values[s * st->noptions + o], val);
      g_string_truncate(def, 0);
      option_text(&st->values[o], def);
      if (!s || strcmp(val->str, def->str) != 0)
        fn(key->str, val->str, user);
    }
  }
}

void audit_check_identity_foreach(const AuditConfig *c, guint check,
                                  void (*fn)(const char *key, const char *value, gpointer user), gpointer user)
{
  const AuditCheck *chk = c->registry.checks[check];
  settings_foreach(c, check, "", fn, user);
  /* the checks whose rules (and options) it reads, as ID.KEY */
  for (guint k = 0; chk->options_of && chk->options_of[k]; k++) {
    gint j = audit_registry_lookup(&c->registry, chk->options_of[k]);
    if (j < 0 || (guint)j == check)
      continue;
    g_autofree char *prefix = g_strconcat(chk->options_of[k], ".", NULL);
    settings_foreach(c, (guint)j, prefix, fn, user);
  }
  g_autoptr(GString) val = g_string_new(NULL);
  /* the [audit] lists that shared derivations read (the domain rules, the lead plan, operations users):
   * every check, when set */
  const struct {
    const char *key;
    char **list;
  } shared[] = {{"[audit] competitors", c->competitors},
                {"[audit] personal_domains", c->personal_domains_replace},
                {"[audit] personal_domains (+)", c->personal_domains_add},
                {"[audit] exclude", c->exclude},
                {"[audit] ops_users", c->ops_users}};
  for (guint k = 0; k < G_N_ELEMENTS(shared); k++)
    if (shared[k].list) {
      g_autofree char *joined = g_strjoinv(";", shared[k].list);
      fn(shared[k].key, joined, user);
    }
  if (!chk->uses_stage_model)
    return;
  g_string_truncate(val, 0);
  for (guint k = 0; c->stage_model && k < c->stage_model->len; k++) {
    const AuditStageDef *d = c->stage_model->pdata[k];
    g_autofree char *req = g_strjoinv("+", d->required_roles);
    g_string_append_printf(val, "%s%s:%u:%u:%s", k ? "; " : "", d->name, d->rank, d->min_roles, req);
  }
  fn("stage_model", val->str, user);
  g_string_truncate(val, 0);
  static const char *const ops[] = {">", ">=", "<", "<=", "="};
  for (guint k = 0; c->gates && k < c->gates->len; k++) {
    const AuditGate *g = c->gates->pdata[k];
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(val, "%s%s: %s %s %s", k ? "; " : "", g->stage, g->field, ops[g->op],
                           g_ascii_dtostr(buf, sizeof buf, g->value));
  }
  fn("stage_gates", val->str, user);
}
