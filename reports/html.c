/* report.html (issue 7): one self-contained file, no network. A header (the
 * export, the as-of date, rows per object), summary cards per severity, a bar
 * chart of findings per check in inline SVG, the table of checks, findings
 * per owner, then one section per check with its rationale and its findings.
 * Generic over the registry and the findings: a new check appears here
 * without a change.
 *
 * Readable without JavaScript: everything but the filters is plain HTML, and
 * each check's first HTML_PLAIN_ROWS rows are too. The script (report.js,
 * inline) reads a JSON data island holding each check's first --html-rows
 * rows and adds sorting, filtering by severity, check and owner, a text
 * search, and paging. The rest of a check's findings are in report.xlsx and
 * findings.json; the section says so.
 *
 * Untrusted text: every CRM value (and every message, which quotes them) is
 * HTML-escaped where it lands in markup (html_text); the data island is
 * written by the JSON writer, which escapes < > & so that "</script>" or
 * "<!--" in a value cannot end it; the script builds rows with textContent
 * only. A Content-Security-Policy allows only the inline stylesheet and
 * script, by their SHA-256, and nothing from the network. The only links are
 * to the page's own sections and the configured record_url with a plain
 * alphanumeric Id. What goes in unescaped is the program's own: check ids
 * (kebab-case, which the registry test enforces), severity and object names,
 * dates, numbers.
 *
 * Deterministic: no clock, no locale; the same result gives the same bytes. */
#include "html-internal.h"

