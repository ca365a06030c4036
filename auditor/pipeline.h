/* One audit: config -> load -> derive -> checks -> rollups -> result. The
 * face (cli.c) hands it the checks and its progress callbacks, and writes
 * the reports from the result; the pipeline prints and writes nothing. */
#pragma once

#include "config.h"
#include "baseline.h"
#include "findings.h"
#include "load.h"

G_BEGIN_DECLS

/* A check done: its findings are in sink; done of total (called under a
 * lock, from a worker). */
typedef void (*AuditCheckedFunc)(const AuditCheck *c, const AuditSink *sink, guint done, guint total,
                                 gpointer user);

typedef struct {
  const AuditRegistry *registry; /* the checks, in catalogue order */
  const char *export_dir;
  const char *config_path;  /* NULL: EXPORT_DIR/crm-audit.ini, else ./crm-audit.ini, else none */
  const char *baseline;     /* --baseline: an earlier run's findings.json, NULL when none */
  gint32 period_from, period_to; /* --period: the win-loss period, AUDIT_DAY_NONE for the default */
  gint32 as_of;             /* AUDIT_DAY_NONE: config, else today */
  char **only, **skip;      /* check ids */
  AuditEncoding encoding;
  guint jobs;
  AuditProgressFunc loaded; /* progress, NULL none: a file read */
  AuditCheckedFunc checked; /* ... a check done */
  gpointer progress_data;
  const char *previous_dir; /* --previous: the last export (its Contact.csv), NULL none */
} AuditRunOptions;

typedef enum {
  AUDIT_STATUS_RAN,
  AUDIT_STATUS_SKIPPED,
} AuditCheckStatus;

/* With --baseline: findings new since, persisting, and fixed (in the
 * baseline, not now, for checks that ran). */
typedef struct {
  guint new_, persisting;
  guint fixed; /* in the baseline, not now, its record still in the export: the problem was mended */
  guint gone;  /* ... its record no longer in the export (deleted, merged, or its file not exported) */
  guint aged;  /* ... of a windowed check (new within N days, engaged within N days): left by itself */
} AuditTrend;

/* An effective setting of a check that changed since the baseline
 * (audit_check_identity_foreach's keys): the check is "not comparable". */
typedef struct {
  char *option;
  char *was, *now; /* NULL: not set then, or not now */
} AuditOptionChange;

/* A baseline finding not reported now, and why. */
typedef struct {
  AuditBaselineFinding f;
  const char *as; /* "fixed", "gone", "aged out" */
} AuditGoneFinding;

/* Findings per owner of their records. */
typedef struct {
  const char *owner; /* User (or queue) Id; "" for records without an owner */
  const char *name;  /* the User's name, NULL when not in the export */
  int active;        /* User.IsActive: 1, 0, or -1 when unknown */
  guint n[AUDIT_SEV_COUNT];
  guint total;
  guint *by_check;   /* per registry entry */
  AuditTrend trend;
} AuditOwnerCount;

typedef struct AuditResult {
  const AuditRegistry *registry; /* the config's: the checks that sinks, skip_reasons ... are indexed by */
  AuditModel *model;
  AuditConfig *config;
  char *config_hash;         /* SHA-256 (hex) of the config file's bytes, NULL without a config file */
  gint32 as_of;
  AuditSink **sinks;         /* per registry entry, NULL when it did not run */
  char **skip_reasons;       /* per registry entry, NULL when it ran */
  guint counts[AUDIT_SEV_COUNT];
  GArray *owners;            /* AuditOwnerCount, sorted by owner Id */
  struct AuditBaseline *baseline; /* NULL without --baseline */
  struct AuditAnalytics *analytics; /* coverage and win-loss */
  AuditTrend trend;          /* with a baseline: all findings */
  AuditTrend *trend_checks;  /* with a baseline: per registry entry */
  GPtrArray **not_comparable; /* with a baseline: per registry entry, AuditOptionChange* when the check's
                                 settings changed since (its findings neither new nor persisting, the
                                 baseline's neither fixed nor gone), NULL when it compares */
  GArray *gone;              /* with a baseline: AuditGoneFinding, in the baseline's order */
  GStringChunk *strs;
  /* --previous: contacts in the previous export, and those of them no longer
   * in this one (findings.json summary.previous); previous_contacts -1 without it */
  gint64 previous_contacts, previous_gone;
  struct AuditMigration *migration; /* the leads' migration summary (migration.h, set by the face), NULL
                                       without leads */
  const char **fix_withheld; /* per registry entry: its delete action whose rows the fix files withhold
                                (audit_fixes_bound, reports.h: set by the face), NULL none; the array NULL
                                when none at all */
  AuditShared *shared;       /* while the checks run: what they derive once and share */
  GPtrArray *sections;       /* AuditSection*, what the writers render beside the findings (sections.h: set by
                                the face once the result is complete), NULL before */
} AuditResult;

void audit_result_free(AuditResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditResult, audit_result_free)

/* Config, load, derive, check, count: the result the writers read; no
 * output. NULL with error set (a usage, config or input error). */
AuditResult *audit_pipeline_run(const AuditRunOptions *o, GError **error);

G_END_DECLS
