/* One derive step: everything the checks read beside the tables, computed
 * once by the pipeline between the load and the checks; after it the model is
 * read-only (the checks share what they build lazily through audit_ctx_shared,
 * never in the model). In this order:
 *   1. audit_derive_model: references resolved to rows, the one-to-many
 *      links, the activity array, the open flag of each opportunity (by
 *      IsClosed, else the stage name), the account tree (root, depth, cycle:
 *      model.h, AUDIT_TREE_MAX_DEPTH) and each table's repeated-row bits;
 *   2. the as-of, the stage model (which may reset the open flags), the
 *      segments;
 *   3. audit_derive_matching: the registrable domains and the email counts. */
#pragma once

#include "config.h"

G_BEGIN_DECLS

/* Today's date (local time) as a day number. */
gint32 audit_today(void);

/* Step 1, which needs no config (the tests call it after audit_model_load). */
void audit_derive_model(AuditModel *m, guint jobs);
/* Step 3: m->domains and m->email_counts. */
void audit_derive_matching(AuditModel *m, const AuditConfig *cfg);

/* All three. as_of_given: --as-of, AUDIT_DAY_NONE when not given ([audit]
 * as_of, else the newest timestamp of the export). *as_of: the audit's day.
 * Errors: a stage model or segment the export contradicts (AUDIT_ERROR_CONFIG). */
gboolean audit_derive(AuditModel *m, AuditConfig *cfg, guint jobs, gint32 as_of_given, gint32 *as_of,
                      GError **error);

G_END_DECLS
