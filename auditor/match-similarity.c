/* Record matching, similarity: how two names compare and how a candidate
 * pair scores from its name and the other signals (match.h). */
#include "match-internal.h"

#include <string.h>

/* ---- scoring ---- */

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), on at most 64 bytes of each. */
static guint osa_distance(const char *a, gsize la, const char *b, gsize lb)
{
  la = MIN(la, 64);
  lb = MIN(lb, 64);
  guint d[65][65];
  for (gsize i = 0; i <= la; i++)
    d[i][0] = (guint)i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = (guint)j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++) {
      guint cost = a[i - 1] != b[j - 1];
      guint v = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);
      v = MIN(v, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = MIN(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  return d[la][lb];
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
  g_autofree char *fa = match_without_spaces(a), *fb = match_without_spaces(b);
  if (strcmp(fa, fb) == 0) {
    *rule = "same name but for spaces";
    return 1;
  }
  gsize la = strlen(fa), lb = strlen(fb);
  guint dist = osa_distance(fa, la, fb, lb);
  /* Edits apart: one edit is a typo or another company one letter away
   * (Lumentop, Lumenton): it needs a strong second signal (the phone
   * or the domain). Two edits need the domain. */
  gsize longest = MAX(MIN(la, 64), MIN(lb, 64));
  double best = dist == 1 && longest >= 5 ? 0.78
                : dist == 2 && longest >= 10 ? 0.75
                                             : MIN(0.7, 1.0 - (double)dist / (double)longest);
  *rule = dist == 1 ? "one letter apart" : dist == 2 ? "two letters apart" : "different names";
  g_auto(GStrv) aw = g_strsplit(a, " ", -1), bw = g_strsplit(b, " ", -1);
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

/* Do the two records' legal forms or countries put them in different
 * jurisdictions (Ltd vs GmbH; Inc in the US vs AB)? */
static gboolean jurisdictions_differ(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  const char *lx = legal_countries(x->legal), *ly = legal_countries(y->legal);
  if (lx && y->country && !used_in(lx, y->country))
    return TRUE;
  if (ly && x->country && !used_in(ly, x->country))
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
  double score = out->name;
  if (out->name >= 0.75)
    out->matched |= AUDIT_SIG_NAME;
  if (domain_eq) {
    if (same_tree) {
      out->matched |= AUDIT_SIG_HIERARCHY; /* the hierarchy explains the shared domain */
    } else {
      out->matched |= AUDIT_SIG_DOMAIN;
      /* the same website with another name is a rename or an acronym */
      score = domain_rare ? MAX(score, 0.75) + 0.10 : score + 0.10 * domain_w;
    }
  }
  if (domain_ne) {
    out->conflicts |= AUDIT_SIG_DOMAIN;
    score -= 0.20;
  }
  if (x->phone && y->phone && strcmp(x->phone, y->phone) == 0) {
    out->matched |= AUDIT_SIG_PHONE;
    score += 0.10 * audit_value_weight(MAX(x->phone_n, y->phone_n), s->n);
  }
  if (x->postal && y->postal && strcmp(x->postal, y->postal) == 0) {
    out->matched |= AUDIT_SIG_POSTAL;
    score += 0.04;
  }
  if (x->city && y->city) {
    if (strcmp(x->city, y->city) == 0) {
      out->matched |= AUDIT_SIG_CITY;
      score += 0.02;
    } else {
      /* branches have other cities, but the same name in another city with
       * nothing else shared (website, phone) is as often another company */
      out->conflicts |= AUDIT_SIG_CITY;
      score -= (out->matched & (AUDIT_SIG_DOMAIN | AUDIT_SIG_PHONE)) ? 0.10 : 0.20;
    }
  }
  /* another country: by the billing country, else by the phone's calling code, or
   * legal forms of different jurisdictions (a GmbH is not an Inc.) */
  if ((x->country && y->country && strcmp(x->country, y->country) != 0) ||
      ((!x->country || !y->country) && x->calling && y->calling && strcmp(x->calling, y->calling) != 0) ||
      jurisdictions_differ(x, y)) {
    out->conflicts |= AUDIT_SIG_COUNTRY;
    score -= 0.20;
    /* another country and another website: separate legal entities */
    if (domain_ne)
      score = 0;
  }
  out->score = CLAMP(score, 0.0, 1.0);
}

void audit_match_signals_text(guint signals, GString *out)
{
  static const char *const names[] = {"name", "domain", "phone", "postal code", "city", "country", "hierarchy"};
  gboolean first = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (signals & (1u << i)) {
      if (!first)
        g_string_append(out, ", ");
      g_string_append(out, names[i]);
      first = FALSE;
    }
}
