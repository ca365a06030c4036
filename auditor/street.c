#include "street.h"
#include "fold.h"

#include <string.h>

/* Whole-word forms of a street address: abbreviation → word. */
static const char *const street_words[][2] = {
  {"st", "street"},     {"str", "street"},    {"ave", "avenue"},   {"r", "rue"},         {"bd", "boulevard"},    {"av", "avenue"},     {"avda", "avenida"},
  {"rd", "road"},       {"blvd", "boulevard"}, {"dr", "drive"},     {"ln", "lane"},       {"ct", "court"},
  {"pl", "place"},      {"sq", "square"},     {"hwy", "highway"},   {"pkwy", "parkway"},  {"cir", "circle"},
  {"ter", "terrace"},   {"trl", "trail"},     {"cres", "crescent"}, {"mt", "mount"},      {"ft", "fort"},
  {"n", "north"},       {"s", "south"},       {"e", "east"},        {"w", "west"},        {"ne", "northeast"},
  {"nw", "northwest"},  {"se", "southeast"},  {"sw", "southwest"},  {"strasse", "street"}, {"first", "1"},
  {"second", "2"},      {"third", "3"},       {"fourth", "4"},      {"fifth", "5"},       {"sixth", "6"},
  {"seventh", "7"},     {"eighth", "8"},      {"ninth", "9"},       {"tenth", "10"},
};

/* Words after which an address names a unit of the building, not the site. */
static const char *const unit_words[] = {"suite", "ste", "unit", "apt", "apartment", "floor", "fl", "room", "rm",
                                         "bldg", "building", NULL};

static gboolean starts_with_digit(const char *w)
{
  return g_ascii_isdigit(*w);
}

/* The words of street_words and unit_words by their text (unit words map to
 * UNIT), built once. */
static const char UNIT[] = "";
static GHashTable *street_table(void)
{
  static gsize once = 0;
  static GHashTable *table;
  if (g_once_init_enter(&once)) {
    GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
    for (gsize i = 0; i < G_N_ELEMENTS(street_words); i++)
      g_hash_table_insert(t, (gpointer)street_words[i][0], (gpointer)street_words[i][1]);
    for (guint i = 0; unit_words[i]; i++)
      g_hash_table_insert(t, (gpointer)unit_words[i], (gpointer)UNIT);
    table = t;
    g_once_init_leave(&once, 1);
  }
  return table;
}

/* "5th", "21st", "2nd", "3rd" → the number; else w itself. */
static const char *street_word(const char *w, char *buf, gsize size)
{
  gsize n = strlen(w), d = strspn(w, "0123456789");
  if (d && d < n && d + 2 == n && d < size &&
      (!strcmp(w + d, "st") || !strcmp(w + d, "nd") || !strcmp(w + d, "rd") || !strcmp(w + d, "th"))) {
    memcpy(buf, w, d);
    buf[d] = 0;
    return buf;
  }
  /* German compounds: Bahnhofstraße, Bahnhofstr. */
  if (n > 7 && n - 3 <= size && !strcmp(w + n - 7, "strasse")) {
    memcpy(buf, w, n - 4);
    buf[n - 4] = 0;
    return buf;
  }
  const char *full = g_hash_table_lookup(street_table(), w);
  return full && full != UNIT ? full : w;
}

gboolean audit_street_normalize(const char *street, GString *house, GString *name)
{
  g_string_truncate(house, 0);
  g_string_truncate(name, 0);
  if (!street || !*street)
    return FALSE;
  char stack[256];
  g_autofree char *heap = NULL;
  gsize len = audit_fold_name_to(street, stack, sizeof stack);
  char *folded = stack;
  if (len + 1 >= sizeof stack)
    folded = heap = audit_fold_name(street); /* a long one: whole */
  /* the words, in place (up to 32) */
  char *all[33];
  guint na = 0;
  for (char *p = folded; *p && na < G_N_ELEMENTS(all) - 1;) {
    all[na++] = p;
    p = strchr(p, ' ');
    if (!p)
      break;
    *p++ = 0;
  }
  all[na] = NULL;
  /* a unit word and its number name a part of the building, not the site: left out */
  GHashTable *table = street_table();
  const char *words[32];
  guint n = 0;
  for (guint i = 0; all[i] && n < G_N_ELEMENTS(words); i++) {
    if (g_hash_table_lookup(table, all[i]) == UNIT) {
      if (all[i + 1] && (starts_with_digit(all[i + 1]) || strlen(all[i + 1]) == 1))
        i++;
      continue;
    }
    if (!strcmp(all[i], "box") || !strcmp(all[i], "postfach") || !strcmp(all[i], "apartado"))
      return FALSE; /* a post office box is no site */
    if (*all[i])
      words[n++] = all[i];
  }
  if (n < 2)
    return FALSE;
  guint num = starts_with_digit(words[0]) ? 0 : starts_with_digit(words[n - 1]) ? n - 1 : G_MAXUINT;
  if (num == G_MAXUINT)
    return FALSE;
  g_string_append(house, words[num]);
  char buf[64];
  for (guint i = 0; i < n; i++) {
    if (i == num)
      continue;
    if (name->len)
      g_string_append_c(name, ' ');
    g_string_append(name, street_word(words[i], buf, sizeof buf));
  }
  if (!name->len) {
    g_string_truncate(house, 0);
    return FALSE;
  }
  return TRUE;
}
