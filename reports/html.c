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
#include "analytics.h"
#include "baseline.h"
#include "json-writer.h"
#include "migration.h"
#include "normalize.h"
#include "registry.h"
#include "report-assets.h"
#include "reports.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HTML_PLAIN_ROWS 50 /* rows per check written as HTML, for readers without JavaScript */

static const char *const sev_glyph[AUDIT_SEV_COUNT] = {"\xe2\x97\x8f", "\xe2\x96\xb2", "\xe2\x9c\x96"}; /* ● ▲ ✖ */
static const char *const sev_plural[AUDIT_SEV_COUNT] = {"info", "warnings", "errors"};

typedef struct {
  FILE *fp;
  const AuditResult *r;
  const AuditModel *m;
  guint rows;         /* per check in the data island */
  char **url_parts;   /* record_url split at {id}; NULL when not configured */
  GString *link, *tmp;
  char name_buf[1024];
  guint *owner_check; /* [owner index * registry size + check]: findings */
  GHashTable *intern; /* the data island's repeated strings → index + 1 */
  GPtrArray *strings; /* ... in index order */
} Html;

/* ---- text ---- */

static void out(Html *h, const char *s)
{
  fputs(s, h->fp);
}

static void outf(Html *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void outf(Html *h, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vfprintf(h->fp, fmt, ap);
  va_end(ap);
}

/* s as HTML text or attribute value: & < > " ' escaped, invalid UTF-8 and
 * control characters (but tab and line breaks) as U+FFFD. */
static void html_text(Html *h, const char *s)
{
  const char *run = s, *p = s;
  while (*p) {
    guchar c = (guchar)*p;
    const char *rep = NULL;
    gsize len = 1;
    if (c < 0x80) {
      switch (c) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      default:
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
          rep = "\xef\xbf\xbd";
      }
    } else {
      gunichar u = g_utf8_get_char_validated(p, -1);
      if (u == (gunichar)-1 || u == (gunichar)-2)
        rep = "\xef\xbf\xbd";
      else if (u >= 0x80 && u < 0xa0) /* C1 controls */
        rep = "\xef\xbf\xbd", len = (gsize)(g_utf8_next_char(p) - p);
      else
        len = (gsize)(g_utf8_next_char(p) - p);
    }
    if (rep) {
      fwrite(run, 1, (gsize)(p - run), h->fp);
      fputs(rep, h->fp);
      p += len;
      run = p;
    } else {
      p += len;
    }
  }
  fwrite(run, 1, (gsize)(p - run), h->fp);
}

/* CRM text in an element: as html_text, in a <bdi> so that bidi controls in
 * the data (U+202E and the like) cannot reorder what is around it (issue 21;
 * report.css isolates every cell too, for the rows report.js builds). */
static void html_crm(Html *h, const char *s)
{
  fputs("<bdi>", h->fp);
  html_text(h, s);
  fputs("</bdi>", h->fp);
}

/* 12,345 */
static const char *count_text(guint64 n, char buf[32])
{
  char digits[32];
  int len = g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, n);
  int o = 0;
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0)
      buf[o++] = ',';
    buf[o++] = digits[i];
  }
  buf[o] = '\0';
  return buf;
}

static void out_count(Html *h, guint64 n)
{
  char buf[32];
  out(h, count_text(n, buf));
}

/* An evidence value as the report shows it. */
static const char *value_text(const AuditSink *s, const AuditValue *v, GString *buf)
{
  g_string_truncate(buf, 0);
  switch (v->type) {
  case AUDIT_VAL_STR:
    return v->s;
  case AUDIT_VAL_INT:
    g_string_printf(buf, "%" G_GINT64_FORMAT, v->i);
    break;
  case AUDIT_VAL_NUM:
    if (!isfinite(v->d))
      return "\xe2\x80\x94";
    if (v->d == floor(v->d) && fabs(v->d) < 1e15) {
      g_string_printf(buf, "%.0f", v->d);
    } else {
      char num[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_assign(buf, g_ascii_formatd(num, sizeof num, "%.15g", v->d));
    }
    if (strcmp(buf->str, "-0") == 0)
      g_string_assign(buf, "0");
    break;
  case AUDIT_VAL_BOOL:
    return v->i ? "yes" : "no";
  case AUDIT_VAL_NULL:
    return "\xe2\x80\x94"; /* — */
  case AUDIT_VAL_ROWS: /* readable; the rows themselves are in findings.json */
    return audit_evidence_rows_text(s, v, buf);
  case AUDIT_VAL_WORDS:
    return audit_words_join(v, ", ", buf);
  }
  return buf->str;
}

/* ---- owners ---- */

static gint owner_index(const AuditResult *r, const char *owner)
{
  guint lo = 0, hi = r->owners->len;
  while (lo < hi) {
    guint mid = (lo + hi) / 2;
    int c = strcmp(g_array_index(r->owners, AuditOwnerCount, mid).owner, owner);
    if (c == 0)
      return (gint)mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  g_return_val_if_reached(-1); /* every finding's owner is counted */
}

static const char *finding_owner(const AuditModel *m, const AuditFinding *f)
{
  return f->row >= 0 ? audit_record_owner(m, f->object, (guint)f->row) : "";
}

static const char *owner_label(const AuditOwnerCount *c)
{
  return c->name ? c->name : *c->owner ? c->owner : "(no owner)";
}

static void count_owner_checks(Html *h)
{
  const AuditResult *r = h->r;
  h->owner_check = g_new0(guint, (gsize)MAX(r->owners->len, 1) * audit_registry_size);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      gint o = owner_index(r, finding_owner(h->m, audit_sink_get(s, k)));
      if (o >= 0)
        h->owner_check[(gsize)o * audit_registry_size + i]++;
    }
  }
}

static guint check_count(const AuditResult *r, guint i)
{
  return r->sinks[i] ? audit_sink_count(r->sinks[i]) : 0;
}

/* ---- pieces ---- */

