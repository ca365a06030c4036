/* Record matching, blocking: the keys under which two records become a
 * candidate pair (match.h: audit_match_candidates) and the accounts' name
 * index that other objects' names are looked up in. */
#include "match-internal.h"

#include <string.h>

/* ---- blocking ---- */

/* A blocking key and its record in 8 bytes: the top 32 bits of the key's hash
 * above the row. Keys are compared by those 32 bits only: two keys that
 * agree there by chance only add a candidate pair that scores low. */
typedef guint64 KeyEntry;
#define KEY_H(e) ((guint32)((e) >> 32))
#define KEY_ROW(e) ((guint32)(e))

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
  KeyEntry e = (h & 0xffffffff00000000ull) | (guint32)row;
  g_array_append_val(keys, e);
}

/* LSD radix sort of 64-bit values by their bytes from first_byte up (8 -
 * first_byte passes of 256 buckets, an even number: the sorted values end
 * in base). Stable. */
static void radix_sort(guint64 *base, gsize n, guint first_byte)
{
  if (n < 2)
    return;
  guint64 *a = base, *b = g_new(guint64, n);
  for (guint pass = first_byte; pass < 8; pass++) {
    guint32 count[256] = {0};
    guint shift = pass * 8;
    for (gsize i = 0; i < n; i++)
      count[(a[i] >> shift) & 0xFF]++;
    guint32 sum = 0;
    for (guint i = 0; i < 256; i++) {
      guint32 c = count[i];
      count[i] = sum;
      sum += c;
    }
    for (gsize i = 0; i < n; i++)
      b[count[(a[i] >> shift) & 0xFF]++] = a[i];
    guint64 *t = a;
    a = b;
    b = t;
  }
  g_free(b);
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
        qsort(words, nw, sizeof *words, match_compare_str);
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
        qsort(w, g_strv_length(w), sizeof *w, match_compare_str);
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

static void add_pair(GArray *pairs, guint32 a, guint32 b)
{
  if (a == b)
    return;
  guint64 p = a < b ? ((guint64)a << 32 | b) : ((guint64)b << 32 | a);
  g_array_append_val(pairs, p);
}

/* The second key of a record in a block too large: its city (else its
 * postal code), its country, its domain, its phone and its street address. */
static guint64 second_key(const AuditMatchRecord *x)
{
  const char *parts[] = {x->city ? x->city : x->postal, x->country, x->phone, x->address};
  guint64 h = 0xcbf29ce484222325ull ^ x->domain;
  for (guint i = 0; i < G_N_ELEMENTS(parts); i++) {
    for (const char *p = parts[i] ? parts[i] : ""; *p; p++)
      h = (h ^ (guchar)*p) * 0x100000001b3ull;
    h = (h ^ 0xff) * 0x100000001b3ull;
  }
  return mix(h);
}

typedef struct {
  guint64 second; /* second_key */
  const char *name; /* then by name, so that neighbours are alike */
  guint32 row;
} BlockEntry;

static int compare_block_entries(const void *pa, const void *pb)
{
  const BlockEntry *x = pa, *y = pb;
  if (x->second != y->second)
    return x->second < y->second ? -1 : 1;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->row < y->row ? -1 : x->row > y->row);
}

/* Records identical on every feature (AuditMatchRecord.sig: name, phone, city, postal code, country, street,
 * domain)? */
static gboolean identical(const AuditMatchRecord *x, const AuditMatchRecord *y)
{
  return x->sig == y->sig;
}

/* A block larger than the cap, without a cliff: split by the second key;
 * in each part, records identical to the one before on every feature are
 * linked to the first of them (their representative), and the
 * representatives are compared all with all when a part holds at most cap
 * of them, else each with the next MATCH_WINDOW by name (sorted neighbourhood).
 * The pairs left out, within a part or across parts, are counted. */
