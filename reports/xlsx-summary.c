#include "xlsx-internal.h"

/* ---- Summary ---- */

/* A blank row, a titled table's title and header. */
static gboolean summary_section(Xlsx *x, Sheet *s, guint *row, const char *title, const char *const *header, guint n)
{
  (*row)++;
  return xlsx_put_text(x, s, (*row)++, 0, title, x->title) && xlsx_put_row(x, s, (*row)++, header, n, x->header);
}

/* The names of a table's continuation sheets. */
static gboolean put_continued(Xlsx *x, Sheet *s, guint row, guint col, const Sheet *parts, guint nparts)
{
  if (nparts < 2)
    return TRUE;
  g_autoptr(GString) names = g_string_new(NULL);
  for (guint p = 1; p < nparts; p++)
    g_string_append_printf(names, "%s%s", p > 1 ? ", " : "", parts[p].name);
  return xlsx_put_text(x, s, row, col, names->str, NULL);
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
    if (!xlsx_put_text(x, s, *row, 0, t->name, NULL) ||
        !xlsx_put_text(x, s, *row, 1, t->present ? t->file : "not in the export", NULL) ||
        !xlsx_put_num(x, s, *row, 2, t->nrows, NULL))
      return FALSE;
    if (t->present && (!xlsx_put_text(x, s, *row, 3, t->encoding, NULL) || !xlsx_put_num(x, s, *row, 4, t->rows_deleted, NULL) ||
                       !xlsx_put_num(x, s, *row, 5, t->rows_blank, NULL)))
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
    if (!xlsx_put_text(x, s, *row, 0, audit_severity_name((AuditSeverity)v), NULL) ||
        !xlsx_put_num(x, s, *row, 1, x->r->counts[v], NULL))
      return FALSE;
    total += x->r->counts[v];
  }
  return xlsx_colour_severity(x, s, first, *row - 1, 0) && xlsx_put_text(x, s, *row, 0, "total", x->bold) &&
         xlsx_put_num(x, s, (*row)++, 1, total, x->bold);
}

/* A bar chart of the findings per check, from rows first..last. */
static gboolean summary_chart(Xlsx *x, Sheet *s, guint first, guint last)
{
  lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_BAR);
  lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
  if (!series)
    return xlsx_lxw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "the chart");
  chart_series_set_categories(series, s->name, first, 0, last, 0);
  chart_series_set_values(series, s->name, first, 4, last, 4);
  chart_title_set_name(chart, "Findings per check");
  chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  /* bars: y is the category axis; the table's order top down, the values' axis below */
  chart_axis_set_reverse(chart->y_axis);
  chart_axis_set_crossing_max(chart->y_axis);
  lxw_chart_options opt = {.x_offset = 10, .y_offset = 10, .x_scale = 1.6,
                           .y_scale = MAX(1.0, 0.3 + (last - first + 1) * 0.09), .description = "Findings per check"};
  return xlsx_lxw_ok(x, worksheet_insert_chart_opt(s->ws, 0, 9, chart, &opt), "the chart");
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
      if (!xlsx_put_text(x, s, *row, 0, c->id, NULL) || !xlsx_put_text(x, s, *row, 1, c->title, NULL) ||
          !xlsx_put_text(x, s, *row, 2, audit_severity_name(r->config->checks[i].severity), NULL) ||
          !xlsx_put_text(x, s, *row, 3, sink ? "ran" : "skipped", NULL) ||
          (sink && !xlsx_put_num(x, s, *row, 4, audit_sink_count(sink), NULL)) ||
          (!sink && !xlsx_put_text(x, s, *row, 5, r->skip_reasons[i], NULL)))
        return FALSE;
      if (cs->parts) {
        if (!xlsx_put_sheet_link(x, s, *row, 6, cs->parts[0].name) ||
            !put_continued(x, s, *row, 7, cs->parts, cs->nparts) ||
            (cs->url_parts && !xlsx_put_num(x, s, *row, 8, cs->linked, NULL)))
          return FALSE;
        with_findings++;
      }
      (*row)++;
    }
  return xlsx_colour_severity(x, s, first, *row - 1, 2) &&
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
    if (!xlsx_put_text(x, s, *row, 0, file, NULL) || !xlsx_put_num(x, s, *row, 1, fs->nrows, NULL) ||
        !xlsx_put_sheet_link(x, s, *row, 2, fs->parts[0].name) || !put_continued(x, s, *row, 3, fs->parts, fs->nparts))
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
    if (!xlsx_put_text(x, s, *row, 0, c->owner, NULL) ||
        !xlsx_put_text(x, s, *row, 1, !*c->owner ? "(no owner)" : c->name ? c->name : "(not a user in the export)", NULL))
      return FALSE;
    guint col = 2;
    for (int v = AUDIT_SEV_COUNT - 1; v >= 0; v--)
      if (!xlsx_put_num(x, s, *row, col++, c->n[v], NULL))
        return FALSE;
    if (!xlsx_put_num(x, s, *row, col++, c->total, NULL) ||
        !xlsx_put_text(x, s, *row, col++, c->active < 0 ? "" : c->active ? "yes" : "no", NULL))
      return FALSE;
    if (r->baseline && (!xlsx_put_num(x, s, *row, col, c->trend.new_, NULL) ||
                        !xlsx_put_num(x, s, *row, col + 1, c->trend.persisting, NULL) ||
                        !xlsx_put_num(x, s, *row, col + 2, c->trend.fixed, NULL) ||
                        !xlsx_put_num(x, s, *row, col + 3, c->trend.gone, NULL) ||
                        !xlsx_put_num(x, s, *row, col + 4, c->trend.aged, NULL)))
      return FALSE;
  }
  return TRUE;
}

