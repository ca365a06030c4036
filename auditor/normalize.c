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
  return audit_id_normalize_form(s, len, out, NULL);
}

gsize audit_id_normalize_form(const char *s, gsize len, char *out, gboolean *was_18)
{
  if (was_18)
    *was_18 = FALSE;
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
  if (was_18)
    *was_18 = eighteen;
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

void audit_id_to_18(const char *id, char out[19])
{
  static const char suffix[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  memcpy(out, id, 15);
  for (int k = 0; k < 3; k++) {
    int bits = 0;
    for (int i = 0; i < 5; i++)
      if (id[k * 5 + i] >= 'A' && id[k * 5 + i] <= 'Z')
        bits |= 1 << i;
    out[15 + k] = suffix[bits];
  }
  out[18] = '\0';
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
  char **patterns;  /* folded, " word " */
  char **originals; /* as configured */
} RoleRule;

struct AuditRoleMap {
  GArray *rules; /* RoleRule */
};

/* Lower-case, accents folded, every non-alphanumeric run one space, with a
 * space at each end so that " word " finds whole words. */
static char *fold_words(const char *s)
{
  g_autofree char *ascii = g_str_to_ascii(s, "C");
  GString *out = g_string_new(" ");
  gboolean space = TRUE;
  for (const char *p = ascii; *p; p++) {
    if (g_ascii_isalnum(*p)) {
      g_string_append_c(out, g_ascii_tolower(*p));
      space = FALSE;
    } else if (!space) {
      g_string_append_c(out, ' ');
      space = TRUE;
    }
  }
  if (!space)
    g_string_append_c(out, ' ');
  return g_string_free(out, FALSE);
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
    char *f = fold_words(patterns[i]);
    if (strlen(f) > 1)
      g_ptr_array_add(ps, f);
    else
      g_free(f);
  }
  g_ptr_array_add(ps, NULL);
  r.patterns = (char **)g_ptr_array_free(ps, FALSE);
  g_array_append_val(map->rules, r);
}

/* The catalogue's default mapping (CHECKS.md). */
AuditRoleMap *audit_role_map_new_default(void)
{
  static const char *const economic[] = {"cfo", "chief financial", "vp finance", "vice president finance",
                                         "finance director", "controller", "ceo", "chief executive",
                                         "owner", "president", "managing director", "founder", NULL};
  static const char *const technical[] = {"cto", "cio", "chief technology", "chief information",
                                          "it director", "it manager", "architect", "engineer",
                                          "developer", NULL};
  static const char *const procurement[] = {"procurement", "purchasing", "buyer", "sourcing", NULL};
  static const char *const legal[] = {"counsel", "legal", "lawyer", "attorney", NULL};
  static const char *const security[] = {"ciso", "security", NULL};
  static const char *const influencer[] = {"vp", "vice president", "svp", "evp", "director", "head",
                                           "chief", "principal", NULL};
  AuditRoleMap *m = audit_role_map_new();
  audit_role_map_add(m, "Economic Buyer", economic);
  audit_role_map_add(m, "Technical Buyer", technical);
  audit_role_map_add(m, "Procurement", procurement);
  audit_role_map_add(m, "Legal", legal);
  audit_role_map_add(m, "Security", security);
  audit_role_map_add(m, "Influencer", influencer);
  return m;
}

const char *audit_role_map_lookup(const AuditRoleMap *map, const char *title)
{
  if (!title || audit_is_blank(title))
    return NULL;
  g_autofree char *t = fold_words(title);
  for (guint i = 0; i < map->rules->len; i++) {
    const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
    for (char **p = r->patterns; *p; p++)
      if (strstr(t, *p))
        return r->role;
  }
  return NULL;
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
