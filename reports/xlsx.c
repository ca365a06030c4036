/* report.xlsx (issue 6): a Summary sheet, one sheet per check with findings,
 * then one sheet per fix table. Generic over the registry, the findings and
 * the fix tables: a new check appears here without a change.
 *
 * Written in libxlsxwriter's constant_memory mode: a row goes to a temporary
 * file (in OUT_DIR) as soon as the next row starts, so memory does not grow
 * with the findings. Rows are written strictly in order, and column widths
 * must be set before the first row: they come from a measuring pass over a
 * sample of the same cells (finding_cells serves both passes), made while
 * planning every sheet before the workbook exists.
 *
 * Untrusted text: every value from the export (and every message, which
 * quotes it) goes through xlsx_text and worksheet_write_string: never a
 * formula, never a number guessed from text, never a URL from the data. The
 * only links are the configured record_url with a record's Id, and the
 * Summary's links to the workbook's own sheets.
 *
 * Speed (docs/benchmarks.md): most of the time is libxlsxwriter's. Each
 * string cell is ~50 bytes of XML besides its text, written to a temporary
 * file, copied to another when the workbook closes, then deflated at a level
 * libxlsxwriter does not expose; so a check sheet has no column that repeats
 * another (the Record Id is the link to the record, one Owner column, no
 * fingerprint).
 *
 * Reproducible: the document's created time is the as-of date, not the
 * clock; two runs on the same export give identical bytes.
 *
 * Every lxw_error becomes a GError (AUDIT_ERROR_IO) naming the file; the
 * workbook is written under a temporary name in OUT_DIR and renamed into
 * place, so a failed run leaves the previous report.xlsx as it was.
 *
 * CRM_AUDIT_XLSX_MAX_ROWS (for tests): rows per sheet, header included,
 * instead of Excel's 1,048,576 (at least 2). A check with more findings than
 * fit continues on "ID (2)", "ID (3)", ...; the Summary names them. */
#include "migration.h"
#include "normalize.h"
#include "registry.h"
#include "analytics.h"
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
 * of each check link. CRM_AUDIT_XLSX_MAX_LINKS (for tests) lowers the cap. */
#define XLSX_MAX_LINKS LXW_MAX_NUMBER_URLS
#define XLSX_SHEETNAME_MAX 31
#define XLSX_MEASURE_CAP 100                   /* stop measuring a column past this many characters */
#define XLSX_MEASURE_ROWS 20000                /* findings measured per check, at most about */
#define XLSX_CELL_BYTES 48                     /* a cell's XML besides its text */

/* ---- text ---- */

static gboolean xml_forbidden(gunichar c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF;
}

/* "_xHHHH_" is how a cell spells a character XML cannot hold (libxlsxwriter
 * writes a CR as "_x000D_"), and Excel reads any such text back as that
 * character: a value's own "_xHHHH_" keeps its '_' as "_x005F_". */
static gboolean is_x_escape(const char *p)
{
  return p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit(p[2]) && g_ascii_isxdigit(p[3]) && g_ascii_isxdigit(p[4]) &&
         g_ascii_isxdigit(p[5]) && p[6] == '_';
}

/* A value as a cell can hold it: valid UTF-8 (invalid bytes become U+FFFD)
 * without the characters XML 1.0 cannot hold (C0 controls but tab, LF, CR;
 * U+FFFE, U+FFFF), "_xHHHH_" kept literal, at most 32,767 UTF-16 units
 * (Excel's count; never fewer than libxlsxwriter's count of code points), a
 * longer value cut on a character boundary and ending with XLSX_CUT_MARKER.
 * Returns s itself when it is fine, else buf's contents. */
static const char *xlsx_text(const char *s, GString *buf)
{
  const char *end;
  gboolean valid = g_utf8_validate(s, -1, &end);
  if (valid && (gsize)(end - s) <= XLSX_MAX_UNITS) {
    const guchar *p = (const guchar *)s;
    for (; *p; p++)
      if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || (p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE) ||
          (*p == '_' && is_x_escape((const char *)p)))
        break;
    if (!*p)
      return s;
  }
  g_autofree char *made_valid = valid ? NULL : g_utf8_make_valid(s, -1);
  const char *p = valid ? s : made_valid;
  g_string_truncate(buf, 0);
  gsize units = 0, cut = 0;
  gboolean cut_found = FALSE;
  while (*p) {
    gunichar c = g_utf8_get_char(p);
    const char *next = g_utf8_next_char(p);
    if (!xml_forbidden(c)) {
      gboolean escape = c == '_' && is_x_escape(p);
      guint u = escape ? 7 : c >= 0x10000 ? 2 : 1;
      if (!cut_found && units + u > XLSX_MAX_UNITS - XLSX_CUT_UNITS) {
        cut = buf->len;
        cut_found = TRUE;
      }
      units += u;
      if (units > XLSX_MAX_UNITS) {
        g_string_truncate(buf, cut);
        g_string_append(buf, XLSX_CUT_MARKER);
        return buf->str;
      }
      if (escape)
        g_string_append(buf, "_x005F_");
      else
        g_string_append_len(buf, p, next - p);
    }
    p = next;
  }
  return buf->str;
}

/* ---- the workbook and its errors ---- */

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

static gboolean lxw_ok(Xlsx *x, lxw_error e, const char *what)
{
  if (e == LXW_NO_ERROR)
    return TRUE;
  if (!x->error)
    x->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write %s: %s", x->path, what, lxw_strerror(e));
  return FALSE;
}

static gboolean sheet_ok(Xlsx *x, const Sheet *s, lxw_error e)
{
  if (e == LXW_NO_ERROR)
    return TRUE;
  g_autofree char *what = g_strdup_printf("the sheet '%s'", s->name);
  return lxw_ok(x, e, what);
}

static gboolean put_text(Xlsx *x, Sheet *s, guint row, guint col, const char *value, lxw_format *fmt)
{
  if (!value || !*value)
    return TRUE;
  return sheet_ok(x, s, worksheet_write_string(s->ws, row, (lxw_col_t)col, xlsx_text(value, x->text), fmt));
}

static gboolean put_num(Xlsx *x, Sheet *s, guint row, guint col, double value, lxw_format *fmt)
{
  if (!isfinite(value)) /* no XML for it */
    return put_text(x, s, row, col, isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", fmt);
  return sheet_ok(x, s, worksheet_write_number(s->ws, row, (lxw_col_t)col, value, fmt));
}

static gboolean url_fits(const char *url)
{
  return strlen(url) <= XLSX_MAX_URL;
}

/* A link labelled label; plain text (the label, else the URL) once the sheet
 * has used its planned links, or past Excel's length. */
static gboolean put_url(Xlsx *x, Sheet *s, guint row, guint col, const char *url, const char *label)
{
  if (s->urls >= s->link_budget || !url_fits(url))
    return put_text(x, s, row, col, label ? label : url, NULL);
  s->urls++;
  return sheet_ok(x, s, worksheet_write_url_opt(s->ws, row, (lxw_col_t)col, url, NULL, label, NULL));
}

static gboolean put_sheet_link(Xlsx *x, Sheet *s, guint row, guint col, const char *sheet)
{
  g_autoptr(GString) url = g_string_new("internal:'");
  for (const char *p = sheet; *p; p++) {
    if (*p == '\'')
      g_string_append_c(url, '\'');
    g_string_append_c(url, *p);
  }
  g_string_append(url, "'!A1");
  return put_url(x, s, row, col, url->str, sheet);
}

static gboolean put_row(Xlsx *x, Sheet *s, guint row, const char *const *cells, guint n, lxw_format *fmt)
{
  for (guint c = 0; c < n; c++)
    if (!put_text(x, s, row, c, cells[c], fmt))
      return FALSE;
  return TRUE;
}

/* An unused sheet name from base: Excel's characters, at most 31 of them,
 * unique regardless of case ("~2", "~3", ... when a cut name collides);
 * part > 1 adds " (PART)". */
static char *sheet_name(Xlsx *x, const char *base, guint part)
{
  g_autoptr(GString) clean = g_string_new(NULL);
  for (const char *p = xlsx_text(base, x->text); *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c < 0x20)
      continue;
    if (strchr("[]:*?/\\", (int)c) && c < 0x80)
      g_string_append_c(clean, '_');
    else
      g_string_append_unichar(clean, c);
  }
  if (clean->len && clean->str[0] == '\'')
    clean->str[0] = '_';
  if (!clean->len)
    g_string_assign(clean, "sheet");
  g_autofree char *suffix = part > 1 ? g_strdup_printf(" (%u)", part) : g_strdup("");
  for (guint k = 1;; k++) {
    g_autofree char *tag = k > 1 ? g_strdup_printf("~%u", k) : g_strdup("");
    glong room = XLSX_SHEETNAME_MAX - (glong)strlen(suffix) - (glong)strlen(tag);
    glong len = g_utf8_strlen(clean->str, -1);
    const char *cut = g_utf8_offset_to_pointer(clean->str, MIN(len, room));
    g_autofree char *name = g_strdup_printf("%.*s%s%s", (int)(cut - clean->str), clean->str, tag, suffix);
    if (g_str_has_suffix(name, "'"))
      name[strlen(name) - 1] = '_';
    g_autofree char *key = g_utf8_casefold(name, -1);
    if (!g_hash_table_contains(x->used, key)) {
      g_hash_table_add(x->used, g_steal_pointer(&key));
      return g_steal_pointer(&name);
    }
  }
}

