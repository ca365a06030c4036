/* The config's key file: read with GKeyFile, with the place of every group
 * and key kept for located messages (config-internal.h). */
#include "config-internal.h"

#include <string.h>

static char *strip_dup(const char *s, gsize len)
{
  return g_strstrip(g_strndup(s, len));
}

static void key_entry_clear(gpointer p)
{
  AuditKeyEntry *e = p;
  g_free(e->group);
  g_free(e->key);
}

GArray *audit_keyfile_entries(const char *data)
{
  GArray *entries = g_array_new(FALSE, FALSE, sizeof(AuditKeyEntry));
  g_array_set_clear_func(entries, key_entry_clear);
  g_auto(GStrv) lines = g_strsplit(data ? data : "", "\n", -1);
  const char *group = "";
  for (guint i = 0; lines[i]; i++) {
    const char *l = lines[i];
    while (*l == ' ' || *l == '\t')
      l++;
    if (*l == '#' || *l == '\0')
      continue;
    AuditKeyEntry e = {i + 1, NULL, NULL};
    if (*l == '[') {
      const char *end = strrchr(l, ']');
      e.group = end ? strip_dup(l + 1, (gsize)(end - l - 1)) : g_strdup(l + 1);
    } else {
      const char *eq = strchr(l, '=');
      if (!eq)
        continue;
      e.group = g_strdup(group);
      e.key = strip_dup(l, (gsize)(eq - l));
    }
    g_array_append_val(entries, e);
    group = e.group;
  }
  return entries;
}

guint audit_keyfile_line(const GArray *entries, const char *group, const char *key)
{
  for (guint i = 0; entries && i < entries->len; i++) {
    const AuditKeyEntry *e = &g_array_index(entries, AuditKeyEntry, i);
    if (g_strcmp0(e->group, group) == 0 && g_strcmp0(e->key, key) == 0)
      return e->line;
  }
  return 0;
}

void audit_keyfile_error(GError **error, const AuditKeySource *src, const char *group, const char *key,
                         const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  guint line = audit_keyfile_line(src->entries, group, key);
  if (line == 0 && key)
    line = audit_keyfile_line(src->entries, group, NULL);
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:%u:1: %s", src->display, MAX(line, 1), msg);
}

/* GKeyFile keeps the last of a repeated key or group without a word: refuse
 * them, as a typo's twin would silently win. */
static gboolean check_repeats(const AuditKeySource *src, GError **error)
{
  for (guint i = 0; i < src->entries->len; i++) {
    const AuditKeyEntry *e = &g_array_index(src->entries, AuditKeyEntry, i);
    guint first = audit_keyfile_line(src->entries, e->group, e->key);
    if (first == e->line)
      continue;
    g_autofree char *what = e->key ? g_strdup_printf("[%s] %s", e->group, e->key) : g_strdup_printf("[%s]", e->group);
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:%u:1: expected %s once, found it again (first on line %u)",
                src->display, e->line, what, first);
    return FALSE;
  }
  return TRUE;
}

/* The line GKeyFile refused: the first that GKeyFile refuses alone (a group
 * header) or in a group (a key line), or a key line before any group; 1 when
 * none is (what it refused lies between lines). */
static guint syntax_error_line(const char *data)
{
  g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
  gboolean in_group = FALSE;
  for (guint i = 0; lines[i]; i++) {
    const char *l = lines[i];
    while (*l == ' ' || *l == '\t')
      l++;
    if (*l == '#' || *l == '\0' || *l == '\r')
      continue;
    if (*l != '[' && !in_group)
      return i + 1;
    g_autofree char *alone = *l == '[' ? g_strdup_printf("%s\n", lines[i]) : g_strdup_printf("[g]\n%s\n", lines[i]);
    g_autoptr(GKeyFile) kf = g_key_file_new();
    if (!g_key_file_load_from_data(kf, alone, strlen(alone), G_KEY_FILE_NONE, NULL))
      return i + 1;
    in_group |= *l == '[';
  }
  return 1;
}

gboolean audit_keyfile_load(GKeyFile *kf, const AuditKeySource *src, const char *data, gsize len, GError **error)
{
  if (!g_utf8_validate_len(data, len, NULL)) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:1:1: expected UTF-8 text, found invalid bytes", src->display);
    return FALSE;
  }
  if (!check_repeats(src, error))
    return FALSE;
  g_autoptr(GError) err = NULL;
  if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, &err)) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG, "%s:%u:1: %s", src->display, syntax_error_line(data),
                err->message);
    return FALSE;
  }
  return TRUE;
}

char **audit_keyfile_split_list(const char *text)
{
  g_auto(GStrv) parts = g_strsplit(text, ";", -1);
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; parts[i]; i++) {
    char *p = g_strstrip(parts[i]);
    if (*p)
      g_ptr_array_add(out, g_strdup(p));
  }
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

char **audit_keyfile_list(GKeyFile *kf, const char *group, const char *key)
{
  g_autofree char *v = g_key_file_get_string(kf, group, key, NULL);
  return audit_keyfile_split_list(v ? v : "");
}

gboolean audit_keyfile_key_in(const char *key, const char *const *allowed)
{
  for (guint i = 0; allowed[i]; i++)
    if (strcmp(key, allowed[i]) == 0)
      return TRUE;
  return FALSE;
}