#define MATCH_WINDOW 8
static void split_block(const AuditMatchSet *s, const KeyEntry *k, guint n, guint block_cap, GArray *pairs,
                        AuditBlockStats *st, GHashTable *done)
{
  /* a name's one-deletion keys often hold the same records as the name: one block, split once */
  guint64 set = 0;
  for (guint i = 0; i < n; i++)
    if (!i || KEY_ROW(k[i]) != KEY_ROW(k[i - 1]))
      set += mix(KEY_ROW(k[i]) + 1ull);
  if (g_hash_table_contains(done, &set))
    return;
  guint64 *key = g_new(guint64, 1);
  *key = set;
  g_hash_table_add(done, key);
  st->blocks_capped++;
  BlockEntry *e = g_new(BlockEntry, n);
  guint m = 0;
  for (guint i = 0; i < n; i++) {
    if (i && KEY_ROW(k[i]) == KEY_ROW(k[i - 1]))
      continue;
    const AuditMatchRecord *x = &s->rec[KEY_ROW(k[i])];
    e[m++] = (BlockEntry){second_key(x), x->flat, KEY_ROW(k[i])};
  }
  qsort(e, m, sizeof *e, compare_block_entries);
  guint64 compared = 0;
  guint32 *reps = g_new(guint32, m);
  for (guint i = 0; i < m;) {
    guint j = i + 1;
    while (j < m && e[j].second == e[i].second)
      j++;
    guint nr = 0;
    for (guint x = i; x < j; x++) {
      if (nr && identical(&s->rec[e[x].row], &s->rec[reps[nr - 1]])) {
        add_pair(pairs, reps[nr - 1], e[x].row);
        st->records_linked++;
        compared++; /* its pairs with the others are its representative's */
        continue;
      }
      reps[nr++] = e[x].row;
    }
    for (guint x = 0; x < nr; x++)
      for (guint y = x + 1; y < nr && (nr <= block_cap || y <= x + MATCH_WINDOW); y++) {
        add_pair(pairs, reps[x], reps[y]);
        compared++;
      }
    /* identical records count as compared with everyone their representative was */
    compared += (guint64)(j - i - nr) * (nr ? nr - 1 : 0) + (guint64)(j - i - nr) * (j - i - nr - 1) / 2;
    i = j;
  }
  guint64 all = (guint64)m * (m - 1) / 2;
  st->pairs_not_compared += all > compared ? all - compared : 0;
  g_free(reps);
  g_free(e);
}

/* Pairs of every run of equal keys (by the top 32 bits): all of them for a
 * run of at most block_cap records, split_block for a larger one; a run
 * longer than ignore_over (a word most names hold) is no key at all. */
/* Do a block's records all have one name (of two letters or more) while the
 * block's key is not that name's own? Then the name's own block holds the
 * same records, and this one (a one-deletion key, the sorted words, a word,
 * a phone, ...) adds nothing: at a million accounts, a name repeated k times
 * otherwise gives its k(k-1)/2 pairs once per each of its ~20 keys. */
static gboolean same_name_elsewhere(const AuditMatchSet *s, const guint64 *own, const KeyEntry *k, guint n)
{
  if (n < 2)
    return FALSE;
  /* own[r]: the top 32 bits of r's name key with bit 32 set, 0 for a name under two letters (name_own_keys); a
   * name's text differs where its key does, so the texts are read only when the keys all agree */
  guint64 h = own[KEY_ROW(k[0])];
  if (!h)
    return FALSE;
  for (guint i = 1; i < n; i++)
    if (own[KEY_ROW(k[i])] != h)
      return FALSE;
  if (KEY_H(k[0]) == (guint32)h)
    return FALSE;
  const char *flat = s->rec[KEY_ROW(k[0])].flat;
  for (guint i = 1; i < n; i++)
    if (strcmp(s->rec[KEY_ROW(k[i])].flat, flat) != 0)
      return FALSE;
  return TRUE;
}

/* Per record, the top 32 bits of its name's own key (name_keys' first) with bit 32 set; 0 for a name under
 * two letters, which has none. */
static guint64 *name_own_keys(const AuditMatchSet *s)
{
  guint64 *own = g_new0(guint64, s->n + 1);
  for (guint r = 0; r < s->n; r++) {
    gsize len = strlen(s->rec[r].flat);
    if (len >= 2)
      own[r] = 1ull << 32 | KEY_H(name_key(poly_hash(s->rec[r].flat, len)));
  }
  return own;
}

static void runs_to_pairs(const AuditMatchSet *s, const guint64 *own, const KeyEntry *k, guint n, guint block_cap,
                          guint ignore_over, GArray *pairs, AuditBlockStats *st, GHashTable *done)
{
  for (guint i = 0; i < n;) {
    guint j = i + 1;
    while (j < n && KEY_H(k[j]) == KEY_H(k[i]))
      j++;
    if (j - i > ignore_over) {
      /* not a key */
    } else if (same_name_elsewhere(s, own, k + i, j - i)) {
      /* its pairs come from the name's own key */
    } else if (j - i > block_cap) {
      split_block(s, k + i, j - i, block_cap, pairs, st, done);
    } else {
      for (guint x = i; x < j; x++)
        for (guint y = x + 1; y < j; y++)
          add_pair(pairs, KEY_ROW(k[x]), KEY_ROW(k[y]));
    }
    i = j;
  }
}

