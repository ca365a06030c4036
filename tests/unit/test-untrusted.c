/* Text from an export on its way to a terminal: controls, escape sequences,
 * C1 and bidi controls escaped, the rest unchanged; bidi controls found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "untrusted.h"

static void test_escape_terminal(void **state)
{
  static const char *const cases[][3] = {
    /* input, keeping lines, on one line */
    {"Acme", "Acme", "Acme"},
    {"\x1b]0;owned\x07\x1b[2J", "\\x1b]0;owned\\x07\\x1b[2J", "\\x1b]0;owned\\x07\\x1b[2J"},
    {"a\nb\tc\rd", "a\nb\tc\\x0dd", "a\\x0ab\\x09c\\x0dd"},
    {"del\x7f", "del\\x7f", "del\\x7f"},
    {"csi\xc2\x9b" "31m", "csi\\u{009b}31m", "csi\\u{009b}31m"},            /* U+009B, the 8-bit CSI */
    {"Evil\xe2\x80\xae" "Corp", "Evil\\u{202e}Corp", "Evil\\u{202e}Corp"}, /* U+202E */
    {"\xe2\x81\xa6x\xe2\x81\xa9", "\\u{2066}x\\u{2069}", "\\u{2066}x\\u{2069}"},
    {"mark\xe2\x80\x8f", "mark\\u{200f}", "mark\\u{200f}"},
    {"bad\xff\xfe", "bad\\xff\\xfe", "bad\\xff\\xfe"},
    {"Zürich Präzision — 東京 \xf0\x9f\x98\x80", "Zürich Präzision — 東京 \xf0\x9f\x98\x80",
     "Zürich Präzision — 東京 \xf0\x9f\x98\x80"},
    {"", "", ""},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *lines = audit_text_escape_terminal(cases[i][0], TRUE);
    g_autofree char *one = audit_text_escape_terminal(cases[i][0], FALSE);
    assert_string_equal(lines, cases[i][1]);
    assert_string_equal(one, cases[i][2]);
  }
}

static void test_has_bidi(void **state)
{
  assert_true(audit_text_has_bidi("Evil\xe2\x80\xae" "Corp", -1));  /* U+202E */
  assert_true(audit_text_has_bidi("\xe2\x80\xaa", -1));              /* U+202A */
  assert_true(audit_text_has_bidi("x\xe2\x81\xa9", -1));             /* U+2069 */
  assert_false(audit_text_has_bidi("\xe2\x80\xa9", -1));             /* U+2029, a paragraph separator */
  assert_false(audit_text_has_bidi("\xe2\x81\xaa", -1));             /* U+206A */
  assert_false(audit_text_has_bidi("Zürich — 東京", -1));
  assert_false(audit_text_has_bidi("ab\xe2\x80\xae", 3));            /* past len */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_escape_terminal),
    cmocka_unit_test(test_has_bidi),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
