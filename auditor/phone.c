#include "phone.h"
#include "fold.h"
#include "value.h"

#include <string.h>

/* ---- phones ---- */

gsize audit_phone_digits(const char *phone, const char *calling_code, char *out, gsize outsz)
{
  char digits[32];
  gsize n = 0;
  gboolean international = FALSE, seen = FALSE;
  for (const char *p = phone; *p; p++) {
    if (g_ascii_isdigit(*p)) {
      if (n < sizeof digits - 1)
        digits[n++] = *p;
      seen = TRUE;
    } else if (*p == '+' && !seen) {
      international = TRUE;
    } else if ((*p == 'x' || *p == 'X' || *p == '#' || *p == ';' || *p == ',') && seen) {
      break; /* an extension, or a second number */
    } else if (g_ascii_isalpha(*p) && seen) {
      break; /* "ext", "Durchwahl", ... */
    }
  }
  digits[n] = 0;
  const char *d = digits;
  if (!international && n > 2 && d[0] == '0' && d[1] == '0') {
    international = TRUE; /* 00 44 ...: the international prefix */
    d += 2;
    n -= 2;
  }
  if (n < 6) {
    out[0] = 0;
    return 0;
  }
  GString *s = g_string_sized_new(24);
  if (international)
    g_string_append(s, d);
  else if (calling_code && *calling_code) {
    g_string_append(s, calling_code);
    /* a national trunk prefix 0 goes when the country code is written */
    g_string_append(s, (d[0] == '0' && strcmp(calling_code, "1") != 0) ? d + 1 : d);
    if (strcmp(calling_code, "1") == 0 && n == 11 && d[0] == '1')
      g_string_assign(s, d); /* 1 555 ... already has it */
  } else
    g_string_append(s, d);
  gsize len = MIN(s->len, outsz - 1);
  memcpy(out, s->str, len);
  out[len] = 0;
  g_string_free(s, TRUE);
  return len;
}

/* ---- countries ---- */

static const struct {
  const char *iso, *code;
  const char *names; /* folded, '|'-separated */
} countries[] = {
  {"US", "1", "us|usa|united states|united states of america|u s|u s a|america"},
  {"CA", "1", "ca|canada"},
  {"GB", "44", "gb|uk|united kingdom|great britain|england|scotland|wales|northern ireland|u k"},
  {"DE", "49", "de|germany|deutschland"},
  {"FR", "33", "fr|france"},
  {"NL", "31", "nl|netherlands|the netherlands|holland|nederland"},
  {"BE", "32", "be|belgium|belgique|belgie"},
  {"ES", "34", "es|spain|espana"},
  {"IT", "39", "it|italy|italia"},
  {"SE", "46", "se|sweden|sverige"},
  {"DK", "45", "dk|denmark|danmark"},
  {"NO", "47", "no|norway|norge"},
  {"FI", "358", "fi|finland|suomi"},
  {"CH", "41", "ch|switzerland|schweiz|suisse|svizzera"},
  {"AT", "43", "at|austria|osterreich"},
  {"IE", "353", "ie|ireland|eire"},
  {"PL", "48", "pl|poland|polska"},
  {"PT", "351", "pt|portugal"},
  {"AU", "61", "au|australia"},
  {"NZ", "64", "nz|new zealand"},
  {"JP", "81", "jp|japan|nippon"},
  {"CN", "86", "cn|china|prc"},
  {"IN", "91", "in|india"},
  {"SG", "65", "sg|singapore"},
  {"BR", "55", "br|brazil|brasil"},
  {"MX", "52", "mx|mexico"},
  {"AR", "54", "ar|argentina"},
  {"ZA", "27", "za|south africa"},
  {"AE", "971", "ae|uae|united arab emirates"},
  {"IL", "972", "il|israel"},
  {"KR", "82", "kr|south korea|korea|republic of korea"},
  {"HK", "852", "hk|hong kong"},
  {"CZ", "420", "cz|czech republic|czechia"},
  {"LU", "352", "lu|luxembourg"},
};

const char *audit_phone_calling_code(const char *phone)
{
  const char *p = phone;
  while (*p == ' ' || *p == '\t' || *p == '(')
    p++;
  if (*p == '+')
    p++;
  else if (p[0] == '0' && p[1] == '0')
    p += 2;
  else
    return NULL;
  char d[4];
  guint n = 0;
  for (; *p && n < 3; p++) {
    if (g_ascii_isdigit(*p))
      d[n++] = *p;
    else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')' && *p != '.')
      break;
  }
  /* calling codes are prefix-free: the first that matches is the one */
  for (guint len = 1; len <= n; len++)
    for (gsize i = 0; i < G_N_ELEMENTS(countries); i++)
      if (strlen(countries[i].code) == len && strncmp(countries[i].code, d, len) == 0)
        return countries[i].code;
  return NULL;
}

const char *audit_country_iso(const char *country, const char **calling_code)
{
  if (calling_code)
    *calling_code = NULL;
  if (!country || audit_is_blank(country))
    return NULL;
  GString *f = g_string_sized_new(32);
  audit_fold_text(country, f);
  /* punctuation to spaces, collapsed */
  GString *c = g_string_sized_new(f->len);
  for (gsize i = 0; i < f->len; i++) {
    char ch = f->str[i];
    if (g_ascii_isalnum(ch))
      g_string_append_c(c, ch);
    else if (c->len && c->str[c->len - 1] != ' ')
      g_string_append_c(c, ' ');
  }
  if (c->len && c->str[c->len - 1] == ' ')
    g_string_truncate(c, c->len - 1);
  const char *iso = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(countries) && !iso; i++) {
    const char *p = countries[i].names;
    while (*p) {
      const char *bar = strchr(p, '|');
      gsize l = bar ? (gsize)(bar - p) : strlen(p);
      if (l == c->len && strncmp(p, c->str, l) == 0) {
        iso = countries[i].iso;
        if (calling_code)
          *calling_code = countries[i].code;
        break;
      }
      p += l + (bar != NULL);
    }
  }
  g_string_free(f, TRUE);
  g_string_free(c, TRUE);
  return iso;
}
