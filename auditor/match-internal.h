/* What the parts of record matching (match-features.c, match-blocking.c,
 * match-similarity.c, match-groups.c) share and no one else needs. */
#pragma once

#include "match.h"

#include <string.h>

/* s without spaces, into out (as long as s at least). */
static inline void match_strip_spaces(const char *s, char *out)
{
  for (; *s; s++)
    if (*s != ' ')
      *out++ = *s;
  *out = 0;
}

static inline char *match_without_spaces(const char *s)
{
  char *r = g_malloc(strlen(s) + 1);
  match_strip_spaces(s, r);
  return r;
}

static inline gint match_compare_str(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static inline int match_compare_u32(const void *a, const void *b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  return x < y ? -1 : x > y;
}

static inline int match_compare_u64(const void *a, const void *b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : x > y;
}
