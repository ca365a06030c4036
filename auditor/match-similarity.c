/* Record matching, similarity: how two names compare and how a candidate
 * pair scores from its name and the other signals (match.h). */
#include "match-internal.h"

#include <string.h>

/* ---- scoring ---- */

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), on at most 64 bytes of each: Hyyrö's bit-parallel
 * algorithm (2003), one pass over b with a's positions as bits of one 64-bit
 * word, the same distance as the dynamic programme in O(|b|). */
static guint osa_distance(const char *a, gsize la, const char *b, gsize lb)
{
  la = MIN(la, 64);
  lb = MIN(lb, 64);
  if (!la)
    return (guint)lb;
  /* peq[c]: the positions of c in a, valid only for the characters of a (in[] says which) */
  guint64 peq[256], in[4] = {0};
  for (gsize i = 0; i < la; i++)
    peq[(guchar)a[i]] = 0;
  for (gsize i = 0; i < la; i++) {
    guchar c = (guchar)a[i];
    peq[c] |= (guint64)1 << i;
    in[c >> 6] |= (guint64)1 << (c & 63);
  }
  guint64 vp = ~(guint64)0, vn = 0, d0 = 0, pm_old = 0, last = (guint64)1 << (la - 1);
  guint dist = (guint)la;
  for (gsize j = 0; j < lb; j++) {
    guchar c = (guchar)b[j];
    guint64 pm = (in[c >> 6] >> (c & 63)) & 1 ? peq[c] : 0;
    guint64 tr = (((~d0) & pm) << 1) & pm_old;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr;
    guint64 hp = vn | ~(d0 | vp), hn = d0 & vp;
    if (hp & last)
      dist++;
    else if (hn & last)
      dist--;
    guint64 x = (hp << 1) | 1;
    vn = x & d0;
    vp = (hn << 1) | ~(x | d0);
    pm_old = pm;
  }
  return dist;
}

/* s split at each space as g_strsplit(s, " ", -1) splits it (empty words
 * kept, none for ""), into buf (strlen(s) + 1 bytes) and words (strlen(s) + 2
 * slots); NULL-terminated. */
static char **split_words(const char *s, char *buf, char **words)
{
  guint n = 0;
  if (*s) {
    strcpy(buf, s);
    words[n++] = buf;
    for (char *p = buf; *p; p++)
      if (*p == ' ') {
        *p = 0;
        words[n++] = p + 1;
      }
  }
  words[n] = NULL;
  return words;
}

static gboolean words_contained(char **small, char **big)
{
  guint n = 0;
  for (guint i = 0; small[i]; i++) {
    if (!g_strv_contains((const char *const *)big, small[i]))
      return FALSE;
    if (strlen(small[i]) >= 3)
      n++;
  }
  return n > 0;
}

/* Is a (one word) the initials of b's words (and, of, the left out)? */
static gboolean is_acronym(const char *a, char **bw)
{
  gsize la = strlen(a);
  if (strchr(a, ' ') || la < 2 || la > 6)
    return FALSE;
  char init[16];
  gsize n = 0;
  for (guint i = 0; bw[i] && n < sizeof init - 1; i++) {
    if (!strcmp(bw[i], "and") || !strcmp(bw[i], "of") || !strcmp(bw[i], "the"))
      continue;
    init[n++] = bw[i][0];
  }
  init[n] = 0;
  return n >= 2 && n == la && memcmp(init, a, n) == 0;
}

/* Do a and b hold the same digits in the same order (none for both counts)? */
static gboolean same_digits(const char *a, const char *b)
{
  for (;;) {
    while (*a && !g_ascii_isdigit(*a))
      a++;
    while (*b && !g_ascii_isdigit(*b))
      b++;
    if (*a != *b)
      return FALSE;
    if (!*a)
      return TRUE;
    a++;
    b++;
  }
}

/* Does word w match word v: the same, or one a prefix of the other of 4
 * letters at least (konink, koninklijke)? Words with digits only the same. */
static gboolean words_match(const char *w, gsize lw, const char *v, gsize lv)
{
  if (lw == lv)
    return memcmp(w, v, lw) == 0;
  gsize l = MIN(lw, lv);
  if (l < 4 || memcmp(w, v, l) != 0)
    return FALSE;
  for (gsize i = 0; i < MAX(lw, lv); i++)
    if (g_ascii_isdigit((lw > lv ? w : v)[i]))
      return FALSE;
  return TRUE;
}

typedef struct {
  const char *w[32];
  gsize len[32];
  guint n;
} Words;

