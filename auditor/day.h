/* Days: dates and datetimes as exports write them, read and written. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Days since 1970-01-01 (UTC) of a date or datetime:
 * 2024-01-15, 2024-01-15T10:00:00.000Z, 2024-01-15T10:00:00.000+0000,
 * 2024-01-15T10:00:00+01:00, 2024-01-15 10:00:00. FALSE when it is none of
 * these or names an impossible day. date_only refuses datetimes. */
gboolean audit_parse_day(const char *s, gsize len, gboolean date_only, gint32 *day);
/* Seconds since 1970-01-01T00:00:00Z of an ISO date or datetime (the forms
 * audit_parse_day takes; the offset applied, a date is its midnight UTC).
 * FALSE when it is none of these. */
gboolean audit_parse_instant(const char *s, gsize len, gint64 *secs);

/* The order of a date's parts in a locale's form: 5/11/2023 (mdy),
 * 11/05/2023 or 11.05.2023 (dmy), 2023/05/11 (ymd). */
typedef enum {
  AUDIT_DAY_ORDER_NONE,
  AUDIT_DAY_ORDER_MDY,
  AUDIT_DAY_ORDER_DMY,
  AUDIT_DAY_ORDER_YMD,
} AuditDayOrder;
/* "mdy", "dmy", "ymd" (any case). */
gboolean audit_day_order_from_name(const char *name, AuditDayOrder *out);
const char *audit_day_order_name(AuditDayOrder o);

typedef enum {
  AUDIT_DAY_OK,
  AUDIT_DAY_BAD_FORM,      /* in no form read */
  AUDIT_DAY_NOT_A_DAY,     /* a date's form, but no such day: 2023-02-30, 30/02/2023 */
  AUDIT_DAY_ORDER_UNKNOWN, /* 05/11/2023 with no order to read it */
} AuditDayStatus;

/* A Date (date_field) or Datetime field's value as exports write it:
 * - ISO 8601 as audit_parse_day takes it; a Date field's time and offset
 *   (2023-05-11 00:00:00, 2023-05-11T00:00:00.000Z, as the Data Export
 *   Service writes Date fields) are ignored: the day is the one written;
 * - a report's locale form: 1-2 digits, 1-2 digits and a 4-digit year, or a
 *   year then month and day, separated by '/', '.' or '-', optionally with a
 *   clock (5/11/2023 10:30 AM, 11.05.2023 22:30:15) that is ignored (the day
 *   as written: the user's time zone is not in the export). order reads the
 *   first two parts; whatever the order, a value whose parts only fit one
 *   (25/04/2023) or are equal (1/1/2023) is read, and year first is always
 *   ymd. With no order (NONE) the others are AUDIT_DAY_ORDER_UNKNOWN.
 * Blank is OK with AUDIT_DAY_NONE. */
AuditDayStatus audit_parse_day_field(const char *s, gsize len, gboolean date_field, AuditDayOrder order, gint32 *day);
/* Does s start with YYYY-MM-DD (the ISO form, read by ISO's rules only)? */
gboolean audit_day_is_iso(const char *s, gsize len);
/* The orders (bits 1 << AuditDayOrder) whose ranges (month 1-12, day 1-31)
 * fit a locale-form date; 0 when s is not in a locale's form (or is ISO). */
guint audit_day_orders(const char *s, gsize len);

/* Days since 1970-01-01 of a civil date, and back. */
gint32 audit_days_from_civil(int y, int m, int d);
void audit_civil_from_days(gint32 day, int *y, int *m, int *d);
/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void audit_day_format(gint32 day, char out[11]);

G_END_DECLS
