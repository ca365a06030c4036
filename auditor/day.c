#include "day.h"
#include "model.h"
#include "normalize-internal.h"

#include <string.h>

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
static AuditDayStatus parse_iso_at(const char *s, gsize len, gboolean allow_time, gboolean shift, gint32 *day,
                                   gint64 *at)
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
  if (at)
    *at = (gint64)base * 86400 + secs;
  return AUDIT_DAY_OK;
}

static AuditDayStatus parse_iso(const char *s, gsize len, gboolean allow_time, gboolean shift, gint32 *day)
{
  return parse_iso_at(s, len, allow_time, shift, day, NULL);
}

gboolean audit_parse_instant(const char *s, gsize len, gint64 *secs)
{
  gint32 day;
  trim(&s, &len);
  return parse_iso_at(s, len, TRUE, TRUE, &day, secs) == AUDIT_DAY_OK;
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