static void out_severity(Html *h, AuditSeverity s)
{
  outf(h, "<span class=\"sev sev-%s\"><span aria-hidden=\"true\">%s </span>%s</span>", audit_severity_name(s),
       sev_glyph[s], audit_severity_name(s));
}

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
  out(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
  outf(h,
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-%s'; "
       "script-src 'sha256-%s'; img-src 'none'; base-uri 'none'; form-action 'none'\">\n",
       css_hash, js_hash);
  out(h, "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  outf(h, "<meta name=\"generator\" content=\"crm-audit %s\">\n<title>CRM audit: ", CRM_AUDIT_VERSION);
  html_text(h, folder);
  outf(h, " as of %s</title>\n<style>", day);
  out(h, audit_report_css);
  out(h, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#findings\">Skip to the findings</a>\n");
}

static void write_header(Html *h)
{
  const AuditResult *r = h->r;
  const AuditModel *m = h->m;
  char day[11];
  audit_day_format(r->as_of, day);
  out(h, "<header>\n<h1>CRM audit report</h1>\n<div class=\"head\">\n<dl class=\"meta\">\n<dt>Export folder</dt><dd><code>");
  html_text(h, m->export_dir);
  outf(h, "</code></dd>\n<dt>As of</dt><dd>%s</dd>\n<dt>Config</dt><dd>", day);
  if (r->config->path) {
    out(h, "<code>");
    html_text(h, r->config->path);
    out(h, "</code>");
  } else {
    out(h, "none (every default)");
  }
  outf(h, "</dd>\n<dt>Tool</dt><dd>crm-audit %s</dd>\n</dl>\n", CRM_AUDIT_VERSION);
  out(h, "<table class=\"input\">\n<caption>Rows read per object</caption>\n<thead><tr><th scope=\"col\">Object</th>"
         "<th scope=\"col\">File</th><th scope=\"col\" class=\"num\">Rows</th><th scope=\"col\">Encoding</th>"
         "<th scope=\"col\" class=\"num\">Skipped rows</th></tr></thead>\n<tbody>\n");
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    outf(h, "<tr><th scope=\"row\">%s</th>", t->name);
    if (!t->present) {
      out(h, "<td colspan=\"4\" class=\"muted\">not in the export</td></tr>\n");
      continue;
    }
    out(h, "<td><code>");
    html_text(h, t->file);
    out(h, "</code></td><td class=\"num\">");
    out_count(h, t->nrows);
    out(h, "</td><td>");
    html_text(h, t->encoding);
    if (t->had_bom)
      out(h, " (BOM)");
    if (t->encoding_line)
      outf(h, " (line %u is not UTF-8)", t->encoding_line);
    out(h, "</td><td class=\"num\">");
    if (t->rows_deleted || t->rows_blank) {
      if (t->rows_deleted) {
        out_count(h, t->rows_deleted);
        out(h, " deleted");
      }
      if (t->rows_blank) {
        out(h, t->rows_deleted ? ", " : "");
        out_count(h, t->rows_blank);
        out(h, " blank");
      }
    } else {
      out(h, "0");
    }
    out(h, "</td></tr>\n");
  }
  out(h, "</tbody>\n</table>\n</div>\n");
  if (m->inferred->len) {
    out(h, "<table class=\"inferred\">\n<caption>Inferred from the export</caption>\n<thead><tr><th scope=\"col\">What"
           "</th><th scope=\"col\">Value</th><th scope=\"col\">From</th><th scope=\"col\">Override with</th></tr>"
           "</thead>\n<tbody>\n");
    for (guint i = 0; i < m->inferred->len; i++) {
      const AuditInference *x = m->inferred->pdata[i];
      out(h, "<tr><th scope=\"row\">");
      html_text(h, x->what);
      out(h, "</th><td>");
      html_text(h, x->value);
      out(h, "</td><td>");
      html_text(h, x->from);
      out(h, "</td><td>");
      if (x->override) {
        out(h, "<code>");
        html_text(h, x->override);
        out(h, "</code>");
      } else {
        out(h, "<span class=\"muted\">nothing</span>");
      }
      out(h, "</td></tr>\n");
    }
    out(h, "</tbody>\n</table>\n");
  }
  if (m->notices->len) {
    out(h, "<div class=\"notices\" role=\"note\"><h2>Notices</h2>\n<ul>\n");
    for (guint i = 0; i < m->notices->len; i++) {
      out(h, "<li>");
      html_text(h, m->notices->pdata[i]);
      out(h, "</li>\n");
    }
    out(h, "</ul>\n</div>\n");
  }
  out(h, "</header>\n");
  out(h, "<nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li><li><a href=\"#checks\">Checks</a>"
         "</li><li><a href=\"#owners\">By owner</a></li>");
  if (h->r->analytics && h->r->analytics->have_opportunities)
    out(h, "<li><a href=\"#coverage\">Coverage</a></li><li><a href=\"#win-loss\">Win-loss</a></li>");
  out(h, "<li><a href=\"#findings\">Findings</a></li></ul></nav>\n");
}

/* Horizontal bars, one per check with findings, most first; the label says
 * the severity in a glyph and the number, so colour is not the only cue. */
static void write_chart(Html *h)
{
  const AuditResult *r = h->r;
  g_autofree guint *order = g_new(guint, MAX(audit_registry_size, 1));
  guint n = 0, max = 0;
  for (guint i = 0; i < audit_registry_size; i++)
    if (check_count(r, i)) {
      /* insertion by count, then registry order */
      guint k = n++;
      while (k > 0 && check_count(r, order[k - 1]) < check_count(r, i)) {
        order[k] = order[k - 1];
        k--;
      }
      order[k] = i;
      max = MAX(max, check_count(r, i));
    }
  out(h, "<h3 id=\"chart-title\">Findings per check</h3>\n");
  if (!n) {
    out(h, "<p>No findings.</p>\n");
    return;
  }
  const guint row = 26, label = 330, bar = 360, width = label + bar + 90;
  outf(h,
       "<svg class=\"chart\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" "
       "aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
       "<desc id=\"chart-desc\">",
       width, n * row + 8, width, n * row + 8);
  for (guint k = 0; k < n; k++) {
    char num[32];
    outf(h, "%s%s: %s", k ? "; " : "", audit_registry[order[k]]->id, count_text(check_count(r, order[k]), num));
  }
  out(h, "</desc>\n");
  for (guint k = 0; k < n; k++) {
    guint i = order[k];
    const AuditCheck *c = audit_registry[i];
    AuditSeverity sev = r->config->checks[i].severity;
    guint count = check_count(r, i);
    guint w = MAX(2u, (guint)((double)bar * count / max + 0.5));
    guint y = 4 + k * row;
    char num[32];
    outf(h,
         "<a href=\"#check-%s\"><text class=\"label\" x=\"%u\" y=\"%u\" text-anchor=\"end\">%s %s</text></a>"
         "<rect class=\"bar sev-%s\" x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\"><title>%s: %s (%s)</title></rect>"
         "<text class=\"value\" x=\"%u\" y=\"%u\">%s</text>\n",
         c->id, label - 10, y + row / 2 + 4, sev_glyph[sev], c->id, audit_severity_name(sev), label, y + 3, w,
         row - 8, c->id, count_text(count, num), audit_severity_name(sev), label + w + 6, y + row / 2 + 4,
         count_text(count, num));
  }
  out(h, "</svg>\n");
}