/* The word blocks of more than from and at most to records (a word many names share: one company's hundreds of
 * spellings all hold its word, VANDERMOLEN): split_block, but the pairs left uncompared are not counted, as no
 * word key compared them before (a word most names hold, such as group, is no key at all). */
static void wide_word_blocks(const AuditMatchSet *s, const guint64 *own, const KeyEntry *k, guint n, guint from,
                             guint to, guint block_cap, GArray *pairs, AuditBlockStats *st, GHashTable *done)
{
  for (guint i = 0; i < n;) {
    guint j = i + 1;
    while (j < n && KEY_H(k[j]) == KEY_H(k[i]))
      j++;
    if (j - i > from && j - i <= to && !same_name_elsewhere(s, own, k + i, j - i)) {
      guint64 before = st->pairs_not_compared;
      split_block(s, k + i, j - i, block_cap, pairs, st, done);
      st->pairs_not_compared = before;
    }
    i = j;
  }
}

/* A key per word of a name of at least 3 letters without digits, by its
 * first 6 letters (konink, koninklijke): names that share a rare word meet. */
static void word_keys(const AuditMatchRecord *x, GArray *keys, guint r)
{
  /* a one-word name too: it meets the longer names holding its word (Vandermolen N.V., Koninklijke Vandermolen
   * Elektronica N.V.) */
  for (const char *p = x->name; *p;) {
    gsize l = strcspn(p, " ");
    gboolean digits = FALSE;
    for (gsize i = 0; i < l; i++)
      digits |= g_ascii_isdigit(p[i]);
    if (l >= 3 && !digits)
      add_key(keys, hash_key('W', p, MIN(l, 6)), r);
    p += l;
    while (*p == ' ')
      p++;
  }
}

static GArray *sorted_name_keys(const AuditMatchSet *s)
{
  GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), s->n * 24 + 16);
  for (guint r = 0; r < s->n; r++)
    name_keys(&s->rec[r], keys, r);
  /* by the top 32 bits of the key hashes: four passes; two keys that agree
   * there by chance only add a candidate pair that scores low */
  radix_sort((guint64 *)keys->data, keys->len, 4);
  return keys;
}

/* The lookup table of an index's blocks, built by the first lookup: the
 * duplicate checks need the sorted keys only, and the table of a million
 * accounts' 20 M blocks is 400 MB of scattered writes. */
typedef struct {
  gsize ready;     /* g_once_init_enter */
  NameSlot *slots; /* open addressing on h: one probe or two per lookup, not a binary search's cache misses */
  guint64 mask;
} NameSlots;

struct AuditNameIndex {
  GArray *keys; /* KeyEntry sorted by h */
  NameSlots *lookup;
  guint block_cap;
};

GArray *audit_match_candidates(const AuditMatchSet *s, const AuditNameIndex *names, guint block_cap,
                               AuditBlockStats *stats)
{
  AuditBlockStats st = {0};
  /* the names' keys, sorted once (and shared with the lead checks), then the domains', phones' and streets',
   * then the words' */
  GArray *own = names ? NULL : sorted_name_keys(s);
  const GArray *nk = names ? names->keys : own;
  GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), s->n * 2 + 16);
  GArray *words = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), s->n * 3 + 16);
  GString *buf = g_string_sized_new(128);
  for (guint r = 0; r < s->n; r++) {
    const AuditMatchRecord *x = &s->rec[r];
    if (x->domain) {
      char num[16];
      int n = g_snprintf(num, sizeof num, "%u", x->domain);
      add_key(keys, hash_key('D', num, (gsize)n), r);
    }
    if (x->phone)
      add_key(keys, hash_key('P', x->phone, strlen(x->phone)), r);
    if (x->address && (x->city || x->postal) && (*x->flat || x->common_name)) {
      /* the street address in its city (or postal code): one site; with the name's first letter, as only a
       * name alike makes a match there (one building holds many companies) */
      g_string_assign(buf, x->address);
      g_string_append_c(buf, '|');
      g_string_append(buf, x->city ? x->city : x->postal);
      g_string_append_c(buf, '|');
      g_string_append_c(buf, *x->flat ? x->flat[0] : x->common_name[0]); /* a common name: its site's key */
      add_key(keys, hash_key('S', buf->str, buf->len), r);
      if (x->city && x->postal) {
        /* and in its postal code: one site under a neighbourhood's name and its city's (Kreuzberg, Berlin) */
        g_string_assign(buf, x->address);
        g_string_append_c(buf, '|');
        g_string_append(buf, x->postal);
        g_string_append_c(buf, '|');
        g_string_append_c(buf, *x->flat ? x->flat[0] : x->common_name[0]);
        add_key(keys, hash_key('S', buf->str, buf->len), r);
      }
    }
    if (*x->name)
      word_keys(x, words, r);
  }
  g_string_free(buf, TRUE);
  radix_sort((guint64 *)keys->data, keys->len, 4);
  radix_sort((guint64 *)words->data, words->len, 4);
  GArray *pairs = g_array_new(FALSE, FALSE, sizeof(guint64));
  GHashTable *done = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL); /* blocks split */
  g_autofree guint64 *own_keys = name_own_keys(s);
  runs_to_pairs(s, own_keys, (const KeyEntry *)nk->data, nk->len, block_cap, G_MAXUINT, pairs, &st, done);
  runs_to_pairs(s, own_keys, (const KeyEntry *)keys->data, keys->len, block_cap, G_MAXUINT, pairs, &st, done);
  /* a word is a key while it is rare: held by at most block_cap names (all pairs), or by a few more than
   * that (split_block) up to a thousandth of the set and four times the cap; a word many names hold
   * (logistics, group) is not */
  guint word_limit = MIN(block_cap * 4, MAX(block_cap, s->n / 1000));
  runs_to_pairs(s, own_keys, (const KeyEntry *)words->data, words->len, block_cap, word_limit, pairs, &st, done);
  wide_word_blocks(s, own_keys, (const KeyEntry *)words->data, words->len, word_limit,
                   MAX(word_limit, MIN(s->n / 50, 2048)), block_cap, pairs, &st, done);
  g_hash_table_unref(done);
  st.keys = nk->len + keys->len + words->len;
  if (stats)
    *stats = st;
  g_array_unref(keys);
  g_array_unref(words);
  if (own)
    g_array_unref(own);
  radix_sort((guint64 *)pairs->data, pairs->len, 0);
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
  x->lookup = g_new0(NameSlots, 1);
  return x;
}

