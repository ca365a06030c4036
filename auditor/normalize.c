#include "normalize.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static gboolean is_ws(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, gsize *len)
{
  while (*len > 0 && is_ws(**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && is_ws((*s)[*len - 1]))
    (*len)--;
}

gboolean audit_is_blank(const char *s)
{
  for (; *s; s++)
    if (!is_ws(*s))
      return FALSE;
  return TRUE;
}

gboolean audit_id_is_salesforce(const char *id, gsize len)
{
  if (len != 15)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum(id[i]))
      return FALSE;
  return TRUE;
}

/* The 5 case bits an 18-character Id's suffix character encodes, -1 if none. */
static int suffix_bits(char c)
{
  c = g_ascii_toupper(c);
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= '0' && c <= '5')
    return 26 + (c - '0');
  return -1;
}

gsize audit_id_normalize(const char *s, gsize len, char *out)
{
  return audit_id_normalize_form(s, len, out, NULL);
}

gsize audit_id_normalize_form(const char *s, gsize len, char *out, gboolean *was_18)
{
  if (was_18)
    *was_18 = FALSE;
  trim(&s, &len);
  gboolean eighteen = FALSE;
  if (len == 18) {
    gboolean alnum = TRUE;
    for (gsize i = 0; i < 18 && alnum; i++)
      alnum = g_ascii_isalnum(s[i]);
    if (alnum) {
      len = 15;
      eighteen = TRUE;
    }
  }
  if (len == 15 && memcmp(s, "000000000000000", 15) == 0)
    return 0;
  if (was_18)
    *was_18 = eighteen;
  memcpy(out, s, len);
  if (eighteen) {
    /* The suffix records which of the 15 characters are capitals, so that
     * the 18-character form survives tools that change case (a spreadsheet's
     * UPPER, a case-insensitive database): restore the case from it. */
    int bits[3];
    for (int k = 0; k < 3; k++)
      if ((bits[k] = suffix_bits(s[15 + k])) < 0)
        return len;
    for (int i = 0; i < 15; i++)
      if (g_ascii_isalpha(out[i]))
        out[i] = (bits[i / 5] >> (i % 5)) & 1 ? g_ascii_toupper(out[i]) : g_ascii_tolower(out[i]);
  }
  return len;
}

void audit_id_to_18(const char *id, char out[19])
{
  static const char suffix[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  memcpy(out, id, 15);
  for (int k = 0; k < 3; k++) {
    int bits = 0;
    for (int i = 0; i < 5; i++)
      if (id[k * 5 + i] >= 'A' && id[k * 5 + i] <= 'Z')
        bits |= 1 << i;
    out[15 + k] = suffix[bits];
  }
  out[18] = '\0';
}

/* Howard Hinnant's days_from_civil. */
gint32 audit_days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int)doe - 719468;
}

void audit_civil_from_days(gint32 z, int *y, int *m, int *d)
{
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)yoe + era * 400 + (*m <= 2);
}

void audit_day_format(gint32 day, char out[11])
{
  int y, m, d;
  audit_civil_from_days(day, &y, &m, &d);
  g_snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static gboolean digits(const char *s, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!g_ascii_isdigit(s[i]))
      return FALSE;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return TRUE;
}

