#include "findings.h"
#include "config.h"
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
  s->rows = g_array_new(FALSE, FALSE, sizeof(AuditRows));
  s->cells = g_array_new(FALSE, FALSE, sizeof(AuditValue));
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
  g_array_unref(s->rows);
  g_array_unref(s->cells);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    g_free(s->looked[o]);
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

static void append_finding(AuditSink *out, AuditObject obj, gint32 row, const char *key, AuditSeverity severity,
                           const char *msg)
{
  AuditFinding f = {
    .object = obj,
    .severity = severity,
    .row = row,
    .message = g_string_chunk_insert(out->strs, msg),
    .key = keep(out, key),
    .rel_start = out->related->len,
    .ev_start = out->evidence->len,
    .fix_start = out->fix->len,
  };
  g_array_append_val(out->findings, f);
}

void audit_sink_segments(AuditSink *s, const gboolean *enabled, const AuditSeverity *severity, guint nsegments)
{
  s->seg_enabled = enabled;
  s->seg_severity = severity;
  s->nsegments = nsegments;
}

void audit_emit(AuditSink *out, AuditObject obj, gint32 row, const char *key, const char *fmt, ...)
{
  AuditSeverity severity = out->severity;
  if (out->seg_enabled) {
    guint seg = audit_record_segment(out->model, obj, row);
    if (seg >= out->nsegments)
      seg = 0;
    out->dropping = !out->seg_enabled[seg];
    if (out->dropping)
      return;
    severity = out->seg_severity[seg];
  }
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  append_finding(out, obj, row, key, severity, msg);
}

static void add_related(AuditSink *out, AuditObject obj, gint32 row, gboolean target)
{
  if (out->dropping)
    return;
  AuditRecordRef r = {obj, row, target};
  g_array_append_val(out->related, r);
  last(out)->rel_n++;
}

void audit_related(AuditSink *out, AuditObject obj, gint32 row)
{
  add_related(out, obj, row, FALSE);
}

void audit_related_target(AuditSink *out, AuditObject obj, gint32 row)
{
  add_related(out, obj, row, TRUE);
}

void audit_finding_severity(AuditSink *out, AuditSeverity severity)
{
  if (!out->dropping)
    last(out)->severity = severity;
}

void audit_sink_looked_at(AuditSink *out, AuditObject obj, guint row)
{
  g_return_if_fail(obj < AUDIT_OBJ_COUNT && row < out->model->tables[obj].nrows);
  const AuditTable *t = &out->model->tables[obj];
  if (!out->looked[obj])
    out->looked[obj] = g_new0(guint8, t->nrows);
  out->looked[obj][row] = 1;
}

void audit_finding_rule(AuditSink *out, const char *rule)
{
  if (out->dropping)
    return;
  AuditFinding *f = last(out);
  g_autofree char *rules = f->rules ? g_strconcat(f->rules, "\x1f", rule, NULL) : g_strdup(rule);
  f->rules = keep(out, rules);
}

static void add_value(AuditSink *out, GArray *arr, guint32 *count, AuditValue v)
{
  if (out->dropping && arr != out->stats)
    return;
  v.key = keep(out, v.key);
  if (v.type == AUDIT_VAL_STR)
    v.s = g_string_chunk_insert(out->strs, v.s ? v.s : "");
  g_array_append_val(arr, v);
  (*count)++;
}

void audit_evidence_str(AuditSink *out, const char *key, const char *value)
{
  if (out->dropping)
    return;
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_STR, .s = value});
}

/* ---- evidence rows ---- */

void audit_evidence_rows_begin(AuditSink *out, const char *key, const AuditColumn *columns)
{
  if (out->dropping)
    return;
  AuditRows rows = {.columns = columns, .start = out->cells->len};
  while (columns[rows.ncols].name)
    rows.ncols++;
  g_array_append_val(out->rows, rows);
  add_value(out, out->evidence, &last(out)->ev_n,
            (AuditValue){.key = key, .type = AUDIT_VAL_ROWS, .i = out->rows->len - 1});
  out->row_cell = rows.ncols;
}

