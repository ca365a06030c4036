#include "html-internal.h"

/* ---- sections (section.h), generically ---- */

/* An HTML id from a section's id: "win_loss" → "win-loss". */
char *html_section_html_id(const AuditSection *sec)
{
  char *id = g_strdup(sec->id);
  g_strdelimit(id, "_", '-');
  return id;
}

/* A note: escaped, "**" around words making them strong. */
static void out_note(Html *h, const char *text)
{
  gboolean strong = FALSE;
  g_autoptr(GString) run = g_string_new(NULL);
  for (const char *p = text;; p++) {
    if (!*p || (p[0] == '*' && p[1] == '*')) {
      html_text(h, run->str);
      g_string_truncate(run, 0);
      if (!*p)
        break;
      html_out(h, strong ? "</strong>" : "<strong>");
      strong = !strong;
      p++;
      continue;
    }
    g_string_append_c(run, *p);
  }
  if (strong)
    html_out(h, "</strong>");
}

/* A cell as the page shows it: counts with separators, shares in percent,
 * averages to one decimal, a dash for what cannot be computed. */
static void out_section_cell(Html *h, const AuditSectionTable *t, guint col, const AuditCell *c)
{
  char day[11];
  switch (c->type) {
  case AUDIT_CELL_TEXT:
    html_text(h, c->s);
    return;
  case AUDIT_CELL_NULL:
    html_text(h, c->s ? c->s : "\xe2\x80\x94");
    return;
  case AUDIT_CELL_BOOL:
    html_out(h, c->a ? "yes" : "no");
    return;
  case AUDIT_CELL_DAY:
    audit_day_format((gint32)c->a, day);
    html_out(h, day);
    return;
  case AUDIT_CELL_INT:
    if (c->a >= 0) {
      html_out_count(h, (guint64)c->a);
      return;
    }
    html_outf(h, "%" G_GINT64_FORMAT, c->a);
    return;
  case AUDIT_CELL_RATIO: {
    double v = audit_cell_value(c);
    AuditCellFormat f = audit_cell_format(t, c, col);
    if (isnan(v))
      html_out(h, "\xe2\x80\x94"); /* — */
    else if (f == AUDIT_FORMAT_SHARE)
      html_outf(h, "%.0f%%", 100.0 * v);
    else if (f == AUDIT_FORMAT_AVERAGE)
      html_outf(h, "%.1f", v);
    else
      html_outf(h, "%g", v);
    return;
  }
  }
}

/* Horizontal bars of a table's chart: for each row, one or two values in
 * two series (the second hatched, so that colour is not the only cue); a
 * share on a 0..100% scale, anything else on the scale of its largest
 * value; a value that is not known is said so, with no bar. */
static void write_section_chart(Html *h, const AuditSectionTable *t, const char *id)
{
  const AuditSectionChart *ch = t->chart;
  guint n = audit_section_table_rows(t), nseries = ch->values[1] ? 2 : 1;
  const guint group = nseries == 2 ? 40 : 23, label = 220, bar = 360, width = label + bar + 70;
  double max = 0;
  for (guint k = 0; k < n; k++)
    for (guint j = 0; j < nseries; j++) {
      double v = audit_cell_value(audit_section_cell(t, k, ch->values[j]));
      if (!isnan(v))
        max = MAX(max, v);
    }
  html_outf(h, "<figure class=\"pairs\"><figcaption id=\"%s-title\">", id);
  html_text(h, ch->title);
  html_out(h, " <span class=\"legend\">");
  for (guint j = 0; j < nseries; j++) {
    html_outf(h, "%s<span class=\"key s-%c\">%s ", j ? " " : "", 'a' + j, j ? "\xe2\x96\xa8" : "\xe2\x96\xa0");
    html_text(h, t->columns[ch->values[j]].title);
    html_out(h, "</span>");
  }
  html_out(h, "</span></figcaption>\n");
  html_outf(h, "<svg class=\"chart\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" "
          "aria-labelledby=\"%s-title %s-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<desc id=\"%s-desc\">",
       width, n * group + 8, width, n * group + 8, id, id, id);
  for (guint k = 0; k < n; k++) {
    if (k)
      html_out(h, "; ");
    html_text(h, audit_section_cell(t, k, ch->label)->s);
    for (guint j = 0; j < nseries; j++) {
      html_out(h, j ? ", " : ": ");
      html_text(h, t->columns[ch->values[j]].title);
      html_out(h, " ");
      out_section_cell(h, t, ch->values[j], audit_section_cell(t, k, ch->values[j]));
    }
  }
  html_out(h, "</desc>\n");
  for (guint k = 0; k < n; k++) {
    guint y = 4 + k * group;
    html_outf(h, "<text class=\"label\" x=\"%u\" y=\"%u\" text-anchor=\"end\">", label - 10, y + group / 2 + 2);
    html_text(h, audit_section_cell(t, k, ch->label)->s);
    html_out(h, "</text>");
    for (guint j = 0; j < nseries; j++) {
      guint col = ch->values[j], yy = y + 2 + j * 17;
      const AuditCell *c = audit_section_cell(t, k, col);
      double v = audit_cell_value(c);
      if (isnan(v)) {
        html_outf(h, "<text class=\"value\" x=\"%u\" y=\"%u\">unknown</text>", label + 6, yy + 12);
        continue;
      }
      double scale = audit_cell_format(t, c, col) == AUDIT_FORMAT_SHARE ? 1 : max > 0 ? max : 1;
      guint w = (guint)(bar * v / scale + 0.5);
      html_outf(h, "<rect class=\"bar s-%c\"%s x=\"%u\" y=\"%u\" width=\"%u\" height=\"15\"><title>", 'a' + j,
           j ? " fill=\"url(#hatch)\"" : "", label, yy, MAX(w, 1u));
      html_text(h, t->columns[col].title);
      html_out(h, ": ");
      out_section_cell(h, t, col, c);
      html_outf(h, "</title></rect><text class=\"value\" x=\"%u\" y=\"%u\">", label + w + 6, yy + 12);
      out_section_cell(h, t, col, c);
      html_out(h, "</text>");
    }
    html_out(h, "\n");
  }
  html_out(h, "</svg></figure>\n");
}