/* ---- Summary: the leads' migration (lead checks) ---- */

/* What becomes of the unconverted leads, as findings.json's analytics.migration;
 * nothing when Lead.csv was not exported or no lead check ran. */
static void write_migration(Html *h)
{
  const AuditMigration *mg = h->r->migration;
  if (!mg)
    return;
  static const char *const class_text[AUDIT_MIGRATION_CLASSES] = {
    "no company: keep as lead until the company is known", "excluded: keep as lead", "spam: purge",
    "competitor: tag and keep", "grey: review quarterly"};
  out(h, "<div class=\"migration\" id=\"migration\">\n<h3>Lead migration (contacts-only CRM)</h3>\n"
         "<table><caption>What becomes of the ");
  out_count(h, mg->unconverted);
  out(h, " unconverted leads</caption>\n<tbody>\n");
  typedef struct {
    const char *key, *what;
    guint n;
  } Row;
  Row rows[3 + AUDIT_MIGRATION_CLASSES + 1] = {
    {"convert_existing_account", "convert to an existing account", mg->convert_existing},
    {"ambiguous_account", "matching several unrelated accounts: choose", mg->ambiguous},
    {"convert_new_account", "convert with a new account (engaged)", mg->convert_new},
  };
  guint n = 3;
  for (guint c = 0; c < AUDIT_MIGRATION_CLASSES; c++)
    rows[n++] = (Row){audit_migration_classes[c], class_text[c], mg->classes[c]};
  rows[n++] = (Row){"engaged", "engaged (an activity in lead-engaged's window)", mg->engaged};
  for (guint i = 0; i < n; i++) {
    outf(h, "<tr data-outcome=\"%s\"><th scope=\"row\">", rows[i].key);
    html_text(h, rows[i].what);
    outf(h, "</th><td class=\"num\">");
    out_count(h, rows[i].n);
    out(h, "</td></tr>\n");
  }
  out(h, "</tbody></table>\n");
  if (mg->top_accounts->len) {
    const AuditTable *acc = &h->r->model->tables[AUDIT_OBJ_ACCOUNT];
    out(h, "<table><caption>Accounts receiving the most conversions</caption>\n<thead><tr><th scope=\"col\">"
           "Account</th><th scope=\"col\">Leads</th></tr></thead>\n<tbody>\n");
    for (guint i = 0; i < mg->top_accounts->len; i++) {
      const AuditMigrationAccount *a = &g_array_index(mg->top_accounts, AuditMigrationAccount, i);
      out(h, "<tr><th scope=\"row\">");
      html_text(h, audit_text(acc, (guint)a->account, ACCOUNT_NAME));
      out(h, "</th><td class=\"num\">");
      out_count(h, a->leads);
      out(h, "</td></tr>\n");
    }
    out(h, "</tbody></table>\n");
  }
  out(h, "</div>\n");
}

/* The checks that did not run, by reason, under the cards: "0 errors" means
 * little when the contact-role checks were skipped for want of a file. */
static void write_skipped_line(Html *h)
{
  const AuditResult *r = h->r;
  g_autoptr(GPtrArray) reasons = g_ptr_array_new();
  for (guint i = 0; i < audit_registry_size; i++)
    if (!r->sinks[i] && !g_ptr_array_find_with_equal_func(reasons, r->skip_reasons[i], g_str_equal, NULL))
      g_ptr_array_add(reasons, r->skip_reasons[i]);
  if (!reasons->len)
    return;
  out(h, "<div class=\"notices skipped\" role=\"note\"><p><strong>Not run:</strong></p>\n<ul>\n");
  for (guint k = 0; k < reasons->len; k++) {
    out(h, "<li>");
    html_text(h, reasons->pdata[k]);
    out(h, ": ");
    guint n = 0;
    for (guint i = 0; i < audit_registry_size; i++)
      if (!r->sinks[i] && strcmp(r->skip_reasons[i], reasons->pdata[k]) == 0)
        outf(h, "%s<code>%s</code>", n++ ? ", " : "", audit_registry[i]->id);
    out(h, "</li>\n");
  }
  out(h, "</ul>\n</div>\n");
}

static void write_summary(Html *h)
{
  const AuditResult *r = h->r;
  guint total = 0;
  for (guint s = 0; s < AUDIT_SEV_COUNT; s++)
    total += r->counts[s];
  out(h, "<section id=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n"
         "<ul class=\"cards\">\n");
  for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
    outf(h, "<li class=\"card sev-%s\"><span class=\"glyph\" aria-hidden=\"true\">%s</span> <span class=\"num\" "
            "data-severity=\"%s\">",
         audit_severity_name((AuditSeverity)s), sev_glyph[s], audit_severity_name((AuditSeverity)s));
    out_count(h, r->counts[s]);
    outf(h, "</span> <span class=\"what\">%s</span></li>\n", r->counts[s] == 1 && s != AUDIT_SEV_INFO
                                                               ? audit_severity_name((AuditSeverity)s)
                                                               : sev_plural[s]);
  }
  out(h, "<li class=\"card total\"><span class=\"num\" data-severity=\"total\">");
  out_count(h, total);
  outf(h, "</span> <span class=\"what\">finding%s in all</span></li>\n</ul>\n", total == 1 ? "" : "s");
  write_skipped_line(h);
  if (r->baseline) {
    out(h, "<p class=\"trend-line\" id=\"trend\">Since the baseline (<code>");
    html_text(h, audit_baseline_path(r->baseline));
    out(h, "</code>): <strong data-trend=\"new\">");
    out_count(h, r->trend.new_);
    out(h, "</strong> new, <strong data-trend=\"persisting\">");
    out_count(h, r->trend.persisting);
    out(h, "</strong> persisting, <strong data-trend=\"fixed\">");
    out_count(h, r->trend.fixed);
    out(h, "</strong> fixed since the last run (their records still here, the problem gone); <strong "
           "data-trend=\"gone\">");
    out_count(h, r->trend.gone);
    out(h, "</strong> gone with their records, <strong data-trend=\"aged\">");
    out_count(h, r->trend.aged);
    out(h, "</strong> aged out of their check's window.</p>\n");
    if (r->gone->len) {
      /* which ones: the weekly review checks them off */
      const guint cap = 500;
      outf(h, "<details class=\"gone\"><summary>The %u finding%s of the baseline not reported now</summary>\n"
              "<div class=\"wrap\"><table class=\"analytics\"><caption>Not reported now%s</caption>\n<thead><tr>"
              "<th scope=\"col\">Check</th><th scope=\"col\">Record</th><th scope=\"col\">Why</th>"
              "<th scope=\"col\">Message then</th></tr></thead>\n<tbody>\n",
           r->gone->len, r->gone->len == 1 ? "" : "s", r->gone->len > cap ? " (the first 500; findings.json has all)" : "");
      for (guint i = 0; i < r->gone->len && i < cap; i++) {
        const AuditGoneFinding *g = &g_array_index(r->gone, AuditGoneFinding, i);
        out(h, "<tr><td><code>");
        html_text(h, g->f.check);
        out(h, "</code></td><th scope=\"row\"><span class=\"id\">");
        html_text(h, g->f.object);
        out(h, " ");
        html_text(h, g->f.record);
        out(h, "</span></th><td>");
        html_text(h, g->as);
        out(h, "</td><td>");
        html_text(h, g->f.message);
        out(h, "</td></tr>\n");
      }
      out(h, "</tbody></table></div></details>\n");
    }
  }
  write_chart(h);
  write_migration(h);
  out(h, "</section>\n");
}

