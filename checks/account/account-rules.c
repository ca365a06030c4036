/* What the account checks share: is a website missing, and why a website is
 * not a usable company domain (checks.h). */
#include "check.h"
#include "checks.h"
#include "domain.h"
#include "findings.h"
#include "config.h"
#include "normalize.h"
#include "data.h"

#include <string.h>

/* Is the website blank or a placeholder (one of
 * data/website-placeholders.txt, or words for "no
 * value" of any language: N/E, sin sitio web, unbekannt, неизвестно, ...)? */
gboolean audit_website_missing(const char *website)
{
  if (audit_is_blank(website))
    return TRUE;
  g_autofree char *v = g_ascii_strdown(website, -1);
  g_strstrip(v);
  if (g_strv_contains(audit_data(AUDIT_DATA_WEBSITE_PLACEHOLDERS), v))
    return TRUE;
  g_autofree char *folded = audit_fold_name(website);
  return audit_placeholder_text(folded, NULL, NULL);
}

/* Why a (non-missing) website is not a usable company domain, NULL when it is. */
const char *audit_website_problem(const AuditModel *m, guint row, char *buf, gsize len)
{
  const char *website = audit_text(&m->tables[AUDIT_OBJ_ACCOUNT], row, ACCOUNT_WEBSITE);
  if (audit_website_missing(website))
    return NULL;
  char host[AUDIT_HOST_MAX];
  const char *why;
  if (!audit_website_host(website, host, &why)) {
    g_snprintf(buf, len, "it is not a host name or URL (%s)", why);
    return buf;
  }
  const AuditDomains *d = m->domains;
  guint32 id = d->account_website[row];
  if (!id) {
    g_snprintf(buf, len, "%s is a public suffix, not a domain", host);
    return buf;
  }
  guint f = audit_domain_flags(d, id);
  const char *dom = audit_domain_name(d, id);
  if (f & AUDIT_DOMAIN_PERSONAL)
    g_snprintf(buf, len, "%s is a personal mailbox provider, not the company's domain", dom);
  else if (f & AUDIT_DOMAIN_DISPOSABLE)
    g_snprintf(buf, len, "%s is a disposable-mail domain", dom);
  else if (f & AUDIT_DOMAIN_PLACEHOLDER)
    g_snprintf(buf, len, "%s is a placeholder domain", dom);
  else
    return NULL;
  return buf;
}
