#include "sfid.h"
#include "normalize-internal.h"

#include <string.h>

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

/* Is s (18 alphanumerics) a Salesforce Id, its suffix consistent with its
 * first 15 characters? The suffix holds a bit per character: never set for a
 * digit; for a letter, whether it is a capital, unless a tool changed the
 * case of the whole Id (then its letters are all one case). Another
 * system's 18-character key (CUSTOMER0000000001) fails this, and is an Id
 * of its own, compared whole. */
static gboolean suffix_consistent(const char *s)
{
  gboolean match = TRUE, upper = FALSE, lower = FALSE;
  for (int k = 0; k < 3; k++) {
    int bits = suffix_bits(s[15 + k]);
    if (bits < 0)
      return FALSE;
    for (int i = 0; i < 5; i++) {
      char c = s[k * 5 + i];
      gboolean bit = (bits >> i) & 1;
      if (g_ascii_isdigit(c)) {
        if (bit)
          return FALSE;
        continue;
      }
      upper = upper || g_ascii_isupper(c);
      lower = lower || g_ascii_islower(c);
      match = match && bit == (gboolean)g_ascii_isupper(c);
    }
  }
  return match || !(upper && lower);
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
    if (alnum && suffix_consistent(s)) {
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
      bits[k] = suffix_bits(s[15 + k]); /* valid: suffix_consistent */
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