static int days_in_month(int y, int m)
{
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

/* HH:MM[:SS[.fff]] at p; *p moved past it. */
static gboolean parse_clock(const char **pp, const char *end, int *secs)
{
  const char *p = *pp;
  int hh, mm, ss = 0;
  if (end - p < 5 || !digits(p, 2, &hh) || p[2] != ':' || !digits(p + 3, 2, &mm))
    return FALSE;
  p += 5;
  if (p < end && *p == ':') {
    if (end - p < 3 || !digits(p + 1, 2, &ss))
      return FALSE;
    p += 3;
    if (p < end && *p == '.') {
      p++;
      const char *f = p;
      while (p < end && g_ascii_isdigit(*p))
        p++;
      if (p == f)
        return FALSE;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60)
    return FALSE;
  *secs = hh * 3600 + mm * 60 + ss;
  *pp = p;
  return TRUE;
}

/* YYYY-MM-DD, then with allow_time [T ]HH:MM[:SS[.fff]] and Z, +HHMM,
 * +HH:MM, +HH, -... or nothing; shift: the offset moves the day (a datetime
 * in UTC), else the day is read as written. */
static AuditDayStatus parse_iso(const char *s, gsize len, gboolean allow_time, gboolean shift, gint32 *day)
{
  int y, mo, d;
  if (len < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
      !digits(s + 8, 2, &d))
    return AUDIT_DAY_BAD_FORM;
  gint64 secs = 0;
  if (len > 10) {
    if (!allow_time)
      return AUDIT_DAY_BAD_FORM;
    const char *p = s + 10, *end = s + len;
    int clock;
    if (*p != 'T' && *p != ' ')
      return AUDIT_DAY_BAD_FORM;
    p++;
    if (!parse_clock(&p, end, &clock))
      return AUDIT_DAY_BAD_FORM;
    secs = clock;
    if (p < end) {
      if (*p == 'Z' && p + 1 == end) {
        /* UTC */
      } else if (*p == '+' || *p == '-') {
        int oh, om;
        int sign = *p == '+' ? 1 : -1;
        p++;
        if (end - p == 4 && digits(p, 2, &oh) && digits(p + 2, 2, &om)) {
        } else if (end - p == 5 && digits(p, 2, &oh) && p[2] == ':' && digits(p + 3, 2, &om)) {
        } else if (end - p == 2 && digits(p, 2, &oh)) {
          om = 0;
        } else
          return AUDIT_DAY_BAD_FORM;
        if (oh > 14 || om > 59)
          return AUDIT_DAY_BAD_FORM;
        secs -= sign * (oh * 3600 + om * 60);
      } else
        return AUDIT_DAY_BAD_FORM;
    }
  }
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
    return AUDIT_DAY_NOT_A_DAY;
  gint32 base = audit_days_from_civil(y, mo, d);
  if (!shift)
    secs = 0;
  /* floor division of secs by a day */
  gint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  *day = base + (gint32)days;
  return AUDIT_DAY_OK;
}

gboolean audit_parse_day(const char *s, gsize len, gboolean date_only, gint32 *day)
{
  trim(&s, &len);
  return parse_iso(s, len, !date_only, TRUE, day) == AUDIT_DAY_OK;
}

/* A locale's date: three numbers separated by one of / . - (the same
 * twice), either 1-2, 1-2, 4 digits or 4, 1-2, 1-2 (year first); then
 * optionally a clock, H:MM[:SS] with AM or PM or none. The time of day is
 * not kept: a report writes it in the user's time zone, which the export
 * does not say. */
typedef struct {
  int part[3];
  gboolean year_first;
} LocaleDate;

static gboolean number(const char **pp, const char *end, int min_digits, int max_digits, int *out)
{
  const char *p = *pp;
  int v = 0, n = 0;
  while (p < end && g_ascii_isdigit(*p) && n < max_digits) {
    v = v * 10 + (*p++ - '0');
    n++;
  }
  if (n < min_digits || (p < end && g_ascii_isdigit(*p)))
    return FALSE;
  *out = v;
  *pp = p;
  return TRUE;
}

static gboolean split_locale_date(const char *s, gsize len, LocaleDate *out)
{
  const char *p = s, *end = s + len;
  out->year_first = len >= 5 && g_ascii_isdigit(s[0]) && g_ascii_isdigit(s[1]) && g_ascii_isdigit(s[2]) &&
                    g_ascii_isdigit(s[3]);
  if (!number(&p, end, out->year_first ? 4 : 1, out->year_first ? 4 : 2, &out->part[0]) || p == end)
    return FALSE;
  char sep = *p++;
  if (sep != '/' && sep != '.' && sep != '-')
    return FALSE;
  if (!number(&p, end, 1, 2, &out->part[1]) || p == end || *p++ != sep)
    return FALSE;
  if (!number(&p, end, out->year_first ? 1 : 4, out->year_first ? 2 : 4, &out->part[2]))
    return FALSE;
  if (p == end)
    return TRUE;
  /* a clock after a space (or a T) */
  if (*p != ' ' && *p != 'T')
    return FALSE;
  while (p < end && *p == ' ')
    p++;
  if (p < end && *p == 'T')
    p++;
  int hh, mm, ss = 0;
  if (!number(&p, end, 1, 2, &hh) || p == end || *p++ != ':' || !number(&p, end, 2, 2, &mm))
    return FALSE;
  if (p < end && *p == ':') {
    p++;
    if (!number(&p, end, 2, 2, &ss))
      return FALSE;
  }
  while (p < end && *p == ' ')
    p++;
  gboolean ampm = FALSE;
  if (end - p == 2 && (g_ascii_toupper(p[0]) == 'A' || g_ascii_toupper(p[0]) == 'P') &&
      g_ascii_toupper(p[1]) == 'M') {
    ampm = TRUE;
    p += 2;
  }
  return p == end && mm <= 59 && ss <= 60 && (ampm ? hh >= 1 && hh <= 12 : hh <= 23);
}

gboolean audit_day_is_iso(const char *s, gsize len)
{
  static const char shape[] = "dddd-dd-dd";
  if (len < 10)
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (shape[i] == 'd' ? !g_ascii_isdigit(s[i]) : s[i] != '-')
      return FALSE;
  return TRUE;
}

guint audit_day_orders(const char *s, gsize len)
{
  trim(&s, &len);
  LocaleDate ld;
  if (audit_day_is_iso(s, len) || !split_locale_date(s, len, &ld))
    return 0;
  if (ld.year_first)
    return ld.part[1] >= 1 && ld.part[1] <= 12 && ld.part[2] >= 1 && ld.part[2] <= 31 ? 1u << AUDIT_DAY_ORDER_YMD : 0;
  guint orders = 0;
  if (ld.part[0] >= 1 && ld.part[0] <= 12 && ld.part[1] >= 1 && ld.part[1] <= 31)
    orders |= 1u << AUDIT_DAY_ORDER_MDY;
  if (ld.part[1] >= 1 && ld.part[1] <= 12 && ld.part[0] >= 1 && ld.part[0] <= 31)
    orders |= 1u << AUDIT_DAY_ORDER_DMY;
  return orders;
}

static AuditDayStatus civil_day(int y, int m, int d, gint32 *day)
{
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return AUDIT_DAY_NOT_A_DAY;
  *day = audit_days_from_civil(y, m, d);
  return AUDIT_DAY_OK;
}

AuditDayStatus audit_parse_day_field(const char *s, gsize len, gboolean date_field, AuditDayOrder order, gint32 *day)
{
  *day = AUDIT_DAY_NONE;
  trim(&s, &len);
  if (len == 0)
    return AUDIT_DAY_OK;
  /* a Date field's time (the Data Export Service writes 00:00:00) moves nothing */
  AuditDayStatus st = parse_iso(s, len, TRUE, !date_field, day);
  if (st != AUDIT_DAY_BAD_FORM || audit_day_is_iso(s, len))
    return st;
  LocaleDate ld;
  if (!split_locale_date(s, len, &ld))
    return AUDIT_DAY_BAD_FORM;
  int a = ld.part[0], b = ld.part[1], y = ld.part[2];
  if (ld.year_first)
    return civil_day(a, b, y, day);
  guint orders = audit_day_orders(s, len);
  if (orders == 0)
    return AUDIT_DAY_BAD_FORM;
  if (orders == (1u << AUDIT_DAY_ORDER_MDY) || (order == AUDIT_DAY_ORDER_MDY && (orders & (1u << AUDIT_DAY_ORDER_MDY))))
    return order == AUDIT_DAY_ORDER_DMY ? AUDIT_DAY_NOT_A_DAY : civil_day(y, a, b, day);
  if (orders == (1u << AUDIT_DAY_ORDER_DMY) || (order == AUDIT_DAY_ORDER_DMY && (orders & (1u << AUDIT_DAY_ORDER_DMY))))
    return order == AUDIT_DAY_ORDER_MDY ? AUDIT_DAY_NOT_A_DAY : civil_day(y, b, a, day);
  /* either order: the same day when both parts are equal */
  if (a == b)
    return civil_day(y, a, b, day);
  return AUDIT_DAY_ORDER_UNKNOWN;
}

gboolean audit_day_order_from_name(const char *name, AuditDayOrder *out)
{
  static const char *const names[] = {"mdy", "dmy", "ymd"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (g_ascii_strcasecmp(name, names[i]) == 0) {
      *out = (AuditDayOrder)(AUDIT_DAY_ORDER_MDY + i);
      return TRUE;
    }
  return FALSE;
}

const char *audit_day_order_name(AuditDayOrder o)
{
  switch (o) {
  case AUDIT_DAY_ORDER_MDY:
    return "mdy";
  case AUDIT_DAY_ORDER_DMY:
    return "dmy";
  case AUDIT_DAY_ORDER_YMD:
    return "ymd";
  default:
    return "none";
  }
}

gboolean audit_parse_bool(const char *s, gsize len, gint8 *out)
{
  trim(&s, &len);
  if (len == 0) {
    *out = AUDIT_BOOL_NONE;
    return TRUE;
  }
  static const char *const yes[] = {"true", "1", "yes", NULL};
  static const char *const no[] = {"false", "0", "no", NULL};
  for (int i = 0; yes[i]; i++)
    if (strlen(yes[i]) == len && g_ascii_strncasecmp(s, yes[i], len) == 0) {
      *out = 1;
      return TRUE;
    }
  for (int i = 0; no[i]; i++)
    if (strlen(no[i]) == len && g_ascii_strncasecmp(s, no[i], len) == 0) {
      *out = 0;
      return TRUE;
    }
  *out = AUDIT_BOOL_NONE;
  return FALSE;
}

gboolean audit_parse_number(const char *s, gsize len, double *out)
{
  trim(&s, &len);
  *out = NAN;
  if (len == 0)
    return TRUE;
  if (len > 64)
    return FALSE;
  /* sign? digits [. digits] [e sign? digits]: no thousands separators,
   * currency signs, hex, inf or nan */
  gsize i = 0, nd = 0;
  if (s[i] == '+' || s[i] == '-')
    i++;
  while (i < len && g_ascii_isdigit(s[i]))
    i++, nd++;
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && g_ascii_isdigit(s[i]))
      i++, nd++;
  }
  if (nd == 0)
    return FALSE;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    gsize ne = 0;
    while (i < len && g_ascii_isdigit(s[i]))
      i++, ne++;
    if (ne == 0)
      return FALSE;
  }
  if (i != len)
    return FALSE;
  char buf[72];
  memcpy(buf, s, len);
  buf[len] = '\0';
  double v = g_ascii_strtod(buf, NULL);
  if (!isfinite(v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* Windows-1252 0x80–0x9F; the five undefined bytes map to the C1 controls,
 * as the WHATWG encoding standard does. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void audit_cp1252_to_utf8(const char *s, gsize len, GString *out)
{
  for (gsize i = 0; i < len; i++) {
    guchar c = (guchar)s[i];
    if (c < 0x80)
      g_string_append_c(out, (char)c);
    else
      g_string_append_unichar(out, c < 0xA0 ? cp1252_high[c - 0x80] : c);
  }
}

/* ---- folding, company names, phones, countries ---- */

/* Fold the character at *p (advancing past it) into out: its lower-case
 * ASCII form, a kept lower-case letter of a script without one, or a space
 * for a symbol. Returns the bytes written (at most 6). */
static gsize fold_char(const char **p, char out[8])
{
  guchar b = (guchar)**p;
  if (b < 0x80) {
    (*p)++;
    out[0] = g_ascii_tolower((char)b);
    return 1;
  }
  gunichar c = g_utf8_get_char_validated(*p, -1);
  if (c == (gunichar)-1 || c == (gunichar)-2) {
    (*p)++;
    out[0] = '?'; /* not UTF-8: the loader refuses it, so only in tests */
    return 1;
  }
  *p = g_utf8_next_char(*p);
  c = g_unichar_tolower(c);
  static const struct {
    gunichar c;
    const char *s;
  } special[] = {{0xDF, "ss"}, {0xE6, "ae"}, {0x153, "oe"}, {0xF8, "o"}, {0x142, "l"}, {0x111, "d"},
                 {0xFE, "th"}, {0xF0, "d"}, {0x131, "i"}, {0x2019, "'"}, {0x2018, "'"}, {0xFF06, "&"}};
  for (gsize i = 0; i < G_N_ELEMENTS(special); i++)
    if (special[i].c == c) {
      gsize n = strlen(special[i].s);
      memcpy(out, special[i].s, n);
      return n;
    }
  gunichar d[8];
  gsize n = g_unichar_fully_decompose(c, FALSE, d, G_N_ELEMENTS(d));
  if (n > 0 && d[0] < 0x80) {
    out[0] = g_ascii_tolower((char)d[0]); /* the base letter, marks dropped */
    return 1;
  }
  if (g_unichar_ismark(c))
    return 0;
  if (g_unichar_isalnum(c))
    return (gsize)g_unichar_to_utf8(c, out); /* a script without an ASCII form: kept, lower-cased */
  out[0] = ' ';
  return 1;
}

void audit_fold_text(const char *s, GString *out)
{
  char buf[8];
  for (const char *p = s; *p;) {
    gsize n = fold_char(&p, buf);
    g_string_append_len(out, buf, (gssize)n);
  }
}

/* Legal forms as folded token sequences, each with its canonical form.
 * Dots are already gone ("S.A." is "sa") and runs of single letters joined
 * ("S A", "A/S" are "sa", "as"). Matched at the end of a name only. */
static const struct {
  const char *form, *canonical;
} legal_forms[] = {
  /* multi-word first: the longest match wins */
  {"gmbh and co kgaa", "gmbh & co kg"}, {"gmbh and co kg", "gmbh & co kg"}, {"gmbh and co ohg", "gmbh & co kg"},
  {"ag and co kgaa", "ag & co kg"}, {"ag and co kg", "ag & co kg"}, {"sa de cv", "sa de cv"},
  {"s de rl de cv", "s de rl"}, {"s de rl", "s de rl"}, {"sp z oo", "sp z oo"}, {"sp zoo", "sp z oo"},
  {"limited liability company", "llc"}, {"limited liability partnership", "llp"},
  {"public limited company", "plc"}, {"private limited", "pvt ltd"}, {"proprietary limited", "pty ltd"},
  {"pty ltd", "pty ltd"}, {"pty limited", "pty ltd"}, {"pte ltd", "pte ltd"}, {"pvt ltd", "pvt ltd"},
  {"private ltd", "pvt ltd"}, {"sdn bhd", "sdn bhd"}, {"co ltd", "co ltd"}, {"co limited", "co ltd"},
  {"company limited", "co ltd"}, {"kabushiki kaisha", "kk"}, {"godo kaisha", "gk"}, {"ab publ", "ab"},
  {"sa rl", "sarl"}, {"and co", "& co"}, {"and company", "& co"},
  /* single words */
  {"incorporated", "inc"}, {"inc", "inc"}, {"corporation", "corp"}, {"corp", "corp"}, {"company", "co"},
  {"co", "co"}, {"limited", "ltd"}, {"ltd", "ltd"}, {"llc", "llc"}, {"llp", "llp"}, {"lp", "lp"},
  {"plc", "plc"}, {"pllc", "pllc"}, {"pc", "pc"}, {"gmbh", "gmbh"}, {"ag", "ag"}, {"kg", "kg"},
  {"kgaa", "kgaa"}, {"ohg", "ohg"}, {"ug", "ug"}, {"ev", "ev"}, {"eg", "eg"}, {"se", "se"},
  {"sa", "sa"}, {"sas", "sas"}, {"sasu", "sas"}, {"sarl", "sarl"}, {"eurl", "eurl"}, {"sca", "sca"},
  {"snc", "snc"}, {"bv", "bv"}, {"nv", "nv"}, {"vof", "vof"}, {"cv", "cv"}, {"bvba", "bv"},
  {"sprl", "sprl"}, {"scrl", "scrl"}, {"srl", "srl"}, {"sl", "sl"}, {"slu", "sl"}, {"sau", "sa"},
  {"spa", "spa"}, {"sapa", "sapa"}, {"oy", "oy"}, {"oyj", "oy"}, {"ab", "ab"}, {"as", "as"},
  {"asa", "asa"}, {"aps", "aps"}, {"is", "is"}, {"hf", "hf"}, {"ehf", "ehf"}, {"pty", "pty"},
  {"pte", "pte"}, {"pvt", "pvt"}, {"kk", "kk"}, {"gk", "gk"}, {"yk", "yk"}, {"ltda", "ltda"},
  {"eireli", "eireli"}, {"dac", "dac"}, {"uc", "uc"}, {"bhd", "bhd"}, {"tbk", "tbk"}, {"zrt", "zrt"},
  {"kft", "kft"}, {"sro", "sro"}, {"as", "as"}, {"doo", "doo"}, {"ad", "ad"}, {"ooo", "ooo"},
  {"pjsc", "pjsc"}, {"jsc", "jsc"},
};

/* Common abbreviations, by whole word; both sides of a pair map to one form. */
static const struct {
  const char *from, *to;
} abbreviations[] = {
  {"intl", "international"}, {"int", "international"}, {"mfg", "manufacturing"},
  {"mfrs", "manufacturers"}, {"svcs", "services"}, {"svc", "services"}, {"service", "services"},
  {"tech", "technologies"}, {"techs", "technologies"}, {"technology", "technologies"},
  {"assoc", "associates"}, {"assocs", "associates"}, {"assn", "association"}, {"bros", "brothers"},
  {"natl", "national"}, {"univ", "university"}, {"mgmt", "management"}, {"mgt", "management"},
  {"grp", "group"}, {"hldgs", "holdings"}, {"hldg", "holdings"}, {"holding", "holdings"},
  {"inds", "industries"}, {"ind", "industries"}, {"industry", "industries"}, {"eng", "engineering"},
  {"engr", "engineering"}, {"dev", "development"}, {"ctr", "center"}, {"centre", "center"},
  {"sys", "systems"}, {"system", "systems"}, {"solns", "solutions"}, {"soln", "solutions"},
  {"solution", "solutions"}, {"amer", "american"}, {"dept", "department"}, {"mktg", "marketing"},
  {"comms", "communications"}, {"comm", "communications"}, {"pharma", "pharmaceuticals"},
  {"pharm", "pharmaceuticals"}, {"labs", "laboratories"}, {"lab", "laboratories"},
  {"laboratory", "laboratories"}, {"dist", "distribution"}, {"elec", "electric"}, {"chem", "chemical"},
  {"ins", "insurance"}, {"fin", "financial"}, {"cons", "consulting"}, {"ent", "enterprises"},
  {"enterprise", "enterprises"}, {"mach", "machines"}, {"machine", "machines"}, {"prod", "products"},
  {"product", "products"}, {"equip", "equipment"}, {"invest", "investments"},
  {"investment", "investments"}, {"partner", "partners"}, {"ptnrs", "partners"},
};

/* Tokens of a name, in one small buffer (names are cut at 480 bytes). */
typedef struct {
  char buf[512];
  guint16 start[48];
  guint8 single_run[48]; /* made of one-letter tokens only */
  guint n;
  gsize len;
} Tokens;

static void tokens_open(Tokens *t)
{
  if (t->n < G_N_ELEMENTS(t->start) && t->len < sizeof t->buf - 32) {
    t->start[t->n] = (guint16)t->len;
    t->single_run[t->n] = 0;
    t->n++;
  }
}

static void tokens_put(Tokens *t, char c)
{
  if (t->len < sizeof t->buf - 2)
    t->buf[t->len++] = c;
}

static void tokens_close(Tokens *t)
{
  tokens_put(t, 0);
}

static const char *token(const Tokens *t, guint i)
{
  return t->buf + t->start[i];
}

static void tokens_add(Tokens *t, const char *s)
{
  tokens_open(t);
  for (; *s; s++)
    tokens_put(t, *s);
  tokens_close(t);
}

/* Folded text to tokens: '&' is "and", dots and apostrophes vanish (I.B.M.
 * is ibm, Macy's is macys), anything else not alphanumeric separates; runs
 * of one-letter tokens join (S A is sa, A/S is as). */
static void company_tokens(const char *folded, Tokens *out)
{
  Tokens raw = {0};
  gboolean in = FALSE;
  for (const char *p = folded; *p; p++) {
    guchar c = (guchar)*p;
    if (c == '.' || c == '\'' || c == '`')
      continue;
    if (c == '&') {
      if (in)
        tokens_close(&raw);
      tokens_add(&raw, "and");
      in = FALSE;
    } else if (g_ascii_isalnum(c) || c >= 0x80) {
      if (!in)
        tokens_open(&raw);
      tokens_put(&raw, (char)c);
      in = TRUE;
    } else if (in) {
      tokens_close(&raw);
      in = FALSE;
    }
  }
  if (in)
    tokens_close(&raw);
  out->n = 0;
  out->len = 0;
  for (guint i = 0; i < raw.n; i++) {
    const char *s = token(&raw, i);
    gboolean letter = g_ascii_isalpha(s[0]) && s[1] == 0;
    if (letter && out->n > 0 && out->single_run[out->n - 1]) {
      out->len--; /* reopen the run: drop its NUL */
      tokens_put(out, s[0]);
      tokens_close(out);
      continue;
    }
    tokens_add(out, s);
    if (letter && out->n > 0)
      out->single_run[out->n - 1] = 1;
  }
}

static GHashTable *abbreviation_table(void)
{
  static gsize once = 0;
  static GHashTable *table;
  if (g_once_init_enter(&once)) {
    GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
    for (gsize i = 0; i < G_N_ELEMENTS(abbreviations); i++)
      g_hash_table_insert(t, (gpointer)abbreviations[i].from, (gpointer)abbreviations[i].to);
    table = t;
    g_once_init_leave(&once, 1);
  }
  return table;
}

/* Legal forms by their last word, in the table's order (longest first). */
static GHashTable *legal_forms_by_last_word(void)
{
  static gsize once = 0;
  static GHashTable *table;
  if (g_once_init_enter(&once)) {
    GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint f = 0; f < G_N_ELEMENTS(legal_forms); f++) {
      const char *sp = strrchr(legal_forms[f].form, ' ');
      const char *last = sp ? sp + 1 : legal_forms[f].form;
      GArray *a = g_hash_table_lookup(t, last);
      if (!a) {
        a = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(t, (gpointer)last, a);
      }
      g_array_append_val(a, f);
    }
    table = t;
    g_once_init_leave(&once, 1);
  }
  return table;
}

/* Does the name end with this legal form (space-separated tokens)? Returns
 * how many tokens it takes, 0 when not. */
static guint ends_with_form(const Tokens *t, guint n, const char *form)
{
  guint k = 1;
  for (const char *p = form; *p; p++)
    if (*p == ' ')
      k++;
  if (k >= n) /* keep at least one token of the name */
    return 0;
  const char *p = form;
  for (guint i = n - k; i < n; i++) {
    const char *s = token(t, i);
    gsize l = strlen(s);
    if (strncmp(p, s, l) != 0 || (p[l] != ' ' && p[l] != 0))
      return 0;
    p += l + (p[l] == ' ');
  }
  return k;
}

const char *audit_company_normalize(const char *name, GString *out)
{
  g_string_truncate(out, 0);
  GString *folded = g_string_sized_new(64);
  audit_fold_text(name, folded);
  Tokens t;
  company_tokens(folded->str, &t);
  g_string_free(folded, TRUE);
  guint first = 0, n = t.n;
  if (n > 1 && strcmp(token(&t, 0), "the") == 0)
    first = 1;
  /* expand abbreviations into a second token list */
  Tokens e = {0};
  GHashTable *abbr = abbreviation_table();
  for (guint i = first; i < n; i++) {
    const char *to = g_hash_table_lookup(abbr, token(&t, i));
    tokens_add(&e, to ? to : token(&t, i));
  }
  n = e.n;
  const char *legal = NULL;
  GHashTable *by_last = legal_forms_by_last_word();
  for (gboolean again = TRUE; again && n > 1;) {
    again = FALSE;
    /* only the forms whose last word is the name's last word, longest first */
    GArray *cands = g_hash_table_lookup(by_last, token(&e, n - 1));
    for (guint c = 0; cands && c < cands->len; c++) {
      gsize f = g_array_index(cands, guint, c);
      guint k = ends_with_form(&e, n, legal_forms[f].form);
      if (k) {
        if (!legal)
          legal = legal_forms[f].canonical;
        n -= k;
        again = TRUE;
        break;
      }
    }
  }
  for (guint i = 0; i < n; i++) {
    if (i)
      g_string_append_c(out, ' ');
    g_string_append(out, token(&e, i));
  }
  return legal;
}

/* ---- phones ---- */

gsize audit_phone_digits(const char *phone, const char *calling_code, char *out, gsize outsz)
{
  char digits[32];
  gsize n = 0;
  gboolean international = FALSE, seen = FALSE;
  for (const char *p = phone; *p; p++) {
    if (g_ascii_isdigit(*p)) {
      if (n < sizeof digits - 1)
        digits[n++] = *p;
      seen = TRUE;
    } else if (*p == '+' && !seen) {
      international = TRUE;
    } else if ((*p == 'x' || *p == 'X' || *p == '#' || *p == ';' || *p == ',') && seen) {
      break; /* an extension, or a second number */
    } else if (g_ascii_isalpha(*p) && seen) {
      break; /* "ext", "Durchwahl", ... */
    }
  }
  digits[n] = 0;
  const char *d = digits;
  if (!international && n > 2 && d[0] == '0' && d[1] == '0') {
    international = TRUE; /* 00 44 ...: the international prefix */
    d += 2;
    n -= 2;
  }
  if (n < 6) {
    out[0] = 0;
    return 0;
  }
  GString *s = g_string_sized_new(24);
  if (international)
    g_string_append(s, d);
  else if (calling_code && *calling_code) {
    g_string_append(s, calling_code);
    /* a national trunk prefix 0 goes when the country code is written */
    g_string_append(s, (d[0] == '0' && strcmp(calling_code, "1") != 0) ? d + 1 : d);
    if (strcmp(calling_code, "1") == 0 && n == 11 && d[0] == '1')
      g_string_assign(s, d); /* 1 555 ... already has it */
  } else
    g_string_append(s, d);
  gsize len = MIN(s->len, outsz - 1);
  memcpy(out, s->str, len);
  out[len] = 0;
  g_string_free(s, TRUE);
  return len;
}

/* ---- countries ---- */

static const struct {
  const char *iso, *code;
  const char *names; /* folded, '|'-separated */
} countries[] = {
  {"US", "1", "us|usa|united states|united states of america|u s|u s a|america"},
  {"CA", "1", "ca|canada"},
  {"GB", "44", "gb|uk|united kingdom|great britain|england|scotland|wales|northern ireland|u k"},
  {"DE", "49", "de|germany|deutschland"},
  {"FR", "33", "fr|france"},
  {"NL", "31", "nl|netherlands|the netherlands|holland|nederland"},
  {"BE", "32", "be|belgium|belgique|belgie"},
  {"ES", "34", "es|spain|espana"},
  {"IT", "39", "it|italy|italia"},
  {"SE", "46", "se|sweden|sverige"},
  {"DK", "45", "dk|denmark|danmark"},
  {"NO", "47", "no|norway|norge"},
  {"FI", "358", "fi|finland|suomi"},
  {"CH", "41", "ch|switzerland|schweiz|suisse|svizzera"},
  {"AT", "43", "at|austria|osterreich"},
  {"IE", "353", "ie|ireland|eire"},
  {"PL", "48", "pl|poland|polska"},
  {"PT", "351", "pt|portugal"},
  {"AU", "61", "au|australia"},
  {"NZ", "64", "nz|new zealand"},
  {"JP", "81", "jp|japan|nippon"},
  {"CN", "86", "cn|china|prc"},
  {"IN", "91", "in|india"},
  {"SG", "65", "sg|singapore"},
  {"BR", "55", "br|brazil|brasil"},
  {"MX", "52", "mx|mexico"},
  {"AR", "54", "ar|argentina"},
  {"ZA", "27", "za|south africa"},
  {"AE", "971", "ae|uae|united arab emirates"},
  {"IL", "972", "il|israel"},
  {"KR", "82", "kr|south korea|korea|republic of korea"},
  {"HK", "852", "hk|hong kong"},
  {"CZ", "420", "cz|czech republic|czechia"},
  {"LU", "352", "lu|luxembourg"},
};

const char *audit_phone_calling_code(const char *phone)
{
  const char *p = phone;
  while (*p == ' ' || *p == '\t' || *p == '(')
    p++;
  if (*p == '+')
    p++;
  else if (p[0] == '0' && p[1] == '0')
    p += 2;
  else
    return NULL;
  char d[4];
  guint n = 0;
  for (; *p && n < 3; p++) {
    if (g_ascii_isdigit(*p))
      d[n++] = *p;
    else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')' && *p != '.')
      break;
  }
  /* calling codes are prefix-free: the first that matches is the one */
  for (guint len = 1; len <= n; len++)
    for (gsize i = 0; i < G_N_ELEMENTS(countries); i++)
      if (strlen(countries[i].code) == len && strncmp(countries[i].code, d, len) == 0)
        return countries[i].code;
  return NULL;
}

const char *audit_country_iso(const char *country, const char **calling_code)
{
  if (calling_code)
    *calling_code = NULL;
  if (!country || audit_is_blank(country))
    return NULL;
  GString *f = g_string_sized_new(32);
  audit_fold_text(country, f);
  /* punctuation to spaces, collapsed */
  GString *c = g_string_sized_new(f->len);
  for (gsize i = 0; i < f->len; i++) {
    char ch = f->str[i];
    if (g_ascii_isalnum(ch))
      g_string_append_c(c, ch);
    else if (c->len && c->str[c->len - 1] != ' ')
      g_string_append_c(c, ' ');
  }
  if (c->len && c->str[c->len - 1] == ' ')
    g_string_truncate(c, c->len - 1);
  const char *iso = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(countries) && !iso; i++) {
    const char *p = countries[i].names;
    while (*p) {
      const char *bar = strchr(p, '|');
      gsize l = bar ? (gsize)(bar - p) : strlen(p);
      if (l == c->len && strncmp(p, c->str, l) == 0) {
        iso = countries[i].iso;
        if (calling_code)
          *calling_code = countries[i].code;
        break;
      }
      p += l + (bar != NULL);
    }
  }
  g_string_free(f, TRUE);
  g_string_free(c, TRUE);
  return iso;
}

