/* The config (config.h): its groups apart from the checks' and the stage
 * model's, which options.c and stage-model.c read, and its template. */
#include "config-internal.h"

#include <errno.h>
#include <string.h>

/* ---- the config ---- */

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
  audit_check_settings_free(c);
  g_free(c);
}

static AuditConfig *config_new(void)
{
  AuditConfig *c = g_new0(AuditConfig, 1);
  c->as_of = AUDIT_DAY_NONE;
  c->max_delete_share = AUDIT_MAX_DELETE_SHARE;
  c->stages = g_ptr_array_new_with_free_func(audit_stage_free);
  c->gates = g_ptr_array_new_with_free_func(audit_gate_free);
  c->stage_model = audit_stage_model_new();
  return c;
}

/* record_url becomes links in report.html and report.xlsx: https:// with a
 * host, {id} where the Id goes, no control characters, spaces, quotes or
 * angle brackets (no javascript:, data: or plain http). */
static gboolean record_url_ok(const char *v)
{
  if (!g_str_has_prefix(v, "https://") || !strstr(v, "{id}"))
    return FALSE;
  const char *host = v + strlen("https://");
  if (!g_ascii_isalnum(*host))
    return FALSE;
  for (const char *c = v; *c; c++)
    if ((guchar)*c <= ' ' || *c == 0x7f || strchr("\"'<>\\`", *c))
      return FALSE;
  return TRUE;
}

static gboolean parse_audit(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  static const char *const keys[] = {"as_of", "record_url", "personal_domains", "competitors",
                                     "exclude", "ops_users", "max_delete_share", NULL};
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "audit", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    const char *k = ks[i];
    if (!audit_keyfile_key_in(k, keys)) {
      audit_keyfile_error(error, src, "audit", k, "unknown key '%s' in [audit]; expected one of as_of, record_url, "
                "personal_domains, competitors, exclude, ops_users, max_delete_share", k);
      return FALSE;
    }
    g_autofree char *v = g_key_file_get_string(kf, "audit", k, NULL);
    g_strstrip(v);
    if (strcmp(k, "as_of") == 0) {
      if (!audit_parse_day(v, strlen(v), TRUE, &c->as_of)) {
        audit_keyfile_error(error, src, "audit", k, "expected a date YYYY-MM-DD for as_of, found '%s'", v);
        return FALSE;
      }
    } else if (strcmp(k, "record_url") == 0) {
      if (!record_url_ok(v)) {
        g_autofree char *shown = g_strescape(v, NULL);
        audit_keyfile_error(error, src, "audit", k, "expected an https:// URL with {id} where the record Id goes "
                            "(https://example.my.salesforce.com/{id}), found '%s'", shown);
        return FALSE;
      }
      c->record_url = g_steal_pointer(&v);
    } else if (strcmp(k, "personal_domains") == 0) {
      g_auto(GStrv) items = audit_keyfile_list(kf, "audit", k);
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
      c->competitors = audit_keyfile_list(kf, "audit", k);
    } else if (strcmp(k, "exclude") == 0) {
      c->exclude = audit_keyfile_list(kf, "audit", k);
      for (guint j = 0; c->exclude[j]; j++) {
        const char *eq = strchr(c->exclude[j], '=');
        if (!eq || eq == c->exclude[j]) {
          audit_keyfile_error(error, src, "audit", k, "expected Field=Value entries in exclude, found '%s'", c->exclude[j]);
          return FALSE;
        }
      }
    } else if (strcmp(k, "ops_users") == 0) {
      c->ops_users = audit_keyfile_list(kf, "audit", k);
    } else if (strcmp(k, "max_delete_share") == 0) {
      char *end;
      double d = g_ascii_strtod(v, &end);
      if (!*v || *end || !(d >= 0 && d <= 1)) {
        audit_keyfile_error(error, src, "audit", k, "expected a share from 0 to 1 for max_delete_share (0.10: 10%%), found '%s'",
                  v);
        return FALSE;
      }
      c->max_delete_share = d;
    }
  }
  return TRUE;
}

/* [input]: how to read the export's values. */
static gboolean parse_input(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "input", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    if (strcmp(ks[i], "date_order") != 0) {
      audit_keyfile_error(error, src, "input", ks[i], "unknown key '%s' in [input]; expected date_order", ks[i]);
      return FALSE;
    }
    g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "input", ks[i], NULL));
    if (!audit_day_order_from_name(v, &c->date_order)) {
      audit_keyfile_error(error, src, "input", ks[i], "expected mdy, dmy or ymd for date_order, found '%s'", v);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean parse_segments(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "segments", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    if (strcmp(ks[i], "field") != 0) {
      audit_keyfile_error(error, src, "segments", ks[i], "unknown key '%s' in [segments]; expected field", ks[i]);
      return FALSE;
    }
    g_autofree char *v = g_strstrip(g_key_file_get_string(kf, "segments", "field", NULL));
    const char *field = v;
    const char *dot = strchr(v, '.');
    if (dot) {
      if (g_ascii_strncasecmp(v, "Account.", 8) != 0) {
        audit_keyfile_error(error, src, "segments", "field",
                  "expected an Account field such as Account.Type (segments are read from the account), found '%s'", v);
        return FALSE;
      }
      field = dot + 1;
    }
    if (!*field) {
      audit_keyfile_error(error, src, "segments", "field", "expected an Account field such as Account.Type, found nothing");
      return FALSE;
    }
    c->segment_field = g_strdup(field);
  }
  return TRUE;
}

