/* The report writers. Each reads the result (model, registry, findings)
 * only: a new check appears in them without touching them. */
#pragma once

#include "pipeline.h"

#include <stdio.h>

G_BEGIN_DECLS

/* Write OUT_DIR/name through a temporary file renamed into place, so that an
 * interrupted run leaves the previous report intact. */
/* The name shown for a finding about no one record (a convention). */
#define AUDIT_NO_RECORD_LABEL "(several records)"

typedef gboolean (*AuditWriteFunc)(FILE *fp, gconstpointer data, GError **error);
gboolean audit_output_write(const char *dir, const char *name, AuditWriteFunc fn, gconstpointer data,
                            GError **error);

/* OUT/run.json, the manifest of one run (reports/manifest.c): the tool,
 * as-of, the export and its files read (size, mtime), the config (path,
 * SHA-256), the formats and the files written (relative to OUT; run.json
 * itself not among them). An output folder's file no manifest names is the
 * user's (auditor/outdir.h). */
typedef struct {
  const AuditResult *result;
  const char *export_dir;
  const char *const *formats; /* NULL-terminated names */
  GPtrArray *files;           /* char*, sorted */
} AuditManifest;
gboolean audit_report_manifest(FILE *fp, gconstpointer manifest, GError **error);

/* findings.json (INTERFACE.md). */
gboolean audit_report_json(FILE *fp, gconstpointer result, GError **error);
/* The head findings.json and run.json share, in an open object: "tool"
 * {name, version} and "as_of". */
struct AuditJson;
void audit_report_json_head(struct AuditJson *w, gint32 as_of);

/* record_url (config) split at "{id}", NULL when not configured; free with
 * g_strfreev. */
char **audit_record_link_parts(const AuditConfig *config);
/* The link to a record: parts joined by its Id, into out. FALSE (out empty)
 * when there are no parts or the Id is not a plain alphanumeric Id, which is
 * then never put in a link. */
gboolean audit_record_link(const char *const *parts, const char *id, GString *out);

/* Evidence rows (AUDIT_VAL_ROWS) as one line of text, for a cell or a list
 * item (reports/evidence.c): rows by " | ", a row's cells "column value" by
 * ", " (an empty list left out), a list's words by ", ", numbers to three
 * significant digits. Into out. */
const char *audit_evidence_rows_text(const AuditSink *s, const AuditValue *v, GString *out);

/* OUT_DIR/report.html (reports/html.c): data is an AuditHtmlOptions. */
typedef struct {
  const AuditResult *result;
  guint rows; /* rows per check, at most (--html-rows) */
} AuditHtmlOptions;
gboolean audit_report_html(FILE *fp, gconstpointer data, GError **error);

/* OUT_DIR/report.xlsx (reports/xlsx.c). The caps are Excel's unless the
 * face lowers them (tests: crm-audit reads CRM_AUDIT_XLSX_MAX_ROWS and
 * CRM_AUDIT_XLSX_MAX_LINKS in auditor/cli.c, nowhere else). */
typedef struct {
  guint max_rows;  /* rows per sheet, header included (at least 2); 0: Excel's 1,048,576 */
  guint max_links; /* hyperlinks in the workbook; 0 or more than Excel's 65,530: Excel's */
} AuditXlsxOptions;
gboolean audit_report_xlsx(const char *out_dir, const AuditResult *r, const AuditXlsxOptions *o, GError **error);

/* The same on a thread of its own, while the caller writes the other
 * formats from the same (read-only) result; in the caller's thread when
 * jobs is 1. audit_report_xlsx_join waits for it, frees the job and returns
 * what audit_report_xlsx returned. */
typedef struct AuditXlsxJob AuditXlsxJob;
AuditXlsxJob *audit_report_xlsx_start(const char *out_dir, const AuditResult *r, const AuditXlsxOptions *o,
                                      guint jobs);
gboolean audit_report_xlsx_join(AuditXlsxJob *job, GError **error);

/* The fix tables, shared by fixes/ and report.xlsx's fix sheets. A known
 * action has its Salesforce file (INTERFACE.md): add-contact-role →
 * contact-roles-to-insert.csv, move-contact → contacts-to-update.csv,
 * merge-accounts → accounts-to-merge.csv, convert-lead → leads-to-convert.csv,
 * update-contact-role → contact-roles-to-update.csv; an action no table
 * knows gets ACTION.csv with the fix's own fields, so that a new check needs
 * no change here. A column no row sets is left out (an update must not
 * name a field it does not change). */
typedef struct {
  const char *name;           /* "contact-roles-to-insert" (file name without .csv) */
  const char *const *columns; /* header: Salesforce field names (what Data Loader maps) */
  guint ncolumns;
  guint nrows;
  /* after them, for the reviewer only (never imported: NAME.sdl maps the
   * columns above alone): the names of the records the Id columns name
   * ("Contact name (review)"), then the account of the finding's record
   * (a lead's Company) unless it is an account */
  const char *const *review;
  guint nreview;
  gboolean plan; /* a plan for a merge/convert tool or an API script, not a Data Loader file: its NAME.sdl says so */
} AuditFixTable;

/* The fix tables that have rows, built in one pass over the findings (free
 * with g_ptr_array_unref): the known ones in the order above, then unknown
 * actions by name. */
GPtrArray *audit_fix_tables(const AuditResult *r);

/* Calls row(table, values, ...) for each of table's rows, in findings.json
 * order. values[i] is the value of table->columns[i] ("" when the fix does
 * not set it), not yet neutralised; in a column named Id or ending in Id, a
 * record's Id is in the form its own row had in the export (18 characters
 * or 15; an Id of no record in the form most of the export's Ids had).
 * values[ncolumns + k] is the value of table->review[k]. Rows withheld by
 * audit_fixes_bound are left out (the findings keep their fix). */
typedef void (*AuditFixRowFunc)(const AuditFixTable *table, const char *const *values, const AuditSink *sink,
                                const AuditFinding *finding, gpointer user);
void audit_fix_table_rows(const AuditResult *r, const AuditFixTable *table, AuditFixRowFunc row, gpointer user);

/* A CRM value made safe for a spreadsheet: a leading = + - @ (or tab, CR)
 * gets a ' in front. Returns value itself or buf's contents. */
const char *audit_fix_neutralise(const char *value, GString *buf);

/* The sanity bound on deletes, after the checks and before any report: a
 * check whose delete-* fixes would cover more than [audit] max_delete_share of
 * an object's records has those rows withheld from the fix files (and the
 * workbook's fix sheets); its findings stay, and a notice (audit_model_notice)
 * says why, how many, and the key to change. Sets r->fix_withheld. */
void audit_fixes_bound(AuditResult *r);

/* OUT_DIR/fixes/NAME.csv, one file per fix action that has rows, and beside
 * each that is not a plan NAME.sdl, Data Loader's mapping of its columns (the
 * review columns left out), both written atomically (reports/fixes.c).
 * Appends what it wrote to written (char*, owned), one entry a file:
 * "DIR/fixes/NAME.csv (+ NAME.sdl)". */
gboolean audit_report_fixes(const char *out_dir, const AuditResult *r, GPtrArray *written, GError **error);

G_END_DECLS
