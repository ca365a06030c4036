#include "company.h"
#include "fold.h"

#include <string.h>

/* Legal forms as folded token sequences, each with its canonical form.
 * Dots are already gone ("S.A." is "sa") and runs of single letters joined
 * ("S A", "A/S" are "sa", "as"). Matched at the end of a name only. */
static const struct {
  const char *form, *canonical;
} legal_forms[] = {
  /* multi-word first: the longest match wins */
  {"gmbh and co kgaa", "gmbh & co kg"}, {"gmbh and co kg", "gmbh & co kg"}, {"gmbh and co ohg", "gmbh & co kg"},
  {"ag and co kgaa", "ag & co kg"}, {"ag and co kg", "ag & co kg"}, {"sa de cv", "sa de cv"},
  {"s de rl de cv", "s de rl"}, {"s de rl", "s de rl"}, {"sp z oo", "sp z oo"}, {"sp zoo", "sp z oo"},
  {"limited liability company", "llc"}, {"limited liability partnership", "llp"},
  {"public limited company", "plc"}, {"private limited", "pvt ltd"}, {"proprietary limited", "pty ltd"},
  {"pty ltd", "pty ltd"}, {"pty limited", "pty ltd"}, {"pte ltd", "pte ltd"}, {"pvt ltd", "pvt ltd"},
  {"private ltd", "pvt ltd"}, {"sdn bhd", "sdn bhd"}, {"co ltd", "co ltd"}, {"co limited", "co ltd"},
  {"company limited", "co ltd"}, {"kabushiki kaisha", "kk"}, {"godo kaisha", "gk"}, {"ab publ", "ab"},
  {"sa rl", "sarl"}, {"and co", "& co"}, {"and company", "& co"},
  /* single words */
  {"incorporated", "inc"}, {"inc", "inc"}, {"corporation", "corp"}, {"corp", "corp"}, {"company", "co"},
  {"co", "co"}, {"limited", "ltd"}, {"ltd", "ltd"}, {"llc", "llc"}, {"llp", "llp"}, {"lp", "lp"},
  {"plc", "plc"}, {"pllc", "pllc"}, {"pc", "pc"}, {"gmbh", "gmbh"}, {"ag", "ag"}, {"kg", "kg"},
  {"kgaa", "kgaa"}, {"ohg", "ohg"}, {"ug", "ug"}, {"ev", "ev"}, {"eg", "eg"}, {"se", "se"},
  {"sa", "sa"}, {"sas", "sas"}, {"sasu", "sas"}, {"sarl", "sarl"}, {"eurl", "eurl"}, {"sca", "sca"},
  {"snc", "snc"}, {"bv", "bv"}, {"nv", "nv"}, {"vof", "vof"}, {"cv", "cv"}, {"bvba", "bv"},
  {"sprl", "sprl"}, {"scrl", "scrl"}, {"srl", "srl"}, {"sl", "sl"}, {"slu", "sl"}, {"sau", "sa"},
  {"spa", "spa"}, {"sapa", "sapa"}, {"oy", "oy"}, {"oyj", "oy"}, {"ab", "ab"}, {"as", "as"},
  {"asa", "asa"}, {"aps", "aps"}, {"is", "is"}, {"hf", "hf"}, {"ehf", "ehf"}, {"pty", "pty"},
  {"pte", "pte"}, {"pvt", "pvt"}, {"kk", "kk"}, {"gk", "gk"}, {"yk", "yk"}, {"ltda", "ltda"},
  {"eireli", "eireli"}, {"dac", "dac"}, {"uc", "uc"}, {"bhd", "bhd"}, {"tbk", "tbk"}, {"zrt", "zrt"},
  {"kft", "kft"}, {"sro", "sro"}, {"as", "as"}, {"doo", "doo"}, {"ad", "ad"}, {"ooo", "ooo"},
  {"pjsc", "pjsc"}, {"jsc", "jsc"},
};

/* Common abbreviations, by whole word; both sides of a pair map to one form. */
static const struct {
  const char *from, *to;
} abbreviations[] = {
  {"intl", "international"}, {"int", "international"}, {"mfg", "manufacturing"},
  {"mfrs", "manufacturers"}, {"svcs", "services"}, {"svc", "services"}, {"service", "services"},
  {"tech", "technologies"}, {"techs", "technologies"}, {"technology", "technologies"},
  {"assoc", "associates"}, {"assocs", "associates"}, {"assn", "association"}, {"bros", "brothers"},
  {"natl", "national"}, {"univ", "university"}, {"mgmt", "management"}, {"mgt", "management"},
  {"grp", "group"}, {"hldgs", "holdings"}, {"hldg", "holdings"}, {"holding", "holdings"},
  {"inds", "industries"}, {"ind", "industries"}, {"industry", "industries"}, {"eng", "engineering"},
  {"engr", "engineering"}, {"dev", "development"}, {"ctr", "center"}, {"centre", "center"},
  {"sys", "systems"}, {"system", "systems"}, {"solns", "solutions"}, {"soln", "solutions"},
  {"solution", "solutions"}, {"amer", "american"}, {"dept", "department"}, {"mktg", "marketing"},
  {"comms", "communications"}, {"comm", "communications"}, {"pharma", "pharmaceuticals"},
  {"pharm", "pharmaceuticals"}, {"labs", "laboratories"}, {"lab", "laboratories"},
  {"laboratory", "laboratories"}, {"dist", "distribution"}, {"elec", "electric"}, {"chem", "chemical"},
  {"ins", "insurance"}, {"fin", "financial"}, {"cons", "consulting"}, {"ent", "enterprises"},
  {"enterprise", "enterprises"}, {"mach", "machines"}, {"machine", "machines"}, {"prod", "products"},
  {"product", "products"}, {"equip", "equipment"}, {"invest", "investments"},
  {"investment", "investments"}, {"partner", "partners"}, {"ptnrs", "partners"},
};

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
    for (gsize i = 0; i < G_N_ELEMENTS(abbreviations); i++)
      g_hash_table_insert(t, (gpointer)abbreviations[i].from, (gpointer)abbreviations[i].to);
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
    for (guint f = 0; f < G_N_ELEMENTS(legal_forms); f++) {
      const char *sp = strrchr(legal_forms[f].form, ' ');
      const char *last = sp ? sp + 1 : legal_forms[f].form;
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
      guint k = ends_with_form(&e, n, legal_forms[f].form);
      if (k) {
        if (!legal)
          legal = legal_forms[f].canonical;
        n -= k;
        again = TRUE;
        break;
      }
    }
  }
  for (guint i = 0; i < n; i++) {
    if (i)
      g_string_append_c(out, ' ');
    g_string_append(out, token(&e, i));
  }
  return legal;
}
