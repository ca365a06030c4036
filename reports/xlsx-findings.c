#include "xlsx-internal.h"

/* ---- check sheets ---- */


void xlsx_check_sheet_clear(CheckSheet *cs)
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
void xlsx_check_sheet_columns(CheckSheet *cs)
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
    return c->s ? xlsx_measure(c->s) : 0;
  case CELL_URL:
    return xlsx_measure(c->label);
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
    return xlsx_put_text(x, s, row, col, c->s, NULL);
  case CELL_URL:
    return xlsx_put_url(x, s, row, col, c->s, c->label);
  case CELL_NUM:
    return xlsx_put_num(x, s, row, col, c->d, NULL);
  case CELL_BOOL:
    return xlsx_sheet_ok(x, s, worksheet_write_boolean(s->ws, row, (lxw_col_t)col, c->d != 0, NULL));
  default:
    return TRUE;
  }
}

guint xlsx_rows_per_sheet(const Xlsx *x)
{
  return x->max_rows - 1;
}

guint xlsx_parts_for(const Xlsx *x, guint nrows)
{
  return nrows ? (nrows + xlsx_rows_per_sheet(x) - 1) / xlsx_rows_per_sheet(x) : 1;
}

/* Column widths, and the XML's size, from up to XLSX_MEASURE_ROWS findings
 * spread over the check: widths are cosmetic, and measuring every finding
 * would cost a good part of writing them. */
void xlsx_check_sheet_measure(CheckSheet *cs)
{
  const AuditSink *s = cs->sink;
  guint n = audit_sink_count(s), ncols = cs->ncols;
  cs->chars = g_new0(guint, ncols);
  cs->max_width = g_new(double, ncols);
  for (guint c = 0; c < ncols; c++) {
    cs->chars[c] = xlsx_measure(cs->headers->pdata[c]);
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

gboolean xlsx_write_check_sheet(Xlsx *x, CheckSheet *cs)
{
  const AuditSink *s = cs->sink;
  guint n = audit_sink_count(s), ncols = cs->ncols;
  guint per = xlsx_rows_per_sheet(x);
  for (guint p = 0; p < cs->nparts; p++) {
    Sheet *sh = &cs->parts[p];
    guint first = p * per, count = MIN(n - first, per);
    if (!xlsx_add_sheet(x, sh) ||
        !xlsx_begin_table(x, sh, (const char *const *)cs->headers->pdata, ncols, count, cs->chars, cs->max_width) ||
        !xlsx_colour_severity(x, sh, 1, count, 0))
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
