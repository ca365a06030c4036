#include "untrusted.h"

#include <string.h>

static gboolean is_bidi(gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

gboolean audit_text_has_bidi(const char *s, gssize len)
{
  /* each is E2 80 AA-AE or E2 81 A6-A9: a byte scan, no decoding */
  const guchar *p = (const guchar *)s;
  gsize n = len < 0 ? strlen(s) : (gsize)len;
  for (gsize i = 0; i + 2 < n; i++)
    if (p[i] == 0xE2 && ((p[i + 1] == 0x80 && p[i + 2] >= 0xAA && p[i + 2] <= 0xAE) ||
                         (p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9)))
      return TRUE;
  return FALSE;
}

char *audit_text_escape_terminal(const char *s, gboolean keep_lines)
{
  GString *out = g_string_sized_new(strlen(s));
  const char *p = s;
  while (*p) {
    guchar b = (guchar)*p;
    if (b < 0x80) {
      if ((b < 0x20 && !(keep_lines && (b == '\n' || b == '\t'))) || b == 0x7f)
        g_string_append_printf(out, "\\x%02x", b);
      else
        g_string_append_c(out, (char)b);
      p++;
      continue;
    }
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      g_string_append_printf(out, "\\x%02x", b);
      p++;
      continue;
    }
    const char *next = g_utf8_next_char(p);
    if ((c >= 0x80 && c <= 0x9f) || is_bidi(c) || c == 0x200E || c == 0x200F)
      g_string_append_printf(out, "\\u{%04x}", c);
    else
      g_string_append_len(out, p, next - p);
    p = next;
  }
  return g_string_free(out, FALSE);
}
