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
  char **patterns;  /* canonical, " word word " */
  char **originals; /* as configured */
} RoleRule;

struct AuditRoleMap {
  GArray *rules; /* RoleRule */
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
};

/* Words that only join others: dropped, so that "VP of Finance" reads as
 * "VP Finance" and "Head of IT" as "Head IT" (on both sides). */
static const char *const title_stopwords[] = {"of", "the", "and", "for", "de", "du", "des", NULL};

/* Words that mark a person no longer in the role ("Former CTO"). */
static const char *const title_gone[] = {"former", "formerly", "ex", "retired", "previously", "emeritus", NULL};

static gboolean word_in(const char *w, gsize len, const char *const *list)
{
  for (guint i = 0; list[i]; i++)
    if (strlen(list[i]) == len && memcmp(w, list[i], len) == 0)
      return TRUE;
  return FALSE;
}

/* The canonical form of a title or pattern: ASCII (accents folded), lower
 * case, words separated by one space with a space at each end (" word "
 * finds whole words), runs of single letters joined ("V.P." → "vp"),
 * abbreviations written out and joining words dropped. For a title
 * (is_title), "to" and what follows is cut ("Assistant to the CFO" is an
 * assistant), and *gone tells whether it marks a former holder. */
static char *title_canon(const char *s, gboolean is_title, gboolean *gone)
{
  s = s ? s : "";
  gboolean plain = TRUE; /* ASCII already: nothing to fold (most titles) */
  for (const char *p = s; *p && plain; p++)
    plain = (guchar)*p < 0x80;
  g_autofree char *ascii = NULL;
  if (plain)
    ascii = g_strdup(s);
  else {
    GString *f = g_string_sized_new(strlen(s));
    audit_fold_text(s, f);
    ascii = g_string_free(f, FALSE);
  }
  /* split into words */
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = ascii; *p;) {
    while (*p && !g_ascii_isalnum(*p))
      p++;
    const char *w = p;
    while (g_ascii_isalnum(*p))
      p++;
    if (p > w)
      g_ptr_array_add(words, g_ascii_strdown(w, p - w));
  }
  if (gone)
    *gone = FALSE;
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
      gsize len = strlen(x);
      if (is_title && strcmp(x, "to") == 0 && out->len > 1 && i < words->len &&
          !(i + 1 < words->len && strcmp(words->pdata[i + 1], "market") == 0)) {
        stop = TRUE; /* "Assistant to the CFO", not "Go to Market" */
        break;
      }
      if (word_in(x, len, title_stopwords))
        continue;
      if (gone && word_in(x, len, title_gone))
        *gone = TRUE;
      const char *full = x;
      for (guint a = 0; a < G_N_ELEMENTS(title_abbrevs); a++)
        if (strcmp(x, title_abbrevs[a].word) == 0) {
          full = title_abbrevs[a].full;
          break;
        }
      g_string_append(out, full);
      g_string_append_c(out, ' ');
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

/* Does the canonical pattern occur in the canonical title as whole words, in
 * a place where it means what it says? Not after "vice" ("President" is not
 * the Vice President), and "owner" not as a product, process or data owner. */
