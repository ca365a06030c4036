/* Record matching, features: each record's normalized name, phone, city,
 * postal code, street, country and domain (match.h), and the placeholders by
 * frequency that are left out of them. */
#include "match-internal.h"
#include "domain.h"
#include "normalize.h"
#include "street.h"
#include "data.h"

#include <math.h>
#include <string.h>

/* ---- placeholders by frequency ---- */

guint audit_common_limit(guint n)
{
  guint log2n = 0;
  while (log2n < 32 && ((guint64)1 << log2n) < n)
    log2n++; /* ceil(log2 n) */
  return MAX(AUDIT_SMALL_GROUP + 2, log2n);
}

double audit_value_weight(guint count, guint n)
{
  guint limit = audit_common_limit(n);
  if (count <= AUDIT_SMALL_GROUP)
    return 1;
  if (count >= limit)
    return 0;
  return log((double)limit / count) / log((double)limit / AUDIT_SMALL_GROUP);
}

/* Per row: how many rows hold its value (NULL or "" holds none); values are
 * compared as strings. */
static guint32 *value_counts(const char *const *values, guint n)
{
  GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint r = 0; r < n; r++)
    if (values[r] && *values[r]) {
      gpointer c = g_hash_table_lookup(h, values[r]);
      g_hash_table_insert(h, (gpointer)values[r], GUINT_TO_POINTER(GPOINTER_TO_UINT(c) + 1));
    }
  guint32 *counts = g_new0(guint32, n + 1);
  for (guint r = 0; r < n; r++)
    if (values[r] && *values[r])
      counts[r] = GPOINTER_TO_UINT(g_hash_table_lookup(h, values[r]));
  g_hash_table_unref(h);
  return counts;
}

static guint32 *email_counts(const AuditModel *m, AuditObject o)
{
  const AuditTable *t = &m->tables[o];
  guint field = o == AUDIT_OBJ_LEAD ? LEAD_EMAIL : CONTACT_EMAIL;
  guint n = t->present ? t->nrows : 0;
  GStringChunk *chunk = g_string_chunk_new(1 << 16);
  const char **values = g_new0(const char *, n + 1);
  GString *buf = g_string_new(NULL);
  for (guint r = 0; r < n; r++) {
    if (audit_row_repeated(t, r))
      continue;
    g_string_assign(buf, audit_text(t, r, field));
    g_strstrip(buf->str);
    for (char *p = buf->str; *p; p++)
      *p = g_ascii_tolower(*p);
    if (*buf->str)
      values[r] = g_string_chunk_insert_const(chunk, buf->str);
  }
  g_string_free(buf, TRUE);
  guint32 *counts = value_counts(values, n);
  g_free(values);
  g_string_chunk_free(chunk);
  return counts;
}

void audit_email_counts_derive(AuditModel *m)
{
  m->email_counts[0] = email_counts(m, AUDIT_OBJ_CONTACT);
  m->email_counts[1] = email_counts(m, AUDIT_OBJ_LEAD);
}

gboolean audit_email_placeholder(const AuditModel *m, AuditObject o, guint row, guint *count)
{
  const AuditTable *t = &m->tables[o];
  const AuditDomains *d = m->domains;
  guint32 id = o == AUDIT_OBJ_LEAD ? d->lead_email[row] : d->contact_email[row];
  guint c = m->email_counts[o == AUDIT_OBJ_LEAD][row];
  if (count)
    *count = c;
  if (id && (audit_domain_flags(d, id) & AUDIT_DOMAIN_PLACEHOLDER))
    return TRUE;
  return c > 0 && audit_value_common(c, t->nrows);
}

/* ---- features ---- */

static const char *keep(GStringChunk *c, const char *s)
{
  return s && *s ? g_string_chunk_insert(c, s) : NULL;
}

/* Folded text with spaces (and, for postal codes, everything not
 * alphanumeric) dropped; NULL when blank. Values repeat (cities), so each
 * distinct one is folded once. */
static const char *folded(GStringChunk *c, GHashTable *cache, const char *s, gboolean squeeze, GString *buf)
{
  if (audit_is_blank(s))
    return NULL;
  gpointer hit;
  if (g_hash_table_lookup_extended(cache, s, NULL, &hit))
    return hit;
  g_string_truncate(buf, 0);
  audit_fold_text(s, buf);
  gsize w = 0;
  gboolean space = TRUE;
  for (gsize i = 0; i < buf->len; i++) {
    char ch = buf->str[i];
    if (g_ascii_isalnum(ch) || (guchar)ch >= 0x80) {
      buf->str[w++] = ch;
      space = FALSE;
    } else if (!squeeze && !space) {
      buf->str[w++] = ' ';
      space = TRUE;
    }
  }
  if (w && buf->str[w - 1] == ' ')
    w--;
  buf->str[w] = 0;
  const char *r = w ? g_string_chunk_insert_const(c, buf->str) : NULL;
  g_hash_table_insert(cache, (gpointer)s, (gpointer)r);
  return r;
}