static gboolean add_sheet(Xlsx *x, Sheet *s)
{
  s->ws = workbook_add_worksheet(x->wb, s->name);
  if (!s->ws && !x->error)
    x->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot add the sheet '%s' (its temporary file?)", x->path,
                           s->name);
  return s->ws != NULL;
}

/* Widths in characters, from the longest value, within limits. */
static gboolean set_widths(Xlsx *x, Sheet *s, const guint *chars, guint n, const double *max_width)
{
  for (guint c = 0; c < n; c++) {
    double w = CLAMP((double)chars[c] + 2, 6, max_width ? max_width[c] : 50);
    if (!sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL)))
      return FALSE;
  }
  return TRUE;
}

/* A table's frame: widths, the header row frozen, an autofilter over rows. */
static gboolean begin_table(Xlsx *x, Sheet *s, const char *const *headers, guint ncols, guint nrows,
                            const guint *chars, const double *max_width)
{
  if (!set_widths(x, s, chars, ncols, max_width))
    return FALSE;
  worksheet_freeze_panes(s->ws, 1, 0);
  if (!sheet_ok(x, s, worksheet_autofilter(s->ws, 0, 0, nrows, (lxw_col_t)(ncols - 1))))
    return FALSE;
  return put_row(x, s, 0, headers, ncols, x->header);
}

/* Severity names coloured by value in rows first..last of column col. */
static gboolean colour_severity(Xlsx *x, Sheet *s, guint first, guint last, guint col)
{
  if (last < first)
    return TRUE;
  for (guint v = 0; v < AUDIT_SEV_COUNT; v++) {
    g_autofree char *quoted = g_strdup_printf("\"%s\"", audit_severity_name((AuditSeverity)v));
    lxw_conditional_format cf = {
        .type = LXW_CONDITIONAL_TYPE_CELL,
        .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
        .value_string = quoted,
        .format = x->sev[v],
    };
    if (!sheet_ok(x, s, worksheet_conditional_format_range(s->ws, first, (lxw_col_t)col, last, (lxw_col_t)col, &cf)))
      return FALSE;
  }
  return TRUE;
}

static guint measure(const char *s)
{
  guint n = 0;
  for (const guchar *p = (const guchar *)s; *p && n < XLSX_MEASURE_CAP; p++)
    n += (*p & 0xC0) != 0x80;
  return n;
}

/* ---- check sheets ---- */

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

static void check_sheet_clear(CheckSheet *cs)
{
  g_clear_pointer(&cs->ev_column, g_hash_table_unref);
  g_clear_pointer(&cs->headers, g_ptr_array_unref);
  g_clear_pointer(&cs->cells, g_free);
  for (guint c = 0; cs->rows_text && c < cs->ncols; c++)
    if (cs->rows_text[c])
      g_string_free(cs->rows_text[c], TRUE);
  g_clear_pointer(&cs->rows_text, g_free);
  g_clear_pointer(&cs->chars, g_free);
  g_clear_pointer(&cs->max_width, g_free);
  if (cs->link)
    g_string_free(cs->link, TRUE);
  if (cs->related)
    g_string_free(cs->related, TRUE);
  for (guint p = 0; cs->parts && p < cs->nparts; p++)
    g_free(cs->parts[p].name);
  g_clear_pointer(&cs->parts, g_free);
}

static const char *owner_name(const AuditModel *m, const char *owner, char *buf, gsize len)
{
  const char *name = audit_user_name(m, owner, buf, len);
  return name ? name : "";
}

/* The evidence keys whose value is the finding's record name in every
 * finding that has them (a check that names the record it is about): their
 * column would repeat the Record name column. */
static GHashTable *keys_repeating_name(CheckSheet *cs)
{
  const AuditSink *s = cs->sink;
  GHashTable *differs = g_hash_table_new(g_direct_hash, g_direct_equal);
  GHashTable *same = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint k = 0; k < audit_sink_count(s); k++) {
    const AuditFinding *f = audit_sink_get(s, k);
    const char *name = NULL;
    for (guint i = 0; i < f->ev_n; i++) {
      const AuditValue *v = audit_finding_evidence(s, f, i);
      if (g_hash_table_contains(differs, v->key))
        continue;
      if (v->type == AUDIT_VAL_STR && !name)
        name = f->row >= 0 ? audit_record_name(s->model, f->object, (guint)f->row, cs->name_buf, sizeof cs->name_buf)
                           : "";
      if (v->type == AUDIT_VAL_STR && strcmp(v->s, name) == 0) {
        g_hash_table_add(same, (gpointer)v->key);
      } else {
        g_hash_table_add(differs, (gpointer)v->key);
        g_hash_table_remove(same, v->key);
      }
    }
  }
  g_hash_table_unref(differs);
  return same;
}

/* The columns: severity, object, record Id (a link to the record when
 * record_url is set), record name, related Ids, owner (the user's name,
 * else the Id), message, one per evidence key (first appearance over the
 * check's findings) but those that repeat the record name, fix, fix action.
 * Not the fingerprint: findings.json has it, and a row of random hex per
 * finding costs a third of a second at 300k findings for nothing a reader
 * of the sheet uses. */
static void check_sheet_columns(CheckSheet *cs)
{
  static const char *const fixed[] = {"Severity", "Object", "Record Id", "Record name"};
  cs->headers = g_ptr_array_new();
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(cs->headers, (gpointer)fixed[i]);
  g_ptr_array_add(cs->headers, "Related Ids");
  g_ptr_array_add(cs->headers, "Owner");
  if (cs->x->r->baseline)
    g_ptr_array_add(cs->headers, "Since the baseline");
  g_ptr_array_add(cs->headers, "Message");
  cs->col_evidence = cs->headers->len;
  cs->ev_column = g_hash_table_new(g_direct_hash, g_direct_equal);
  const AuditSink *s = cs->sink;
  g_autoptr(GHashTable) repeat_name = keys_repeating_name(cs);
  for (guint i = 0; i < s->evidence->len; i++) {
    const char *key = g_array_index(s->evidence, AuditValue, i).key;
    if (!g_hash_table_contains(cs->ev_column, key) && !g_hash_table_contains(repeat_name, key)) {
      g_ptr_array_add(cs->headers, (gpointer)key);
      g_hash_table_insert(cs->ev_column, (gpointer)key, GUINT_TO_POINTER(cs->headers->len));
    }
  }
  g_ptr_array_add(cs->headers, "Fix");
  g_ptr_array_add(cs->headers, "Fix action");
  cs->ncols = cs->headers->len;
  cs->cells = g_new0(Cell, cs->ncols);
  cs->rows_text = g_new0(GString *, cs->ncols);
}

static void finding_cells(CheckSheet *cs, const AuditFinding *f)
{
  const AuditSink *s = cs->sink;
  const AuditModel *m = s->model;
  Cell *c = cs->cells;
  memset(c, 0, cs->ncols * sizeof *c);
  guint k = 0;
#define TEXT(v) (c[k++] = (Cell){.type = CELL_TEXT, .s = (v)})
  TEXT(audit_severity_name(f->severity));
  TEXT(audit_object_name(f->object));
  const char *id = audit_finding_record_id(s, f);
  if (audit_record_link((const char *const *)cs->url_parts, id, cs->link))
    c[k++] = (Cell){.type = CELL_URL, .s = cs->link->str, .label = id};
  else
    TEXT(id);
  TEXT(f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, cs->name_buf, sizeof cs->name_buf)
                    : AUDIT_NO_RECORD_LABEL);
  g_string_truncate(cs->related, 0);
  for (guint i = 0; i < f->rel_n; i++) {
    if (i)
      g_string_append(cs->related, ", ");
    g_string_append(cs->related, audit_ref_id(m, audit_finding_related(s, f, i)));
  }
  TEXT(cs->related->str);
  const char *owner = f->row >= 0 ? audit_record_owner(m, f->object, (guint)f->row) : "";
  const char *owner_label = owner_name(m, owner, cs->owner_buf, sizeof cs->owner_buf);
  TEXT(*owner_label ? owner_label : owner);
  if (s->model && cs->x->r->baseline)
    TEXT(f->trend == AUDIT_TREND_NEW ? "new" : f->trend == AUDIT_TREND_PERSISTING ? "persisting" : "");
  TEXT(f->message);
  for (guint i = 0; i < f->ev_n; i++) {
    const AuditValue *v = audit_finding_evidence(s, f, i);
    guint col = GPOINTER_TO_UINT(g_hash_table_lookup(cs->ev_column, v->key));
    if (col-- == 0) /* a key that repeats the record name: no column */
      continue;
    switch (v->type) {
    case AUDIT_VAL_STR:
      c[col] = (Cell){.type = CELL_TEXT, .s = v->s};
      break;
    case AUDIT_VAL_ROWS: /* readable, as the HTML report has it; one row each on the detail sheet */
    case AUDIT_VAL_WORDS:
      if (!cs->rows_text[col])
        cs->rows_text[col] = g_string_new(NULL);
      c[col] = (Cell){.type = CELL_TEXT,
                      .s = v->type == AUDIT_VAL_ROWS ? audit_evidence_rows_text(s, v, cs->rows_text[col])
                                                     : audit_words_join(v, ", ", cs->rows_text[col])};
      break;
    case AUDIT_VAL_INT:
      c[col] = (Cell){.type = CELL_NUM, .d = (double)v->i};
      break;
    case AUDIT_VAL_NUM:
      c[col] = (Cell){.type = CELL_NUM, .d = v->d};
      break;
    case AUDIT_VAL_BOOL:
      c[col] = (Cell){.type = CELL_BOOL, .d = v->i != 0};
      break;
    case AUDIT_VAL_NULL:
      break;
    }
  }
  k = cs->ncols - 2;
  TEXT(f->fix_text);
  TEXT(f->fix_action);
