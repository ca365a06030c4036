#include "company.h"
#include "fold.h"
#include "data.h"

#include <string.h>

/* Legal forms (data/legal-forms.tsv: form, canonical form; matched at the
 * end of a name only, the longest first) and common abbreviations
 * (data/company-abbreviations.tsv: word, the form both map to). */
#define FORM(f) audit_data(AUDIT_DATA_LEGAL_FORMS)[2 * (f)]
#define FORM_CANONICAL(f) audit_data(AUDIT_DATA_LEGAL_FORMS)[2 * (f) + 1]

/* Tokens of a name, in one small buffer (names are cut at 480 bytes). */
typedef struct {
  char buf[512];
  guint16 start[48];
  guint8 single_run[48]; /* made of one-letter tokens only */
  guint n;
  gsize len;
} Tokens;

static void tokens_open(Tokens *t)
{
  if (t->n < G_N_ELEMENTS(t->start) && t->len < sizeof t->buf - 32) {
    t->start[t->n] = (guint16)t->len;
    t->single_run[t->n] = 0;
    t->n++;
  }
}

static void tokens_put(Tokens *t, char c)
{
  if (t->len < sizeof t->buf - 2)
    t->buf[t->len++] = c;
}

static void tokens_close(Tokens *t)
{
  tokens_put(t, 0);
}

static const char *token(const Tokens *t, guint i)
{
  return t->buf + t->start[i];
}

static void tokens_add(Tokens *t, const char *s)
{
  tokens_open(t);
  for (; *s; s++)
    tokens_put(t, *s);
  tokens_close(t);
}

/* Folded text to tokens: '&' is "and", dots and apostrophes vanish (I.B.M.
 * is ibm, Macy's is macys), anything else not alphanumeric separates; runs
 * of one-letter tokens join (S A is sa, A/S is as). */
static void company_tokens(const char *folded, Tokens *out)
{
  Tokens raw = {0};
  gboolean in = FALSE;
  for (const char *p = folded; *p; p++) {
    guchar c = (guchar)*p;
    if (c == '.' || c == '\'' || c == '`')
      continue;
    if (c == '&') {
      if (in)
        tokens_close(&raw);
      tokens_add(&raw, "and");
      in = FALSE;
    } else if (g_ascii_isalnum(c) || c >= 0x80) {
      if (!in)
        tokens_open(&raw);
      tokens_put(&raw, (char)c);
      in = TRUE;
    } else if (in) {
      tokens_close(&raw);
      in = FALSE;
    }
  }
  if (in)
    tokens_close(&raw);
  out->n = 0;
  out->len = 0;
  for (guint i = 0; i < raw.n; i++) {
    const char *s = token(&raw, i);
    gboolean letter = g_ascii_isalpha(s[0]) && s[1] == 0;
    if (letter && out->n > 0 && out->single_run[out->n - 1]) {
      out->len--; /* reopen the run: drop its NUL */
      tokens_put(out, s[0]);
      tokens_close(out);
      continue;
    }
    tokens_add(out, s);
    if (letter && out->n > 0)
      out->single_run[out->n - 1] = 1;
  }
}

static GHashTable *abbreviation_table(void)
{
  static gsize once = 0;
  static GHashTable *table;
  if (g_once_init_enter(&once)) {
    GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
    const char *const *abbr = audit_data(AUDIT_DATA_COMPANY_ABBREVIATIONS);
    for (guint i = 0; abbr[i]; i += 2)
      g_hash_table_insert(t, (gpointer)abbr[i], (gpointer)abbr[i + 1]);
    table = t;
    g_once_init_leave(&once, 1);
  }
  return table;
}

/* Legal forms by their last word, in the table's order (longest first). */
static GHashTable *legal_forms_by_last_word(void)
{
  static gsize once = 0;
  static GHashTable *table;
  if (g_once_init_enter(&once)) {
    GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint f = 0; f < audit_data_rows(AUDIT_DATA_LEGAL_FORMS); f++) {
      const char *sp = strrchr(FORM(f), ' ');
      const char *last = sp ? sp + 1 : FORM(f);
      GArray *a = g_hash_table_lookup(t, last);
      if (!a) {
        a = g_array_new(FALSE, FALSE, sizeof(guint));
        g_hash_table_insert(t, (gpointer)last, a);
      }
      g_array_append_val(a, f);
    }
    table = t;
    g_once_init_leave(&once, 1);
  }
  return table;
}

