#include "xlsx-internal.h"

/* ---- detail sheets: structured evidence, one row per element ---- */

void xlsx_detail_sheet_free(gpointer p)
{
  DetailSheet *d = p;
  g_free(d->sheet.name);
  g_free(d);
}

/* Plan the detail sheets of a check: their columns and row counts. */
void xlsx_plan_details(Xlsx *x, const CheckSheet *cs, const char *check_id, GPtrArray *out)
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
        d->sheet.name = xlsx_sheet_name(x, base, 1);
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
    return xlsx_put_text(x, s, row, col, v->s, NULL);
  case AUDIT_VAL_WORDS:
    return xlsx_put_text(x, s, row, col, audit_words_join(v, ", ", buf), NULL);
  case AUDIT_VAL_BOOL:
    return xlsx_put_text(x, s, row, col, v->i ? "yes" : "no", NULL);
  case AUDIT_VAL_INT:
    return xlsx_put_num(x, s, row, col, (double)v->i, NULL);
  case AUDIT_VAL_NUM:
    return xlsx_put_num(x, s, row, col, v->d, NULL);
  case AUDIT_VAL_NULL:
  case AUDIT_VAL_ROWS:
    return TRUE;
  }
  return TRUE;
}

gboolean xlsx_write_detail_sheet(Xlsx *x, DetailSheet *d)
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
  guint rows = MIN(d->rows, xlsx_rows_per_sheet(x) - 1); /* one sheet: the rest is in findings.json */
  if (!xlsx_add_sheet(x, sh) || !xlsx_begin_table(x, sh, headers, ncols, rows, chars, widths))
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
        if (!xlsx_put_text(x, sh, row, 0, audit_finding_record_id(s, f), NULL) ||
            !xlsx_put_text(x, sh, row, 1, f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, name, sizeof name)
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