static gboolean title_has(const char *t, const char *pat)
{
  static const char *const owner_of[] = {"product", "process", "data", "service", "system", "application",
                                         "account", "content", "release", NULL};
  gboolean pat_vice = g_str_has_prefix(pat, " vice ");
  gboolean pat_owner = g_str_has_prefix(pat, " owner ");
  for (const char *at = strstr(t, pat); at; at = strstr(at + 1, pat)) {
    const char *w;
    gsize len;
    word_before(t, at, &w, &len);
    if (!pat_vice && len == 4 && memcmp(w, "vice", 4) == 0)
      continue;
    if (pat_owner && word_in(w, len, owner_of))
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

static void rule_clear(gpointer p)
{
  RoleRule *r = p;
  g_free(r->role);
  g_strfreev(r->patterns);
  g_strfreev(r->originals);
}

AuditRoleMap *audit_role_map_new(void)
{
  AuditRoleMap *m = g_new0(AuditRoleMap, 1);
  m->rules = g_array_new(FALSE, FALSE, sizeof(RoleRule));
  g_array_set_clear_func(m->rules, rule_clear);
  return m;
}

void audit_role_map_add(AuditRoleMap *map, const char *role, const char *const *patterns)
{
  RoleRule r = {g_strdup(role), NULL, g_strdupv((char **)patterns)};
  GPtrArray *ps = g_ptr_array_new();
  for (guint i = 0; patterns[i]; i++) {
    char *f = title_canon(patterns[i], FALSE, NULL);
    if (strlen(f) > 1)
      g_ptr_array_add(ps, f);
    else
      g_free(f);
  }
  g_ptr_array_add(ps, NULL);
  r.patterns = (char **)g_ptr_array_free(ps, FALSE);
  g_array_append_val(map->rules, r);
}

/* The catalogue's default mapping (CHECKS.md), most specific first: Security
 * before Technical Buyer (a security engineer, the CISO), the functions
 * before Influencer (anyone else senior). */
AuditRoleMap *audit_role_map_new_default(void)
{
  static const char *const economic[] = {"cfo", "vp finance", "finance director", "director of finance",
                                         "head of finance", "finance vp", "controller", "treasurer", "ceo",
                                         "owner", "president", "managing director", "founder",
                                         "directeur general", "geschaftsfuhrer", NULL};
  static const char *const security[] = {"ciso", "security", "information security", NULL};
  static const char *const procurement[] = {"procurement", "purchasing", "buyer", "sourcing", "category manager",
                                            "vendor management", NULL};
  static const char *const legal[] = {"counsel", "legal", "lawyer", "attorney", "solicitor", "contract manager",
                                      "contracts manager", NULL};
  static const char *const technical[] = {"cto", "cio", "it director", "director of it", "head of it", "vp it",
                                          "it manager", "vp engineering", "head of engineering",
                                          "director of engineering", "engineering manager", "vp technology",
                                          "head of technology", "architect", "engineer", "developer", "devops",
                                          "system administrator", "systems administrator", NULL};
  static const char *const influencer[] = {"vp", "director", "head", "chief", "principal", "general manager",
                                           "chairman", "chairwoman", NULL};
  AuditRoleMap *m = audit_role_map_new();
  audit_role_map_add(m, "Economic Buyer", economic);
  audit_role_map_add(m, "Security", security);
  audit_role_map_add(m, "Procurement", procurement);
  audit_role_map_add(m, "Legal", legal);
  audit_role_map_add(m, "Technical Buyer", technical);
  audit_role_map_add(m, "Influencer", influencer);
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
  for (guint i = 0; i < map->rules->len; i++) {
    const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
    for (char **p = r->patterns; *p; p++)
      if (title_has(t, *p))
        return r->role;
  }
  return NULL;
}

AuditSeniority audit_title_seniority(const char *title)
{
  if (!title || audit_is_blank(title))
    return AUDIT_SENIORITY_NONE;
  g_autofree char *t = title_canon(title, TRUE, NULL);
  if (strstr(t, " chief staff ") || strstr(t, " general counsel "))
    return AUDIT_SENIORITY_VP;
  static const char *const c_level[] = {" chief ", " president ", " founder ", " owner ", " managing director ",
                                        " chairman ", " chairwoman ", " chairperson ", " directeur general ",
                                        " geschaftsfuhrer ", NULL};
  for (guint i = 0; c_level[i]; i++)
    if (title_has(t, c_level[i]))
      return AUDIT_SENIORITY_C_LEVEL;
  if (strstr(t, " vice president "))
    return AUDIT_SENIORITY_VP;
  if (strstr(t, " director ") || strstr(t, " head ") || strstr(t, " general manager "))
    return AUDIT_SENIORITY_DIRECTOR;
  static const char *const manager[] = {" manager ", " supervisor ", " lead ", " foreman ", " controller ", NULL};
  for (guint i = 0; manager[i]; i++)
    if (strstr(t, manager[i]))
      return AUDIT_SENIORITY_MANAGER;
  return AUDIT_SENIORITY_IC;
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
    *patterns = (const char *const *)r->originals;
  return r->role;
}

void audit_role_map_free(AuditRoleMap *map)
{
  if (!map)
    return;
  g_array_unref(map->rules);
  g_free(map);
}