typedef struct {
  const char *iso, *code;
} Country;

/* Test and placeholder words of company names, beyond the words for "no
 * value" of every language (audit_placeholder_text: unknown, N/A, N/E, sin
 * nombre, unbekannt, неизвестно, ...). */
static gboolean company_placeholder_word(const char *w, gsize n, gconstpointer extra)
{
  const char *const *words = audit_data(AUDIT_DATA_COMPANY_PLACEHOLDERS);
  for (guint i = 0; words[i]; i++)
    if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
      return TRUE;
  const char *const *more = extra;
  for (guint i = 0; more && more[i]; i++)
    if (strlen(more[i]) == n && memcmp(more[i], w, n) == 0)
      return TRUE;
  return FALSE;
}

/* A normalized name made only of test and placeholder words. */
static gboolean placeholder_name(const char *name)
{
  return !*name || audit_placeholder_text(name, company_placeholder_word, NULL);
}

gboolean audit_company_placeholder(const char *name, const char *const *extra)
{
  return !*name || audit_placeholder_text(name, company_placeholder_word, extra);
}

/* Where a record's matching features are, per object. */
typedef struct {
  AuditObject obj;
  guint name, country, phone, city;
  const char *postal; /* a column name (Lead has no schema field for it), or NULL: postal_field */
  guint postal_field;
  const char *street; /* the same for the street address */
  guint street_field;
} MatchFields;

/* One notice per field with placeholders: how many values, the most held,
 * shown as one of its records wrote it in the export (the set's values are
 * normalized: '576017450000' for '+57 601 7450000'), so that a user can
 * search for it. field: the schema field of the set's records (rows), label its column's name. */
static void common_notice(const AuditModel *m, const MatchFields *fl, AuditMatchSet *s, const char *label,
                          guint field, const guint32 *counts, const char *const *values, guint n)
{
  guint nvalues = 0, best = 0, example = 0;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint r = 0; r < n; r++)
    if (values[r] && *values[r] && audit_value_common(counts[r], n) && g_hash_table_add(seen, (gpointer)values[r])) {
      nvalues++;
      if (counts[r] > best) {
        best = counts[r];
        example = r;
      }
    }
  g_hash_table_unref(seen);
  if (nvalues)
    g_ptr_array_add(s->notices,
                    g_strdup_printf("placeholders: %u %s value%s held by %u or more of the %u %s records (such as "
                                    "'%s' on %u) are never taken as evidence that two records are the same",
                                    nvalues, label, nvalues == 1 ? "" : "s", audit_common_limit(n), n,
                                    audit_object_name(fl->obj), audit_text(&m->tables[fl->obj], example, field),
                                    best));
}

/* Who holds a record's values, for counting them: the top of its hierarchy
 * (a group's accounts share their name, site and switchboard), else the
 * first record identical to it on every feature (one company loaded many
 * times is one holder, not many). */
static guint32 *value_holders(AuditMatchSet *s)
{
  guint32 *holder = g_new(guint32, s->n + 1);
  guint64 *sig = g_new(guint64, s->n + 1);
  GHashTable *first = g_hash_table_new(g_int64_hash, g_int64_equal);
  for (guint r = 0; r < s->n; r++) {
    AuditMatchRecord *x = &s->rec[r];
    const char *parts[] = {x->name, x->phone, x->city, x->postal, x->country, x->address};
    guint64 h = 0xcbf29ce484222325ull ^ x->domain;
    for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
      for (const char *p = parts[i] ? parts[i] : ""; *p; p++)
        h = (h ^ (guchar)*p) * 0x100000001b3ull;
      h = (h ^ 0xff) * 0x100000001b3ull; /* a separator no text holds */
    }
    sig[r] = h;
    s->rec[r].sig = h;
    if (x->root >= 0) {
      holder[r] = (guint32)x->root;
      continue;
    }
    gpointer hit = g_hash_table_lookup(first, &sig[r]);
    holder[r] = hit ? GPOINTER_TO_UINT(hit) - 1 : r;
    if (!hit)
      g_hash_table_insert(first, &sig[r], GUINT_TO_POINTER(r + 1));
  }
  g_hash_table_unref(first);
  g_free(sig);
  return holder;
}

