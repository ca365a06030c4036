/* The report writers. Each reads the result (model, registry, findings)
 * only: a new check appears in them without touching them. */
#pragma once

#include "run.h"

#include <stdio.h>

G_BEGIN_DECLS

/* Write OUT_DIR/name through a temporary file renamed into place, so that an
 * interrupted run leaves the previous report intact. */
typedef gboolean (*AuditWriteFunc)(FILE *fp, gconstpointer data, GError **error);
gboolean audit_output_write(const char *dir, const char *name, AuditWriteFunc fn, gconstpointer data,
                            GError **error);

/* findings.json (INTERFACE.md). */
gboolean audit_report_json(FILE *fp, gconstpointer result, GError **error);

/* OUT_DIR/report.xlsx (reports/xlsx.c). */
gboolean audit_report_xlsx(const char *out_dir, const AuditResult *r, GError **error);

/* OUT_DIR/fixes/NAME.csv, one file per fix action that has rows (reports/fixes.c).
 * Appends the paths written to written (char*, owned). */
gboolean audit_report_fixes(const char *out_dir, const AuditResult *r, GPtrArray *written, GError **error);

G_END_DECLS
