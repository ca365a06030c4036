#include "load.h"
#include "normalize.h"
#include "timing.h"

#include <csv.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libcsv's parser states (csv.h exposes the struct, not these names). */
#define CSV_ROW_NOT_BEGUN 0
#define CSV_FIELD_BEGUN 2

#define CHUNK (1u << 20)
#define UTF8_BOM "\xEF\xBB\xBF"

AuditLoadReadHook audit_load_read_hook;

gboolean audit_encoding_from_name(const char *name, AuditEncoding *out)
{
  if (g_ascii_strcasecmp(name, "auto") == 0)
    *out = AUDIT_ENCODING_AUTO;
  else if (g_ascii_strcasecmp(name, "utf-8") == 0 || g_ascii_strcasecmp(name, "utf8") == 0)
    *out = AUDIT_ENCODING_UTF8;
  else if (g_ascii_strcasecmp(name, "windows-1252") == 0 || g_ascii_strcasecmp(name, "cp1252") == 0 ||
           g_ascii_strcasecmp(name, "iso-8859-1") == 0 || g_ascii_strcasecmp(name, "latin1") == 0)
    *out = AUDIT_ENCODING_CP1252;
  else
    return FALSE;
  return TRUE;
}

typedef enum { STOP_NONE, STOP_ERROR, STOP_RESTART_CP1252 } StopReason;

/* What the values of a date column say about the order of their parts. */
typedef struct {
  guint locale;      /* values in a locale's form, read once the file is: resolve_date_orders */
  guint mdy, dmy;    /* of which only month first (04/25/2023), only day first (25/04/2023) fits */
  guint unknown;     /* of which either order reads, to different days (05/11/2023) */
  guint mdy_line, dmy_line;
  char mdy_example[32], dmy_example[32], unknown_example[32];
} DateEvidence;

typedef struct {
  AuditTable *t;
  const char *display;
  gboolean cp1252;
  gboolean strict_utf8;

  guint line;          /* physical line being fed (1-based) */
  guint row_line;      /* line where the current record began */
  guint quote_line;    /* line where a still-open quoted field began, 0 none */
  guint field;         /* fields seen in the current record */
  gboolean header_done;
  GPtrArray *header;   /* char*, while reading the header */
  gsize row_strs_mark; /* strs_len when the record began */
  guint row_invalid_mark;

  gint *col_field;     /* schema field of each column, -1 none */
  guint8 *col_type;    /* AuditFieldType per column */
  gint deleted_col;

  GString *scratch;
  GString *clean;       /* a value without its control bytes */
  guint *dropped;       /* control bytes dropped per column, NULL while none */
  AuditDayOrder date_order; /* [input] date_order, NONE when not set */
  AuditModel *notes;    /* receives inferences and warnings, may be NULL */
  DateEvidence *dates;  /* per column, NULL until a date needs an order */
  gboolean row_has_value; /* a non-empty field in the current record */
  guint not_utf8_line;   /* where auto-detection gave up on UTF-8 */
  StopReason stop;
  GError *error;
} LoadState;

