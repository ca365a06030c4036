/* One audit: load, derive, run the checks, write the reports. */
#pragma once

#include "config.h"
#include "baseline.h"
#include "findings.h"
#include "load.h"

G_BEGIN_DECLS

typedef enum {
  AUDIT_FORMAT_JSON = 1 << 0,
  AUDIT_FORMAT_XLSX = 1 << 1,
  AUDIT_FORMAT_HTML = 1 << 2,
  AUDIT_FORMAT_FIXES = 1 << 3,
} AuditFormats;

/* The formats this version writes; asking for another says "not available yet". */
#define AUDIT_FORMATS_AVAILABLE (AUDIT_FORMAT_JSON | AUDIT_FORMAT_FIXES | AUDIT_FORMAT_XLSX | AUDIT_FORMAT_HTML)

typedef struct {
  const char *export_dir;
  const char *out_dir;      /* default crm-audit-report */
  const char *config_path;  /* NULL: EXPORT_DIR/crm-audit.ini, else ./crm-audit.ini, else none */
  const char *baseline;     /* --baseline: an earlier run's findings.json, NULL when none */
  gint32 period_from, period_to; /* --period: the win-loss period, AUDIT_DAY_NONE for the default */
  gint32 as_of;             /* AUDIT_DAY_NONE: config, else today */
  guint formats;            /* 0: every available format */
  gboolean formats_explicit;
  char **only, **skip;      /* check ids */
  AuditSeverity fail_on;
  gboolean fail_never;
  AuditEncoding encoding;
  guint html_rows;          /* rows per check in report.html */
  guint jobs;
  gboolean progress;        /* on stderr */
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
  AuditModel *model;
  AuditConfig *config;
  gint32 as_of;
  AuditSink **sinks;         /* per registry entry, NULL when it did not run */
  char **skip_reasons;       /* per registry entry, NULL when it ran */
  guint counts[AUDIT_SEV_COUNT];
  GArray *owners;            /* AuditOwnerCount, sorted by owner Id */
  struct AuditBaseline *baseline; /* NULL without --baseline */
  struct AuditAnalytics *analytics; /* coverage and win-loss */
  AuditTrend trend;          /* with a baseline: all findings */
  AuditTrend *trend_checks;  /* with a baseline: per registry entry */
  GArray *gone;              /* with a baseline: AuditGoneFinding, in the baseline's order */
  GStringChunk *strs;
  /* --previous: contacts in the previous export, and those of them no longer
   * in this one (findings.json summary.previous); previous_contacts -1 without it */
  gint64 previous_contacts, previous_gone;
  struct AuditMigration *migration; /* the leads' migration summary (migration.h), NULL without leads */
  const char **fix_withheld; /* per registry entry: its delete action whose rows the fix files withhold
                                (audit_fixes_bound, reports.h), NULL none; the array NULL when none at all */
} AuditResult;

void audit_result_free(AuditResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditResult, audit_result_free)

/* Load, check; no output. */
AuditResult *audit_run_checks(const AuditRunOptions *o, GError **error);

/* The whole run: returns the exit status (0 or 1) or -1 with error set. */
int audit_run(const AuditRunOptions *o, GError **error);

/* Today's date (local time) as a day number. */
gint32 audit_today(void);

G_END_DECLS
