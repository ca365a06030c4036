/* Values as Salesforce writes them: Ids, dates, booleans, numbers, text in
 * Windows-1252; and titles mapped to buying roles. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Trim surrounding whitespace, cut an 18-character Salesforce Id to its first
 * 15 characters, and make the null Ids (000000000000000, 000000000000000AAA)
 * blank. Writes into out (at least len bytes) and returns the new length. */
gsize audit_id_normalize(const char *s, gsize len, char *out);
/* The same; *was_18 tells whether s was an 18-character Id (cut to 15). */
gsize audit_id_normalize_form(const char *s, gsize len, char *out, gboolean *was_18);

/* The 18-character form of a 15-character Id: the Id and three characters
 * that encode which of its characters are capitals (Salesforce's checksum),
 * the suffix audit_id_normalize reads back. */
void audit_id_to_18(const char *id, char out[19]);

/* Does this look like a Salesforce Id (15 alphanumeric characters)? */
gboolean audit_id_is_salesforce(const char *id, gsize len);

/* Days since 1970-01-01 (UTC) of a date or datetime:
 * 2024-01-15, 2024-01-15T10:00:00.000Z, 2024-01-15T10:00:00.000+0000,
 * 2024-01-15T10:00:00+01:00, 2024-01-15 10:00:00. FALSE when it is none of
 * these or names an impossible day. date_only refuses datetimes. */
gboolean audit_parse_day(const char *s, gsize len, gboolean date_only, gint32 *day);
/* Days since 1970-01-01 of a civil date, and back. */
gint32 audit_days_from_civil(int y, int m, int d);
void audit_civil_from_days(gint32 day, int *y, int *m, int *d);
/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void audit_day_format(gint32 day, char out[11]);

/* true/false/1/0/yes/no, any case; blank is AUDIT_BOOL_NONE. */
gboolean audit_parse_bool(const char *s, gsize len, gint8 *out);
/* A plain decimal number (sign, digits, point, exponent); blank is NAN. */
gboolean audit_parse_number(const char *s, gsize len, double *out);

/* Windows-1252 bytes to UTF-8, appended to out. */
void audit_cp1252_to_utf8(const char *s, gsize len, GString *out);

/* Is the text blank (only whitespace)? */
gboolean audit_is_blank(const char *s);

/* Title → buying role: ordered rules, the first whose pattern matches a title
 * wins. Patterns match whole words, case- and accent-insensitively. */
typedef struct AuditRoleMap AuditRoleMap;
AuditRoleMap *audit_role_map_new_default(void);
AuditRoleMap *audit_role_map_new(void);
void audit_role_map_add(AuditRoleMap *map, const char *role, const char *const *patterns);
/* NULL when no rule matches. */
const char *audit_role_map_lookup(const AuditRoleMap *map, const char *title);
guint audit_role_map_size(const AuditRoleMap *map);
const char *audit_role_map_role(const AuditRoleMap *map, guint i, const char *const **patterns);
void audit_role_map_free(AuditRoleMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditRoleMap, audit_role_map_free)

G_END_DECLS