static void write_head(Html *h)
{
  const AuditResult *r = h->r;
  g_autofree char *css_hash = NULL, *js_hash = NULL;
  const char *assets[] = {audit_report_css, audit_report_js};
  char *hashes[2];
  for (guint i = 0; i < 2; i++) {
    g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(sum, (const guchar *)assets[i], (gssize)strlen(assets[i]));
    guint8 digest[32];
    gsize len = sizeof digest;
    g_checksum_get_digest(sum, digest, &len);
    hashes[i] = g_base64_encode(digest, len);
  }
  css_hash = hashes[0];
  js_hash = hashes[1];
  char day[11];
  audit_day_format(r->as_of, day);
  g_autofree char *folder = g_path_get_basename(h->m->export_dir);
  html_out(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  html_outf(h,
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-%s'; "
       "script-src 'sha256-%s'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n",
       css_hash, js_hash);
  html_out(h, "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  html_outf(h, "<meta name=\"generator\" content=\"crm-audit %s\">\n<title>CRM audit: ", CRM_AUDIT_VERSION);
  html_text(h, folder);
  html_outf(h, " as of %s</title>\n<style>", day);
  html_out(h, audit_report_css);
  html_out(h, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n");
}

static void write_header(Html *h)
{
  const AuditResult *r = h->r;
  const AuditModel *m = h->m;
  char day[11];
  audit_day_format(r->as_of, day);
  html_out(h, "<header>\n<h1>CRM audit report</h1>\n<div class=\"head\">\n<dl class=\"meta\">\n<dt>Export folder</dt><dd><code>");
  html_text(h, m->export_dir);
  html_outf(h, "</code></dd>\n<dt>As of</dt><dd>%s</dd>\n<dt>Config</dt><dd>", day);
  if (r->config->path) {
    html_out(h, "<code>");
    html_text(h, r->config->path);
    html_out(h, "</code>");
  } else {
    html_out(h, "none (every default)");
  }
  html_outf(h, "</dd>\n<dt>Tool</dt><dd>crm-audit %s</dd>\n</dl>\n", CRM_AUDIT_VERSION);
  html_out(h, "<table class=\"input\">\n<caption>Rows read per object</caption>\n<thead><tr><th scope=\"col\">Object</th>"
         "<th scope=\"col\">File</th><th scope=\"col\" class=\"num\">Rows</th><th scope=\"col\">Encoding</th>"
         "<th scope=\"col\" class=\"num\">Skipped rows</th></tr></thead>\n<tbody>\n");
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    html_outf(h, "<tr><th scope=\"row\">%s</th>", t->name);
    if (!t->present) {
      html_out(h, "<td colspan=\"4\" class=\"muted\">not in the export</td></tr>\n");
      continue;
    }
    html_out(h, "<td><code>");
    html_text(h, t->file);
    html_out(h, "</code></td><td class=\"num\">");
    html_out_count(h, t->nrows);
    html_out(h, "</td><td>");
    html_text(h, t->encoding);
    if (t->had_bom)
      html_out(h, " (BOM)");
    if (t->encoding_line)
      html_outf(h, " (line %u is not UTF-8)", t->encoding_line);
    html_out(h, "</td><td class=\"num\">");
    if (t->rows_deleted || t->rows_blank) {
      if (t->rows_deleted) {
        html_out_count(h, t->rows_deleted);
        html_out(h, " deleted");
      }
      if (t->rows_blank) {
        html_out(h, t->rows_deleted ? ", " : "");
        html_out_count(h, t->rows_blank);
        html_out(h, " blank");
      }
    } else {
      html_out(h, "0");
    }
    html_out(h, "</td></tr>\n");
  }
  html_out(h, "</tbody>\n</table>\n</div>\n");
  html_write_sections(h, AUDIT_SECTION_RUN);
  html_out(h, "</header>\n");
  html_out(h, "<nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li><li><a href=\"#checks\">Checks</a>"
         "</li><li><a href=\"#owners\">By owner</a></li>");
  for (guint i = 0; h->r->sections && i < h->r->sections->len; i++) {
    const AuditSection *sec = h->r->sections->pdata[i];
    if (sec->place == AUDIT_SECTION_ANALYTICS && !sec->hidden) {
      g_autofree char *id = html_section_html_id(sec);
      html_outf(h, "<li><a href=\"#%s\">", id);
      html_text(h, sec->label);
      html_out(h, "</a></li>");
    }
  }
  html_out(h, "<li><a href=\"#findings\">Findings</a></li></ul></nav>\n");
}

/* Horizontal bars, one per check with findings, most first; the label says
 * the severity in a glyph and the number, so colour is not the only cue. */
static void write_chart(Html *h)
{
  const AuditResult *r = h->r;
  g_autofree guint *order = g_new(guint, MAX(audit_registry_size, 1));
  guint n = 0, max = 0;
  for (guint i = 0; i < audit_registry_size; i++)
    if (html_check_count(r, i)) {
      /* insertion by count, then registry order */
      guint k = n++;
      while (k > 0 && html_check_count(r, order[k - 1]) < html_check_count(r, i)) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = i;
      max = MAX(max, html_check_count(r, i));
    }
  html_out(h, "<h3 id=\"chart-title\">Findings per check</h3>\n");
  if (!n) {
    html_out(h, "<p>No findings.</p>\n");
    return;
  }
  const guint row = 26, label = 330, bar = 360, width = label + bar + 90;
  html_outf(h,
       "<svg class=\"chart\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" "
       "aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
       "<desc id=\"chart-desc\">",
       width, n * row + 8, width, n * row + 8);
  for (guint k = 0; k < n; k++) {
    char num[32];
    html_outf(h, "%s%s: %s", k ? "; " : "", audit_registry[order[k]]->id, html_count_text(html_check_count(r, order[k]), num));
  }
  html_out(h, "</desc>\n");
  for (guint k = 0; k < n; k++) {
    guint i = order[k];
    const AuditCheck *c = audit_registry[i];
    AuditSeverity sev = r->config->checks[i].severity;
    guint count = html_check_count(r, i);
    guint w = MAX(2u, (guint)((double)bar * count / max + 0.5));
    guint y = 4 + k * row;
    char num[32];
    html_outf(h,
         "<a href=\"#check-%s\"><text class=\"label\" x=\"%u\" y=\"%u\" text-anchor=\"end\">%s %s</text></a>"
         "<rect class=\"bar sev-%s\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\"><title>%s: %s (%s)</title></rect>"
         "<text class=\"value\" x=\"%u\" y=\"%u\">%s</text>\n",
         c->id, label - 10, y + row / 2 + 4, html_sev_glyph[sev], c->id, audit_severity_name(sev), label, y + 3, w,
         row - 8, c->id, html_count_text(count, num), audit_severity_name(sev), label + w + 6, y + row / 2 + 4,
         html_count_text(count, num));
  }
  html_out(h, "</svg>\n");
}

/* The checks and the sections that did not run, by reason, under the cards:
 * "0 errors" means little when the contact-role checks were skipped for
 * want of a file. */
static void write_skipped_line(Html *h)
{
  const AuditResult *r = h->r;
  g_autoptr(GPtrArray) reasons = g_ptr_array_new();
  for (guint i = 0; i < audit_registry_size; i++)
    if (!r->sinks[i] && !g_ptr_array_find_with_equal_func(reasons, r->skip_reasons[i], g_str_equal, NULL))
      g_ptr_array_add(reasons, r->skip_reasons[i]);
  for (guint i = 0; r->sections && i < r->sections->len; i++) {
    const AuditSection *sec = r->sections->pdata[i];
    if (sec->skipped && !g_ptr_array_find_with_equal_func(reasons, sec->skipped, g_str_equal, NULL))
      g_ptr_array_add(reasons, sec->skipped);
  }
  if (!reasons->len)
    return;
  html_out(h, "<div class=\"notices skipped\" role=\"note\"><p><strong>Not run:</strong></p>\n<ul>\n");
  for (guint k = 0; k < reasons->len; k++) {
    html_out(h, "<li>");
    html_text(h, reasons->pdata[k]);
    html_out(h, ": ");
    guint n = 0;
    for (guint i = 0; i < audit_registry_size; i++)
      if (!r->sinks[i] && strcmp(r->skip_reasons[i], reasons->pdata[k]) == 0)
        html_outf(h, "%s<code>%s</code>", n++ ? ", " : "", audit_registry[i]->id);
    for (guint i = 0; r->sections && i < r->sections->len; i++) {
      const AuditSection *sec = r->sections->pdata[i];
      if (sec->skipped && strcmp(sec->skipped, reasons->pdata[k]) == 0) {
        g_autofree char *id = html_section_html_id(sec);
        html_outf(h, "%s<a href=\"#%s\">", n++ ? ", " : "", id);
        html_text(h, sec->title);
        html_out(h, "</a>");
      }
    }
    html_out(h, "</li>\n");
  }
  html_out(h, "</ul>\n</div>\n");
}

static void write_summary(Html *h)
{
  const AuditResult *r = h->r;
  guint total = 0;
  for (guint s = 0; s < AUDIT_SEV_COUNT; s++)
    total += r->counts[s];
  html_out(h, "<section id=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n"
         "<ul class=\"cards\">\n");
  for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
    html_outf(h, "<li class=\"card sev-%s\"><span class=\"glyph\" aria-hidden=\"true\">%s</span> <span class=\"num\" "
            "data-severity=\"%s\">",
         audit_severity_name((AuditSeverity)s), html_sev_glyph[s], audit_severity_name((AuditSeverity)s));
    html_out_count(h, r->counts[s]);
    html_outf(h, "</span> <span class=\"what\">%s</span></li>\n", r->counts[s] == 1 && s != AUDIT_SEV_INFO
                                                               ? audit_severity_name((AuditSeverity)s)
                                                               : html_sev_plural[s]);
  }
  html_out(h, "<li class=\"card total\"><span class=\"num\" data-severity=\"total\">");
  html_out_count(h, total);
  html_outf(h, "</span> <span class=\"what\">finding%s in all</span></li>\n</ul>\n", total == 1 ? "" : "s");
  write_skipped_line(h);
  if (r->baseline) {
    html_out(h, "<p class=\"trend-line\" id=\"trend\">Since the baseline (<code>");
    html_text(h, audit_baseline_path(r->baseline));
    html_out(h, "</code>): <strong data-trend=\"new\">");
    html_out_count(h, r->trend.new_);
    html_out(h, "</strong> new, <strong data-trend=\"persisting\">");
    html_out_count(h, r->trend.persisting);
    html_out(h, "</strong> persisting, <strong data-trend=\"fixed\">");
    html_out_count(h, r->trend.fixed);
    html_out(h, "</strong> fixed since the last run (their records still here, the problem gone); <strong "
           "data-trend=\"gone\">");
    html_out_count(h, r->trend.gone);
    html_out(h, "</strong> gone with their records, <strong data-trend=\"aged\">");
    html_out_count(h, r->trend.aged);
    html_out(h, "</strong> aged out of their check's window.</p>\n");
    if (r->gone->len) {
      /* which ones: the weekly review checks them off */
      const guint cap = 500;
      html_outf(h, "<details class=\"gone\"><summary>The %u finding%s of the baseline not reported now</summary>\n"
              "<div class=\"wrap\"><table class=\"analytics\"><caption>Not reported now%s</caption>\n<thead><tr>"
              "<th scope=\"col\">Check</th><th scope=\"col\">Record</th><th scope=\"col\">Why</th>"
              "<th scope=\"col\">Message then</th></tr></thead>\n<tbody>\n",
           r->gone->len, r->gone->len == 1 ? "" : "s", r->gone->len > cap ? " (the first 500; findings.json has all)" : "");
      for (guint i = 0; i < r->gone->len && i < cap; i++) {
        const AuditGoneFinding *g = &g_array_index(r->gone, AuditGoneFinding, i);
        html_out(h, "<tr><td><code>");
        html_text(h, g->f.check);
        html_out(h, "</code></td><th scope=\"row\"><span class=\"id\">");
        html_text(h, g->f.object);
        html_out(h, " ");
        html_text(h, g->f.record);
        html_out(h, "</span></th><td>");
        html_text(h, g->as);
        html_out(h, "</td><td>");
        html_text(h, g->f.message);
        html_out(h, "</td></tr>\n");
      }
      html_out(h, "</tbody></table></div></details>\n");
    }
  }
  write_chart(h);
  html_write_sections(h, AUDIT_SECTION_SUMMARY);
  html_out(h, "</section>\n");
}

