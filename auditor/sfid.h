/* Salesforce Ids: the 15- and 18-character forms. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Trim surrounding whitespace, cut an 18-character Salesforce Id (its
 * suffix consistent with its first 15 characters) to those 15 characters,
 * its case restored from the suffix; any other Id is kept whole. The null
 * Ids (000000000000000, 000000000000000AAA) become blank. Writes into out (at least len bytes) and returns the new length. */
gsize audit_id_normalize(const char *s, gsize len, char *out);
/* The same; *was_18 tells whether s was an 18-character Id (cut to 15). */
gsize audit_id_normalize_form(const char *s, gsize len, char *out, gboolean *was_18);

/* The 18-character form of a 15-character Id: the Id and three characters
 * that encode which of its characters are capitals (Salesforce's checksum),
 * the suffix audit_id_normalize reads back. */
void audit_id_to_18(const char *id, char out[19]);

/* Does this look like a Salesforce Id (15 alphanumeric characters)? */
gboolean audit_id_is_salesforce(const char *id, gsize len);

G_END_DECLS