static void write_check_row(Html *h, guint i)
{
  const AuditResult *r = h->r;
  const AuditCheck *c = audit_registry[i];
  AuditSeverity sev = r->config->checks[i].severity;
  guint n = check_count(r, i);
  out(h, n ? "<tr class=\"has\">" : "<tr>");
  if (n)
    outf(h, "<th scope=\"row\"><a href=\"#check-%s\"><code>%s</code></a></th>", c->id, c->id);
  else
    outf(h, "<th scope=\"row\"><code>%s</code></th>", c->id);
  out(h, "<td>");
  html_text(h, c->title);
  outf(h, "</td><td data-v=\"%d\">", (int)sev);
  out_severity(h, sev);
  if (r->sinks[i]) {
    outf(h, "</td><td class=\"num\" data-v=\"%u\">", n);
    out_count(h, n);
    out(h, "</td><td>ran</td></tr>\n");
  } else {
    out(h, "</td><td class=\"num\" data-v=\"-1\">\xe2\x80\x94</td><td>skipped: ");
    html_text(h, r->skip_reasons[i]);
    out(h, "</td></tr>\n");
  }
}

/* Every check: those that ran first, then the skipped ones with the reason,
 * each in catalogue order. */
static void write_checks_table(Html *h)
{
  const AuditResult *r = h->r;
  out(h, "<section id=\"checks\" aria-labelledby=\"checks-title\">\n<h2 id=\"checks-title\">Checks</h2>\n"
         "<div class=\"wrap\"><table class=\"sortable\">\n<thead><tr><th scope=\"col\">Check</th><th scope=\"col\">"
         "What it flags</th><th scope=\"col\">Severity</th><th scope=\"col\" class=\"num\">Findings</th>"
         "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
  for (guint i = 0; i < audit_registry_size; i++)
    if (r->sinks[i])
      write_check_row(h, i);
  for (guint i = 0; i < audit_registry_size; i++)
    if (!r->sinks[i])
      write_check_row(h, i);
  out(h, "</tbody>\n</table></div>\n</section>\n");
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
  out(h, "<section id=\"owners\" aria-labelledby=\"owners-title\">\n<h2 id=\"owners-title\">By owner</h2>\n");
  if (!r->owners->len) {
    out(h, "<p>No findings.</p>\n</section>\n");
    return;
  }
  out(h, "<p>The owner of each finding's record (a contact role's is its opportunity's), with their findings per "
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
    outf(h, "<tr data-owner=\"%u\"><th scope=\"row\">", o);
    html_text(h, owner_label(c));
    if (c->active == 0)
      out(h, " <span class=\"inactive\">inactive user: reassign</span>");
    if (c->name) {
      out(h, "<span class=\"id\">");
      html_text(h, c->owner);
      out(h, "</span>");
    } else if (*c->owner) {
      out(h, "<span class=\"id\">not a user in the export</span>");
    }
    out(h, "</th>");
    for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
      outf(h, "<td class=\"num\" data-v=\"%u\">", c->n[s]);
      out_count(h, c->n[s]);
      out(h, "</td>");
    }
    outf(h, "<td class=\"num\" data-v=\"%u\">", c->total);
    out_count(h, c->total);
    out(h, "</td><td><ul class=\"per-check\">");
    for (guint i = 0; i < audit_registry_size; i++) {
      guint n = h->owner_check[(gsize)o * audit_registry_size + i];
      if (n) {
        outf(h, "<li><a href=\"#check-%s\">%s</a> ", audit_registry[i]->id, audit_registry[i]->id);
        out_count(h, n);
        out(h, "</li>");
      }
    }
    out(h, "</ul></td></tr>\n");
  }
  out(h, "</tbody>\n</table></div>\n</section>\n");
}

/* ---- the findings ---- */

static void write_row(Html *h, const AuditSink *s, const AuditFinding *f)
{
  const AuditModel *m = h->m;
  const char *id = audit_finding_record_id(s, f);
  const char *name = f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, h->name_buf, sizeof h->name_buf)
                                 : AUDIT_NO_RECORD_LABEL;
  outf(h, "<tr class=\"sev-%s\"><td>", audit_severity_name(f->severity));
  out_severity(h, f->severity);
  out(h, "</td><th scope=\"row\">");
  gboolean linked = audit_record_link((const char *const *)h->url_parts, id, h->link);
  if (linked) {
    out(h, "<a href=\"");
    html_text(h, h->link->str);
    out(h, "\" rel=\"noreferrer\">");
  }
  html_crm(h, *name ? name : *id ? id : "(no Id)");
  if (linked)
    out(h, "</a>");
  outf(h, "<span class=\"id\">%s ", audit_object_name(f->object));
  html_text(h, id);
  out(h, "</span></th><td>");
  gint oi = owner_index(h->r, finding_owner(m, f));
  const AuditOwnerCount *oc = oi >= 0 ? &g_array_index(h->r->owners, AuditOwnerCount, oi) : NULL;
  html_crm(h, oc ? owner_label(oc) : "");
  if (oc && oc->name) {
    out(h, "<span class=\"id\">");
    html_text(h, oc->owner);
    out(h, "</span>");
  }
  out(h, "</td><td>");
  if (f->trend == AUDIT_TREND_NEW)
    out(h, "<span class=\"trend new\">new</span> ");
  html_crm(h, f->message);
  out(h, "</td><td>");
  if (f->ev_n) {
    out(h, "<ul class=\"ev\">");
    for (guint i = 0; i < f->ev_n; i++) {
      const AuditValue *v = audit_finding_evidence(s, f, i);
      out(h, "<li><span class=\"k\">");
      html_text(h, v->key);
      out(h, "</span> ");
      html_crm(h, value_text(s, v, h->tmp));
      out(h, "</li>");
    }
    out(h, "</ul>");
  }
  out(h, "</td><td>");
  if (f->fix_text)
    html_crm(h, f->fix_text);
  if (f->fix_action) {
    out(h, "<span class=\"action\">import: ");
    html_text(h, f->fix_action);
    out(h, "</span>");
  }
  out(h, "</td></tr>\n");
}

