/* The fix tables: known actions map to INTERFACE.md's files, an unknown
 * action gets its own table with its fields in first-seen order, rows come in
 * findings order, and values a spreadsheet would run are neutralised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

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

  Rows rows = {g_string_new(NULL)};
  for (guint i = 0; i < tables->len; i++)
    audit_fix_table_rows(&r, tables->pdata[i], collect, &rows);
  assert_string_equal(rows.out->str, "contact-roles-to-insert:006000000000001,003000000000001,Champion,;"
                                     "contact-roles-to-update:00K000000000001,,true;"
                                     "zap-record:x1,;zap-record:x2,=spam;");
  g_string_free(rows.out, TRUE);
  audit_sink_free(a);
  audit_sink_free(b);
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
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
