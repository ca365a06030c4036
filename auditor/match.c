#include "match.h"
#include "domain.h"
#include "normalize.h"
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

/* Without spaces, into out (as long as s at least). */
static void strip_spaces(const char *s, char *out)
{
  for (; *s; s++)
    if (*s != ' ')
      *out++ = *s;
  *out = 0;
}

static char *without_spaces(const char *s)
{
  char *r = g_malloc(strlen(s) + 1);
  strip_spaces(s, r);
  return r;
}

typedef struct {
  const char *iso, *code;
} Country;

/* Test and placeholder words of company names
 * (data/company-placeholder-words.txt), beyond the words for "no value" of
 * every language (audit_placeholder_text: unknown, N/A, N/E, sin nombre,
 * unbekannt, неизвестно, ...). */
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
} MatchFields;

static int compare_u64(const void *a, const void *b)
{
  guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
  return x < y ? -1 : x > y;
}

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

/* value_counts, with the records of one hierarchy counted once (a group's
 * accounts share their name, site and switchboard). */
static guint32 *tree_counts(const AuditMatchSet *s, const char *const *values)
{
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const char **first = g_new0(const char *, s->n + 1);
  for (guint r = 0; r < s->n; r++) {
    if (!values[r] || !*values[r])
      continue;
    if (s->rec[r].root < 0) {
      first[r] = values[r];
      continue;
    }
    char *key = g_strdup_printf("%d/%s", s->rec[r].root, values[r]);
    if (g_hash_table_add(seen, key))
      first[r] = values[r]; /* the first of its hierarchy with this value */
  }
  g_hash_table_unref(seen);
  guint32 *counts = value_counts(first, s->n);
  /* every holder gets its value's count */
  GHashTable *by_value = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint r = 0; r < s->n; r++)
    if (first[r])
      g_hash_table_insert(by_value, (gpointer)first[r], GUINT_TO_POINTER(counts[r]));
  for (guint r = 0; r < s->n; r++)
    counts[r] = values[r] && *values[r] ? GPOINTER_TO_UINT(g_hash_table_lookup(by_value, values[r])) : 0;
  g_hash_table_unref(by_value);
  g_free(first);
  return counts;
}

/* Values common in the set (audit_value_common) are placeholders: left out;
 * the others get their weight. Accounts: the name, the phone, the website
 * domain, each counted once per hierarchy; leads: the phone. */
static void leave_out_common(const AuditModel *m, const MatchFields *fl, AuditMatchSet *s)
{
  gboolean lead = fl->obj == AUDIT_OBJ_LEAD;
  const char **values = g_new0(const char *, s->n + 1);
  for (guint r = 0; r < s->n; r++)
    values[r] = s->rec[r].phone;
  guint32 *counts = tree_counts(s, values);
  common_notice(m, fl, s, "Phone", fl->phone, counts, values, s->n);
  for (guint r = 0; r < s->n; r++)
    if (s->rec[r].phone && audit_value_common((s->rec[r].phone_n = counts[r]), s->n))
      s->rec[r].phone = NULL;
  g_free(counts);
  if (!lead) {
    for (guint r = 0; r < s->n; r++)
      values[r] = s->rec[r].name;
    counts = tree_counts(s, values);
    common_notice(m, fl, s, "Name", fl->name, counts, values, s->n);
    for (guint r = 0; r < s->n; r++)
      if (*s->rec[r].name && audit_value_common(counts[r], s->n))
        s->rec[r].name = s->rec[r].flat = "";
    g_free(counts);
    /* domains: distinct (domain, hierarchy) pairs, then hierarchies per domain */
    guint nd = m->domains ? m->domains->names->len : 0;
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(guint64));
    for (guint r = 0; r < s->n; r++)
      if (s->rec[r].domain) {
        guint64 k = (guint64)s->rec[r].domain << 32 | (guint32)(s->rec[r].root >= 0 ? s->rec[r].root : (gint32)r);
        g_array_append_val(keys, k);
      }
    if (keys->len > 1)
      qsort(keys->data, keys->len, sizeof(guint64), compare_u64);
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
        strip_spaces(name->str, flat);
        x->flat = g_string_chunk_insert(s->chunk, flat);
      } else {
        g_autofree char *f = without_spaces(name->str);
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
  g_hash_table_unref(cities);
  g_hash_table_unref(postals);
  g_hash_table_unref(countries);
  return s;
}

