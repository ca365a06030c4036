/* One timing hook: the core reports how long its phases take through a
 * function the face sets (crm-audit sets one under CRM_AUDIT_TIMING=1), and
 * prints nothing itself. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* line: "load Account.csv 0.12 s", without a newline. */
typedef void (*AuditTimingFunc)(const char *line, gpointer user);

/* Set once, before the run; NULL: no timing (the default). */
void audit_timing_set(AuditTimingFunc fn, gpointer user);
/* Hand a line to the hook, when one is set. */
void audit_timing(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Seconds since t0 (a g_get_monotonic_time()). */
double audit_timing_since(gint64 t0);

G_END_DECLS
