/* Unit tests for reports/json-writer.c: exact text for layout, escaping and
 * numbers, and a round trip through json-glib's parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json-writer.h"

/* ---- an in-memory output ---- */

typedef struct {
  char *buf;
  size_t len;
  FILE *fp;
  AuditJson w;
} Out;

static void out_open(Out *o, guint pretty_depth)
{
  memset(o, 0, sizeof *o);
  o->fp = open_memstream(&o->buf, &o->len);
  assert_non_null(o->fp);
  audit_json_init(&o->w, o->fp, pretty_depth);
}

/* Close the stream; the text written (free it). */
static char *out_close(Out *o)
{
  audit_json_clear(&o->w);
  fclose(o->fp);
  return o->buf;
}

static char *escape(const char *s)
{
  GString *g = g_string_new(NULL);
  audit_json_escape(g, s);
  return g_string_free(g, FALSE);
}

static void assert_escape(const char *in, const char *expected)
{
  g_autofree char *got = escape(in);
  if (strcmp(got, expected) != 0)
    fail_msg("escape gave '%s', expected '%s'", got, expected);
}

/* The document used for the layout tests:
 * {"a": 1, "b": [true, false, null], "c": {}, "d": [], "e": {"x": "y"}} */
static void write_small(AuditJson *w)
{
  audit_json_begin_object(w);
  audit_json_key(w, "a");
  audit_json_int(w, 1);
  audit_json_key(w, "b");
  audit_json_begin_array(w);
  audit_json_bool(w, TRUE);
  audit_json_bool(w, FALSE);
  audit_json_null(w);
  audit_json_end_array(w);
  audit_json_key(w, "c");
  audit_json_begin_object(w);
  audit_json_end_object(w);
  audit_json_key(w, "d");
  audit_json_begin_array(w);
  audit_json_end_array(w);
  audit_json_key(w, "e");
  audit_json_begin_object(w);
  audit_json_key(w, "x");
  audit_json_string(w, "y");
  audit_json_end_object(w);
  audit_json_end_object(w);
}

/* ---- layout ---- */

static void test_compact(void **state)
{
  Out o;
  out_open(&o, 0);
  write_small(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s, "{\"a\": 1, \"b\": [true, false, null], \"c\": {}, \"d\": [], \"e\": {\"x\": \"y\"}}");
}

static void test_pretty_depth_1(void **state)
{
  /* the top object's members one per line; everything inside stays compact */
  Out o;
  out_open(&o, 1);
  write_small(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s,
                      "{\n"
                      "  \"a\": 1,\n"
                      "  \"b\": [true, false, null],\n"
                      "  \"c\": {},\n"
                      "  \"d\": [],\n"
                      "  \"e\": {\"x\": \"y\"}\n"
                      "}");
}

static void test_pretty_depth_2(void **state)
{
  Out o;
  out_open(&o, 2);
  write_small(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s,
                      "{\n"
                      "  \"a\": 1,\n"
                      "  \"b\": [\n"
                      "    true,\n"
                      "    false,\n"
                      "    null\n"
                      "  ],\n"
                      "  \"c\": {},\n"
                      "  \"d\": [],\n"
                      "  \"e\": {\n"
                      "    \"x\": \"y\"\n"
                      "  }\n"
                      "}");
}

static void test_array_of_objects(void **state)
{
  /* findings.json's shape: a list with one record per line */
  Out o;
  out_open(&o, 1);
  audit_json_begin_array(&o.w);
  for (int i = 1; i <= 2; i++) {
    audit_json_begin_object(&o.w);
    audit_json_key(&o.w, "id");
    audit_json_int(&o.w, i);
    audit_json_key(&o.w, "tags");
    audit_json_begin_array(&o.w);
    audit_json_string(&o.w, "x");
    audit_json_string(&o.w, "y");
    audit_json_end_array(&o.w);
    audit_json_end_object(&o.w);
  }
  audit_json_end_array(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s,
                      "[\n"
                      "  {\"id\": 1, \"tags\": [\"x\", \"y\"]},\n"
                      "  {\"id\": 2, \"tags\": [\"x\", \"y\"]}\n"
                      "]");
}