#undef TEXT
}

static guint cell_chars(const Cell *c)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (c->type) {
  case CELL_TEXT:
    return c->s ? measure(c->s) : 0;
  case CELL_URL:
    return measure(c->label);
  case CELL_NUM:
    g_snprintf(buf, sizeof buf, "%.10g", c->d);
    return (guint)strlen(buf);
  case CELL_BOOL:
    return 5;
  default:
    return 0;
  }
}

static gboolean put_cell(Xlsx *x, Sheet *s, guint row, guint col, const Cell *c)
{
  switch (c->type) {
  case CELL_TEXT:
    return put_text(x, s, row, col, c->s, NULL);
  case CELL_URL:
    return put_url(x, s, row, col, c->s, c->label);
  case CELL_NUM:
    return put_num(x, s, row, col, c->d, NULL);
  case CELL_BOOL:
    return sheet_ok(x, s, worksheet_write_boolean(s->ws, row, (lxw_col_t)col, c->d != 0, NULL));
  default:
    return TRUE;
  }
}

static guint rows_per_sheet(const Xlsx *x)
{
  return x->max_rows - 1;
}

static guint parts_for(const Xlsx *x, guint nrows)
{
  return nrows ? (nrows + rows_per_sheet(x) - 1) / rows_per_sheet(x) : 1;
}

/* Column widths, and the XML's size, from up to XLSX_MEASURE_ROWS findings
 * spread over the check: widths are cosmetic, and measuring every finding
 * would cost a good part of writing them. */
static void check_sheet_measure(CheckSheet *cs)
{
  const AuditSink *s = cs->sink;
  guint n = audit_sink_count(s), ncols = cs->ncols;
  cs->chars = g_new0(guint, ncols);
  cs->max_width = g_new(double, ncols);
  for (guint c = 0; c < ncols; c++) {
    cs->chars[c] = measure(cs->headers->pdata[c]);
    cs->max_width[c] = 50;
  }
  cs->max_width[cs->col_evidence - 1] = 80; /* message */
  cs->max_width[ncols - 2] = 80;            /* fix */
  guint stride = MAX(1, n / XLSX_MEASURE_ROWS), measured = 0;
  double bytes = 0;
  for (guint k = 0; k < n; k += stride, measured++) {
    finding_cells(cs, audit_sink_get(s, k));
    for (guint c = 0; c < ncols; c++) {
      const Cell *cell = &cs->cells[c];
      bytes += XLSX_CELL_BYTES + (cell->s && cell->type != CELL_NONE ? strlen(cell->s) : 8);
      if (cs->chars[c] < XLSX_MEASURE_CAP) {
        guint w = cell_chars(cell);
        if (w > cs->chars[c])
          cs->chars[c] = w;
      }
    }
  }
  cs->bytes = measured ? bytes / measured * n : 0;
}

static gboolean write_check_sheet(Xlsx *x, CheckSheet *cs)
{
  const AuditSink *s = cs->sink;
  guint n = audit_sink_count(s), ncols = cs->ncols;
  guint per = rows_per_sheet(x);
  for (guint p = 0; p < cs->nparts; p++) {
    Sheet *sh = &cs->parts[p];
    guint first = p * per, count = MIN(n - first, per);
    if (!add_sheet(x, sh) ||
        !begin_table(x, sh, (const char *const *)cs->headers->pdata, ncols, count, cs->chars, cs->max_width) ||
        !colour_severity(x, sh, 1, count, 0))
      return FALSE;
    for (guint k = 0; k < count; k++) {
      finding_cells(cs, audit_sink_get(s, first + k));
      for (guint c = 0; c < ncols; c++)
        if (!put_cell(x, sh, k + 1, c, &cs->cells[c]))
          return FALSE;
    }
  }
  return TRUE;
}

/* ---- detail sheets: structured evidence, one row per element ---- */

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

static void detail_sheet_free(gpointer p)
{
  DetailSheet *d = p;
  g_free(d->sheet.name);
  g_free(d);
}

/* Plan the detail sheets of a check: their columns and row counts. */
static void plan_details(Xlsx *x, const CheckSheet *cs, const char *check_id, GPtrArray *out)
{
  const AuditSink *s = cs->sink;
  g_autoptr(GHashTable) by_key = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint k = 0; k < audit_sink_count(s); k++) {
    const AuditFinding *f = audit_sink_get(s, k);
    for (guint e = 0; e < f->ev_n; e++) {
      const AuditValue *v = audit_finding_evidence(s, f, e);
      if (v->type != AUDIT_VAL_ROWS)
        continue;
      const AuditRows *rows = audit_value_rows(s, v);
      DetailSheet *d = g_hash_table_lookup(by_key, v->key);
      if (!d) {
        d = g_new0(DetailSheet, 1);
        d->cs = cs;
        d->key = v->key;
        d->columns = rows->columns;
        d->ncols = rows->ncols;
        g_autofree char *base = g_strdup_printf("%s %s", check_id, v->key);
        d->sheet.name = sheet_name(x, base, 1);
        g_hash_table_insert(by_key, (gpointer)v->key, d);
        g_ptr_array_add(out, d);
      }
      d->rows += rows->nrows;
    }
  }
}

/* A row's cell: text, a number, a list of words as one text; nothing for null. */
static gboolean put_row_cell(Xlsx *x, Sheet *s, guint row, guint col, const AuditValue *v, GString *buf)
{
  switch (v->type) {
  case AUDIT_VAL_STR:
    return put_text(x, s, row, col, v->s, NULL);
  case AUDIT_VAL_WORDS:
    return put_text(x, s, row, col, audit_words_join(v, ", ", buf), NULL);
  case AUDIT_VAL_BOOL:
    return put_text(x, s, row, col, v->i ? "yes" : "no", NULL);
  case AUDIT_VAL_INT:
    return put_num(x, s, row, col, (double)v->i, NULL);
  case AUDIT_VAL_NUM:
    return put_num(x, s, row, col, v->d, NULL);
  case AUDIT_VAL_NULL:
  case AUDIT_VAL_ROWS:
    return TRUE;
  }
  return TRUE;
}

static gboolean write_detail_sheet(Xlsx *x, DetailSheet *d)
{
  const AuditSink *s = d->cs->sink;
  const AuditModel *m = s->model;
  guint ncols = 2 + d->ncols;
  g_autofree const char **headers = g_new(const char *, ncols);
  g_autofree guint *chars = g_new(guint, ncols);
  g_autofree double *widths = g_new(double, ncols);
  headers[0] = "Record Id";
  headers[1] = "Record name";
  for (guint c = 0; c < d->ncols; c++)
    headers[2 + c] = d->columns[c].name;
  for (guint c = 0; c < ncols; c++) {
    chars[c] = c < 2 ? 24 : MAX(14, (guint)strlen(headers[c]) + 2);
    widths[c] = 40;
  }
  Sheet *sh = &d->sheet;
  guint rows = MIN(d->rows, rows_per_sheet(x) - 1); /* one sheet: the rest is in findings.json */
  if (!add_sheet(x, sh) || !begin_table(x, sh, headers, ncols, rows, chars, widths))
    return FALSE;
  char name[1024];
  g_autoptr(GString) buf = g_string_new(NULL);
  guint row = 1;
  for (guint k = 0; k < audit_sink_count(s) && row <= rows; k++) {
    const AuditFinding *f = audit_sink_get(s, k);
    for (guint e = 0; e < f->ev_n; e++) {
      const AuditValue *v = audit_finding_evidence(s, f, e);
      if (v->type != AUDIT_VAL_ROWS || strcmp(v->key, d->key) != 0)
        continue;
      const AuditRows *list = audit_value_rows(s, v);
      for (guint i = 0; i < list->nrows && row <= rows; i++, row++) {
        if (!put_text(x, sh, row, 0, audit_finding_record_id(s, f), NULL) ||
            !put_text(x, sh, row, 1, f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, name, sizeof name)
                                                 : AUDIT_NO_RECORD_LABEL, NULL))
          return FALSE;
        for (guint c = 0; c < MIN(list->ncols, d->ncols); c++)
          if (!put_row_cell(x, sh, row, 2 + c, audit_rows_cell(s, list, i, c), buf))
            return FALSE;
      }
    }
  }
  return TRUE;
}

/* ---- fix sheets ---- */

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

static void fix_sheet_free(gpointer data)
{
  FixSheet *fs = data;
  g_free(fs->name);
  g_strfreev(fs->columns);
  g_free(fs->chars);
  for (guint p = 0; fs->parts && p < fs->nparts; p++)
    g_free(fs->parts[p].name);
  g_free(fs->parts);
  g_free(fs);
}

typedef struct {
  Xlsx *x;
  GHashTable *by_name; /* table name → FixSheet* */
} FixPass;

/* A fix sheet's cell: every value as it is, the review columns too (every
 * cell is a text cell, which no spreadsheet runs: a ' would show). */