static void words_split(const char *s, Words *out)
{
  out->n = 0;
  while (*s && out->n < G_N_ELEMENTS(out->w)) {
    gsize l = strcspn(s, " ");
    if (l) {
      out->w[out->n] = s;
      out->len[out->n++] = l;
    }
    s += l;
    while (*s == ' ')
      s++;
  }
}

/* The weight of the smaller name's words matched in the larger (each word of
 * the larger used once) over the smaller's weight; a word weighs its length. */
static double word_containment(const Words *small, const Words *big, guint *matched)
{
  gboolean used[32] = {FALSE};
  double shared = 0, total = 0;
  *matched = 0;
  for (guint i = 0; i < small->n; i++) {
    total += (double)small->len[i];
    /* a field cut short ends in a piece of a word: the last word may be a prefix of two letters (KONINKLIJKE
     * VANDERMOLEN RO, Royal Vandermolen) */
    gboolean cut = i + 1 == small->n && small->len[i] >= 2 && small->len[i] < 4;
    for (guint j = 0; j < big->n; j++)
      if (!used[j] && (words_match(small->w[i], small->len[i], big->w[j], big->len[j]) ||
                       (cut && small->len[i] < big->len[j] && memcmp(small->w[i], big->w[j], small->len[i]) == 0 &&
                        !g_ascii_isdigit(small->w[i][0])))) {
        used[j] = TRUE;
        shared += (double)small->len[i];
        (*matched)++;
        break;
      }
  }
  return total > 0 ? shared / total : 0;
}

double audit_name_word_overlap(const char *a, const char *b)
{
  Words wa, wb;
  words_split(a, &wa);
  words_split(b, &wb);
  if (!wa.n || !wb.n)
    return 0;
  const Words *small = wa.n <= wb.n ? &wa : &wb, *big = wa.n <= wb.n ? &wb : &wa;
  guint matched;
  double c = word_containment(small, big, &matched);
  /* each word of the larger name beyond the smaller's costs a tenth */
  return c * (1.0 - 0.1 * (double)(big->n - small->n));
}

double audit_name_similarity(const char *a, const char *b, gboolean acronym_ok, const char **rule)
{
  const char *dummy;
  if (!rule)
    rule = &dummy;
  if (!*a || !*b) {
    *rule = "a blank name";
    return 0;
  }
  if (strcmp(a, b) == 0) {
    *rule = "same name";
    return 1;
  }
  /* names are short: the working copies on the stack, a long one on the heap */
  gsize sa = strlen(a), sb = strlen(b);
  char fa_buf[256], fb_buf[256], wa_buf[256], wb_buf[256];
  char *wa_v[G_N_ELEMENTS(wa_buf) + 1], *wb_v[G_N_ELEMENTS(wb_buf) + 1];
  g_autofree char *fa_heap = sa < sizeof fa_buf ? NULL : g_malloc(sa + 1);
  g_autofree char *fb_heap = sb < sizeof fb_buf ? NULL : g_malloc(sb + 1);
  char *fa = fa_heap ? fa_heap : fa_buf, *fb = fb_heap ? fb_heap : fb_buf;
  match_strip_spaces(a, fa);
  match_strip_spaces(b, fb);
  if (strcmp(fa, fb) == 0) {
    *rule = "same name but for spaces";
    return 1;
  }
  gsize la = strlen(fa), lb = strlen(fb);
  /* names that differ in their digits are two stores, branches or sites (store 12, store 13; XX-AAA-1234567),
   * never a typo of each other */
  guint dist = same_digits(fa, fb) ? osa_distance(fa, la, fb, lb) : G_MAXUINT / 2;
  /* Edits apart: one edit is a typo or another company one letter away
   * (Lumentop, Lumenton): it needs a strong second signal (the phone
   * or the domain). Two edits need the domain. */
  gsize longest = MAX(MIN(la, 64), MIN(lb, 64));
  double best = dist == 1 && longest >= 5 ? 0.78
                : dist == 2 && longest >= 10 ? 0.75
                                             : MIN(0.7, 1.0 - (double)dist / (double)longest);
  *rule = dist == 1 ? "one letter apart" : dist == 2 ? "two letters apart" : "different names";
  if (dist > 2 && !same_digits(fa, fb)) {
    best = 0;
    *rule = "different numbers";
  }
  g_auto(GStrv) aw_heap = sa < sizeof wa_buf ? NULL : g_strsplit(a, " ", -1);
  g_auto(GStrv) bw_heap = sb < sizeof wb_buf ? NULL : g_strsplit(b, " ", -1);
  char **aw = aw_heap ? aw_heap : split_words(a, wa_buf, wa_v), **bw = bw_heap ? bw_heap : split_words(b, wb_buf, wb_v);
  guint na = g_strv_length(aw), nb = g_strv_length(bw);
  gboolean acronym = is_acronym(a, bw) || is_acronym(b, aw); /* before the words are sorted */
  if (na == nb && na > 1) {
    qsort(aw, na, sizeof *aw, match_compare_str);
    qsort(bw, nb, sizeof *bw, match_compare_str);
    gboolean same = TRUE;
    for (guint i = 0; i < na; i++)
      same = same && strcmp(aw[i], bw[i]) == 0;
    if (same) {
      *rule = "same words in another order";
      return 1;
    }
  }
  if (best < 0.8 && na != nb && words_contained(na < nb ? aw : bw, na < nb ? bw : aw)) {
    best = 0.8;
    *rule = "one name's words all in the other";
  }
  if (best < 0.9 && same_digits(fa, fb)) {
    /* many spellings of one company, names only: the words shared, some cut short (KONINK PHILIPS
     * ELECTRONICS, Koninklijke Philips Electronics N.V.), or all of a name of two words or more in the
     * other with one word more (PHILIPS ELECTRONICS) */
    Words wa, wb;
    words_split(a, &wa);
    words_split(b, &wb);
    const Words *small = wa.n <= wb.n ? &wa : &wb, *big = wa.n <= wb.n ? &wb : &wa;
    guint matched = 0;
    double c = small->n >= 2 ? word_containment(small, big, &matched) : 0;
    if (c >= 1.0 && big->n == small->n) {
      best = 0.9;
      *rule = "the same words, some shortened";
    } else if (c >= 1.0 && big->n == small->n + 1 && best < 0.86) {
      best = 0.86;
      *rule = "one name's words all in the other";
    }
  }
  double acr = acronym_ok ? 0.9 : 0.5;
  if (best < acr && acronym) {
    best = acr;
    *rule = "an acronym of the other";
  }
  return best < 0 ? 0 : best;
}