static void test_empty_and_scalar_top(void **state)
{
  Out o;
  out_open(&o, 3);
  audit_json_begin_object(&o.w);
  audit_json_end_object(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s, "{}");

  out_open(&o, 3);
  audit_json_begin_array(&o.w);
  audit_json_begin_array(&o.w);
  audit_json_end_array(&o.w);
  audit_json_end_array(&o.w);
  g_autofree char *s2 = out_close(&o);
  assert_string_equal(s2, "[\n  []\n]");

  out_open(&o, 0);
  audit_json_string(&o.w, "top");
  g_autofree char *s3 = out_close(&o);
  assert_string_equal(s3, "\"top\"");
}

/* ---- escaping ---- */

static void test_escape_ascii(void **state)
{
  assert_escape("plain text 123", "plain text 123");
  assert_escape("", "");
  assert_escape("say \"hi\"", "say \\\"hi\\\"");
  assert_escape("C:\\path\\file", "C:\\\\path\\\\file");
  assert_escape("line1\nline2", "line1\\nline2");
  assert_escape("a\rb\tc", "a\\rb\\tc");
  assert_escape("\x01", "\\u0001");
  assert_escape("x\x1fy", "x\\u001fy");
  assert_escape("\x08\x0c", "\\u0008\\u000c"); /* \b and \f spelled out are fine too, but this is the rule */
  assert_escape("del\x7f", "del\\u007f");
  /* safe inside <script> */
  assert_escape("</script>", "\\u003c/script\\u003e");
  assert_escape("a & b", "a \\u0026 b");
  assert_escape("<!--", "\\u003c!--");
  /* '/' and '\'' need nothing */
  assert_escape("it's a/b", "it's a/b");
}

