/* Values as Salesforce writes them: booleans, numbers, blank text, text in
 * Windows-1252. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* true/false/1/0/yes/no, any case; blank is AUDIT_BOOL_NONE. */
gboolean audit_parse_bool(const char *s, gsize len, gint8 *out);
/* A plain decimal number (sign, digits, point, exponent); blank is NAN. */
gboolean audit_parse_number(const char *s, gsize len, double *out);

/* Windows-1252 bytes to UTF-8, appended to out. */
void audit_cp1252_to_utf8(const char *s, gsize len, GString *out);

/* Is the text blank (only whitespace)? */
gboolean audit_is_blank(const char *s);

G_END_DECLS
