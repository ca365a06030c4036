#include "placeholder.h"
#include "normalize-internal.h"

#include <string.h>

/* ---- placeholder words ---- */

/* Words that say "no value" (unknown, none, nameless, not given) in the
 * eight languages, folded (audit_fold_name). Abbreviations are single letters
 * read as one word: N/A, N/E (no existe), N/D (no disponible), S/N (sin
 * nombre), S/D (sin datos), N.N. (nomen nescio), k.A. (keine Angabe). */
static const char *const audit_no_value_words[] = {
  "na", "ne", "nd", "sn", "sd", "nn", "ka", "none", "unknown",     /* abbreviations, en */
  "desconocido", "desconocida", "ninguno", "ninguna",              /* es */
  "desconhecido", "desconhecida", "nenhum", "nenhuma",             /* pt */
  "inconnu", "inconnue", "aucun", "aucune", "neant",               /* fr */
  "unbekannt", "unbekannte", "unbekannter", "kein", "keine",       /* de */
  "sconosciuto", "sconosciuta", "nessuno", "nessuna",              /* it */
  "неизвестно", "неизвестный", "неизвестная", "нет",               /* ru */
  "مجهول",                                                         /* ar */
  NULL};

/* The same in several words, matched whole. */
static const char *const audit_no_value_phrases[] = {
  "not available", "not applicable", "not provided", "no name",
  "sin nombre", "sin datos", "sin informacion", "sin empresa", "no aplica", "no disponible", "sin sitio web",
  "sem nome", "sem dados", "sem empresa", "nao se aplica", "nao disponivel", "nao informado", "sem site",
  "sans nom", "non renseigne", "non applicable", "non disponible", "sans site",
  "ohne name", "ohne namen", "keine angabe", "nicht verfugbar", "nicht angegeben",
  "senza nome", "non disponibile", "non applicabile",
  "не указано", "не указан", "без названия", "без имени", "нет данных",
  "غير معروف", "غير متوفر", "لا يوجد", "بدون اسم",
  NULL};

gboolean audit_placeholder_text(const char *folded, AuditWordTest also, gconstpointer data)
{
#define IS_WORD(w, n) (word_in((w), (n), audit_no_value_words) || (also && also((w), (n), data)))
  const char *p = folded;
  while (*p == ' ')
    p++;
  if (!*p)
    return FALSE;
  while (*p) {
    gsize n = 0;
    for (guint i = 0; audit_no_value_phrases[i] && !n; i++) {
      gsize l = strlen(audit_no_value_phrases[i]);
      if (strncmp(p, audit_no_value_phrases[i], l) == 0 && (p[l] == ' ' || !p[l]))
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