AuditMatchSet *audit_match_accounts(const AuditModel *m)
{
  static const MatchFields f = {AUDIT_OBJ_ACCOUNT, ACCOUNT_NAME, ACCOUNT_BILLING_COUNTRY, ACCOUNT_PHONE,
                                ACCOUNT_BILLING_CITY, NULL, ACCOUNT_BILLING_POSTAL};
  return match_records(m, &f);
}

AuditMatchSet *audit_match_leads(const AuditModel *m)
{
  static const MatchFields f = {AUDIT_OBJ_LEAD, LEAD_COMPANY, LEAD_COUNTRY, LEAD_PHONE, LEAD_CITY, "PostalCode", 0};
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

/* ---- blocking ---- */

typedef struct {
  guint64 h;
  guint32 row;
  guint32 pad;
} KeyEntry;

static guint64 mix(guint64 h)
{
  /* splitmix finaliser: spread the bits for the radix sort */
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

#define POLY 0x100000001b3ull

/* A polynomial hash (mod 2^64) of a name, so that the hash of the name with
 * one letter deleted comes from a prefix and a suffix in O(1): the name's
 * one-deletion neighbourhood costs O(length), not O(length^2). */
static guint64 poly_hash(const char *s, gsize len)
{
  guint64 h = 0;
  for (gsize i = 0; i < len; i++)
    h = h * POLY + (guchar)s[i] + 1;
  return h;
}

static guint64 name_key(guint64 poly)
{
  return mix(poly ^ 0x4e414d45ull); /* 'NAME' */
}

static guint64 hash_key(char kind, const char *s, gsize len)
{
  guint64 h = 0xcbf29ce484222325ull ^ (guchar)kind;
  h *= 0x100000001b3ull;
  for (gsize i = 0; i < len; i++) {
    h ^= (guchar)s[i];
    h *= 0x100000001b3ull;
  }
  return mix(h);
}

static void add_key(GArray *keys, guint64 h, guint row)
{
  KeyEntry e = {h, row, 0};
  g_array_append_val(keys, e);
}

/* LSD radix sort on 64-bit values at a stride, by the bytes from first_byte
 * up (8 - first_byte passes of 256 buckets, an even number: the streams stay
 * in cache). Stable. */
static void radix_sort(void *base, gsize n, gsize size, gsize key_offset, guint first_byte)
{
  if (n < 2)
    return;
  guint8 *a = base, *b = g_malloc(n * size);
  for (guint pass = first_byte; pass < 8; pass++) {
    guint32 count[256] = {0};
    guint shift = pass * 8;
    for (gsize i = 0; i < n; i++) {
      guint64 k;
      memcpy(&k, a + i * size + key_offset, 8);
      count[(k >> shift) & 0xFF]++;
    }
    guint32 sum = 0;
    for (guint i = 0; i < 256; i++) {
      guint32 c = count[i];
      count[i] = sum;
      sum += c;
    }
    for (gsize i = 0; i < n; i++) {
      guint64 k;
      memcpy(&k, a + i * size + key_offset, 8);
      memcpy(b + (gsize)count[(k >> shift) & 0xFF]++ * size, a + i * size, size);
    }
    guint8 *t = a;
    a = b;
    b = t;
  }
  /* an even number of passes: the sorted data is back in base */
  g_free(b);
}

static gint compare_str(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The name's blocking keys: the name without spaces, its one-deletion
 * neighbourhood, its words sorted. */
static void name_keys(const AuditMatchRecord *x, GArray *keys, guint r)
{
  gsize len = strlen(x->flat);
  if (len >= 2) {
    add_key(keys, name_key(poly_hash(x->flat, len)), r);
    /* one deletion at each place: a typo meets its twin under one key */
    if (len >= 5) {
      gsize l = MIN(len, 40);
      guint64 pre[41], suf[42], pw[41];
      pre[0] = 0;
      pw[0] = 1;
      for (gsize i = 0; i < l; i++) {
        pre[i + 1] = pre[i] * POLY + (guchar)x->flat[i] + 1;
        pw[i + 1] = pw[i] * POLY;
      }
      suf[l] = 0;
      for (gsize i = l; i > 0; i--)
        suf[i - 1] = suf[i] + ((guchar)x->flat[i - 1] + 1) * pw[l - i];
      for (gsize i = 0; i < l; i++)
        add_key(keys, name_key(pre[i] * pw[l - 1 - i] + suf[i + 1]), r);
    }
    /* the words sorted: another order meets too */
    if (strchr(x->name, ' ')) {
      /* on the stack: this runs for every record (up to 32 words of a name under 256 bytes) */
      char copy[256], joined[256];
      const char *words[32];
      gsize nl = strlen(x->name);
      guint nw = 0;
      if (nl < sizeof copy) {
        memcpy(copy, x->name, nl + 1);
        for (char *p = copy; p && nw < G_N_ELEMENTS(words);) {
          words[nw++] = p;
          p = strchr(p, ' ');
          if (p)
            *p++ = 0;
        }
      }
      if (nl < sizeof copy && nw < G_N_ELEMENTS(words)) {
        qsort(words, nw, sizeof *words, compare_str);
        gsize jl = 0;
        for (guint i = 0; i < nw; i++) {
          gsize wl = strlen(words[i]);
          memcpy(joined + jl, words[i], wl);
          jl += wl;
        }
        joined[jl] = 0;
        if (strcmp(joined, x->flat) != 0)
          add_key(keys, name_key(poly_hash(joined, jl)), r);
      } else {
        g_auto(GStrv) w = g_strsplit(x->name, " ", -1);
        qsort(w, g_strv_length(w), sizeof *w, compare_str);
        g_autofree char *j = g_strjoinv("", w);
        if (strcmp(j, x->flat) != 0)
          add_key(keys, name_key(poly_hash(j, strlen(j))), r);
      }
    }
  }
}

typedef struct {
  guint32 h;        /* the top 32 bits of the keys */
  guint32 start, n; /* their block in keys; n 0: an empty slot */
} NameSlot;

/* Pairs of every run of equal keys (by the top 32 bits) of at most
 * block_cap records; a larger run is counted in *capped. */
static void runs_to_pairs(const KeyEntry *k, guint n, guint block_cap, GArray *pairs, guint64 *capped)
{
  for (guint i = 0; i < n;) {
    guint j = i + 1;
    while (j < n && (k[j].h >> 32) == (k[i].h >> 32))
      j++;
    if (j - i > block_cap) {
      (*capped)++;
    } else {
      for (guint x = i; x < j; x++)
        for (guint y = x + 1; y < j; y++) {
          guint32 a = k[x].row, b = k[y].row;
          if (a == b)
            continue;
          guint64 p = a < b ? ((guint64)a << 32 | b) : ((guint64)b << 32 | a);
          g_array_append_val(pairs, p);
        }
    }
    i = j;
  }
}

static GArray *sorted_name_keys(const AuditMatchSet *s)
{
  GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), s->n * 10 + 16);
  for (guint r = 0; r < s->n; r++)
    name_keys(&s->rec[r], keys, r);
  /* by the top 32 bits of the key hashes: four passes; two keys that agree
   * there by chance only add a candidate pair that scores low */
  radix_sort(keys->data, keys->len, sizeof(KeyEntry), G_STRUCT_OFFSET(KeyEntry, h), 4);
  return keys;
}

struct AuditNameIndex {
  GArray *keys;    /* KeyEntry sorted by h */
  NameSlot *slots; /* open addressing on h: one probe or two per lookup, not a binary search's cache misses */
  guint64 mask;
  guint block_cap;
};

GArray *audit_match_candidates(const AuditMatchSet *s, const AuditNameIndex *names, guint block_cap,
                               AuditBlockStats *stats)
{
  /* the names' keys, sorted once (and shared with the lead checks), then the domains' and phones' */
  GArray *own = names ? NULL : sorted_name_keys(s);
  const GArray *nk = names ? names->keys : own;
  GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), s->n * 2 + 16);
  for (guint r = 0; r < s->n; r++) {
    const AuditMatchRecord *x = &s->rec[r];
    if (x->domain) {
      char num[16];
      int n = g_snprintf(num, sizeof num, "%u", x->domain);
      add_key(keys, hash_key('D', num, (gsize)n), r);
    }
    if (x->phone)
      add_key(keys, hash_key('P', x->phone, strlen(x->phone)), r);
  }
  radix_sort(keys->data, keys->len, sizeof(KeyEntry), G_STRUCT_OFFSET(KeyEntry, h), 4);
  GArray *pairs = g_array_new(FALSE, FALSE, sizeof(guint64));
  guint64 capped = 0;
  runs_to_pairs((const KeyEntry *)nk->data, nk->len, block_cap, pairs, &capped);
  runs_to_pairs((const KeyEntry *)keys->data, keys->len, block_cap, pairs, &capped);
  if (stats) {
    stats->keys = nk->len + keys->len;
    stats->blocks_capped = capped;
  }
  g_array_unref(keys);
  if (own)
    g_array_unref(own);
  radix_sort(pairs->data, pairs->len, sizeof(guint64), 0, 0);
  guint64 *p = (guint64 *)pairs->data;
  guint w = 0;
  for (guint i = 0; i < pairs->len; i++)
    if (w == 0 || p[i] != p[w - 1])
      p[w++] = p[i];
  g_array_set_size(pairs, w);
  return pairs;
}