static void write_check_section(Html *h, guint i)
{
  const AuditResult *r = h->r;
  const AuditCheck *c = audit_registry[i];
  const AuditSink *s = r->sinks[i];
  guint n = audit_sink_count(s), in_data = MIN(n, h->rows), plain = MIN(in_data, HTML_PLAIN_ROWS);
  AuditSeverity sev = r->config->checks[i].severity;
  outf(h, "<section class=\"check\" id=\"check-%s\" data-check=\"%s\" aria-labelledby=\"title-%s\">\n", c->id, c->id,
       c->id);
  outf(h, "<h3 id=\"title-%s\">", c->id);
  out_severity(h, sev);
  outf(h, " <code>%s</code>: ", c->id);
  html_text(h, c->title);
  out(h, "</h3>\n<p class=\"rationale\">");
  html_text(h, c->rationale);
  out(h, "</p>\n");
  if (c->fix) {
    out(h, "<p class=\"fixdesc\"><strong>Fix:</strong> ");
    html_text(h, c->fix);
    out(h, "</p>\n");
  }
  out(h, "<p class=\"count\">");
  out_count(h, n);
  outf(h, " finding%s", n == 1 ? "" : "s");
  if (in_data == 0) {
    out(h, "; this report lists none of them (<code>--html-rows 0</code>): report.xlsx and findings.json have them "
           "all");
  } else if (in_data < n) {
    out(h, "; this report holds the first ");
    out_count(h, in_data);
    out(h, " (<code>--html-rows</code>): report.xlsx and findings.json have them all");
  }
  out(h, ".</p>\n");
  if (plain < in_data) {
    out(h, "<noscript><p class=\"note\">Without JavaScript this page shows the first ");
    out_count(h, plain);
    out(h, " rows; turn it on for ");
    out_count(h, in_data);
    out(h, ", or open report.xlsx.</p></noscript>\n");
  }
  if (!in_data) {
    out(h, "</section>\n");
    return;
  }
  outf(h, "<p class=\"status\" role=\"status\" hidden></p>\n<div class=\"wrap\"><table class=\"findings\">\n"
          "<caption class=\"vh\">Findings of %s</caption>\n<thead><tr><th scope=\"col\" data-key=\"sev\">Severity</th>"
          "<th scope=\"col\" data-key=\"record\">Record</th><th scope=\"col\" data-key=\"owner\">Owner</th>"
          "<th scope=\"col\" data-key=\"message\">Message</th><th scope=\"col\" data-key=\"evidence\">Evidence</th>"
          "<th scope=\"col\" data-key=\"fix\">Suggested fix</th></tr></thead>\n<tbody>\n",
       c->id);
  for (guint k = 0; k < plain; k++)
    write_row(h, s, audit_sink_get(s, k));
  out(h, "</tbody>\n</table></div>\n<div class=\"more\"></div>\n</section>\n");
}


/* ---- analytics: coverage and win-loss ---- */

static void out_share(Html *h, guint a, guint b)
{
  if (!b)
    out(h, "\xe2\x80\x94"); /* — */
  else
    outf(h, "%.0f%%", 100.0 * a / b);
}

static void out_avg(Html *h, guint a, guint b)
{
  if (!b)
    out(h, "\xe2\x80\x94");
  else
    outf(h, "%.1f", (double)a / b);
}

/* Grouped horizontal bars: for each label, two shares (0..1) in two series;
 * a share that is not known (NAN) is said so, with no bar. */
static void write_pair_chart(Html *h, const char *id, const char *title, const char *const *labels,
                             const double *a, const double *b, guint n, const char *name_a, const char *name_b,
                             const char *cls_a, const char *cls_b)
{
  const guint group = 40, label = 220, bar = 360, width = label + bar + 70;
  outf(h, "<figure class=\"pairs\"><figcaption id=\"%s-title\">%s <span class=\"legend\"><span class=\"key %s\">"
          "\xe2\x96\xa0 %s</span> <span class=\"key %s\">\xe2\x96\xa8 %s</span></span></figcaption>\n",
       id, title, cls_a, name_a, cls_b, name_b);
  outf(h, "<svg class=\"chart\" viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" role=\"img\" "
          "aria-labelledby=\"%s-title %s-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<desc id=\"%s-desc\">",
       width, n * group + 8, width, n * group + 8, id, id, id);
  for (guint k = 0; k < n; k++) {
    if (k)
      out(h, "; ");
    html_text(h, labels[k]);
    if (isnan(b[k]))
      outf(h, ": %s %.0f%%, %s unknown", name_a, 100 * a[k], name_b);
    else
      outf(h, ": %s %.0f%%, %s %.0f%%", name_a, 100 * a[k], name_b, 100 * b[k]);
  }
  out(h, "</desc>\n");
  for (guint k = 0; k < n; k++) {
    guint y = 4 + k * group;
    out(h, "<text class=\"label\" x=\"");
    outf(h, "%u\" y=\"%u\" text-anchor=\"end\">", label - 10, y + group / 2 + 2);
    html_text(h, labels[k]);
    out(h, "</text>");
    const double v[2] = {a[k], b[k]};
    const char *cls[2] = {cls_a, cls_b}, *name[2] = {name_a, name_b};
    for (guint j = 0; j < 2; j++) {
      guint yy = y + 2 + j * 17;
      if (isnan(v[j])) {
        outf(h, "<text class=\"value\" x=\"%u\" y=\"%u\">unknown</text>", label + 6, yy + 12);
        continue;
      }
      guint w = (guint)(bar * v[j] + 0.5);
      /* the second series hatched, so that colour is not the only cue (an SVG reference, not CSS) */
      outf(h, "<rect class=\"bar %s\"%s x=\"%u\" y=\"%u\" width=\"%u\" height=\"15\"><title>%s: %.0f%%</title></rect>"
              "<text class=\"value\" x=\"%u\" y=\"%u\">%.0f%%</text>",
           cls[j], j ? " fill=\"url(#hatch)\"" : "", label, yy, MAX(w, 1u), name[j], 100 * v[j], label + w + 6,
           yy + 12, 100 * v[j]);
    }
    out(h, "\n");
  }
  out(h, "</svg></figure>\n");
}