/* The list being written: the finding's last evidence value. */
static AuditRows *current_rows(AuditSink *out)
{
  const AuditFinding *f = last(out);
  g_return_val_if_fail(f->ev_n > 0, NULL);
  const AuditValue *v = &g_array_index(out->evidence, AuditValue, f->ev_start + f->ev_n - 1);
  g_return_val_if_fail(v->type == AUDIT_VAL_ROWS, NULL);
  return &g_array_index(out->rows, AuditRows, v->i);
}

void audit_evidence_row(AuditSink *out)
{
  if (out->dropping)
    return;
  AuditRows *rows = current_rows(out);
  g_return_if_fail(rows && out->row_cell == rows->ncols); /* the row before has every column */
  rows->nrows++;
  out->row_cell = 0;
}

/* The next cell of the row, which must be of type t. */
static void add_cell(AuditSink *out, AuditColumnType t, AuditValue v)
{
  if (out->dropping)
    return;
  AuditRows *rows = current_rows(out);
  g_return_if_fail(rows && out->row_cell < rows->ncols && rows->columns[out->row_cell].type == t);
  v.key = rows->columns[out->row_cell++].name;
  if (v.type == AUDIT_VAL_STR || v.type == AUDIT_VAL_WORDS)
    v.s = g_string_chunk_insert(out->strs, v.s ? v.s : "");
  g_array_append_val(out->cells, v);
}

void audit_row_str(AuditSink *out, const char *value)
{
  add_cell(out, AUDIT_COL_STR, (AuditValue){.type = AUDIT_VAL_STR, .s = value});
}

void audit_row_num(AuditSink *out, double value)
{
  add_cell(out, AUDIT_COL_NUM, (AuditValue){.type = isnan(value) ? AUDIT_VAL_NULL : AUDIT_VAL_NUM, .d = value});
}

void audit_row_words(AuditSink *out, const char *const *words)
{
  g_autofree char *joined = words ? g_strjoinv("\x1f", (char **)words) : NULL;
  add_cell(out, AUDIT_COL_WORDS,
           (AuditValue){.type = AUDIT_VAL_WORDS, .s = joined, .i = words ? g_strv_length((char **)words) : 0});
}

const char *audit_words_nth(const AuditValue *v, guint i, GString *buf)
{
  g_return_val_if_fail(v->type == AUDIT_VAL_WORDS && i < v->i, NULL);
  const char *p = v->s;
  for (guint k = 0; k < i; k++)
    p = strchr(p, '\x1f') + 1;
  const char *end = strchr(p, '\x1f');
  g_string_truncate(buf, 0);
  g_string_append_len(buf, p, end ? end - p : (gssize)strlen(p));
  return buf->str;
}

const char *audit_words_join(const AuditValue *v, const char *sep, GString *buf)
{
  g_return_val_if_fail(v->type == AUDIT_VAL_WORDS, NULL);
  g_string_truncate(buf, 0);
  for (const char *p = v->s; v->i && *p; p++) {
    if (*p == '\x1f')
      g_string_append(buf, sep);
    else
      g_string_append_c(buf, *p);
  }
  return buf->str;
}

void audit_sink_stat(AuditSink *out, const char *key, gint64 value)
{
  guint32 n = 0;
  add_value(out, out->stats, &n, (AuditValue){.key = key, .type = AUDIT_VAL_INT, .i = value});
}

void audit_evidence_int(AuditSink *out, const char *key, gint64 value)
{
  if (out->dropping)
    return;
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_INT, .i = value});
}

void audit_evidence_num(AuditSink *out, const char *key, double value)
{
  if (out->dropping)
    return;
  AuditValue v = {.key = key, .type = isnan(value) ? AUDIT_VAL_NULL : AUDIT_VAL_NUM, .d = value};
  add_value(out, out->evidence, &last(out)->ev_n, v);
}

void audit_evidence_bool(AuditSink *out, const char *key, gboolean value)
{
  if (out->dropping)
    return;
  add_value(out, out->evidence, &last(out)->ev_n, (AuditValue){.key = key, .type = AUDIT_VAL_BOOL, .i = !!value});
}

