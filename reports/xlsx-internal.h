/* report.xlsx's parts, internal to reports/ (reports/xlsx.c says what the
 * workbook is): the workbook's state, its sheets and their helpers
 * (xlsx-sheet.c), the check sheets (xlsx-findings.c), the detail sheets of
 * structured evidence (xlsx-evidence.c), the fix sheets (xlsx-fixes.c), the
 * Summary and the sections (xlsx-summary.c), the workbook (xlsx.c). */
#pragma once

#include "normalize.h"
#include "registry.h"
#include "section.h"
#include "baseline.h"
#include "reports.h"
#include "timing.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_MAX_UNITS 32767                   /* a cell's text, in UTF-16 units as Excel counts */
#define XLSX_CUT_MARKER "\xe2\x80\xa6 [cut]"   /* "… [cut]" */
#define XLSX_CUT_UNITS 7
#define XLSX_MAX_URL 2079                      /* Excel's limit on a link */
/* Excel takes at most 65,530 links per sheet (libxlsxwriter refuses more);
 * libxlsxwriter 1.1.4 also needs about 2.5 KiB per link while closing the
 * workbook (65,530 links: ~165 MiB, 0.5 s): the workbook's links are capped
 * too, so that memory stays bounded however many checks have many findings.
 * The Summary's own links come first, then the record links in sheet order;
 * a record Id past the cap is plain text, and the Summary says how many rows
 * of each check link. AuditXlsxOptions.max_links (for tests) lowers the cap. */
#define XLSX_MAX_LINKS LXW_MAX_NUMBER_URLS
#define XLSX_SHEETNAME_MAX 31
#define XLSX_MEASURE_CAP 100                   /* stop measuring a column past this many characters */
#define XLSX_MEASURE_ROWS 20000                /* findings measured per check, at most about */
#define XLSX_CELL_BYTES 48                     /* a cell's XML besides its text */

typedef struct {
  const AuditResult *r;
  lxw_workbook *wb;
  const char *path; /* OUT_DIR/report.xlsx, for messages */
  GError *error;    /* the first failure */
  guint max_rows;   /* rows per sheet, header included */
  GHashTable *used; /* casefolded sheet names */
  guint max_links;  /* hyperlinks per workbook (and sheet) */
  GString *text;    /* xlsx_text's buffer */
  lxw_format *title, *bold, *header, *pct, *avg;
  lxw_format *sev[AUDIT_SEV_COUNT]; /* conditional formats */
} Xlsx;

typedef struct {
  lxw_worksheet *ws;
  char *name;
  guint urls;        /* hyperlinks written */
  guint link_budget; /* hyperlinks this sheet may hold (planned, so that the Summary can say) */
} Sheet;

typedef enum { CELL_NONE, CELL_TEXT, CELL_NUM, CELL_BOOL, CELL_URL } CellType;
typedef struct {
  CellType type;
  const char *s;     /* CELL_TEXT, CELL_URL */
  const char *label; /* CELL_URL: the text shown */
  double d;          /* CELL_NUM, CELL_BOOL */
} Cell;

typedef struct {
  Xlsx *x;
  const AuditSink *sink;
  char **url_parts;      /* record_url split at {id}; NULL when not configured */
  GHashTable *ev_column; /* interned evidence key → column + 1 */
  GPtrArray *headers;    /* const char* */
  guint col_evidence;    /* first evidence column */
  guint ncols;
  Cell *cells;
  GString *link, *related;
  GString **rows_text;   /* per column: evidence rows as text, kept until the row is written */
  char name_buf[1024], owner_buf[1024];
  guint *chars;          /* per column: the longest value measured */
  double *max_width;
  double bytes;          /* the sheet's XML, estimated */
  guint nparts;
  Sheet *parts;
  guint linkable;        /* findings whose record Id can link */
  guint linked;          /* of them, those that do (the workbook's cap) */
} CheckSheet;

/* A check's evidence rows under one key (a duplicate group's pairs): a
 * sheet "ID KEY" with one row per evidence row, beside the finding's
 * Record Id and name, a column per declared column. */
typedef struct {
  const CheckSheet *cs;
  const char *key;     /* interned evidence key */
  Sheet sheet;
  const AuditColumn *columns; /* the first list's: a key's lists share them */
  guint ncols;
  guint rows;
} DetailSheet;

typedef struct {
  Xlsx *x;
  char *name; /* the table's */
  guint ncols, nrows;
  char **columns;
  guint *chars;
  double bytes;       /* the sheet's XML, estimated */
  guint seen, stride; /* measuring */
  guint nparts, row;  /* rows written */
  Sheet *parts;
} FixSheet;

typedef struct {
  Xlsx *x;
  GHashTable *by_name; /* table name → FixSheet* */
} FixPass;

gboolean xlsx_lxw_ok(Xlsx *x, lxw_error e, const char *what);
gboolean xlsx_sheet_ok(Xlsx *x, const Sheet *s, lxw_error e);
gboolean xlsx_put_text(Xlsx *x, Sheet *s, guint row, guint col, const char *value, lxw_format *fmt);
gboolean xlsx_put_num(Xlsx *x, Sheet *s, guint row, guint col, double value, lxw_format *fmt);
gboolean xlsx_url_fits(const char *url);
gboolean xlsx_put_url(Xlsx *x, Sheet *s, guint row, guint col, const char *url, const char *label);
gboolean xlsx_put_sheet_link(Xlsx *x, Sheet *s, guint row, guint col, const char *sheet);
gboolean xlsx_put_row(Xlsx *x, Sheet *s, guint row, const char *const *cells, guint n, lxw_format *fmt);
char *xlsx_sheet_name(Xlsx *x, const char *base, guint part);
gboolean xlsx_add_sheet(Xlsx *x, Sheet *s);
gboolean xlsx_begin_table(Xlsx *x, Sheet *s, const char *const *headers, guint ncols, guint nrows,
                            const guint *chars, const double *max_width);
gboolean xlsx_colour_severity(Xlsx *x, Sheet *s, guint first, guint last, guint col);
guint xlsx_measure(const char *s);
void xlsx_check_sheet_clear(CheckSheet *cs);
void xlsx_check_sheet_columns(CheckSheet *cs);
guint xlsx_rows_per_sheet(const Xlsx *x);
guint xlsx_parts_for(const Xlsx *x, guint nrows);
void xlsx_check_sheet_measure(CheckSheet *cs);
gboolean xlsx_write_check_sheet(Xlsx *x, CheckSheet *cs);
void xlsx_detail_sheet_free(gpointer p);
void xlsx_plan_details(Xlsx *x, const CheckSheet *cs, const char *check_id, GPtrArray *out);
gboolean xlsx_write_detail_sheet(Xlsx *x, DetailSheet *d);
void xlsx_fix_sheet_free(gpointer data);
void xlsx_fix_measure_row(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
                            const AuditFinding *f, gpointer user);
void xlsx_fix_write_row(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
                          const AuditFinding *f, gpointer user);
gboolean xlsx_write_gone_sheet(Xlsx *x, Sheet *s);
gboolean xlsx_write_section_sheet(Xlsx *x, Sheet *s, const AuditSection *sec);
gboolean xlsx_write_summary(Xlsx *x, Sheet *s, const CheckSheet *checks, GPtrArray *fixes);