static const char *fix_cell(const char *const *values, guint c)
{
  return values[c] ? values[c] : "";
}

static void fix_measure_row(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
                            const AuditFinding *f, gpointer user)
{
  FixPass *fp = user;
  FixSheet *fs = g_hash_table_lookup(fp->by_name, t->name);
  if (!fs || fs->seen++ % fs->stride != 0)
    return;
  for (guint c = 0; c < fs->ncols && c < t->ncolumns + t->nreview; c++) {
    const char *v = fix_cell(values, c);
    fs->bytes += (XLSX_CELL_BYTES + strlen(v)) * (double)fs->stride;
    if (fs->chars[c] < XLSX_MEASURE_CAP) {
      guint w = measure(v);
      if (w > fs->chars[c])
        fs->chars[c] = w;
    }
  }
}

static gboolean fix_begin_part(Xlsx *x, FixSheet *fs, guint p)
{
  Sheet *sh = &fs->parts[p];
  guint per = rows_per_sheet(x);
  guint count = MIN(fs->nrows - p * per, per);
  return add_sheet(x, sh) &&
         begin_table(x, sh, (const char *const *)fs->columns, fs->ncols, count, fs->chars, NULL);
}

static void fix_write_row(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
                          const AuditFinding *f, gpointer user)
{
  FixPass *fp = user;
  Xlsx *x = fp->x;
  FixSheet *fs = g_hash_table_lookup(fp->by_name, t->name);
  if (x->error || !fs || fs->row >= fs->nrows)
    return;
  guint per = rows_per_sheet(x);
  guint p = fs->row / per, row = fs->row % per + 1;
  if (row == 1 && !fix_begin_part(x, fs, p))
    return;
  for (guint c = 0; c < fs->ncols && c < t->ncolumns + t->nreview; c++)
    if (!put_text(x, &fs->parts[p], row, c, fix_cell(values, c), NULL))
      return;
  fs->row++;
}

/* ---- Summary ---- */

/* A blank row, a titled table's title and header. */
static gboolean summary_section(Xlsx *x, Sheet *s, guint *row, const char *title, const char *const *header, guint n)
{
  (*row)++;
  return put_text(x, s, (*row)++, 0, title, x->title) && put_row(x, s, (*row)++, header, n, x->header);
}

/* The names of a table's continuation sheets. */
static gboolean put_continued(Xlsx *x, Sheet *s, guint row, guint col, const Sheet *parts, guint nparts)
{
  if (nparts < 2)
    return TRUE;
  g_autoptr(GString) names = g_string_new(NULL);
  for (guint p = 1; p < nparts; p++)
    g_string_append_printf(names, "%s%s", p > 1 ? ", " : "", parts[p].name);
  return put_text(x, s, row, col, names->str, NULL);
}

static gboolean summary_input(Xlsx *x, Sheet *s, guint *row)
{
  const AuditModel *m = x->r->model;
  static const char *const header[] = {"Object", "File", "Rows", "Encoding", "Deleted rows skipped",
                                       "Blank rows skipped"};
  if (!summary_section(x, s, row, "Input", header, G_N_ELEMENTS(header)))
    return FALSE;
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++, (*row)++) {
    const AuditTable *t = &m->tables[o];
    if (!put_text(x, s, *row, 0, t->name, NULL) ||
        !put_text(x, s, *row, 1, t->present ? t->file : "not in the export", NULL) ||
        !put_num(x, s, *row, 2, t->nrows, NULL))
      return FALSE;
    if (t->present && (!put_text(x, s, *row, 3, t->encoding, NULL) || !put_num(x, s, *row, 4, t->rows_deleted, NULL) ||
                       !put_num(x, s, *row, 5, t->rows_blank, NULL)))
      return FALSE;
  }
  return TRUE;
}

static gboolean summary_notes(Xlsx *x, Sheet *s, guint *row)
{
  const AuditModel *m = x->r->model;
  static const char *const header[] = {"Inferred", "Value", "From", "Override with"};
  if (m->inferred->len) {
    if (!summary_section(x, s, row, "Inferred from the export", header, G_N_ELEMENTS(header)))
      return FALSE;
    for (guint i = 0; i < m->inferred->len; i++, (*row)++) {
      const AuditInference *in = m->inferred->pdata[i];
      if (!put_text(x, s, *row, 0, in->what, NULL) || !put_text(x, s, *row, 1, in->value, NULL) ||
          !put_text(x, s, *row, 2, in->from, NULL) || !put_text(x, s, *row, 3, in->override ? in->override : "", NULL))
        return FALSE;
    }
  }
  static const char *const nheader[] = {"Notice"};
  if (m->notices->len) {
    if (!summary_section(x, s, row, "Notices", nheader, G_N_ELEMENTS(nheader)))
      return FALSE;
    for (guint i = 0; i < m->notices->len; i++, (*row)++)
      if (!put_text(x, s, *row, 0, m->notices->pdata[i], NULL))
        return FALSE;
  }
  return TRUE;
}

static gboolean summary_severities(Xlsx *x, Sheet *s, guint *row)
{
  static const char *const header[] = {"Severity", "Findings"};
  if (!summary_section(x, s, row, "Findings by severity", header, G_N_ELEMENTS(header)))
    return FALSE;
  guint total = 0, first = *row;
  for (int v = AUDIT_SEV_COUNT - 1; v >= 0; v--, (*row)++) {
    if (!put_text(x, s, *row, 0, audit_severity_name((AuditSeverity)v), NULL) ||
        !put_num(x, s, *row, 1, x->r->counts[v], NULL))
      return FALSE;
    total += x->r->counts[v];
  }
  return colour_severity(x, s, first, *row - 1, 0) && put_text(x, s, *row, 0, "total", x->bold) &&
         put_num(x, s, (*row)++, 1, total, x->bold);
}

/* A bar chart of the findings per check, from rows first..last. */
static gboolean summary_chart(Xlsx *x, Sheet *s, guint first, guint last)
{
  lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
  lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
  if (!series)
    return lxw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the chart");
  chart_series_set_categories(series, s->name, first, 0, last, 0);
  chart_series_set_values(series, s->name, first, 4, last, 4);
  chart_title_set_name(chart, "Findings per check");
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  /* bars: y is the category axis; the table's order top down, the values' axis below */
  chart_axis_set_reverse(chart->y_axis);
  chart_axis_set_crossing_max(chart->y_axis);
  lxw_chart_options opt = {.x_offset = 10, .y_offset = 10, .x_scale = 1.6,
                           .y_scale = MAX(1.0, 0.3 + (last - first + 1) * 0.09), .description = "Findings per check"};
  return lxw_ok(x, worksheet_insert_chart_opt(s->ws, 0, 9, chart, &opt), "the chart");
}

/* Per check: those with findings first (the chart reads them), then the
 * others, each in registry order. */
static gboolean summary_checks(Xlsx *x, Sheet *s, guint *row, const CheckSheet *checks)
{
  const AuditResult *r = x->r;
  static const char *const header[] = {"Check", "Title", "Severity", "Status", "Findings", "Reason",
                                       "Sheet", "Continued on", "Rows linked"};
  if (!summary_section(x, s, row, "Checks", header, G_N_ELEMENTS(header)))
    return FALSE;
  guint first = *row, with_findings = 0;
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < audit_registry_size; i++) {
      const AuditSink *sink = r->sinks[i];
      const CheckSheet *cs = &checks[i];
      if ((cs->parts != NULL) != (pass == 0))
        continue;
      const AuditCheck *c = audit_registry[i];
      if (!put_text(x, s, *row, 0, c->id, NULL) || !put_text(x, s, *row, 1, c->title, NULL) ||
          !put_text(x, s, *row, 2, audit_severity_name(r->config->checks[i].severity), NULL) ||
          !put_text(x, s, *row, 3, sink ? "ran" : "skipped", NULL) ||
          (sink && !put_num(x, s, *row, 4, audit_sink_count(sink), NULL)) ||
          (!sink && !put_text(x, s, *row, 5, r->skip_reasons[i], NULL)))
        return FALSE;
      if (cs->parts) {
        if (!put_sheet_link(x, s, *row, 6, cs->parts[0].name) ||
            !put_continued(x, s, *row, 7, cs->parts, cs->nparts) ||
            (cs->url_parts && !put_num(x, s, *row, 8, cs->linked, NULL)))
          return FALSE;
        with_findings++;
      }
      (*row)++;
    }
  return colour_severity(x, s, first, *row - 1, 2) &&
         (!with_findings || summary_chart(x, s, first, first + with_findings - 1));
}

static gboolean summary_fixes(Xlsx *x, Sheet *s, guint *row, GPtrArray *fixes)
{
  if (!fixes->len)
    return TRUE;
  static const char *const header[] = {"File", "Rows", "Sheet", "Continued on"};
  if (!summary_section(x, s, row, "Fix files", header, G_N_ELEMENTS(header)))
    return FALSE;
  for (guint i = 0; i < fixes->len; i++, (*row)++) {
    const FixSheet *fs = fixes->pdata[i];
    g_autofree char *file = g_strdup_printf("fixes/%s.csv", fs->name);
    if (!put_text(x, s, *row, 0, file, NULL) || !put_num(x, s, *row, 1, fs->nrows, NULL) ||
        !put_sheet_link(x, s, *row, 2, fs->parts[0].name) || !put_continued(x, s, *row, 3, fs->parts, fs->nparts))
      return FALSE;
  }
  return TRUE;
}