/* A shown table: a list when it has one column, else a table whose first
 * column heads its rows; its chart after it. */
static void write_section_table(Html *h, const AuditSection *sec, const AuditSectionTable *t, guint index)
{
  g_autofree guint *cols = g_new(guint, MAX(t->ncols, 1));
  guint n = audit_section_shown_columns(t, cols), rows = audit_section_table_rows(t);
  if (n == 1) {
    html_out(h, "<div class=\"notices\" role=\"note\"><h2>");
    html_text(h, t->title);
    html_out(h, "</h2>\n<ul>\n");
    for (guint r = 0; r < rows; r++) {
      html_out(h, "<li>");
      out_section_cell(h, t, cols[0], audit_section_cell(t, r, cols[0]));
      html_out(h, "</li>\n");
    }
    html_out(h, "</ul>\n</div>\n");
    return;
  }
  html_out(h, sec->place == AUDIT_SECTION_RUN ? "<table class=\"run\">\n<caption>"
                                         : "<div class=\"wrap\"><table class=\"analytics\"><caption>");
  html_text(h, t->title);
  html_out(h, "</caption>\n<thead><tr>");
  for (guint k = 0; k < n; k++) {
    html_out(h, "<th scope=\"col\">");
    html_text(h, t->columns[cols[k]].title);
    html_out(h, "</th>");
  }
  html_out(h, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < rows; r++) {
    html_out(h, "<tr");
    for (guint c = 0; c < t->ncols; c++) { /* a text column that names the row: data-KEY */
      const AuditCell *name = audit_section_cell(t, r, c);
      if (t->columns[c].key && !t->columns[c].title && name->type == AUDIT_CELL_TEXT && *name->s) {
        html_outf(h, " data-%s=\"", t->columns[c].key);
        html_text(h, name->s);
        html_out(h, "\"");
      }
    }
    html_out(h, ">");
    for (guint k = 0; k < n; k++) {
      const AuditCell *c = audit_section_cell(t, r, cols[k]);
      gboolean num = c->type == AUDIT_CELL_INT || c->type == AUDIT_CELL_RATIO ||
                     (c->type == AUDIT_CELL_NULL && !c->s);
      html_out(h, k == 0 ? "<th scope=\"row\">" : num ? "<td class=\"num\">" : "<td>");
      out_section_cell(h, t, cols[k], c);
      html_out(h, k == 0 ? "</th>" : "</td>");
    }
    html_out(h, "</tr>\n");
  }
  html_out(h, sec->place == AUDIT_SECTION_RUN ? "</tbody>\n</table>\n" : "</tbody></table></div>\n");
  if (t->chart && rows) {
    g_autofree char *sid = html_section_html_id(sec);
    g_autofree char *id = g_strdup_printf("%s-chart-%u", sid, index);
    write_section_chart(h, t, id);
  }
}

/* The shown sections of a place: about the run, in the header; those of the
 * summary, in it; the analytics, a page section each. */
void html_write_sections(Html *h, AuditSectionPlace place)
{
  gboolean defs = FALSE;
  for (guint i = 0; h->r->sections && i < h->r->sections->len; i++) {
    const AuditSection *sec = h->r->sections->pdata[i];
    if (sec->place != place || sec->hidden)
      continue;
    g_autofree char *id = html_section_html_id(sec);
    if (place == AUDIT_SECTION_ANALYTICS && !defs) {
      /* the hatching of a chart's second series (an SVG reference, not CSS) */
      html_out(h, "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\">"
             "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
             "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"hatch-bg\"/><line x1=\"0\" "
             "y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch-line\"/></pattern></defs></svg>\n");
      defs = TRUE;
    }
    if (place == AUDIT_SECTION_ANALYTICS) {
      html_outf(h, "<section id=\"%s\" aria-labelledby=\"%s-title\">\n<h2 id=\"%s-title\">", id, id, id);
      html_text(h, sec->title);
      html_out(h, "</h2>\n");
    } else if (place == AUDIT_SECTION_SUMMARY) {
      html_outf(h, "<div class=\"part\" id=\"%s\">\n<h3>", id);
      html_text(h, sec->title);
      html_out(h, "</h3>\n");
    } else if (sec->skipped) { /* about the run, with no table to carry its title: a titled note */
      html_outf(h, "<div class=\"notices\" role=\"note\" id=\"%s\"><h2>", id);
      html_text(h, sec->title);
      html_out(h, "</h2>\n");
    }
    for (guint k = 0; k < sec->notes->len; k++) {
      const AuditSectionNote *note = &g_array_index(sec->notes, AuditSectionNote, k);
      html_out(h, note->kind == AUDIT_NOTE_WARNING ? "<p class=\"warn\" role=\"note\">" : "<p class=\"lead\">");
      out_note(h, note->text);
      html_out(h, "</p>\n");
    }
    for (guint k = 0; k < sec->tables->len; k++) {
      const AuditSectionTable *t = sec->tables->pdata[k];
      if (t->title)
        write_section_table(h, sec, t, k);
    }
    if (place == AUDIT_SECTION_ANALYTICS)
      html_out(h, "</section>\n");
    else if (place == AUDIT_SECTION_SUMMARY || sec->skipped)
      html_out(h, "</div>\n");
  }
}
