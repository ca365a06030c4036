#include "findings.h"
#include "normalize.h"

#include <stdarg.h>
#include <string.h>

static const char *const severity_names[AUDIT_SEV_COUNT] = {"info", "warning", "error"};

const char *audit_severity_name(AuditSeverity s)
{
  return s < AUDIT_SEV_COUNT ? severity_names[s] : "?";
}

gboolean audit_severity_from_name(const char *name, AuditSeverity *out)
{
  for (guint i = 0; i < AUDIT_SEV_COUNT; i++)
    if (g_ascii_strcasecmp(name, severity_names[i]) == 0) {
      *out = (AuditSeverity)i;
      return TRUE;
    }
  return FALSE;
}

AuditSink *audit_sink_new(const AuditModel *model, const AuditCheck *check, AuditSeverity severity)
{
  AuditSink *s = g_new0(AuditSink, 1);
  s->model = model;
  s->check = check;
  s->severity = severity;
  s->strs = g_string_chunk_new(64 * 1024);
  s->findings = g_array_new(FALSE, FALSE, sizeof(AuditFinding));
  s->related = g_array_new(FALSE, FALSE, sizeof(AuditRecordRef));
  s->evidence = g_array_new(FALSE, FALSE, sizeof(AuditValue));
  s->fix = g_array_new(FALSE, FALSE, sizeof(AuditValue));
  s->stats = g_array_new(FALSE, FALSE, sizeof(AuditValue));
  return s;
}

void audit_sink_free(AuditSink *s)
{
  if (!s)
    return;
  g_string_chunk_free(s->strs);
  g_array_unref(s->findings);
  g_array_unref(s->related);
  g_array_unref(s->evidence);
  g_array_unref(s->fix);
  g_array_unref(s->stats);
  g_free(s);
}

static AuditFinding *last(AuditSink *out)
{
  g_return_val_if_fail(out->findings->len > 0, NULL);
  return &g_array_index(out->findings, AuditFinding, out->findings->len - 1);
}

static const char *keep(AuditSink *out, const char *s)
{
  return s ? g_string_chunk_insert_const(out->strs, s) : NULL;
}

void audit_emit(AuditSink *out, AuditObject obj, gint32 row, const char *key, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  AuditFinding f = {
    .object = obj,
    .severity = out->severity,
    .row = row,
    .message = g_string_chunk_insert(out->strs, msg),
    .key = keep(out, key),
    .rel_start = out->related->len,
    .ev_start = out->evidence->len,
    .fix_start = out->fix->len,
  };
  g_array_append_val(out->findings, f);
}

void audit_related(AuditSink *out, AuditObject obj, gint32 row)
{
  AuditRecordRef r = {obj, row};
  g_array_append_val(out->related, r);
  last(out)->rel_n++;
}

void audit_finding_severity(AuditSink *out, AuditSeverity severity)
{
  last(out)->severity = severity;
}

static void add_value(AuditSink *out, GArray *arr, guint32 *count, AuditValue v)
{
  v.key = keep(out, v.key);
  if (v.type == AUDIT_VAL_STR || v.type == AUDIT_VAL_JSON)
    v.s = g_string_chunk_insert(out->strs, v.s ? v.s : "");
  g_array_append_val(arr, v);
  (*count)++;
}

void audit_evidence_str(AuditSink *out, const char *key, const char *value)
{
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_STR, .s = value});
}

void audit_evidence_json(AuditSink *out, const char *key, const char *json)
{
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_JSON, .s = json});
}

void audit_sink_stat(AuditSink *out, const char *key, gint64 value)
{
  guint32 n = 0;
  add_value(out, out->stats, &n, (AuditValue){.key = key, .type = AUDIT_VAL_INT, .i = value});
}

void audit_evidence_int(AuditSink *out, const char *key, gint64 value)
{
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_INT, .i = value});
}