/* value_counts, with the records of one holder (value_holders) counted once:
 * each distinct value gets an id, then a record alone in its holder counts
 * for its value, and the others once per distinct (holder, value). */
static guint32 *tree_counts(const AuditMatchSet *s, const guint32 *holder, const char *const *values)
{
  GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
  guint32 *id = g_new0(guint32, s->n + 1); /* 0: no value */
  guint32 nids = 0;
  GArray *keys = g_array_new(FALSE, FALSE, sizeof(guint64));
  for (guint r = 0; r < s->n; r++) {
    if (!values[r] || !*values[r])
      continue;
    gpointer hit = g_hash_table_lookup(ids, values[r]);
    if (!hit) {
      hit = GUINT_TO_POINTER(++nids);
      g_hash_table_insert(ids, (gpointer)values[r], hit);
    }
    id[r] = GPOINTER_TO_UINT(hit);
    if (!(holder[r] == r && s->rec[r].root < 0)) {
      guint64 k = (guint64)holder[r] << 32 | id[r];
      g_array_append_val(keys, k);
    }
  }
  g_hash_table_unref(ids);
  guint32 *per_id = g_new0(guint32, nids + 1);
  for (guint r = 0; r < s->n; r++)
    if (id[r] && holder[r] == r && s->rec[r].root < 0)
      per_id[id[r]]++; /* a holder of one record: nothing to look up */
  if (keys->len > 1)
    qsort(keys->data, keys->len, sizeof(guint64), match_compare_u64);
  for (guint i = 0; i < keys->len; i++) {
    guint64 k = g_array_index(keys, guint64, i);
    if (i == 0 || k != g_array_index(keys, guint64, i - 1))
      per_id[(guint32)k]++; /* the first of its holder with this value */
  }
  g_array_unref(keys);
  guint32 *counts = g_new0(guint32, s->n + 1);
  for (guint r = 0; r < s->n; r++)
    counts[r] = per_id[id[r]];
  g_free(per_id);
  g_free(id);
  return counts;
}

/* Values common in the set (audit_value_common) are placeholders: left out;
 * the others get their weight. Accounts: the name, the phone, the website
 * domain, each counted once per hierarchy; leads: the phone. */
static void leave_out_common(const AuditModel *m, const MatchFields *fl, AuditMatchSet *s)
{
  gboolean lead = fl->obj == AUDIT_OBJ_LEAD;
  g_autofree guint32 *holder = value_holders(s);
  const char **values = g_new0(const char *, s->n + 1);
  for (guint r = 0; r < s->n; r++)
    values[r] = s->rec[r].phone;
  guint32 *counts = tree_counts(s, holder, values);
  common_notice(m, fl, s, "Phone", fl->phone, counts, values, s->n);
  for (guint r = 0; r < s->n; r++)
    if (s->rec[r].phone && audit_value_common((s->rec[r].phone_n = counts[r]), s->n))
      s->rec[r].phone = NULL;
  g_free(counts);
  if (!lead) {
    /* a street address is a site in its city: "1 main street" is in many towns */
    GStringChunk *sites = g_string_chunk_new(1 << 16);
    GString *site = g_string_sized_new(128);
    for (guint r = 0; r < s->n; r++) {
      const AuditMatchRecord *x = &s->rec[r];
      values[r] = NULL;
      if (!x->address)
        continue;
      g_string_assign(site, x->address);
      g_string_append_c(site, '|');
      g_string_append(site, x->city ? x->city : x->postal ? x->postal : "");
      values[r] = g_string_chunk_insert_len(sites, site->str, (gssize)site->len);
    }
    g_string_free(site, TRUE);
    counts = tree_counts(s, holder, values);
    common_notice(m, fl, s, "BillingStreet", fl->street_field, counts, values, s->n);
    for (guint r = 0; r < s->n; r++)
      if (s->rec[r].address && audit_value_common((s->rec[r].address_n = counts[r]), s->n))
        s->rec[r].address = s->rec[r].house = s->rec[r].street = NULL;
    g_free(counts);
    g_string_chunk_free(sites);
    for (guint r = 0; r < s->n; r++)
      values[r] = s->rec[r].name;
    counts = tree_counts(s, holder, values);
    common_notice(m, fl, s, "Name", fl->name, counts, values, s->n);
    for (guint r = 0; r < s->n; r++)
      if (*s->rec[r].name && audit_value_common(counts[r], s->n)) {
        s->rec[r].common_name = s->rec[r].name;
        s->rec[r].name = s->rec[r].flat = "";
      }
    g_free(counts);
    /* domains: distinct (domain, hierarchy) pairs, then hierarchies per domain */
    guint nd = m->domains ? m->domains->names->len : 0;
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(guint64));
    for (guint r = 0; r < s->n; r++)
      if (s->rec[r].domain) {
        guint64 k = (guint64)s->rec[r].domain << 32 | holder[r];
        g_array_append_val(keys, k);
      }
    if (keys->len > 1)
      qsort(keys->data, keys->len, sizeof(guint64), match_compare_u64);
    guint32 *per_domain = g_new0(guint32, nd + 1);
    for (guint i = 0; i < keys->len; i++) {
      guint64 k = g_array_index(keys, guint64, i);
      if (i == 0 || k != g_array_index(keys, guint64, i - 1))
        per_domain[k >> 32]++;
    }
    g_array_unref(keys);
    guint ncommon = 0, best = 0;
    guint32 example = 0;
    for (guint32 dom = 1; dom < nd; dom++)
      if (per_domain[dom] && audit_value_common(per_domain[dom], s->n)) {
        ncommon++;
        if (per_domain[dom] > best) {
          best = per_domain[dom];
          example = dom;
        }
      }
    if (ncommon)
      g_ptr_array_add(s->notices,
                      g_strdup_printf("placeholders: %u Website domain%s held by %u or more of the %u Account records "
                                      "outside one hierarchy (such as '%s' on %u) are never taken as evidence that two "
                                      "records are the same", ncommon, ncommon == 1 ? "" : "s", audit_common_limit(s->n),
                                      s->n, audit_domain_name(m->domains, example), best));
    for (guint r = 0; r < s->n; r++) {
      guint32 dom = s->rec[r].domain;
      if (dom && audit_value_common((s->rec[r].domain_n = per_domain[dom]), s->n))
        s->rec[r].domain = 0;
    }
    g_free(per_domain);
  }
  g_free(values);
}