/* Where a legal form is used (ISO codes, space-separated); NULL: anywhere
 * ("Co", "& Co") or not known. */
static const char *legal_countries(const char *legal)
{
  static const struct {
    const char *legal, *countries;
  } table[] = {
    {"inc", "US CA PH"}, {"corp", "US CA PH"}, {"llc", "US"}, {"pllc", "US"}, {"pc", "US"},
    {"lp", "US CA GB"}, {"llp", "GB US IN"}, {"ltd", "GB IE NZ IN CA HK SG IL ZA AU JP"}, {"plc", "GB IE"},
    {"gmbh", "DE AT CH"}, {"ag", "DE AT CH"}, {"kg", "DE AT"}, {"kgaa", "DE"}, {"ohg", "DE"}, {"ug", "DE"},
    {"gmbh & co kg", "DE AT"}, {"ag & co kg", "DE"}, {"sa", "FR BE CH ES LU PL BR MX PT AR"},
    {"sas", "FR"}, {"sarl", "FR BE CH LU"}, {"eurl", "FR"}, {"bv", "NL BE"}, {"nv", "NL BE"},
    {"spa", "IT"}, {"srl", "IT BE AR"}, {"sl", "ES"}, {"ab", "SE FI"}, {"as", "NO DK"}, {"asa", "NO"},
    {"aps", "DK"}, {"oy", "FI"}, {"pty ltd", "AU ZA"}, {"pty", "AU ZA"}, {"pte ltd", "SG"}, {"pte", "SG"},
    {"pvt ltd", "IN"}, {"pvt", "IN"}, {"kk", "JP"}, {"gk", "JP"}, {"co ltd", "JP KR CN TH"},
    {"ltda", "BR CO PT"}, {"sa de cv", "MX"}, {"sp z oo", "PL"}, {"dac", "IE"}, {"sdn bhd", "MY"},
  };
  if (!legal)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(table); i++)
    if (strcmp(table[i].legal, legal) == 0)
      return table[i].countries;
  return NULL;
}

static gboolean used_in(const char *countries, const char *iso)
{
  for (const char *p = countries; *p; p += (p[2] ? 3 : 2))
    if (p[0] == iso[0] && p[1] == iso[1])
      return TRUE;
  return FALSE;
}

/* Do the two records' legal forms put them in different jurisdictions,
 * compared with each other (a GmbH is not an Inc.), or one's legal form with
 * the other's country when it has none of its own (Acme GmbH, no country,
 * and Acme in the US)? A record's form is never held against its own
 * country: two "Acme GmbH" in Boston are one company. */
