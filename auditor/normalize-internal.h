/* Small helpers shared by the normalisation files (sfid.c, day.c, value.c,
 * title.c, placeholder.c); not part of the API. */
#pragma once

#include <glib.h>
#include <string.h>

static inline gboolean is_ws(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline void trim(const char **s, gsize *len)
{
  while (*len > 0 && is_ws(**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && is_ws((*s)[*len - 1]))
    (*len)--;
}

static inline gboolean word_in(const char *w, gsize len, const char *const *list)
{
  for (guint i = 0; list[i]; i++)
    if (list[i][0] == w[0] && strncmp(list[i], w, len) == 0 && list[i][len] == 0)
      return TRUE;
  return FALSE;
}