static void fail(LoadState *s, guint line, guint column, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* A header with a control byte (its value the argument): a binary file, or UTF-16 */
#define BINARY_HEADER                                                                                              \
  "expected text in the header, found the control byte 0x%02X (a binary or UTF-16 file? save it as UTF-8 CSV)"
static void fail(LoadState *s, guint line, guint column, const char *fmt, ...)
{
  if (s->stop != STOP_NONE)
    return;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  s->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s:%u:%u: %s", s->display, line, column, msg);
  s->stop = STOP_ERROR;
}

static const char *column_name(LoadState *s, guint col)
{
  if (s->t->columns && col < s->t->ncols)
    return s->t->columns[col];
  return "?";
}

/* Append a value to the table's string buffer; offset 0 is the empty string. */
static gboolean strs_append(LoadState *s, const char *data, gsize len, guint32 *off)
{
  AuditTable *t = s->t;
  if (len == 0) {
    *off = 0;
    return TRUE;
  }
  if (t->strs_len + len + 1 > G_MAXUINT32) {
    fail(s, s->line, s->field + 1, "the file holds more than 4 GiB of text, more than one table can hold");
    return FALSE;
  }
  if (t->strs_len + len + 1 > t->strs_cap) {
    gsize cap = MAX(t->strs_cap * 2, (gsize)1 << 20);
    while (cap < t->strs_len + len + 1)
      cap *= 2;
    cap = MIN(cap, (gsize)G_MAXUINT32 + 1);
    t->strs = g_realloc(t->strs, cap);
    t->strs_cap = cap;
  }
  *off = (guint32)t->strs_len;
  memcpy(t->strs + t->strs_len, data, len);
  t->strs[t->strs_len + len] = '\0';
  t->strs_len += len + 1;
  return TRUE;
}

/* Room for more rows, by doubling: never sized from the first rows, whose
 * length says nothing of the later ones' (issue 21). */
static void grow_rows(AuditTable *t)
{
  guint cap = MAX(t->cap_rows * 2, 1024u);
  t->cells = g_renew(guint32, t->cells, (gsize)cap * t->ncols);
  t->lines = g_renew(guint32, t->lines, cap);
  if (t->id18) {
    gsize old = ((gsize)t->cap_rows + 7) / 8, now = ((gsize)cap + 7) / 8;
    t->id18 = g_realloc(t->id18, now);
    if (now > old)
      memset(t->id18 + old, 0, now - old);
  }
  for (guint f = 0; f < AUDIT_MAX_FIELDS; f++) {
    if (t->i32[f])
      t->i32[f] = g_renew(gint32, t->i32[f], cap);
    if (t->flag[f])
      t->flag[f] = g_renew(gint8, t->flag[f], cap);
    if (t->num[f])
      t->num[f] = g_renew(double, t->num[f], cap);
  }
  t->cap_rows = cap;
}

/* Which form the current row's Id came in: a bit per row, allocated at the
 * first 18-character Id (the fix files write Ids as they came). */
static void note_id_form(AuditTable *t, gboolean was_18)
{
  guint r = t->nrows;
  if (was_18 && !t->id18)
    t->id18 = g_malloc0(((gsize)t->cap_rows + 7) / 8);
  if (!t->id18)
    return;
  if (was_18)
    t->id18[r >> 3] |= (guint8)(1u << (r & 7));
  else
    t->id18[r >> 3] &= (guint8)~(1u << (r & 7));
}

static void record_invalid(LoadState *s, guint col, AuditFieldType type, AuditInvalidReason reason)
{
  AuditInvalidValue v = {s->t->nrows, col, (guint8)type, (guint8)reason};
  g_array_append_val(s->t->invalid, v);
}

/* "a, b, c" (the first few header names), for messages. */
static char *columns_list(const AuditTable *t)
{
  GString *s = g_string_new(NULL);
  for (guint c = 0; c < t->ncols && c < 8; c++)
    g_string_append_printf(s, "%s%s", c ? ", " : "", t->columns[c]);
  if (t->ncols > 8)
    g_string_append(s, ", ...");
  return g_string_free(s, FALSE);
}

/* The header is read; map the schema's fields onto columns. */
static void finish_header(LoadState *s)
{
  AuditTable *t = s->t;
  t->ncols = s->header->len;
  g_ptr_array_add(s->header, NULL);
  t->columns = (char **)g_ptr_array_free(s->header, FALSE);
  s->header = NULL;
  s->header_done = TRUE;

  /* a hash, not all pairs: a hostile header may have millions of columns */
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint c = 0; c < t->ncols; c++) {
    if (!*t->columns[c])
      continue;
    char *folded = g_ascii_strdown(t->columns[c], -1);
    gpointer first = g_hash_table_lookup(seen, folded);
    if (first) {
      g_free(folded);
      fail(s, s->row_line, c + 1, "expected each column once, found %s again (first at column %u)", t->columns[c],
           GPOINTER_TO_UINT(first));
      return;
    }
    g_hash_table_insert(seen, folded, GUINT_TO_POINTER(c + 1));
  }

  s->col_type = g_new0(guint8, MAX(t->ncols, 1));
  s->col_field = g_new(gint, MAX(t->ncols, 1));
  for (guint c = 0; c < t->ncols; c++)
    s->col_field[c] = -1;
  s->deleted_col = -1;
  guint nf;
  const AuditFieldDef *defs = audit_schema(t->obj, &nf);
  for (guint f = 0; f < nf; f++) {
    if (!defs[f].name)
      continue;
    gint c = audit_table_column(t, defs[f].name);
    t->known[f] = c;
    if (c < 0)
      continue;
    s->col_field[c] = (gint)f;
    s->col_type[c] = (guint8)defs[f].type;
    switch (defs[f].type) {
    case AUDIT_FT_DATE:
    case AUDIT_FT_DATETIME:
      t->i32[f] = g_new(gint32, 1);
      break;
    case AUDIT_FT_BOOL:
      t->flag[f] = g_new(gint8, 1);
      break;
    case AUDIT_FT_NUMBER:
      t->num[f] = g_new(double, 1);
      break;
    default:
      break;
    }
    if (f == AUDIT_F_DELETED)
      s->deleted_col = c;
  }
  if (t->known[AUDIT_F_ID] < 0 || (t->obj == AUDIT_OBJ_ACCOUNT && t->known[ACCOUNT_NAME] < 0)) {
    g_autofree char *cols = columns_list(t);
    /* European Excel saves "CSV" with semicolons; some tools use tabs */
    const char *hint = t->ncols == 1 && strchr(t->columns[0], ';')    ? "; the file is separated by semicolons: "
                                                                         "export it with commas"
                       : t->ncols == 1 && strchr(t->columns[0], '\t') ? "; the file is separated by tabs: export it "
                                                                         "with commas"
                                                                       : "";
    fail(s, s->row_line, 1, "expected a column %s, found none among the %u column%s (%s)%s",
         t->known[AUDIT_F_ID] < 0 ? "Id" : "Name", t->ncols, t->ncols == 1 ? "" : "s", cols, hint);
    return;
  }
  t->cap_rows = 0;
  grow_rows(t);
}

/* Most CRM text is ASCII: check 8 bytes at a time before the full UTF-8 test. */
static gboolean is_ascii(const char *s, gsize len)
{
  gsize i = 0;
  guint64 acc = 0;
  for (; i + 8 <= len; i += 8) {
    guint64 w;
    memcpy(&w, s + i, 8);
    acc |= w;
  }
  for (; i < len; i++)
    acc |= (guchar)s[i];
  /* NUL is ASCII but not valid in our strings: leave it to the full test */
  return !(acc & 0x8080808080808080ULL) && !memchr(s, '\0', len);
}

