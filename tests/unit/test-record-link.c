/* A record's link from record_url: "{id}" replaced by the Id wherever it
 * appears; no link without a record_url, or for an Id that is not plain
 * letters and digits (a value from the export never shapes a URL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "config.h"
#include "reports.h"

static void test_link(void **state)
{
  AuditConfig config = {.record_url = "https://acme.my.salesforce.com/{id}"};
  g_auto(GStrv) parts = audit_record_link_parts(&config);
  g_autoptr(GString) out = g_string_new("stale");
  assert_true(audit_record_link((const char *const *)parts, "0015g00003mxQ7M", out));
  assert_string_equal(out->str, "https://acme.my.salesforce.com/0015g00003mxQ7M");

  static const char *const bad[] = {"", "001\" onclick=\"x", "001/../x", "001 2", "javascript:alert(1)", "001<b>"};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    assert_false(audit_record_link((const char *const *)parts, bad[i], out));
    assert_string_equal(out->str, "");
  }
}

static void test_twice_and_none(void **state)
{
  AuditConfig config = {.record_url = "https://x.example/{id}?back={id}"};
  g_auto(GStrv) parts = audit_record_link_parts(&config);
  g_autoptr(GString) out = g_string_new(NULL);
  assert_true(audit_record_link((const char *const *)parts, "003A", out));
  assert_string_equal(out->str, "https://x.example/003A?back=003A");

  AuditConfig none = {0}, empty = {.record_url = ""};
  assert_null(audit_record_link_parts(&none));
  assert_null(audit_record_link_parts(&empty));
  assert_false(audit_record_link(NULL, "003A", out));
  assert_string_equal(out->str, "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_link),
    cmocka_unit_test(test_twice_and_none),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