static gboolean parse_roles(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "roles", NULL, NULL);
  if (!ks || !ks[0])
    return TRUE;
  audit_role_map_free(c->roles);
  c->roles = audit_role_map_new();
  c->roles_configured = TRUE;
  for (guint i = 0; ks[i]; i++) {
    g_auto(GStrv) pats = audit_keyfile_list(kf, "roles", ks[i]);
    if (!pats[0]) {
      audit_keyfile_error(error, src, "roles", ks[i], "expected title patterns for role %s, found none", ks[i]);
      return FALSE;
    }
    audit_role_map_add(c->roles, ks[i], (const char *const *)pats);
  }
  return TRUE;
}

/* [role-names] ROLE = name;name: the names this org gives a standard role,
 * added to (and taking precedence over) the built-in names. */
static gboolean parse_role_names(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error)
{
  g_auto(GStrv) ks = g_key_file_get_keys(kf, "role-names", NULL, NULL);
  for (guint i = 0; ks && ks[i]; i++) {
    g_auto(GStrv) names = audit_keyfile_list(kf, "role-names", ks[i]);
    if (!names[0]) {
      audit_keyfile_error(error, src, "role-names", ks[i], "expected the names of role %s in this org, found none", ks[i]);
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

static gint compare_strs(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

guint audit_config_line(const AuditConfig *c, const char *group, const char *key)
{
  return audit_keyfile_line(c->source, group, key);
}

/* The groups of the file: known names and checks of the registry; the
 * segments the [check.ID@SEGMENT] groups name, sorted after "" (none). */
static gboolean read_groups(AuditConfig *c, char **groups, const AuditKeySource *src, GError **error)
{
  static const char *const fixed[] = {"audit", "input", "segments", "stages", "stage-gates", "roles", "role-names",
                                      NULL};
  g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; groups[i]; i++) {
    const char *g = groups[i];
    if (audit_keyfile_key_in(g, fixed))
      continue;
    if (!g_str_has_prefix(g, "check.")) {
      audit_keyfile_error(error, src, g, NULL,
                          "unknown group [%s]; expected [audit], [input], [segments], [check.ID], [check.ID@SEGMENT], "
                          "[stages], [stage-gates], [roles] or [role-names]", g);
      return FALSE;
    }
    const char *id = g + 6;
    const char *at = strchr(id, '@');
    g_autofree char *cid = at ? g_strndup(id, (gsize)(at - id)) : g_strdup(id);
    if (audit_registry_lookup(&c->registry, cid) < 0) {
      audit_keyfile_error(error, src, g, NULL, "unknown check '%s' in [%s]; 'crm-audit checks' lists them", cid, g);
      return FALSE;
    }
    if (!at)
      continue;
    if (!at[1]) {
      audit_keyfile_error(error, src, g, NULL, "expected a segment name after '@' in [%s]", g);
      return FALSE;
    }
    gboolean seen = FALSE;
    for (guint s = 0; s < segs->len && !seen; s++)
      seen = strcmp(segs->pdata[s], at + 1) == 0;
    if (!seen)
      g_ptr_array_add(segs, g_strdup(at + 1));
  }
  g_ptr_array_sort(segs, compare_strs);
  g_ptr_array_insert(segs, 0, g_strdup(""));
  c->nsegments = segs->len;
  g_ptr_array_add(segs, NULL);
  c->segments = (char **)g_ptr_array_free(g_steal_pointer(&segs), FALSE);
  return TRUE;
}

AuditConfig *audit_config_load_data(const AuditRegistry *reg, const char *display, const char *data, gsize len,
                                    GError **error)
{
  g_autoptr(AuditConfig) c = config_new();
  c->registry = *reg;
  c->path = g_strdup(display);
  c->roles = audit_role_map_new_default();
  c->role_names = audit_role_names_new_default();
  c->source = audit_keyfile_entries(data);
  AuditKeySource src = {display ? display : "(defaults)", c->source};
  g_autoptr(GKeyFile) kf = g_key_file_new();
  if (data && !audit_keyfile_load(kf, &src, data, len, error))
    return NULL;
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  if (!read_groups(c, groups, &src, error))
    return NULL;
  audit_check_settings_init(c);
  if (!parse_audit(c, kf, &src, error) || !parse_input(c, kf, &src, error) || !parse_segments(c, kf, &src, error) ||
      !audit_stage_groups_read(c, kf, &src, error) || !parse_roles(c, kf, &src, error) ||
      !parse_role_names(c, kf, &src, error) || !audit_check_settings_read(c, kf, &src, error))
    return NULL;
  return g_steal_pointer(&c);
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