/* ---- title → buying role ---- */

typedef struct {
  char *role;
  GPtrArray *excludes; /* canonical: a title matching one of these skips the rule */
  GPtrArray *originals; /* as configured, "!" before an exclusion */
} RoleRule;

/* Patterns indexed by their first word, so that a title is tried only on the
 * patterns whose first word it has (and on those whose first word is a prefix
 * or suffix, tried always): hundreds of patterns, a handful tried. Each
 * pattern has a tag (its rule, its place in a list); the smallest tag that
 * matches wins. */
typedef struct {
  GPtrArray *patterns; /* canonical, " word word " */
  GArray *tags;        /* guint, one per pattern */
  GHashTable *by_word; /* first word → GArray of pattern numbers */
  GHashTable *by_head; /* the first two bytes of a first word "ab*" → GArray */
  GHashTable *by_tail; /* the last two bytes of a first word "*ab" → GArray */
  GArray *wild;        /* the others with a '*' in the first word, tried always */
} PatternIndex;

struct AuditRoleMap {
  GArray *rules;       /* RoleRule */
  PatternIndex index;  /* the rules' patterns, tagged with the rule's number */
};

/* Abbreviations written out, so that "CFO", "C.F.O." and "Chief Financial
 * Officer", or "VP" and "Vice President", read the same on both sides. */
