/* One derive step: what the checks read beside the tables, computed once
 * after the load and before the checks, in this order: the as-of, the stage
 * model, the segments, the registrable domains and the email counts. The references, links
 * and activities are derived as the load ends (audit_model_derive, load.c);
 * the values only some checks need are built on first use and shared
 * through the context (audit_ctx_shared). */
#pragma once

#include "config.h"

G_BEGIN_DECLS

/* Today's date (local time) as a day number. */
gint32 audit_today(void);

/* as_of_given: --as-of, AUDIT_DAY_NONE when not given ([audit] as_of, else
 * the newest timestamp of the export). *as_of: the audit's day. Errors:
 * a stage model or segment the export contradicts (AUDIT_ERROR_CONFIG). */
gboolean audit_derive(AuditModel *m, AuditConfig *cfg, gint32 as_of_given, gint32 *as_of, GError **error);

G_END_DECLS
