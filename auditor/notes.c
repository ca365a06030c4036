/* What the run inferred and noticed, and the newest timestamp of the
 * export (model.h). */
#include "model.h"
#include "day.h"

#include <stdlib.h>
#include <string.h>

void audit_model_infer(AuditModel *m, const char *what, const char *value, const char *from, const char *override)
{
  AuditInference *i = g_new(AuditInference, 1);
  *i = (AuditInference){g_strdup(what), g_strdup(value), g_strdup(from), g_strdup(override)};
  g_mutex_lock(&m->notes_lock);
  g_ptr_array_add(m->inferred, i);
  g_mutex_unlock(&m->notes_lock);
}

void audit_model_notice(AuditModel *m, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *text = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_mutex_lock(&m->notes_lock);
  g_ptr_array_add(m->notices, text);
  g_mutex_unlock(&m->notes_lock);
}

static gint compare_inferences(gconstpointer a, gconstpointer b)
{
  const AuditInference *x = *(AuditInference *const *)a, *y = *(AuditInference *const *)b;
  return strcmp(x->what, y->what);
}

typedef struct {
  guint64 count;
  guint8 obj, column; /* where its latest time was seen */
  char time[13];      /* that time as written, "17:42:09.000" ("" for a date alone) */
} DayCount;

/* The time of day of a timestamp as written ("2023-06-14 17:42:09",
 * "2023-06-14T17:42:09.000Z"): its first 12 characters after the date, which
 * compare as text; "" when there is none. */
static void time_of(const char *v, char out[13])
{
  gsize len = strlen(v);
  if (len > 11 && (v[10] == 'T' || v[10] == ' '))
    g_strlcpy(out, v + 11, 13);
  else
    out[0] = '\0';
}

static gint compare_days_desc(gconstpointer a, gconstpointer b)
{
  gint32 x = *(const gint32 *)a, y = *(const gint32 *)b;
  return (x < y) - (x > y);
}

void audit_model_newest(const AuditModel *m, gint32 latest, AuditNewest *out)
{
  static const char *const columns[] = {"SystemModstamp", "LastModifiedDate", "CreatedDate"};
  *out = (AuditNewest){AUDIT_DAY_NONE, NULL, NULL, 0, 0, AUDIT_DAY_NONE, NULL, NULL};
  /* a count per distinct day: a few thousand days, whatever the row count */
  g_autoptr(GHashTable) days = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    if (!t->present)
      continue;
    for (guint k = 0; k < G_N_ELEMENTS(columns); k++) {
      gint col = audit_table_column(t, columns[k]);
      if (col < 0)
        continue;
      guint field = k == 1 ? AUDIT_F_MODIFIED : AUDIT_F_CREATED;
      gboolean typed = k > 0 && t->known[field] == col && t->i32[field];
      for (guint r = 0; r < t->nrows; r++) {
        gint32 day = AUDIT_DAY_NONE;
        if (typed)
          day = t->i32[field][r];
        else {
          const char *v = audit_cell(t, r, col);
          if (*v && !audit_parse_day(v, strlen(v), FALSE, &day))
            day = AUDIT_DAY_NONE;
        }
        if (day == AUDIT_DAY_NONE)
          continue;
        DayCount *c = g_hash_table_lookup(days, GINT_TO_POINTER(day));
        char time[13];
        time_of(audit_cell(t, r, col), time);
        if (!c) {
          c = g_new0(DayCount, 1);
          g_hash_table_insert(days, GINT_TO_POINTER(day), c);
        }
        if (c->count == 0 || strcmp(time, c->time) > 0) { /* the file the day's latest time is in */
          c->obj = (guint8)o;
          c->column = (guint8)k;
          memcpy(c->time, time, sizeof time);
        }
        c->count++;
        out->values++;
      }
    }
  }
  if (!out->values)
    return;
  guint n = g_hash_table_size(days);
  g_autofree gint32 *sorted = g_new(gint32, n);
  GHashTableIter it;
  gpointer k;
  guint i = 0;
  g_hash_table_iter_init(&it, days);
  while (g_hash_table_iter_next(&it, &k, NULL))
    sorted[i++] = GPOINTER_TO_INT(k);
  qsort(sorted, n, sizeof *sorted, compare_days_desc);
  /* the future first, then a gap of more than a year under a few values */
  guint first = 0;
  guint64 future = 0, above, cum;
  while (first < n && sorted[first] > latest)
    future += ((DayCount *)g_hash_table_lookup(days, GINT_TO_POINTER(sorted[first++])))->count;
  above = cum = future;
  guint64 few = (out->values - future) / 100; /* below 100 values, no gap rule */
  for (guint j = first; j + 1 < n; j++) {
    cum += ((DayCount *)g_hash_table_lookup(days, GINT_TO_POINTER(sorted[j])))->count;
    if (cum - future > few)
      break;
    if (sorted[j] - sorted[j + 1] > AUDIT_NEWEST_GAP_DAYS) {
      first = j + 1;
      above = cum;
    }
  }
  if (first >= n) { /* everything lies in the future: nothing to go by */
    out->ignored = out->values;
    out->ignored_day = sorted[0];
    const DayCount *c = g_hash_table_lookup(days, GINT_TO_POINTER(sorted[0]));
    out->ignored_column = columns[c->column];
    out->ignored_file = m->tables[c->obj].file;
    return;
  }
  const DayCount *c = g_hash_table_lookup(days, GINT_TO_POINTER(sorted[first]));
  out->day = sorted[first];
  out->column = columns[c->column];
  out->file = m->tables[c->obj].file;
  out->ignored = above;
  if (first > 0) {
    c = g_hash_table_lookup(days, GINT_TO_POINTER(sorted[0]));
    out->ignored_day = sorted[0];
    out->ignored_column = columns[c->column];
    out->ignored_file = m->tables[c->obj].file;
  }
}

static gint compare_notices(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void audit_model_sort_notes(AuditModel *m)
{
  g_ptr_array_sort(m->inferred, compare_inferences);
  g_ptr_array_sort(m->notices, compare_notices);
}