static void test_escape_unicode(void **state)
{
  /* valid UTF-8 passes through */
  assert_escape("Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  /* line and paragraph separators are escaped (JavaScript line ends) */
  assert_escape("a\xe2\x80\xa8z", "a\\u2028z");
  assert_escape("a\xe2\x80\xa9z", "a\\u2029z");
  /* invalid UTF-8: one replacement per bad byte */
  assert_escape("a\xffz", "a\\ufffdz");
  assert_escape("\xe9t\xe9", "\\ufffdt\\ufffd"); /* Windows-1252 "été" */
  assert_escape("end\xc3", "end\\ufffd");        /* truncated sequence at the end */
  assert_escape("\xc0\xaf", "\\ufffd\\ufffd");   /* overlong '/' */
  assert_escape("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd"); /* a UTF-16 surrogate */
  assert_escape("\x80x", "\\ufffdx");            /* a lone continuation byte */

  /* a truncated sequence inside the text: valid UTF-8 out, the text after kept */
  g_autofree char *s = escape("a\xe2\x82z");
  assert_true(g_utf8_validate(s, -1, NULL));
  assert_true(g_str_has_prefix(s, "a\\ufffd"));
  assert_true(g_str_has_suffix(s, "z"));
  assert_null(strchr(s, '\xe2'));
}

static void test_string_and_key_escaped(void **state)
{
  Out o;
  out_open(&o, 0);
  audit_json_begin_object(&o.w);
  audit_json_key(&o.w, "k<\"1\">");
  audit_json_string(&o.w, "v\n\xe2\x80\xa8&");
  audit_json_end_object(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s, "{\"k\\u003c\\\"1\\\"\\u003e\": \"v\\n\\u2028\\u0026\"}");
}

/* ---- numbers ---- */

static void test_numbers(void **state)
{
  Out o;
  out_open(&o, 0);
  audit_json_begin_array(&o.w);
  audit_json_double(&o.w, 35000);
  audit_json_double(&o.w, 0.5);
  audit_json_double(&o.w, NAN);
  audit_json_double(&o.w, -0.0);
  audit_json_double(&o.w, -12.5);
  audit_json_double(&o.w, INFINITY);
  audit_json_double(&o.w, -INFINITY);
  audit_json_double(&o.w, 0.1);
  audit_json_double(&o.w, 0.85);
  audit_json_double(&o.w, 123456.789);
  audit_json_double(&o.w, 1.0);
  audit_json_double(&o.w, -3.0);
  audit_json_int(&o.w, 0);
  audit_json_int(&o.w, -42);
  audit_json_int(&o.w, G_MAXINT64);
  audit_json_int(&o.w, G_MININT64);
  audit_json_end_array(&o.w);
  g_autofree char *s = out_close(&o);
  assert_string_equal(s, "[35000, 0.5, null, 0, -12.5, null, null, 0.1, 0.85, 123456.789, 1, -3, 0, -42, "
                         "9223372036854775807, -9223372036854775808]");
}

static void test_large_and_small_doubles(void **state)
{
  /* whatever the spelling, it is a JSON number with the same value */
  static const double values[] = {1e15, 1e21, 1.5e300, 1e-7, 2.5e-300, 9007199254740993.0, 0.30000000000000004};
  for (guint i = 0; i < G_N_ELEMENTS(values); i++) {
    Out o;
    out_open(&o, 0);
    audit_json_double(&o.w, values[i]);
    g_autofree char *s = out_close(&o);
    /* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *p = s;
    if (*p == '-')
      p++;
    if (*p == '0')
      p++;
    else {
      assert_true(*p >= '1' && *p <= '9');
      while (g_ascii_isdigit(*p))
        p++;
    }
    if (*p == '.') {
      p++;
      assert_true(g_ascii_isdigit(*p));
      while (g_ascii_isdigit(*p))
        p++;
    }
    if (*p == 'e' || *p == 'E') {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      assert_true(g_ascii_isdigit(*p));
      while (g_ascii_isdigit(*p))
        p++;
    }
    if (*p)
      fail_msg("'%s' is not a JSON number", s);
    double back = g_ascii_strtod(s, NULL);
    if (fabs(back - values[i]) > fabs(values[i]) * 1e-14)
      fail_msg("%.17g written as '%s'", values[i], s);
  }
}

/* ---- round trip through json-glib ---- */

static void test_json_glib_round_trip(void **state)
{
  static const char *const strings[] = {
    "plain", "quote \" backslash \\ slash /", "nl\ncr\rtab\t", "ctl\x01\x1f\x7f", "</script><!-- & -->",
    "Caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "sep\xe2\x80\xa8para\xe2\x80\xa9", "",
  };
  for (guint pretty = 0; pretty <= 3; pretty++) {
    Out o;
    out_open(&o, pretty);
    AuditJson *w = &o.w;
    audit_json_begin_object(w);
    audit_json_key(w, "tool");
    audit_json_begin_object(w);
    audit_json_key(w, "name");
    audit_json_string(w, "crm-audit");
    audit_json_key(w, "version");
    audit_json_string(w, "0.1.0");
    audit_json_end_object(w);
    audit_json_key(w, "strings");
    audit_json_begin_array(w);
    for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
      audit_json_string(w, strings[i]);
    audit_json_end_array(w);
    audit_json_key(w, "bad");
    audit_json_string(w, "caf\xe9");
    audit_json_key(w, "nums");
    audit_json_begin_array(w);
    audit_json_double(w, 35000);
    audit_json_double(w, 0.5);
    audit_json_double(w, NAN);
    audit_json_double(w, -12.25);
    audit_json_int(w, -7);
    audit_json_end_array(w);
    audit_json_key(w, "flags");
    audit_json_begin_object(w);
    audit_json_key(w, "yes");
    audit_json_bool(w, TRUE);
    audit_json_key(w, "no");
    audit_json_bool(w, FALSE);
    audit_json_key(w, "none");
    audit_json_null(w);
    audit_json_key(w, "empty");
    audit_json_begin_array(w);
    audit_json_end_array(w);
    audit_json_key(w, "deep");
    audit_json_begin_array(w);
    audit_json_begin_object(w);
    audit_json_key(w, "k\"<");
    audit_json_begin_array(w);
    audit_json_int(w, 1);
    audit_json_end_array(w);
    audit_json_end_object(w);
    audit_json_end_array(w);
    audit_json_end_object(w);
    audit_json_end_object(w);
    g_autofree char *text = out_close(&o);

    /* nothing that would end a <script> or a JavaScript line */
    assert_null(strchr(text, '<'));
    assert_null(strstr(text, "\xe2\x80\xa8"));
    assert_true(g_utf8_validate(text, -1, NULL));

    g_autoptr(JsonParser) parser = json_parser_new();
    GError *error = NULL;
    if (!json_parser_load_from_data(parser, text, -1, &error))
      fail_msg("json-glib cannot parse (pretty_depth %u): %s\n%s", pretty, error->message, text);
    JsonNode *root = json_parser_get_root(parser);
    assert_int_equal(JSON_NODE_TYPE(root), JSON_NODE_OBJECT);
    JsonObject *top = json_node_get_object(root);
    assert_int_equal(json_object_get_size(top), 5);

    JsonObject *tool = json_object_get_object_member(top, "tool");
    assert_string_equal(json_object_get_string_member(tool, "name"), "crm-audit");
    assert_string_equal(json_object_get_string_member(tool, "version"), "0.1.0");

    JsonArray *arr = json_object_get_array_member(top, "strings");
    assert_int_equal(json_array_get_length(arr), G_N_ELEMENTS(strings));
    for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
      assert_string_equal(json_array_get_string_element(arr, i), strings[i]);
    assert_string_equal(json_object_get_string_member(top, "bad"), "caf\xef\xbf\xbd"); /* U+FFFD */

    JsonArray *nums = json_object_get_array_member(top, "nums");
    assert_int_equal(json_array_get_length(nums), 5);
    assert_true(json_node_get_value_type(json_array_get_element(nums, 0)) == G_TYPE_INT64);
    assert_int_equal(json_array_get_int_element(nums, 0), 35000);
    assert_true(json_array_get_double_element(nums, 1) == 0.5);
    assert_true(json_array_get_null_element(nums, 2));
    assert_true(json_array_get_double_element(nums, 3) == -12.25);
    assert_true(json_array_get_int_element(nums, 4) == -7);

    JsonObject *flags = json_object_get_object_member(top, "flags");
    assert_true(json_object_get_boolean_member(flags, "yes"));
    assert_false(json_object_get_boolean_member(flags, "no"));
    assert_true(json_object_get_null_member(flags, "none"));
    assert_int_equal(json_array_get_length(json_object_get_array_member(flags, "empty")), 0);
    JsonArray *deep = json_object_get_array_member(flags, "deep");
    assert_int_equal(json_array_get_length(deep), 1);
    JsonObject *d0 = json_array_get_object_element(deep, 0);
    assert_true(json_object_has_member(d0, "k\"<"));
    JsonArray *inner = json_object_get_array_member(d0, "k\"<");
    assert_int_equal(json_array_get_int_element(inner, 0), 1);
  }
}

/* A number with fixed decimals (evidence rows' scores): never the locale's comma, null when not finite */
static void test_fixed(void **state)
{
  (void)state;
  Out o;
  out_open(&o, 0);
  audit_json_begin_array(&o.w);
  audit_json_fixed(&o.w, 1, 3);
  audit_json_fixed(&o.w, 0.9234, 3);
  audit_json_fixed(&o.w, 0.5, 0);
  audit_json_fixed(&o.w, NAN, 3);
  audit_json_end_array(&o.w);
  g_autofree char *text = out_close(&o);
  assert_string_equal(text, "[1.000, 0.923, 0, null]");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_compact),
    cmocka_unit_test(test_pretty_depth_1),
    cmocka_unit_test(test_pretty_depth_2),
    cmocka_unit_test(test_array_of_objects),
    cmocka_unit_test(test_empty_and_scalar_top),
    cmocka_unit_test(test_escape_ascii),
    cmocka_unit_test(test_escape_unicode),
    cmocka_unit_test(test_string_and_key_escaped),
    cmocka_unit_test(test_numbers),
    cmocka_unit_test(test_large_and_small_doubles),
    cmocka_unit_test(test_fixed),
    cmocka_unit_test(test_json_glib_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
