#include "contact-rules.h"
#include "config.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"
#include "data.h"
#include "registry.h"

#include <string.h>

void audit_contact_rules_ctx(const AuditContext *ctx, const AuditCheck *other, AuditContext *out)
{
  gint i = audit_registry_find(other->id);
  g_assert(i >= 0);
  *out = *ctx;
  out->check = other;
  out->check_index = (guint)i;
}

/* ---- left the company ---- */

struct AuditLeftRules {
  guint nsegments;
  char ***folded;            /* per segment: " marker " */
  const char *const **orig;  /* per segment: as configured */
};

AuditLeftRules *audit_left_rules_new(const AuditContext *ctx)
{
  AuditLeftRules *r = g_new0(AuditLeftRules, 1);
  r->nsegments = MAX(ctx->nsegments, 1);
  r->folded = g_new0(char **, r->nsegments);
  r->orig = g_new0(const char *const *, r->nsegments);
  for (guint s = 0; s < r->nsegments; s++) {
    const char *const *markers = ((const AuditLeftOptions *)audit_ctx_options(ctx, s))->title_markers;
    GPtrArray *f = g_ptr_array_new();
    for (guint k = 0; markers && markers[k]; k++) {
      g_autofree char *w = audit_fold_name(markers[k]);
      g_ptr_array_add(f, *w ? g_strdup_printf(" %s ", w) : g_strdup(""));
    }
    g_ptr_array_add(f, NULL);
    r->folded[s] = (char **)g_ptr_array_free(f, FALSE);
    r->orig[s] = markers;
  }
  return r;
}

void audit_left_rules_free(AuditLeftRules *r)
{
  if (!r)
    return;
  for (guint s = 0; s < r->nsegments; s++)
    g_strfreev(r->folded[s]);
  g_free(r->folded);
  g_free(r->orig);
  g_free(r);
}

gboolean audit_contact_left(const AuditModel *m, const AuditLeftRules *r, guint row, AuditLeftEvidence *ev)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_CONTACT];
  const char *reason = audit_text(t, row, CONTACT_BOUNCED_REASON);
  ev->bounced = audit_flag(t, row, CONTACT_IS_BOUNCED) == 1 || !audit_is_blank(reason);
  ev->bounce_reason = audit_is_blank(reason) ? "" : reason;
  ev->marker = NULL;
  ev->title = audit_text(t, row, CONTACT_TITLE);
  if (!audit_is_blank(ev->title)) {
    gint32 acc = audit_ref(t, row, CONTACT_ACCOUNT);
    guint seg = acc >= 0 && m->account_segment ? (guint)m->account_segment[acc] : 0;
    if (seg >= r->nsegments)
      seg = 0;
    char padded[260] = " "; /* " title folded " */
    gsize n = audit_fold_name_to(ev->title, padded + 1, 256);
    padded[n + 1] = ' ';
    padded[n + 2] = 0;
    for (guint k = 0; r->folded[seg][k]; k++)
      if (*r->folded[seg][k] && strstr(padded, r->folded[seg][k])) {
        ev->marker = r->orig[seg][k];
        break;
      }
  }
  return ev->bounced || ev->marker;
}

char *audit_left_evidence_text(const AuditLeftEvidence *ev)
{
  GString *s = g_string_new(NULL);
  if (ev->bounced)
    g_string_append_printf(s, *ev->bounce_reason ? "email bounced (%s)" : "email bounced", ev->bounce_reason);
  if (ev->marker)
    g_string_append_printf(s, "%stitle '%s' (%s)", s->len ? "; " : "", ev->title, ev->marker);
  return g_string_free(s, FALSE);
}

/* ---- stale ---- */

gint32 audit_contact_last_activity(const AuditModel *m, guint row)
{
  gint32 last = audit_day(&m->tables[AUDIT_OBJ_CONTACT], row, CONTACT_LAST_ACTIVITY);
  guint32 a;
  AUDIT_LINK_FOREACH(m->contact_activities, row, a) {
    gint32 d = m->activities[a].day;
    if (d != AUDIT_DAY_NONE && (last == AUDIT_DAY_NONE || d > last))
      last = d;
  }
  return last;
}

gint32 audit_contact_last_change(const AuditModel *m, guint row)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_CONTACT];
  gint32 d = audit_day(t, row, AUDIT_F_MODIFIED);
  return d != AUDIT_DAY_NONE ? d : audit_day(t, row, AUDIT_F_CREATED);
}