#define PRIMARY_UNKNOWN "unknown (no IsPrimary column)"

static void coverage_row(Html *h, const char *label, const AuditCoverageRow *c, gboolean primary_unknown)
{
  out(h, "<tr><th scope=\"row\">");
  html_text(h, label);
  outf(h, "</th><td class=\"num\">%u</td><td class=\"num\">", c->open);
  out_share(h, c->with_role, c->open);
  out(h, "</td><td class=\"num\">");
  if (primary_unknown)
    out(h, PRIMARY_UNKNOWN);
  else
    out_share(h, c->with_primary, c->open);
  out(h, "</td><td class=\"num\">");
  out_avg(h, c->committee, c->open);
  out(h, "</td></tr>\n");
}

static void coverage_table(Html *h, const char *caption, const char *first, GArray *rows, gboolean primary_unknown)
{
  outf(h, "<div class=\"wrap\"><table class=\"analytics\"><caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
          "<th scope=\"col\">Open</th><th scope=\"col\">With a contact role</th><th scope=\"col\">With a primary</th>"
          "<th scope=\"col\">Average committee</th></tr></thead>\n<tbody>\n",
       caption, first);
  for (guint i = 0; i < rows->len; i++) {
    const AuditCoverageRow *c = &g_array_index(rows, AuditCoverageRow, i);
    coverage_row(h, c->label, c, primary_unknown);
  }
  out(h, "</tbody></table></div>\n");
}

static void write_coverage(Html *h)
{
  const AuditAnalytics *a = h->r->analytics;
  if (!a || !a->have_opportunities)
    return;
  const AuditCoverage *c = &a->coverage;
  out(h, "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\"><defs>"
         "<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
         "<rect width=\"6\" height=\"6\" class=\"hatch-bg\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
         "class=\"hatch-line\"/></pattern></defs></svg>\n");
  out(h, "<section id=\"coverage\" aria-labelledby=\"coverage-title\">\n<h2 id=\"coverage-title\">Contact-role "
         "coverage</h2>\n<p class=\"lead\">");
  outf(h, "Of <strong>%u</strong> open opportunities, <strong>", c->all.open);
  out_share(h, c->all.with_role, c->all.open);
  if (c->primary_unknown)
    out(h, "</strong> have at least one contact role (the share with a primary is <strong>" PRIMARY_UNKNOWN
           "</strong>); the average buying committee (contacts with a Role) is <strong>");
  else {
    out(h, "</strong> have at least one contact role and <strong>");
    out_share(h, c->all.with_primary, c->all.open);
    out(h, "</strong> a primary; the average buying committee (contacts with a Role) is <strong>");
  }
  out_avg(h, c->all.committee, c->all.open);
  outf(h, "</strong>. %u of their %u contact roles (", c->blank_roles, c->roles);
  out_share(h, c->blank_roles, c->roles);
  out(h, ") have no Role.</p>\n");
  guint n = c->by_stage->len;
  if (n) {
    const char **labels = g_new(const char *, n);
    double *ra = g_new(double, n), *rb = g_new(double, n);
    for (guint i = 0; i < n; i++) {
      const AuditCoverageRow *x = &g_array_index(c->by_stage, AuditCoverageRow, i);
      labels[i] = x->key;
      ra[i] = x->open ? (double)x->with_role / x->open : 0;
      rb[i] = c->primary_unknown ? NAN : x->open ? (double)x->with_primary / x->open : 0;
    }
    write_pair_chart(h, "coverage-chart", "Coverage per stage (are late stages better covered?)", labels, ra, rb, n,
                     "with a contact role", "with a primary", "s-a", "s-b");
    g_free(labels);
    g_free(ra);
    g_free(rb);
  }
  coverage_table(h, "Per stage, in the stage model's order", "Stage", c->by_stage, c->primary_unknown);
  coverage_table(h, "Per owner", "Owner", c->by_owner, c->primary_unknown);
  if (c->by_segment->len)
    coverage_table(h, "Per segment", "Segment", c->by_segment, c->primary_unknown);
  out(h, "</section>\n");
}

static void side_cells(Html *h, const AuditSide *won, const AuditSide *lost, int what)
{
  const AuditSide *s[2] = {won, lost};
  for (guint k = 0; k < 2; k++) {
    out(h, "<td class=\"num\">");
    switch (what) {
    case 0: outf(h, "%u", s[k]->deals); break;
    case 1: out_avg(h, s[k]->committee, s[k]->deals); break;
    case 2: outf(h, "%u", s[k]->engaged); break;
    case 3: out_avg(h, s[k]->engaged_members, s[k]->deals); break;
    }
    out(h, "</td>");
  }
}