static const struct {
  const char *word, *full;
} title_abbrevs[] = {
  {"ceo", "chief executive officer"},
  {"cfo", "chief financial officer"},
  {"cto", "chief technology officer"},
  {"cio", "chief information officer"},
  {"ciso", "chief information security officer"},
  {"coo", "chief operating officer"},
  {"cmo", "chief marketing officer"},
  {"cro", "chief revenue officer"},
  {"chro", "chief human resources officer"},
  {"vp", "vice president"},
  {"svp", "senior vice president"},
  {"evp", "executive vice president"},
  {"avp", "assistant vice president"},
  {"md", "managing director"},
  {"gm", "general manager"},
  {"sr", "senior"},
  {"snr", "senior"},
  {"jr", "junior"},
  {"mgr", "manager"},
  {"mngr", "manager"},
  {"dir", "director"},
  {"engr", "engineer"},
  {"exec", "executive"},
  {"admin", "administrator"},
  {"sysadmin", "system administrator"},
  {"ops", "operations"},
  {"info", "information"},
  {"infosec", "information security"},
  {"cofounder", "co founder"},
  {"technical", "technology"}, /* "Chief Technical Officer" is the CTO */
  {"gte", "gerente"},          /* "Gte. Gral." is the Gerente General */
  {"gral", "general"},
};

/* Words that only join others, in the eight languages: dropped on both
 * sides, so that "VP of Finance" reads as "VP Finance", "Director de
 * Compras" as "Director Compras" and "Директор по закупкам" as "Директор
 * закупкам". */
static const char *const title_stopwords[] = {
  "of", "the", "and", "for",                                                                      /* en */
  "de", "del", "la", "las", "el", "los", "y", "en", "para",                                       /* es */
  "do", "da", "dos", "das", "e", "em",                                                            /* pt */
  "du", "des", "le", "les", "l", "d", "et", "pour",                                               /* fr */
  "der", "die", "den", "und", "fur", "von", "vom", "im",                                          /* de */
  "di", "dell", "della", "dello", "delle", "dei", "degli", "ed", "per",                           /* it */
  "по", "и", "в",                                                                                 /* ru */
  NULL};

/* Words that mark a person no longer in the role ("Former CTO", "Ex-Gerente",
 * "Ehemaliger Leiter", "Бывший директор", "المدير السابق"). */
static const char *const title_gone[] = {
  "former", "formerly", "ex", "retired", "previously", "emeritus", "antiguo", "antigua", "jubilado", "jubilada",
  "aposentado", "aposentada", "ancien", "ancienne", "retraite", "retraitee", "ehemalig", "ehemalige",
  "ehemaliger", "ehemaligen", "pensionato", "pensionata", "бывший", "бывшая", "سابق", NULL};

/* An assistant's title names the person assisted: "Asistente del Gerente
 * General", "Assistente do Diretor", "Assistent der Geschäftsführung" are
 * assistants, read up to this word when a joining word follows (English
 * has "to" for that, below); "Assistant Director" is not cut. In Russian and
 * Arabic the person assisted follows with no joining word ("Помощник
 * генерального директора", "مساعد المدير التنفيذي"). */
static const char *const title_assistant[] = {
  "assistant", "assistante", "asistente", "assistente", "assistent", "assistentin", "secretary", "secretaria",
  "secretario", "secretaire", "sekretar", "sekretarin", "segretaria", "segretario", NULL};
static const char *const title_assistant_joined[] = {"of", "the", "to", "de", "del", "do", "da", "du", "des",
                                                      "der", "di", "dell", "della", "al", "a", "au", "aux", NULL};
static const char *const title_assistant_any[] = {"помощник", "помощница", "ассистент", "секретарь",
                                                   "референт", "مساعد", "مساعده", "سكرتير", "سكرتيره", NULL};

