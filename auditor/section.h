/* Typed sections: what a run reports beside its findings (what was
 * inferred, the notices, contact-role coverage, win-loss, the lead
 * migration), as data that every writer renders with one generic renderer.
 * No writer names a section.
 *
 * A section is a titled list of tables, in order. A table has typed columns
 * (a JSON key and a title each) and rows of typed cells. How a table lands
 * in findings.json is its shape, under a path of object keys inside the
 * section's object; how it shows in report.html and report.xlsx is its
 * title and its columns' titles and formats (a table or a column without a
 * title is in findings.json only; one without a key is shown only; in a
 * shown table, a text column with a key and no title names its rows:
 * report.html's data-KEY attribute). On a workbook's Summary, where a
 * section has no heading of its own, its first shown table is headed by the
 * section's title. So one
 * section renders, generically, to the nested JSON a reader of findings.json
 * expects (objects of named rows, arrays of row objects, maps, lists) and to
 * the tables a person reads.
 *
 * Tables must be added in the order their JSON is written: consecutive
 * tables under one path share its object. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  AUDIT_CELL_NULL,  /* no value: null in findings.json; shown as its text (why), else empty */
  AUDIT_CELL_TEXT,
  AUDIT_CELL_INT,
  AUDIT_CELL_BOOL,
  AUDIT_CELL_DAY,   /* a day number (day.h), "YYYY-MM-DD" */
  AUDIT_CELL_RATIO, /* a / b: findings.json rounds it to 4 decimals; null when b is 0 */
} AuditCellType;

/* How a shown number reads: a share (a percentage), an average (one
 * decimal), or as it is. */
typedef enum { AUDIT_FORMAT_PLAIN, AUDIT_FORMAT_SHARE, AUDIT_FORMAT_AVERAGE } AuditCellFormat;

typedef struct {
  AuditCellType type;
  AuditCellFormat format; /* PLAIN: its column's (audit_cell_format) */
  const char *s; /* TEXT; NULL: why there is no value, or NULL */
  gint64 a, b;   /* INT, BOOL, DAY: a; RATIO: a / b */
} AuditCell;

typedef struct {
  const char *key;   /* in findings.json; NULL: shown only */
  const char *title; /* shown; NULL: in findings.json only */
  AuditCellFormat format;
} AuditSectionColumn;

/* Where a table's rows land in findings.json, under its key. */
typedef enum {
  AUDIT_SHAPE_FIELDS,  /* each row's cells are fields of the enclosing object (no key) */
  AUDIT_SHAPE_ARRAY,   /* key: [ {column: cell, ...}, ... ] */
  AUDIT_SHAPE_KEYED,   /* key: { first cell: {other columns}, ... } */
  AUDIT_SHAPE_MAP,     /* key: { first cell: second cell, ... } */
  AUDIT_SHAPE_LIST,    /* key: [ first cell, ... ] */
  AUDIT_SHAPE_OBJECT,  /* key: {}: an object that exists even with nothing in it (no columns) */
  AUDIT_SHAPE_NONE,    /* not in findings.json */
} AuditShape;

typedef enum {
  AUDIT_NOTE_LEAD,    /* what the section says first */
  AUDIT_NOTE_WARNING, /* what its reader must know before reading the figures */
} AuditNoteKind;

typedef struct {
  AuditNoteKind kind;
  const char *text; /* plain text; "**" around words to stress them */
} AuditSectionNote;

/* A chart of a table: bars of value columns (one series each) per row,
 * labelled by a column. */
typedef struct {
  const char *title;
  guint label;      /* the column naming each bar */
  guint values[2];  /* the columns drawn; values[1] 0 for one series */
  gboolean by_rows; /* bars across (a bar chart), else columns */
} AuditSectionChart;

typedef struct {
  const char *key;   /* its key in findings.json (FIELDS: NULL) */
  char **path;       /* the object keys it sits under inside the section's object; NULL: at its top */
  AuditShape shape;
  const char *title; /* shown; NULL: in findings.json only */
  AuditSectionColumn *columns;
  guint ncols;
  GArray *cells;     /* AuditCell, ncols per row */
  AuditSectionChart *chart; /* NULL: none */
} AuditSectionTable;