/* Per owner, sorted by owner Id, as findings.json's summary.by_owner. */
static gboolean summary_owners(Xlsx *x, Sheet *s, guint *row)
{
  const AuditResult *r = x->r;
  const char *header[9 + AUDIT_SEV_COUNT];
  guint n = 0;
  header[n++] = "Owner Id";
  header[n++] = "Owner name";
  for (int v = AUDIT_SEV_COUNT - 1; v >= 0; v--)
    header[n++] = audit_severity_name((AuditSeverity)v);
  header[n++] = "Total";
  header[n++] = "Active";
  if (r->baseline) {
    header[n++] = "New";
    header[n++] = "Persisting";
    header[n++] = "Fixed";
    header[n++] = "Gone with the record";
    header[n++] = "Aged out";
  }
  if (!summary_section(x, s, row, "Findings by owner", header, n))
    return FALSE;
  for (guint i = 0; i < r->owners->len; i++, (*row)++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, i);
    if (!put_text(x, s, *row, 0, c->owner, NULL) ||
        !put_text(x, s, *row, 1, !*c->owner ? "(no owner)" : c->name ? c->name : "(not a user in the export)", NULL))
      return FALSE;
    guint col = 2;
    for (int v = AUDIT_SEV_COUNT - 1; v >= 0; v--)
      if (!put_num(x, s, *row, col++, c->n[v], NULL))
        return FALSE;
    if (!put_num(x, s, *row, col++, c->total, NULL) ||
        !put_text(x, s, *row, col++, c->active < 0 ? "" : c->active ? "yes" : "no", NULL))
      return FALSE;
    if (r->baseline && (!put_num(x, s, *row, col, c->trend.new_, NULL) ||
                        !put_num(x, s, *row, col + 1, c->trend.persisting, NULL) ||
                        !put_num(x, s, *row, col + 2, c->trend.fixed, NULL) ||
                        !put_num(x, s, *row, col + 3, c->trend.gone, NULL) ||
                        !put_num(x, s, *row, col + 4, c->trend.aged, NULL)))
      return FALSE;
  }
  return TRUE;
}

/* With --baseline: new, persisting and fixed per check that ran, and in all. */
static gboolean put_trend(Xlsx *x, Sheet *s, guint row, const char *label, const AuditTrend *t, lxw_format *fmt)
{
  return put_text(x, s, row, 0, label, fmt) && put_num(x, s, row, 1, t->new_, fmt) &&
         put_num(x, s, row, 2, t->persisting, fmt) && put_num(x, s, row, 3, t->fixed, fmt) &&
         put_num(x, s, row, 4, t->gone, fmt) && put_num(x, s, row, 5, t->aged, fmt);
}

/* With --baseline: new, persisting, fixed, gone and aged out per check that
 * ran, and in all; the sheet "Not reported now" lists the last three. */
static gboolean summary_trend(Xlsx *x, Sheet *s, guint *row)
{
  const AuditResult *r = x->r;
  if (!r->baseline)
    return TRUE;
  static const char *const header[] = {"Check", "New", "Persisting", "Fixed", "Gone with the record", "Aged out"};
  g_autofree char *title = g_strdup_printf("Trend since the baseline %s", audit_baseline_path(r->baseline));
  if (!summary_section(x, s, row, title, header, G_N_ELEMENTS(header)))
    return FALSE;
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditTrend *t = &r->trend_checks[i];
    if (!r->sinks[i] || !(t->new_ || t->persisting || t->fixed || t->gone || t->aged))
      continue;
    if (!put_trend(x, s, (*row)++, audit_registry[i]->id, t, NULL))
      return FALSE;
  }
  return put_trend(x, s, (*row)++, "total", &r->trend, x->bold);
}

/* With --baseline: the baseline's findings not reported now, and why. */
static gboolean write_gone_sheet(Xlsx *x, Sheet *s)
{
  const AuditResult *r = x->r;
  static const char *const headers[] = {"Check", "Object", "Record Id", "Owner", "Why", "Message then"};
  static const guint chars[] = {30, 14, 18, 18, 10, 60};
  static const double widths[] = {40, 20, 20, 30, 14, 100};
  guint rows = MIN(r->gone->len, rows_per_sheet(x) - 1);
  if (!add_sheet(x, s) || !begin_table(x, s, headers, G_N_ELEMENTS(headers), rows, chars, widths))
    return FALSE;
  char buf[512];
  for (guint i = 0; i < rows; i++) {
    const AuditGoneFinding *g = &g_array_index(r->gone, AuditGoneFinding, i);
    const char *owner = *g->f.owner ? audit_user_name(r->model, g->f.owner, buf, sizeof buf) : NULL;
    if (!put_text(x, s, i + 1, 0, g->f.check, NULL) || !put_text(x, s, i + 1, 1, g->f.object, NULL) ||
        !put_text(x, s, i + 1, 2, g->f.record, NULL) ||
        !put_text(x, s, i + 1, 3, owner ? owner : g->f.owner, NULL) || !put_text(x, s, i + 1, 4, g->as, NULL) ||
        !put_text(x, s, i + 1, 5, g->f.message, NULL))
      return FALSE;
  }
  return TRUE;
}

/* ---- Coverage and Win-Loss ---- */

static double share(guint a, guint b)
{
  return b ? (double)a / b : NAN;
}

/* A number, or nothing when it is not one (no deal, no holder). */
static gboolean put_maybe(Xlsx *x, Sheet *s, guint row, guint col, double v, lxw_format *fmt)
{
  return isnan(v) ? TRUE : put_num(x, s, row, col, v, fmt);
}

#define PRIMARY_UNKNOWN "unknown (no IsPrimary column)"

/* The share with a primary: text when the export cannot tell (no IsPrimary column). */
static gboolean put_primary(Xlsx *x, Sheet *s, guint row, guint col, const AuditCoverage *c, const AuditCoverageRow *r)
{
  if (c->primary_unknown)
    return put_text(x, s, row, col, PRIMARY_UNKNOWN, NULL);
  return put_maybe(x, s, row, col, share(r->with_primary, r->open), x->pct);
}

static gboolean coverage_rows(Xlsx *x, Sheet *s, guint *row, const char *title, const char *first,
                              const AuditCoverage *cov, GArray *rows, guint *from, guint *to)
{
  const char *header[] = {first, "Open", "With a contact role", "With a primary", "Average committee"};
  if (!summary_section(x, s, row, title, header, G_N_ELEMENTS(header)))
    return FALSE;
  *from = *row;
  for (guint i = 0; i < rows->len; i++, (*row)++) {
    const AuditCoverageRow *c = &g_array_index(rows, AuditCoverageRow, i);
    if (!put_text(x, s, *row, 0, c->label, NULL) || !put_num(x, s, *row, 1, c->open, NULL) ||
        !put_maybe(x, s, *row, 2, share(c->with_role, c->open), x->pct) ||
        !put_primary(x, s, *row, 3, cov, c) ||
        !put_maybe(x, s, *row, 4, share(c->committee, c->open), x->avg))
      return FALSE;
  }
  *to = *row - 1;
  return TRUE;
}

static gboolean write_coverage_sheet(Xlsx *x, Sheet *s, const AuditCoverage *c)
{
  static const double widths[] = {34, 12, 20, 16, 18};
  for (guint k = 0; k < G_N_ELEMENTS(widths); k++)
    if (!sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL)))
      return FALSE;
  guint row = 0;
  if (!put_text(x, s, row++, 0, "Contact-role coverage of open opportunities", x->title))
    return FALSE;
  static const char *const header[] = {"Measure", "Value"};
  if (!summary_section(x, s, &row, "All open opportunities", header, 2))
    return FALSE;
  const struct {
    const char *what;
    double v;
    lxw_format *fmt;
  } all[] = {
      {"Open opportunities", c->all.open, NULL},
      {"With a contact role", share(c->all.with_role, c->all.open), x->pct},
      {"With a primary contact role", c->primary_unknown ? NAN : share(c->all.with_primary, c->all.open), x->pct},
      {"Average committee (contacts with a Role)", share(c->all.committee, c->all.open), x->avg},
      {"Their contact roles", c->roles, NULL},
      {"Contact roles with a blank Role", share(c->blank_roles, c->roles), x->pct},
  };
  for (guint i = 0; i < G_N_ELEMENTS(all); i++, row++)
    if (!put_text(x, s, row, 0, all[i].what, NULL) ||
        !(c->primary_unknown && i == 2 ? put_text(x, s, row, 1, PRIMARY_UNKNOWN, NULL)
                                       : put_maybe(x, s, row, 1, all[i].v, all[i].fmt)))
      return FALSE;
  guint from, to;
  if (!coverage_rows(x, s, &row, "Per stage, in the stage model's order", "Stage", c, c->by_stage, &from, &to))
    return FALSE;
  if (c->by_stage->len) {
    /* committee size by stage: is the committee growing as deals advance? */
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
    lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
    if (!series)
      return lxw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the coverage chart");
    chart_series_set_categories(series, s->name, from, 0, to, 0);
    chart_series_set_values(series, s->name, from, 4, to, 4);
    chart_series_set_name(series, "Average committee");
    chart_title_set_name(chart, "Committee size by stage");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt = {.x_offset = 10, .y_offset = 10, .x_scale = 1.3, .y_scale = 1.1};
    if (!lxw_ok(x, worksheet_insert_chart_opt(s->ws, 0, 6, chart, &opt), "the coverage chart"))
      return FALSE;
  }
  if (!coverage_rows(x, s, &row, "Per owner", "Owner", c, c->by_owner, &from, &to))
    return FALSE;
  if (c->by_segment->len && !coverage_rows(x, s, &row, "Per segment", "Segment", c, c->by_segment, &from, &to))
    return FALSE;
  return TRUE;
}

