#include "fold.h"

#include <string.h>

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
