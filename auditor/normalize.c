#include "normalize.h"
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static gboolean is_ws(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, gsize *len)
{
  while (*len > 0 && is_ws(**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && is_ws((*s)[*len - 1]))
    (*len)--;
}

gboolean audit_is_blank(const char *s)
{
  for (; *s; s++)
    if (!is_ws(*s))
      return FALSE;
  return TRUE;
}

gboolean audit_id_is_salesforce(const char *id, gsize len)
{
  if (len != 15)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum(id[i]))
      return FALSE;
  return TRUE;
}

/* The 5 case bits an 18-character Id's suffix character encodes, -1 if none. */
static int suffix_bits(char c)
{
  c = g_ascii_toupper(c);
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= '0' && c <= '5')
    return 26 + (c - '0');
  return -1;
}

gsize audit_id_normalize(const char *s, gsize len, char *out)
{
  trim(&s, &len);
  gboolean eighteen = FALSE;
  if (len == 18) {
    gboolean alnum = TRUE;
    for (gsize i = 0; i < 18 && alnum; i++)
      alnum = g_ascii_isalnum(s[i]);
    if (alnum) {
      len = 15;
      eighteen = TRUE;
    }
  }
  if (len == 15 && memcmp(s, "000000000000000", 15) == 0)
    return 0;
  memcpy(out, s, len);
  if (eighteen) {
    /* The suffix records which of the 15 characters are capitals, so that
     * the 18-character form survives tools that change case (a spreadsheet's
     * UPPER, a case-insensitive database): restore the case from it. */
    int bits[3];
    for (int k = 0; k < 3; k++)
      if ((bits[k] = suffix_bits(s[15 + k])) < 0)
        return len;
    for (int i = 0; i < 15; i++)
      if (g_ascii_isalpha(out[i]))
        out[i] = (bits[i / 5] >> (i % 5)) & 1 ? g_ascii_toupper(out[i]) : g_ascii_tolower(out[i]);
  }
  return len;
}

/* Howard Hinnant's days_from_civil. */
gint32 audit_days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int)doe - 719468;
}

void audit_civil_from_days(gint32 z, int *y, int *m, int *d)
{
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)yoe + era * 400 + (*m <= 2);
}

void audit_day_format(gint32 day, char out[11])
{
  int y, m, d;
  audit_civil_from_days(day, &y, &m, &d);
  g_snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static gboolean digits(const char *s, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!g_ascii_isdigit(s[i]))
      return FALSE;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return TRUE;
}