static void write_win_loss(Html *h)
{
  const AuditAnalytics *a = h->r->analytics;
  if (!a || !a->have_opportunities)
    return;
  const AuditWinLoss *w = &a->win_loss;
  const AuditWinLossPart *all = &g_array_index(w->parts, AuditWinLossPart, 0);
  char from[11], to[11];
  audit_day_format(w->from, from);
  audit_day_format(w->to, to);
  outf(h, "<section id=\"win-loss\" aria-labelledby=\"win-loss-title\">\n<h2 id=\"win-loss-title\">Win-loss buying "
          "committee</h2>\n<p class=\"lead\">Deals closed from %s to %s: <strong>%u won</strong> and <strong>%u "
          "lost</strong>. Engagement counts Task and Event rows with each contact in the %d days up to the close "
          "date.</p>\n",
       from, to, all->won.deals, all->lost.deals, AUDIT_WIN_LOSS_ENGAGED_DAYS);
  if (w->unreadable_close)
    outf(h, "<p class=\"warn\" role=\"note\"><strong>Left out:</strong> %u closed deal%s without a readable "
            "CloseDate (see record-invalid-value).</p>\n",
         w->unreadable_close, w->unreadable_close == 1 ? "" : "s");
  if (!all->won.deals || !all->lost.deals)
    outf(h, "<p class=\"warn\" role=\"note\"><strong>Nothing to compare:</strong> no %s deal closed in the "
            "period; choose another with --period.</p>\n",
         all->won.deals ? "lost" : "won");
  else if (all->won.deals < w->small_sample || all->lost.deals < w->small_sample)
    outf(h, "<p class=\"warn\" role=\"note\"><strong>Small sample:</strong> fewer than %u deals on a side; read "
            "the differences as hints, not findings.</p>\n",
         w->small_sample);
  out(h, "<div class=\"wrap\"><table class=\"analytics\"><caption>Won and lost side by side</caption>\n<thead><tr>"
         "<th scope=\"col\">Measure</th><th scope=\"col\">Won</th><th scope=\"col\">Lost</th></tr></thead>\n<tbody>\n");
  static const char *const measures[] = {"Deals", "Average committee (contacts with a Role)",
                                         "Distinct contacts engaged", "Average contacts engaged per deal"};
  for (int k = 0; k < 4; k++) {
    outf(h, "<tr><th scope=\"row\">%s</th>", measures[k]);
    side_cells(h, &all->won, &all->lost, k);
    out(h, "</tr>\n");
  }
  for (guint i = 0; i < w->roles->len; i++) {
    const char *role = w->roles->pdata[i];
    const AuditRoleStat *sw = audit_side_role(&all->won, role), *sl = audit_side_role(&all->lost, role);
    out(h, "<tr><th scope=\"row\">Deals with the role ");
    html_text(h, role);
    out(h, "</th><td class=\"num\">");
    out_share(h, sw ? sw->deals : 0, all->won.deals);
    out(h, "</td><td class=\"num\">");
    out_share(h, sl ? sl->deals : 0, all->lost.deals);
    out(h, "</td></tr>\n<tr><th scope=\"row\">Activities per holder of ");
    html_text(h, role);
    out(h, " (90 days)</th><td class=\"num\">");
    out_avg(h, sw ? sw->activities : 0, sw ? sw->holders : 0);
    out(h, "</td><td class=\"num\">");
    out_avg(h, sl ? sl->activities : 0, sl ? sl->holders : 0);
    out(h, "</td></tr>\n");
  }
  for (int lvl = AUDIT_SENIORITY_LEVELS - 1; lvl >= 0; lvl--) {
    outf(h, "<tr><th scope=\"row\">Committee members: %s</th><td class=\"num\">",
         lvl ? audit_seniority_name((AuditSeniority)lvl) : "no title");
    out_share(h, all->won.seniority[lvl], all->won.members);
    out(h, "</td><td class=\"num\">");
    out_share(h, all->lost.seniority[lvl], all->lost.members);
    out(h, "</td></tr>\n");
  }
  out(h, "</tbody></table></div>\n");
  guint n = all->won.deals && all->lost.deals ? w->roles->len : 0; /* a side with no deal has no share to draw */
  if (n) {
    double *ra = g_new(double, n), *rb = g_new(double, n);
    for (guint i = 0; i < n; i++) {
      const AuditRoleStat *sw = audit_side_role(&all->won, w->roles->pdata[i]);
      const AuditRoleStat *sl = audit_side_role(&all->lost, w->roles->pdata[i]);
      ra[i] = sw && all->won.deals ? (double)sw->deals / all->won.deals : 0;
      rb[i] = sl && all->lost.deals ? (double)sl->deals / all->lost.deals : 0;
    }
    write_pair_chart(h, "roles-chart", "Share of deals with each buying role", (const char *const *)w->roles->pdata,
                     ra, rb, n, "won", "lost", "won", "lost");
    g_free(ra);
    g_free(rb);
  }
  for (int won = 1; won >= 0; won--) {
    GPtrArray *ps = audit_win_loss_personas(w, won, 15);
    outf(h, "<h3>Titles in %s deals only%s</h3>\n", won ? "won" : "lost",
         won ? " (personas to prospect)" : "");
    if (!ps->len)
      out(h, "<p>None.</p>\n");
    else {
      out(h, "<ul class=\"personas\">");
      for (guint i = 0; i < ps->len; i++) {
        const AuditPersona *p = ps->pdata[i];
        out(h, "<li>");
        html_text(h, p->title);
        guint c = won ? p->won : p->lost;
        outf(h, " <span class=\"n\">(%u deal%s)</span></li>", c, c == 1 ? "" : "s");
      }
      out(h, "</ul>\n");
    }
    g_ptr_array_unref(ps);
  }
  if (w->parts->len > 1) {
    out(h, "<div class=\"wrap\"><table class=\"analytics\"><caption>Per segment</caption>\n<thead><tr><th "
           "scope=\"col\">Segment</th><th scope=\"col\">Won</th><th scope=\"col\">Lost</th><th scope=\"col\">Average "
           "committee, won</th><th scope=\"col\">Average committee, lost</th></tr></thead>\n<tbody>\n");
    for (guint p = 1; p < w->parts->len; p++) {
      const AuditWinLossPart *part = &g_array_index(w->parts, AuditWinLossPart, p);
      out(h, "<tr><th scope=\"row\">");
      html_text(h, part->segment);
      outf(h, "</th><td class=\"num\">%u</td><td class=\"num\">%u</td><td class=\"num\">", part->won.deals,
           part->lost.deals);
      out_avg(h, part->won.committee, part->won.deals);
      out(h, "</td><td class=\"num\">");
      out_avg(h, part->lost.committee, part->lost.deals);
      out(h, "</td></tr>\n");
    }
    out(h, "</tbody></table></div>\n");
  }
  out(h, "</section>\n");
}

static void write_filters(Html *h)
{
  const AuditResult *r = h->r;
  out(h, "<form id=\"filters\" class=\"filters\" role=\"search\" aria-label=\"Filter the findings\" hidden>\n"
         "<label>Severity <select id=\"f-sev\"><option value=\"\">all</option>");
  for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--)
    outf(h, "<option value=\"%d\">%s</option>", s, audit_severity_name((AuditSeverity)s));
  out(h, "</select></label>\n<label>Check <select id=\"f-check\"><option value=\"\">all</option>");
  for (guint i = 0; i < audit_registry_size; i++)
    if (check_count(r, i))
      outf(h, "<option value=\"%s\">%s</option>", audit_registry[i]->id, audit_registry[i]->id);
  out(h, "</select></label>\n<label>Owner <select id=\"f-owner\"><option value=\"\">all</option>");
  for (guint o = 0; o < r->owners->len; o++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, o);
    outf(h, "<option value=\"%u\">", o);
    html_text(h, owner_label(c));
    out(h, "</option>");
  }
  out(h, "</select></label>\n");
  if (r->baseline)
    out(h, "<label>Since the baseline <select id=\"f-trend\"><option value=\"\">all</option>"
           "<option value=\"1\">new</option><option value=\"2\">persisting</option></select></label>\n");
  out(h, "<label>Search <input id=\"f-q\" type=\"search\" autocomplete=\"off\" "
         "placeholder=\"name, Id, message\xe2\x80\xa6\"></label>\n"
         "<button type=\"button\" id=\"f-clear\">Clear filters</button>\n</form>\n"
         "<p id=\"f-status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n");
}