static AuditMatchSet *match_records(const AuditModel *m, const MatchFields *fl)
{
  const AuditTable *t = &m->tables[fl->obj];
  const AuditDomains *d = m->domains;
  gboolean lead = fl->obj == AUDIT_OBJ_LEAD;
  gint postal_col = fl->postal ? audit_table_column(t, fl->postal) : t->known[fl->postal_field];
  gint street_col = fl->street ? audit_table_column(t, fl->street) : t->known[fl->street_field];
  GString *house = g_string_sized_new(16), *street = g_string_sized_new(64);
  AuditMatchSet *s = g_new0(AuditMatchSet, 1);
  s->n = t->present ? t->nrows : 0;
  s->rec = g_new0(AuditMatchRecord, s->n + 1);
  s->chunk = g_string_chunk_new(1 << 20);
  s->notices = g_ptr_array_new_with_free_func(g_free);
  GString *name = g_string_sized_new(128), *buf = g_string_sized_new(128);
  /* cities, postal codes and countries repeat: keyed by the cell's text (which outlives the set's use) */
  GHashTable *cities = g_hash_table_new(g_str_hash, g_str_equal), *postals = g_hash_table_new(g_str_hash, g_str_equal);
  GHashTable *countries = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  for (guint r = 0; r < s->n; r++) {
    AuditMatchRecord *x = &s->rec[r];
    x->root = -1;
    if (audit_row_repeated(t, r)) {
      /* the same record again (record-duplicate-id), not another account */
      x->name = x->flat = "";
      continue;
    }
    x->legal = audit_company_normalize(audit_text(t, r, fl->name), name);
    if (placeholder_name(name->str)) {
      /* "Test Account", "dummy": not a company, so not anyone's twin (account-name-format flags it) */
      x->name = x->flat = "";
      if (!lead)
        continue;
    } else {
      x->name = g_string_chunk_insert_len(s->chunk, name->str, (gssize)name->len);
      char flat[512];
      if (name->len < sizeof flat) {
        match_strip_spaces(name->str, flat);
        x->flat = g_string_chunk_insert(s->chunk, flat);
      } else {
        g_autofree char *f = match_without_spaces(name->str);
        x->flat = g_string_chunk_insert(s->chunk, f);
      }
    }
    const char *ctext = audit_text(t, r, fl->country);
    Country *cty = g_hash_table_lookup(countries, ctext);
    if (!cty) {
      cty = g_new0(Country, 1);
      cty->iso = audit_country_iso(ctext, &cty->code);
      g_hash_table_insert(countries, (gpointer)ctext, cty);
    }
    const char *code = cty->code;
    x->country = cty->iso;
    char phone[40];
    const char *ph = audit_text(t, r, fl->phone);
    if (audit_phone_digits(ph, code, phone, sizeof phone) >= 7)
      x->phone = keep(s->chunk, phone);
    x->calling = code ? code : audit_phone_calling_code(ph);
    x->city = folded(s->chunk, cities, audit_text(t, r, fl->city), FALSE, buf);
    x->postal = folded(s->chunk, postals, audit_cell(t, r, postal_col), TRUE, buf);
    if (audit_street_normalize(audit_cell(t, r, street_col), house, street)) {
      x->house = g_string_chunk_insert_len(s->chunk, house->str, (gssize)house->len);
      x->street = g_string_chunk_insert_len(s->chunk, street->str, (gssize)street->len);
      g_string_append_c(house, ' ');
      g_string_append_len(house, street->str, (gssize)street->len);
      x->address = g_string_chunk_insert_len(s->chunk, house->str, (gssize)house->len);
    }
    if (lead) {
      /* the business email's domain, else the website's */
      guint32 e = d && d->lead_email ? d->lead_email[r] : 0, w = d && d->lead_website ? d->lead_website[r] : 0;
      x->domain = d && audit_domain_is_business(d, e) ? e : d && audit_domain_is_business(d, w) ? w : 0;
    } else {
      guint32 dom = d && d->account_website ? d->account_website[r] : 0;
      x->domain = d && audit_domain_is_business(d, dom) ? dom : 0;
    }
  }
  /* hierarchy roots (the account tree, derive.c), for accounts with a parent or a child */
  for (guint r = 0; !lead && r < s->n; r++) {
    gboolean in_tree = audit_ref(t, r, ACCOUNT_PARENT) >= 0 || audit_link_count(&m->account_children, r) > 0;
    if (in_tree)
      s->rec[r].root = m->account_root[r];
  }
  leave_out_common(m, fl, s);
  g_string_free(name, TRUE);
  g_string_free(buf, TRUE);
  g_string_free(house, TRUE);
  g_string_free(street, TRUE);
  g_hash_table_unref(cities);
  g_hash_table_unref(postals);
  g_hash_table_unref(countries);
  return s;
}

