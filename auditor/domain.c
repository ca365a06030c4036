#include "domain.h"
#include "config.h"
#include "data.h"

#include <idn2.h>
#include <libpsl.h>
#include <string.h>

/* ---- host names ---- */

static const psl_ctx_t *psl(void)
{
  static gsize once = 0;
  static const psl_ctx_t *ctx;
  if (g_once_init_enter(&once)) {
    /* the newer of the built-in list and the system's (publicsuffix package) */
    ctx = psl_latest(NULL);
    if (!ctx)
      ctx = psl_builtin();
    g_once_init_leave(&once, 1);
  }
  return ctx;
}

/* Lower-case and IDN to punycode, in place into out; validate the labels. */
static gboolean canonical_host(const char *s, gsize len, char out[AUDIT_HOST_MAX], const char **why)
{
  if (len == 0) {
    *why = "no host name";
    return FALSE;
  }
  if (s[len - 1] == '.')
    len--; /* the root's dot: acme.com. is acme.com */
  if (len == 0 || len >= AUDIT_HOST_MAX) {
    *why = len ? "a host name longer than 253 characters" : "no host name";
    return FALSE;
  }
  gboolean ascii = TRUE;
  for (gsize i = 0; i < len; i++)
    if ((guchar)s[i] >= 0x80)
      ascii = FALSE;
  if (ascii) {
    for (gsize i = 0; i < len; i++)
      out[i] = g_ascii_tolower(s[i]);
    out[len] = 0;
  } else {
    if (!g_utf8_validate(s, (gssize)len, NULL)) {
      *why = "a host name that is not valid UTF-8";
      return FALSE;
    }
    g_autofree char *lower = g_utf8_strdown(s, (gssize)len);
    char *puny = NULL;
    if (idn2_to_ascii_8z(lower, &puny, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK) {
      /* some names (emoji, symbols) are refused by IDNA 2008; TR46 transitional is laxer */
      if (idn2_to_ascii_8z(lower, &puny, IDN2_NFC_INPUT | IDN2_TRANSITIONAL) != IDN2_OK) {
        *why = "an internationalized host name that IDNA cannot encode";
        return FALSE;
      }
    }
    gsize n = strlen(puny);
    if (n >= AUDIT_HOST_MAX) {
      idn2_free(puny);
      *why = "a host name longer than 253 characters";
      return FALSE;
    }
    memcpy(out, puny, n + 1);
    idn2_free(puny);
    len = n;
  }
  /* labels: letters, digits and inner hyphens, 1..63 each; at least two */
  guint labels = 0;
  gboolean all_digits_last = TRUE;
  const char *label = out;
  for (const char *p = out;; p++) {
    if (*p == '.' || *p == 0) {
      gsize n = (gsize)(p - label);
      if (n == 0) {
        *why = "an empty label (two dots in a row, or a dot at the start)";
        return FALSE;
      }
      if (n > 63) {
        *why = "a label longer than 63 characters";
        return FALSE;
      }
      if (label[0] == '-' || p[-1] == '-') {
        *why = "a label that starts or ends with a hyphen";
        return FALSE;
      }
      all_digits_last = TRUE;
      for (const char *q = label; q < p; q++)
        if (!g_ascii_isdigit(*q))
          all_digits_last = FALSE;
      labels++;
      if (*p == 0)
        break;
      label = p + 1;
    } else if (*p == ' ' || *p == '\t') {
      *why = "a space inside";
      return FALSE;
    } else if (!g_ascii_isalnum(*p) && *p != '-') {
      *why = "a character that cannot be in a host name";
      return FALSE;
    }
  }
  if (labels < 2) {
    *why = "no dot (not a domain)";
    return FALSE;
  }
  if (all_digits_last) {
    *why = "an IP address, not a domain";
    return FALSE;
  }
  return TRUE;
}

/* The text without surrounding whitespace, as [*s, *e); FALSE when blank. */
static gboolean trimmed(const char *text, const char **s, const char **e, const char **why)
{
  *s = text;
  *e = text + strlen(text);
  while (*s < *e && g_ascii_isspace(**s))
    (*s)++;
  while (*e > *s && g_ascii_isspace((*e)[-1]))
    (*e)--;
  if (*s == *e) {
    *why = "blank";
    return FALSE;
  }
  return TRUE;
}

gboolean audit_website_host(const char *text, char out[AUDIT_HOST_MAX], const char **why)
{
  const char *dummy, *s, *e;
  if (!why)
    why = &dummy;
  if (!trimmed(text, &s, &e, why))
    return FALSE;
  const char *scheme = g_strstr_len(s, e - s, "://");
  if (scheme) {
    for (const char *p = s; p < scheme; p++)
      if (!g_ascii_isalnum(*p) && *p != '+' && *p != '-' && *p != '.') {
        *why = "a character that cannot be in a host name";
        return FALSE;
      }
    s = scheme + 3;
  }
  const char *end = s;
  while (end < e && *end != '/' && *end != '?' && *end != '#' && *end != '\\')
    end++;
  for (const char *p = end; p < e; p++)
    if (*p == ' ' || *p == '\t') {
      *why = "a space inside";
      return FALSE;
    }
  const char *at = NULL;
  for (const char *p = s; p < end; p++)
    if (*p == '@')
      at = p;
  if (at && !scheme) {
    *why = "an email address, not a website";
    return FALSE;
  }
  if (at)
    s = at + 1; /* http://user:password@host */
  if (s < end && *s == '[') {
    *why = "an IP address, not a domain";
    return FALSE;
  }
  const char *colon = memchr(s, ':', (gsize)(end - s));
  if (colon) {
    for (const char *p = colon + 1; p < end; p++)
      if (!g_ascii_isdigit(*p)) {
        *why = "a character that cannot be in a host name";
        return FALSE;
      }
    end = colon;
  }
  if (end - s > 4 && g_ascii_strncasecmp(s, "www.", 4) == 0)
    s += 4;
  else if (end - s == 4 && g_ascii_strncasecmp(s, "www.", 4) == 0) {
    *why = "no host name after www.";
    return FALSE;
  }
  return canonical_host(s, (gsize)(end - s), out, why);
}

gboolean audit_email_domain(const char *text, char out[AUDIT_HOST_MAX], const char **why)
{
  const char *dummy, *s, *e;
  if (!why)
    why = &dummy;
  if (!trimmed(text, &s, &e, why))
    return FALSE;
  const char *at = NULL;
  guint ats = 0;
  for (const char *p = s; p < e; p++) {
    if (*p == '@') {
      at = p;
      ats++;
    } else if (g_ascii_isspace(*p)) {
      *why = "a space inside";
      return FALSE;
    }
  }
  if (ats != 1) {
    *why = ats ? "more than one @" : "no @";
    return FALSE;
  }
  if (at == s) {
    *why = "nothing before the @";
    return FALSE;
  }
  if (*s == '.' || at[-1] == '.' || g_strstr_len(s, at - s, "..")) {
    *why = "a dot at the start or end of the name, or two in a row";
    return FALSE;
  }
  const char *d = at + 1;
  if (d == e) {
    *why = "nothing after the @";
    return FALSE;
  }
  if (*d == '[') {
    *why = "an IP address, not a domain";
    return FALSE;
  }
  if (e[-1] == '.') {
    *why = "a dot at the end of the domain";
    return FALSE;
  }
  return canonical_host(d, (gsize)(e - d), out, why);
}

const char *audit_registrable_domain(const char *host)
{
  return psl_registrable_domain(psl(), host);
}

/* ---- classification ---- */

struct AuditDomainRules {
  GHashTable *exact;    /* domain → flags */
  GHashTable *wildcard; /* first label → flags ("yahoo" for yahoo.*) */
};

static void rules_add(AuditDomainRules *r, const char *entry, guint flag)
{
  g_autofree char *e = g_ascii_strdown(entry, -1);
  g_strstrip(e);
  if (!*e)
    return;
  GHashTable *table = r->exact;
  gsize n = strlen(e);
  char host[AUDIT_HOST_MAX];
  const char *key = e;
  if (n > 2 && strcmp(e + n - 2, ".*") == 0) {
    e[n - 2] = 0;
    table = r->wildcard;
  } else {
    /* a configured entry may be a host (mail.rivalco.com): keep its registrable domain */
    const char *why;
    if (audit_website_host(e, host, &why)) {
      const char *reg = audit_registrable_domain(host);
      key = reg ? reg : host;
    }
  }
  guint old = GPOINTER_TO_UINT(g_hash_table_lookup(table, key));
  g_hash_table_replace(table, g_strdup(key), GUINT_TO_POINTER(old | flag));
}

AuditDomainRules *audit_domain_rules_new(const struct AuditConfig *cfg)
{
  AuditDomainRules *r = g_new0(AuditDomainRules, 1);
  r->exact = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  r->wildcard = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const char *const *personal = audit_data(AUDIT_DATA_PERSONAL_DOMAINS);
  if (cfg && cfg->personal_domains_replace)
    personal = (const char *const *)cfg->personal_domains_replace;
  for (guint i = 0; personal[i]; i++)
    rules_add(r, personal[i], AUDIT_DOMAIN_PERSONAL);
  for (guint i = 0; cfg && cfg->personal_domains_add && cfg->personal_domains_add[i]; i++)
    rules_add(r, cfg->personal_domains_add[i], AUDIT_DOMAIN_PERSONAL);
  const char *const *disposable = audit_data(AUDIT_DATA_DISPOSABLE_DOMAINS);
  for (guint i = 0; disposable[i]; i++)
    rules_add(r, disposable[i], AUDIT_DOMAIN_DISPOSABLE);
  const char *const *placeholder = audit_data(AUDIT_DATA_PLACEHOLDER_DOMAINS);
  for (guint i = 0; placeholder[i]; i++)
    rules_add(r, placeholder[i], AUDIT_DOMAIN_PLACEHOLDER);
  for (guint i = 0; cfg && cfg->competitors && cfg->competitors[i]; i++)
    rules_add(r, cfg->competitors[i], AUDIT_DOMAIN_COMPETITOR);
  return r;
}

void audit_domain_rules_free(AuditDomainRules *r)
{
  if (!r)
    return;
  g_hash_table_unref(r->exact);
  g_hash_table_unref(r->wildcard);
  g_free(r);
}

/* A top-level domain reserved by RFC 2606 / RFC 6761: never a real address. */
static gboolean reserved_tld(const char *domain)
{
  static const char *const tlds[] = {"test", "example", "invalid", "localhost", "local", NULL};
  const char *dot = strrchr(domain, '.');
  const char *tld = dot ? dot + 1 : domain;
  for (guint i = 0; tlds[i]; i++)
    if (strcmp(tld, tlds[i]) == 0)
      return TRUE;
  return FALSE;
}

guint audit_domain_classify(const AuditDomainRules *r, const char *domain)
{
  if (!domain || !*domain)
    return 0;
  guint flags = GPOINTER_TO_UINT(g_hash_table_lookup(r->exact, domain));
  if (reserved_tld(domain))
    flags |= AUDIT_DOMAIN_PLACEHOLDER;
  const char *dot = strchr(domain, '.');
  if (dot && g_hash_table_size(r->wildcard)) {
    char label[64];
    gsize n = (gsize)(dot - domain);
    if (n < sizeof label) {
      memcpy(label, domain, n);
      label[n] = 0;
      flags |= GPOINTER_TO_UINT(g_hash_table_lookup(r->wildcard, label));
    }
  }
  return flags;
}

/* ---- derivation ---- */

typedef struct {
  AuditDomains *d;
  GStringChunk *chunk;
  GHashTable *by_host; /* canonical host → id + 1 (0: not a registrable domain) */
} Interner;

static guint32 intern_host(Interner *in, const char *host)
{
  gpointer v;
  if (g_hash_table_lookup_extended(in->by_host, host, NULL, &v))
    return GPOINTER_TO_UINT(v);
  const char *reg = audit_registrable_domain(host);
  guint32 id = 0;
  if (reg) {
    id = GPOINTER_TO_UINT(g_hash_table_lookup(in->d->ids, reg));
    if (!id) {
      char *name = g_string_chunk_insert(in->chunk, reg);
      id = in->d->names->len;
      g_ptr_array_add(in->d->names, name);
      guint8 f = (guint8)audit_domain_classify(in->d->rules, name);
      g_array_append_val(in->d->flags, f);
      g_hash_table_insert(in->d->ids, name, GUINT_TO_POINTER(id));
    }
  }
  g_hash_table_insert(in->by_host, g_string_chunk_insert(in->chunk, host), GUINT_TO_POINTER(id));
  return id;
}

static guint32 *derive_column(Interner *in, const AuditTable *t, guint field, gboolean email)
{
  if (!t->present || !audit_has(t, field))
    return g_new0(guint32, t->nrows + 1);
  guint32 *ids = g_new0(guint32, t->nrows + 1);
  char host[AUDIT_HOST_MAX];
  for (guint row = 0; row < t->nrows; row++) {
    const char *v = audit_text(t, row, field);
    if (!*v)
      continue;
    const char *why;
    if (email ? audit_email_domain(v, host, &why) : audit_website_host(v, host, &why))
      ids[row] = intern_host(in, host);
  }
  return ids;
}

AuditDomains *audit_domains_derive(const AuditModel *m, const struct AuditConfig *cfg)
{
  AuditDomains *d = g_new0(AuditDomains, 1);
  d->names = g_ptr_array_new();
  g_ptr_array_add(d->names, (gpointer) "");
  d->flags = g_array_new(FALSE, TRUE, 1);
  guint8 zero = 0;
  g_array_append_val(d->flags, zero);
  d->ids = g_hash_table_new(g_str_hash, g_str_equal);
  d->rules = audit_domain_rules_new(cfg);
  Interner in = {d, g_string_chunk_new(1 << 16), g_hash_table_new(g_str_hash, g_str_equal)};
  d->account_website = derive_column(&in, &m->tables[AUDIT_OBJ_ACCOUNT], ACCOUNT_WEBSITE, FALSE);
  d->contact_email = derive_column(&in, &m->tables[AUDIT_OBJ_CONTACT], CONTACT_EMAIL, TRUE);
  d->lead_email = derive_column(&in, &m->tables[AUDIT_OBJ_LEAD], LEAD_EMAIL, TRUE);
  d->lead_website = derive_column(&in, &m->tables[AUDIT_OBJ_LEAD], LEAD_WEBSITE, FALSE);
  g_hash_table_unref(in.by_host);
  d->chunk = in.chunk; /* the names live there */
  return d;
}

void audit_domains_free(AuditDomains *d)
{
  if (!d)
    return;
  g_ptr_array_unref(d->names);
  g_array_unref(d->flags);
  g_hash_table_unref(d->ids);
  g_free(d->account_website);
  g_free(d->contact_email);
  g_free(d->lead_email);
  g_free(d->lead_website);
  audit_domain_rules_free(d->rules);
  if (d->chunk)
    g_string_chunk_free(d->chunk);
  g_free(d);
}

guint32 audit_domains_find(const AuditDomains *d, const char *domain)
{
  return GPOINTER_TO_UINT(g_hash_table_lookup(d->ids, domain));
}
