#include "placeholder.h"
#include "normalize-internal.h"
#include "data.h"

#include <string.h>

/* ---- placeholder words ---- */

/* The words and phrases that say "no value": data/no-value-words.txt,
 * data/no-value-phrases.txt. */
gboolean audit_placeholder_text(const char *folded, AuditWordTest also, gconstpointer data)
{
  const char *const *no_value_words = audit_data(AUDIT_DATA_NO_VALUE_WORDS);
  const char *const *no_value_phrases = audit_data(AUDIT_DATA_NO_VALUE_PHRASES);
#define IS_WORD(w, n) (word_in((w), (n), no_value_words) || (also && also((w), (n), data)))
  const char *p = folded;
  while (*p == ' ')
    p++;
  if (!*p)
    return FALSE;
  while (*p) {
    gsize n = 0;
    for (guint i = 0; no_value_phrases[i] && !n; i++) {
      gsize l = strlen(no_value_phrases[i]);
      if (strncmp(p, no_value_phrases[i], l) == 0 && (p[l] == ' ' || !p[l]))
        n = l;
    }
    if (!n) {
      gsize wl = strcspn(p, " ");
      if (wl == 1 && g_ascii_isalpha(*p)) {
        /* a run of single letters as words, the longest first: "n a" is N/A, "n a n a" twice */
        char joined[16];
        const char *after[16]; /* where the text goes on after each letter */
        gsize j = 0;
        for (const char *q = p; j < sizeof joined && g_ascii_isalpha(*q) && (q[1] == ' ' || !q[1]); j++) {
          joined[j] = *q++;
          while (*q == ' ')
            q++;
          after[j] = q;
        }
        gsize k = j;
        while (k > 1 && !IS_WORD(joined, k))
          k--;
        if (k > 1) {
          p = after[k - 1];
          continue;
        }
      }
      if (!IS_WORD(p, wl))
        return FALSE;
      n = wl;
    }
    p += n;
    while (*p == ' ')
      p++;
  }
  return TRUE;
#undef IS_WORD
}