/* A byte below 0x20 other than tab, LF and CR: NUL and the other C0 controls. */
static inline gboolean is_control(guchar c)
{
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

static gboolean has_control(const char *s, gsize len)
{
  gsize i = 0;
  for (; i + 8 <= len; i += 8) {
    guint64 w;
    memcpy(&w, s + i, 8);
    /* no byte of the word is below 0x20 (never wrong this way) */
    if (((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL) == 0)
      continue;
    for (gsize k = i; k < i + 8; k++)
      if (is_control((guchar)s[k]))
        return TRUE;
  }
  for (; i < len; i++)
    if (is_control((guchar)s[i]))
      return TRUE;
  return FALSE;
}

/* A date value without its surrounding spaces. */
static const char *date_text(const char *v, gsize *len)
{
  while (*len && g_ascii_isspace(*v))
    v++, (*len)--;
  while (*len && g_ascii_isspace(v[*len - 1]))
    (*len)--;
  return v;
}

/* A date in a locale's form (orders: audit_day_orders): kept for the end
 * of the file, and what it says about its column's order. */
static void note_locale_date(LoadState *s, guint col, const char *v, gsize len, guint orders)
{
  if (!s->dates)
    s->dates = g_new0(DateEvidence, MAX(s->t->ncols, 1));
  DateEvidence *e = &s->dates[col];
  e->locale++;
  const guint mdy = 1u << AUDIT_DAY_ORDER_MDY, dmy = 1u << AUDIT_DAY_ORDER_DMY;
  /* the date, without its clock */
  gsize n = 0;
  while (n < len && n < sizeof e->mdy_example - 1 && v[n] != ' ' && v[n] != 'T')
    n++;
  gint32 day;
  if (orders == mdy && e->mdy++ == 0) {
    memcpy(e->mdy_example, v, n);
    e->mdy_example[n] = '\0';
    e->mdy_line = s->row_line;
  } else if (orders == dmy && e->dmy++ == 0) {
    memcpy(e->dmy_example, v, n);
    e->dmy_example[n] = '\0';
    e->dmy_line = s->row_line;
  } else if (orders == (mdy | dmy) &&
             audit_parse_day_field(v, len, TRUE, AUDIT_DAY_ORDER_NONE, &day) == AUDIT_DAY_ORDER_UNKNOWN &&
             e->unknown++ == 0) {
    n = MIN(len, sizeof e->unknown_example - 1);
    memcpy(e->unknown_example, v, n);
    e->unknown_example[n] = '\0';
  }
}

static AuditInvalidReason invalid_reason(AuditDayStatus st)
{
  return st == AUDIT_DAY_NOT_A_DAY ? AUDIT_INVALID_NOT_A_DAY
         : st == AUDIT_DAY_ORDER_UNKNOWN ? AUDIT_INVALID_DAY_ORDER
                                         : AUDIT_INVALID_FORM;
}

static void on_field(void *data, size_t len, void *user)
{
  LoadState *s = user;
  if (s->stop != STOP_NONE)
    return;
  AuditTable *t = s->t;
  const char *v = data ? data : "";
  s->quote_line = 0;

  /* control bytes: in the header, a binary or UTF-16 file; in a value (a
   * rich-text field's NULs), dropped and counted */
  if (has_control(v, len)) {
    const char *c = v;
    while (!is_control((guchar)*c))
      c++;
    if (!s->header_done) {
      fail(s, s->line, s->field + 1, BINARY_HEADER, (guchar)*c);
      return;
    }
    g_string_truncate(s->clean, 0);
    guint n = 0;
    for (gsize i = 0; i < len; i++) {
      if (is_control((guchar)v[i]))
        n++;
      else
        g_string_append_c(s->clean, v[i]);
    }
    if (s->field < t->ncols) {
      if (!s->dropped)
        s->dropped = g_new0(guint, t->ncols);
      s->dropped[s->field] += n;
    }
    v = s->clean->str;
    len = s->clean->len;
  }

  /* encoding */
  if (s->cp1252) {
    g_string_truncate(s->scratch, 0);
    audit_cp1252_to_utf8(v, len, s->scratch);
    v = s->scratch->str;
    len = s->scratch->len;
  } else if (!is_ascii(v, len) && !g_utf8_validate_len(v, len, NULL)) {
    if (s->strict_utf8) {
      const char *end;
      g_utf8_validate_len(v, len, &end);
      fail(s, s->line, s->field + 1,
           "expected UTF-8 text in %s, found the byte 0x%02X (use --encoding windows-1252 or auto for a "
           "Windows-1252/ISO-8859-1 export)",
           s->header_done ? column_name(s, s->field) : "the header", (guchar)*end);
    } else {
      s->stop = STOP_RESTART_CP1252;
      s->not_utf8_line = s->line;
    }
    return;
  }

  if (!s->header_done) {
    g_autofree char *name = g_strstrip(g_strndup(v, len));
    g_ptr_array_add(s->header, g_steal_pointer(&name));
    s->field++;
    return;
  }

  guint col = s->field++;
  if (col >= t->ncols)
    return; /* counted; reported at the end of the record */
  if (len)
    s->row_has_value = TRUE;

  gint f = s->col_field[col];
  guint32 off;
  if (f >= 0 && (s->col_type[col] == AUDIT_FT_ID || s->col_type[col] == AUDIT_FT_REF)) {
    char idbuf[256];
    gboolean was_18 = FALSE;
    if (len < sizeof idbuf) {
      gsize n = audit_id_normalize_form(v, len, idbuf, &was_18);
      if (!strs_append(s, idbuf, n, &off))
        return;
    } else if (!strs_append(s, v, len, &off))
      return;
    if (f == AUDIT_F_ID)
      note_id_form(t, was_18);
  } else if (!strs_append(s, v, len, &off))
    return;
  t->cells[(gsize)t->nrows * t->ncols + col] = off;

  if (f < 0)
    return;
  guint r = t->nrows;
  switch ((AuditFieldType)s->col_type[col]) {
  case AUDIT_FT_DATE:
  case AUDIT_FT_DATETIME: {
    gint32 day = AUDIT_DAY_NONE;
    gsize l = len;
    const char *p = date_text(v, &l);
    guint orders = l ? audit_day_orders(p, l) : 0; /* 0 for ISO */
    if (orders)
      note_locale_date(s, col, p, l, orders); /* read once the whole file is: resolve_date_orders */
    else if (l) {
      AuditDayStatus st = audit_parse_day_field(p, l, s->col_type[col] == AUDIT_FT_DATE, AUDIT_DAY_ORDER_NONE, &day);
      if (st != AUDIT_DAY_OK)
        record_invalid(s, col, s->col_type[col], invalid_reason(st));
    }
    t->i32[f][r] = day;
    break;
  }
  case AUDIT_FT_BOOL: {
    gint8 b;
    if (!audit_parse_bool(v, len, &b))
      record_invalid(s, col, AUDIT_FT_BOOL, AUDIT_INVALID_FORM);
    t->flag[f][r] = b;
    break;
  }
  case AUDIT_FT_NUMBER: {
    double d;
    if (!audit_parse_number(v, len, &d))
      record_invalid(s, col, AUDIT_FT_NUMBER, AUDIT_INVALID_FORM);
    t->num[f][r] = d;
    break;
  }
  default:
    break;
  }
}

/* Is the record just read the header again (two exports joined with cat)?
 * Compared as the header was read, without surrounding spaces. */
static gboolean row_is_header(const AuditTable *t)
{
  for (guint c = 0; c < t->ncols; c++) {
    const char *v = t->strs + t->cells[(gsize)t->nrows * t->ncols + c];
    while (g_ascii_isspace(*v))
      v++;
    gsize len = strlen(v);
    while (len && g_ascii_isspace(v[len - 1]))
      len--;
    if (strlen(t->columns[c]) != len || memcmp(v, t->columns[c], len) != 0)
      return FALSE;
  }
  return TRUE;
}

static void on_record(int term, void *user)
{
  LoadState *s = user;
  (void)term;
  if (s->stop != STOP_NONE)
    return;
  AuditTable *t = s->t;
  if (!s->header_done) {
    finish_header(s);
    s->field = 0;
    return;
  }
  if (s->field != t->ncols) {
    fail(s, s->row_line, MIN(s->field, t->ncols) + 1, "expected %u fields as in the header, found %u%s", t->ncols,
         s->field,
         s->field < t->ncols ? " (a truncated row?)" : " (an unquoted comma?)");
    return;
  }
  s->field = 0;
  gboolean blank = !s->row_has_value;
  s->row_has_value = FALSE;
  gboolean header = !blank && row_is_header(t);
  /* recycle-bin rows are not part of the org, nor are rows of empty cells
   * or the header again */
  if (blank || header || (s->deleted_col >= 0 && t->flag[AUDIT_F_DELETED][t->nrows] == 1)) {
    if (blank)
      t->rows_blank++;
    else if (header) {
      if (t->rows_header++ == 0)
        t->rows_header_line = s->row_line;
    } else
      t->rows_deleted++;
    t->strs_len = s->row_strs_mark;
    g_array_set_size(t->invalid, s->row_invalid_mark);
    return;
  }
  t->lines[t->nrows] = s->row_line;
  t->nid18 += audit_id_was_18(t, t->nrows);
  audit_table_index_add(t, t->nrows);
  t->nrows++;
  if (t->nrows == t->cap_rows)
    grow_rows(t);
  s->row_strs_mark = t->strs_len;
  s->row_invalid_mark = t->invalid->len;
}

static void table_reset(AuditTable *t)
{
  g_strfreev(t->columns);
  t->columns = NULL;
  g_clear_pointer(&t->cells, g_free);
  g_clear_pointer(&t->lines, g_free);
  g_clear_pointer(&t->id18, g_free);
  t->nid18 = 0;
  g_clear_pointer(&t->strs, g_free);
  g_clear_pointer(&t->control_dropped, g_free);
  for (guint f = 0; f < AUDIT_MAX_FIELDS; f++) {
    g_clear_pointer(&t->i32[f], g_free);
    g_clear_pointer(&t->ref_obj[f], g_free);
    g_clear_pointer(&t->flag[f], g_free);
    g_clear_pointer(&t->num[f], g_free);
    t->known[f] = -1;
  }
  if (t->invalid)
    g_array_set_size(t->invalid, 0);
  else
    t->invalid = g_array_new(FALSE, FALSE, sizeof(AuditInvalidValue));
  g_clear_pointer(&t->index.slots, g_free);
  t->index.used = t->index.mask = 0;
  if (t->duplicate_rows)
    g_array_set_size(t->duplicate_rows, 0);
  t->strs_len = t->strs_cap = 0;
  t->nrows = t->ncols = t->rows_deleted = t->rows_blank = t->rows_header = t->rows_header_line = t->cap_rows = 0;
  t->had_bom = FALSE;
}

static gint compare_invalid(gconstpointer a, gconstpointer b)
{
  const AuditInvalidValue *x = a, *y = b;
  if (x->row != y->row)
    return x->row < y->row ? -1 : 1;
  return (gint)x->column - (gint)y->column;
}

/* The locale-form date of a cell (its text into *p, *len), else FALSE. */
static gboolean locale_cell(const AuditTable *t, guint r, guint c, const char **p, gsize *len)
{
  const char *v = t->strs + t->cells[(gsize)r * t->ncols + c];
  *len = strlen(v);
  *p = date_text(v, len);
  return *len && audit_day_orders(*p, *len);
}

/* The file is read: read each column's locale-form dates. A column of ISO
 * dates takes none (a value typed or reformatted by hand); else the order is
 * the column's own values', else the file's other date columns', else
 * [input] date_order. Say what was decided. */
static void resolve_date_orders(LoadState *s)
{
  AuditTable *t = s->t;
  if (!s->dates)
    return;
  const char *file = t->file ? t->file : s->display;
  g_autofree guint *iso = g_new0(guint, t->ncols);
  guint file_mdy = 0, file_dmy = 0;
  gint mdy_col = -1, dmy_col = -1;
  for (guint c = 0; c < t->ncols; c++) {
    const DateEvidence *e = &s->dates[c];
    if (!e->locale)
      continue;
    for (guint r = 0; r < t->nrows; r++) {
      gsize l = strlen(t->strs + t->cells[(gsize)r * t->ncols + c]);
      iso[c] += audit_day_is_iso(date_text(t->strs + t->cells[(gsize)r * t->ncols + c], &l), l);
    }
    if (iso[c])
      continue;
    if (e->mdy && mdy_col < 0)
      mdy_col = (gint)c;
    if (e->dmy && dmy_col < 0)
      dmy_col = (gint)c;
    file_mdy += e->mdy;
    file_dmy += e->dmy;
  }
  for (guint c = 0; c < t->ncols; c++) {
    const DateEvidence *e = &s->dates[c];
    if (!e->locale)
      continue;
    g_autofree char *what = g_strdup_printf("date order of %s %s", file, t->columns[c]);
    AuditDayOrder order = AUDIT_DAY_ORDER_NONE;
    if (iso[c]) {
      /* not the column's form: reported below */
    } else if (e->mdy && e->dmy) {
      if (s->notes)
        audit_model_notice(s->notes,
                           "%s %s mixes month-first dates (such as %s, line %u) and day-first ones (such as %s, "
                           "line %u): each is read as its parts allow, and the %u that could be either are not "
                           "read (record-invalid-value)", file, t->columns[c], e->mdy_example, e->mdy_line,
                           e->dmy_example, e->dmy_line, e->unknown);
    } else if (e->mdy || e->dmy) {
      order = e->mdy ? AUDIT_DAY_ORDER_MDY : AUDIT_DAY_ORDER_DMY;
      g_autofree char *from = g_strdup_printf("values such as %s", e->mdy ? e->mdy_example : e->dmy_example);
      if (s->notes) {
        audit_model_infer(s->notes, what, audit_day_order_name(order), from, "[input] date_order");
        if (s->date_order != AUDIT_DAY_ORDER_NONE && s->date_order != order)
          audit_model_notice(s->notes, "[input] date_order is %s, but %s %s has dates such as %s: read as %s",
                             audit_day_order_name(s->date_order), file, t->columns[c],
                             e->mdy ? e->mdy_example : e->dmy_example, audit_day_order_name(order));
      }
    } else if (!e->unknown) {
      /* year first, or equal parts: every value reads the same in any order */
    } else if ((file_mdy != 0) != (file_dmy != 0)) {
      /* one user's report: every date column of the file in one order */
      order = file_mdy ? AUDIT_DAY_ORDER_MDY : AUDIT_DAY_ORDER_DMY;
      gint oc = file_mdy ? mdy_col : dmy_col;
      g_autofree char *from = g_strdup_printf("the file's %s, values such as %s", t->columns[oc],
                                              file_mdy ? s->dates[oc].mdy_example : s->dates[oc].dmy_example);
      if (s->notes)
        audit_model_infer(s->notes, what, audit_day_order_name(order), from, "[input] date_order");
    } else if (s->date_order == AUDIT_DAY_ORDER_MDY || s->date_order == AUDIT_DAY_ORDER_DMY) {
      order = s->date_order;
    } else if (s->notes) {
      audit_model_notice(s->notes,
                         "%s %s: %u date%s such as %s could be month or day first, and no value of the file "
                         "tells which: not read; set [input] date_order = mdy or dmy%s", file, t->columns[c],
                         e->unknown, e->unknown == 1 ? "" : "s", e->unknown_example,
                         s->date_order == AUDIT_DAY_ORDER_YMD ? " (ymd reads only dates written year first)" : "");
    }
    gint f = s->col_field[c];
    AuditFieldType type = (AuditFieldType)s->col_type[c];
    for (guint r = 0; r < t->nrows; r++) {
      const char *v;
      gsize l;
      if (!locale_cell(t, r, c, &v, &l))
        continue;
      gint32 day = AUDIT_DAY_NONE;
      AuditDayStatus st = iso[c] ? AUDIT_DAY_BAD_FORM : audit_parse_day_field(v, l, type == AUDIT_FT_DATE, order, &day);
      t->i32[f][r] = day;
      if (st == AUDIT_DAY_OK)
        continue;
      AuditInvalidReason why = iso[c] ? AUDIT_INVALID_OTHER_FORM : invalid_reason(st);
      if (why == AUDIT_INVALID_DAY_ORDER && e->mdy && e->dmy)
        why = AUDIT_INVALID_DAY_ORDER_MIXED; /* no [input] date_order reads these */
      AuditInvalidValue iv = {r, c, (guint8)type, (guint8)why};
      g_array_append_val(t->invalid, iv);
    }
  }
  g_array_sort(t->invalid, compare_invalid);
}

/* UTF-16 without a byte-order mark: a NUL in every other byte of the first
 * bytes (the high byte of ASCII text), and not in the others. */
static gboolean looks_utf16(const char *b, size_t n)
{
  size_t m = MIN(n, 64) & ~(size_t)1;
  if (m < 4)
    return FALSE;
  for (size_t nul = 0; nul < 2; nul++) {
    gboolean all_nul = TRUE, other_nul = TRUE;
    for (size_t i = 0; i < m; i += 2) {
      all_nul = all_nul && b[i + nul] == 0;
      other_nul = other_nul && b[i + 1 - nul] == 0;
    }
    if (all_nul && !other_nul)
      return TRUE;
  }
  return FALSE;
}

static int never_space(unsigned char c)
{
  (void)c;
  return 0;
}

static gboolean load_pass(AuditTable *t, const char *path, const char *display, gboolean cp1252,
                          gboolean strict_utf8, AuditDayOrder date_order, AuditModel *notes, StopReason *stop,
                          guint *not_utf8_line, GError **error)
{
  table_reset(t);
  *stop = STOP_ERROR;
  *not_utf8_line = 0;
  /* stat before opening: opening a named pipe would wait for a writer */
  struct stat st;
  if (stat(path, &st) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: cannot read: %s", display, g_strerror(errno));
    return FALSE;
  }
  if (!S_ISREG(st.st_mode)) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s:1:1: expected a regular file, found %s", display,
                S_ISDIR(st.st_mode) ? "a folder" : "a pipe, socket or device");
    return FALSE;
  }
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: cannot open: %s", display, g_strerror(errno));
    return FALSE;
  }
  /* what the file was when opened: compared when it is read */
  struct stat opened;
  if (fstat(fileno(fp), &opened) != 0)
    opened = st;
  gsize file_size = (gsize)opened.st_size;
  /* string offset 0 is the empty string. A UTF-8 file's text is never longer
   * than the file (quotes and commas give way to NULs): reserve it at once;
   * pages are only committed as they are written. */
  t->strs_cap = cp1252 ? (gsize)1 << 20 : MIN(MAX(file_size + 16, (gsize)1 << 20), (gsize)G_MAXUINT32);
  t->strs = g_malloc(t->strs_cap);
  t->strs[0] = '\0';
  t->strs_len = 1;
  LoadState s = {0};
  s.t = t;
  s.display = display;
  s.cp1252 = cp1252;
  s.strict_utf8 = strict_utf8;
  s.header = g_ptr_array_new_with_free_func(g_free);
  s.scratch = g_string_new(NULL);
  s.clean = g_string_new(NULL);
  s.date_order = date_order;
  s.line = 1;
  s.row_line = 1;
  s.row_strs_mark = t->strs_len;

  struct csv_parser p;
  csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL);
  csv_set_space_func(&p, never_space);
  /* libcsv grows a field's buffer by this much at a time: 128 bytes by
   * default, quadratic on a long field */
  csv_set_blk_size(&p, 256 * 1024);

  /* a row may begin with a byte-order mark (exports joined with cat): the
   * bytes of one cut by the end of a chunk are carried to the next */
  char *buf = g_malloc(CHUNK + 3);
  size_t carry = 0;
  gboolean first = TRUE;
  char eol = 0;
  while (s.stop == STOP_NONE) {
    size_t got = fread(buf + carry, 1, CHUNK, fp);
    size_t n = carry + got;
    gboolean last = got < CHUNK;
    carry = 0;
    if (n == 0)
      break;
    if (audit_load_read_hook)
      audit_load_read_hook(path);
    char *b = buf;
    if (first) {
      first = FALSE;
      if (n >= 2 && (((guchar)b[0] == 0xFF && (guchar)b[1] == 0xFE) || ((guchar)b[0] == 0xFE && (guchar)b[1] == 0xFF))) {
        fail(&s, 1, 1, "expected UTF-8 or Windows-1252 text, found a UTF-16 byte-order mark (save the file as UTF-8 CSV)");
        break;
      }
      if (looks_utf16(b, n)) {
        /* before the parser: a quoted header would otherwise read as a stray quote */
        fail(&s, 1, 1, BINARY_HEADER, 0);
        break;
      }
      t->had_bom = n >= 3 && memcmp(b, UTF8_BOM, 3) == 0;
    }
    char *end = b + n;
    if (eol == 0) {
      /* lines end with LF or CRLF; a file with CRs and no LF at all is the
       * old Macintosh form, whose lines end with CR */
      eol = !memchr(b, '\n', (size_t)(end - b)) && memchr(b, '\r', (size_t)(end - b)) ? '\r' : '\n';
    }
    while (b < end && s.stop == STOP_NONE) {
      if (p.pstate == CSV_ROW_NOT_BEGUN) {
        size_t k = MIN((size_t)(end - b), 3);
        if (memcmp(b, UTF8_BOM, k) == 0) {
          if (k == 3) {
            b += 3;
            continue;
          }
          if (!last) {
            memmove(buf, b, k);
            carry = k;
            break;
          }
        }
      }
      char *nl = memchr(b, eol, (size_t)(end - b));
      char *seg_end = nl ? nl + 1 : end;
      size_t seg = (size_t)(seg_end - b);
      if (p.pstate == CSV_ROW_NOT_BEGUN && !(seg == 1 || (seg == 2 && b[0] == '\r')))
        s.row_line = s.line;
      size_t used = csv_parse(&p, b, seg, on_field, on_record, &s);
      if (s.stop != STOP_NONE)
        break;
      if (used != seg || csv_error(&p) != CSV_SUCCESS) {
        fail(&s, s.line, s.field + 1,
             "expected a comma or the end of the line after a closing quote, or no quote inside an unquoted field; "
             "found a stray quote in %s",
             s.header_done ? column_name(&s, s.field) : "the header");
        break;
      }
      if (p.pstate == CSV_FIELD_BEGUN && p.quoted && s.quote_line == 0)
        s.quote_line = s.line;
      if (p.entry_pos > AUDIT_MAX_FIELD_BYTES) {
        fail(&s, s.quote_line ? s.quote_line : s.line, s.field + 1,
             "expected a field of at most %u bytes, found a longer one%s", AUDIT_MAX_FIELD_BYTES,
             s.quote_line ? " (a quote opened here and never closed?)" : "");
        break;
      }
      if (nl)
        s.line++;
      b = seg_end;
    }
  }
  if (s.stop == STOP_NONE && ferror(fp))
    fail(&s, s.line, 1, "read error: %s", g_strerror(errno));
  if (s.stop == STOP_NONE) {
    if (p.pstate == CSV_FIELD_BEGUN && p.quoted) {
      fail(&s, s.quote_line ? s.quote_line : s.line, s.field + 1,
           "expected a closing quote for the field that opens here, found the end of the file");
    } else if (csv_fini(&p, on_field, on_record, &s) != 0 && s.stop == STOP_NONE) {
      fail(&s, s.line, s.field + 1, "expected a complete last row, found a malformed one");
    }
  }
  if (s.stop == STOP_NONE && !s.header_done)
    fail(&s, 1, 1, "expected a header row, found an empty file");
  /* a file still being written (or replaced) gives a half-written last
   * value: whatever was read from it, that is the error */
  struct stat after;
  if (fstat(fileno(fp), &after) != 0 || after.st_size != opened.st_size ||
      after.st_mtim.tv_sec != opened.st_mtim.tv_sec || after.st_mtim.tv_nsec != opened.st_mtim.tv_nsec) {
    g_clear_error(&s.error);
    s.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_INPUT,
                          "%s: changed while reading (its size or modification time changed): read it once it is "
                          "complete and no longer written", display);
    s.stop = STOP_ERROR;
  }
  if (s.stop == STOP_NONE) {
    s.notes = notes; /* said once, by the pass that reads the file */
    resolve_date_orders(&s);
    t->control_dropped = g_steal_pointer(&s.dropped);
  }
  csv_free(&p);
  fclose(fp);
  g_free(buf);
  g_string_free(s.scratch, TRUE);
  g_string_free(s.clean, TRUE);
  g_free(s.dropped);
  g_free(s.dates);
  if (s.header)
    g_ptr_array_free(s.header, TRUE);
  g_free(s.col_type);
  g_free(s.col_field);
  *stop = s.stop;
  *not_utf8_line = s.not_utf8_line;
  if (s.stop == STOP_ERROR) {
    g_propagate_error(error, s.error);
    return FALSE;
  }
  return s.stop == STOP_NONE;
}

