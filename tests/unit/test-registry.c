/* Unit tests for checks/registry.c: the table every other part reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "config.h"
#include "model.h"
#include "registry.h"

/* The catalogue, from the one list of checks (checks/checks.def): its ids in
 * order, and each id's default severity, which the descriptor must carry. */
static const char *const catalogue[] = {
#define AUDIT_CHECK(symbol, id, severity) id,
#include "checks.def"
#undef AUDIT_CHECK
  NULL,
};

static const struct {
  const char *id;
  AuditSeverity sev;
} catalogue_severity[] = {
#define AUDIT_CHECK(symbol, id, severity) {id, severity},
#include "checks.def"
#undef AUDIT_CHECK
};

static gboolean is_kebab(const char *id)
{
  /* [a-z0-9]+(-[a-z0-9]+)* */
  if (!*id || *id == '-')
    return FALSE;
  for (const char *p = id; *p; p++) {
    if (*p == '-') {
      if (p[1] == '-' || p[1] == '\0')
        return FALSE;
    } else if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p))
      return FALSE;
  }
  return TRUE;
}

static gboolean nonblank(const char *s)
{
  if (!s)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isspace(*s))
      return TRUE;
  return FALSE;
}

static void test_is_kebab_helper(void **state)
{
  /* the helper itself, so that the next test means something */
  assert_true(is_kebab("account-duplicate"));
  assert_true(is_kebab("a1-b2"));
  assert_false(is_kebab("Account-duplicate"));
  assert_false(is_kebab("account_duplicate"));
  assert_false(is_kebab("account--duplicate"));
  assert_false(is_kebab("-account"));
  assert_false(is_kebab("account-"));
  assert_false(is_kebab("account duplicate"));
  assert_false(is_kebab(""));
}

static void test_ids_unique_kebab(void **state)
{
  assert_true(audit_registry_size > 0);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    assert_non_null(c);
    assert_non_null(c->id);
    if (!is_kebab(c->id))
      fail_msg("id '%s' is not kebab-case", c->id);
    for (guint j = 0; j < i; j++)
      if (strcmp(audit_registry[j]->id, c->id) == 0)
        fail_msg("id '%s' appears twice (entries %u and %u)", c->id, j, i);
  }
}

static void test_descriptions(void **state)
{
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    if (!nonblank(c->title))
      fail_msg("%s has no title", c->id);
    if (strchr(c->title, '\n'))
      fail_msg("%s: the title is not one line", c->id);
    if (!nonblank(c->rationale))
      fail_msg("%s has no rationale", c->id);
    if ((guint)c->severity >= AUDIT_SEV_COUNT)
      fail_msg("%s has severity %d", c->id, c->severity);
    if (c->needs & ~((1u << AUDIT_OBJ_COUNT) - 1))
      fail_msg("%s needs an object that does not exist (0x%x)", c->id, c->needs);
  }
}

static void test_implemented_have_fix_and_example(void **state)
{
  guint implemented = 0;
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    if (!c->run)
      continue;
    implemented++;
    if (!nonblank(c->fix))
      fail_msg("%s is implemented but has no fix text", c->id);
    if (!nonblank(c->example))
      fail_msg("%s is implemented but has no example", c->id);
  }
  /* at least the data integrity checks have landed */
  assert_true(implemented >= 1);
  gint dup = audit_registry_find("record-duplicate-id");
  assert_true(dup >= 0);
  assert_non_null(audit_registry[dup]->run);
}

