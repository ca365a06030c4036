/* The fix tables: known actions map to INTERFACE.md's files, an unknown
 * action gets its own table with its fields in first-seen order, rows come in
 * findings order, and values a spreadsheet would run are neutralised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include <glib/gstdio.h>

#include "derive.h"
#include "load.h"
#include "registry.h"
#include "reports.h"

typedef struct {
  GString *out;
} Rows;

static void collect(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
                    const AuditFinding *finding, gpointer user)
{
  Rows *rows = user;
  g_string_append_printf(rows->out, "%s:", t->name);
  for (guint i = 0; i < t->ncolumns; i++)
    g_string_append_printf(rows->out, "%s%s", i ? "," : "", values[i]);
  g_string_append_c(rows->out, ';');
}

static void test_tables(void **state)
{
  g_autoptr(AuditModel) m = audit_model_new();
  /* a table of three contact roles, for the findings' records */
  AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  roles->present = TRUE;
  AuditResult r = {.model = m};
  r.sinks = g_new0(AuditSink *, audit_registry_size);
  AuditSink *a = audit_sink_new(m, audit_registry[0], AUDIT_SEV_ERROR);
  AuditSink *b = audit_sink_new(m, audit_registry[1], AUDIT_SEV_ERROR);
  r.sinks[0] = a;
  r.sinks[1] = b;

  audit_emit(a, AUDIT_OBJ_CONTACT_ROLE, -1, NULL, "one");
  audit_fix_action(a, "zap-record");
  audit_fix_str(a, "Target", "x1");
  audit_emit(a, AUDIT_OBJ_CONTACT_ROLE, -1, NULL, "two");
  audit_fix_action(a, "update-contact-role");
  audit_fix_str(a, "Id", "00K000000000001");
  audit_fix_bool(a, "IsPrimary", TRUE);
  audit_emit(a, AUDIT_OBJ_CONTACT_ROLE, -1, NULL, "no fix");
  audit_emit(b, AUDIT_OBJ_CONTACT_ROLE, -1, NULL, "three");
  audit_fix_action(b, "zap-record");
  audit_fix_str(b, "Reason", "=spam");
  audit_fix_str(b, "Target", "x2");
  audit_emit(b, AUDIT_OBJ_CONTACT_ROLE, -1, NULL, "four");
  audit_fix_action(b, "add-contact-role");
  audit_fix_str(b, "OpportunityId", "006000000000001");
  audit_fix_str(b, "ContactId", "003000000000001");
  audit_fix_str(b, "Role", "Champion");

  g_autoptr(GPtrArray) tables = audit_fix_tables(&r);
  assert_int_equal(tables->len, 3);
  const AuditFixTable *t0 = tables->pdata[0], *t1 = tables->pdata[1], *t2 = tables->pdata[2];
  /* known tables in INTERFACE.md's order, then unknown actions */
  assert_string_equal(t0->name, "contact-roles-to-insert");
  assert_string_equal(t1->name, "contact-roles-to-update");
  assert_string_equal(t2->name, "zap-record");
  assert_int_equal(t2->ncolumns, 2);
  assert_string_equal(t2->columns[0], "Target");
  assert_string_equal(t2->columns[1], "Reason");
  assert_int_equal(t0->nrows, 1);
  assert_int_equal(t2->nrows, 2);
  /* a column no row sets is left out: the insert sets no IsPrimary, the update no Role */
  assert_int_equal(t0->ncolumns, 3);
  assert_string_equal(t0->columns[2], "Role");
  assert_null(t0->columns[3]);
  assert_int_equal(t1->ncolumns, 2);
  assert_string_equal(t1->columns[1], "IsPrimary");
  assert_false(t0->plan || t1->plan || t2->plan);

  Rows rows = {g_string_new(NULL)};
  for (guint i = 0; i < tables->len; i++)
    audit_fix_table_rows(&r, tables->pdata[i], collect, &rows);
  assert_string_equal(rows.out->str, "contact-roles-to-insert:006000000000001,003000000000001,Champion;"
                                     "contact-roles-to-update:00K000000000001,true;"
                                     "zap-record:x1,;zap-record:x2,=spam;");
  g_string_free(rows.out, TRUE);
  audit_sink_free(a);
  audit_sink_free(b);
  g_free(r.sinks);
}

static void write_file(const char *dir, const char *name, const char *data)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(path, data, -1, NULL));
}

/* Ids in the fix files as they came in: a record's Id in the form its own
 * row had (whatever form a reference to it had elsewhere), an Id of no
 * record in the form most of the export's Ids had, other columns untouched. */