/* The index's lookup table, built once (thread-safe) by whichever lookup comes first. */
static const NameSlots *name_index_slots(const AuditNameIndex *x)
{
  NameSlots *t = x->lookup;
  if (!g_once_init_enter(&t->ready))
    return t;
  const KeyEntry *k = (const KeyEntry *)x->keys->data;
  guint blocks = 0;
  for (guint i = 0; i < x->keys->len; i++)
    blocks += i == 0 || KEY_H(k[i]) != KEY_H(k[i - 1]);
  guint64 size = 16;
  while (size < (guint64)blocks + blocks / 3) /* a load of 3/4 at most */
    size <<= 1;
  t->slots = g_new0(NameSlot, size);
  t->mask = size - 1;
  for (guint i = 0; i < x->keys->len;) {
    guint j = i + 1;
    while (j < x->keys->len && KEY_H(k[j]) == KEY_H(k[i]))
      j++;
    guint32 h = (guint32)KEY_H(k[i]);
    guint64 p = mix(h) & t->mask;
    while (t->slots[p].n)
      p = (p + 1) & t->mask;
    t->slots[p] = (NameSlot){h, i, j - i};
    i = j;
  }
  g_once_init_leave(&t->ready, 1);
  return t;
}

void audit_name_index_free(AuditNameIndex *x)
{
  if (!x)
    return;
  g_array_unref(x->keys);
  g_free(x->lookup->slots);
  g_free(x->lookup);
  g_free(x);
}

void audit_name_index_lookup(const AuditNameIndex *x, const AuditMatchRecord *rec, GArray *rows)
{
  g_array_set_size(rows, 0);
  GArray *mine = g_array_sized_new(FALSE, FALSE, sizeof(KeyEntry), 48);
  name_keys(rec, mine, 0);
  const KeyEntry *k = (const KeyEntry *)x->keys->data;
  const NameSlots *t = name_index_slots(x);
  for (guint i = 0; i < mine->len; i++) {
    guint32 h = KEY_H(g_array_index(mine, KeyEntry, i));
    guint64 p = mix(h) & t->mask;
    while (t->slots[p].n && t->slots[p].h != h)
      p = (p + 1) & t->mask;
    const NameSlot *sl = &t->slots[p];
    if (!sl->n || sl->n > x->block_cap)
      continue; /* none, or a key too many share: it says little */
    for (guint j = sl->start; j < sl->start + sl->n; j++) {
      guint32 row = KEY_ROW(k[j]);
      g_array_append_val(rows, row);
    }
  }
  g_array_unref(mine);
  if (rows->len > 1)
    qsort(rows->data, rows->len, sizeof(guint32), match_compare_u32);
  guint32 *q = (guint32 *)rows->data;
  guint w = 0;
  for (guint i = 0; i < rows->len; i++)
    if (w == 0 || q[i] != q[w - 1])
      q[w++] = q[i];
  g_array_set_size(rows, w);
}