/* Words after which a pattern does not match: a Vice President is not the
 * President ("Вице-президент", "نائب الرئيس"). */
static const char *const title_vice[] = {"vice", "вице", "نائب", NULL};

static gboolean word_in(const char *w, gsize len, const char *const *list)
{
  for (guint i = 0; list[i]; i++)
    if (list[i][0] == w[0] && strncmp(list[i], w, len) == 0 && list[i][len] == 0)
      return TRUE;
  return FALSE;
}

/* What title_canon needs to know of a word, from the lists above: one hash
 * lookup per word. */
enum { TW_STOP = 1, TW_GONE = 2, TW_ASSISTANT = 4, TW_ASSISTANT_ANY = 8, TW_JOINED = 16 };
typedef struct {
  guint flags;
  const char *full; /* title_abbrevs' expansion, NULL when none */
} TitleWord;

static GHashTable *title_words(void)
{
  static gsize once = 0;
  static GHashTable *words;
  if (g_once_init_enter(&once)) {
    words = g_hash_table_new(g_str_hash, g_str_equal);
    const struct {
      const char *const *list;
      guint flag;
    } lists[] = {{title_stopwords, TW_STOP},
                 {title_gone, TW_GONE},
                 {title_assistant, TW_ASSISTANT},
                 {title_assistant_any, TW_ASSISTANT_ANY},
                 {title_assistant_joined, TW_JOINED}};
    for (gsize l = 0; l <= G_N_ELEMENTS(lists); l++) {
      gsize n = l < G_N_ELEMENTS(lists) ? g_strv_length((char **)lists[l].list) : G_N_ELEMENTS(title_abbrevs);
      for (gsize i = 0; i < n; i++) {
        const char *w = l < G_N_ELEMENTS(lists) ? lists[l].list[i] : title_abbrevs[i].word;
        TitleWord *x = g_hash_table_lookup(words, w);
        if (!x) {
          x = g_new0(TitleWord, 1);
          g_hash_table_insert(words, (gpointer)w, x);
        }
        if (l < G_N_ELEMENTS(lists))
          x->flags |= lists[l].flag;
        else
          x->full = title_abbrevs[i].full;
      }
    }
    g_once_init_leave(&once, 1);
  }
  return words;
}

/* One word of a folded title in the form both sides compare: ASCII as it
 * is; in Arabic the spellings of alef, teh marbuta and alef maksura made
 * one, the tatweel dropped and the article (ال, وال, بال, لل, ...) cut; in
 * Russian ё as е. */
static char *script_word(const char *w, gsize len)
{
  gboolean ascii = TRUE;
  for (gsize i = 0; i < len && ascii; i++)
    ascii = (guchar)w[i] < 0x80;
  if (ascii)
    return g_strndup(w, len);
  GString *o = g_string_sized_new(len);
  gboolean arabic = FALSE;
  for (const char *p = w; p < w + len; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c >= 0x600 && c <= 0x6FF)
      arabic = TRUE;
    if (c == 0x623 || c == 0x625 || c == 0x622 || c == 0x671)
      c = 0x627; /* أ إ آ ٱ → ا */
    else if (c == 0x629)
      c = 0x647; /* ة → ه */
    else if (c == 0x649)
      c = 0x64A; /* ى → ي */
    else if (c == 0x451)
      c = 0x435; /* ё → е */
    else if (c == 0x640)
      continue; /* tatweel */
    g_string_append_unichar(o, c);
  }
  if (arabic) {
    static const char *const article[] = {"وال", "بال", "فال", "كال", "لل", "ال", NULL};
    for (guint i = 0; article[i]; i++)
      if (g_str_has_prefix(o->str, article[i]) &&
          g_utf8_strlen(o->str + strlen(article[i]), -1) >= 2) {
        g_string_erase(o, 0, (gssize)strlen(article[i]));
        break;
      }
  }
  return g_string_free(o, FALSE);
}

/* The canonical form of a title or pattern: accents folded, lower case
 * (letters of scripts without an ASCII form kept, see script_word), words
 * separated by one space with a space at each end (" word " finds whole
 * words), runs of single letters joined ("V.P." → "vp"), abbreviations
 * written out and joining words dropped. A pattern keeps a '*' at either
 * end of a word (a prefix or suffix: "директор*", "*leiter"). For a title
 * (is_title), "to" and what follows is cut ("Assistant to the CFO" is an
 * assistant), and so is what follows an assistant's word (title_assistant);
 * *gone tells whether it marks a former holder. */
static char *title_canon(const char *s, gboolean is_title, gboolean *gone)
{
  s = s ? s : "";
  gboolean plain = TRUE; /* ASCII already: nothing to fold (most titles) */
  for (const char *p = s; *p && plain; p++)
    plain = (guchar)*p < 0x80;
  g_autofree char *folded = NULL;
  if (plain)
    folded = g_ascii_strdown(s, -1);
  else {
    GString *f = g_string_sized_new(strlen(s));
    audit_fold_text(s, f);
    folded = g_string_free(f, FALSE);
  }
  /* split into words: ASCII letters and digits, and the bytes of a kept
   * letter (audit_fold_text turned every other non-ASCII character into a space) */
#define WORD_CHAR(c) (g_ascii_isalnum(c) || (guchar)(c) >= 0x80 || (!is_title && (c) == '*'))
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = folded; *p;) {
    while (*p && !WORD_CHAR(*p))
      p++;
    const char *w = p;
    while (*p && WORD_CHAR(*p))
      p++;
    if (p > w)
      g_ptr_array_add(words, script_word(w, (gsize)(p - w)));
  }
#undef WORD_CHAR
  if (gone)
    *gone = FALSE;
  GHashTable *known = title_words();
  GString *out = g_string_new(" ");
  GString *letters = g_string_new(NULL); /* a run of single letters */
  for (guint i = 0; i <= words->len; i++) {
    const char *w = i < words->len ? words->pdata[i] : NULL;
    if (w && strlen(w) == 1 && g_ascii_isalpha(w[0])) {
      g_string_append(letters, w);
      continue;
    }
    /* flush a run of single letters as one word (or as the letter itself) */
    const char *pending[2] = {letters->len ? letters->str : NULL, w};
    gboolean stop = FALSE;
    for (guint k = 0; k < 2 && !stop; k++) {
      const char *x = pending[k];
      if (!x)
        continue;
      if (is_title && strcmp(x, "to") == 0 && out->len > 1 && i < words->len &&
          !(i + 1 < words->len && strcmp(words->pdata[i + 1], "market") == 0)) {
        stop = TRUE; /* "Assistant to the CFO", not "Go to Market" */
        break;
      }
      const TitleWord *tw = g_hash_table_lookup(known, x);
      guint flags = tw ? tw->flags : 0;
      if (flags & TW_STOP)
        continue;
      if (gone && (flags & TW_GONE))
        *gone = TRUE;
      g_string_append(out, tw && tw->full ? tw->full : x);
      g_string_append_c(out, ' ');
      if (is_title && k == 1 && i + 1 < words->len && (flags & (TW_ASSISTANT | TW_ASSISTANT_ANY))) {
        const TitleWord *next = g_hash_table_lookup(known, words->pdata[i + 1]);
        if ((flags & TW_ASSISTANT_ANY) || (next && (next->flags & TW_JOINED)))
          stop = TRUE; /* "Asistente del Gerente General" */
      }
    }
    g_string_truncate(letters, 0);
    if (stop)
      break;
  }
  g_string_free(letters, TRUE);
  g_ptr_array_free(words, TRUE);
  return g_string_free(out, FALSE);
}

/* The word before position at in a canonical " w1 w2 " string (at points
 * at the space before a word), or "" at the start. */
static void word_before(const char *t, const char *at, const char **w, gsize *len)
{
  const char *end = at;
  const char *start = end;
  while (start > t && start[-1] != ' ')
    start--;
  *w = start;
  *len = (gsize)(end - start);
}

/* Does a title's word match a pattern's word: equal, or for "abc*" starting
 * with abc, for "*abc" ending with it. */
static gboolean word_matches(const char *w, gsize wl, const char *p, gsize pl)
{
  if (pl > 1 && p[pl - 1] == '*')
    return wl >= pl - 1 && memcmp(w, p, pl - 1) == 0;
  if (pl > 1 && p[0] == '*')
    return wl >= pl - 1 && memcmp(w + wl - (pl - 1), p + 1, pl - 1) == 0;
  return wl == pl && memcmp(w, p, pl) == 0;
}

/* Do the pattern's words follow at (both point at the space before a word)? */
static gboolean words_match_at(const char *at, const char *pat)
{
  for (;;) {
    pat++;
    if (!*pat)
      return TRUE;
    at++;
    if (!*at)
      return FALSE;
    gsize pl = strcspn(pat, " "), wl = strcspn(at, " ");
    if (!word_matches(at, wl, pat, pl))
      return FALSE;
    pat += pl;
    at += wl;
  }
}

/* Does the canonical pattern occur in the canonical title as whole words, in
 * a place where it means what it says? Not after "vice" ("President" is not
 * the Vice President), and "owner" not as a product, process or data owner. */
static gboolean title_has(const char *t, const char *pat)
{
  static const char *const owner_of[] = {"product", "process", "data", "service", "system", "application",
                                         "account", "content", "release", NULL};
  gboolean wild = strchr(pat, '*') != NULL;
  for (const char *at = wild ? t : strstr(t, pat); at && at[1];
       at = wild ? strchr(at + 1, ' ') : strstr(at + 1, pat)) {
    if (wild && !words_match_at(at, pat))
      continue;
    const char *w;
    gsize len;
    word_before(t, at, &w, &len);
    if (len && word_in(w, len, title_vice) && !word_in(pat + 1, strcspn(pat + 1, " "), title_vice))
      continue;
    if (len && g_str_has_prefix(pat, " owner ") && word_in(w, len, owner_of))
      continue;
    return TRUE;
  }
  return FALSE;
}

