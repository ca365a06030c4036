#include "html-internal.h"

const char *const html_sev_glyph[AUDIT_SEV_COUNT] = {"\xe2\x97\x8f", "\xe2\x96\xb2", "\xe2\x9c\x96"};
const char *const html_sev_plural[AUDIT_SEV_COUNT] = {"info", "warnings", "errors"};

/* ---- text ---- */

void html_out(Html *h, const char *s)
{
  fputs(s, h->fp);
}

void html_outf(Html *h, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vfprintf(h->fp, fmt, ap);
  va_end(ap);
}

/* s as HTML text or attribute value: & < > " ' escaped, invalid UTF-8 and
 * control characters (but tab and line breaks) as U+FFFD. */
void html_text(Html *h, const char *s)
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

void html_crm(Html *h, const char *s)
{
  html_out(h, "<bdi>");
  html_text(h, s);
  html_out(h, "</bdi>");
}

/* 12,345 */
const char *html_count_text(guint64 n, char buf[32])
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

void html_out_count(Html *h, guint64 n)
{
  char buf[32];
  html_out(h, html_count_text(n, buf));
}

/* An evidence value as the report shows it. */
const char *html_value_text(const AuditSink *s, const AuditValue *v, GString *buf)
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

gint html_owner_index(const AuditResult *r, const char *owner)
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

const char *html_finding_owner(const AuditModel *m, const AuditFinding *f)
{
  return f->row >= 0 ? audit_record_owner(m, f->object, (guint)f->row) : "";
}

const char *html_owner_label(const AuditOwnerCount *c)
{
  return c->name ? c->name : *c->owner ? c->owner : "(no owner)";
}

void html_count_owner_checks(Html *h)
{
  const AuditResult *r = h->r;
  h->owner_check = g_new0(guint, (gsize)MAX(r->owners->len, 1) * audit_registry_size);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      gint o = html_owner_index(r, html_finding_owner(h->m, audit_sink_get(s, k)));
      if (o >= 0)
        h->owner_check[(gsize)o * audit_registry_size + i]++;
    }
  }
}

guint html_check_count(const AuditResult *r, guint i)
{
  return r->sinks[i] ? audit_sink_count(r->sinks[i]) : 0;
}

/* ---- pieces ---- */

void html_out_severity(Html *h, AuditSeverity s)
{
  html_outf(h, "<span class=\"sev sev-%s\"><span aria-hidden=\"true\">%s </span>%s</span>", audit_severity_name(s),
       html_sev_glyph[s], audit_severity_name(s));
}
