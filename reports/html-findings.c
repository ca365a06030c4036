#include "html-internal.h"

/* ---- the findings ---- */

static void write_row(Html *h, const AuditSink *s, const AuditFinding *f)
{
  const AuditModel *m = h->m;
  const char *id = audit_finding_record_id(s, f);
  const char *name = f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, h->name_buf, sizeof h->name_buf)
                                 : AUDIT_NO_RECORD_LABEL;
  html_outf(h, "<tr class=\"sev-%s\"><td>", audit_severity_name(f->severity));
  html_out_severity(h, f->severity);
  html_out(h, "</td><th scope=\"row\">");
  gboolean linked = audit_record_link((const char *const *)h->url_parts, id, h->link);
  if (linked) {
    html_out(h, "<a href=\"");
    html_text(h, h->link->str);
    html_out(h, "\" rel=\"noreferrer\">");
  }
  html_crm(h, *name ? name : *id ? id : "(no Id)");
  if (linked)
    html_out(h, "</a>");
  html_outf(h, "<span class=\"id\">%s ", audit_object_name(f->object));
  html_text(h, id);
  html_out(h, "</span></th><td>");
  gint oi = html_owner_index(h->r, html_finding_owner(m, f));
  const AuditOwnerCount *oc = oi >= 0 ? &g_array_index(h->r->owners, AuditOwnerCount, oi) : NULL;
  html_crm(h, oc ? html_owner_label(oc) : "");
  if (oc && oc->name) {
    html_out(h, "<span class=\"id\">");
    html_text(h, oc->owner);
    html_out(h, "</span>");
  }
  html_out(h, "</td><td>");
  if (f->trend == AUDIT_TREND_NEW)
    html_out(h, "<span class=\"trend new\">new</span> ");
  html_crm(h, f->message);
  html_out(h, "</td><td>");
  if (f->ev_n) {
    html_out(h, "<ul class=\"ev\">");
    for (guint i = 0; i < f->ev_n; i++) {
      const AuditValue *v = audit_finding_evidence(s, f, i);
      html_out(h, "<li><span class=\"k\">");
      html_text(h, v->key);
      html_out(h, "</span> ");
      html_crm(h, html_value_text(s, v, h->tmp));
      html_out(h, "</li>");
    }
    html_out(h, "</ul>");
  }
  html_out(h, "</td><td>");
  if (f->fix_text)
    html_crm(h, f->fix_text);
  if (f->fix_action) {
    html_out(h, "<span class=\"action\">import: ");
    html_text(h, f->fix_action);
    html_out(h, "</span>");
  }
  html_out(h, "</td></tr>\n");
}