void audit_evidence_day(AuditSink *out, const char *key, gint32 day)
{
  if (out->dropping)
    return;
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
  if (out->dropping)
    return;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  last(out)->fix_text = g_string_chunk_insert(out->strs, msg);
}

void audit_finding_kind(AuditSink *out, guint8 kind)
{
  if (out->dropping)
    return;
  last(out)->kind = kind;
}

void audit_fix_action(AuditSink *out, const char *action)
{
  if (out->dropping)
    return;
  last(out)->fix_action = keep(out, action);
}

void audit_fix_str(AuditSink *out, const char *field, const char *value)
{
  if (out->dropping)
    return;
  add_value(out, out->fix, &last(out)->fix_n, (AuditValue){.key = field, .type = AUDIT_VAL_STR, .s = value});
}

void audit_fix_bool(AuditSink *out, const char *field, gboolean value)
{
  if (out->dropping)
    return;
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

/* A declared fact's value as text, for the fingerprint (a scalar: the
 * descriptor names no evidence rows). */
static void audit_value_fingerprint_text(const AuditSink *s, const AuditValue *v, GString *out)
{
  switch (v->type) {
  case AUDIT_VAL_STR:
    g_string_append(out, v->s);
    break;
  case AUDIT_VAL_INT:
  case AUDIT_VAL_BOOL:
    g_string_append_printf(out, "%" G_GINT64_FORMAT, (gint64)v->i);
    break;
  case AUDIT_VAL_NUM:
    g_string_append_printf(out, "%.17g", v->d);
    break;
  case AUDIT_VAL_NULL:
    break;
  case AUDIT_VAL_WORDS: {
    g_autoptr(GString) buf = g_string_new(NULL);
    g_string_append(out, audit_words_join(v, "\x1f", buf));
    break;
  }
  case AUDIT_VAL_ROWS:
    g_error("bug in check %s: evidence rows %s in its fingerprint", s->check->id, v->key);
  }
}

void audit_sink_finish(AuditSink *s)
{
  g_array_sort_with_data(s->findings, compare_findings, s);
  GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
  GPtrArray *ids = g_ptr_array_new();
  GString *fact = g_string_new(NULL);
  for (guint i = 0; i < s->findings->len; i++) {
    AuditFinding *f = &g_array_index(s->findings, AuditFinding, i);
    g_checksum_reset(sum);
    const char *parts[] = {s->check->id, audit_object_name(f->object), audit_finding_record_id(s, f),
                           f->key ? f->key : ""};
    for (guint p = 0; p < G_N_ELEMENTS(parts); p++)
      g_checksum_update(sum, (const guchar *)parts[p], (gssize)strlen(parts[p]) + 1);
    g_ptr_array_set_size(ids, 0);
    for (guint r = 0; r < f->rel_n; r++)
      if (!audit_finding_related(s, f, r)->target)
        g_ptr_array_add(ids, (gpointer)audit_ref_id(s->model, audit_finding_related(s, f, r)));
    g_ptr_array_sort(ids, compare_strs);
    for (guint r = 0; r < ids->len; r++)
      g_checksum_update(sum, (const guchar *)ids->pdata[r], (gssize)strlen(ids->pdata[r]) + 1);
    /* the declared facts, by key, in the descriptor's order */
    for (guint k = 0; s->check->fingerprint && s->check->fingerprint[k]; k++)
      for (guint e = 0; e < f->ev_n; e++) {
        const AuditValue *v = audit_finding_evidence(s, f, e);
        if (strcmp(v->key, s->check->fingerprint[k]) != 0)
          continue;
        g_string_truncate(fact, 0);
        g_string_append_printf(fact, "%s=", v->key);
        audit_value_fingerprint_text(s, v, fact);
        g_checksum_update(sum, (const guchar *)fact->str, (gssize)fact->len + 1);
      }
    memcpy(f->fingerprint, g_checksum_get_string(sum), 32);
    f->fingerprint[32] = '\0';
  }
  g_ptr_array_free(ids, TRUE);
  g_string_free(fact, TRUE);
  g_checksum_free(sum);
}

/* ---- conventions ---- */

#define CONVENTION_EXAMPLES 5

/* One rule of one object: how many records break it per scope (the
 * record's segment value, 0 for none: the object when there are no
 * segments), and whether it folds there; whole when it folds in every scope
 * that has records (one finding for the object). Examples per scope, and at
 * [nscopes] for the whole object. */
typedef struct {
  AuditObject obj;
  const char *rule; /* NULL: the check's own */
  guint *n;         /* [scope] */
  gboolean *fold;   /* [scope] */
  gboolean whole;
  gint32 *examples; /* [(nscopes + 1) * CONVENTION_EXAMPLES] rows */
  guint *nexamples; /* [nscopes + 1] */
} RuleCount;

static void rule_count_free(gpointer p)
{
  RuleCount *c = p;
  g_free(c->n);
  g_free(c->fold);
  g_free(c->examples);
  g_free(c->nexamples);
  g_free(c);
}

/* The segment value (index + 1 into the model's segment_values) of a record, 0 for none. */
static guint record_scope(const AuditModel *m, AuditObject obj, gint32 row)
{
  gint32 a = m->account_segment_value ? audit_record_account(m, obj, row) : -1;
  return a >= 0 ? m->account_segment_value[a] : 0;
}

static char *rule_count_key(AuditObject obj, const char *rule)
{
  return g_strdup_printf("%d\x1f%s", (int)obj, rule ? rule : "");
}

static RuleCount *rule_count(GHashTable *counts, AuditObject obj, const char *rule, guint nscopes)
{
  g_autofree char *k = rule_count_key(obj, rule);
  RuleCount *c = g_hash_table_lookup(counts, k);
  if (!c) {
    c = g_new0(RuleCount, 1);
    c->obj = obj;
    c->rule = rule;
    c->n = g_new0(guint, nscopes);
    c->fold = g_new0(gboolean, nscopes);
    c->examples = g_new0(gint32, (nscopes + 1) * CONVENTION_EXAMPLES);
    c->nexamples = g_new0(guint, nscopes + 1);
    g_hash_table_insert(counts, g_steal_pointer(&k), c);
  }
  return c;
}

static void add_example(RuleCount *c, guint slot, gint32 row)
{
  if (c->nexamples[slot] < CONVENTION_EXAMPLES)
    c->examples[slot * CONVENTION_EXAMPLES + c->nexamples[slot]++] = row;
}

/* Does the finding break only rules that fold in its scope? Notes it as an
 * example of each. */
static gboolean finding_folds(GHashTable *counts, const AuditFinding *f, guint scope, guint nscopes)
{
  g_auto(GStrv) rules = f->rules ? g_strsplit(f->rules, "\x1f", -1) : NULL;
  guint nrules = rules ? g_strv_length(rules) : 1;
  gboolean all = TRUE;
  for (guint i = 0; i < nrules; i++) {
    g_autofree char *k = rule_count_key(f->object, rules ? rules[i] : NULL);
    RuleCount *c = g_hash_table_lookup(counts, k);
    if (!c || !c->fold[scope]) {
      all = FALSE;
      continue;
    }
    add_example(c, c->whole ? nscopes : scope, f->row);
  }
  return all;
}

static gint compare_rule_counts(gconstpointer pa, gconstpointer pb)
{
  const RuleCount *a = *(RuleCount *const *)pa, *b = *(RuleCount *const *)pb;
  if (a->obj != b->obj)
    return (int)a->obj - (int)b->obj;
  return g_strcmp0(a->rule, b->rule);
}

/* "accounts", "opportunities", "contact roles" */
static char *object_plural(AuditObject obj)
{
  const char *name = audit_object_name(obj);
  GString *s = g_string_new(NULL);
  for (const char *p = name; *p; p++) {
    if (p != name && g_ascii_isupper(*p))
      g_string_append_c(s, ' ');
    g_string_append_c(s, g_ascii_tolower(*p));
  }
  if (s->len && s->str[s->len - 1] == 'y') {
    g_string_truncate(s, s->len - 1);
    g_string_append(s, "ies");
  } else
    g_string_append_c(s, 's');
  return g_string_free(s, FALSE);
}

/* The convention finding of a rule in one scope: k a segment value, 0 the
 * object when there are no segments, nscopes the whole object when there
 * are. */
static void emit_convention(AuditSink *s, const AuditContext *ctx, const RuleCount *c, guint k, guint nscopes,
                            guint n, guint total)
{
  const AuditModel *m = s->model;
  const char *segment = k && k < nscopes ? m->segment_values->pdata[k - 1] : NULL;
  /* a configured segment comes first among the values, at its config index */
  guint cfg_segment = segment && k < ctx->nsegments && m->account_segment ? k : 0;
  const char *rule = c->rule ? c->rule : s->check->title;
  const char *rule_key = c->rule ? c->rule : s->check->id;
  g_autofree char *plural = object_plural(c->obj);
  g_autofree char *key = segment ? g_strdup_printf("convention:%s@%s", rule_key, segment)
                                 : g_strdup_printf("convention:%s", rule_key);
  g_autofree char *where = segment ? g_strdup_printf("%s of segment '%s'", plural, segment) : g_strdup(plural);
  const char *note = s->check->convention_note ? s->check->convention_note : "taken as the org's own convention";
  g_autofree char *msg = g_strdup_printf("convention: %u of %u %s (%.1f%%) match '%s': %s, one finding instead of "
                                         "%u", n, total, where, 100.0 * n / total, rule, note, n);
  append_finding(s, c->obj, -1, key, AUDIT_SEV_INFO, msg);
  audit_evidence_str(s, "rule", rule);
  if (segment)
    audit_evidence_str(s, "segment", segment);
  audit_evidence_int(s, "count", n);
  audit_evidence_int(s, "records", total);
  audit_evidence_num(s, "share", round(1000.0 * n / total) / 1000.0);
  static const AuditColumn example_columns[] = {{"id", AUDIT_COL_STR}, {"name", AUDIT_COL_STR}, {0}};
  audit_evidence_rows_begin(s, "examples", example_columns);
  char buf[512];
  for (guint e = 0; e < c->nexamples[k]; e++) {
    gint32 row = c->examples[k * CONVENTION_EXAMPLES + e];
    AuditRecordRef r = {c->obj, row};
    audit_evidence_row(s);
    audit_row_str(s, audit_ref_id(m, &r));
    audit_row_str(s, row >= 0 ? audit_record_name(m, c->obj, (guint)row, buf, sizeof buf) : "");
  }
  /* the group where convention_share = 1 lists each record again */
  g_autofree char *group = segment ? g_strdup_printf("[check.%s@%s]", s->check->id,
                                                     cfg_segment ? ctx->config->segments[cfg_segment] : segment)
                                   : g_strdup_printf("[check.%s]", s->check->id);
  g_autofree char *opt_in = g_strdup_printf("%s convention_share = 1", group);
  audit_evidence_str(s, "opt_in", opt_in);
  gboolean need_field = segment && !ctx->config->segment_field;
  audit_fix_text(s, "%s; to list each record again, set convention_share = 1 in %s%s",
                 s->check->convention_fix ? s->check->convention_fix
                                          : "nothing to fix if this is how the org writes its records",
                 group, need_field ? " (with [segments] field = Account.RecordType)" : "");
}

void audit_sink_fold_conventions(AuditSink *s, const AuditContext *ctx)
{
  const AuditCheck *chk = s->check;
  if (!audit_check_folds(chk) || s->findings->len < AUDIT_CONVENTION_MIN)
    return;
  const AuditModel *m = s->model;
  guint nscopes = 1 + (m->segment_values && m->account_segment_value ? m->segment_values->len : 0);
  g_autoptr(GHashTable) counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, rule_count_free);
  for (guint i = 0; i < s->findings->len; i++) {
    const AuditFinding *f = &g_array_index(s->findings, AuditFinding, i);
    if (f->row < 0)
      continue;
    guint scope = record_scope(m, f->object, f->row);
    g_auto(GStrv) rules = f->rules ? g_strsplit(f->rules, "\x1f", -1) : NULL;
    for (guint r = 0; r < (rules ? g_strv_length(rules) : 1); r++)
      if (!rules || strcmp(rules[r], AUDIT_RULE_NEVER_FOLDS) != 0)
        rule_count(counts, f->object, rules ? keep(s, rules[r]) : NULL, nscopes)->n[scope]++;
  }
  /* the records of each object per scope the rules looked at: their denominators */
  guint *records[AUDIT_OBJ_COUNT] = {0};
  g_autoptr(GPtrArray) folded = g_ptr_array_new();
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init(&it, counts);
  while (g_hash_table_iter_next(&it, NULL, &v)) {
    RuleCount *c = v;
    if (!records[c->obj]) {
      const AuditTable *t = &m->tables[c->obj];
      const guint8 *looked = s->looked[c->obj];
      records[c->obj] = g_new0(guint, nscopes);
      for (guint r = 0; r < t->nrows; r++)
        if (!audit_row_repeated(t, r) && (!looked || looked[r]))
          records[c->obj][record_scope(m, c->obj, (gint32)r)]++;
    }
    /* each scope on its own: a rule most stores break is no reason to forgive the other accounts */
    gboolean any = FALSE, all = TRUE;
    guint n = 0, total = 0;
    for (guint k = 0; k < nscopes; k++) {
      guint seg = k && k < ctx->nsegments && m->account_segment ? k : 0;
      double share = ((const AuditConventionOptions *)audit_ctx_options(ctx, seg))->convention_share;
      guint records_k = records[c->obj][k];
      gboolean most = records_k && (double)c->n[k] > share * records_k && share < 1;
      /* with segments, the records in none (contacts without an account) are no segment of their own:
         they fold only with the whole object */
      c->fold[k] = most && c->n[k] >= AUDIT_CONVENTION_MIN && (k || nscopes == 1);
      any |= c->fold[k];
      all &= most || records_k == 0;
      n += c->n[k];
      total += records_k;
    }
    /* most records of every segment, and enough in all: one convention of the object */
    double share = ((const AuditConventionOptions *)audit_ctx_options(ctx, 0))->convention_share;
    c->whole = nscopes > 1 && all && n >= AUDIT_CONVENTION_MIN && (double)n > share * total && share < 1;
    for (guint k = 0; c->whole && k < nscopes; k++)
      c->fold[k] = records[c->obj][k] > 0;
    if (any || c->whole)
      g_ptr_array_add(folded, c);
  }
  if (folded->len) {
    GArray *kept = g_array_sized_new(FALSE, FALSE, sizeof(AuditFinding), s->findings->len);
    guint dropped = 0;
    for (guint i = 0; i < s->findings->len; i++) {
      const AuditFinding *f = &g_array_index(s->findings, AuditFinding, i);
      if (f->row >= 0 && finding_folds(counts, f, record_scope(m, f->object, f->row), nscopes))
        dropped++;
      else
        g_array_append_val(kept, *f);
    }
    g_array_unref(s->findings);
    s->findings = kept;
    s->dropping = FALSE;
    g_ptr_array_sort(folded, compare_rule_counts);
    for (guint i = 0; i < folded->len; i++) {
      const RuleCount *c = folded->pdata[i];
      guint n = 0, total = 0;
      for (guint k = 0; k < nscopes; k++) {
        n += c->n[k];
        total += records[c->obj][k];
        if (c->fold[k] && !c->whole)
          emit_convention(s, ctx, c, k, nscopes, c->n[k], records[c->obj][k]);
      }
      if (c->whole) /* the convention in every segment: one finding for the object */
        emit_convention(s, ctx, c, nscopes, nscopes, n, total);
    }
    audit_sink_stat(s, "folded_into_conventions", dropped);
  }
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    g_free(records[o]);
}