gsize audit_fold_name_to(const char *s, char *buf, gsize size)
{
  g_assert(size > 0);
  gsize n = 0;
  gboolean space = FALSE;
  char ch[8];
  for (const char *p = s; *p;) {
    gsize k = fold_char(&p, ch);
    for (gsize j = 0; j < k; j++) {
      guchar c = (guchar)ch[j];
      if (g_ascii_isalnum(c) || c >= 0x80) {
        /* a word character (a kept letter's UTF-8 bytes are never split: room for all of them) */
        gsize need = (space ? 1 : 0) + (c >= 0x80 ? k - j : 1);
        if (n + need >= size) {
          buf[n] = 0;
          return n;
        }
        if (space) {
          buf[n++] = ' ';
          space = FALSE;
        }
        if (c >= 0x80) {
          memcpy(buf + n, ch + j, k - j);
          n += k - j;
          break;
        }
        buf[n++] = (char)c;
      } else if (n)
        space = TRUE;
    }
  }
  buf[n] = 0;
  return n;
}

char *audit_fold_name(const char *s)
{
  s = s ? s : "";
  /* transliteration writes at most a few ASCII letters per character */
  gsize size = 4 * strlen(s) + 16;
  char *f = g_malloc(size);
  audit_fold_name_to(s, f, size);
  return f;
}


static void pattern_index_init(PatternIndex *x)
{
  x->patterns = g_ptr_array_new_with_free_func(g_free);
  x->tags = g_array_new(FALSE, FALSE, sizeof(guint));
  x->by_word = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  x->by_head = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  x->by_tail = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  x->wild = g_array_new(FALSE, FALSE, sizeof(guint));
}

static void pattern_index_clear(PatternIndex *x)
{
  g_ptr_array_unref(x->patterns);
  g_array_unref(x->tags);
  g_hash_table_unref(x->by_word);
  g_hash_table_unref(x->by_head);
  g_hash_table_unref(x->by_tail);
  g_array_unref(x->wild);
}

static void index_list_add(GHashTable *h, const char *key, gsize len, guint k)
{
  char *word = g_strndup(key, len);
  GArray *list = g_hash_table_lookup(h, word);
  if (!list) {
    list = g_array_new(FALSE, FALSE, sizeof(guint));
    g_hash_table_insert(h, word, list);
  } else
    g_free(word);
  g_array_append_val(list, k);
}

/* Adds a canonical pattern (taken) with its tag. */
static void pattern_index_add(PatternIndex *x, char *pattern, guint tag)
{
  guint k = x->patterns->len;
  g_ptr_array_add(x->patterns, pattern);
  g_array_append_val(x->tags, tag);
  const char *w = pattern + 1;
  gsize n = strcspn(w, " ");
  const char *star = memchr(w, '*', n);
  if (!star)
    index_list_add(x->by_word, w, n, k);
  else if (star == w + n - 1 && n >= 3 && !memchr(w, '*', n - 1))
    index_list_add(x->by_head, w, 2, k);
  else if (star == w && n >= 3 && !memchr(w + 1, '*', n - 1))
    index_list_add(x->by_tail, w + n - 2, 2, k);
  else
    g_array_append_val(x->wild, k);
}

static void pattern_try_list(const PatternIndex *x, const char *t, GHashTable *h, const char *key, gsize len,
                             const guint8 *skip, guint *best);

static void pattern_try(const PatternIndex *x, const char *t, guint k, const guint8 *skip, guint *best)
{
  guint tag = g_array_index(x->tags, guint, k);
  if (tag < *best && !(skip && skip[tag]) && title_has(t, x->patterns->pdata[k]))
    *best = tag;
}

/* Tries the patterns listed under a key (len bytes at key). */
static void pattern_try_list(const PatternIndex *x, const char *t, GHashTable *h, const char *key, gsize len,
                             const guint8 *skip, guint *best)
{
  char buf[128];
  if (len >= sizeof buf)
    return;
  memcpy(buf, key, len);
  buf[len] = 0;
  const GArray *list = g_hash_table_lookup(h, buf);
  for (guint i = 0; list && i < list->len; i++)
    pattern_try(x, t, g_array_index(list, guint, i), skip, best);
}

/* The smallest tag of a pattern the canonical title has, leaving out the
 * tags skip marks (may be NULL); G_MAXUINT when none. */
static guint pattern_index_first(const PatternIndex *x, const char *t, const guint8 *skip)
{
  guint best = G_MAXUINT;
  for (const char *w = t + 1; *w;) {
    gsize n = strcspn(w, " ");
    pattern_try_list(x, t, x->by_word, w, n, skip, &best);
    if (n >= 2) {
      pattern_try_list(x, t, x->by_head, w, 2, skip, &best);
      pattern_try_list(x, t, x->by_tail, w + n - 2, 2, skip, &best);
    }
    w += n;
    while (*w == ' ')
      w++;
  }
  for (guint i = 0; i < x->wild->len; i++)
    pattern_try(x, t, g_array_index(x->wild, guint, i), skip, &best);
  return best;
}

static void rule_clear(gpointer p)
{
  RoleRule *r = p;
  g_free(r->role);
  g_ptr_array_unref(r->excludes);
  g_ptr_array_unref(r->originals);
}

AuditRoleMap *audit_role_map_new(void)
{
  AuditRoleMap *m = g_new0(AuditRoleMap, 1);
  m->rules = g_array_new(FALSE, FALSE, sizeof(RoleRule));
  g_array_set_clear_func(m->rules, rule_clear);
  pattern_index_init(&m->index);
  return m;
}