void audit_evidence_num(AuditSink *out, const char *key, double value)
{
  AuditValue v = {.key = key, .type = isnan(value) ? AUDIT_VAL_NULL : AUDIT_VAL_NUM, .d = value};
  add_value(out, out->evidence, &last(out)->ev_n, v);
}

void audit_evidence_bool(AuditSink *out, const char *key, gboolean value)
{
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_BOOL, .i = !!value});
}

void audit_evidence_day(AuditSink *out, const char *key, gint32 day)
{
  if (day == AUDIT_DAY_NONE) {
    add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_NULL});
    return;
  }
  char buf[11];
  audit_day_format(day, buf);
  audit_evidence_str(out, key, buf);
}

void audit_fix_text(AuditSink *out, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  last(out)->fix_text = g_string_chunk_insert(out->strs, msg);
}

void audit_fix_action(AuditSink *out, const char *action)
{
  last(out)->fix_action = keep(out, action);
}

void audit_fix_str(AuditSink *out, const char *field, const char *value)
{
  add_value(out, out->fix, &last(out)->fix_n, (AuditValue){.key = field, .type = AUDIT_VAL_STR, .s = value});
}

void audit_fix_bool(AuditSink *out, const char *field, gboolean value)
{
  add_value(out, out->fix, &last(out)->fix_n, (AuditValue){.key = field, .type = AUDIT_VAL_BOOL, .i = !!value});
}

const char *audit_ref_id(const AuditModel *m, const AuditRecordRef *r)
{
  if (r->obj >= AUDIT_OBJ_COUNT || r->row < 0)
    return "";
  return audit_id(&m->tables[r->obj], (guint)r->row);
}

const char *audit_finding_record_id(const AuditSink *s, const AuditFinding *f)
{
  AuditRecordRef r = {f->object, f->row};
  return audit_ref_id(s->model, &r);
}

static gint compare_findings(gconstpointer pa, gconstpointer pb, gpointer data)
{
  const AuditSink *s = data;
  const AuditFinding *a = pa, *b = pb;
  int c = (int)a->object - (int)b->object;
  if (c)
    return c;
  c = strcmp(audit_finding_record_id(s, a), audit_finding_record_id(s, b));
  if (c)
    return c;
  c = g_strcmp0(a->key, b->key);
  if (c)
    return c;
  c = strcmp(a->message, b->message);
  if (c)
    return c;
  /* the same Id twice (record-duplicate-id): keep file order */
  return (a->row > b->row) - (a->row < b->row);
}

static gint compare_strs(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void audit_sink_finish(AuditSink *s)
{
  g_array_sort_with_data(s->findings, compare_findings, s);
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  GPtrArray *ids = g_ptr_array_new();
  for (guint i = 0; i < s->findings->len; i++) {
    AuditFinding *f = &g_array_index(s->findings, AuditFinding, i);
    g_checksum_reset(sum);
    const char *parts[] = {s->check->id, audit_object_name(f->object), audit_finding_record_id(s, f),
                           f->key ? f->key : ""};
    for (guint p = 0; p < G_N_ELEMENTS(parts); p++)
      g_checksum_update(sum, (const guchar *)parts[p], (gssize)strlen(parts[p]) + 1);
    g_ptr_array_set_size(ids, 0);
    for (guint r = 0; r < f->rel_n; r++)
      g_ptr_array_add(ids, (gpointer)audit_ref_id(s->model, audit_finding_related(s, f, r)));
    g_ptr_array_sort(ids, compare_strs);
    for (guint r = 0; r < ids->len; r++)
      g_checksum_update(sum, (const guchar *)ids->pdata[r], (gssize)strlen(ids->pdata[r]) + 1);
    memcpy(f->fingerprint, g_checksum_get_string(sum), 32);
    f->fingerprint[32] = '\0';
  }
  g_ptr_array_free(ids, TRUE);
  g_checksum_free(sum);
}
