#include "json-writer.h"

#include <math.h>
#include <string.h>

void audit_json_init(AuditJson *w, FILE *fp, guint pretty_depth)
{
  memset(w, 0, sizeof *w);
  w->fp = fp;
  w->pretty_depth = pretty_depth;
  w->first[0] = TRUE;
  w->scratch = g_string_sized_new(256);
}

void audit_json_clear(AuditJson *w)
{
  if (w->scratch)
    g_string_free(w->scratch, TRUE);
  w->scratch = NULL;
}

static void newline(AuditJson *w)
{
  fputc('\n', w->fp);
  for (guint i = 0; i < w->depth; i++)
    fputs("  ", w->fp);
}

/* Before a value or a key: the comma and the line break. */
static void separate(AuditJson *w)
{
  if (w->after_key) {
    w->after_key = FALSE;
    return;
  }
  if (!w->first[w->depth])
    fputc(',', w->fp);
  if (w->depth > 0 && w->depth <= w->pretty_depth)
    newline(w);
  else if (!w->first[w->depth])
    fputc(' ', w->fp);
  w->first[w->depth] = FALSE;
}

static void container_open(AuditJson *w, char c)
{
  separate(w);
  fputc(c, w->fp);
  g_assert(w->depth + 1 < G_N_ELEMENTS(w->first));
  w->depth++;
  w->first[w->depth] = TRUE;
}

static void container_close(AuditJson *w, char c)
{
  gboolean empty = w->first[w->depth];
  w->depth--;
  if (!empty && w->depth < w->pretty_depth)
    newline(w);
  fputc(c, w->fp);
}

void audit_json_begin_object(AuditJson *w)
{
  container_open(w, '{');
}

void audit_json_end_object(AuditJson *w)
{
  container_close(w, '}');
}

void audit_json_begin_array(AuditJson *w)
{
  container_open(w, '[');
}

void audit_json_end_array(AuditJson *w)
{
  container_close(w, ']');
}

void audit_json_escape(GString *out, const char *s)
{
  const char *p = s;
  while (*p) {
    guchar c = (guchar)*p;
    if (c < 0x80) {
      switch (c) {
      case '"': g_string_append(out, "\\\""); break;
      case '\\': g_string_append(out, "\\\\"); break;
      case '\n': g_string_append(out, "\\n"); break;
      case '\r': g_string_append(out, "\\r"); break;
      case '\t': g_string_append(out, "\\t"); break;
      case '<': g_string_append(out, "\\u003c"); break;
      case '>': g_string_append(out, "\\u003e"); break;
      case '&': g_string_append(out, "\\u0026"); break;
      default:
        if (c < 0x20 || c == 0x7f)
          g_string_append_printf(out, "\\u%04x", c);
        else
          g_string_append_c(out, (char)c);
      }
      p++;
      continue;
    }
    gunichar u = g_utf8_get_char_validated(p, -1);
    if (u == (gunichar)-1 || u == (gunichar)-2) {
      g_string_append(out, "\\ufffd");
      p++;
      continue;
    }
    if (u == 0x2028 || u == 0x2029)
      g_string_append_printf(out, "\\u%04x", u);
    else
      g_string_append_len(out, p, g_utf8_next_char(p) - p);
    p = g_utf8_next_char(p);
  }
}

static void write_string(AuditJson *w, const char *s)
{
  GString *buf = w->scratch;
  g_string_truncate(buf, 0);
  g_string_append_c(buf, '"');
  audit_json_escape(buf, s);
  g_string_append_c(buf, '"');
  fwrite(buf->str, 1, buf->len, w->fp);
}

void audit_json_key(AuditJson *w, const char *key)
{
  separate(w);
  write_string(w, key);
  fputs(": ", w->fp);
  w->after_key = TRUE;
}

void audit_json_string(AuditJson *w, const char *s)
{
  separate(w);
  write_string(w, s ? s : "");
}

void audit_json_int(AuditJson *w, gint64 v)
{
  separate(w);
  fprintf(w->fp, "%" G_GINT64_FORMAT, v);
}

void audit_json_double(AuditJson *w, double v)
{
  separate(w);
  if (!isfinite(v)) {
    fputs("null", w->fp);
    return;
  }
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (v == floor(v) && fabs(v) < 1e15)
    g_snprintf(buf, sizeof buf, "%.0f", v);
  else {
    /* the shortest of 15 and 17 digits that reads back exactly */
    g_ascii_formatd(buf, sizeof buf, "%.15g", v);
    if (g_ascii_strtod(buf, NULL) != v)
      g_ascii_formatd(buf, sizeof buf, "%.17g", v);
  }
  if (strcmp(buf, "-0") == 0)
    strcpy(buf, "0");
  fputs(buf, w->fp);
}

void audit_json_fixed(AuditJson *w, double v, guint digits)
{
  if (!isfinite(v)) {
    audit_json_null(w);
    return;
  }
  separate(w);
  char format[16], buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf(format, sizeof format, "%%.%uf", digits);
  fputs(g_ascii_formatd(buf, sizeof buf, format, v), w->fp); /* never the locale's comma */
}

void audit_json_bool(AuditJson *w, gboolean v)
{
  separate(w);
  fputs(v ? "true" : "false", w->fp);
}

void audit_json_null(AuditJson *w)
{
  separate(w);
  fputs("null", w->fp);
}