static gboolean write_win_loss_sheet(Xlsx *x, Sheet *s, const AuditWinLoss *w)
{
  static const double widths[] = {44, 14, 14, 20, 20};
  for (guint k = 0; k < G_N_ELEMENTS(widths); k++)
    if (!sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)k, (lxw_col_t)k, widths[k], NULL)))
      return FALSE;
  const AuditWinLossPart *all = &g_array_index(w->parts, AuditWinLossPart, 0);
  const AuditSide *won = &all->won, *lost = &all->lost;
  char from[11], to[11];
  audit_day_format(w->from, from);
  audit_day_format(w->to, to);
  guint row = 0;
  g_autofree char *period = g_strdup_printf("Deals closed from %s to %s; engagement counts Task and Event rows with "
                                            "each contact in the %d days up to the close date.", from, to,
                                            AUDIT_WIN_LOSS_ENGAGED_DAYS);
  if (!put_text(x, s, row++, 0, "Win-loss buying committee", x->title) || !put_text(x, s, row++, 0, period, NULL))
    return FALSE;
  if (w->unreadable_close) {
    g_autofree char *left = g_strdup_printf("Left out: %u closed deal%s without a readable CloseDate (see "
                                            "record-invalid-value).", w->unreadable_close,
                                            w->unreadable_close == 1 ? "" : "s");
    if (!put_text(x, s, row++, 0, left, x->bold))
      return FALSE;
  }
  if (!won->deals || !lost->deals) {
    g_autofree char *none = g_strdup_printf("Nothing to compare: no %s deal closed in the period; choose another "
                                            "with --period.", won->deals ? "lost" : "won");
    if (!put_text(x, s, row++, 0, none, x->bold))
      return FALSE;
  } else if (won->deals < w->small_sample || lost->deals < w->small_sample) {
    g_autofree char *warn = g_strdup_printf("Small sample: fewer than %u deals on a side; read the differences as "
                                            "hints, not findings.", w->small_sample);
    if (!put_text(x, s, row++, 0, warn, x->bold))
      return FALSE;
  }
  static const char *const side_header[] = {"Measure", "Won", "Lost"};
  if (!summary_section(x, s, &row, "Won and lost side by side", side_header, 3))
    return FALSE;
  const struct {
    const char *what;
    double a, b;
    lxw_format *fmt;
  } m[] = {
      {"Deals", won->deals, lost->deals, NULL},
      {"Average committee (contacts with a Role)", share(won->committee, won->deals),
       share(lost->committee, lost->deals), x->avg},
      {"Distinct contacts engaged", won->engaged, lost->engaged, NULL},
      {"Average contacts engaged per deal", share(won->engaged_members, won->deals),
       share(lost->engaged_members, lost->deals), x->avg},
  };
  for (guint i = 0; i < G_N_ELEMENTS(m); i++, row++)
    if (!put_text(x, s, row, 0, m[i].what, NULL) || !put_maybe(x, s, row, 1, m[i].a, m[i].fmt) ||
        !put_maybe(x, s, row, 2, m[i].b, m[i].fmt))
      return FALSE;
  static const char *const role_header[] = {"Buying role", "Won: share of deals", "Lost: share of deals",
                                            "Won: activities per holder", "Lost: activities per holder"};
  if (!summary_section(x, s, &row, "Buying roles", role_header, G_N_ELEMENTS(role_header)))
    return FALSE;
  guint first = row;
  for (guint i = 0; i < w->roles->len; i++, row++) {
    const AuditRoleStat *a = audit_side_role(won, w->roles->pdata[i]), *b = audit_side_role(lost, w->roles->pdata[i]);
    if (!put_text(x, s, row, 0, w->roles->pdata[i], NULL) ||
        !put_maybe(x, s, row, 1, share(a ? a->deals : 0, won->deals), x->pct) ||
        !put_maybe(x, s, row, 2, share(b ? b->deals : 0, lost->deals), x->pct) ||
        !put_maybe(x, s, row, 3, a ? share(a->activities, a->holders) : NAN, x->avg) ||
        !put_maybe(x, s, row, 4, b ? share(b->activities, b->holders) : NAN, x->avg))
      return FALSE;
  }
  if (w->roles->len && won->deals && lost->deals) { /* a side with no deal has no share to chart */
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
    if (!chart)
      return lxw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the win-loss chart");
    const char *names[] = {"Won", "Lost"};
    for (guint k = 0; k < 2; k++) {
      lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
      chart_series_set_categories(series, s->name, first, 0, row - 1, 0);
      chart_series_set_values(series, s->name, first, 1 + k, row - 1, 1 + k);
      chart_series_set_name(series, names[k]);
      if (k) {
        lxw_chart_pattern pattern = {.type = LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL, .fg_color = 0xC05621,
                                     .bg_color = 0xFBD38D};
        chart_series_set_pattern(series, &pattern); /* colour is not the only cue */
      }
    }
    chart_title_set_name(chart, "Share of deals with each buying role, won vs lost");
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    lxw_chart_options opt = {.x_offset = 10, .y_offset = 10, .x_scale = 1.4, .y_scale = 1.4};
    if (!lxw_ok(x, worksheet_insert_chart_opt(s->ws, 0, 6, chart, &opt), "the win-loss chart"))
      return FALSE;
  }
  static const char *const lvl_header[] = {"Committee members by seniority", "Won", "Lost"};
  if (!summary_section(x, s, &row, "Seniority", lvl_header, 3))
    return FALSE;
  for (int lvl = AUDIT_SENIORITY_LEVELS - 1; lvl >= 0; lvl--, row++)
    if (!put_text(x, s, row, 0, lvl ? audit_seniority_name((AuditSeniority)lvl) : "no title", NULL) ||
        !put_maybe(x, s, row, 1, share(won->seniority[lvl], won->members), x->pct) ||
        !put_maybe(x, s, row, 2, share(lost->seniority[lvl], lost->members), x->pct))
      return FALSE;
  for (int side = 1; side >= 0; side--) {
    GPtrArray *ps = audit_win_loss_personas(w, side, 25);
    const char *header[] = {side ? "Titles in won deals only (personas to prospect)" : "Titles in lost deals only",
                            "Deals"};
    gboolean ok = summary_section(x, s, &row, side ? "Personas won" : "Personas lost", header, 2);
    for (guint i = 0; ok && i < ps->len; i++, row++) {
      const AuditPersona *p = ps->pdata[i];
      ok = put_text(x, s, row, 0, p->title, NULL) && put_num(x, s, row, 1, side ? p->won : p->lost, NULL);
    }
    g_ptr_array_unref(ps);
    if (!ok)
      return FALSE;
  }
  if (w->parts->len > 1) {
    static const char *const seg_header[] = {"Segment", "Won", "Lost", "Average committee, won",
                                             "Average committee, lost"};
    if (!summary_section(x, s, &row, "Per segment", seg_header, G_N_ELEMENTS(seg_header)))
      return FALSE;
    for (guint p = 1; p < w->parts->len; p++, row++) {
      const AuditWinLossPart *part = &g_array_index(w->parts, AuditWinLossPart, p);
      if (!put_text(x, s, row, 0, part->segment, NULL) || !put_num(x, s, row, 1, part->won.deals, NULL) ||
          !put_num(x, s, row, 2, part->lost.deals, NULL) ||
          !put_maybe(x, s, row, 3, share(part->won.committee, part->won.deals), x->avg) ||
          !put_maybe(x, s, row, 4, share(part->lost.committee, part->lost.deals), x->avg))
        return FALSE;
    }
  }
  return TRUE;
}

/* What the Record Id cells link to, and where the links stop. */
static char *record_links_note(Xlsx *x, const CheckSheet *checks)
{
  const char *url = x->r->config->record_url;
  if (!url || !*url)
    return g_strdup("none (record_url is not set in the config)");
  guint linkable = 0, linked = 0;
  for (guint i = 0; i < audit_registry_size; i++) {
    linkable += checks[i].linkable;
    linked += checks[i].linked;
  }
  if (linked == linkable)
    return g_strdup_printf("each Record Id links to %s", url);
  return g_strdup_printf("Record Ids link to %s in the first %u rows of the check sheets; the other %u are plain "
                         "text (a workbook holds at most %u links: Excel's limit per sheet, and each takes memory "
                         "while the file is written). Rows linked, under Checks, counts them per check.",
                         url, linked, linkable - linked, x->max_links);
}

/* ---- Summary: the leads' migration (lead checks) ---- */

/* What becomes of the unconverted leads, as findings.json's analytics.migration;
 * nothing when Lead.csv was not exported or no lead check ran. */