static void test_options(void **state)
{
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    for (guint o = 0; c->options && c->options[o].name; o++) {
      const AuditOption *opt = &c->options[o];
      if (!*opt->name)
        fail_msg("%s: option %u has an empty name", c->id, o);
      for (const char *p = opt->name; *p; p++)
        if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '_')
          fail_msg("%s: option name '%s' is not snake_case", c->id, opt->name);
      if (strcmp(opt->name, "enabled") == 0 || strcmp(opt->name, "severity") == 0)
        fail_msg("%s: option '%s' clashes with the key every check has", c->id, opt->name);
      for (guint p = 0; p < o; p++)
        if (strcmp(c->options[p].name, opt->name) == 0)
          fail_msg("%s: option '%s' twice", c->id, opt->name);
      if (!nonblank(opt->help))
        fail_msg("%s.%s has no help", c->id, opt->name);
      if (!opt->def)
        fail_msg("%s.%s has no default", c->id, opt->name);
      if (opt->type == AUDIT_OPT_INT && (opt->min || opt->max) && opt->min > opt->max)
        fail_msg("%s.%s: range %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT " is empty", c->id, opt->name, opt->min,
                 opt->max);
      AuditOptionValue v;
      GError *error = NULL;
      if (!audit_option_parse(opt, opt->def, &v, &error))
        fail_msg("%s.%s: default '%s' does not parse: %s", c->id, opt->name, opt->def, error->message);
      assert_int_equal(v.type, opt->type);
      if (opt->type == AUDIT_OPT_INT && (opt->min || opt->max))
        assert_true(v.i >= opt->min && v.i <= opt->max);
      audit_option_value_clear(&v);
    }
  }
}

/* Every check's options agree with its options struct (AUDIT_OPTION_AT). */
static void test_options_struct(void **state)
{
  for (guint i = 0; i < audit_registry_size; i++) {
    g_autoptr(GError) error = NULL;
    if (!audit_check_options_valid(audit_registry[i], &error))
      fail_msg("%s", error->message);
  }
}

/* ... and a descriptor whose options and struct disagree is refused, each
 * way they can (what audit_check_options_valid checks, shown to fail). */
typedef struct {
  double convention_share;
  gint64 days;
  gboolean strict;
  const char *status;
  const char *const *words;
} LayoutOptions;

static void assert_layout_refused(const AuditOption *options, gsize size, const char *expected)
{
  AuditCheck c = {.id = "layout", .options = options, .options_size = size};
  g_autoptr(GError) error = NULL;
  if (audit_check_options_valid(&c, &error))
    fail_msg("a descriptor with %s is accepted", expected);
  if (!strstr(error->message, expected))
    fail_msg("expected '%s' in: %s", expected, error->message);
}