static void write_findings(Html *h)
{
  const AuditResult *r = h->r;
  out(h, "<section id=\"findings\" aria-labelledby=\"findings-title\" tabindex=\"-1\">\n"
         "<h2 id=\"findings-title\">Findings</h2>\n");
  write_filters(h);
  guint any = 0;
  for (guint i = 0; i < audit_registry_size; i++)
    if (check_count(r, i)) {
      write_check_section(h, i);
      any++;
    }
  if (!any)
    out(h, "<p>No findings.</p>\n");
  out(h, "</section>\n");
}

/* Evidence keys and fix texts repeat from row to row: the data island says
 * each once, in "strings", and the rows give its index. */
static guint intern(Html *h, const char *s)
{
  gpointer at = g_hash_table_lookup(h->intern, s);
  if (at)
    return GPOINTER_TO_UINT(at) - 1;
  g_ptr_array_add(h->strings, (gpointer)s);
  g_hash_table_insert(h->intern, (gpointer)s, GUINT_TO_POINTER(h->strings->len));
  return h->strings->len - 1;
}

/* The script's data: each check's first rows, compactly. A row is
 * [severity, object, record Id, record name, owner index, message,
 *  [evidence key's string, value, ...], fix text's string, fix action's string],
 * a string being an index into "strings" (0 is ""). */
static void write_data(Html *h)
{
  const AuditResult *r = h->r;
  const AuditModel *m = h->m;
  out(h, "<script id=\"audit-data\" type=\"application/json\">");
  AuditJson w;
  audit_json_init(&w, h->fp, 4);
  audit_json_begin_object(&w);
  audit_json_key(&w, "rows");
  audit_json_int(&w, h->rows);
  audit_json_key(&w, "baseline");
  audit_json_bool(&w, r->baseline != NULL);
  audit_json_key(&w, "plain");
  audit_json_int(&w, HTML_PLAIN_ROWS);
  audit_json_key(&w, "severities");
  audit_json_begin_array(&w);
  for (guint s = 0; s < AUDIT_SEV_COUNT; s++)
    audit_json_string(&w, audit_severity_name((AuditSeverity)s));
  audit_json_end_array(&w);
  audit_json_key(&w, "objects");
  audit_json_begin_array(&w);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    audit_json_string(&w, audit_object_name((AuditObject)o));
  audit_json_end_array(&w);
  audit_json_key(&w, "record_url");
  if (h->url_parts) {
    audit_json_begin_array(&w);
    for (guint i = 0; h->url_parts[i]; i++)
      audit_json_string(&w, h->url_parts[i]);
    audit_json_end_array(&w);
  } else {
    audit_json_null(&w);
  }
  audit_json_key(&w, "owners");
  audit_json_begin_array(&w);
  for (guint o = 0; o < r->owners->len; o++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, o);
    audit_json_begin_array(&w);
    audit_json_string(&w, c->owner);
    if (c->name)
      audit_json_string(&w, c->name);
    else
      audit_json_null(&w);
    audit_json_end_array(&w);
  }
  audit_json_end_array(&w);
  audit_json_key(&w, "checks");
  audit_json_begin_array(&w);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    if (!check_count(r, i))
      continue;
    audit_json_begin_object(&w);
    audit_json_key(&w, "id");
    audit_json_string(&w, audit_registry[i]->id);
    audit_json_key(&w, "total");
    audit_json_int(&w, audit_sink_count(s));
    audit_json_key(&w, "rows");
    audit_json_begin_array(&w);
    guint n = MIN(audit_sink_count(s), h->rows);
    for (guint k = 0; k < n; k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      audit_json_begin_array(&w);
      audit_json_int(&w, f->severity);
      audit_json_int(&w, f->object);
      audit_json_string(&w, audit_finding_record_id(s, f));
      audit_json_string(&w, f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, h->name_buf,
                                                            sizeof h->name_buf)
                                        : AUDIT_NO_RECORD_LABEL);
      audit_json_int(&w, owner_index(r, finding_owner(m, f)));
      audit_json_string(&w, f->message);
      audit_json_begin_array(&w);
      for (guint e = 0; e < f->ev_n; e++) {
        const AuditValue *v = audit_finding_evidence(s, f, e);
        audit_json_int(&w, intern(h, v->key));
        audit_json_string(&w, value_text(s, v, h->tmp));
      }
      audit_json_end_array(&w);
      audit_json_int(&w, intern(h, f->fix_text ? f->fix_text : ""));
      audit_json_int(&w, intern(h, f->fix_action ? f->fix_action : ""));
      audit_json_int(&w, f->trend);
      audit_json_end_array(&w);
    }
    audit_json_end_array(&w);
    audit_json_end_object(&w);
  }
  audit_json_end_array(&w);
  audit_json_key(&w, "strings");
  audit_json_begin_array(&w);
  for (guint i = 0; i < h->strings->len; i++)
    audit_json_string(&w, h->strings->pdata[i]);
  audit_json_end_array(&w);
  audit_json_end_object(&w);
  audit_json_clear(&w);
  out(h, "</script>\n");
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
  intern(&h, "");
  count_owner_checks(&h);
  write_head(&h);
  write_header(&h);
  out(&h, "<main>\n");
  write_summary(&h);
  write_checks_table(&h);
  write_owners(&h);
  write_coverage(&h);
  write_win_loss(&h);
  write_findings(&h);
  out(&h, "</main>\n<footer><p>Written by crm-audit " CRM_AUDIT_VERSION
          ". Every finding, with its related records and fix fields, is in findings.json and report.xlsx; "
          "importable fixes are in fixes/.</p></footer>\n");
  write_data(&h);
  out(&h, "<script>");
  out(&h, audit_report_js);
  out(&h, "</script>\n</body>\n</html>\n");
  g_strfreev(h.url_parts);
  g_string_free(h.link, TRUE);
  g_string_free(h.tmp, TRUE);
  g_free(h.owner_check);
  g_hash_table_unref(h.intern);
  g_ptr_array_unref(h.strings);
  return TRUE;
}
