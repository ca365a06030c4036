/* The Id index of a table: open addressing over row numbers (model.h). */
#include "model.h"

#include <string.h>

gint audit_table_column(const AuditTable *t, const char *name)
{
  for (guint c = 0; c < t->ncols; c++)
    if (g_ascii_strcasecmp(t->columns[c], name) == 0)
      return (gint)c;
  return -1;
}

/* The hash of the whole Id: its first 16 bytes (key) and every byte past
 * them, so that Ids sharing a long prefix (legacy-contact-00000001, as
 * other systems' keys are) spread over the table. */
static guint64 id_hash(const guint64 key[2], const char *id, gsize len)
{
  guint64 h = key[0] * 0x9E3779B97F4A7C15ULL ^ (key[1] + len) * 0xC2B2AE3D27D4EB4FULL;
  for (gsize i = 16; i < len; i += 8) {
    guint64 w = 0;
    memcpy(&w, id + i, MIN(len - i, 8));
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  /* murmur3's finalizer spreads sequential Ids over the low bits */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static void id_key(const char *id, gsize len, guint64 key[2])
{
  key[0] = key[1] = 0;
  memcpy(key, id, MIN(len, 16));
}

/* Find id, or the empty slot where it would go. id is NUL-terminated. */
static AuditIdSlot *index_probe(const AuditTable *t, const char *id, gsize len, const guint64 key[2])
{
  guint32 i = (guint32)id_hash(key, id, len) & t->index.mask;
  for (;;) {
    AuditIdSlot *s = &t->index.slots[i];
    if (s->row == 0)
      return s;
    if (s->key[0] == key[0] && s->key[1] == key[1] && s->len == len &&
        (len <= 16 || strcmp(audit_id(t, s->row - 1), id) == 0))
      return s;
    i = (i + 1) & t->index.mask;
  }
}

const void *audit_table_index_slot(const AuditTable *t, const char *id, gsize len)
{
  if (!t->index.slots)
    return NULL;
  guint64 key[2];
  id_key(id, len, key);
  return &t->index.slots[id_hash(key, id, len) & t->index.mask];
}

gint32 audit_table_find(const AuditTable *t, const char *id, gsize len)
{
  if (!t->index.slots || len == 0)
    return -1;
  guint64 key[2];
  id_key(id, len, key);
  if (len > 16 && id[len] != '\0') {
    /* a prefix of a longer string: compare through a copy */
    g_autofree char *copy = g_strndup(id, len);
    return (gint32)index_probe(t, copy, len, key)->row - 1;
  }
  return (gint32)index_probe(t, id, len, key)->row - 1;
}

/* Rehash into size slots (a power of two); the keys are in the slots. */
static void index_resize(AuditTable *t, guint32 size)
{
  AuditIdIndex old = t->index;
  t->index.slots = g_new0(AuditIdSlot, size);
  t->index.mask = size - 1;
  for (guint32 i = 0; old.slots && i <= old.mask; i++) {
    const AuditIdSlot *s = &old.slots[i];
    if (!s->row)
      continue;
    guint32 k = (guint32)id_hash(s->key, audit_id(t, s->row - 1), s->len) & t->index.mask;
    while (t->index.slots[k].row)
      k = (k + 1) & t->index.mask;
    t->index.slots[k] = *s;
  }
  g_free(old.slots);
}

static void index_grow(AuditTable *t)
{
  index_resize(t, t->index.slots ? (t->index.mask + 1) * 2 : 1024);
}

void audit_table_index_add(AuditTable *t, guint32 r)
{
  if (!t->duplicate_rows)
    t->duplicate_rows = g_array_new(FALSE, FALSE, sizeof(guint32));
  const char *id = audit_id(t, r);
  gsize len = strlen(id);
  if (len == 0)
    return;
  if (!t->index.slots || (t->index.used + 1) * 3 > (t->index.mask + 1) * 2)
    index_grow(t);
  guint64 key[2];
  id_key(id, len, key);
  AuditIdSlot *s = index_probe(t, id, len, key);
  if (s->row) {
    g_array_append_val(t->duplicate_rows, r);
    return;
  }
  s->key[0] = key[0];
  s->key[1] = key[1];
  s->len = (guint32)len;
  s->row = r + 1;
  t->index.used++;
}