AuditMatchSet *audit_match_accounts(const AuditModel *m)
{
  static const MatchFields f = {AUDIT_OBJ_ACCOUNT, ACCOUNT_NAME, ACCOUNT_BILLING_COUNTRY, ACCOUNT_PHONE,
                                ACCOUNT_BILLING_CITY, NULL, ACCOUNT_BILLING_POSTAL, NULL, ACCOUNT_BILLING_STREET};
  return match_records(m, &f);
}

AuditMatchSet *audit_match_leads(const AuditModel *m)
{
  static const MatchFields f = {AUDIT_OBJ_LEAD, LEAD_COMPANY, LEAD_COUNTRY, LEAD_PHONE, LEAD_CITY, "PostalCode", 0,
                                "Street", 0};
  return match_records(m, &f);
}

void audit_match_set_notify(const AuditContext *ctx, const AuditMatchSet *s)
{
  for (guint i = 0; i < s->notices->len; i++)
    audit_ctx_notice(ctx, s->notices->pdata[i]);
}

static gpointer accounts_build(const AuditContext *ctx)
{
  AuditMatchSet *s = audit_match_accounts(ctx->model);
  audit_match_set_notify(ctx, s);
  return s;
}

const AuditMatchSet *audit_match_accounts_shared(const AuditContext *ctx)
{
  return audit_ctx_shared(ctx, "match:account-features", accounts_build, (GDestroyNotify)audit_match_set_free);
}

static gpointer account_names_build(const AuditContext *ctx)
{
  return audit_name_index_new(audit_match_accounts_shared(ctx), AUDIT_NAME_BLOCK_CAP);
}

const AuditNameIndex *audit_match_account_names_shared(const AuditContext *ctx)
{
  return audit_ctx_shared(ctx, "match:account-names", account_names_build, (GDestroyNotify)audit_name_index_free);
}

void audit_match_set_free(AuditMatchSet *s)
{
  if (!s)
    return;
  g_free(s->rec);
  g_string_chunk_free(s->chunk);
  if (s->notices)
    g_ptr_array_unref(s->notices);
  g_free(s);
}
