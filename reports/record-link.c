/* A record's link from the configured record_url (shared by the writers). */
#include "reports.h"

char **audit_record_link_parts(const AuditConfig *config)
{
  if (!config->record_url || !*config->record_url)
    return NULL;
  return g_strsplit(config->record_url, "{id}", -1);
}

gboolean audit_record_link(const char *const *parts, const char *id, GString *out)
{
  g_string_truncate(out, 0);
  if (!parts || !*id)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum(*p))
      return FALSE;
  for (guint i = 0; parts[i]; i++) {
    if (i)
      g_string_append(out, id);
    g_string_append(out, parts[i]);
  }
  return TRUE;
}