static void test_options_struct_refused(void **state)
{
  const AuditOption good[] = {
    AUDIT_CONVENTION_OPTION(LayoutOptions),
    {"days", AUDIT_OPT_INT, "7", "h", 1, 10, AUDIT_OPTION_AT(LayoutOptions, days)},
    {"strict", AUDIT_OPT_BOOL, "false", "h", 0, 0, AUDIT_OPTION_AT(LayoutOptions, strict)},
    {"status", AUDIT_OPT_STRING, "x", "h", 0, 0, AUDIT_OPTION_AT(LayoutOptions, status)},
    {"words", AUDIT_OPT_LIST, "a;b", "h", 0, 0, AUDIT_OPTION_AT(LayoutOptions, words)},
    {0}};
  AuditCheck ok = {.id = "layout", .options = good, .options_size = sizeof(LayoutOptions)};
  assert_true(audit_check_options_valid(&ok, NULL));
  assert_true(audit_check_folds(&ok));
  AuditCheck none = {.id = "none"};
  assert_true(audit_check_options_valid(&none, NULL));
  assert_false(audit_check_folds(&none));
  /* the member's C type, seen by AUDIT_OPTION_AT */
  assert_int_equal(good[1].member, AUDIT_OPT_INT);
  assert_int_equal(good[4].member, AUDIT_OPT_LIST);

  /* options without options_size */
  assert_layout_refused(good, 0, "no options struct (options_size)");
  /* an options struct without options */
  const AuditOption empty[] = {{0}};
  assert_layout_refused(empty, sizeof(LayoutOptions), "but no options");
  /* a member outside the struct: a struct smaller than the one the offsets are of */
  assert_layout_refused(good, sizeof(double) + sizeof(gint64), "outside the options struct");
  /* two options on one member */
  const AuditOption twice[] = {
    {"days", AUDIT_OPT_INT, "7", "h", 1, 10, AUDIT_OPTION_AT(LayoutOptions, days)},
    {"weeks", AUDIT_OPT_INT, "1", "h", 1, 10, AUDIT_OPTION_AT(LayoutOptions, days)},
    {0}};
  assert_layout_refused(twice, sizeof(LayoutOptions), "one member");
  /* overlapping members (an offset written by hand into the middle of another) */
  const AuditOption overlap[] = {
    {"days", AUDIT_OPT_INT, "7", "h", 1, 10, AUDIT_OPTION_AT(LayoutOptions, days)},
    {"half", AUDIT_OPT_BOOL, "true", "h", 0, 0, G_STRUCT_OFFSET(LayoutOptions, days) + 4, AUDIT_OPT_BOOL},
    {0}};
  assert_layout_refused(overlap, sizeof(LayoutOptions), "one member");
  /* a member of another type than the option's */
  const AuditOption mistyped[] = {
    {"days", AUDIT_OPT_DOUBLE, "7", "h", 0, 0, AUDIT_OPTION_AT(LayoutOptions, days)},
    {0}};
  assert_layout_refused(mistyped, sizeof(LayoutOptions), "its member is gint64, expected double");
  const AuditOption bool_as_int[] = {
    {"strict", AUDIT_OPT_INT, "1", "h", 0, 0, AUDIT_OPTION_AT(LayoutOptions, strict)},
    {0}};
  assert_layout_refused(bool_as_int, sizeof(LayoutOptions), "its member is gboolean, expected gint64");
  /* an offset without AUDIT_OPTION_AT: the member's type unknown */
  const AuditOption bare[] = {
    {"days", AUDIT_OPT_INT, "7", "h", 1, 10, G_STRUCT_OFFSET(LayoutOptions, days)},
    {0}};
  assert_layout_refused(bare, sizeof(LayoutOptions), "its member is none of the option types");
  /* the convention share anywhere but first */
  typedef struct {
    gint64 days;
    double convention_share;
  } LateOptions;
  const AuditOption late[] = {
    {"days", AUDIT_OPT_INT, "7", "h", 1, 10, AUDIT_OPTION_AT(LateOptions, days)},
    AUDIT_CONVENTION_OPTION(LateOptions),
    {0}};
  assert_layout_refused(late, sizeof(LateOptions), "first member");
  /* one name twice */
  const AuditOption same_name[] = {
    {"days", AUDIT_OPT_INT, "7", "h", 1, 10, AUDIT_OPTION_AT(LayoutOptions, days)},
    {"days", AUDIT_OPT_BOOL, "true", "h", 0, 0, AUDIT_OPTION_AT(LayoutOptions, strict)},
    {0}};
  assert_layout_refused(same_name, sizeof(LayoutOptions), "declared twice");
}

/* The columns a check cannot run without (columns) or is skipped without
 * (wants) are declared once, by its descriptor (checks/checks.def does not
 * repeat them: its macro takes no columns). The wants are "Object.Field"
 * like the columns, and no column is declared twice. */
static void test_declared_columns(void **state)
{
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint l = 0; l < 2; l++) {
      const char *const *list = l == 0 ? c->columns : c->wants;
      for (guint k = 0; list && list[k]; k++) {
        const char *col = list[k];
        const char *dot = strchr(col, '.');
        if (!dot || dot == col || !dot[1])
          fail_msg("%s: column '%s' is not Object.Field", c->id, col);
        g_autofree char *obj = g_strndup(col, (gsize)(dot - col));
        AuditObject o;
        if (!audit_object_from_name(obj, &o))
          fail_msg("%s: column '%s' names no object", c->id, col);
        if (!g_hash_table_add(seen, (gpointer)col))
          fail_msg("%s: column '%s' declared twice", c->id, col);
      }
    }
  }
}

