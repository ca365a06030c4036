#include "xlsx-internal.h"

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

gboolean xlsx_lxw_ok(Xlsx *x, lxw_error e, const char *what)
{
  if (e == LXW_NO_ERROR)
    return TRUE;
  if (!x->error)
    x->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write %s: %s", x->path, what, lxw_strerror(e));
  return FALSE;
}

gboolean xlsx_sheet_ok(Xlsx *x, const Sheet *s, lxw_error e)
{
  if (e == LXW_NO_ERROR)
    return TRUE;
  g_autofree char *what = g_strdup_printf("the sheet '%s'", s->name);
  return xlsx_lxw_ok(x, e, what);
}

gboolean xlsx_put_text(Xlsx *x, Sheet *s, guint row, guint col, const char *value, lxw_format *fmt)
{
  if (!value || !*value)
    return TRUE;
  return xlsx_sheet_ok(x, s, worksheet_write_string(s->ws, row, (lxw_col_t)col, xlsx_text(value, x->text), fmt));
}

gboolean xlsx_put_num(Xlsx *x, Sheet *s, guint row, guint col, double value, lxw_format *fmt)
{
  if (!isfinite(value)) /* no XML for it */
    return xlsx_put_text(x, s, row, col, isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", fmt);
  return xlsx_sheet_ok(x, s, worksheet_write_number(s->ws, row, (lxw_col_t)col, value, fmt));
}

gboolean xlsx_url_fits(const char *url)
{
  return strlen(url) <= XLSX_MAX_URL;
}

/* A link labelled label; plain text (the label, else the URL) once the sheet
 * has used its planned links, or past Excel's length. */
gboolean xlsx_put_url(Xlsx *x, Sheet *s, guint row, guint col, const char *url, const char *label)
{
  if (s->urls >= s->link_budget || !xlsx_url_fits(url))
    return xlsx_put_text(x, s, row, col, label ? label : url, NULL);
  s->urls++;
  return xlsx_sheet_ok(x, s, worksheet_write_url_opt(s->ws, row, (lxw_col_t)col, url, NULL, label, NULL));
}

gboolean xlsx_put_sheet_link(Xlsx *x, Sheet *s, guint row, guint col, const char *sheet)
{
  g_autoptr(GString) url = g_string_new("internal:'");
  for (const char *p = sheet; *p; p++) {
    if (*p == '\'')
      g_string_append_c(url, '\'');
    g_string_append_c(url, *p);
  }
  g_string_append(url, "'!A1");
  return xlsx_put_url(x, s, row, col, url->str, sheet);
}

gboolean xlsx_put_row(Xlsx *x, Sheet *s, guint row, const char *const *cells, guint n, lxw_format *fmt)
{
  for (guint c = 0; c < n; c++)
    if (!xlsx_put_text(x, s, row, c, cells[c], fmt))
      return FALSE;
  return TRUE;
}

/* An unused sheet name from base: Excel's characters, at most 31 of them,
 * unique regardless of case ("~2", "~3", ... when a cut name collides);
 * part > 1 adds " (PART)". */
char *xlsx_sheet_name(Xlsx *x, const char *base, guint part)
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

gboolean xlsx_add_sheet(Xlsx *x, Sheet *s)
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
    if (!xlsx_sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL)))
      return FALSE;
  }
  return TRUE;
}

/* A table's frame: widths, the header row frozen, an autofilter over rows. */
gboolean xlsx_begin_table(Xlsx *x, Sheet *s, const char *const *headers, guint ncols, guint nrows,
                            const guint *chars, const double *max_width)
{
  if (!set_widths(x, s, chars, ncols, max_width))
    return FALSE;
  worksheet_freeze_panes(s->ws, 1, 0);
  if (!xlsx_sheet_ok(x, s, worksheet_autofilter(s->ws, 0, 0, nrows, (lxw_col_t)(ncols - 1))))
    return FALSE;
  return xlsx_put_row(x, s, 0, headers, ncols, x->header);
}

/* Severity names coloured by value in rows first..last of column col. */
gboolean xlsx_colour_severity(Xlsx *x, Sheet *s, guint first, guint last, guint col)
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
    if (!xlsx_sheet_ok(x, s, worksheet_conditional_format_range(s->ws, first, (lxw_col_t)col, last, (lxw_col_t)col, &cf)))
      return FALSE;
  }
  return TRUE;
}

guint xlsx_measure(const char *s)
{
  guint n = 0;
  for (const guchar *p = (const guchar *)s; *p && n < XLSX_MEASURE_CAP; p++)
    n += (*p & 0xC0) != 0x80;
  return n;
}