typedef enum {
  AUDIT_SECTION_RUN,       /* about the run: findings.json has it at its top level, reports near the top */
  AUDIT_SECTION_ANALYTICS, /* findings.json's "analytics" object, a page section and a sheet of its own */
  AUDIT_SECTION_SUMMARY,   /* findings.json's "analytics" object, shown with the summary */
} AuditSectionPlace;

typedef enum {
  AUDIT_SECTION_JSON_OBJECT, /* findings.json: an object of its tables */
  AUDIT_SECTION_JSON_BARE,   /* findings.json: its one table's value (a list, an array) */
  AUDIT_SECTION_JSON_NULL,   /* findings.json: null (nothing to say: Lead.csv was not exported...) */
} AuditSectionJson;

typedef struct {
  char *id;          /* findings.json's key ("win_loss"); an HTML id and a sheet name come from it */
  char *title;       /* "Win-loss buying committee" */
  char *label;       /* short, for a navigation link or a sheet name ("Win-Loss") */
  AuditSectionPlace place;
  AuditSectionJson json;
  gboolean hidden;   /* in findings.json only (nothing to show) */
  char *skipped;     /* why it could not be computed: findings.json's {"skipped": why}, shown as the
                        section's title and a note that says why (never a silent gap); NULL: it was */
  GArray *notes;     /* AuditSectionNote */
  GPtrArray *tables; /* AuditSectionTable* */
  GStringChunk *strings;
} AuditSection;

AuditSection *audit_section_new(const char *id, const char *title, const char *label, AuditSectionPlace place);
void audit_section_free(AuditSection *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditSection, audit_section_free)

void audit_section_note(AuditSection *s, AuditNoteKind kind, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The section could not be computed, and why ("OpportunityContactRole.csv
 * is not in the export"): it has no tables; a warning note says why. */
void audit_section_skip(AuditSection *s, const char *why);

/* A new table, last in s: path (NULL-terminated; NULL: the top of the
 * section's object), key, shape, title (NULL: in findings.json only) and
 * columns (ended by {0}). Rows follow through audit_section_row and one
 * audit_cell_* per column. */
AuditSectionTable *audit_section_table(AuditSection *s, const char *const *path, const char *key, AuditShape shape,
                                       const char *title, const AuditSectionColumn *columns);
void audit_section_chart(AuditSection *s, AuditSectionTable *t, const char *title, guint label, guint value1,
                         guint value2, gboolean by_rows);
void audit_section_row(AuditSectionTable *t);
void audit_cell_text(AuditSection *s, AuditSectionTable *t, const char *value);
void audit_cell_int(AuditSectionTable *t, gint64 value);
void audit_cell_bool(AuditSectionTable *t, gboolean value);
void audit_cell_day(AuditSectionTable *t, gint32 day);
void audit_cell_ratio(AuditSectionTable *t, gint64 a, gint64 b);
/* a / b read as format whatever its column's (a table of measures and values) */
void audit_cell_ratio_as(AuditSectionTable *t, gint64 a, gint64 b, AuditCellFormat format);
void audit_cell_null(AuditSection *s, AuditSectionTable *t, const char *why);

guint audit_section_table_rows(const AuditSectionTable *t);
const AuditCell *audit_section_cell(const AuditSectionTable *t, guint row, guint col);
/* A number cell's value (a / b of a RATIO), NAN when there is none (b is 0,
 * a NULL or TEXT cell). */
double audit_cell_value(const AuditCell *c);
/* How the cell at col of t reads. */
AuditCellFormat audit_cell_format(const AuditSectionTable *t, const AuditCell *c, guint col);
/* Whether a table is shown (it has a title and the section is not hidden),
 * and the columns shown, in order: fills cols (t->ncols long), returns how many. */
guint audit_section_shown_columns(const AuditSectionTable *t, guint *cols);

G_END_DECLS