static gboolean table_load(AuditTable *t, const char *path, const char *display, AuditEncoding encoding,
                           AuditDayOrder date_order, AuditModel *notes, GError **error)
{
  StopReason stop;
  guint not_utf8_line = 0, unused;
  gboolean cp1252 = encoding == AUDIT_ENCODING_CP1252;
  if (!load_pass(t, path, display, cp1252, encoding == AUDIT_ENCODING_UTF8, date_order, notes, &stop,
                 &not_utf8_line, error)) {
    if (stop != STOP_RESTART_CP1252)
      return FALSE;
    /* not UTF-8: Salesforce's Data Export Service writes Windows-1252 */
    cp1252 = TRUE;
    if (!load_pass(t, path, display, TRUE, FALSE, date_order, notes, &stop, &unused, error))
      return FALSE;
  }
  t->encoding_line = not_utf8_line;
  t->encoding = cp1252 ? "windows-1252" : "utf-8";
  t->present = TRUE;
  /* give back what the growth left over */
  t->strs = g_realloc(t->strs, MAX(t->strs_len, 1));
  t->strs_cap = t->strs_len;
  return TRUE;
}

gboolean audit_table_load(AuditTable *t, const char *path, const char *display, AuditEncoding encoding,
                          GError **error)
{
  return table_load(t, path, display, encoding, AUDIT_DAY_ORDER_NONE, NULL, error);
}