void audit_role_map_add(AuditRoleMap *map, const char *role, const char *const *patterns)
{
  guint tag = 0;
  while (tag < map->rules->len && strcmp(g_array_index(map->rules, RoleRule, tag).role, role) != 0)
    tag++;
  if (tag == map->rules->len) {
    RoleRule n = {g_strdup(role), g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
    g_ptr_array_add(n.originals, NULL);
    g_array_append_val(map->rules, n);
  }
  RoleRule *r = &g_array_index(map->rules, RoleRule, tag);
  for (guint i = 0; patterns[i]; i++) {
    g_ptr_array_insert(r->originals, (gint)r->originals->len - 1, g_strdup(patterns[i]));
    const char *p = patterns[i];
    while (g_ascii_isspace(*p))
      p++;
    gboolean exclude = *p == '!';
    char *f = title_canon(exclude ? p + 1 : p, FALSE, NULL);
    if (strlen(f) <= 1)
      g_free(f);
    else if (exclude)
      g_ptr_array_add(r->excludes, f);
    else
      pattern_index_add(&map->index, f, tag);
  }
}

/* The default mapping (CHECKS.md), most specific first: Economic Buyer,
 * Security before Technical Buyer (a security engineer, the CISO),
 * Procurement before anyone senior ("Director de Compras" buys, he does not
 * hold the budget), and Influencer (anyone else senior) last. One line per
 * language, merged into one rule per role in this order; a pattern is
 * written as a title would be ("Directeur général", "المدير المالي"), a '*'
 * at a word's end or start matches a prefix or suffix (Russian and German
 * inflect and compound: "директор*", "*leiter"), and a '!' before a pattern
 * keeps titles that match it out of the rule. */
static const struct {
  const char *role, *patterns;
} default_roles[] = {
  {"Economic Buyer", "cfo;vp finance;finance director;director of finance;head of finance;finance vp;controller;"
                     "treasurer;ceo;owner;president;managing director;founder"},
  {"Economic Buyer", "gerente general;director general;directora general;director ejecutivo;directora ejecutiva;"
                     "consejero delegado;consejera delegada;presidente;presidenta;propietario;propietaria;dueño;"
                     "dueña;fundador;fundadora;director financiero;directora financiera;gerente financiero;"
                     "gerente financiera;director de finanzas;directora de finanzas;gerente de finanzas;"
                     "jefe de finanzas;jefe financiero;jefa financiera;vicepresidente de finanzas;"
                     "vicepresidente financiero;"
                     "administración y finanzas;contralor;tesorero;tesorera"},
  {"Economic Buyer", "diretor geral;diretora geral;diretor-presidente;diretor executivo;diretora executiva;"
                     "proprietário;proprietária;dono;sócio-diretor;diretor financeiro;diretora financeira;"
                     "gerente financeiro;diretor de finanças;vice-presidente financeiro;vice-presidente de finanças;"
                     "tesoureiro;tesoureira"},
  {"Economic Buyer", "directeur général;directrice générale;PDG;président;présidente;fondateur;fondatrice;"
                     "chef d'entreprise;cheffe d'entreprise;propriétaire;gérant;gérante;directeur financier;"
                     "directrice financière;DAF;"
                     "directeur administratif et financier;directrice administrative et financière;"
                     "responsable financier;trésorier;trésorière"},
  {"Economic Buyer", "Geschäftsführer;Geschäftsführerin;Geschaeftsfuehrer;Geschaeftsfuehrerin;vorstandsvorsitzend*;"
                     "finanzvorstand;vorstand finanzen;kaufmännischer leiter;kaufmännische leiterin;finanzleiter*;"
                     "leiter finanzen;leiterin finanzen;finanzdirektor*;inhaber;inhaberin;gründer;gründerin;"
                     "präsident;präsidentin;!technischer geschäftsführer;!technische geschäftsführerin"},
  {"Economic Buyer", "amministratore delegato;amministratrice delegata;direttore generale;direttrice generale;"
                     "titolare;proprietario;fondatore;fondatrice;direttore finanziario;direttrice finanziaria;"
                     "responsabile amministrativo;responsabile amministrazione e finanza;responsabile finanziario;"
                     "tesoriere"},
  {"Economic Buyer", "генеральн* директор*;гендиректор*;президент*;владел*;собственник*;основател*;учредител*;"
                     "финансов* директор*;финдиректор*;директор* по финанс*;вице-президент* по финанс*;"
                     "главн* бухгалтер*;казначе*"},
  {"Economic Buyer", "المدير التنفيذي;الرئيس التنفيذي;المدير العام;المدير المالي*;مدير الإدارة المالي*;"
                     "المالك;صاحب;المؤسس"},
  {"Security", "ciso;security;information security"},
  {"Security", "seguridad;segurança;sécurité;RSSI;*sicherheit;sicurezza;безопасност*;الأمن"},
  {"Procurement", "procurement;purchasing;buyer;sourcing;category manager;vendor management"},
  {"Procurement", "compras;comprador;compradora;adquisiciones;abastecimiento;aprovisionamiento;suprimentos;"
                  "achats;acheteur;acheteuse;approvisionnement;einkauf*;einkäufer*;beschaffung*;acquisti;"
                  "approvvigionament*;buyer;закуп*;снабжени*;المشتريات;المشتري*;التوريد"},
  {"Legal", "counsel;legal;lawyer;attorney;solicitor;contract manager;contracts manager"},
  {"Legal", "abogado;abogada;asesor jurídico;jurídico;jurídica;advogado;advogada;juriste;juridique;avocat;"
            "avocate;*rechtsanwalt;*rechtsanwältin;justitiar*;syndikus*;legale;avvocato;юрист*;юрисконсульт*;"
            "юридическ*;قانوني;المحامي;محام"},
  {"Technical Buyer", "cto;cio;it director;director of it;head of it;vp it;it manager;vp engineering;"
                      "head of engineering;director of engineering;engineering manager;vp technology;"
                      "head of technology;architect;engineer;developer;devops;system administrator;"
                      "systems administrator"},
  {"Technical Buyer", "TI;sistemas;tecnología;informática;director técnico;diretor técnico;arquitecto;arquitecta;"
                      "arquiteto;arquiteta;ingeniero;ingeniera;engenheiro;engenheira;desarrollador;desarrolladora;"
                      "desenvolvedor;desenvolvedora;programador;programadora"},
  {"Technical Buyer", "DSI;informatique;systèmes d'information;directeur technique;directrice technique;"
                      "architecte;ingénieur;ingénieure;développeur;développeuse;administrateur système*"},
  {"Technical Buyer", "IT-Leiter*;Leiter IT;Leiterin IT;technischer leiter;technische leiterin;"
                      "technischer geschäftsführer;technische geschäftsführerin;informatik*;*architekt;"
                      "*architektin;*ingenieur;*ingenieurin;*entwickler;*entwicklerin;systemadministrator*"},
  {"Technical Buyer", "direttore IT;responsabile IT;direttore tecnico;direttrice tecnica;responsabile tecnico;"
                      "sistemi informativi;informatica;architetto;ingegnere;sviluppatore;sviluppatrice;"
                      "programmatore;sistemista"},
  {"Technical Buyer", "ИТ;техническ* директор*;информационн* технолог*;архитектор*;инженер*;разработчик*;"
                      "программист*;системн* администратор*;сисадмин*"},
  {"Technical Buyer", "تقنية المعلومات;تكنولوجيا المعلومات;نظم المعلومات;المدير التقني;مهندس*;مطور*;مبرمج*"},
  {"Influencer", "vp;director;head;chief;principal;general manager;chairman;chairwoman"},
  {"Influencer", "directora;gerente;jefe;jefa;vicepresidente;vicepresidenta;diretor;diretora;chefe;directeur;"
                 "directrice;chef de service;cheffe de service;chef de département;chef des ventes;responsable;"
                 "vice-président;vice-présidente;leiter;leiterin;*leiter;*leiterin;"
                 "vorstand;vizepräsident*;direttore;direttrice;responsabile;capo;директор*;руководител*;"
                 "начальник*;вице-президент*;председател*;مدير;مديرة;رئيس;نائب الرئيس"},
  /* a project or team lead is not the head of anything */
  {"Influencer", "!jefe de proyecto;!jefa de proyecto;!gerente de proyecto*;!gerente de projeto*;!chef de projet;"
                 "!cheffe de projet;!projektleiter*;!teamleiter*;!gruppenleiter*;!responsabile di progetto;"
                 "!capo progetto;!руководител* проект*;!руководител* групп*;!مدير مشروع;!مدير المشروع;"
                 "!مدير مشاريع"},
};

AuditRoleMap *audit_role_map_new_default(void)
{
  AuditRoleMap *m = audit_role_map_new();
  for (gsize i = 0; i < G_N_ELEMENTS(default_roles); i++) {
    g_auto(GStrv) pats = g_strsplit(default_roles[i].patterns, ";", -1);
    audit_role_map_add(m, default_roles[i].role, (const char *const *)pats);
  }
  return m;
}

const char *audit_role_map_lookup(const AuditRoleMap *map, const char *title)
{
  if (!title || audit_is_blank(title))
    return NULL;
  gboolean gone;
  g_autofree char *t = title_canon(title, TRUE, &gone);
  if (gone)
    return NULL; /* a former holder has no buying role */
  /* the rules an exclusion keeps this title out of (few have any) */
  guint n = map->rules->len;
  guint8 small[64];
  guint8 *skip = n <= sizeof small ? small : g_malloc(n);
  for (guint i = 0; i < n; i++) {
    const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
    skip[i] = FALSE;
    for (guint k = 0; k < r->excludes->len && !skip[i]; k++)
      skip[i] = title_has(t, r->excludes->pdata[k]);
  }
  guint first = pattern_index_first(&map->index, t, skip);
  if (skip != small)
    g_free(skip);
  return first == G_MAXUINT ? NULL : g_array_index(map->rules, RoleRule, first).role;
}

/* Seniority words, in the order they are tried (the first match decides):
 * the exceptions, then C-level, VP, Director and Manager; patterns are read
 * like the role map's. "Gerente", "jefe", "Leiter", "responsable",
 * "руководитель", "مدير" head a function: Director, as head does. */
static const struct {
  AuditSeniority level;
  const char *patterns;
} seniority_words[] = {
  {AUDIT_SENIORITY_VP, "chief of staff;general counsel"},
  {AUDIT_SENIORITY_C_LEVEL, "chief;president;founder;owner;managing director;chairman;chairwoman;chairperson"},
  {AUDIT_SENIORITY_C_LEVEL, "gerente general;director general;directora general;director ejecutivo;"
                            "directora ejecutiva;consejero delegado;consejera delegada;presidente;presidenta;"
                            "fundador;fundadora;cofundador*;propietario;propietaria;dueño;dueña"},
  {AUDIT_SENIORITY_C_LEVEL, "diretor geral;diretora geral;diretor-presidente;diretor executivo;diretora executiva;"
                            "proprietário;proprietária;dono;sócio-diretor"},
  {AUDIT_SENIORITY_C_LEVEL, "directeur général;directrice générale;PDG;président;présidente;fondateur;fondatrice;"
                            "cofondat*;chef d'entreprise;cheffe d'entreprise;propriétaire;gérant;gérante"},
  {AUDIT_SENIORITY_C_LEVEL, "Geschäftsführer*;Geschaeftsfuehrer*;vorstand;vorstandsvorsitzend*;vorstandsmitglied;"
                            "*vorstand;inhaber;inhaberin;gründer;gründerin;mitgründer*;präsident;präsidentin"},
  {AUDIT_SENIORITY_C_LEVEL, "amministratore delegato;amministratrice delegata;direttore generale;"
                            "direttrice generale;titolare;fondatore;fondatrice;proprietario"},
  {AUDIT_SENIORITY_C_LEVEL, "генеральн* директор*;гендиректор*;президент*;владел*;собственник*;основател*;"
                            "учредител*;председател*"},
  {AUDIT_SENIORITY_C_LEVEL, "المدير التنفيذي;الرئيس التنفيذي;المدير العام;رئيس مجلس;المالك;صاحب;المؤسس"},
  {AUDIT_SENIORITY_VP, "vice president;vicepresident*;vice-président*;vizepräsident*;вице-президент*;"
                       "نائب الرئيس"},
  /* a project or team lead is not the head of anything */
  {AUDIT_SENIORITY_MANAGER, "jefe de proyecto;jefa de proyecto;gerente de proyecto*;gerente de projeto*;"
                            "chef de projet;cheffe de projet;chef de produit;cheffe de produit;chef d'équipe;"
                            "cheffe d'équipe;projektleiter*;teamleiter*;gruppenleiter*;"
                            "responsabile di progetto;capo progetto;руководител* проект*;руководител* групп*;"
                            "مدير مشروع;مدير المشروع;مدير مشاريع"},
  {AUDIT_SENIORITY_DIRECTOR, "director;head;general manager"},
  {AUDIT_SENIORITY_DIRECTOR, "directora;gerente;jefe;jefa;diretor;diretora;chefe;directeur;directrice;"
                             "chef de service;cheffe de service;chef de département;chef des ventes;"
                             "responsable;leiter;leiterin;*leiter;*leiterin;direttore;direttrice;responsabile;"
                             "capo;директор*;руководител*;начальник*;مدير;مديرة;رئيس"},
  {AUDIT_SENIORITY_MANAGER, "manager;supervisor;lead;foreman;controller"},
  {AUDIT_SENIORITY_MANAGER, "supervisora;encargado;encargada;gestor;gestora;менеджер*;супервайзер*;مشرف"},
};

/* seniority_words' patterns, each tagged with its line in the table */
static const PatternIndex *seniority_index(void)
{
  static gsize once = 0;
  static PatternIndex index;
  if (g_once_init_enter(&once)) {
    pattern_index_init(&index);
    for (guint i = 0; i < G_N_ELEMENTS(seniority_words); i++) {
      g_auto(GStrv) ps = g_strsplit(seniority_words[i].patterns, ";", -1);
      for (guint k = 0; ps[k]; k++)
        pattern_index_add(&index, title_canon(ps[k], FALSE, NULL), i);
    }
    g_once_init_leave(&once, 1);
  }
  return &index;
}

AuditSeniority audit_title_seniority(const char *title)
{
  if (!title || audit_is_blank(title))
    return AUDIT_SENIORITY_NONE;
  const PatternIndex *index = seniority_index();
  g_autofree char *t = title_canon(title, TRUE, NULL);
  guint line = pattern_index_first(index, t, NULL);
  return line == G_MAXUINT ? AUDIT_SENIORITY_IC : seniority_words[line].level;
}

const char *audit_seniority_name(AuditSeniority s)
{
  static const char *const names[] = {"", "Individual contributor", "Manager", "Director", "VP", "C-level"};
  return s < G_N_ELEMENTS(names) ? names[s] : "";
}

guint audit_role_map_size(const AuditRoleMap *map)
{
  return map->rules->len;
}

const char *audit_role_map_role(const AuditRoleMap *map, guint i, const char *const **patterns)
{
  const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
  if (patterns)
    *patterns = (const char *const *)r->originals->pdata;
  return r->role;
}

void audit_role_map_free(AuditRoleMap *map)
{
  if (!map)
    return;
  g_array_unref(map->rules);
  pattern_index_clear(&map->index);
  g_free(map);
}

/* ---- contact role names ---- */

/* The names other-language orgs give the standard contact roles
 * (OpportunityContactRole.Role), as Salesforce translates its picklist and
 * as sales teams write them: English, Spanish, Portuguese, French, German,
 * Italian, Russian, Arabic. Compared like titles (case, accents, joining
 * words and the Arabic article ignored), the whole name only. */
static const struct {
  const char *role, *names;
} default_role_names[] = {
  {"Decision Maker", "Decision Maker;Tomador de decisión;Tomador de decisiones;Tomadora de decisiones;"
                     "Responsable de la toma de decisiones;Decisor;Decisora;Tomador de decisão;"
                     "Responsável pela decisão;Décideur;Décisionnaire;Entscheider;Entscheidungsträger;"
                     "Entscheiderin;Decisore;Responsabile delle decisioni;Лицо, принимающее решение;"
                     "Лицо, принимающее решения;ЛПР;صانع القرار;متخذ القرار"},
  {"Economic Buyer", "Economic Buyer;Comprador económico;Comprador econômico;Responsable del presupuesto;"
                     "Acheteur économique;Wirtschaftlicher Käufer;Budgetverantwortlicher;Acquirente economico;"
                     "Экономический покупатель;Распорядитель бюджета;المشتري الاقتصادي"},
  {"Champion", "Champion;Campeón;Patrocinador;Patrocinador interno;Promotor;Campeão;Defensor;Promoteur;"
               "Fürsprecher;Befürworter;Sostenitore;Promotore;Чемпион;Сторонник;المناصر;البطل"},
  {"Technical Buyer", "Technical Buyer;Comprador técnico;Acheteur technique;Technischer Käufer;"
                      "Technischer Entscheider;Acquirente tecnico;Технический покупатель;المشتري التقني;"
                      "المشتري الفني"},
  {"Influencer", "Influencer;Influenciador;Influenciadora;Influyente;Persona influyente;Influenceur;Prescripteur;"
                 "Beeinflusser;Einflussnehmer;Influenzatore;Влияющее лицо;Лицо, влияющее на решение;"
                 "Инфлюенсер;المؤثر"},
  {"Evaluator", "Evaluator;Evaluador;Evaluadora;Avaliador;Avaliadora;Évaluateur;Évaluatrice;Bewerter;Gutachter;"
                "Valutatore;Valutatrice;Оценщик;Эксперт;المقيم"},
  {"Business User", "Business User;Usuario empresarial;Usuario de negocio;Usuário empresarial;"
                    "Usuário de negócios;Utilizador empresarial;Utilisateur métier;Utilisateur professionnel;"
                    "Geschäftsanwender;Fachanwender;Utente aziendale;Utente business;Бизнес-пользователь;"
                    "مستخدم الأعمال"},
  {"Executive Sponsor", "Executive Sponsor;Patrocinador ejecutivo;Patrocinador executivo;Sponsor exécutif;"
                        "Sponsor de direction;Sponsor esecutivo;Исполнительный спонсор;الراعي التنفيذي"},
  {"Procurement", "Procurement;Compras;Achats;Einkauf;Acquisti;Закупки;المشتريات"},
  {"Legal", "Legal;Jurídico;Juridique;Rechtsabteilung;Legale;Юрист;القانونية"},
  {"Other", "Other;Otro;Outro;Autre;Sonstige;Andere;Altro;Другое;أخرى"},
};

struct AuditRoleNames {
  GPtrArray *roles;  /* the standard names, owned */
  GHashTable *fold;  /* audit_fold_name form → role */
  GHashTable *canon; /* title_canon form → role */
};

AuditRoleNames *audit_role_names_new(void)
{
  AuditRoleNames *n = g_new0(AuditRoleNames, 1);
  n->roles = g_ptr_array_new_with_free_func(g_free);
  n->fold = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  n->canon = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return n;
}

void audit_role_names_add(AuditRoleNames *n, const char *role, const char *const *names)
{
  const char *r = NULL;
  for (guint i = 0; i < n->roles->len && !r; i++)
    if (strcmp(n->roles->pdata[i], role) == 0)
      r = n->roles->pdata[i];
  if (!r) {
    r = g_strdup(role);
    g_ptr_array_add(n->roles, (gpointer)r);
  }
  for (guint i = 0; names[i]; i++) {
    char *f = audit_fold_name(names[i]);
    if (!*f) {
      g_free(f);
      continue;
    }
    g_hash_table_replace(n->fold, f, (gpointer)r);
    g_hash_table_replace(n->canon, title_canon(names[i], FALSE, NULL), (gpointer)r);
  }
}

AuditRoleNames *audit_role_names_new_default(void)
{
  AuditRoleNames *n = audit_role_names_new();
  for (gsize i = 0; i < G_N_ELEMENTS(default_role_names); i++) {
    g_auto(GStrv) names = g_strsplit(default_role_names[i].names, ";", -1);
    audit_role_names_add(n, default_role_names[i].role, (const char *const *)names);
  }
  return n;
}

const char *audit_role_names_default(guint i, const char **names)
{
  if (i >= G_N_ELEMENTS(default_role_names))
    return NULL;
  if (names)
    *names = default_role_names[i].names;
  return default_role_names[i].role;
}

const char *audit_role_names_canonical(const AuditRoleNames *n, const char *name)
{
  if (!n || !name)
    return NULL;
  char buf[256];
  audit_fold_name_to(name, buf, sizeof buf);
  if (!*buf)
    return NULL;
  const char *r = g_hash_table_lookup(n->fold, buf);
  if (r)
    return r;
  g_autofree char *c = title_canon(name, FALSE, NULL);
  return g_hash_table_lookup(n->canon, c);
}

void audit_role_names_free(AuditRoleNames *n)
{
  if (!n)
    return;
  g_hash_table_unref(n->fold);
  g_hash_table_unref(n->canon);
  g_ptr_array_unref(n->roles);
  g_free(n);
}

/* ---- placeholder words ---- */

/* Words that say "no value" (unknown, none, nameless, not given) in the
 * eight languages, folded (audit_fold_name). Abbreviations are single letters
 * read as one word: N/A, N/E (no existe), N/D (no disponible), S/N (sin
 * nombre), S/D (sin datos), N.N. (nomen nescio), k.A. (keine Angabe). */
static const char *const audit_no_value_words[] = {
  "na", "ne", "nd", "sn", "sd", "nn", "ka", "none", "unknown",     /* abbreviations, en */
  "desconocido", "desconocida", "ninguno", "ninguna",              /* es */
  "desconhecido", "desconhecida", "nenhum", "nenhuma",             /* pt */
  "inconnu", "inconnue", "aucun", "aucune", "neant",               /* fr */
  "unbekannt", "unbekannte", "unbekannter", "kein", "keine",       /* de */
  "sconosciuto", "sconosciuta", "nessuno", "nessuna",              /* it */
  "неизвестно", "неизвестный", "неизвестная", "нет",               /* ru */
  "مجهول",                                                         /* ar */
  NULL};

/* The same in several words, matched whole. */
static const char *const audit_no_value_phrases[] = {
  "not available", "not applicable", "not provided", "no name",
  "sin nombre", "sin datos", "sin informacion", "sin empresa", "no aplica", "no disponible", "sin sitio web",
  "sem nome", "sem dados", "sem empresa", "nao se aplica", "nao disponivel", "nao informado", "sem site",
  "sans nom", "non renseigne", "non applicable", "non disponible", "sans site",
  "ohne name", "ohne namen", "keine angabe", "nicht verfugbar", "nicht angegeben",
  "senza nome", "non disponibile", "non applicabile",
  "не указано", "не указан", "без названия", "без имени", "нет данных",
  "غير معروف", "غير متوفر", "لا يوجد", "بدون اسم",
  NULL};

gboolean audit_placeholder_text(const char *folded, AuditWordTest also, gconstpointer data)
{
#define IS_WORD(w, n) (word_in((w), (n), audit_no_value_words) || (also && also((w), (n), data)))
  const char *p = folded;
  while (*p == ' ')
    p++;
  if (!*p)
    return FALSE;
  while (*p) {
    gsize n = 0;
    for (guint i = 0; audit_no_value_phrases[i] && !n; i++) {
      gsize l = strlen(audit_no_value_phrases[i]);
      if (strncmp(p, audit_no_value_phrases[i], l) == 0 && (p[l] == ' ' || !p[l]))
        n = l;
    }
    if (!n) {
      gsize wl = strcspn(p, " ");
      if (wl == 1 && g_ascii_isalpha(*p)) {
        /* a run of single letters as words, the longest first: "n a" is N/A, "n a n a" twice */
        char joined[16];
        const char *after[16]; /* where the text goes on after each letter */
        gsize j = 0;
        for (const char *q = p; j < sizeof joined && g_ascii_isalpha(*q) && (q[1] == ' ' || !q[1]); j++) {
          joined[j] = *q++;
          while (*q == ' ')
            q++;
          after[j] = q;
        }
        gsize k = j;
        while (k > 1 && !IS_WORD(joined, k))
          k--;
        if (k > 1) {
          p = after[k - 1];
          continue;
        }
      }
      if (!IS_WORD(p, wl))
        return FALSE;
      n = wl;
    }
    p += n;
    while (*p == ' ')
      p++;
  }
  return TRUE;
#undef IS_WORD
}
