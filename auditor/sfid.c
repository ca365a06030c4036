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