static gboolean summary_migration(Xlsx *x, Sheet *s, guint *row)
{
  const AuditMigration *mg = x->r->migration;
  if (!mg)
    return TRUE;
  static const char *const header[] = {"Unconverted leads", "Leads"};
  if (!summary_section(x, s, row, "Lead migration (contacts-only CRM)", header, G_N_ELEMENTS(header)))
    return FALSE;
  static const char *const class_text[AUDIT_MIGRATION_CLASSES] = {
    "no-company: keep as lead until the company is known", "excluded: keep as lead", "spam: purge",
    "competitor: tag and keep", "grey: review quarterly"};
  typedef struct {
    const char *what;
    guint n;
  } Row;
  Row rows[4 + AUDIT_MIGRATION_CLASSES + 1] = {
    {"all unconverted", mg->unconverted},
    {"convert to an existing account", mg->convert_existing},
    {"matching several unrelated accounts: choose", mg->ambiguous},
    {"convert with a new account (engaged)", mg->convert_new},
  };
  guint n = 4;
  for (guint c = 0; c < AUDIT_MIGRATION_CLASSES; c++)
    rows[n++] = (Row){class_text[c], mg->classes[c]};
  rows[n++] = (Row){"engaged (an activity in lead-engaged's window)", mg->engaged};
  for (guint i = 0; i < n; i++, (*row)++)
    if (!put_text(x, s, *row, 0, rows[i].what, i ? NULL : x->bold) || !put_num(x, s, *row, 1, rows[i].n, NULL))
      return FALSE;
  if (!mg->top_accounts->len)
    return TRUE;
  static const char *const top_header[] = {"Accounts receiving the most conversions", "Leads", "Account Id"};
  if (!summary_section(x, s, row, "Lead migration: top accounts", top_header, G_N_ELEMENTS(top_header)))
    return FALSE;
  const AuditTable *acc = &x->r->model->tables[AUDIT_OBJ_ACCOUNT];
  for (guint i = 0; i < mg->top_accounts->len; i++, (*row)++) {
    const AuditMigrationAccount *a = &g_array_index(mg->top_accounts, AuditMigrationAccount, i);
    if (!put_text(x, s, *row, 0, audit_text(acc, (guint)a->account, ACCOUNT_NAME), NULL) ||
        !put_num(x, s, *row, 1, a->leads, NULL) || !put_text(x, s, *row, 2, audit_id(acc, (guint)a->account), NULL))
      return FALSE;
  }
  return TRUE;
}

static gboolean write_summary(Xlsx *x, Sheet *s, const CheckSheet *checks, GPtrArray *fixes)
{
  static const double widths[] = {34, 44, 12, 12, 12, 40, 34, 40, 12};
  for (guint c = 0; c < G_N_ELEMENTS(widths); c++)
    if (!sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL)))
      return FALSE;
  guint row = 0;
  char day[11];
  audit_day_format(x->r->as_of, day);
  if (!put_text(x, s, row++, 0, "crm-audit report", x->title))
    return FALSE;
  g_autofree char *links = record_links_note(x, checks);
  const char *about[][2] = {
      {"Export folder", x->r->model->export_dir},
      {"As of", day},
      {"Config", x->r->config->path ? x->r->config->path : "none (every default)"},
      {"crm-audit", CRM_AUDIT_VERSION},
      {"Record links", links},
  };
  for (guint i = 0; i < G_N_ELEMENTS(about); i++, row++)
    if (!put_text(x, s, row, 0, about[i][0], x->bold) || !put_text(x, s, row, 1, about[i][1], NULL))
      return FALSE;
  return summary_input(x, s, &row) && summary_notes(x, s, &row) && summary_severities(x, s, &row) && summary_checks(x, s, &row, checks) &&
         summary_trend(x, s, &row) && summary_fixes(x, s, &row, fixes) && summary_migration(x, s, &row) &&
         summary_owners(x, s, &row);
}

/* ---- the workbook ---- */

static lxw_format *fill_format(lxw_workbook *wb, lxw_color_t bg, lxw_color_t fg)
{
  lxw_format *f = workbook_add_format(wb);
  format_set_bg_color(f, bg);
  format_set_font_color(f, fg);
  return f;
}

static guint max_links_setting(void)
{
  const char *env = g_getenv("CRM_AUDIT_XLSX_MAX_LINKS");
  if (!env || !*env)
    return XLSX_MAX_LINKS;
  return (guint)MIN(g_ascii_strtoull(env, NULL, 10), XLSX_MAX_LINKS);
}

static guint max_rows_setting(void)
{
  const char *env = g_getenv("CRM_AUDIT_XLSX_MAX_ROWS");
  guint64 v = env ? g_ascii_strtoull(env, NULL, 10) : 0;
  if (v == 0 || v > LXW_ROW_MAX)
    return LXW_ROW_MAX;
  return (guint)MAX(v, 2);
}

typedef struct {
  Sheet summary;
  Sheet coverage, win_loss; /* with opportunities and contact roles in the export */
  Sheet gone;               /* with --baseline: "Not reported now" */
  GPtrArray *details;       /* DetailSheet*: structured evidence, one row per element */
  CheckSheet *checks;      /* per registry entry; no parts when it has no findings */
  GPtrArray *fix_tables;   /* audit_fix_tables */
  GPtrArray *fixes;        /* FixSheet*, in audit_fix_tables' order */
  GHashTable *fix_by_name; /* table name → FixSheet* */
  char **url_parts;        /* record_url split at {id} */
  double biggest, total;   /* estimated XML: the largest sheet, every sheet */
} Plan;

static void plan_clear(Plan *pl)
{
  g_free(pl->summary.name);
  g_free(pl->coverage.name);
  g_free(pl->gone.name);
  g_free(pl->win_loss.name);
  for (guint i = 0; pl->checks && i < audit_registry_size; i++)
    check_sheet_clear(&pl->checks[i]);
  g_free(pl->checks);
  g_clear_pointer(&pl->fixes, g_ptr_array_unref);
  g_clear_pointer(&pl->details, g_ptr_array_unref);
  g_clear_pointer(&pl->fix_tables, g_ptr_array_unref);
  g_clear_pointer(&pl->fix_by_name, g_hash_table_unref);
  g_strfreev(pl->url_parts);
}

static void plan_size(Plan *pl, double bytes, guint nparts)
{
  pl->biggest = MAX(pl->biggest, bytes / nparts);
  pl->total += bytes;
}

/* How many links each sheet may hold: the Summary's first (one per check
 * sheet and fix sheet), then each check's linkable records in sheet order,
 * up to x->max_links in the workbook (and Excel's 65,530 per sheet). */
static void plan_links(Xlsx *x, Plan *pl)
{
  guint used = pl->fixes->len;
  for (guint i = 0; i < audit_registry_size; i++)
    used += pl->checks[i].parts != NULL;
  pl->summary.link_budget = G_MAXUINT;
  guint left = x->max_links > used ? x->max_links - used : 0;
  guint per_sheet = MIN(x->max_links, LXW_MAX_NUMBER_URLS);
  guint per = rows_per_sheet(x);
  for (guint i = 0; i < audit_registry_size; i++) {
    CheckSheet *cs = &pl->checks[i];
    if (!cs->parts || !cs->url_parts)
      continue;
    guint n = audit_sink_count(cs->sink);
    for (guint p = 0; p < cs->nparts; p++) {
      guint linkable = 0;
      for (guint k = p * per; k < n && k < (p + 1) * per; k++) {
        const char *id = audit_finding_record_id(cs->sink, audit_sink_get(cs->sink, k));
        linkable += audit_record_link((const char *const *)cs->url_parts, id, cs->link) && url_fits(cs->link->str);
      }
      Sheet *sh = &cs->parts[p];
      sh->link_budget = MIN(MIN(linkable, per_sheet), left);
      left -= sh->link_budget;
      cs->linkable += linkable;
      cs->linked += sh->link_budget;
    }
  }
}

/* Every sheet before the workbook exists: names (the Summary links to the
 * sheets), columns and widths (set before the first row), and the size
 * (zip64 or not). */
