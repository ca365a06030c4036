/* The face of `crm-audit run`: progress on stderr, the pipeline, the table
 * of writers, the summary on stdout and the exit status. The core (the rest
 * of auditor/) prints nothing and names no check and no format. */
#pragma once

#include "pipeline.h"
#include "reports.h"

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
  AuditRunOptions run;      /* its registry, progress and progress_data are the face's own */
  const char *out_dir;      /* default crm-audit-report */
  guint formats;            /* 0: every available format */
  AuditSeverity fail_on;
  gboolean fail_never;
  guint html_rows;          /* rows per check in report.html */
  AuditXlsxOptions xlsx;    /* report.xlsx's caps; main.c sets them from CRM_AUDIT_XLSX_MAX_ROWS and
                               CRM_AUDIT_XLSX_MAX_LINKS (tests only) */
  gboolean progress;        /* on stderr */
  gboolean wait;            /* --wait: wait for another run's lock on the output folder instead of refusing */
  gboolean force;           /* --force: keep files no run wrote in the output folder, beside the new run */
  gboolean keep_previous;   /* --keep-previous: keep the previous run as OUT_DIR.previous */
} AuditCliOptions;

/* The whole run: returns the exit status (0 or 1) or -1 with error set.
 * The output folder is one run (outdir.h): written whole into a staging
 * folder and swapped into place, or left as it was. */
int audit_cli_run(const AuditCliOptions *o, GError **error);

G_END_DECLS
