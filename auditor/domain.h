/* Websites and emails → registrable domains (the public suffix list, through
 * libpsl), and what a domain is: a personal mailbox provider, a disposable
 * or placeholder address, a competitor.
 *
 * Canonical form: lower-case ASCII, internationalized names in punycode
 * (IDNA 2008 through libidn2), no trailing dot. The registrable domain is the
 * public suffix plus one label, private suffixes of the list included:
 * `shop.github.io` is its own registrable domain, as a browser treats it
 * (a company whose site is there is that site, not GitHub). */
#pragma once

#include "model.h"

G_BEGIN_DECLS

struct AuditConfig;

#define AUDIT_HOST_MAX 256

/* The host of a website as people type it: scheme, user info, port, path,
 * query, fragment, a leading "www." and a trailing dot dropped; lower-cased;
 * IDN to punycode. FALSE (and *why set) when it is not a host name: blank,
 * spaces inside, no dot, a bad character or label, an IP address. */
gboolean audit_website_host(const char *text, char out[AUDIT_HOST_MAX], const char **why);

/* An email's syntax as the catalogue has it (not RFC 5322 in full): exactly
 * one @, a non-empty local part, no spaces, no consecutive or edge dots, a
 * dotted domain of valid labels (not an IP address). On success the domain
 * in canonical form goes to out; FALSE sets *why. Surrounding whitespace is
 * ignored. */
gboolean audit_email_domain(const char *text, char out[AUDIT_HOST_MAX], const char **why);

/* The registrable domain of a canonical host: a pointer into host, or NULL
 * when the host is itself a public suffix (co.uk) or not under any. */
const char *audit_registrable_domain(const char *host);

/* What a registrable domain is (bit set). */
enum {
  AUDIT_DOMAIN_PERSONAL = 1 << 0,    /* gmail.com, yahoo.co.uk, web.de, ... */
  AUDIT_DOMAIN_DISPOSABLE = 1 << 1,  /* mailinator.com, 10minutemail.com, ... */
  AUDIT_DOMAIN_PLACEHOLDER = 1 << 2, /* example.com, test.com, noemail.com, ... */
  AUDIT_DOMAIN_COMPETITOR = 1 << 3,  /* [audit] competitors */
};

/* Domain classification: the built-in lists (data/personal-domains.txt,
 * disposable-domains.txt, placeholder-domains.txt; an entry "yahoo.*"
 * matches yahoo under any public suffix: yahoo.com, yahoo.co.uk) with the
 * config's lists applied ([audit]
 * personal_domains, '+' adding to the built-in list, and competitors). */
typedef struct AuditDomainRules AuditDomainRules;
AuditDomainRules *audit_domain_rules_new(const struct AuditConfig *cfg);
void audit_domain_rules_free(AuditDomainRules *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditDomainRules, audit_domain_rules_free)
/* Flags of a registrable domain. */
guint audit_domain_classify(const AuditDomainRules *r, const char *domain);

/* Derived once for a run, before the checks: every website and email of the
 * export reduced to an interned registrable domain. Id 0 is "none" (blank,
 * invalid, or a public suffix); ids compare equal exactly when the
 * registrable domains are equal. */
typedef struct AuditDomains {
  GPtrArray *names;          /* id → registrable domain; [0] = "" */
  GArray *flags;             /* id → guint8 AUDIT_DOMAIN_* */
  GHashTable *ids;           /* registrable domain → id */
  guint32 *account_website;  /* per Account row */
  guint32 *contact_email;    /* per Contact row */
  guint32 *lead_email;       /* per Lead row */
  guint32 *lead_website;     /* per Lead row */
  AuditDomainRules *rules;
  GStringChunk *chunk;
} AuditDomains;

AuditDomains *audit_domains_derive(const AuditModel *m, const struct AuditConfig *cfg);
void audit_domains_free(AuditDomains *d);
/* The id of a registrable domain, 0 when the export has none such. */
guint32 audit_domains_find(const AuditDomains *d, const char *domain);
static inline const char *audit_domain_name(const AuditDomains *d, guint32 id)
{
  return g_ptr_array_index(d->names, id);
}
static inline guint audit_domain_flags(const AuditDomains *d, guint32 id)
{
  return g_array_index(d->flags, guint8, id);
}
/* A domain that says something about the company: set, and neither a
 * personal mailbox, a disposable address nor a placeholder. */
static inline gboolean audit_domain_is_business(const AuditDomains *d, guint32 id)
{
  return id != 0 && !(audit_domain_flags(d, id) &
                      (AUDIT_DOMAIN_PERSONAL | AUDIT_DOMAIN_DISPOSABLE | AUDIT_DOMAIN_PLACEHOLDER));
}

G_END_DECLS