gboolean audit_contact_stale(const AuditContext *ctx, guint row, AuditStaleEvidence *ev)
{
  const AuditModel *m = ctx->model;
  gint32 acc = audit_ref(&m->tables[AUDIT_OBJ_CONTACT], row, CONTACT_ACCOUNT);
  const AuditStaleOptions *opt = audit_ctx_options(ctx, audit_ctx_segment(ctx, acc));
  ev->cutoff = ctx->as_of - (gint32)opt->window_days;
  ev->last_change = audit_contact_last_change(m, row);
  if (ev->last_change != AUDIT_DAY_NONE && ev->last_change >= ev->cutoff) {
    ev->last_activity = AUDIT_DAY_NONE; /* not needed */
    return FALSE;
  }
  ev->last_activity = audit_contact_last_activity(m, row);
  return ev->last_activity == AUDIT_DAY_NONE || ev->last_activity < ev->cutoff;
}

/* ---- spam ---- */

/* Test names and keyboard mash: a contact whose every name word is one of
 * these (or one letter repeated) or a word or phrase for "no value" of any
 * language (audit_placeholder_text: N/A, N/E, sin nombre, unbekannt,
 * неизвестно, ...), with at least one of these, is spam
 * (data/person-placeholder-words.txt). A name made only
 * of "no value" words (N/E, Unknown) is a name nobody typed, not a test
 * record: never on its own a reason to delete a person (issue 13). */
static gboolean is_placeholder_word(const char *w, gsize n, gconstpointer data)
{
  (void)data;
  if (n >= 3) {
    gboolean same = TRUE;
    for (gsize i = 1; i < n && same; i++)
      same = w[i] == w[0];
    if (same)
      return TRUE; /* xxx, aaaa, zzzzz */
  }
  const char *const *placeholder_words = audit_data(AUDIT_DATA_PERSON_PLACEHOLDERS);
  for (guint i = 0; placeholder_words[i]; i++)
    if (strlen(placeholder_words[i]) == n && memcmp(placeholder_words[i], w, n) == 0)
      return TRUE;
  return FALSE;
}

/* Is every word of the folded name a placeholder, one of them a test word or
 * keyboard mash? FALSE for a blank name. */
gboolean audit_spam_name(const char *folded)
{
  if (!audit_placeholder_text(folded, is_placeholder_word, NULL))
    return FALSE;
  for (const char *p = folded; *p;) {
    gsize n = strcspn(p, " ");
    if (n && is_placeholder_word(p, n, NULL))
      return TRUE;
    p += n;
    while (*p == ' ')
      p++;
  }
  return FALSE;
}

/* test@, test1@, testing@ */
gboolean audit_test_address(const char *email)
{
  while (g_ascii_isspace(*email))
    email++;
  const char *at = strchr(email, '@');
  if (!at)
    return FALSE;
  gsize n = (gsize)(at - email);
  if (n == 7 && g_ascii_strncasecmp(email, "testing", 7) == 0)
    return TRUE;
  if (n < 4 || g_ascii_strncasecmp(email, "test", 4) != 0)
    return FALSE;
  for (gsize i = 4; i < n; i++)
    if (!g_ascii_isdigit(email[i]))
      return FALSE;
  return TRUE;
}

gboolean audit_spam_reasons(const AuditDomains *d, guint32 id, const char *email, const char *folded,
                            const char *who, GString *reasons)
{
  gsize start = reasons->len;
  guint flags = id ? audit_domain_flags(d, id) : 0;
  if (flags & AUDIT_DOMAIN_DISPOSABLE)
    g_string_append_printf(reasons, "%sdisposable email domain %s", reasons->len ? "; " : "", audit_domain_name(d, id));
  if (audit_spam_name(folded))
    g_string_append_printf(reasons, "%splaceholder name '%s'", reasons->len ? "; " : "", who);
  if (reasons->len == start)
    return FALSE;
  /* beside another reason, a placeholder email supports it */
  if (flags & AUDIT_DOMAIN_PLACEHOLDER)
    g_string_append_printf(reasons, "; placeholder email domain %s", audit_domain_name(d, id));
  if (audit_test_address(email))
    g_string_append_printf(reasons, "; test address %s", email);
  return TRUE;
}

gboolean audit_placeholder_email(const AuditModel *m, AuditObject o, guint row, GString *why)
{
  const AuditDomains *d = m->domains;
  guint32 id = o == AUDIT_OBJ_LEAD ? d->lead_email[row] : d->contact_email[row];
  const char *email = audit_text(&m->tables[o], row, o == AUDIT_OBJ_LEAD ? LEAD_EMAIL : CONTACT_EMAIL);
  guint count;
  gboolean common = audit_email_placeholder(m, o, row, &count) && audit_value_common(count, m->tables[o].nrows);
  gboolean domain = id && (audit_domain_flags(d, id) & AUDIT_DOMAIN_PLACEHOLDER);
  gboolean test = audit_test_address(email);
  if (why && domain)
    g_string_append_printf(why, "%splaceholder domain %s", why->len ? "; " : "", audit_domain_name(d, id));
  if (why && test)
    g_string_append_printf(why, "%sa test address", why->len ? "; " : "");
  if (why && common)
    g_string_append_printf(why, "%sheld by %u %ss", why->len ? "; " : "", count,
                           o == AUDIT_OBJ_LEAD ? "lead" : "contact");
  return domain || test || common;
}
/* ---- domain families ---- */

