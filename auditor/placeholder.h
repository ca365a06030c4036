/* Placeholder words: texts that say "no value". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Is a folded text (words separated by single spaces, as audit_fold_name and
 * audit_company_normalize write them) made only of words and phrases that
 * say "no value" in the eight languages (unknown, none, N/A, N/E, sin nombre,
 * sem nome, sans nom, unbekannt, sconosciuto, неизвестно, غير معروف, ...)
 * and words also(word, length, data) accepts (may be NULL)? In a run of
 * single letters the longest that makes a word is read as one ("n a" is N/A,
 * "n a n a" is N/A twice). FALSE for a blank text. */
typedef gboolean (*AuditWordTest)(const char *word, gsize len, gconstpointer data);
gboolean audit_placeholder_text(const char *folded, AuditWordTest also, gconstpointer data);

G_END_DECLS