/* With --baseline: new, persisting and fixed per check that ran, and in all. */
static gboolean put_trend(Xlsx *x, Sheet *s, guint row, const char *label, const AuditTrend *t, lxw_format *fmt)
{
  return xlsx_put_text(x, s, row, 0, label, fmt) && xlsx_put_num(x, s, row, 1, t->new_, fmt) &&
         xlsx_put_num(x, s, row, 2, t->persisting, fmt) && xlsx_put_num(x, s, row, 3, t->fixed, fmt) &&
         xlsx_put_num(x, s, row, 4, t->gone, fmt) && xlsx_put_num(x, s, row, 5, t->aged, fmt);
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
gboolean xlsx_write_gone_sheet(Xlsx *x, Sheet *s)
{
  const AuditResult *r = x->r;
  static const char *const headers[] = {"Check", "Object", "Record Id", "Owner", "Why", "Message then"};
  static const guint chars[] = {30, 14, 18, 18, 10, 60};
  static const double widths[] = {40, 20, 20, 30, 14, 100};
  guint rows = MIN(r->gone->len, xlsx_rows_per_sheet(x) - 1);
  if (!xlsx_add_sheet(x, s) || !xlsx_begin_table(x, s, headers, G_N_ELEMENTS(headers), rows, chars, widths))
    return FALSE;
  char buf[512];
  for (guint i = 0; i < rows; i++) {
    const AuditGoneFinding *g = &g_array_index(r->gone, AuditGoneFinding, i);
    const char *owner = *g->f.owner ? audit_user_name(r->model, g->f.owner, buf, sizeof buf) : NULL;
    if (!xlsx_put_text(x, s, i + 1, 0, g->f.check, NULL) || !xlsx_put_text(x, s, i + 1, 1, g->f.object, NULL) ||
        !xlsx_put_text(x, s, i + 1, 2, g->f.record, NULL) ||
        !xlsx_put_text(x, s, i + 1, 3, owner ? owner : g->f.owner, NULL) || !xlsx_put_text(x, s, i + 1, 4, g->as, NULL) ||
        !xlsx_put_text(x, s, i + 1, 5, g->f.message, NULL))
      return FALSE;
  }
  return TRUE;
}

/* ---- sections (section.h), generically ---- */

#define XLSX_SECTION_WIDTH_FIRST 44 /* a section sheet's first column: what a row is */
#define XLSX_SECTION_WIDTH 16
#define XLSX_CHART_ROWS 20          /* rows between two charts of one sheet */

/* A note's text without its "**" marks (bold is the note's, not its words'). */
static char *note_plain(const char *text)
{
  g_autoptr(GString) out = g_string_new(NULL);
  for (const char *p = text; *p; p++)
    if (p[0] == '*' && p[1] == '*')
      p++;
    else
      g_string_append_c(out, *p);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

static gboolean put_section_cell(Xlsx *x, Sheet *s, guint row, guint col, const AuditSectionTable *t, guint c,
                                 const AuditCell *cell)
{
  char day[11];
  switch (cell->type) {
  case AUDIT_CELL_TEXT:
  case AUDIT_CELL_NULL: /* its why, or nothing */
    return xlsx_put_text(x, s, row, col, cell->s, NULL);
  case AUDIT_CELL_BOOL:
    return xlsx_put_text(x, s, row, col, cell->a ? "yes" : "no", NULL);
  case AUDIT_CELL_DAY:
    audit_day_format((gint32)cell->a, day);
    return xlsx_put_text(x, s, row, col, day, NULL);
  case AUDIT_CELL_INT:
  case AUDIT_CELL_RATIO: {
    double v = audit_cell_value(cell);
    if (isnan(v)) /* no deal, no holder: nothing */
      return TRUE;
    AuditCellFormat f = audit_cell_format(t, cell, c);
    return xlsx_put_num(x, s, row, col, v, f == AUDIT_FORMAT_SHARE ? x->pct : f == AUDIT_FORMAT_AVERAGE ? x->avg : NULL);
  }
  }
  return TRUE;
}

/* A table's chart beside the sheet's tables: bars across for a comparison
 * (the second series hatched, so that colour is not the only cue), else
 * columns; rows first..last of the sheet, shown columns cols. */
static gboolean section_chart(Xlsx *x, Sheet *s, const AuditSectionTable *t, const guint *cols, guint n, guint first,
                              guint last, guint *charts)
{
  const AuditSectionChart *ch = t->chart;
  gint label = -1, value[2] = {-1, -1};
  for (guint k = 0; k < n; k++) {
    if (cols[k] == ch->label)
      label = (gint)k;
    for (guint v = 0; v < 2; v++)
      if (cols[k] == ch->values[v] && (v == 0 || ch->values[1]))
        value[v] = (gint)k;
  }
  if (label < 0 || value[0] < 0)
    return TRUE; /* a chart of columns not shown: none */
  lxw_chart *chart = workbook_add_chart(x->wb, ch->by_rows ? LXW_CHART_BAR : LXW_CHART_COLUMN);
  if (!chart)
    return xlsx_lxw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart");
  guint nseries = value[1] >= 0 ? 2 : 1;
  for (guint v = 0; v < nseries; v++) {
    lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
    if (!series)
      return xlsx_lxw_ok(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "a chart");
    chart_series_set_categories(series, s->name, first, (lxw_col_t)label, last, (lxw_col_t)label);
    chart_series_set_values(series, s->name, first, (lxw_col_t)value[v], last, (lxw_col_t)value[v]);
    chart_series_set_name(series, t->columns[ch->values[v]].title);
    if (v) {
      lxw_chart_pattern pattern = {.type = LXW_CHART_PATTERN_WIDE_UPWARD_DIAGONAL, .fg_color = 0xC05621,
                                   .bg_color = 0xFBD38D};
      chart_series_set_pattern(series, &pattern);
    }
  }
  chart_title_set_name(chart, ch->title);
  if (nseries == 1)
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  if (ch->by_rows) { /* the table's order top down */
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
  }
  lxw_chart_options opt = {.x_offset = 10, .y_offset = 10, .x_scale = ch->by_rows ? 1.4 : 1.3,
                           .y_scale = ch->by_rows ? 1.4 : 1.1};
  return xlsx_lxw_ok(x, worksheet_insert_chart_opt(s->ws, (*charts)++ * XLSX_CHART_ROWS, 6, chart, &opt), "a chart");
}

/* A section's notes (a warning in bold) and its shown tables from *row: a
 * blank row, the table's title, its header, its rows; on a sheet of its own, each
 * table's chart beside them. */
static gboolean section_tables(Xlsx *x, Sheet *s, guint *row, const AuditSection *sec, gboolean summary)
{
  /* on the Summary, a section not computed has no table to carry its title: its own */
  if (summary && sec->skipped) {
    (*row)++;
    if (!xlsx_put_text(x, s, (*row)++, 0, sec->title, x->title))
      return FALSE;
  }
  for (guint i = 0; i < sec->notes->len; i++) {
    const AuditSectionNote *note = &g_array_index(sec->notes, AuditSectionNote, i);
    g_autofree char *text = note_plain(note->text);
    if (!xlsx_put_text(x, s, (*row)++, 0, text, note->kind == AUDIT_NOTE_WARNING ? x->bold : NULL))
      return FALSE;
  }
  guint nchart = 0, shown = 0;
  for (guint i = 0; i < sec->tables->len; i++) {
    const AuditSectionTable *t = sec->tables->pdata[i];
    if (!t->title)
      continue;
    /* on the Summary, the section's title heads its first table */
    const char *title = summary && shown++ == 0 ? sec->title : t->title;
    g_autofree guint *cols = g_new(guint, MAX(t->ncols, 1));
    guint n = audit_section_shown_columns(t, cols);
    g_autofree const char **header = g_new(const char *, MAX(n, 1));
    for (guint k = 0; k < n; k++)
      header[k] = t->columns[cols[k]].title;
    if (!summary_section(x, s, row, title, header, n))
      return FALSE;
    guint first = *row, rows = audit_section_table_rows(t);
    for (guint r = 0; r < rows; r++, (*row)++)
      for (guint k = 0; k < n; k++)
        if (!put_section_cell(x, s, *row, k, t, cols[k], audit_section_cell(t, r, cols[k])))
          return FALSE;
    if (!summary && t->chart && rows && !section_chart(x, s, t, cols, n, first, *row - 1, &nchart))
      return FALSE;
  }
  return TRUE;
}

/* The shown sections of a place on the Summary. */
static gboolean summary_sections(Xlsx *x, Sheet *s, guint *row, AuditSectionPlace place)
{
  for (guint i = 0; x->r->sections && i < x->r->sections->len; i++) {
    const AuditSection *sec = x->r->sections->pdata[i];
    if (sec->place == place && !sec->hidden && !section_tables(x, s, row, sec, TRUE))
      return FALSE;
  }
  return TRUE;
}

/* An analytics section on a sheet of its own: its title, notes, tables and charts. */
gboolean xlsx_write_section_sheet(Xlsx *x, Sheet *s, const AuditSection *sec)
{
  guint ncols = 1;
  for (guint i = 0; i < sec->tables->len; i++)
    ncols = MAX(ncols, ((const AuditSectionTable *)sec->tables->pdata[i])->ncols);
  for (guint k = 0; k < ncols; k++)
    if (!xlsx_sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)k, (lxw_col_t)k,
                                             k ? XLSX_SECTION_WIDTH : XLSX_SECTION_WIDTH_FIRST, NULL)))
      return FALSE;
  guint row = 0;
  return xlsx_put_text(x, s, row++, 0, sec->title, x->title) && section_tables(x, s, &row, sec, FALSE);
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

gboolean xlsx_write_summary(Xlsx *x, Sheet *s, const CheckSheet *checks, GPtrArray *fixes)
{
  static const double widths[] = {34, 44, 12, 12, 12, 40, 34, 40, 12};
  for (guint c = 0; c < G_N_ELEMENTS(widths); c++)
    if (!xlsx_sheet_ok(x, s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL)))
      return FALSE;
  guint row = 0;
  char day[11];
  audit_day_format(x->r->as_of, day);
  if (!xlsx_put_text(x, s, row++, 0, "crm-audit report", x->title))
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
    if (!xlsx_put_text(x, s, row, 0, about[i][0], x->bold) || !xlsx_put_text(x, s, row, 1, about[i][1], NULL))
      return FALSE;
  return summary_input(x, s, &row) && summary_sections(x, s, &row, AUDIT_SECTION_RUN) && summary_severities(x, s, &row) && summary_checks(x, s, &row, checks) &&
         summary_trend(x, s, &row) && summary_fixes(x, s, &row, fixes) && summary_sections(x, s, &row, AUDIT_SECTION_SUMMARY) &&
         summary_owners(x, s, &row);
}
