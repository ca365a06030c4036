/* Unit tests for the normalisation files (auditor/sfid.c, day.c, value.c,
 * fold.c, title.c, ...): Ids, dates, booleans, numbers, Windows-1252 and the
 * title → buying role map.
 *
 * Every expected value below is worked out by hand (day numbers from the
 * calendar, bytes from the Windows-1252 and UTF-8 tables). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "model.h"
#include "normalize.h"

/* ---- helpers ---- */

/* audit_id_normalize on a C string; the result as a new string. */
static char *norm_id(const char *s)
{
  gsize len = strlen(s);
  char *out = g_malloc0(len + 1);
  gsize n = audit_id_normalize(s, len, out);
  assert_true(n <= len);
  out[n] = '\0';
  return out;
}

static gboolean parse_day(const char *s, gboolean date_only, gint32 *day)
{
  *day = 12345; /* a sentinel the parser must overwrite on success */
  return audit_parse_day(s, strlen(s), date_only, day);
}

static void assert_day(const char *s, gboolean date_only, gint32 expected)
{
  gint32 day;
  if (!parse_day(s, date_only, &day))
    fail_msg("audit_parse_day rejected '%s' (date_only=%d)", s, date_only);
  if (day != expected)
    fail_msg("audit_parse_day('%s') = %d, expected %d", s, (int)day, (int)expected);
}

static void assert_no_day(const char *s, gboolean date_only)
{
  gint32 day;
  if (parse_day(s, date_only, &day))
    fail_msg("audit_parse_day accepted '%s' (date_only=%d) as day %d", s, date_only, (int)day);
}

static void assert_bool(const char *s, gint8 expected)
{
  gint8 b = 42;
  if (!audit_parse_bool(s, strlen(s), &b))
    fail_msg("audit_parse_bool rejected '%s'", s);
  if (b != expected)
    fail_msg("audit_parse_bool('%s') = %d, expected %d", s, b, expected);
}

static void assert_number(const char *s, double expected)
{
  double d = 0;
  if (!audit_parse_number(s, strlen(s), &d))
    fail_msg("audit_parse_number rejected '%s'", s);
  if (d != expected)
    fail_msg("audit_parse_number('%s') = %g, expected %g", s, d, expected);
}

static void assert_no_number(const char *s)
{
  double d = 0;
  if (audit_parse_number(s, strlen(s), &d))
    fail_msg("audit_parse_number accepted '%s' as %g", s, d);
  /* model.h: numbers are NAN when blank or invalid; the loader stores *out as is */
  if (!isnan(d))
    fail_msg("audit_parse_number('%s') left %g, expected NAN", s, d);
}

static char *cp1252(const char *bytes)
{
  GString *out = g_string_new(NULL);
  audit_cp1252_to_utf8(bytes, strlen(bytes), out);
  return g_string_free(out, FALSE);
}

static void assert_role(const AuditRoleMap *map, const char *title, const char *expected)
{
  const char *role = audit_role_map_lookup(map, title);
  if (g_strcmp0(role, expected) != 0)
    fail_msg("role of '%s' = %s, expected %s", title ? title : "(null)", role ? role : "NULL",
             expected ? expected : "NULL");
}

/* ---- Ids ---- */

static void test_id_normalize(void **state)
{
  char *s;

  /* 18 → 15 */
  s = norm_id("001000000000001AAA");
  assert_string_equal(s, "001000000000001");
  g_free(s);
  /* suffix AAV: chunk 3 "AbCdE" has capitals at 0, 2, 4 = 21 = 'V' */
  s = norm_id("0035g00000AbCdEAAV");
  assert_string_equal(s, "0035g00000AbCdE");
  g_free(s);

  /* the suffix restores the case that a spreadsheet or database lost */
  s = norm_id("0035G00000ABCDEAAV");
  assert_string_equal(s, "0035g00000AbCdE");
  g_free(s);
  s = norm_id("0035g00000abcdeaav");
  assert_string_equal(s, "0035g00000AbCdE");
  g_free(s);
  /* a real Id (sfdc-gen-ai-demo): Nq, J, M, V are capitals: I=8 (bit 3), I=8, A=0 */
  s = norm_id("001NQ00000J1MWVIAV");
  assert_string_equal(s, "001Nq00000J1MwV");
  g_free(s);

  /* 15 untouched */
  s = norm_id("001000000000001");
  assert_string_equal(s, "001000000000001");
  g_free(s);

  /* whitespace trimmed, before and after cutting */
  s = norm_id("  001000000000001  ");
  assert_string_equal(s, "001000000000001");
  g_free(s);
  s = norm_id("\t001000000000001AAA \r\n");
  assert_string_equal(s, "001000000000001");
  g_free(s);

  /* the null Ids */
  s = norm_id("000000000000000");
  assert_string_equal(s, "");
  g_free(s);
  s = norm_id("000000000000000AAA");
  assert_string_equal(s, "");
  g_free(s);
  s = norm_id(" 000000000000000AAA ");
  assert_string_equal(s, "");
  g_free(s);

  /* other lengths untouched */
  s = norm_id("00100000000001"); /* 14 */
  assert_string_equal(s, "00100000000001");
  g_free(s);
  s = norm_id("0010000000000012"); /* 16 */
  assert_string_equal(s, "0010000000000012");
  g_free(s);
  s = norm_id("00100000000000123"); /* 17 */
  assert_string_equal(s, "00100000000000123");
  g_free(s);
  s = norm_id("0010000000000012345"); /* 19 */
  assert_string_equal(s, "0010000000000012345");
  g_free(s);
  s = norm_id("0000000000000000"); /* 16 zeros: not a null Id */
  assert_string_equal(s, "0000000000000000");
  g_free(s);
  s = norm_id("12345");
  assert_string_equal(s, "12345");
  g_free(s);
  s = norm_id("");
  assert_string_equal(s, "");
  g_free(s);
  s = norm_id("   ");
  assert_string_equal(s, "");
  g_free(s);

  /* 18 characters that are not an Id (another CRM's key) are not cut */
  s = norm_id("deal-0000000000001");
  assert_int_equal(strlen("deal-0000000000001"), 18);
  assert_string_equal(s, "deal-0000000000001");
  g_free(s);

  /* 18 alphanumerics are a Salesforce Id only with a suffix consistent with
   * the first 15 (worked out as in test_id_to_18): a digit's bit is never
   * set, a letter's tells whether it is a capital */
  s = norm_id("CUSTOMER0000000001"); /* "001": bits 26 26 27, set for digits */
  assert_string_equal(s, "CUSTOMER0000000001");
  g_free(s);
  s = norm_id("001000000000003AAB"); /* B: the bit of a digit */
  assert_string_equal(s, "001000000000003AAB");
  g_free(s);
  s = norm_id("a0B1cD2eF3gH4iJAAA"); /* capitals the suffix does not have */
  assert_string_equal(s, "a0B1cD2eF3gH4iJAAA");
  g_free(s);
  s = norm_id("a0B1cD2eF3gH4iJEJS");
  assert_string_equal(s, "a0B1cD2eF3gH4iJ");
  g_free(s);
  /* a tool changed the whole Id's case: restored from the suffix */
  s = norm_id("0015G00003MXQ7MAAU");
  assert_string_equal(s, "0015g00003mxQ7M");
  g_free(s);
  s = norm_id("0015g00003mxq7maau");
  assert_string_equal(s, "0015g00003mxQ7M");
  g_free(s);

  /* the length argument is honoured: only the first 18 bytes are read */
  char out[32];
  assert_int_equal(audit_id_normalize("001000000000001AAAxyz", 18, out), 15);
  assert_memory_equal(out, "001000000000001", 15);
}