/* ---- another object's names against the accounts' ---- */

AuditNameIndex *audit_name_index_new(const AuditMatchSet *s, guint block_cap)
{
  AuditNameIndex *x = g_new0(AuditNameIndex, 1);
  x->block_cap = block_cap;
  x->keys = sorted_name_keys(s);
  const KeyEntry *k = (const KeyEntry *)x->keys->data;
  guint blocks = 0;
  for (guint i = 0; i < x->keys->len; i++)
    blocks += i == 0 || (k[i].h >> 32) != (k[i - 1].h >> 32);
  guint64 size = 16;
  while (size < (guint64)blocks + blocks / 3) /* a load of 3/4 at most */
    size <<= 1;
  x->slots = g_new0(NameSlot, size);
  x->mask = size - 1;
  for (guint i = 0; i < x->keys->len;) {
    guint j = i + 1;
    while (j < x->keys->len && (k[j].h >> 32) == (k[i].h >> 32))
      j++;
    guint32 h = (guint32)(k[i].h >> 32);
    guint64 p = mix(h) & x->mask;
    while (x->slots[p].n)
      p = (p + 1) & x->mask;
    x->slots[p] = (NameSlot){h, i, j - i};
    i = j;
  }
  return x;
}

void audit_name_index_free(AuditNameIndex *x)
{
  if (!x)
    return;
  g_array_unref(x->keys);
  g_free(x->slots);
  g_free(x);
}

