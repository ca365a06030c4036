#include "timing.h"

static AuditTimingFunc hook;
static gpointer hook_user;

void audit_timing_set(AuditTimingFunc fn, gpointer user)
{
  hook = fn;
  hook_user = user;
}

void audit_timing(const char *fmt, ...)
{
  if (!hook)
    return;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *line = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  hook(line, hook_user);
}

double audit_timing_since(gint64 t0)
{
  return (g_get_monotonic_time() - t0) / 1e6;
}
