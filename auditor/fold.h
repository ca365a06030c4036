/* Folding text and names: case and accents, for comparison. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Case and accent folding: lower case, accents dropped (é is e, ß is ss,
 * ø is o, ł is l), letters of scripts without an ASCII form kept lower-cased,
 * other non-ASCII symbols as spaces. Appended to out. */
void audit_fold_text(const char *s, GString *out);

/* A person's name (or a title) folded for comparison with audit_fold_text
 * ("Łukasz Søren" → "lukasz soren"; letters of scripts without an ASCII
 * form kept), every run of other characters one space, no space at the ends.
 * "  José   MÜLLER-Lüdenscheidt " → "jose muller ludenscheidt". Newly allocated. */
char *audit_fold_name(const char *s);
/* The same into buf (size bytes, at least 1), cut short when it does not fit;
 * returns the length. No allocation for ASCII text. */
gsize audit_fold_name_to(const char *s, char *buf, gsize size);

G_END_DECLS