static int compare_u32(const void *a, const void *b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  return x < y ? -1 : x > y;
}

void audit_name_index_lookup(const AuditNameIndex *x, const AuditMatchRecord *rec, GArray *rows)
{
  g_array_set_size(rows, 0);
  GArray *mine = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), 48);
  name_keys(rec, mine, 0);
  const KeyEntry *k = (const KeyEntry *)x->keys->data;
  for (guint i = 0; i < mine->len; i++) {
    guint32 h = (guint32)(g_array_index(mine, KeyEntry, i).h >> 32);
    guint64 p = mix(h) & x->mask;
    while (x->slots[p].n && x->slots[p].h != h)
      p = (p + 1) & x->mask;
    const NameSlot *sl = &x->slots[p];
    if (!sl->n || sl->n > x->block_cap)
      continue; /* none, or a key too many share: it says little */
    for (guint j = sl->start; j < sl->start + sl->n; j++)
      g_array_append_val(rows, k[j].row);
  }
  g_array_unref(mine);
  if (rows->len > 1)
    qsort(rows->data, rows->len, sizeof(guint32), compare_u32);
  guint32 *q = (guint32 *)rows->data;
  guint w = 0;
  for (guint i = 0; i < rows->len; i++)
    if (w == 0 || q[i] != q[w - 1])
      q[w++] = q[i];
  g_array_set_size(rows, w);
}

/* ---- scoring ---- */

/* Optimal string alignment distance (Damerau-Levenshtein with adjacent
 * transpositions), on at most 64 bytes of each. */
