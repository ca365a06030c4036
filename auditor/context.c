/* The check context: the check's options struct per segment, and the run's
 * shared values. */
#include "check.h"
#include "config.h"

#include <string.h>

gconstpointer audit_ctx_options(const AuditContext *ctx, guint segment)
{
  const AuditCheckSettings *st = &ctx->config->checks[ctx->check_index];
  if (!st->typed)
    g_error("bug in check %s: options read as a struct, but it declares none (options_size)", ctx->check->id);
  if (segment >= ctx->nsegments)
    segment = 0;
  return st->typed + segment * ctx->check->options_size;
}

gboolean audit_ctx_check_runs(const AuditContext *ctx, const char *check_id)
{
  gint i = audit_registry_lookup(&ctx->config->registry, check_id);
  if (i < 0)
    g_error("bug in check %s: no check %s", ctx->check->id, check_id);
  return !ctx->skip_reasons || !ctx->skip_reasons[i];
}

guint audit_ctx_segment(const AuditContext *ctx, gint32 account)
{
  if (account < 0 || !ctx->model->account_segment)
    return 0;
  return (guint)ctx->model->account_segment[account];
}

gint audit_registry_lookup(const AuditRegistry *reg, const char *id)
{
  for (guint i = 0; i < reg->n; i++)
    if (strcmp(reg->checks[i]->id, id) == 0)
      return (gint)i;
  return -1;
}

/* ---- the run's shared values ---- */

typedef struct {
  gsize once;     /* GOnce-style: the first check to ask builds, the others wait */
  gpointer value;
  GDestroyNotify free_fn;
} SharedEntry;

struct AuditShared {
  GMutex lock;          /* guards entries, not the builds */
  GHashTable *entries;  /* key -> SharedEntry* */
  GPtrArray *notices;   /* char *, audit_ctx_notice; guarded by lock */
};

static void shared_entry_free(gpointer p)
{
  SharedEntry *e = p;
  if (e->free_fn && e->value)
    e->free_fn(e->value);
  g_free(e);
}

AuditShared *audit_shared_new(void)
{
  AuditShared *sh = g_new0(AuditShared, 1);
  g_mutex_init(&sh->lock);
  sh->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, shared_entry_free);
  sh->notices = g_ptr_array_new_with_free_func(g_free);
  return sh;
}

void audit_shared_free(AuditShared *sh)
{
  if (!sh)
    return;
  g_hash_table_unref(sh->entries);
  g_ptr_array_unref(sh->notices);
  g_mutex_clear(&sh->lock);
  g_free(sh);
}

gconstpointer audit_ctx_shared(const AuditContext *ctx, const char *key, AuditSharedBuild build,
                               GDestroyNotify free_fn)
{
  AuditShared *sh = ctx->shared;
  if (!sh)
    g_error("bug in check %s: a context without the run's shared values", ctx->check->id);
  g_mutex_lock(&sh->lock);
  SharedEntry *e = g_hash_table_lookup(sh->entries, key);
  if (!e) {
    e = g_new0(SharedEntry, 1);
    g_hash_table_insert(sh->entries, g_strdup(key), e);
  }
  g_mutex_unlock(&sh->lock); /* e stays: entries are freed with the run only */
  if (g_once_init_enter(&e->once)) {
    e->value = build(ctx);
    e->free_fn = free_fn;
    g_once_init_leave(&e->once, 1);
  }
  return e->value;
}

void audit_ctx_notice(const AuditContext *ctx, const char *text)
{
  AuditShared *sh = ctx->shared;
  if (!sh)
    g_error("bug in check %s: a context without the run's shared values", ctx->check->id);
  g_mutex_lock(&sh->lock);
  g_ptr_array_add(sh->notices, g_strdup(text));
  g_mutex_unlock(&sh->lock);
}

GPtrArray *audit_shared_notices(AuditShared *sh)
{
  return sh->notices;
}
