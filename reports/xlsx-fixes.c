#include "xlsx-internal.h"

/* ---- fix sheets ---- */

void xlsx_fix_sheet_free(gpointer data)
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

/* A fix sheet's cell: every value as it is, the review columns too (every
 * cell is a text cell, which no spreadsheet runs: a ' would show). */
static const char *fix_cell(const char *const *values, guint c)
{
  return values[c] ? values[c] : "";
}

void xlsx_fix_measure_row(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
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
      guint w = xlsx_measure(v);
      if (w > fs->chars[c])
        fs->chars[c] = w;
    }
  }
}

static gboolean fix_begin_part(Xlsx *x, FixSheet *fs, guint p)
{
  Sheet *sh = &fs->parts[p];
  guint per = xlsx_rows_per_sheet(x);
  guint count = MIN(fs->nrows - p * per, per);
  return xlsx_add_sheet(x, sh) &&
         xlsx_begin_table(x, sh, (const char *const *)fs->columns, fs->ncols, count, fs->chars, NULL);
}

void xlsx_fix_write_row(const AuditFixTable *t, const char *const *values, const AuditSink *sink,
                          const AuditFinding *f, gpointer user)
{
  FixPass *fp = user;
  Xlsx *x = fp->x;
  FixSheet *fs = g_hash_table_lookup(fp->by_name, t->name);
  if (x->error || !fs || fs->row >= fs->nrows)
    return;
  guint per = xlsx_rows_per_sheet(x);
  guint p = fs->row / per, row = fs->row % per + 1;
  if (row == 1 && !fix_begin_part(x, fs, p))
    return;
  for (guint c = 0; c < fs->ncols && c < t->ncolumns + t->nreview; c++)
    if (!xlsx_put_text(x, &fs->parts[p], row, c, fix_cell(values, c), NULL))
      return;
  fs->row++;
}