static void plan_workbook(Xlsx *x, Plan *pl)
{
  const AuditResult *r = x->r;
  g_hash_table_add(x->used, g_strdup("summary"));
  g_hash_table_add(x->used, g_strdup("history")); /* reserved by Excel */
  pl->summary.name = g_strdup("Summary");
  if (r->analytics && r->analytics->have_opportunities) {
    pl->coverage.name = sheet_name(x, "Coverage", 1);
    pl->win_loss.name = sheet_name(x, "Win-Loss", 1);
  }
  if (r->baseline && r->gone->len)
    pl->gone.name = sheet_name(x, "Not reported now", 1);
  pl->checks = g_new0(CheckSheet, audit_registry_size);
  pl->fixes = g_ptr_array_new_with_free_func(fix_sheet_free);
  pl->fix_by_name = g_hash_table_new(g_str_hash, g_str_equal);
  pl->url_parts = audit_record_link_parts(r->config);

  for (guint i = 0; i < audit_registry_size; i++) {
    CheckSheet *cs = &pl->checks[i];
    cs->x = x;
    cs->sink = r->sinks[i];
    if (!cs->sink || audit_sink_count(cs->sink) == 0)
      continue;
    cs->url_parts = pl->url_parts;
    cs->link = g_string_new(NULL);
    cs->related = g_string_new(NULL);
    cs->nparts = parts_for(x, audit_sink_count(cs->sink));
    cs->parts = g_new0(Sheet, cs->nparts);
    for (guint p = 0; p < cs->nparts; p++)
      cs->parts[p].name = sheet_name(x, audit_registry[i]->id, p + 1);
    check_sheet_columns(cs);
    check_sheet_measure(cs);
    plan_size(pl, cs->bytes, cs->nparts);
  }
  pl->details = g_ptr_array_new_with_free_func(detail_sheet_free);
  for (guint i = 0; i < audit_registry_size; i++)
    if (pl->checks[i].parts)
      plan_details(x, &pl->checks[i], audit_registry[i]->id, pl->details);

  pl->fix_tables = audit_fix_tables(r);
  GPtrArray *tables = pl->fix_tables;
  for (guint i = 0; i < tables->len; i++) {
    const AuditFixTable *t = tables->pdata[i];
    if (!t->nrows || g_hash_table_contains(pl->fix_by_name, t->name))
      continue;
    FixSheet *fs = g_new0(FixSheet, 1);
    fs->x = x;
    fs->name = g_strdup(t->name);
    fs->ncols = t->ncolumns + t->nreview; /* as fixes/NAME.csv: the mapped columns, then the review ones */
    fs->nrows = t->nrows;
    fs->stride = MAX(1, t->nrows / XLSX_MEASURE_ROWS);
    fs->columns = g_new0(char *, fs->ncols + 1);
    fs->chars = g_new0(guint, MAX(fs->ncols, 1));
    for (guint c = 0; c < fs->ncols; c++) {
      fs->columns[c] = g_strdup(c < t->ncolumns ? t->columns[c] : t->review[c - t->ncolumns]);
      fs->chars[c] = measure(fs->columns[c]);
    }
    fs->nparts = parts_for(x, t->nrows);
    fs->parts = g_new0(Sheet, fs->nparts);
    g_autofree char *base = g_strdup_printf("fix %s", t->name);
    for (guint p = 0; p < fs->nparts; p++)
      fs->parts[p].name = sheet_name(x, base, p + 1);
    g_ptr_array_add(pl->fixes, fs);
    g_hash_table_insert(pl->fix_by_name, fs->name, fs);
  }
  if (pl->fixes->len) {
    FixPass fp = {.x = x, .by_name = pl->fix_by_name};
    for (guint i = 0; i < tables->len; i++)
      audit_fix_table_rows(r, tables->pdata[i], fix_measure_row, &fp);
    for (guint i = 0; i < pl->fixes->len; i++) {
      FixSheet *fs = pl->fixes->pdata[i];
      plan_size(pl, fs->bytes, fs->nparts);
    }
  }
  plan_links(x, pl);
}

static gboolean write_fix_sheets(Xlsx *x, Plan *pl);

static gboolean write_workbook(Xlsx *x, Plan *pl)
{
  lxw_workbook *wb = x->wb;
  x->title = workbook_add_format(wb);
  format_set_bold(x->title);
  format_set_font_size(x->title, 13);
  x->bold = workbook_add_format(wb);
  format_set_bold(x->bold);
  x->header = workbook_add_format(wb);
  format_set_bold(x->header);
  format_set_bg_color(x->header, 0xD9E1F2);
  format_set_bottom(x->header, LXW_BORDER_THIN);
  x->pct = workbook_add_format(wb);
  format_set_num_format(x->pct, "0%");
  x->avg = workbook_add_format(wb);
  format_set_num_format(x->avg, "0.0");
  x->sev[AUDIT_SEV_ERROR] = fill_format(wb, 0xFFC7CE, 0x9C0006);
  x->sev[AUDIT_SEV_WARNING] = fill_format(wb, 0xFFEB9C, 0x9C5700);
  x->sev[AUDIT_SEV_INFO] = fill_format(wb, 0xDDEBF7, 0x1F4E78);

  if (!add_sheet(x, &pl->summary) || !write_summary(x, &pl->summary, pl->checks, pl->fixes))
    return FALSE;
  if (pl->coverage.name &&
      (!add_sheet(x, &pl->coverage) || !write_coverage_sheet(x, &pl->coverage, &x->r->analytics->coverage) ||
       !add_sheet(x, &pl->win_loss) || !write_win_loss_sheet(x, &pl->win_loss, &x->r->analytics->win_loss)))
    return FALSE;
  for (guint i = 0; i < audit_registry_size; i++)
    if (pl->checks[i].parts && !write_check_sheet(x, &pl->checks[i]))
      return FALSE;
  if (!write_fix_sheets(x, pl))
    return FALSE;
  if (pl->gone.name && !write_gone_sheet(x, &pl->gone))
    return FALSE;
  for (guint i = 0; i < pl->details->len; i++)
    if (!write_detail_sheet(x, pl->details->pdata[i]))
      return FALSE;
  return TRUE;
}

static gboolean write_fix_sheets(Xlsx *x, Plan *pl)
{
  if (!pl->fixes->len)
    return TRUE;
  FixPass fp = {.x = x, .by_name = pl->fix_by_name};
  for (guint i = 0; i < pl->fix_tables->len; i++)
    audit_fix_table_rows(x->r, pl->fix_tables->pdata[i], fix_write_row, &fp);
  if (x->error)
    return FALSE;
  for (guint i = 0; i < pl->fixes->len; i++) {
    FixSheet *fs = pl->fixes->pdata[i];
    if (fs->row != fs->nrows) { /* a table's row count disagrees with its rows */
      x->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: fix table %s: %u rows announced, %u given", x->path,
                             fs->name, fs->nrows, fs->row);
      return FALSE;
    }
  }
  return TRUE;
}

/* This thread's CPU time in seconds: on a busy machine, what the workbook
 * itself cost (audit_timing). */
static double thread_cpu(void)
{
  struct timespec ts;
  return clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 ? ts.tv_sec + ts.tv_nsec / 1e9 : 0;
}

gboolean audit_report_xlsx(const char *out_dir, const AuditResult *r, GError **error)
{
  gint64 t0 = g_get_monotonic_time();
  double cpu0 = thread_cpu();
  g_autofree char *path = g_build_filename(out_dir, "report.xlsx", NULL);
  g_autofree char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp(tmp);
  if (fd < 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create: %s", path, g_strerror(errno));
    return FALSE;
  }
  close(fd);

  Xlsx x = {
      .r = r,
      .path = path,
      .max_rows = max_rows_setting(),
      .max_links = max_links_setting(),
      .used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
      .text = g_string_new(NULL),
  };
  Plan pl = {0};
  plan_workbook(&x, &pl);
  lxw_workbook_options opt = {
      .constant_memory = LXW_TRUE,
      .tmpdir = (char *)out_dir,
      /* zip64 (which some readers refuse) only when a sheet's XML could pass
       * zip's 4 GiB, or the compressed workbook could: a finding's row is
       * about 1 KiB, so only for values near Excel's 32,767 characters */
      .use_zip64 = pl.biggest > 3.0 * (1 << 30) || pl.total > 12.0 * (1 << 30),
  };
  x.wb = workbook_new_opt(tmp, &opt);
  gboolean ok = x.wb != NULL;
  if (!ok) {
    x.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create the workbook", path);
  } else {
    lxw_doc_properties props = {
        .title = "crm-audit report",
        .author = "crm-audit " CRM_AUDIT_VERSION,
        .created = (time_t)r->as_of * 86400, /* fixed: two runs give identical files */
    };
    ok = lxw_ok(&x, workbook_set_properties(x.wb, &props), "the document properties") && write_workbook(&x, &pl);
    /* close also on failure: it frees the workbook and its temporary files */
    audit_timing("report.xlsx sheets %.2f s (CPU %.2f s)", audit_timing_since(t0), thread_cpu() - cpu0);
    lxw_error e = workbook_close(x.wb);
    ok = lxw_ok(&x, e, "the file") && ok;
  }
  if (ok && g_chmod(tmp, 0644) != 0) { /* mkstemp makes 0600; a report is an ordinary file */
    x.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  if (ok && g_rename(tmp, path) != 0) {
    x.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot rename into place: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  if (!ok) {
    g_unlink(tmp);
    g_propagate_error(error, g_steal_pointer(&x.error));
  }
  g_clear_error(&x.error);
  plan_clear(&pl);
  g_hash_table_unref(x.used);
  g_string_free(x.text, TRUE);
  audit_timing("report.xlsx %.2f s (CPU %.2f s)", audit_timing_since(t0), thread_cpu() - cpu0);
  return ok;
}

/* ---- on its own thread ---- */

struct AuditXlsxJob {
  GThread *thread; /* NULL: already written, in the caller's thread */
  char *out_dir;
  const AuditResult *r;
  gboolean ok;
  GError *error;
};

static gpointer xlsx_thread(gpointer data)
{
  AuditXlsxJob *job = data;
  job->ok = audit_report_xlsx(job->out_dir, job->r, &job->error);
  return NULL;
}

AuditXlsxJob *audit_report_xlsx_start(const char *out_dir, const AuditResult *r, guint jobs)
{
  AuditXlsxJob *job = g_new0(AuditXlsxJob, 1);
  job->out_dir = g_strdup(out_dir);
  job->r = r;
  if (jobs != 1)
    job->thread = g_thread_try_new("report.xlsx", xlsx_thread, job, NULL);
  if (!job->thread) /* one job, or no thread to be had */
    xlsx_thread(job);
  return job;
}

gboolean audit_report_xlsx_join(AuditXlsxJob *job, GError **error)
{
  if (job->thread)
    g_thread_join(job->thread);
  gboolean ok = job->ok;
  if (!ok)
    g_propagate_error(error, g_steal_pointer(&job->error));
  g_clear_error(&job->error);
  g_free(job->out_dir);
  g_free(job);
  return ok;
}
