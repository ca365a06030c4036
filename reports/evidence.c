/* Evidence rows as readable text, shared by the writers that show a
 * finding's evidence in one cell (the HTML report, the XLSX check sheets).
 * findings.json has the rows themselves (json.c), and the XLSX a sheet of
 * them (xlsx.c's detail sheets). */
#include "reports.h"

#include <math.h>

static void cell_text(const AuditValue *v, guint digits, GString *out, GString *tmp)
{
  char num[G_ASCII_DTOSTR_BUF_SIZE];
  switch (v->type) {
  case AUDIT_VAL_STR:
    g_string_append(out, v->s);
    break;
  case AUDIT_VAL_INT:
    g_string_append_printf(out, "%" G_GINT64_FORMAT, v->i);
    break;
  case AUDIT_VAL_NUM:
    /* a whole number written without decimals reads as one, any other to three digits */
    if (!digits && v->d == floor(v->d) && fabs(v->d) < 1e15)
      g_string_append_printf(out, "%.0f", v->d);
    else
      g_string_append(out, g_ascii_formatd(num, sizeof num, "%.3g", v->d));
    break;
  case AUDIT_VAL_BOOL:
    g_string_append(out, v->i ? "yes" : "no");
    break;
  case AUDIT_VAL_NULL:
    g_string_append(out, "\xe2\x80\x94"); /* — */
    break;
  case AUDIT_VAL_WORDS:
    g_string_append(out, audit_words_join(v, ", ", tmp));
    break;
  case AUDIT_VAL_ROWS:
    g_return_if_reached(); /* rows hold no rows */
  }
}

const char *audit_evidence_rows_text(const AuditSink *s, const AuditValue *v, GString *out)
{
  g_string_truncate(out, 0);
  g_return_val_if_fail(v->type == AUDIT_VAL_ROWS, out->str);
  const AuditRows *rows = audit_value_rows(s, v);
  g_autoptr(GString) tmp = g_string_new(NULL);
  for (guint r = 0; r < rows->nrows; r++) {
    if (r)
      g_string_append(out, " | ");
    gboolean first = TRUE;
    for (guint c = 0; c < rows->ncols; c++) {
      const AuditValue *cell = audit_rows_cell(s, rows, r, c);
      if (cell->type == AUDIT_VAL_WORDS && cell->i == 0)
        continue; /* an empty list says nothing */
      if (!first)
        g_string_append(out, ", ");
      first = FALSE;
      for (const char *k = rows->columns[c].name; *k; k++)
        g_string_append_c(out, *k == '_' ? ' ' : *k);
      g_string_append_c(out, ' ');
      cell_text(cell, rows->columns[c].digits, out, tmp);
    }
  }
  return out->str;
}
