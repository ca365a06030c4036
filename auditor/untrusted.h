/* Text from an export on its way out: CRM data is untrusted, and a value can
 * carry terminal escape sequences or bidi controls that reorder what the
 * reader sees. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The bidi embedding, override and isolate controls (U+202A-202E, U+2066-2069)
 * in s (UTF-8, len bytes or -1: NUL-terminated). */
gboolean audit_text_has_bidi(const char *s, gssize len);

/* s made safe for a terminal: C0 controls (but newline and tab when
 * keep_lines), DEL, C1 controls and the bidi controls (those above and the
 * marks U+200E, U+200F) written as \xNN or \u{NNNN}, a byte that is not UTF-8
 * as \xNN; the rest unchanged. Newly allocated. */
char *audit_text_escape_terminal(const char *s, gboolean keep_lines);

G_END_DECLS
