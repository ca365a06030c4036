/* One audit: load, derive, run the checks, write the reports. */
#pragma once

#include "config.h"
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
#define AUDIT_FORMATS_AVAILABLE (AUDIT_FORMAT_JSON | AUDIT_FORMAT_FIXES | AUDIT_FORMAT_XLSX)

typedef struct {
  const char *export_dir;
  const char *out_dir;      /* default crm-audit-report */
  const char *config_path;  /* NULL: EXPORT_DIR/crm-audit.ini, else ./crm-audit.ini, else none */
  gint32 as_of;             /* AUDIT_DAY_NONE: config, else today */
  guint formats;            /* 0: every available format */
  gboolean formats_explicit;
  char **only, **skip;      /* check ids */
  AuditSeverity fail_on;
  gboolean fail_never;
  AuditEncoding encoding;
  guint html_rows;
  guint jobs;
  gboolean progress;        /* on stderr */
  const char *previous_dir; /* --previous: the last export (its Contact.csv), NULL none */
} AuditRunOptions;

typedef enum {
  AUDIT_STATUS_RAN,
  AUDIT_STATUS_SKIPPED,
} AuditCheckStatus;

/* Findings per owner of their records. */
typedef struct {
  const char *owner; /* User (or queue) Id; "" for records without an owner */
  const char *name;  /* the User's name, NULL when not in the export */
  guint n[AUDIT_SEV_COUNT];
  guint total;
} AuditOwnerCount;

typedef struct {
  AuditModel *model;
  AuditConfig *config;
  gint32 as_of;
  AuditSink **sinks;         /* per registry entry, NULL when it did not run */
  char **skip_reasons;       /* per registry entry, NULL when it ran */
  guint counts[AUDIT_SEV_COUNT];
  GArray *owners;            /* AuditOwnerCount, sorted by owner Id */
  GStringChunk *strs;
  /* --previous: contacts in the previous export, and those of them no longer
   * in this one (findings.json summary.previous); previous_contacts -1 without it */
  gint64 previous_contacts, previous_gone;
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