/* The 18-character form, worked out by hand: bit i of each 5-character
 * chunk is set when character i is a capital; the value indexes
 * A..Z0..5. "a0B1c" → B at 2 → 4 → E; "D2eF3" → 1 + 8 → J; "gH4iJ" → 2 + 16
 * → S. */
static void test_id_to_18(void **state)
{
  static const char *const cases[][2] = {
    {"001000000000001", "001000000000001AAA"},
    {"0015g00003mxQ7M", "0015g00003mxQ7MAAU"}, /* as Salesforce wrote it in a real-like export */
    {"ABCDEabcde12345", "ABCDEabcde123455AA"},
    {"a0B1cD2eF3gH4iJ", "a0B1cD2eF3gH4iJEJS"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    char out[19];
    audit_id_to_18(cases[i][0], out);
    assert_string_equal(out, cases[i][1]);
    /* and back: the suffix restores the case a spreadsheet took away */
    g_autofree char *lower = g_ascii_strdown(out, -1);
    g_autofree char *back = norm_id(lower);
    assert_string_equal(back, cases[i][0]);
  }
}

static void test_id_normalize_form(void **state)
{
  static const struct {
    const char *in, *out;
    gboolean was_18;
  } cases[] = {
    {"001000000000001", "001000000000001", FALSE},
    {"001000000000001AAA", "001000000000001", TRUE},
    {" 001000000000001AAA ", "001000000000001", TRUE},
    {"000000000000000AAA", "", FALSE},           /* the null Id: blank */
    {"deal-0000000000001", "deal-0000000000001", FALSE}, /* 18 characters, not an Id */
    {"", "", FALSE},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    char out[32];
    gboolean was_18 = !cases[i].was_18;
    gsize n = audit_id_normalize_form(cases[i].in, strlen(cases[i].in), out, &was_18);
    out[n] = '\0';
    assert_string_equal(out, cases[i].out);
    assert_int_equal(was_18, cases[i].was_18);
  }
}

static void test_id_is_salesforce(void **state)
{
  assert_true(audit_id_is_salesforce("001000000000001", 15));
  assert_true(audit_id_is_salesforce("0035g00000AbCdE", 15));
  assert_true(audit_id_is_salesforce("00G000000000001", 15));
  assert_false(audit_id_is_salesforce("00100000000001", 14));
  assert_false(audit_id_is_salesforce("001000000000001AAA", 18));
  assert_false(audit_id_is_salesforce("00100000000000-", 15));
  assert_false(audit_id_is_salesforce("001 00000000001", 15));
  assert_false(audit_id_is_salesforce("deal-00000000001", 15));
  assert_false(audit_id_is_salesforce("", 0));
  /* the length decides, not the NUL */
  assert_true(audit_id_is_salesforce("001000000000001AAA", 15));
}

/* ---- dates ---- */

/* 2024-01-15: 54 years of 365 days + 13 leap days (1972..2020) = 19723 for
 * 2024-01-01, + 14 = 19737. */
#define DAY_2024_01_15 19737

static void test_parse_day_formats(void **state)
{
  assert_day("2024-01-15", TRUE, DAY_2024_01_15);
  assert_day("2024-01-15", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T10:00:00.000Z", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T10:00:00.000+0000", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T10:00:00+01:00", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15 10:00:00", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T10:00:00Z", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T00:00:00.000Z", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T23:59:59.999Z", FALSE, DAY_2024_01_15);

  /* epoch and neighbours */
  assert_day("1970-01-01", TRUE, 0);
  assert_day("1970-01-02", TRUE, 1);
  assert_day("1969-12-31", TRUE, -1);

  /* the length argument is honoured */
  gint32 day = 0;
  assert_true(audit_parse_day("2024-01-15XYZ", 10, TRUE, &day));
  assert_int_equal(day, DAY_2024_01_15);
}

static void test_parse_day_offsets(void **state)
{
  /* 23:30 at UTC-2 is 01:30 UTC the next day */
  assert_day("2024-01-15T23:30:00-0200", FALSE, DAY_2024_01_15 + 1);
  assert_day("2024-01-15T23:30:00.000-02:00", FALSE, DAY_2024_01_15 + 1);
  /* 00:30 at UTC+1 is 23:30 UTC the day before */
  assert_day("2024-01-15T00:30:00+01:00", FALSE, DAY_2024_01_15 - 1);
  assert_day("2024-01-15T00:30:00+0100", FALSE, DAY_2024_01_15 - 1);
  /* the same instants that stay on the day */
  assert_day("2024-01-15T21:30:00-0200", FALSE, DAY_2024_01_15);
  assert_day("2024-01-15T01:30:00+01:00", FALSE, DAY_2024_01_15);
  /* across a year end: 2024 has 366 days, so 2025-01-01 = 19723 + 366 = 20089 */
  assert_day("2024-12-31T23:30:00-0100", FALSE, 20089);
  assert_day("2025-01-01T00:15:00+0100", FALSE, 20089 - 1);
}

static void test_parse_day_invalid(void **state)
{
  /* leap days: 2024-02-29 = 19723 + 31 + 28 = 19782 */
  assert_day("2024-02-29", TRUE, 19782);
  /* 2000 is a leap year (divisible by 400): 2000-01-01 = 10957, + 31 + 28 */
  assert_day("2000-02-29", TRUE, 11016);
  assert_no_day("2023-02-29", TRUE);
  assert_no_day("2023-02-29", FALSE);
  assert_no_day("1900-02-29", TRUE); /* 1900 is not */
  assert_no_day("2026-02-30", TRUE);
  assert_no_day("2026-04-31", TRUE);
  assert_no_day("2026-13-01", TRUE);
  assert_no_day("2026-00-10", TRUE);
  assert_no_day("2026-01-00", TRUE);
  assert_no_day("2026-01-32", TRUE);

  /* not ISO dates */
  assert_no_day("31/12/2026", TRUE);
  assert_no_day("31/12/2026", FALSE);
  assert_no_day("12/31/2026", FALSE);
  assert_no_day("yesterday", FALSE);
  assert_no_day("", FALSE);
  assert_no_day("2026-1-5", FALSE);
  assert_no_day("20261231", FALSE);
  assert_no_day("2026-12-3l", FALSE);

  /* bad times and offsets */
  assert_no_day("2024-01-15T25:00:00Z", FALSE);
  assert_no_day("2024-01-15T10:60:00Z", FALSE);
  assert_no_day("2024-01-15T10:00:00.Z", FALSE);
  assert_no_day("2024-01-15X10:00:00", FALSE);
  assert_no_day("2024-01-15T10", FALSE);
  assert_no_day("2024-01-15T10:00:00 UTC", FALSE);
  assert_no_day("2024-01-15T10:00:00+1", FALSE);

  /* date_only refuses a datetime */
  assert_no_day("2024-01-15T10:00:00.000Z", TRUE);
  assert_no_day("2024-01-15 10:00:00", TRUE);
}

/* ---- a field's value: Date fields with a time, locale dates ---- */

/* 2023-01-01 is day 19358: 2023-05-11 = 19358 + 31 + 28 + 31 + 30 + 10 = 19488;
 * 2023-04-25 = 19358 + 31 + 28 + 31 + 24 = 19472;
 * 2023-11-05 = 19358 + 304 (January to October) + 4 = 19666. */
#define DAY_2023_01_01 19358
#define DAY_2023_05_11 19488
#define DAY_2023_04_25 19472
#define DAY_2023_11_05 19666

static void assert_field(const char *s, gboolean date_field, AuditDayOrder order, AuditDayStatus status,
                         gint32 expected)
{
  gint32 day = 12345;
  AuditDayStatus st = audit_parse_day_field(s, strlen(s), date_field, order, &day);
  if (st != status)
    fail_msg("audit_parse_day_field('%s', %s, %s) = status %d, expected %d", s, date_field ? "date" : "datetime",
             audit_day_order_name(order), st, status);
  if (status == AUDIT_DAY_OK && day != expected)
    fail_msg("audit_parse_day_field('%s', %s, %s) = day %d, expected %d", s, date_field ? "date" : "datetime",
             audit_day_order_name(order), (int)day, (int)expected);
}

static void test_parse_day_field_iso(void **state)
{
  (void)state;
  const AuditDayOrder N = AUDIT_DAY_ORDER_NONE;
  /* a Date field as the Data Export Service writes it: the time is dropped, never shifts the day */
  assert_field("2023-05-11 00:00:00", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("2023-05-11T00:00:00.000Z", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("2023-05-11T00:00:00.000+0000", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field(" 2023-05-11 ", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("2023-05-11T23:30:00.000-0500", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  /* a Datetime field's offset does (04:30 UTC the next day) */
  assert_field("2023-05-11T23:30:00.000-0500", FALSE, N, AUDIT_DAY_OK, DAY_2023_05_11 + 1);
  assert_field("2023-05-11", FALSE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  /* blank: no day */
  assert_field("", TRUE, N, AUDIT_DAY_OK, AUDIT_DAY_NONE);
  assert_field("  ", FALSE, N, AUDIT_DAY_OK, AUDIT_DAY_NONE);
  /* the form of a date, but no such day; with a time too */
  assert_field("2023-02-30", TRUE, N, AUDIT_DAY_NOT_A_DAY, 0);
  assert_field("2023-02-29 00:00:00", TRUE, N, AUDIT_DAY_NOT_A_DAY, 0);
  assert_field("2023-13-01T00:00:00.000Z", FALSE, N, AUDIT_DAY_NOT_A_DAY, 0);
  /* not a date */
  assert_field("yesterday", TRUE, N, AUDIT_DAY_BAD_FORM, 0);
  assert_field("2023-05-11 25:00:00", TRUE, N, AUDIT_DAY_BAD_FORM, 0);
  assert_field("2023-05-11 00:00:00 UTC", TRUE, N, AUDIT_DAY_BAD_FORM, 0);
  assert_field("2023-02-30x", TRUE, N, AUDIT_DAY_BAD_FORM, 0);
  /* the ISO form is read by ISO's rules only: not a locale's clock */
  assert_field("2023-05-11 9:30", FALSE, N, AUDIT_DAY_BAD_FORM, 0);
  assert_field("2023-05-11 10:30 AM", FALSE, N, AUDIT_DAY_BAD_FORM, 0);
  assert_true(audit_day_is_iso("2023-05-11 00:00:00", 19));
  assert_false(audit_day_is_iso("2023-5-11", 9));
  assert_false(audit_day_is_iso("2023-05-1", 9));
}

static void test_parse_day_field_locale(void **state)
{
  (void)state;
  const AuditDayOrder N = AUDIT_DAY_ORDER_NONE, MDY = AUDIT_DAY_ORDER_MDY, DMY = AUDIT_DAY_ORDER_DMY;
  /* either order fits: the order decides */
  assert_field("5/11/2023", TRUE, N, AUDIT_DAY_ORDER_UNKNOWN, 0);
  assert_field("5/11/2023", TRUE, MDY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("5/11/2023", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_11_05);
  assert_field("11/05/2023", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("11.05.2023", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("11-05-2023", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_05_11);
  /* one order fits: read whatever the order, unless the order says otherwise */
  assert_field("25/04/2023", TRUE, N, AUDIT_DAY_OK, DAY_2023_04_25);
  assert_field("25/04/2023", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_04_25);
  assert_field("25/04/2023", TRUE, MDY, AUDIT_DAY_NOT_A_DAY, 0);
  assert_field("04/25/2023", TRUE, N, AUDIT_DAY_OK, DAY_2023_04_25);
  assert_field("4/25/2023", FALSE, MDY, AUDIT_DAY_OK, DAY_2023_04_25);
  /* equal parts: the same day either way */
  assert_field("1/1/2023", TRUE, N, AUDIT_DAY_OK, DAY_2023_01_01);
  /* year first is always year, month, day */
  assert_field("2023/05/11", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("2023.5.11", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("2023-5-11", TRUE, N, AUDIT_DAY_OK, DAY_2023_05_11);
  /* a clock, dropped (the day as written) */
  assert_field("5/11/2023 10:30 AM", FALSE, MDY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("5/11/2023 11:59 pm", FALSE, MDY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("11.05.2023 22:30:15", FALSE, DMY, AUDIT_DAY_OK, DAY_2023_05_11);
  assert_field("11/05/2023 00:00", TRUE, DMY, AUDIT_DAY_OK, DAY_2023_05_11);
  /* no such day */
  assert_field("30/02/2023", TRUE, N, AUDIT_DAY_NOT_A_DAY, 0);
  assert_field("2/29/2023", TRUE, MDY, AUDIT_DAY_NOT_A_DAY, 0);
  assert_field("2023/02/30", TRUE, N, AUDIT_DAY_NOT_A_DAY, 0);
  /* not a locale date */
  assert_field("13/13/2023", TRUE, DMY, AUDIT_DAY_BAD_FORM, 0);
  assert_field("0/5/2023", TRUE, MDY, AUDIT_DAY_BAD_FORM, 0);
  assert_field("5/11/23", TRUE, MDY, AUDIT_DAY_BAD_FORM, 0); /* two-digit year */
  assert_field("5/11-2023", TRUE, MDY, AUDIT_DAY_BAD_FORM, 0);
  assert_field("123/1/2023", TRUE, MDY, AUDIT_DAY_BAD_FORM, 0);
  assert_field("5/11/2023 13:00 PM", FALSE, MDY, AUDIT_DAY_BAD_FORM, 0);
  assert_field("5/11/2023 10:3", FALSE, MDY, AUDIT_DAY_BAD_FORM, 0);
  assert_field("5/11/2023x", FALSE, MDY, AUDIT_DAY_BAD_FORM, 0);

  /* which orders fit */
  const guint mdy = 1u << AUDIT_DAY_ORDER_MDY, dmy = 1u << AUDIT_DAY_ORDER_DMY, ymd = 1u << AUDIT_DAY_ORDER_YMD;
  assert_int_equal(audit_day_orders("5/11/2023", 9), mdy | dmy);
  assert_int_equal(audit_day_orders("25/04/2023", 10), dmy);
  assert_int_equal(audit_day_orders("04/25/2023 10:00", 16), mdy);
  assert_int_equal(audit_day_orders("2023/05/11", 10), ymd);
  assert_int_equal(audit_day_orders("2023-5-11", 9), ymd);
  assert_int_equal(audit_day_orders("2023-05-11", 10), 0);
  assert_int_equal(audit_day_orders("13/13/2023", 10), 0);
  assert_int_equal(audit_day_orders("yesterday", 9), 0);

  AuditDayOrder o;
  assert_true(audit_day_order_from_name("DMY", &o));
  assert_int_equal(o, AUDIT_DAY_ORDER_DMY);
  assert_true(audit_day_order_from_name("ymd", &o));
  assert_int_equal(o, AUDIT_DAY_ORDER_YMD);
  assert_false(audit_day_order_from_name("dm", &o));
  assert_string_equal(audit_day_order_name(AUDIT_DAY_ORDER_MDY), "mdy");
}

static int days_in_month(int y, int m)
{
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : dm[m - 1];
}

static void test_civil_round_trip(void **state)
{
  /* anchors, by hand */
  assert_int_equal(audit_days_from_civil(1970, 1, 1), 0);
  assert_int_equal(audit_days_from_civil(1969, 12, 31), -1);
  assert_int_equal(audit_days_from_civil(2024, 1, 15), DAY_2024_01_15);
  /* 1900-01-01 is 70 years of 365 days + 17 leap days (1904..1968) before
   * the epoch: -25567; + 31 + 28 (1900 is not leap) = 1900-03-01 */
  assert_int_equal(audit_days_from_civil(1900, 1, 1), -25567);
  assert_int_equal(audit_days_from_civil(1900, 3, 1), -25508);
  assert_int_equal(audit_days_from_civil(1900, 2, 28), -25509);
  assert_int_equal(audit_days_from_civil(2000, 3, 1), 11017);

  int y, m, d;
  audit_civil_from_days(-25508, &y, &m, &d);
  assert_int_equal(y, 1900);
  assert_int_equal(m, 3);
  assert_int_equal(d, 1);
  audit_civil_from_days(0, &y, &m, &d);
  assert_int_equal(y, 1970);
  assert_int_equal(m, 1);
  assert_int_equal(d, 1);
  audit_civil_from_days(19782, &y, &m, &d);
  assert_int_equal(y, 2024);
  assert_int_equal(m, 2);
  assert_int_equal(d, 29);

  /* walk day by day from 1899-01-01 (-25932 = -25567 - 365) to past 2100:
   * every day number gives the next calendar date, and back */
  int cy = 1899, cm = 1, cd = 1;
  for (gint32 day = -25932; day <= 50000; day++) {
    audit_civil_from_days(day, &y, &m, &d);
    if (y != cy || m != cm || d != cd)
      fail_msg("day %d = %04d-%02d-%02d, expected %04d-%02d-%02d", (int)day, y, m, d, cy, cm, cd);
    if (audit_days_from_civil(y, m, d) != day)
      fail_msg("days_from_civil(%04d-%02d-%02d) != %d", y, m, d, (int)day);
    if (++cd > days_in_month(cy, cm)) {
      cd = 1;
      if (++cm > 12) {
        cm = 1;
        cy++;
      }
    }
  }
}

static void test_day_format(void **state)
{
  char buf[11];
  audit_day_format(DAY_2024_01_15, buf);
  assert_string_equal(buf, "2024-01-15");
  audit_day_format(0, buf);
  assert_string_equal(buf, "1970-01-01");
  audit_day_format(-1, buf);
  assert_string_equal(buf, "1969-12-31");
  audit_day_format(-25508, buf);
  assert_string_equal(buf, "1900-03-01");
  audit_day_format(19782, buf);
  assert_string_equal(buf, "2024-02-29");
  audit_day_format(20777, buf); /* 2026-01-01 = 20454, + 304 (Jan..Oct) + 19 */
  assert_string_equal(buf, "2026-11-20");
}

/* ---- booleans and numbers ---- */

static void test_parse_bool(void **state)
{
  assert_bool("true", 1);
  assert_bool("TRUE", 1);
  assert_bool("True", 1);
  assert_bool("1", 1);
  assert_bool("yes", 1);
  assert_bool("YES", 1);
  assert_bool("false", 0);
  assert_bool("FALSE", 0);
  assert_bool("False", 0);
  assert_bool("0", 0);
  assert_bool("no", 0);
  assert_bool("No", 0);

  /* blank: no value, not an error */
  assert_bool("", AUDIT_BOOL_NONE);
  assert_bool("   ", AUDIT_BOOL_NONE);

  /* not booleans */
  /* Y/N are not among the forms Salesforce writes: an IsDeleted of N is reported, not guessed */
  static const char *const bad[] = {"maybe", "2", "tru", "truex", "yess", "-1", "on", "null", "y", "N", NULL};
  for (int i = 0; bad[i]; i++) {
    gint8 b = 42;
    if (audit_parse_bool(bad[i], strlen(bad[i]), &b))
      fail_msg("audit_parse_bool accepted '%s' as %d", bad[i], b);
  }

  /* the length argument is honoured */
  gint8 b = 42;
  assert_true(audit_parse_bool("truex", 4, &b));
  assert_int_equal(b, 1);
}

static void test_parse_number(void **state)
{
  assert_number("35000", 35000.0);
  assert_number("-12.5", -12.5);
  assert_number("1e3", 1000.0);
  assert_number("1E3", 1000.0);
  assert_number("2.5e-1", 0.25);
  assert_number(" 42 ", 42.0);
  assert_number("+7", 7.0);
  assert_number("0.5", 0.5);
  assert_number(".5", 0.5);
  assert_number("0", 0.0);

  assert_no_number("12,500");
  assert_no_number("$5");
  assert_no_number("5 USD");
  assert_no_number("1.2.3");
  assert_no_number("inf");
  assert_no_number("-inf");
  assert_no_number("Infinity");
  assert_no_number("nan");
  assert_no_number("NaN");
  assert_no_number("0x10");
  assert_no_number("1e");
  assert_no_number("-");
  assert_no_number(".");
  assert_no_number("1 000");
  assert_no_number("1e400"); /* overflows to infinity */

  /* blank: NAN, not an error */
  double d = 0;
  assert_true(audit_parse_number("", 0, &d));
  assert_true(isnan(d));
  d = 0;
  assert_true(audit_parse_number("   ", 3, &d));
  assert_true(isnan(d));

  /* the length argument is honoured */
  d = 0;
  assert_true(audit_parse_number("12345", 2, &d));
  assert_true(d == 12.0);
}

/* ---- Windows-1252 ---- */

static void test_cp1252_to_utf8(void **state)
{
  char *s;

  s = cp1252("Caf\xe9");
  assert_string_equal(s, "Caf\xc3\xa9"); /* é = U+00E9 = C3 A9 */
  g_free(s);

  s = cp1252("\x80 100");
  assert_string_equal(s, "\xe2\x82\xac 100"); /* € = U+20AC = E2 82 AC */
  g_free(s);

  s = cp1252("\x93quoted\x94");
  assert_string_equal(s, "\xe2\x80\x9cquoted\xe2\x80\x9d"); /* U+201C, U+201D */
  g_free(s);

  s = cp1252("\x91it\x92s\x85");
  assert_string_equal(s, "\xe2\x80\x98it\xe2\x80\x99s\xe2\x80\xa6"); /* U+2018 U+2019 U+2026 */
  g_free(s);

  s = cp1252("M\xfcller \xa0\xff");
  assert_string_equal(s, "M\xc3\xbcller \xc2\xa0\xc3\xbf"); /* ü, NBSP, ÿ */
  g_free(s);

  s = cp1252("plain ASCII, 100% \"safe\"\r\n");
  assert_string_equal(s, "plain ASCII, 100% \"safe\"\r\n");
  g_free(s);

  /* appends; honours the length */
  GString *out = g_string_new("x=");
  audit_cp1252_to_utf8("\xe9t\xe9 and more", 3, out);
  assert_string_equal(out->str, "x=\xc3\xa9t\xc3\xa9");
  g_string_free(out, TRUE);

  /* every byte gives valid UTF-8 */
  char all[256];
  for (int i = 1; i < 256; i++)
    all[i - 1] = (char)i;
  GString *o = g_string_new(NULL);
  audit_cp1252_to_utf8(all, 255, o);
  assert_true(g_utf8_validate(o->str, (gssize)o->len, NULL));
  assert_int_equal(g_utf8_strlen(o->str, (gssize)o->len), 255);
  g_string_free(o, TRUE);
}

static void test_is_blank(void **state)
{
  assert_true(audit_is_blank(""));
  assert_true(audit_is_blank(" \t\r\n"));
  assert_false(audit_is_blank(" x "));
}

/* ---- title → buying role ---- */

static void test_role_map_default(void **state)
{
  g_autoptr(AuditRoleMap) map = audit_role_map_new_default();

  assert_role(map, "CFO", "Economic Buyer");
  assert_role(map, "cfo", "Economic Buyer");
  /* "vp" alone would be Influencer: Economic Buyer's "vp finance" comes first */
  assert_role(map, "VP Finance", "Economic Buyer");
  assert_role(map, "Chief Financial Officer", "Economic Buyer");
  assert_role(map, "Controller", "Economic Buyer");
  assert_role(map, "CEO & Founder", "Economic Buyer");
  assert_role(map, "Co-Owner", "Economic Buyer");

  assert_role(map, "Chief Technology Officer", "Technical Buyer");
  assert_role(map, "CTO", "Technical Buyer");
  assert_role(map, "Solutions Architect", "Technical Buyer");
  assert_role(map, "Senior Software Engineer", "Technical Buyer");
  assert_role(map, "IT-Director", "Technical Buyer"); /* punctuation is a word break */

  /* "Director of Procurement" matches Procurement ("procurement") and
   * Influencer ("director"); the rules are tried in order and Procurement
   * comes before Influencer in the default map, so Procurement wins. */
  assert_role(map, "Director of Procurement", "Procurement");
  assert_role(map, "Purchasing Manager", "Procurement");

  assert_role(map, "General Counsel", "Legal");
  assert_role(map, "CISO", "Security");

  assert_role(map, "Sales Director", "Influencer");
  assert_role(map, "VP Sales", "Influencer");
  assert_role(map, "Head of Marketing", "Influencer");

  /* accents folded: Président → president */
  assert_role(map, "Pr\xc3\xa9sident Directeur G\xc3\xa9n\xc3\xa9ral", "Economic Buyer");

  assert_role(map, "Marketing Coordinator", NULL);
  assert_role(map, "", NULL);
  assert_role(map, "   ", NULL);
  assert_role(map, NULL, NULL);
}

static void test_role_map_whole_words(void **state)
{
  g_autoptr(AuditRoleMap) map = audit_role_map_new_default();

  /* "director" contains the letters "cto", but the pattern "cto" must only
   * match the whole word: Director is an Influencer, not a Technical Buyer */
  assert_role(map, "Director", "Influencer");
  assert_role(map, "DIRECTOR", "Influencer");
  /* "contractor" contains "cto", "ownership" "owner", "architecture"
   * "architect", "presidential" "president": none of them is the word */
  assert_role(map, "Contractor", NULL);
  assert_role(map, "Ownership Analyst", NULL);
  assert_role(map, "Architecture Student", NULL);
  assert_role(map, "Presidential Scholar", NULL);
}

static void test_role_map_accents_and_order(void **state)
{
  g_autoptr(AuditRoleMap) map = audit_role_map_new();
  assert_int_equal(audit_role_map_size(map), 0);
  assert_role(map, "CFO", NULL);

  static const char *const dg[] = {"Directeur G\xc3\xa9n\xc3\xa9ral", NULL};
  static const char *const dir[] = {"director", NULL};
  static const char *const sales[] = {"sales director", "  ", NULL};
  audit_role_map_add(map, "Economic Buyer", dg);
  audit_role_map_add(map, "Influencer", dir);
  audit_role_map_add(map, "Sales", sales);

  assert_int_equal(audit_role_map_size(map), 3);
  const char *const *pats = NULL;
  assert_string_equal(audit_role_map_role(map, 0, &pats), "Economic Buyer");
  assert_non_null(pats);
  assert_string_equal(pats[0], "Directeur G\xc3\xa9n\xc3\xa9ral"); /* as configured */
  assert_null(pats[1]);
  assert_string_equal(audit_role_map_role(map, 2, NULL), "Sales");

  /* accents and case folded on both sides, whole words */
  assert_role(map, "directeur general", "Economic Buyer");
  assert_role(map, "DIRECTEUR G\xc3\x89N\xc3\x89RAL", "Economic Buyer");
  assert_role(map, "Directeur-G\xc3\xa9n\xc3\xa9ral adjoint", "Economic Buyer");
  assert_role(map, "Directeur G\xc3\xa9n\xc3\xa9raliste", NULL);
  assert_role(map, "Directeur", NULL);

  /* first rule wins, even when a later one is more specific */
  assert_role(map, "Sales Director", "Influencer");
  /* a blank pattern matches nothing */
  assert_role(map, "Account Manager", NULL);
}


/* Real-world titles: the default mapping and the seniority level. */
static void test_role_map_titles(void **state)
{
  static const struct {
    const char *title, *role;
    AuditSeniority level;
  } titles[] = {
    {"CFO", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Chief Financial Officer", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"C.F.O.", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"CFO/COO", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"VP Finance", "Economic Buyer", AUDIT_SENIORITY_VP},
    {"VP, Finance & Ops", "Economic Buyer", AUDIT_SENIORITY_VP},
    {"Vice President of Finance", "Economic Buyer", AUDIT_SENIORITY_VP},
    {"SVP Finance", "Economic Buyer", AUDIT_SENIORITY_VP},
    {"Finance Director", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Director of Finance", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Head of Finance", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Financial Controller", "Economic Buyer", AUDIT_SENIORITY_MANAGER},
    {"CEO", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Chief Executive Officer (CEO)", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Interim CEO", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"President & CEO", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"PRESIDENT", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Founder & CEO", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Co-Founder", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Owner", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Owner/Operator", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Managing Director", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"MD", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Treasurer", "Economic Buyer", AUDIT_SENIORITY_IC},
    {"Directeur G\xc3\xa9n\xc3\xa9ral", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Gesch\xc3\xa4" "ftsf\xc3\xbchrer", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    /* a Vice President is not the President */
    {"Vice President, Sales", "Influencer", AUDIT_SENIORITY_VP},
    {"Vice-President", "Influencer", AUDIT_SENIORITY_VP},
    {"Senior Vice President of Marketing", "Influencer", AUDIT_SENIORITY_VP},
    {"EVP Operations", "Influencer", AUDIT_SENIORITY_VP},
    {"Assistant Vice President", "Influencer", AUDIT_SENIORITY_VP},
    {"CTO", "Technical Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Chief Technology Officer", "Technical Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Chief Technical Officer", "Technical Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"CIO", "Technical Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Chief Information Officer", "Technical Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"IT Director", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Director of IT", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Head of IT", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Sr. Director, IT Infrastructure", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"IT Mgr", "Technical Buyer", AUDIT_SENIORITY_MANAGER},
    {"VP Engineering", "Technical Buyer", AUDIT_SENIORITY_VP},
    {"Solutions Architect", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Enterprise Architect", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Senior Software Engineer", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Sr. Systems Engineer", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"DevOps Engineer", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Systems Administrator", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Procurement Manager", "Procurement", AUDIT_SENIORITY_MANAGER},
    {"Head of Purchasing", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Purchasing Agent", "Procurement", AUDIT_SENIORITY_IC},
    {"Strategic Sourcing Lead", "Procurement", AUDIT_SENIORITY_MANAGER},
    {"Chief Procurement Officer", "Procurement", AUDIT_SENIORITY_C_LEVEL},
    {"Buyer", "Procurement", AUDIT_SENIORITY_IC},
    {"General Counsel", "Legal", AUDIT_SENIORITY_VP},
    {"Legal Counsel", "Legal", AUDIT_SENIORITY_IC},
    {"Corporate Attorney", "Legal", AUDIT_SENIORITY_IC},
    {"Contract Manager", "Legal", AUDIT_SENIORITY_MANAGER},
    /* security before technical: the CISO, a security engineer */
    {"CISO", "Security", AUDIT_SENIORITY_C_LEVEL},
    {"Chief Information Security Officer", "Security", AUDIT_SENIORITY_C_LEVEL},
    {"Information Security Manager", "Security", AUDIT_SENIORITY_MANAGER},
    {"Security Engineer", "Security", AUDIT_SENIORITY_IC},
    {"Head of Information Security", "Security", AUDIT_SENIORITY_DIRECTOR},
    {"Director of Sales", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Head of Marketing", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Go-to-Market Director", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Chief Marketing Officer", "Influencer", AUDIT_SENIORITY_C_LEVEL},
    {"COO", "Influencer", AUDIT_SENIORITY_C_LEVEL},
    {"General Manager", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Principal Consultant", "Influencer", AUDIT_SENIORITY_IC},
    {"Chief of Staff", "Influencer", AUDIT_SENIORITY_VP},
    /* someone else's title, or no longer theirs */
    {"Assistant to the CFO", NULL, AUDIT_SENIORITY_IC},
    {"Executive Assistant to the CEO", NULL, AUDIT_SENIORITY_IC},
    {"Former CTO", NULL, AUDIT_SENIORITY_C_LEVEL},
    {"Ex-CFO", NULL, AUDIT_SENIORITY_C_LEVEL},
    {"Retired", NULL, AUDIT_SENIORITY_IC},
    {"Product Owner", NULL, AUDIT_SENIORITY_IC},
    {"Data Owner", NULL, AUDIT_SENIORITY_IC},
    /* no buying role */
    {"Marketing Coordinator", NULL, AUDIT_SENIORITY_IC},
    {"Sales Operations Manager", NULL, AUDIT_SENIORITY_MANAGER},
    {"Account Executive", NULL, AUDIT_SENIORITY_IC},
    {"Account Manager", NULL, AUDIT_SENIORITY_MANAGER},
    {"Office Manager", NULL, AUDIT_SENIORITY_MANAGER},
    {"Finance Manager", NULL, AUDIT_SENIORITY_MANAGER},
    {"Business Analyst", NULL, AUDIT_SENIORITY_IC},
    {"Team Lead, Support", NULL, AUDIT_SENIORITY_MANAGER},
    {"Contractor", NULL, AUDIT_SENIORITY_IC},
    {"", NULL, AUDIT_SENIORITY_NONE},
  };
  g_autoptr(AuditRoleMap) map = audit_role_map_new_default();
  guint failed = 0;
  for (guint i = 0; i < G_N_ELEMENTS(titles); i++) {
    const char *role = audit_role_map_lookup(map, titles[i].title);
    AuditSeniority level = audit_title_seniority(titles[i].title);
    if (g_strcmp0(role, titles[i].role) != 0 || level != titles[i].level) {
      print_error("'%s': role %s, seniority %s; expected %s, %s\n", titles[i].title, role ? role : "none",
                  audit_seniority_name(level), titles[i].role ? titles[i].role : "none",
                  audit_seniority_name(titles[i].level));
      failed++;
    }
  }
  assert_int_equal(failed, 0);
  assert_true(G_N_ELEMENTS(titles) >= 60);
  assert_string_equal(audit_seniority_name(AUDIT_SENIORITY_C_LEVEL), "C-level");
  assert_string_equal(audit_seniority_name(AUDIT_SENIORITY_IC), "Individual contributor");
}

/* Titles in the seven other languages: the default mapping and the seniority
 * level, and the titles that must not take a role (an assistant of the
 * general manager, a purchasing director, a project lead, a former holder). */
static void test_role_map_languages(void **state)
{
  static const struct {
    const char *title, *role;
    AuditSeniority level;
  } titles[] = {
    /* Spanish */
    {"Gerente General", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"GERENTE GENERAL", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Gte. Gral.", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Director Financiero", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Directora de Finanzas", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Director General", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Due\xc3\xb1o", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Director de Compras", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Jefe de Compras", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Gerente de Comunicaciones", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Gerente de TI", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Ingeniero de Sistemas", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Abogado", "Legal", AUDIT_SENIORITY_IC},
    {"Vicepresidente Comercial", "Influencer", AUDIT_SENIORITY_VP},
    {"Vice Presidente de Ventas", "Influencer", AUDIT_SENIORITY_VP},
    {"Asistente del Gerente General", NULL, AUDIT_SENIORITY_IC},
    {"Secretaria de Direcci\xc3\xb3n General", NULL, AUDIT_SENIORITY_IC},
    {"Jefe de Proyecto", NULL, AUDIT_SENIORITY_MANAGER},
    {"Ex Gerente General", NULL, AUDIT_SENIORITY_C_LEVEL},
    {"Analista de Marketing", NULL, AUDIT_SENIORITY_IC},
    /* Portuguese */
    {"Diretor de Compras", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Diretor-Presidente", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Diretora Financeira", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Gerente de Suprimentos", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Assistente do Diretor Financeiro", NULL, AUDIT_SENIORITY_IC},
    /* French */
    {"Directeur g\xc3\xa9n\xc3\xa9ral", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"P.D.G.", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Directrice administrative et financi\xc3\xa8re", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Directeur administratif et financier", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Responsable des achats", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Directeur des syst\xc3\xa8mes d'information", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Directeur commercial", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Assistante de direction", NULL, AUDIT_SENIORITY_IC},
    {"Chef de projet", NULL, AUDIT_SENIORITY_MANAGER},
    {"Chef de produit", NULL, AUDIT_SENIORITY_MANAGER},
    {"Chef de service", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Chef d'entreprise", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Executive Chef", NULL, AUDIT_SENIORITY_IC}, /* an English chef cooks */
    /* German */
    {"Gesch\xc3\xa4" "ftsf\xc3\xbchrer", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Kaufm\xc3\xa4nnischer Leiter", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Technischer Gesch\xc3\xa4" "ftsf\xc3\xbchrer", "Technical Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Leiter Einkauf", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Eink\xc3\xa4uferin", "Procurement", AUDIT_SENIORITY_IC},
    {"IT-Leiter", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Softwareentwickler", "Technical Buyer", AUDIT_SENIORITY_IC},
    {"Vertriebsleiter", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Teamleiter Vertrieb", NULL, AUDIT_SENIORITY_MANAGER},
    {"Assistentin der Gesch\xc3\xa4" "ftsf\xc3\xbchrung", NULL, AUDIT_SENIORITY_IC},
    {"Ehemaliger Gesch\xc3\xa4" "ftsf\xc3\xbchrer", NULL, AUDIT_SENIORITY_C_LEVEL},
    /* Italian */
    {"Amministratore delegato", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Direttore Finanziario", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Responsabile Acquisti", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Responsabile IT", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Responsabile Marketing", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Assistente dell'Amministratore Delegato", NULL, AUDIT_SENIORITY_IC},
    /* Russian: inflected forms match the stems */
    {"\xd0\x93\xd0\xb5\xd0\xbd\xd0\xb5\xd1\x80\xd0\xb0\xd0\xbb\xd1\x8c\xd0\xbd\xd1\x8b\xd0\xb9 "
     "\xd0\xb4\xd0\xb8\xd1\x80\xd0\xb5\xd0\xba\xd1\x82\xd0\xbe\xd1\x80",
     "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Генеральный директор", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"ГЕНЕРАЛЬНЫЙ ДИРЕКТОР", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Финансовый директор", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Заместитель генерального директора", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"Директор по закупкам", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"Руководитель отдела снабжения", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"ИТ-директор", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"Начальник отдела продаж", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"Вице-президент", "Influencer", AUDIT_SENIORITY_VP},
    {"Вице-президент по финансам", "Economic Buyer", AUDIT_SENIORITY_VP},
    {"Юрист", "Legal", AUDIT_SENIORITY_IC},
    {"Помощник генерального директора", NULL, AUDIT_SENIORITY_IC},
    {"Руководитель проекта", NULL, AUDIT_SENIORITY_MANAGER},
    {"Бывший финансовый директор", NULL, AUDIT_SENIORITY_DIRECTOR},
    {"Менеджер по продажам", NULL, AUDIT_SENIORITY_MANAGER},
    /* Arabic: the article and the spellings of alef and teh marbuta ignored */
    {"المدير التنفيذي", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"مدير تنفيذي", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"الرئيس التنفيذي", "Economic Buyer", AUDIT_SENIORITY_C_LEVEL},
    {"مدير الإدارة المالية", "Economic Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"مدير المشتريات", "Procurement", AUDIT_SENIORITY_DIRECTOR},
    {"مدير تقنية المعلومات", "Technical Buyer", AUDIT_SENIORITY_DIRECTOR},
    {"مدير أمن المعلومات", "Security", AUDIT_SENIORITY_DIRECTOR},
    {"مدير التسويق", "Influencer", AUDIT_SENIORITY_DIRECTOR},
    {"نائب الرئيس", "Influencer", AUDIT_SENIORITY_VP},
    {"مساعد المدير التنفيذي", NULL, AUDIT_SENIORITY_IC},
    {"المدير التنفيذي السابق", NULL, AUDIT_SENIORITY_C_LEVEL},
    {"مدير مشروع", NULL, AUDIT_SENIORITY_MANAGER},
  };
  g_autoptr(AuditRoleMap) map = audit_role_map_new_default();
  guint failed = 0;
  for (guint i = 0; i < G_N_ELEMENTS(titles); i++) {
    const char *role = audit_role_map_lookup(map, titles[i].title);
    AuditSeniority level = audit_title_seniority(titles[i].title);
    if (g_strcmp0(role, titles[i].role) != 0 || level != titles[i].level) {
      print_error("'%s': role %s, seniority %s; expected %s, %s\n", titles[i].title, role ? role : "none",
                  audit_seniority_name(level), titles[i].role ? titles[i].role : "none",
                  audit_seniority_name(titles[i].level));
      failed++;
    }
  }
  assert_int_equal(failed, 0);
}

/* Pattern syntax: a '*' at a word's end or start, a '!' before a pattern. */
static void test_role_map_wildcards_and_exclusions(void **state)
{
  g_autoptr(AuditRoleMap) map = audit_role_map_new();
  static const char *const head[] = {"директор*", "*leiter", "!teamleiter", "!директор* школ*", NULL};
  audit_role_map_add(map, "Head", head);
  assert_role(map, "Директор", "Head");
  assert_role(map, "директора", "Head");
  assert_role(map, "Vertriebsleiter", "Head");
  assert_role(map, "Leiter", "Head");
  assert_role(map, "Teamleiter", NULL);        /* excluded */
  assert_role(map, "Директор школы", NULL);    /* excluded, inflected */
  assert_role(map, "Leitersprosse GmbH", NULL); /* a prefix is not a suffix */
  assert_role(map, "Поддиректор", NULL);       /* a prefix pattern is not a suffix */
  /* a '*' in a title is no wildcard */
  assert_role(map, "*", NULL);
  /* the configured form is kept, '!' included; adding again appends to the rule */
  static const char *const more[] = {"jefe", NULL};
  audit_role_map_add(map, "Head", more);
  assert_int_equal(audit_role_map_size(map), 1);
  const char *const *pats;
  audit_role_map_role(map, 0, &pats);
  assert_string_equal(pats[2], "!teamleiter");
  assert_string_equal(pats[4], "jefe");
  assert_null(pats[5]);
  assert_role(map, "Jefe de Ventas", "Head");
}

/* Role names of other-language orgs to the standard roles. */
static void test_role_names(void **state)
{
  g_autoptr(AuditRoleNames) n = audit_role_names_new_default();
  static const struct {
    const char *name, *role;
  } cases[] = {
    {"Decision Maker", "Decision Maker"},
    {"  decision maker ", "Decision Maker"},
    {"Лицо, принимающее решение", "Decision Maker"},
    {"ЛИЦО, ПРИНИМАЮЩЕЕ РЕШЕНИЕ", "Decision Maker"},
    {"Tomador de decisión", "Decision Maker"},
    {"Tomador de decision", "Decision Maker"},
    {"Décideur", "Decision Maker"},
    {"Entscheider", "Decision Maker"},
    {"Entscheidungsträger", "Decision Maker"},
    {"Decisore", "Decision Maker"},
    {"صانع القرار", "Decision Maker"},
    {"صانع قرار", "Decision Maker"}, /* without the article */
    {"Comprador económico", "Economic Buyer"},
    {"Comprador Econômico", "Economic Buyer"},
    {"Экономический покупатель", "Economic Buyer"},
    {"Patrocinador", "Champion"},
    {"Patrocinador ejecutivo", "Executive Sponsor"},
    {"Comprador técnico", "Technical Buyer"},
    {"Influenciador", "Influencer"},
    {"Évaluateur", "Evaluator"},
    {"Business User", "Business User"},
    {"Otro", "Other"},
    /* a name is whole: no part of one */
    {"Tomador", NULL},
    {"Decision", NULL},
    {"Sponsor", NULL},
    {"", NULL},
    {"Account Executive", NULL},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *got = audit_role_names_canonical(n, cases[i].name);
    if (g_strcmp0(got, cases[i].role) != 0)
      fail_msg("role name '%s' = %s, expected %s", cases[i].name, got ? got : "NULL",
               cases[i].role ? cases[i].role : "NULL");
  }
  assert_null(audit_role_names_canonical(n, NULL));
  /* an added name wins over the default's */
  static const char *const mine[] = {"Patrocinador", "Sponsor", NULL};
  audit_role_names_add(n, "Executive Sponsor", mine);
  assert_string_equal(audit_role_names_canonical(n, "patrocinador"), "Executive Sponsor");
  assert_string_equal(audit_role_names_canonical(n, "SPONSOR"), "Executive Sponsor");
  assert_string_equal(audit_role_names_canonical(n, "Campeón"), "Champion");
  /* every default role is known by its own name */
  const char *names;
  guint k = 0;
  for (const char *role; (role = audit_role_names_default(k, &names)); k++) {
    assert_string_equal(audit_role_names_canonical(n, role), role);
    assert_non_null(strstr(names, role));
  }
  assert_true(k >= 10);
}

static gboolean word_is_test(const char *w, gsize n, gconstpointer data)
{
  return n == strlen(data) && memcmp(w, data, n) == 0;
}

/* Words for "no value" in the eight languages, as folded text. */
static void test_placeholder_text(void **state)
{
  static const struct {
    const char *text;
    gboolean placeholder;
  } cases[] = {
    {"n a", TRUE},           /* N/A, folded */
    {"na", TRUE},
    {"n e", TRUE},           /* N/E: no existe */
    {"n d", TRUE},           /* N/D: no disponible */
    {"s n", TRUE},           /* S/N: sin nombre */
    {"n n", TRUE},           /* N.N. */
    {"k a", TRUE},           /* k.A.: keine Angabe */
    {"unknown", TRUE},
    {"sin nombre", TRUE},
    {"sem nome", TRUE},
    {"sans nom", TRUE},
    {"ohne namen", TRUE},
    {"senza nome", TRUE},
    {"desconocido", TRUE},
    {"desconhecido", TRUE},
    {"inconnu", TRUE},
    {"unbekannt", TRUE},
    {"sconosciuto", TRUE},
    {"неизвестно", TRUE},
    {"не указано", TRUE},
    {"غير معروف", TRUE},
    {"n a n a", TRUE},
    {"unbekannt keine angabe", TRUE},
    /* not placeholders: a part of a phrase, a real word around one, a name */
    {"sin", FALSE},
    {"nombre", FALSE},
    {"sin nombres", FALSE},
    {"sin nombre comercial", FALSE},
    {"nada", FALSE},
    {"ne zha", FALSE},
    {"n a b", FALSE},        /* "nab" is no placeholder, nor is "b" */
    {"jose perez", FALSE},
    {"", FALSE},
    {" ", FALSE},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    if (audit_placeholder_text(cases[i].text, NULL, NULL) != cases[i].placeholder)
      fail_msg("audit_placeholder_text('%s') = %d, expected %d", cases[i].text, !cases[i].placeholder,
               cases[i].placeholder);
  /* the caller's words too */
  assert_true(audit_placeholder_text("test sin nombre", word_is_test, "test"));
  assert_false(audit_placeholder_text("test sin nombre", NULL, NULL));
  /* as audit_fold_name writes them */
  g_autofree char *a = audit_fold_name("N/E");
  g_autofree char *b = audit_fold_name("  Sin Nombre ");
  g_autofree char *c = audit_fold_name("НЕИЗВЕСТНО");
  g_autofree char *d = audit_fold_name("Sin-Nombre");
  assert_true(audit_placeholder_text(a, NULL, NULL));
  assert_true(audit_placeholder_text(b, NULL, NULL));
  assert_true(audit_placeholder_text(c, NULL, NULL));
  assert_true(audit_placeholder_text(d, NULL, NULL));
}

/* Configured patterns are read like titles: abbreviations and joining words
 * match either way round. */
static void test_role_map_configured_patterns(void **state)
{
  g_autoptr(AuditRoleMap) map = audit_role_map_new();
  static const char *const eb[] = {"chief financial", "vice president finance", NULL};
  static const char *const pres[] = {"president", NULL};
  audit_role_map_add(map, "Economic Buyer", eb);
  audit_role_map_add(map, "Sponsor", pres);
  assert_role(map, "CFO", "Economic Buyer");
  assert_role(map, "VP of Finance", "Economic Buyer");
  assert_role(map, "President", "Sponsor");
  assert_role(map, "VP Sales", NULL);
  assert_role(map, "Former President", NULL);
}

/* Person names folded for comparison: case, accents, ligatures, punctuation. */
static void test_fold_name(void **state)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
    {"José Müller", "jose muller"},
    {"  JOSE   MULLER ", "jose muller"},
    {"Jean-Luc O'Brien", "jean luc o brien"},
    {"Łukasz Żółć", "lukasz zolc"},
    {"Søren Ørsted", "soren orsted"},     /* ø is o, as in company names */
    {"山田 太郎", "山田 太郎"},             /* a script without an ASCII form is kept, not dropped */
    {"Ōta 太郎", "ota 太郎"},
    {"Straße", "strasse"},
    {"Åsa Andersen", "asa andersen"},
    {"Zoë", "zoe"},
    {"Ex-CFO", "ex cfo"},
    {"", ""},
    {" -- ", ""},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *got = audit_fold_name(cases[i].in);
    if (strcmp(got, cases[i].out) != 0)
      fail_msg("audit_fold_name('%s') = '%s', expected '%s'", cases[i].in, got, cases[i].out);
  }
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char buf[64];
    gsize n = audit_fold_name_to(cases[i].in, buf, sizeof buf);
    assert_string_equal(buf, cases[i].out);
    assert_int_equal(n, strlen(cases[i].out));
  }
  /* cut short to fit, never ending in a space */
  char small[8];
  assert_int_equal(audit_fold_name_to("Anna Maria Vogel", small, 6), 4); /* "anna ", then no room */
  assert_string_equal(small, "anna");
  assert_int_equal(audit_fold_name_to("Anna Maria Vogel", small, sizeof small), 7);
  assert_string_equal(small, "anna ma");
  assert_int_equal(audit_fold_name_to("Annabelle", small, sizeof small), 7);
  assert_string_equal(small, "annabel");
  g_autofree char *null_name = audit_fold_name(NULL);
  assert_string_equal(null_name, "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_id_normalize),
    cmocka_unit_test(test_id_is_salesforce),
    cmocka_unit_test(test_id_to_18),
    cmocka_unit_test(test_id_normalize_form),
    cmocka_unit_test(test_parse_day_formats),
    cmocka_unit_test(test_parse_day_offsets),
    cmocka_unit_test(test_parse_day_invalid),
    cmocka_unit_test(test_parse_day_field_iso),
    cmocka_unit_test(test_parse_day_field_locale),
    cmocka_unit_test(test_civil_round_trip),
    cmocka_unit_test(test_day_format),
    cmocka_unit_test(test_parse_bool),
    cmocka_unit_test(test_parse_number),
    cmocka_unit_test(test_cp1252_to_utf8),
    cmocka_unit_test(test_is_blank),
    cmocka_unit_test(test_role_map_default),
    cmocka_unit_test(test_role_map_whole_words),
    cmocka_unit_test(test_role_map_accents_and_order),
    cmocka_unit_test(test_role_map_titles),
    cmocka_unit_test(test_role_map_configured_patterns),
    cmocka_unit_test(test_role_map_languages),
    cmocka_unit_test(test_role_map_wildcards_and_exclusions),
    cmocka_unit_test(test_role_names),
    cmocka_unit_test(test_placeholder_text),
    cmocka_unit_test(test_fold_name),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