static void write_check_row(Html *h, guint i)
{
  const AuditResult *r = h->r;
  const AuditCheck *c = audit_registry[i];
  AuditSeverity sev = r->config->checks[i].severity;
  guint n = html_check_count(r, i);
  html_out(h, n ? "<tr class=\"has\">" : "<tr>");
  if (n)
    html_outf(h, "<th scope=\"row\"><a href=\"#check-%s\"><code>%s</code></a></th>", c->id, c->id);
  else
    html_outf(h, "<th scope=\"row\"><code>%s</code></th>", c->id);
  html_out(h, "<td>");
  html_text(h, c->title);
  html_outf(h, "</td><td data-v=\"%d\">", (int)sev);
  html_out_severity(h, sev);
  if (r->sinks[i]) {
    html_outf(h, "</td><td class=\"num\" data-v=\"%u\">", n);
    html_out_count(h, n);
    html_out(h, "</td><td>ran</td></tr>\n");
  } else {
    html_out(h, "</td><td class=\"num\" data-v=\"-1\">\xe2\x80\x94</td><td>skipped: ");
    html_text(h, r->skip_reasons[i]);
    html_out(h, "</td></tr>\n");
  }
}

/* Every check: those that ran first, then the skipped ones with the reason,
 * each in catalogue order. */
