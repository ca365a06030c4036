#include "section.h"

#include <math.h>
#include <stdarg.h>

AuditSection *audit_section_new(const char *id, const char *title, const char *label, AuditSectionPlace place)
{
  AuditSection *s = g_new0(AuditSection, 1);
  s->id = g_strdup(id);
  s->title = g_strdup(title);
  s->label = g_strdup(label ? label : title);
  s->place = place;
  s->notes = g_array_new(FALSE, FALSE, sizeof(AuditSectionNote));
  s->tables = g_ptr_array_new();
  s->strings = g_string_chunk_new(1024);
  return s;
}

static void table_free(AuditSectionTable *t)
{
  g_strfreev(t->path);
  g_free(t->columns);
  g_array_unref(t->cells);
  g_free(t->chart);
  g_free(t);
}

void audit_section_free(AuditSection *s)
{
  if (!s)
    return;
  for (guint i = 0; i < s->tables->len; i++)
    table_free(s->tables->pdata[i]);
  g_ptr_array_unref(s->tables);
  g_array_unref(s->notes);
  g_string_chunk_free(s->strings);
  g_free(s->id);
  g_free(s->title);
  g_free(s->label);
  g_free(s->skipped);
  g_free(s);
}

void audit_section_note(AuditSection *s, AuditNoteKind kind, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *text = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  AuditSectionNote n = {kind, g_string_chunk_insert(s->strings, text)};
  g_array_append_val(s->notes, n);
}

void audit_section_skip(AuditSection *s, const char *why)
{
  g_return_if_fail(why && !s->tables->len);
  g_free(s->skipped);
  s->skipped = g_strdup(why);
  audit_section_note(s, AUDIT_NOTE_WARNING, "Not computed: %s.", why);
}

static const char *keep(AuditSection *s, const char *v)
{
  return v ? g_string_chunk_insert_const(s->strings, v) : NULL;
}

AuditSectionTable *audit_section_table(AuditSection *s, const char *const *path, const char *key, AuditShape shape,
                                       const char *title, const AuditSectionColumn *columns)
{
  AuditSectionTable *t = g_new0(AuditSectionTable, 1);
  t->key = keep(s, key);
  t->path = path && path[0] ? g_strdupv((char **)path) : NULL;
  t->shape = shape;
  t->title = keep(s, title);
  while (columns && (columns[t->ncols].key || columns[t->ncols].title))
    t->ncols++;
  t->columns = g_new0(AuditSectionColumn, MAX(t->ncols, 1));
  for (guint c = 0; c < t->ncols; c++)
    t->columns[c] = (AuditSectionColumn){keep(s, columns[c].key), keep(s, columns[c].title), columns[c].format};
  t->cells = g_array_new(FALSE, FALSE, sizeof(AuditCell));
  g_ptr_array_add(s->tables, t);
  return t;
}

void audit_section_chart(AuditSection *s, AuditSectionTable *t, const char *title, guint label, guint value1,
                         guint value2, gboolean by_rows)
{
  g_return_if_fail(label < t->ncols && value1 < t->ncols && value2 < t->ncols);
  g_free(t->chart);
  t->chart = g_new0(AuditSectionChart, 1);
  *t->chart = (AuditSectionChart){keep(s, title), label, {value1, value2}, by_rows};
}

/* Rows are implicit: a row is ncols cells. audit_section_row checks that the
 * previous one is whole. */
void audit_section_row(AuditSectionTable *t)
{
  g_return_if_fail(t->ncols && t->cells->len % t->ncols == 0);
}

static void add(AuditSectionTable *t, AuditCell c)
{
  g_array_append_val(t->cells, c);
}

void audit_cell_text(AuditSection *s, AuditSectionTable *t, const char *value)
{
  add(t, (AuditCell){.type = AUDIT_CELL_TEXT, .s = keep(s, value ? value : "")});
}

void audit_cell_int(AuditSectionTable *t, gint64 value)
{
  add(t, (AuditCell){.type = AUDIT_CELL_INT, .a = value});
}

void audit_cell_bool(AuditSectionTable *t, gboolean value)
{
  add(t, (AuditCell){.type = AUDIT_CELL_BOOL, .a = value != 0});
}

void audit_cell_day(AuditSectionTable *t, gint32 day)
{
  add(t, (AuditCell){.type = AUDIT_CELL_DAY, .a = day});
}

void audit_cell_ratio(AuditSectionTable *t, gint64 a, gint64 b)
{
  add(t, (AuditCell){.type = AUDIT_CELL_RATIO, .a = a, .b = b});
}

void audit_cell_ratio_as(AuditSectionTable *t, gint64 a, gint64 b, AuditCellFormat format)
{
  add(t, (AuditCell){.type = AUDIT_CELL_RATIO, .format = format, .a = a, .b = b});
}

void audit_cell_null(AuditSection *s, AuditSectionTable *t, const char *why)
{
  add(t, (AuditCell){.type = AUDIT_CELL_NULL, .s = keep(s, why)});
}

guint audit_section_table_rows(const AuditSectionTable *t)
{
  return t->ncols ? t->cells->len / t->ncols : 0;
}

const AuditCell *audit_section_cell(const AuditSectionTable *t, guint row, guint col)
{
  return &g_array_index(t->cells, AuditCell, row * t->ncols + col);
}

double audit_cell_value(const AuditCell *c)
{
  switch (c->type) {
  case AUDIT_CELL_RATIO:
    return c->b ? (double)c->a / (double)c->b : NAN;
  case AUDIT_CELL_INT:
  case AUDIT_CELL_BOOL:
  case AUDIT_CELL_DAY:
    return (double)c->a;
  default:
    return NAN;
  }
}

AuditCellFormat audit_cell_format(const AuditSectionTable *t, const AuditCell *c, guint col)
{
  return c->format != AUDIT_FORMAT_PLAIN ? c->format : t->columns[col].format;
}

guint audit_section_shown_columns(const AuditSectionTable *t, guint *cols)
{
  guint n = 0;
  for (guint c = 0; c < t->ncols; c++)
    if (t->columns[c].title)
      cols[n++] = c;
  return n;
}