static void test_ids_as_exported(void **state)
{
  g_autofree char *dir = g_dir_make_tmp("crm-audit-test-fixes-XXXXXX", NULL);
  assert_non_null(dir);
  write_file(dir, "Account.csv", "Id,Name\n001000000000001AAA,Acme\n001000000000002,Acme Inc\n");
  write_file(dir, "Contact.csv", "Id,LastName\n003000000000001AAA,Lee\n003000000000002,Kim\n");
  write_file(dir, "Opportunity.csv", "Id,Name,ContactId\n"
                                     "006000000000001AAA,Deal,003000000000002AAA\n"
                                     "006000000000002AAA,Deal 2,\n");
  write_file(dir, "OpportunityContactRole.csv", "Id,OpportunityId,ContactId\n"
                                                "00K000000000001,006000000000001,003000000000001\n");
  g_autoptr(AuditModel) m = audit_model_new();
  AuditLoadOptions opts = {.encoding = AUDIT_ENCODING_UTF8, .jobs = 1};
  GError *error = NULL;
  gboolean loaded = audit_model_load(m, dir, &opts, &error);
  if (loaded)
    audit_derive_model(m, 1);
  static const char *const files[] = {"Account.csv", "Contact.csv", "Opportunity.csv", "OpportunityContactRole.csv"};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(dir, files[i], NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
  if (!loaded)
    fail_msg("loading: %s", error->message);

  AuditResult r = {.model = m};
  r.sinks = g_new0(AuditSink *, audit_registry_size);
  AuditSink *a = audit_sink_new(m, audit_registry[0], AUDIT_SEV_ERROR);
  r.sinks[0] = a;
  audit_emit(a, AUDIT_OBJ_OPPORTUNITY, 0, NULL, "add");
  audit_fix_action(a, "add-contact-role");
  audit_fix_str(a, "OpportunityId", "006000000000001");
  audit_fix_str(a, "ContactId", "003000000000002"); /* 15 in Contact.csv, 18 in Opportunity.csv */
  audit_fix_str(a, "Role", "ABCDEabcde12345");     /* not an Id column: as it is */
  audit_emit(a, AUDIT_OBJ_OPPORTUNITY, 1, NULL, "add");
  audit_fix_action(a, "add-contact-role");
  audit_fix_str(a, "OpportunityId", "006000000000002");
  audit_fix_str(a, "ContactId", "003000000000001"); /* 18 in Contact.csv */
  audit_emit(a, AUDIT_OBJ_OPPORTUNITY, 1, NULL, "add");
  audit_fix_action(a, "add-contact-role");
  audit_fix_str(a, "OpportunityId", "006000000000002");
  audit_fix_str(a, "ContactId", "003000000000009"); /* no such contact: 4 of the 7 Ids came in 18 */
  audit_emit(a, AUDIT_OBJ_ACCOUNT, 0, NULL, "merge");
  audit_fix_action(a, "merge-accounts");
  audit_fix_str(a, "MasterId", "001000000000001");
  audit_fix_str(a, "DuplicateId", "001000000000002;001000000000001"); /* a group: each as it came */
  audit_emit(a, AUDIT_OBJ_CONTACT_ROLE, 0, NULL, "update");
  audit_fix_action(a, "update-contact-role");
  audit_fix_str(a, "Id", "00K000000000001");
  audit_fix_str(a, "Role", "Champion");

  g_autoptr(GPtrArray) tables = audit_fix_tables(&r);
  Rows rows = {g_string_new(NULL)};
  for (guint i = 0; i < tables->len; i++)
    audit_fix_table_rows(&r, tables->pdata[i], collect, &rows);
  assert_string_equal(rows.out->str,
                      "contact-roles-to-insert:006000000000001AAA,003000000000002,ABCDEabcde12345;"
                      "contact-roles-to-insert:006000000000002AAA,003000000000001AAA,;"
                      "contact-roles-to-insert:006000000000002AAA,003000000000009AAA,;"
                      "accounts-to-merge:001000000000001AAA,001000000000002;001000000000001AAA;"
                      "contact-roles-to-update:00K000000000001,Champion;");
  assert_true(((const AuditFixTable *)tables->pdata[1])->plan); /* accounts-to-merge: a plan (its .sdl says so) */
  g_string_free(rows.out, TRUE);
  audit_sink_free(a);
  g_free(r.sinks);
}

static void test_neutralise(void **state)
{
  g_autoptr(GString) buf = g_string_new(NULL);
  static const char *const cases[][2] = {
    {"=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"}, {"+1", "'+1"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"},
    {"\tx", "'\tx"}, {"\rx", "'\rx"}, {"Champion", "Champion"}, {"", ""}, {"a=b", "a=b"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
    assert_string_equal(audit_fix_neutralise(cases[i][0], buf), cases[i][1]);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tables),
    cmocka_unit_test(test_neutralise),
    cmocka_unit_test(test_ids_as_exported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