static void write_check_section(Html *h, guint i)
{
  const AuditResult *r = h->r;
  const AuditCheck *c = audit_registry[i];
  const AuditSink *s = r->sinks[i];
  guint n = audit_sink_count(s), in_data = MIN(n, h->rows), plain = MIN(in_data, HTML_PLAIN_ROWS);
  AuditSeverity sev = r->config->checks[i].severity;
  html_outf(h, "<section class=\"check\" id=\"check-%s\" data-check=\"%s\" aria-labelledby=\"title-%s\">\n", c->id, c->id,
       c->id);
  html_outf(h, "<h3 id=\"title-%s\">", c->id);
  html_out_severity(h, sev);
  html_outf(h, " <code>%s</code>: ", c->id);
  html_text(h, c->title);
  html_out(h, "</h3>\n<p class=\"rationale\">");
  html_text(h, c->rationale);
  html_out(h, "</p>\n");
  if (c->fix) {
    html_out(h, "<p class=\"fixdesc\"><strong>Fix:</strong> ");
    html_text(h, c->fix);
    html_out(h, "</p>\n");
  }
  html_out(h, "<p class=\"count\">");
  html_out_count(h, n);
  html_outf(h, " finding%s", n == 1 ? "" : "s");
  if (in_data == 0) {
    html_out(h, "; this report lists none of them (<code>--html-rows 0</code>): report.xlsx and findings.json have them "
           "all");
  } else if (in_data < n) {
    html_out(h, "; this report holds the first ");
    html_out_count(h, in_data);
    html_out(h, " (<code>--html-rows</code>): report.xlsx and findings.json have them all");
  }
  html_out(h, ".</p>\n");
  if (plain < in_data) {
    html_out(h, "<noscript><p class=\"note\">Without JavaScript this page shows the first ");
    html_out_count(h, plain);
    html_out(h, " rows; turn it on for ");
    html_out_count(h, in_data);
    html_out(h, ", or open report.xlsx.</p></noscript>\n");
  }
  if (!in_data) {
    html_out(h, "</section>\n");
    return;
  }
  html_outf(h, "<p class=\"status\" role=\"status\" hidden></p>\n<div class=\"wrap\"><table class=\"findings\">\n"
          "<caption class=\"vh\">Findings of %s</caption>\n<thead><tr><th scope=\"col\" data-key=\"sev\">Severity</th>"
          "<th scope=\"col\" data-key=\"record\">Record</th><th scope=\"col\" data-key=\"owner\">Owner</th>"
          "<th scope=\"col\" data-key=\"message\">Message</th><th scope=\"col\" data-key=\"evidence\">Evidence</th>"
          "<th scope=\"col\" data-key=\"fix\">Suggested fix</th></tr></thead>\n<tbody>\n",
       c->id);
  for (guint k = 0; k < plain; k++)
    write_row(h, s, audit_sink_get(s, k));
  html_out(h, "</tbody>\n</table></div>\n<div class=\"more\"></div>\n</section>\n");
}


static void write_filters(Html *h)
{
  const AuditResult *r = h->r;
  html_out(h, "<form id=\"filters\" class=\"filters\" role=\"search\" aria-label=\"Filter the findings\" hidden>\n"
         "<label>Severity <select id=\"f-sev\"><option value=\"\">all</option>");
  for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--)
    html_outf(h, "<option value=\"%d\">%s</option>", s, audit_severity_name((AuditSeverity)s));
  html_out(h, "</select></label>\n<label>Check <select id=\"f-check\"><option value=\"\">all</option>");
  for (guint i = 0; i < audit_registry_size; i++)
    if (html_check_count(r, i))
      html_outf(h, "<option value=\"%s\">%s</option>", audit_registry[i]->id, audit_registry[i]->id);
  html_out(h, "</select></label>\n<label>Owner <select id=\"f-owner\"><option value=\"\">all</option>");
  for (guint o = 0; o < r->owners->len; o++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, o);
    html_outf(h, "<option value=\"%u\">", o);
    html_text(h, html_owner_label(c));
    html_out(h, "</option>");
  }
  html_out(h, "</select></label>\n");
  if (r->baseline)
    html_out(h, "<label>Since the baseline <select id=\"f-trend\"><option value=\"\">all</option>"
           "<option value=\"1\">new</option><option value=\"2\">persisting</option></select></label>\n");
  html_out(h, "<label>Search <input id=\"f-q\" type=\"search\" autocomplete=\"off\" "
         "placeholder=\"name, Id, message\xe2\x80\xa6\"></label>\n"
         "<button type=\"button\" id=\"f-clear\">Clear filters</button>\n</form>\n"
         "<p id=\"f-status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n");
}

void html_write_findings(Html *h)
{
  const AuditResult *r = h->r;
  html_out(h, "<section id=\"findings\" aria-labelledby=\"findings-title\" tabindex=\"-1\">\n"
         "<h2 id=\"findings-title\">Findings</h2>\n");
  write_filters(h);
  guint any = 0;
  for (guint i = 0; i < audit_registry_size; i++)
    if (html_check_count(r, i)) {
      write_check_section(h, i);
      any++;
    }
  if (!any)
    html_out(h, "<p>No findings.</p>\n");
  html_out(h, "</section>\n");
}