static gboolean jurisdictions_differ(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  const char *lx = legal_countries(x->legal), *ly = legal_countries(y->legal);
  if (lx && !x->country && y->country && !used_in(lx, y->country))
    return TRUE;
  if (ly && !y->country && x->country && !used_in(ly, x->country))
    return TRUE;
  if (lx && ly) {
    for (const char *p = lx; *p; p += (p[2] ? 3 : 2)) {
      char iso[3] = {p[0], p[1], 0};
      if (used_in(ly, iso))
        return FALSE;
    }
    return TRUE;
  }
  return FALSE;
}

/* Is one city the other with words added at the end or the start (new york,
 * new york city; manhattan is not found this way)? */
static gboolean city_within(const char *a, const char *b)
{
  gsize la = strlen(a), lb = strlen(b);
  const char *s = la < lb ? a : b, *l = la < lb ? b : a;
  gsize ls = MIN(la, lb), ll = MAX(la, lb);
  if (ls < 3 || ls == ll)
    return FALSE;
  return (strncmp(l, s, ls) == 0 && l[ls] == ' ') || (strcmp(l + ll - ls, s) == 0 && l[ll - ls - 1] == ' ');
}

/* Are x and y at one place: one city (or a neighbourhood and its city), or one postal code? */
static gboolean same_place(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  return (x->city && y->city && (strcmp(x->city, y->city) == 0 || city_within(x->city, y->city))) ||
         (x->postal && y->postal && strcmp(x->postal, y->postal) == 0);
}

/* Do two values conflict: both given and different? */
static gboolean values_conflict(const char *a, const char *b)
{
  return a && b && strcmp(a, b) != 0;
}

gboolean audit_match_same_site(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  if (!x->address || !y->address || strcmp(x->address, y->address) != 0)
    return FALSE;
  /* one address under two city names (a neighbourhood and its city, "NYC"): the same site unless the
   * postal codes or the countries say otherwise (12 High Street in two towns has two postal codes) */
  return same_place(x, y) || (!values_conflict(x->postal, y->postal) && !values_conflict(x->country, y->country));
}

gboolean audit_match_sites_differ(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  /* a name with a legal form names the legal entity, one per name and place whatever address it was typed
   * with; a site is named by its brand alone */
  return x->address && y->address && !x->legal && !y->legal && strcmp(x->address, y->address) != 0;
}

static guint sig_index(guint bit)
{
  guint i = 0;
  while (bit > 1) {
    bit >>= 1;
    i++;
  }
  return i;
}

/* A signal agrees (w > 0) or conflicts (w <= 0: listed even when it weighs nothing). */
static void pair_signal(AuditPairScore *out, guint bit, double w, gboolean conflict)
{
  if (conflict)
    out->conflicts |= bit;
  else
    out->matched |= bit;
  out->weight[sig_index(bit)] += w;
}