static int days_in_month(int y, int m)
{
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

gboolean audit_parse_day(const char *s, gsize len, gboolean date_only, gint32 *day)
{
  int y, mo, d;
  trim(&s, &len);
  if (len < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
      !digits(s + 8, 2, &d))
    return FALSE;
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
    return FALSE;
  gint64 secs = 0;
  if (len > 10) {
    if (date_only)
      return FALSE;
    /* time: [T ]HH:MM[:SS[.fff]] then Z, +HHMM, +HH:MM, -HHMM or nothing */
    const char *p = s + 10, *end = s + len;
    int hh, mm, ss = 0;
    if (*p != 'T' && *p != ' ')
      return FALSE;
    p++;
    if (end - p < 5 || !digits(p, 2, &hh) || p[2] != ':' || !digits(p + 3, 2, &mm))
      return FALSE;
    p += 5;
    if (p < end && *p == ':') {
      if (end - p < 3 || !digits(p + 1, 2, &ss))
        return FALSE;
      p += 3;
      if (p < end && *p == '.') {
        p++;
        const char *f = p;
        while (p < end && g_ascii_isdigit(*p))
          p++;
        if (p == f)
          return FALSE;
      }
    }
    if (hh > 23 || mm > 59 || ss > 60)
      return FALSE;
    secs = hh * 3600 + mm * 60 + ss;
    if (p < end) {
      if (*p == 'Z' && p + 1 == end) {
        /* UTC */
      } else if (*p == '+' || *p == '-') {
        int oh, om;
        int sign = *p == '+' ? 1 : -1;
        p++;
        if (end - p == 4 && digits(p, 2, &oh) && digits(p + 2, 2, &om)) {
        } else if (end - p == 5 && digits(p, 2, &oh) && p[2] == ':' && digits(p + 3, 2, &om)) {
        } else if (end - p == 2 && digits(p, 2, &oh)) {
          om = 0;
        } else
          return FALSE;
        if (oh > 14 || om > 59)
          return FALSE;
        secs -= sign * (oh * 3600 + om * 60);
      } else
        return FALSE;
    }
  }
  gint32 base = audit_days_from_civil(y, mo, d);
  /* floor division of secs by a day */
  gint64 shift = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  *day = base + (gint32)shift;
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

/* ---- title → buying role ---- */

typedef struct {
  char *role;
  char **patterns;  /* canonical, " word word " */
  char **originals; /* as configured */
} RoleRule;

struct AuditRoleMap {
  GArray *rules; /* RoleRule */
};

/* Abbreviations written out, so that "CFO", "C.F.O." and "Chief Financial
 * Officer", or "VP" and "Vice President", read the same on both sides. */
static const struct {
  const char *word, *full;
} title_abbrevs[] = {
  {"ceo", "chief executive officer"},
  {"cfo", "chief financial officer"},
  {"cto", "chief technology officer"},
  {"cio", "chief information officer"},
  {"ciso", "chief information security officer"},
  {"coo", "chief operating officer"},
  {"cmo", "chief marketing officer"},
  {"cro", "chief revenue officer"},
  {"chro", "chief human resources officer"},
  {"vp", "vice president"},
  {"svp", "senior vice president"},
  {"evp", "executive vice president"},
  {"avp", "assistant vice president"},
  {"md", "managing director"},
  {"gm", "general manager"},
  {"sr", "senior"},
  {"snr", "senior"},
  {"jr", "junior"},
  {"mgr", "manager"},
  {"mngr", "manager"},
  {"dir", "director"},
  {"engr", "engineer"},
  {"exec", "executive"},
  {"admin", "administrator"},
  {"sysadmin", "system administrator"},
  {"ops", "operations"},
  {"info", "information"},
  {"infosec", "information security"},
  {"cofounder", "co founder"},
  {"technical", "technology"}, /* "Chief Technical Officer" is the CTO */
};

/* Words that only join others: dropped, so that "VP of Finance" reads as
 * "VP Finance" and "Head of IT" as "Head IT" (on both sides). */
static const char *const title_stopwords[] = {"of", "the", "and", "for", "de", "du", "des", NULL};

/* Words that mark a person no longer in the role ("Former CTO"). */
static const char *const title_gone[] = {"former", "formerly", "ex", "retired", "previously", "emeritus", NULL};

static gboolean word_in(const char *w, gsize len, const char *const *list)
{
  for (guint i = 0; list[i]; i++)
    if (strlen(list[i]) == len && memcmp(w, list[i], len) == 0)
      return TRUE;
  return FALSE;
}

/* The canonical form of a title or pattern: ASCII (accents folded), lower
 * case, words separated by one space with a space at each end (" word "
 * finds whole words), runs of single letters joined ("V.P." → "vp"),
 * abbreviations written out and joining words dropped. For a title
 * (is_title), "to" and what follows is cut ("Assistant to the CFO" is an
 * assistant), and *gone tells whether it marks a former holder. */
static char *title_canon(const char *s, gboolean is_title, gboolean *gone)
{
  s = s ? s : "";
  gboolean plain = TRUE; /* ASCII already: no transliteration (most titles) */
  for (const char *p = s; *p && plain; p++)
    plain = (guchar)*p < 0x80;
  g_autofree char *ascii = plain ? g_strdup(s) : g_str_to_ascii(s, "C");
  /* split into words */
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = ascii; *p;) {
    while (*p && !g_ascii_isalnum(*p))
      p++;
    const char *w = p;
    while (g_ascii_isalnum(*p))
      p++;
    if (p > w)
      g_ptr_array_add(words, g_ascii_strdown(w, p - w));
  }
  if (gone)
    *gone = FALSE;
  GString *out = g_string_new(" ");
  GString *letters = g_string_new(NULL); /* a run of single letters */
  for (guint i = 0; i <= words->len; i++) {
    const char *w = i < words->len ? words->pdata[i] : NULL;
    if (w && strlen(w) == 1 && g_ascii_isalpha(w[0])) {
      g_string_append(letters, w);
      continue;
    }
    /* flush a run of single letters as one word (or as the letter itself) */
    const char *pending[2] = {letters->len ? letters->str : NULL, w};
    gboolean stop = FALSE;
    for (guint k = 0; k < 2 && !stop; k++) {
      const char *x = pending[k];
      if (!x)
        continue;
      gsize len = strlen(x);
      if (is_title && strcmp(x, "to") == 0 && out->len > 1 && i < words->len &&
          !(i + 1 < words->len && strcmp(words->pdata[i + 1], "market") == 0)) {
        stop = TRUE; /* "Assistant to the CFO", not "Go to Market" */
        break;
      }
      if (word_in(x, len, title_stopwords))
        continue;
      if (gone && word_in(x, len, title_gone))
        *gone = TRUE;
      const char *full = x;
      for (guint a = 0; a < G_N_ELEMENTS(title_abbrevs); a++)
        if (strcmp(x, title_abbrevs[a].word) == 0) {
          full = title_abbrevs[a].full;
          break;
        }
      g_string_append(out, full);
      g_string_append_c(out, ' ');
    }
    g_string_truncate(letters, 0);
    if (stop)
      break;
  }
  g_string_free(letters, TRUE);
  g_ptr_array_free(words, TRUE);
  return g_string_free(out, FALSE);
}

/* The word before position at in a canonical " w1 w2 " string (at points
 * at the space before a word), or "" at the start. */
static void word_before(const char *t, const char *at, const char **w, gsize *len)
{
  const char *end = at;
  const char *start = end;
  while (start > t && start[-1] != ' ')
    start--;
  *w = start;
  *len = (gsize)(end - start);
}

/* Does the canonical pattern occur in the canonical title as whole words, in
 * a place where it means what it says? Not after "vice" ("President" is not
 * the Vice President), and "owner" not as a product, process or data owner. */
static gboolean title_has(const char *t, const char *pat)
{
  static const char *const owner_of[] = {"product", "process", "data", "service", "system", "application",
                                         "account", "content", "release", NULL};
  gboolean pat_vice = g_str_has_prefix(pat, " vice ");
  gboolean pat_owner = g_str_has_prefix(pat, " owner ");
  for (const char *at = strstr(t, pat); at; at = strstr(at + 1, pat)) {
    const char *w;
    gsize len;
    word_before(t, at, &w, &len);
    if (!pat_vice && len == 4 && memcmp(w, "vice", 4) == 0)
      continue;
    if (pat_owner && word_in(w, len, owner_of))
      continue;
    return TRUE;
  }
  return FALSE;
}

static void rule_clear(gpointer p)
{
  RoleRule *r = p;
  g_free(r->role);
  g_strfreev(r->patterns);
  g_strfreev(r->originals);
}

AuditRoleMap *audit_role_map_new(void)
{
  AuditRoleMap *m = g_new0(AuditRoleMap, 1);
  m->rules = g_array_new(FALSE, FALSE, sizeof(RoleRule));
  g_array_set_clear_func(m->rules, rule_clear);
  return m;
}

void audit_role_map_add(AuditRoleMap *map, const char *role, const char *const *patterns)
{
  RoleRule r = {g_strdup(role), NULL, g_strdupv((char **)patterns)};
  GPtrArray *ps = g_ptr_array_new();
  for (guint i = 0; patterns[i]; i++) {
    char *f = title_canon(patterns[i], FALSE, NULL);
    if (strlen(f) > 1)
      g_ptr_array_add(ps, f);
    else
      g_free(f);
  }
  g_ptr_array_add(ps, NULL);
  r.patterns = (char **)g_ptr_array_free(ps, FALSE);
  g_array_append_val(map->rules, r);
}

/* The catalogue's default mapping (CHECKS.md), most specific first: Security
 * before Technical Buyer (a security engineer, the CISO), the functions
 * before Influencer (anyone else senior). */
AuditRoleMap *audit_role_map_new_default(void)
{
  static const char *const economic[] = {"cfo", "vp finance", "finance director", "director of finance",
                                         "head of finance", "finance vp", "controller", "treasurer", "ceo",
                                         "owner", "president", "managing director", "founder",
                                         "directeur general", "geschaftsfuhrer", NULL};
  static const char *const security[] = {"ciso", "security", "information security", NULL};
  static const char *const procurement[] = {"procurement", "purchasing", "buyer", "sourcing", "category manager",
                                            "vendor management", NULL};
  static const char *const legal[] = {"counsel", "legal", "lawyer", "attorney", "solicitor", "contract manager",
                                      "contracts manager", NULL};
  static const char *const technical[] = {"cto", "cio", "it director", "director of it", "head of it", "vp it",
                                          "it manager", "vp engineering", "head of engineering",
                                          "director of engineering", "engineering manager", "vp technology",
                                          "head of technology", "architect", "engineer", "developer", "devops",
                                          "system administrator", "systems administrator", NULL};
  static const char *const influencer[] = {"vp", "director", "head", "chief", "principal", "general manager",
                                           "chairman", "chairwoman", NULL};
  AuditRoleMap *m = audit_role_map_new();
  audit_role_map_add(m, "Economic Buyer", economic);
  audit_role_map_add(m, "Security", security);
  audit_role_map_add(m, "Procurement", procurement);
  audit_role_map_add(m, "Legal", legal);
  audit_role_map_add(m, "Technical Buyer", technical);
  audit_role_map_add(m, "Influencer", influencer);
  return m;
}

const char *audit_role_map_lookup(const AuditRoleMap *map, const char *title)
{
  if (!title || audit_is_blank(title))
    return NULL;
  gboolean gone;
  g_autofree char *t = title_canon(title, TRUE, &gone);
  if (gone)
    return NULL; /* a former holder has no buying role */
  for (guint i = 0; i < map->rules->len; i++) {
    const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
    for (char **p = r->patterns; *p; p++)
      if (title_has(t, *p))
        return r->role;
  }
  return NULL;
}

AuditSeniority audit_title_seniority(const char *title)
{
  if (!title || audit_is_blank(title))
    return AUDIT_SENIORITY_NONE;
  g_autofree char *t = title_canon(title, TRUE, NULL);
  if (strstr(t, " chief staff ") || strstr(t, " general counsel "))
    return AUDIT_SENIORITY_VP;
  static const char *const c_level[] = {" chief ", " president ", " founder ", " owner ", " managing director ",
                                        " chairman ", " chairwoman ", " chairperson ", " directeur general ",
                                        " geschaftsfuhrer ", NULL};
  for (guint i = 0; c_level[i]; i++)
    if (title_has(t, c_level[i]))
      return AUDIT_SENIORITY_C_LEVEL;
  if (strstr(t, " vice president "))
    return AUDIT_SENIORITY_VP;
  if (strstr(t, " director ") || strstr(t, " head ") || strstr(t, " general manager "))
    return AUDIT_SENIORITY_DIRECTOR;
  static const char *const manager[] = {" manager ", " supervisor ", " lead ", " foreman ", " controller ", NULL};
  for (guint i = 0; manager[i]; i++)
    if (strstr(t, manager[i]))
      return AUDIT_SENIORITY_MANAGER;
  return AUDIT_SENIORITY_IC;
}

const char *audit_seniority_name(AuditSeniority s)
{
  static const char *const names[] = {"", "Individual contributor", "Manager", "Director", "VP", "C-level"};
  return s < G_N_ELEMENTS(names) ? names[s] : "";
}

guint audit_role_map_size(const AuditRoleMap *map)
{
  return map->rules->len;
}

const char *audit_role_map_role(const AuditRoleMap *map, guint i, const char *const **patterns)
{
  const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
  if (patterns)
    *patterns = (const char *const *)r->originals;
  return r->role;
}

void audit_role_map_free(AuditRoleMap *map)
{
  if (!map)
    return;
  g_array_unref(map->rules);
  g_free(map);
}