typedef struct {
  AuditModel *m;
  const AuditLoadOptions *opts;
  GError *errors[AUDIT_OBJ_COUNT]; /* each file's own: a worker writes only its table's */
} LoadJobs;

static void load_worker(gpointer data, gpointer user)
{
  LoadJobs *j = user;
  AuditTable *t = data;
  GError *err = NULL;
  gint64 t0 = g_get_monotonic_time();
  if (table_load(t, t->path, t->path, j->opts->encoding, j->opts->date_order, j->m, &err)) {
    audit_timing("load %s %.2f s", t->file, audit_timing_since(t0));
    if (j->opts->progress)
      j->opts->progress(t, j->opts->progress_data);
    return;
  }
  j->errors[t->obj] = err;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An export's file that is a symbolic link must resolve inside the export
 * folder: the export is untrusted, and a link to /etc/passwd or ~/.ssh would
 * otherwise be read and quoted in messages. The refusal names the link and its
 * target, never the target's content. */
static gboolean inside_export(const char *dir, const char *path, GError **error)
{
  GStatBuf st;
  if (g_lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
    return TRUE; /* not a link: read as it is (errors come with the reading) */
  g_autofree char *real_dir = realpath(dir, NULL);
  g_autofree char *real = realpath(path, NULL);
  if (!real) {
    int e = errno;
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: a symbolic link that cannot be followed: %s", path,
                g_strerror(e));
    return FALSE;
  }
  gsize n = real_dir ? strlen(real_dir) : 0;
  if (real_dir && strncmp(real, real_dir, n) == 0 && (real[n] == '/' || (n == 1 && real_dir[0] == '/')))
    return TRUE;
  g_autofree char *target = g_strescape(real, NULL);
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT,
              "%s: a symbolic link to %s, outside the export folder: refused (copy the file into the folder)", path,
              target);
  return FALSE;
}