void audit_match_score(const AuditMatchSet *s, guint a, guint b, AuditPairScore *out)
{
  const AuditMatchRecord *x = &s->rec[a], *y = &s->rec[b];
  memset(out, 0, sizeof *out);
  gboolean same_tree = x->root >= 0 && x->root == y->root;
  gboolean domain_eq = x->domain && x->domain == y->domain;
  gboolean domain_ne = x->domain && y->domain && x->domain != y->domain;
  /* a domain a few unrelated accounts share says less (audit_value_weight); only a rare one makes a rename */
  double domain_w = domain_eq ? audit_value_weight(x->domain_n, s->n) : 0;
  gboolean domain_rare = domain_eq && domain_w >= 1;
  out->name = audit_name_similarity(x->name, y->name, domain_rare && !same_tree, &out->rule);
  if (!*x->name && x->common_name && y->common_name && strcmp(x->common_name, y->common_name) == 0 &&
      audit_match_same_site(x, y)) {
    /* a name many records hold (a chain's sites) names no record alone; with one street address it names a
     * site */
    out->name = 1;
    out->rule = "same name, held by many, at one street address";
  }
  if (out->name >= 0.8 && out->name < 0.9 && x->legal && y->legal && strcmp(x->legal, y->legal) == 0 &&
      strstr(out->rule, "all in the other")) {
    /* a short name and a long one of one legal form (Vandermolen N.V., Koninklijke Vandermolen Elektronica
     * N.V.): one entity's names; another form (Vandermolen Transport B.V.) or none says nothing */
    out->name += 0.05;
    out->rule = "one name's words all in the other, one legal form";
  }
  double score = out->name;
  if (out->name >= 0.75)
    pair_signal(out, AUDIT_SIG_NAME, out->name, FALSE);
  if (domain_eq) {
    if (same_tree) {
      pair_signal(out, AUDIT_SIG_HIERARCHY, 0, FALSE); /* the hierarchy explains the shared domain */
    } else {
      /* the same website with another name is a rename or an acronym; not two names at two street addresses
       * (sister companies under one group's website) */
      double before = score;
      gboolean two_addresses = x->address && y->address && strcmp(x->address, y->address) != 0;
      score = domain_rare && !(two_addresses && out->name < 0.75) ? MAX(score, 0.75) + 0.10
                                                                   : score + 0.10 * domain_w;
      pair_signal(out, AUDIT_SIG_DOMAIN, score - before, FALSE);
    }
  }
  if (domain_ne) {
    pair_signal(out, AUDIT_SIG_DOMAIN, -0.20, TRUE);
    score -= 0.20;
  }
  if (x->phone && y->phone && strcmp(x->phone, y->phone) == 0) {
    /* a phone many share says little (term frequency); a placeholder one was left out */
    double w = 0.10 * audit_value_weight(MAX(x->phone_n, y->phone_n), s->n);
    pair_signal(out, AUDIT_SIG_PHONE, w, FALSE);
    score += w;
  }
  /* a street address is a site in its city: compared within one city (or a neighbourhood and its city) or
   * one postal code */
  /* cities and postal codes are interned in the set's chunk (g_string_chunk_insert_const): the same text is the
   * same pointer, compared without reading either */
  gboolean city_eq = x->city && x->city == y->city, postal_eq = x->postal && x->postal == y->postal;
  gboolean city_in = x->city && y->city && !city_eq && city_within(x->city, y->city);
  if (x->address && y->address) {
    if (audit_match_same_site(x, y)) {
      /* one building holds many companies: the address supports a name that is alike, it makes no match of
       * different names */
      double w = out->name < 0.78 ? 0 : 0.10 * audit_value_weight(MAX(x->address_n, y->address_n), s->n);
      pair_signal(out, AUDIT_SIG_STREET, w, FALSE);
      score += w;
    } else if (audit_match_sites_differ(x, y)) {
      /* another house number or another street in one place: another site of one organisation, not a
       * duplicate (a hierarchy, at most), whatever else they share: weighed at the end */
      out->conflicts |= AUDIT_SIG_STREET;
    }
  }
  if (postal_eq) {
    pair_signal(out, AUDIT_SIG_POSTAL, 0.04, FALSE);
    score += 0.04;
  }
  if (x->city && y->city) {
    if (city_eq) {
      pair_signal(out, AUDIT_SIG_CITY, 0.02, FALSE);
      score += 0.02;
    } else if (!city_in) {
      /* branches have other cities, but the same name in another city with nothing else shared (website,
       * phone, street) is as often another company; with the same phone or street address, one of the
       * cities is the other's neighbourhood or district */
      double w = (out->matched & (AUDIT_SIG_PHONE | AUDIT_SIG_STREET))  ? 0
                 : (out->matched & AUDIT_SIG_DOMAIN)                    ? -0.10
                                                                        : -0.20;
      pair_signal(out, AUDIT_SIG_CITY, w, TRUE);
      score += w;
    }
  }
  /* another country: by the billing country, else by the phone's calling code, or
   * legal forms of different jurisdictions (a GmbH is not an Inc.) */
  if ((x->country && y->country && strcmp(x->country, y->country) != 0) ||
      ((!x->country || !y->country) && x->calling && y->calling && strcmp(x->calling, y->calling) != 0) ||
      jurisdictions_differ(x, y)) {
    /* another country and another website: separate legal entities */
    double w = domain_ne ? -score : -0.20;
    pair_signal(out, AUDIT_SIG_COUNTRY, w, TRUE);
    score += w;
  }
  if (out->conflicts & AUDIT_SIG_STREET) {
    /* another site: at most half a match, however much else the two share (a chain's phone and website) */
    double w = -MAX(0.30, score - 0.5);
    out->weight[sig_index(AUDIT_SIG_STREET)] = w;
    score += w;
  }
  out->score = CLAMP(score, 0.0, 1.0);
}

void audit_match_signals_text(guint signals, GString *out)
{
  static const char *const names[] = {"name",    "domain",    "phone",         "postal code",
                                      "city",    "country",   "hierarchy",     "street address"};
  gboolean first = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (signals & (1u << i)) {
      if (!first)
        g_string_append(out, ", ");
      g_string_append(out, names[i]);
      first = FALSE;
    }
}
