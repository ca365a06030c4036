/* Typed option lookup for checks, resolved per segment. */
#include "check.h"
#include "config.h"
#include "registry.h"

#include <string.h>

static const AuditOptionValue *lookup(const AuditContext *ctx, const char *name, guint segment, AuditOptionType type)
{
  for (guint o = 0; o < ctx->noptions; o++)
    if (strcmp(ctx->check->options[o].name, name) == 0) {
      if (segment >= ctx->nsegments)
        segment = 0;
      const AuditOptionValue *v = &ctx->values[segment * ctx->noptions + o];
      if (v->type != type)
        g_error("bug in check %s: option %s read as the wrong type", ctx->check->id, name);
      return v;
    }
  g_error("bug in check %s: no option %s", ctx->check->id, name);
  return NULL;
}

gint64 audit_ctx_int(const AuditContext *ctx, const char *name, guint segment)
{
  return lookup(ctx, name, segment, AUDIT_OPT_INT)->i;
}

double audit_ctx_double(const AuditContext *ctx, const char *name, guint segment)
{
  return lookup(ctx, name, segment, AUDIT_OPT_DOUBLE)->d;
}

gboolean audit_ctx_bool(const AuditContext *ctx, const char *name, guint segment)
{
  return lookup(ctx, name, segment, AUDIT_OPT_BOOL)->b;
}

const char *audit_ctx_string(const AuditContext *ctx, const char *name, guint segment)
{
  return lookup(ctx, name, segment, AUDIT_OPT_STRING)->s;
}

const char *const *audit_ctx_list(const AuditContext *ctx, const char *name, guint segment)
{
  return (const char *const *)lookup(ctx, name, segment, AUDIT_OPT_LIST)->list;
}

gboolean audit_ctx_check_runs(const AuditContext *ctx, const char *check_id)
{
  gint i = audit_registry_find(check_id);
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
