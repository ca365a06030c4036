#include "value.h"
#include "model.h"
#include "normalize-internal.h"

#include <math.h>

gboolean audit_is_blank(const char *s)
{
  for (; *s; s++)
    if (!is_ws(*s))
      return FALSE;
  return TRUE;
}

gboolean audit_parse_bool(const char *s, gsize len, gint8 *out)
{
  trim(&s, &len);
  if (len == 0) {
    *out = AUDIT_BOOL_NONE;
    return TRUE;
  }
  static const char *const yes[] = {"true", "1", "yes", NULL};
  static const char *const no[] = {"false", "0", "no", NULL};
  for (int i = 0; yes[i]; i++)
    if (strlen(yes[i]) == len && g_ascii_strncasecmp(s, yes[i], len) == 0) {
      *out = 1;
      return TRUE;
    }
  for (int i = 0; no[i]; i++)
    if (strlen(no[i]) == len && g_ascii_strncasecmp(s, no[i], len) == 0) {
      *out = 0;
      return TRUE;
    }
  *out = AUDIT_BOOL_NONE;
  return FALSE;
}

gboolean audit_parse_number(const char *s, gsize len, double *out)
{
  trim(&s, &len);
  *out = NAN;
  if (len == 0)
    return TRUE;
  if (len > 64)
    return FALSE;
  /* sign? digits [. digits] [e sign? digits]: no thousands separators,
   * currency signs, hex, inf or nan */
  gsize i = 0, nd = 0;
  if (s[i] == '+' || s[i] == '-')
    i++;
  while (i < len && g_ascii_isdigit(s[i]))
    i++, nd++;
  if (i < len && s[i] == '.') {
    i++;
    while (i < len && g_ascii_isdigit(s[i]))
      i++, nd++;
  }
  if (nd == 0)
    return FALSE;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      i++;
    gsize ne = 0;
    while (i < len && g_ascii_isdigit(s[i]))
      i++, ne++;
    if (ne == 0)
      return FALSE;
  }
  if (i != len)
    return FALSE;
  char buf[72];
  memcpy(buf, s, len);
  buf[len] = '\0';
  double v = g_ascii_strtod(buf, NULL);
  if (!isfinite(v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* Windows-1252 0x80–0x9F; the five undefined bytes map to the C1 controls,
 * as the WHATWG encoding standard does. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void audit_cp1252_to_utf8(const char *s, gsize len, GString *out)
{
  for (gsize i = 0; i < len; i++) {
    guchar c = (guchar)s[i];
    if (c < 0x80)
      g_string_append_c(out, (char)c);
    else
      g_string_append_unichar(out, c < 0xA0 ? cp1252_high[c - 0x80] : c);
  }
}
