/* --baseline PREVIOUS/findings.json: which findings are new, which persist,
 * and how many were fixed since, per check and per owner. Findings are the
 * same when their check and fingerprint are (findings.c: check, object,
 * record and related Ids, key evidence). */
#pragma once

#include "findings.h"

G_BEGIN_DECLS

typedef struct AuditBaseline AuditBaseline;

/* Read a findings.json written by this version of crm-audit. Another
 * tool or version, or a file that is not such JSON, is an AUDIT_ERROR_INPUT
 * naming the file (and the line and column where the JSON breaks). */
AuditBaseline *audit_baseline_load(const char *path, GError **error);
void audit_baseline_free(AuditBaseline *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditBaseline, audit_baseline_free)

const char *audit_baseline_path(const AuditBaseline *b);
guint audit_baseline_size(const AuditBaseline *b);

/* A check's effective settings as the baseline's run recorded them
 * (findings.json checks[].options: key → value as text), NULL when it
 * recorded none for it. */
GHashTable *audit_baseline_check_options(const AuditBaseline *b, const char *check);

/* Was a finding of this check with this fingerprint in the baseline? Marks it seen. */
gboolean audit_baseline_take(AuditBaseline *b, const char *check, const char *fingerprint);

/* A baseline finding as findings.json wrote it. */
typedef struct {
  const char *check, *object, *record, *owner, *message; /* owner "" when null */
} AuditBaselineFinding;

/* The baseline findings not taken (gone since), for checks for which
 * ran(check, user) is TRUE: fn once each, in the baseline's order. */
void audit_baseline_foreach_gone(const AuditBaseline *b, gboolean (*ran)(const char *check, gpointer user),
                                 void (*fn)(const AuditBaselineFinding *f, gpointer user), gpointer user);

G_END_DECLS