const char *audit_domain_family_label(const AuditDomains *d, guint32 id, char *buf, gsize len)
{
  const char *name = audit_domain_name(d, id), *dot = strchr(name, '.');
  g_strlcpy(buf, name, MIN(len, dot ? (gsize)(dot - name) + 1 : len));
  return buf;
}

enum { ORG_NONE = -1, ORG_MANY = -2 };

/* The hierarchy of an account (its top), the account itself when it has none. */
static gint32 account_org(const AuditMatchSet *acc, guint a)
{
  return acc && acc->rec[a].root >= 0 ? acc->rec[a].root : (gint32)a;
}

static gint32 org_merge(gint32 x, gint32 y)
{
  if (x == ORG_NONE)
    return y;
  if (y == ORG_NONE || x == y)
    return x;
  return ORG_MANY;
}

static void domain_families_free(gpointer p)
{
  AuditDomainFamilies *f = p;
  g_free(f->family);
  g_free(f->next);
  g_free(f);
}

static gpointer domain_families_build(const AuditContext *ctx)
{
  const AuditModel *m = ctx->model;
  const AuditDomains *d = m->domains;
  const AuditTable *acct = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint nd = d->names->len;
  AuditDomainFamilies *f = g_new0(AuditDomainFamilies, 1);
  f->family = g_new(guint32, nd + 1);
  f->next = g_new0(guint32, nd + 1);
  for (guint i = 0; i < nd; i++)
    f->family[i] = i;
  /* which hierarchy each domain is the website of */
  g_autofree gint32 *org = g_new(gint32, nd + 1);
  for (guint i = 0; i < nd; i++)
    org[i] = ORG_NONE;
  const AuditMatchSet *acc = acct->present ? audit_match_accounts_shared(ctx) : NULL;
  for (guint a = 0; acct->present && a < acct->nrows; a++) {
    guint32 w = d->account_website[a];
    if (audit_domain_is_business(d, w))
      org[w] = org_merge(org[w], account_org(acc, a));
  }
  /* the business domains by label, in domain order */
  g_autoptr(GHashTable) labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new();
  char label[256];
  for (guint32 i = 1; i < nd; i++) {
    if (!audit_domain_is_business(d, i) || org[i] == ORG_MANY)
      continue;
    audit_domain_family_label(d, i, label, sizeof label);
    if (strlen(label) < 3 || strcmp(label, audit_domain_name(d, i)) == 0)
      continue;
    GArray *g = g_hash_table_lookup(labels, label);
    if (!g) {
      g = g_array_new(FALSE, FALSE, sizeof(guint32));
      g_hash_table_insert(labels, g_strdup(label), g);
      g_ptr_array_add(order, g);
    }
    g_array_append_val(g, i);
  }
  g_autofree gint32 *family_org = g_new(gint32, nd + 1);
  g_autofree guint32 *last = g_new0(guint32, nd + 1);
  for (guint k = 0; k < order->len; k++) {
    GArray *g = g_ptr_array_index(order, k);
    if (g->len < 2)
      continue;
    for (guint x = 0; x < g->len; x++) {
      guint32 i = g_array_index(g, guint32, x);
      /* the first family of the label this domain is not the website of another hierarchy than */
      for (guint y = 0; y < x; y++) {
        guint32 j = g_array_index(g, guint32, y);
        if (f->family[j] != j)
          continue; /* not a family's first */
        if (family_org[j] != ORG_NONE && org[i] != ORG_NONE && family_org[j] != org[i])
          continue;
        f->family[i] = j;
        f->next[last[j]] = i;
        last[j] = i;
        family_org[j] = org_merge(family_org[j], org[i]);
        break;
      }
      if (f->family[i] == i) {
        family_org[i] = org[i];
        last[i] = i;
      }
    }
  }
  for (guint32 i = 1; i < nd; i++)
    if (f->family[i] != i || f->next[i])
      f->joined++;
  return f;
}

const AuditDomainFamilies *audit_domain_families_shared(const AuditContext *ctx)
{
  return audit_ctx_shared(ctx, "domain:families", domain_families_build, domain_families_free);
}