static guint osa_distance(const char *a, gsize la, const char *b, gsize lb)
{
  la = MIN(la, 64);
  lb = MIN(lb, 64);
  guint d[65][65];
  for (gsize i = 0; i <= la; i++)
    d[i][0] = (guint)i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = (guint)j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++) {
      guint cost = a[i - 1] != b[j - 1];
      guint v = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);
      v = MIN(v, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = MIN(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  return d[la][lb];
}

static gboolean words_contained(char **small, char **big)
{
  guint n = 0;
  for (guint i = 0; small[i]; i++) {
    if (!g_strv_contains((const char *const *)big, small[i]))
      return FALSE;
    if (strlen(small[i]) >= 3)
      n++;
  }
  return n > 0;
}

/* Is a (one word) the initials of b's words (and, of, the left out)? */
static gboolean is_acronym(const char *a, char **bw)
{
  gsize la = strlen(a);
  if (strchr(a, ' ') || la < 2 || la > 6)
    return FALSE;
  char init[16];
  gsize n = 0;
  for (guint i = 0; bw[i] && n < sizeof init - 1; i++) {
    if (!strcmp(bw[i], "and") || !strcmp(bw[i], "of") || !strcmp(bw[i], "the"))
      continue;
    init[n++] = bw[i][0];
  }
  init[n] = 0;
  return n >= 2 && n == la && memcmp(init, a, n) == 0;
}

double audit_name_similarity(const char *a, const char *b, gboolean acronym_ok, const char **rule)
{
  const char *dummy;
  if (!rule)
    rule = &dummy;
  if (!*a || !*b) {
    *rule = "a blank name";
    return 0;
  }
  if (strcmp(a, b) == 0) {
    *rule = "same name";
    return 1;
  }
  g_autofree char *fa = without_spaces(a), *fb = without_spaces(b);
  if (strcmp(fa, fb) == 0) {
    *rule = "same name but for spaces";
    return 1;
  }
  gsize la = strlen(fa), lb = strlen(fb);
  guint dist = osa_distance(fa, la, fb, lb);
  /* Edits apart: one edit is a typo or another company one letter away
   * (Lumentop, Lumenton): it needs a strong second signal (the phone
   * or the domain). Two edits need the domain. */
  gsize longest = MAX(MIN(la, 64), MIN(lb, 64));
  double best = dist == 1 && longest >= 5 ? 0.78
                : dist == 2 && longest >= 10 ? 0.75
                                             : MIN(0.7, 1.0 - (double)dist / (double)longest);
  *rule = dist == 1 ? "one letter apart" : dist == 2 ? "two letters apart" : "different names";
  g_auto(GStrv) aw = g_strsplit(a, " ", -1), bw = g_strsplit(b, " ", -1);
  guint na = g_strv_length(aw), nb = g_strv_length(bw);
  gboolean acronym = is_acronym(a, bw) || is_acronym(b, aw); /* before the words are sorted */
  if (na == nb && na > 1) {
    qsort(aw, na, sizeof *aw, compare_str);
    qsort(bw, nb, sizeof *bw, compare_str);
    gboolean same = TRUE;
    for (guint i = 0; i < na; i++)
      same = same && strcmp(aw[i], bw[i]) == 0;
    if (same) {
      *rule = "same words in another order";
      return 1;
    }
  }
  if (best < 0.8 && na != nb && words_contained(na < nb ? aw : bw, na < nb ? bw : aw)) {
    best = 0.8;
    *rule = "one name's words all in the other";
  }
  double acr = acronym_ok ? 0.9 : 0.5;
  if (best < acr && acronym) {
    best = acr;
    *rule = "an acronym of the other";
  }
  return best < 0 ? 0 : best;
}

/* Where a legal form is used (ISO codes, space-separated); NULL: anywhere
 * ("Co", "& Co") or not known. */
static const char *legal_countries(const char *legal)
{
  static const struct {
    const char *legal, *countries;
  } table[] = {
    {"inc", "US CA PH"}, {"corp", "US CA PH"}, {"llc", "US"}, {"pllc", "US"}, {"pc", "US"},
    {"lp", "US CA GB"}, {"llp", "GB US IN"}, {"ltd", "GB IE NZ IN CA HK SG IL ZA AU JP"}, {"plc", "GB IE"},
    {"gmbh", "DE AT CH"}, {"ag", "DE AT CH"}, {"kg", "DE AT"}, {"kgaa", "DE"}, {"ohg", "DE"}, {"ug", "DE"},
    {"gmbh & co kg", "DE AT"}, {"ag & co kg", "DE"}, {"sa", "FR BE CH ES LU PL BR MX PT AR"},
    {"sas", "FR"}, {"sarl", "FR BE CH LU"}, {"eurl", "FR"}, {"bv", "NL BE"}, {"nv", "NL BE"},
    {"spa", "IT"}, {"srl", "IT BE AR"}, {"sl", "ES"}, {"ab", "SE FI"}, {"as", "NO DK"}, {"asa", "NO"},
    {"aps", "DK"}, {"oy", "FI"}, {"pty ltd", "AU ZA"}, {"pty", "AU ZA"}, {"pte ltd", "SG"}, {"pte", "SG"},
    {"pvt ltd", "IN"}, {"pvt", "IN"}, {"kk", "JP"}, {"gk", "JP"}, {"co ltd", "JP KR CN TH"},
    {"ltda", "BR CO PT"}, {"sa de cv", "MX"}, {"sp z oo", "PL"}, {"dac", "IE"}, {"sdn bhd", "MY"},
  };
  if (!legal)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(table); i++)
    if (strcmp(table[i].legal, legal) == 0)
      return table[i].countries;
  return NULL;
}

