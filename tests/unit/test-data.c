/* Unit tests for auditor/data.c: the lookup tables of data/, embedded at
 * build time, parse to exactly what the files say (as scripts/gen-org reads
 * them), once, from any thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "data.h"

/* data/NAME read from disk as gen-org reads it: its entries in order (a
 * .tsv row's fields one after the other). */
static GPtrArray *file_entries(const char *name)
{
  g_autofree char *path = g_build_filename(DATA_DIR, name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents(path, &text, NULL, &error))
    fail_msg("%s", error->message);
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (!*lines[i] || lines[i][0] == '#')
      continue;
    g_auto(GStrv) fields = g_strsplit(lines[i], "\t", -1);
    for (guint f = 0; fields[f]; f++)
      g_ptr_array_add(out, g_strdup(fields[f]));
  }
  return out;
}

static void test_tables_match_files(void **state)
{
  for (guint t = 0; t < AUDIT_DATA_COUNT; t++) {
    const char *const *e = audit_data(t);
    g_autoptr(GPtrArray) want = file_entries(audit_data_name(t));
    guint n = g_strv_length((char **)e);
    if (n != want->len)
      fail_msg("%s: %u entries embedded, %u in the file", audit_data_name(t), n, want->len);
    for (guint i = 0; i < n; i++)
      if (strcmp(e[i], g_ptr_array_index(want, i)) != 0)
        fail_msg("%s: entry %u is '%s', the file says '%s'", audit_data_name(t), i, e[i],
                 (char *)g_ptr_array_index(want, i));
    assert_true(audit_data_rows(t) > 0);
    assert_int_equal(audit_data_rows(t) * audit_data_columns(t), n);
    assert_int_equal(audit_data_columns(t), g_str_has_suffix(audit_data_name(t), ".tsv") ? 2 : 1);
  }
}

static gboolean contains(AuditData t, const char *s)
{
  return g_strv_contains(audit_data(t), s);
}

static void test_known_entries(void **state)
{
  /* comments and blank lines are no entries; UTF-8 and punctuation survive */
  assert_true(contains(AUDIT_DATA_PERSONAL_DOMAINS, "gmail.com"));
  assert_true(contains(AUDIT_DATA_PERSONAL_DOMAINS, "yahoo.*"));
  assert_false(contains(AUDIT_DATA_PERSONAL_DOMAINS, "mailinator.com"));
  assert_true(contains(AUDIT_DATA_DISPOSABLE_DOMAINS, "mailinator.com"));
  assert_true(contains(AUDIT_DATA_NO_VALUE_WORDS, "неизвестно"));
  assert_true(contains(AUDIT_DATA_NO_VALUE_PHRASES, "غير معروف"));
  assert_true(contains(AUDIT_DATA_WEBSITE_PLACEHOLDERS, "http://www."));
  assert_true(contains(AUDIT_DATA_ACCOUNT_TEST_WORDS, "do not use"));
  for (guint t = 0; t < AUDIT_DATA_COUNT; t++)
    for (const char *const *e = audit_data(t); *e; e++)
      if (!**e || **e == '#' || g_ascii_isspace(**e))
        fail_msg("%s: entry '%s'", audit_data_name(t), *e);
  /* a .tsv row's fields in order; the order of rows is kept (the longest
   * legal form first), duplicates too */
  const char *const *forms = audit_data(AUDIT_DATA_LEGAL_FORMS);
  assert_string_equal(forms[0], "gmbh and co kgaa");
  assert_string_equal(forms[1], "gmbh & co kg");
  guint as = 0;
  for (guint r = 0; r < audit_data_rows(AUDIT_DATA_LEGAL_FORMS); r++)
    as += strcmp(forms[2 * r], "as") == 0;
  assert_int_equal(as, 2);
  const char *const *roles = audit_data(AUDIT_DATA_TITLE_ROLES);
  assert_string_equal(roles[0], "Economic Buyer");
  assert_true(g_str_has_prefix(roles[1], "cfo;vp finance;"));
  assert_string_equal(audit_data_name(AUDIT_DATA_ROLE_NAMES), "role-names.tsv");
}

static gpointer first_use(gpointer data)
{
  return (gpointer)audit_data(GPOINTER_TO_UINT(data));
}

static void test_once_from_threads(void **state)
{
  /* parsed once: every thread gets the same array */
  GThread *th[8];
  for (guint i = 0; i < G_N_ELEMENTS(th); i++)
    th[i] = g_thread_new("first-use", first_use, GUINT_TO_POINTER(AUDIT_DATA_ROLE_NAMES));
  gpointer got = g_thread_join(th[0]);
  for (guint i = 1; i < G_N_ELEMENTS(th); i++)
    assert_ptr_equal(g_thread_join(th[i]), got);
  assert_ptr_equal(audit_data(AUDIT_DATA_ROLE_NAMES), got);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_once_from_threads),
    cmocka_unit_test(test_tables_match_files),
    cmocka_unit_test(test_known_entries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