gboolean audit_model_load(AuditModel *m, const char *dir, const AuditLoadOptions *opts, GError **error)
{
  g_autoptr(GError) err = NULL;
  g_autoptr(GDir) d = g_dir_open(dir, 0, &err);
  if (!d) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: cannot read the export folder: %s", dir, err->message);
    return FALSE;
  }
  m->export_dir = g_strdup(dir);
  const char *name;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func(g_free);
  guint found = 0;
  while ((name = g_dir_read_name(d))) {
    gsize len = strlen(name);
    g_autofree char *base = len > 4 && g_ascii_strcasecmp(name + len - 4, ".csv") == 0 ? g_strndup(name, len - 4) : NULL;
    AuditObject o;
    if (!base || !audit_object_from_name(base, &o)) {
      g_ptr_array_add(others, g_strdup(name));
      continue;
    }
    if (opts->only && !(opts->only & AUDIT_BIT(o)))
      continue;
    found++;
    AuditTable *t = &m->tables[o];
    if (t->file) {
      /* readdir order is arbitrary: name both, sorted */
      const char *a = strcmp(t->file, name) < 0 ? t->file : name, *b = a == name ? t->file : name;
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: two files for %s: %s and %s; keep one", dir,
                  audit_object_name(o), a, b);
      return FALSE;
    }
    t->file = g_strdup(name);
    t->path = g_build_filename(dir, name, NULL);
    if (!inside_export(dir, t->path, error))
      return FALSE;
  }

  if (!found) {
    g_ptr_array_sort(others, compare_names);
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < others->len && i < 6; i++)
      g_string_append_printf(list, "%s%s", i ? ", " : "", (const char *)others->pdata[i]);
    if (others->len > 6)
      g_string_append_printf(list, " and %u more", others->len - 6);
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT,
                "%s: expected CSV files named after Salesforce objects (Account.csv, Contact.csv, Lead.csv, "
                "Opportunity.csv, OpportunityContactRole.csv, Task.csv, Event.csv, User.csv), found %s%s", dir,
                others->len ? "only " : "an empty folder", list->str);
    g_string_free(list, TRUE);
    return FALSE;
  }

  LoadJobs j = {.m = m, .opts = opts};
  GThreadPool *pool = g_thread_pool_new(load_worker, &j, (gint)MAX(opts->jobs, 1), FALSE, NULL);
  /* biggest files first, so that the pool ends together */
  const AuditObject order[] = {AUDIT_OBJ_TASK, AUDIT_OBJ_CONTACT, AUDIT_OBJ_EVENT, AUDIT_OBJ_CONTACT_ROLE,
                               AUDIT_OBJ_OPPORTUNITY, AUDIT_OBJ_ACCOUNT, AUDIT_OBJ_LEAD, AUDIT_OBJ_USER,
                               AUDIT_OBJ_OPPORTUNITY_HISTORY, AUDIT_OBJ_CAMPAIGN_MEMBER, AUDIT_OBJ_CASE_ROLE,
                               AUDIT_OBJ_CONTRACT_ROLE, AUDIT_OBJ_CAMPAIGN, AUDIT_OBJ_RECORD_TYPE,
                               AUDIT_OBJ_OPPORTUNITY_STAGE, AUDIT_OBJ_CURRENCY_TYPE, AUDIT_OBJ_DATED_RATE};
  G_STATIC_ASSERT(G_N_ELEMENTS(order) == AUDIT_OBJ_COUNT);
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++)
    if (m->tables[order[i]].path)
      g_thread_pool_push(pool, &m->tables[order[i]], NULL);
  g_thread_pool_free(pool, FALSE, TRUE);
  /* every file's error, one a line, in object order */
  GString *msg = NULL;
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    if (!j.errors[o])
      continue;
    if (!msg)
      msg = g_string_new(j.errors[o]->message);
    else
      g_string_append_printf(msg, "\n%s", j.errors[o]->message);
    g_error_free(j.errors[o]);
  }
  if (msg) {
    g_set_error_literal(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, msg->str);
    g_string_free(msg, TRUE);
    return FALSE;
  }
  /* said here, in object order: the workers finish in any order */
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    if (t->rows_header)
      audit_model_notice(m, "%s: %u row%s identical to the header skipped, the first at line %u (exports joined "
                         "into one file?)", t->file, t->rows_header, t->rows_header == 1 ? "" : "s",
                         t->rows_header_line);
  }
  return TRUE;
}