static gboolean used_in(const char *countries, const char *iso)
{
  for (const char *p = countries; *p; p += (p[2] ? 3 : 2))
    if (p[0] == iso[0] && p[1] == iso[1])
      return TRUE;
  return FALSE;
}

/* Do the two records' legal forms or countries put them in different
 * jurisdictions (Ltd vs GmbH; Inc in the US vs AB)? */
static gboolean jurisdictions_differ(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  const char *lx = legal_countries(x->legal), *ly = legal_countries(y->legal);
  if (lx && y->country && !used_in(lx, y->country))
    return TRUE;
  if (ly && x->country && !used_in(ly, x->country))
    return TRUE;
  if (lx && ly) {
    for (const char *p = lx; *p; p += (p[2] ? 3 : 2)) {
      char iso[3] = {p[0], p[1], 0};
      if (used_in(ly, iso))
        return FALSE;
    }
    return TRUE;
  }
  return FALSE;
}

void audit_match_score(const AuditMatchSet *s, guint a, guint b, AuditPairScore *out)
{
  const AuditMatchRecord *x = &s->rec[a], *y = &s->rec[b];
  memset(out, 0, sizeof *out);
  gboolean same_tree = x->root >= 0 && x->root == y->root;
  gboolean domain_eq = x->domain && x->domain == y->domain;
  gboolean domain_ne = x->domain && y->domain && x->domain != y->domain;
  /* a domain a few unrelated accounts share says less (audit_value_weight); only a rare one makes a rename */
  double domain_w = domain_eq ? audit_value_weight(x->domain_n, s->n) : 0;
  gboolean domain_rare = domain_eq && domain_w >= 1;
  out->name = audit_name_similarity(x->name, y->name, domain_rare && !same_tree, &out->rule);
  double score = out->name;
  if (out->name >= 0.75)
    out->matched |= AUDIT_SIG_NAME;
  if (domain_eq) {
    if (same_tree) {
      out->matched |= AUDIT_SIG_HIERARCHY; /* the hierarchy explains the shared domain */
    } else {
      out->matched |= AUDIT_SIG_DOMAIN;
      /* the same website with another name is a rename or an acronym */
      score = domain_rare ? MAX(score, 0.75) + 0.10 : score + 0.10 * domain_w;
    }
  }
  if (domain_ne) {
    out->conflicts |= AUDIT_SIG_DOMAIN;
    score -= 0.20;
  }
  if (x->phone && y->phone && strcmp(x->phone, y->phone) == 0) {
    out->matched |= AUDIT_SIG_PHONE;
    score += 0.10 * audit_value_weight(MAX(x->phone_n, y->phone_n), s->n);
  }
  if (x->postal && y->postal && strcmp(x->postal, y->postal) == 0) {
    out->matched |= AUDIT_SIG_POSTAL;
    score += 0.04;
  }
  if (x->city && y->city) {
    if (strcmp(x->city, y->city) == 0) {
      out->matched |= AUDIT_SIG_CITY;
      score += 0.02;
    } else {
      /* branches have other cities, but the same name in another city with
       * nothing else shared (website, phone) is as often another company */
      out->conflicts |= AUDIT_SIG_CITY;
      score -= (out->matched & (AUDIT_SIG_DOMAIN | AUDIT_SIG_PHONE)) ? 0.10 : 0.20;
    }
  }
  /* another country: by the billing country, else by the phone's calling code, or
   * legal forms of different jurisdictions (a GmbH is not an Inc.) */
  if ((x->country && y->country && strcmp(x->country, y->country) != 0) ||
      ((!x->country || !y->country) && x->calling && y->calling && strcmp(x->calling, y->calling) != 0) ||
      jurisdictions_differ(x, y)) {
    out->conflicts |= AUDIT_SIG_COUNTRY;
    score -= 0.20;
    /* another country and another website: separate legal entities */
    if (domain_ne)
      score = 0;
  }
  out->score = CLAMP(score, 0.0, 1.0);
}

void audit_match_signals_text(guint signals, GString *out)
{
  static const char *const names[] = {"name", "domain", "phone", "postal code", "city", "country", "hierarchy"};
  gboolean first = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (signals & (1u << i)) {
      if (!first)
        g_string_append(out, ", ");
      g_string_append(out, names[i]);
      first = FALSE;
    }
}