static void test_find_round_trip(void **state)
{
  for (guint i = 0; i < audit_registry_size; i++)
    assert_int_equal(audit_registry_find(audit_registry[i]->id), (gint)i);
  assert_int_equal(audit_registry_find("no-such-check"), -1);
  assert_int_equal(audit_registry_find(""), -1);
  assert_int_equal(audit_registry_find("ACCOUNT-DUPLICATE"), -1); /* ids are exact */
  assert_int_equal(audit_registry_find("account-duplicate "), -1);
  assert_int_equal(audit_registry_find("account"), -1);
}

static void test_catalogue_present(void **state)
{
  for (guint k = 0; catalogue[k]; k++)
    if (audit_registry_find(catalogue[k]) < 0)
      fail_msg("catalogue check %s is not in the registry", catalogue[k]);
  /* and nothing else */
  for (guint i = 0; i < audit_registry_size; i++) {
    gboolean listed = FALSE;
    for (guint k = 0; catalogue[k] && !listed; k++)
      listed = strcmp(catalogue[k], audit_registry[i]->id) == 0;
    if (!listed)
      fail_msg("registry check %s is not in checks/checks.def", audit_registry[i]->id);
  }
  assert_int_equal(audit_registry_size, G_N_ELEMENTS(catalogue) - 1);
}

static void test_catalogue_order(void **state)
{
  /* registry.h: "The checks, in catalogue order"; findings are written in it */
  gint last = -1;
  for (guint k = 0; catalogue[k]; k++) {
    gint i = audit_registry_find(catalogue[k]);
    if (i < 0)
      continue; /* reported by test_catalogue_present */
    if (i < last)
      fail_msg("%s is at %d in the registry, before the previous catalogue entry at %d", catalogue[k], i, last);
    last = i;
  }
}

static void test_catalogue_severity(void **state)
{
  for (guint k = 0; k < G_N_ELEMENTS(catalogue_severity); k++) {
    gint i = audit_registry_find(catalogue_severity[k].id);
    if (i < 0)
      fail_msg("catalogue check %s is not in the registry", catalogue_severity[k].id);
    if (audit_registry[i]->severity != catalogue_severity[k].sev)
      fail_msg("%s has severity %s, the catalogue says %s", catalogue_severity[k].id,
               audit_severity_name(audit_registry[i]->severity), audit_severity_name(catalogue_severity[k].sev));
  }
}

static void test_severity_names(void **state)
{
  assert_string_equal(audit_severity_name(AUDIT_SEV_INFO), "info");
  assert_string_equal(audit_severity_name(AUDIT_SEV_WARNING), "warning");
  assert_string_equal(audit_severity_name(AUDIT_SEV_ERROR), "error");
  AuditSeverity s;
  assert_true(audit_severity_from_name("error", &s));
  assert_int_equal(s, AUDIT_SEV_ERROR);
  assert_true(audit_severity_from_name("Warning", &s));
  assert_int_equal(s, AUDIT_SEV_WARNING);
  assert_true(audit_severity_from_name("info", &s));
  assert_int_equal(s, AUDIT_SEV_INFO);
  assert_false(audit_severity_from_name("critical", &s));
  assert_false(audit_severity_from_name("", &s));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_is_kebab_helper),
    cmocka_unit_test(test_ids_unique_kebab),
    cmocka_unit_test(test_descriptions),
    cmocka_unit_test(test_implemented_have_fix_and_example),
    cmocka_unit_test(test_options),
    cmocka_unit_test(test_options_struct),
    cmocka_unit_test(test_options_struct_refused),
    cmocka_unit_test(test_declared_columns),
    cmocka_unit_test(test_find_round_trip),
    cmocka_unit_test(test_catalogue_present),
    cmocka_unit_test(test_catalogue_order),
    cmocka_unit_test(test_catalogue_severity),
    cmocka_unit_test(test_severity_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