/* Does the name end with this legal form (space-separated tokens)? Returns
 * how many tokens it takes, 0 when not. */
static guint ends_with_form(const Tokens *t, guint n, const char *form)
{
  guint k = 1;
  for (const char *p = form; *p; p++)
    if (*p == ' ')
      k++;
  if (k >= n) /* keep at least one token of the name */
    return 0;
  const char *p = form;
  for (guint i = n - k; i < n; i++) {
    const char *s = token(t, i);
    gsize l = strlen(s);
    if (strncmp(p, s, l) != 0 || (p[l] != ' ' && p[l] != 0))
      return 0;
    p += l + (p[l] == ' ');
  }
  return k;
}

/* How many tokens at the end of a name are a legal form spelled out and cut short with the field (VANDERMOLEN,
 * NAAMLOZE VE; Nordhavn Akti): one or two tokens, the last a strict prefix of a word of the form, of four
 * letters at least in all; a whole word (Deutsche Gesellschaft) is not cut. *legal := the form's canonical
 * form, NULL when two forms begin so. 0: none. */
static guint ends_with_cut_form(const Tokens *t, guint n, const char **legal)
{
  *legal = NULL;
  for (guint k = 1; k <= 2 && k < n; k++) {
    char tail[64];
    gsize len = 0;
    for (guint i = n - k; i < n; i++) {
      const char *s = token(t, i);
      gsize l = strlen(s);
      if (len + l + 2 > sizeof tail)
        return 0;
      if (len)
        tail[len++] = ' ';
      memcpy(tail + len, s, l);
      len += l;
    }
    tail[len] = 0;
    if (len < 4)
      continue;
    const char *first = NULL;
    gboolean one = TRUE;
    for (guint f = 0; f < audit_data_rows(AUDIT_DATA_LEGAL_FORMS); f++) {
      const char *form = FORM(f);
      if (strlen(form) >= 10 && strncmp(form, tail, len) == 0 && form[len] != ' ' && form[len] != 0) {
        if (!first)
          first = FORM_CANONICAL(f);
        else
          one = one && strcmp(first, FORM_CANONICAL(f)) == 0;
      }
    }
    if (first) {
      *legal = one ? first : NULL;
      return k;
    }
  }
  return 0;
}

const char *audit_company_normalize(const char *name, GString *out)
{
  g_string_truncate(out, 0);
  GString *folded = g_string_sized_new(64);
  audit_fold_text(name, folded);
  Tokens t;
  company_tokens(folded->str, &t);
  g_string_free(folded, TRUE);
  guint first = 0, n = t.n;
  if (n > 1 && strcmp(token(&t, 0), "the") == 0)
    first = 1;
  /* expand abbreviations into a second token list */
  Tokens e = {0};
  GHashTable *abbr = abbreviation_table();
  for (guint i = first; i < n; i++) {
    const char *to = g_hash_table_lookup(abbr, token(&t, i));
    tokens_add(&e, to ? to : token(&t, i));
  }
  n = e.n;
  const char *legal = NULL;
  GHashTable *by_last = legal_forms_by_last_word();
  for (gboolean again = TRUE; again && n > 1;) {
    again = FALSE;
    /* only the forms whose last word is the name's last word, longest first */
    GArray *cands = g_hash_table_lookup(by_last, token(&e, n - 1));
    for (guint c = 0; cands && c < cands->len; c++) {
      gsize f = g_array_index(cands, guint, c);
      guint k = ends_with_form(&e, n, FORM(f));
      if (k) {
        if (!legal)
          legal = FORM_CANONICAL(f);
        n -= k;
        again = TRUE;
        break;
      }
    }
  }
  if (!legal && n > 1 && strlen(token(&e, n - 1)) >= 2) {
    guint k = ends_with_cut_form(&e, n, &legal);
    n -= k;
  }
  for (guint i = 0; i < n; i++) {
    if (i)
      g_string_append_c(out, ' ');
    g_string_append(out, token(&e, i));
  }
  return legal;
}