static void write_checks_table(Html *h)
{
  const AuditResult *r = h->r;
  html_out(h, "<section id=\"checks\" aria-labelledby=\"checks-title\">\n<h2 id=\"checks-title\">Checks</h2>\n"
         "<div class=\"wrap\"><table class=\"sortable\">\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">"
         "What it flags</th><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th>"
         "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < audit_registry_size; i++)
    if (r->sinks[i])
      write_check_row(h, i);
  for (guint i = 0; i < audit_registry_size; i++)
    if (!r->sinks[i])
      write_check_row(h, i);
  html_out(h, "</tbody>\n</table></div>\n</section>\n");
}

static gint compare_owner_total(gconstpointer a, gconstpointer b, gpointer data)
{
  const AuditResult *r = data;
  const AuditOwnerCount *x = &g_array_index(r->owners, AuditOwnerCount, *(const guint *)a);
  const AuditOwnerCount *y = &g_array_index(r->owners, AuditOwnerCount, *(const guint *)b);
  if (x->total != y->total)
    return x->total > y->total ? -1 : 1;
  return strcmp(x->owner, y->owner);
}

/* Each owner with their findings per check, most findings first: the weekly
 * review hands the work to a person. */
static void write_owners(Html *h)
{
  const AuditResult *r = h->r;
  html_out(h, "<section id=\"owners\" aria-labelledby=\"owners-title\">\n<h2 id=\"owners-title\">By owner</h2>\n");
  if (!r->owners->len) {
    html_out(h, "<p>No findings.</p>\n</section>\n");
    return;
  }
  html_out(h, "<p>The owner of each finding's record (a contact role's is its opportunity's), with their findings per "
         "check.</p>\n<div class=\"wrap\"><table class=\"sortable owners\">\n<thead><tr><th scope=\"col\">Owner</th>"
         "<th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\" class=\"num\">Warnings</th>"
         "<th scope=\"col\" class=\"num\">Info</th><th scope=\"col\" class=\"num\">Total</th>"
         "<th scope=\"col\">Findings per check</th></tr></thead>\n<tbody>\n");
  g_autofree guint *order = g_new(guint, r->owners->len);
  for (guint i = 0; i < r->owners->len; i++)
    order[i] = i;
  g_qsort_with_data(order, (gint)r->owners->len, sizeof *order, compare_owner_total, (gpointer)r);
  for (guint k = 0; k < r->owners->len; k++) {
    guint o = order[k];
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, o);
    html_outf(h, "<tr data-owner=\"%u\"><th scope=\"row\">", o);
    html_text(h, html_owner_label(c));
    if (c->active == 0)
      html_out(h, " <span class=\"inactive\">inactive user: reassign</span>");
    if (c->name) {
      html_out(h, "<span class=\"id\">");
      html_text(h, c->owner);
      html_out(h, "</span>");
    } else if (*c->owner) {
      html_out(h, "<span class=\"id\">not a user in the export</span>");
    }
    html_out(h, "</th>");
    for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
      html_outf(h, "<td class=\"num\" data-v=\"%u\">", c->n[s]);
      html_out_count(h, c->n[s]);
      html_out(h, "</td>");
    }
    html_outf(h, "<td class=\"num\" data-v=\"%u\">", c->total);
    html_out_count(h, c->total);
    html_out(h, "</td><td><ul class=\"per-check\">");
    for (guint i = 0; i < audit_registry_size; i++) {
      guint n = h->owner_check[(gsize)o * audit_registry_size + i];
      if (n) {
        html_outf(h, "<li><a href=\"#check-%s\">%s</a> ", audit_registry[i]->id, audit_registry[i]->id);
        html_out_count(h, n);
        html_out(h, "</li>");
      }
    }
    html_out(h, "</ul></td></tr>\n");
  }
  html_out(h, "</tbody>\n</table></div>\n</section>\n");
}

gboolean audit_report_html(FILE *fp, gconstpointer data, GError **error)
{
  const AuditHtmlOptions *o = data;
  Html h = {
    .fp = fp,
    .r = o->result,
    .m = o->result->model,
    .rows = o->rows,
    .url_parts = audit_record_link_parts(o->result->config),
    .link = g_string_new(NULL),
    .tmp = g_string_new(NULL),
    .intern = g_hash_table_new(g_str_hash, g_str_equal),
    .strings = g_ptr_array_new(),
  };
  html_intern(&h, "");
  html_count_owner_checks(&h);
  write_head(&h);
  write_header(&h);
  html_out(&h, "<main>\n");
  write_summary(&h);
  write_checks_table(&h);
  write_owners(&h);
  html_write_sections(&h, AUDIT_SECTION_ANALYTICS);
  html_write_findings(&h);
  html_out(&h, "</main>\n<footer><p>Written by crm-audit " CRM_AUDIT_VERSION
          ". Every finding, with its related records and fix fields, is in findings.json and report.xlsx; "
          "importable fixes are in fixes/.</p></footer>\n");
  html_write_data(&h);
  html_out(&h, "<script>");
  html_out(&h, audit_report_js);
  html_out(&h, "</script>\n</body>\n</html>\n");
  g_strfreev(h.url_parts);
  g_string_free(h.link, TRUE);
  g_string_free(h.tmp, TRUE);
  g_free(h.owner_check);
  g_hash_table_unref(h.intern);
  g_ptr_array_unref(h.strings);
  return TRUE;
}
