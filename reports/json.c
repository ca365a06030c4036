/* findings.json, exactly as INTERFACE.md; deterministic. */
#include "baseline.h"
#include "json-writer.h"
#include "section.h"
#include "normalize.h"
#include "registry.h"
#include "reports.h"

#include <math.h>
#include <string.h>

static void write_scalar(AuditJson *w, const AuditValue *v, guint digits, GString *buf)
{
  switch (v->type) {
  case AUDIT_VAL_STR:
    audit_json_string(w, v->s);
    break;
  case AUDIT_VAL_INT:
    audit_json_int(w, v->i);
    break;
  case AUDIT_VAL_NUM:
    if (digits)
      audit_json_fixed(w, v->d, digits);
    else
      audit_json_double(w, v->d);
    break;
  case AUDIT_VAL_BOOL:
    audit_json_bool(w, v->i != 0);
    break;
  case AUDIT_VAL_NULL:
    audit_json_null(w);
    break;
  case AUDIT_VAL_WORDS:
    audit_json_begin_array(w);
    for (guint i = 0; i < v->i; i++)
      audit_json_string(w, audit_words_nth(v, i, buf));
    audit_json_end_array(w);
    break;
  case AUDIT_VAL_ROWS:
    g_return_if_reached(); /* write_value's */
  }
}

/* A value under its key; evidence rows as an array of objects, a row's
 * cells under their columns' names. */
static void write_value(AuditJson *w, const AuditSink *s, const AuditValue *v)
{
  audit_json_key(w, v->key);
  if (v->type != AUDIT_VAL_ROWS) {
    write_scalar(w, v, 0, NULL);
    return;
  }
  const AuditRows *rows = audit_value_rows(s, v);
  g_autoptr(GString) buf = g_string_new(NULL);
  audit_json_begin_array(w);
  for (guint r = 0; r < rows->nrows; r++) {
    audit_json_begin_object(w);
    for (guint c = 0; c < rows->ncols; c++) {
      audit_json_key(w, rows->columns[c].name);
      write_scalar(w, audit_rows_cell(s, rows, r, c), rows->columns[c].digits, buf);
    }
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
}

static void write_input(AuditJson *w, const AuditModel *m)
{
  audit_json_key(w, "input");
  audit_json_begin_object(w);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    audit_json_key(w, t->name);
    audit_json_begin_object(w);
    audit_json_key(w, "file");
    if (t->present)
      audit_json_string(w, t->file);
    else
      audit_json_null(w);
    audit_json_key(w, "rows");
    audit_json_int(w, t->nrows);
    if (t->present) {
      audit_json_key(w, "deleted_rows_skipped");
      audit_json_int(w, t->rows_deleted);
      audit_json_key(w, "blank_rows_skipped");
      audit_json_int(w, t->rows_blank);
      audit_json_key(w, "encoding");
      audit_json_string(w, t->encoding);
      if (t->control_dropped) {
        /* NULs and other control bytes dropped, per column */
        audit_json_key(w, "control_bytes_dropped");
        audit_json_begin_object(w);
        for (guint c = 0; c < t->ncols; c++)
          if (t->control_dropped[c]) {
            audit_json_key(w, t->columns[c]);
            audit_json_int(w, t->control_dropped[c]);
          }
        audit_json_end_object(w);
      }
    }
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
}

static void write_option(const char *key, const char *value, gpointer user)
{
  audit_json_key(user, key);
  audit_json_string(user, value);
}

static void write_checks(AuditJson *w, const AuditResult *r)
{
  audit_json_key(w, "checks");
  audit_json_begin_array(w);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    audit_json_begin_object(w);
    audit_json_key(w, "id");
    audit_json_string(w, c->id);
    audit_json_key(w, "severity");
    audit_json_string(w, audit_severity_name(r->config->checks[i].severity));
    audit_json_key(w, "title");
    audit_json_string(w, c->title);
    /* its effective settings: with --baseline, a check whose settings changed is not comparable */
    audit_json_key(w, "options");
    audit_json_begin_object(w);
    audit_check_identity_foreach(r->config, i, write_option, w);
    audit_json_end_object(w);
    audit_json_key(w, "status");
    if (r->sinks[i]) {
      audit_json_string(w, "ran");
      audit_json_key(w, "findings");
      audit_json_int(w, audit_sink_count(r->sinks[i]));
      if (r->sinks[i]->stats->len) {
        audit_json_key(w, "stats");
        audit_json_begin_object(w);
        for (guint k = 0; k < r->sinks[i]->stats->len; k++)
          write_value(w, r->sinks[i], &g_array_index(r->sinks[i]->stats, AuditValue, k));
        audit_json_end_object(w);
      }
    } else {
      audit_json_string(w, "skipped");
      audit_json_key(w, "reason");
      audit_json_string(w, r->skip_reasons[i]);
    }
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
}

static void write_finding(AuditJson *w, const AuditModel *m, const AuditSink *s, const AuditFinding *f)
{
  audit_json_begin_object(w);
  audit_json_key(w, "check");
  audit_json_string(w, s->check->id);
  audit_json_key(w, "severity");
  audit_json_string(w, audit_severity_name(f->severity));
  audit_json_key(w, "object");
  audit_json_string(w, audit_object_name(f->object));
  audit_json_key(w, "record");
  audit_json_string(w, audit_finding_record_id(s, f));
  audit_json_key(w, "related");
  audit_json_begin_array(w);
  for (guint i = 0; i < f->rel_n; i++)
    audit_json_string(w, audit_ref_id(m, audit_finding_related(s, f, i)));
  audit_json_end_array(w);
  audit_json_key(w, "owner");
  const char *owner = f->row >= 0 ? audit_record_owner(m, f->object, (guint)f->row) : "";
  if (*owner)
    audit_json_string(w, owner);
  else
    audit_json_null(w);
  audit_json_key(w, "message");
  audit_json_string(w, f->message);
  audit_json_key(w, "evidence");
  audit_json_begin_object(w);
  for (guint i = 0; i < f->ev_n; i++)
    write_value(w, s, audit_finding_evidence(s, f, i));
  audit_json_end_object(w);
  audit_json_key(w, "fix");
  if (!f->fix_text && !f->fix_action) {
    audit_json_null(w);
  } else {
    audit_json_begin_object(w);
    if (f->fix_action) {
      audit_json_key(w, "action");
      audit_json_string(w, f->fix_action);
    }
    for (guint i = 0; i < f->fix_n; i++)
      write_value(w, s, audit_finding_fix(s, f, i));
    if (f->fix_text) {
      audit_json_key(w, "text");
      audit_json_string(w, f->fix_text);
    }
    audit_json_end_object(w);
  }
  audit_json_key(w, "fingerprint");
  audit_json_string(w, f->fingerprint);
  if (f->trend) {
    audit_json_key(w, "baseline");
    audit_json_string(w, f->trend == AUDIT_TREND_NEW ? "new" : "persisting");
  }
  audit_json_end_object(w);
}

static void write_trend(AuditJson *w, const AuditTrend *t)
{
  audit_json_begin_object(w);
  audit_json_key(w, "new");
  audit_json_int(w, t->new_);
  audit_json_key(w, "persisting");
  audit_json_int(w, t->persisting);
  audit_json_key(w, "fixed");
  audit_json_int(w, t->fixed);
  audit_json_key(w, "gone");
  audit_json_int(w, t->gone);
  audit_json_key(w, "aged_out");
  audit_json_int(w, t->aged);
  audit_json_end_object(w);
}

static void write_summary(AuditJson *w, const AuditResult *r)
{
  audit_json_key(w, "summary");
  audit_json_begin_object(w);

  audit_json_key(w, "by_severity");
  audit_json_begin_object(w);
  for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
    audit_json_key(w, audit_severity_name((AuditSeverity)s));
    audit_json_int(w, r->counts[s]);
  }
  audit_json_end_object(w);

  audit_json_key(w, "by_check");
  audit_json_begin_object(w);
  for (guint i = 0; i < audit_registry_size; i++)
    if (r->sinks[i] && audit_sink_count(r->sinks[i])) {
      audit_json_key(w, audit_registry[i]->id);
      audit_json_int(w, audit_sink_count(r->sinks[i]));
    }
  audit_json_end_object(w);

  /* per owner, sorted by owner Id; findings without an owner under "" */
  audit_json_key(w, "by_owner");
  audit_json_begin_object(w);
  for (guint i = 0; i < r->owners->len; i++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, i);
    audit_json_key(w, c->owner);
    audit_json_begin_object(w);
    audit_json_key(w, "name");
    if (c->name)
      audit_json_string(w, c->name);
    else
      audit_json_null(w);
    for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
      audit_json_key(w, audit_severity_name((AuditSeverity)s));
      audit_json_int(w, c->n[s]);
    }
    audit_json_key(w, "total");
    audit_json_int(w, c->total);
    audit_json_key(w, "active");
    if (c->active < 0)
      audit_json_null(w);
    else
      audit_json_bool(w, c->active == 1);
    audit_json_key(w, "by_check");
    audit_json_begin_object(w);
    for (guint k = 0; k < audit_registry_size; k++)
      if (c->by_check[k]) {
        audit_json_key(w, audit_registry[k]->id);
        audit_json_int(w, c->by_check[k]);
      }
    audit_json_end_object(w);
    if (r->baseline) {
      audit_json_key(w, "trend");
      write_trend(w, &c->trend);
    }
    audit_json_end_object(w);
  }
  audit_json_end_object(w);

  /* against --baseline: new, persisting and fixed, in all and per check that ran */
  if (r->baseline) {
    audit_json_key(w, "trend");
    audit_json_begin_object(w);
    audit_json_key(w, "baseline");
    audit_json_string(w, audit_baseline_path(r->baseline));
    audit_json_key(w, "total");
    write_trend(w, &r->trend);
    audit_json_key(w, "by_check");
    audit_json_begin_object(w);
    for (guint i = 0; i < audit_registry_size; i++) {
      const AuditTrend *t = &r->trend_checks[i];
      if (r->sinks[i] && (t->new_ || t->persisting || t->fixed || t->gone || t->aged)) {
        audit_json_key(w, audit_registry[i]->id);
        write_trend(w, t);
      }
    }
    audit_json_end_object(w);
    /* the baseline's findings not reported now, each with why: fixed, gone (with its record), aged out */
    audit_json_key(w, "not_reported_now");
    audit_json_begin_array(w);
    for (guint i = 0; i < r->gone->len; i++) {
      const AuditGoneFinding *g = &g_array_index(r->gone, AuditGoneFinding, i);
      audit_json_begin_object(w);
      audit_json_key(w, "check");
      audit_json_string(w, g->f.check);
      audit_json_key(w, "object");
      audit_json_string(w, g->f.object);
      audit_json_key(w, "record");
      audit_json_string(w, g->f.record);
      audit_json_key(w, "owner");
      if (*g->f.owner)
        audit_json_string(w, g->f.owner);
      else
        audit_json_null(w);
      audit_json_key(w, "message");
      audit_json_string(w, g->f.message);
      audit_json_key(w, "as");
      audit_json_string(w, g->as);
      audit_json_end_object(w);
    }
    audit_json_end_array(w);
    /* the checks whose settings changed since: their findings are neither new nor fixed */
    audit_json_key(w, "not_comparable");
    audit_json_begin_array(w);
    for (guint i = 0; i < audit_registry_size; i++) {
      GPtrArray *ch = r->not_comparable[i];
      if (!ch)
        continue;
      audit_json_begin_object(w);
      audit_json_key(w, "check");
      audit_json_string(w, audit_registry[i]->id);
      audit_json_key(w, "findings");
      audit_json_int(w, audit_sink_count(r->sinks[i]));
      audit_json_key(w, "changed");
      audit_json_begin_array(w);
      for (guint k = 0; k < ch->len; k++) {
        const AuditOptionChange *c = ch->pdata[k];
        audit_json_begin_object(w);
        audit_json_key(w, "option");
        audit_json_string(w, c->option);
        audit_json_key(w, "was");
        if (c->was)
          audit_json_string(w, c->was);
        else
          audit_json_null(w);
        audit_json_key(w, "now");
        if (c->now)
          audit_json_string(w, c->now);
        else
          audit_json_null(w);
        audit_json_end_object(w);
      }
      audit_json_end_array(w);
      audit_json_end_object(w);
    }
    audit_json_end_array(w);
    audit_json_end_object(w);
  }
  /* --previous: the last export's contacts, and those gone since */
  if (r->previous_contacts >= 0) {
    audit_json_key(w, "previous");
    audit_json_begin_object(w);
    audit_json_key(w, "contacts");
    audit_json_int(w, r->previous_contacts);
    audit_json_key(w, "contacts_gone");
    audit_json_int(w, r->previous_gone);
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
}

/* ---- sections (section.h), generically ---- */

static void write_cell(AuditJson *w, const AuditCell *c)
{
  char day[11];
  switch (c->type) {
  case AUDIT_CELL_NULL:
    audit_json_null(w);
    break;
  case AUDIT_CELL_TEXT:
    audit_json_string(w, c->s);
    break;
  case AUDIT_CELL_INT:
    audit_json_int(w, c->a);
    break;
  case AUDIT_CELL_BOOL:
    audit_json_bool(w, c->a != 0);
    break;
  case AUDIT_CELL_DAY:
    audit_day_format((gint32)c->a, day);
    audit_json_string(w, day);
    break;
  case AUDIT_CELL_RATIO: /* to 4 decimals; null when there is nothing to divide by */
    audit_json_double(w, c->b ? round(10000.0 * c->a / c->b) / 10000.0 : NAN);
    break;
  }
}

/* The fields of one row: every column with a key, from column first. */
static void write_fields(AuditJson *w, const AuditSectionTable *t, guint row, guint first)
{
  for (guint c = first; c < t->ncols; c++)
    if (t->columns[c].key) {
      audit_json_key(w, t->columns[c].key);
      write_cell(w, audit_section_cell(t, row, c));
    }
}

/* The first column with a key after column 0: a map's value. */
static guint value_column(const AuditSectionTable *t)
{
  for (guint c = 1; c < t->ncols; c++)
    if (t->columns[c].key)
      return c;
  return 0;
}

/* A table's value by its shape (not FIELDS, OBJECT, NONE). */
static void write_table_value(AuditJson *w, const AuditSectionTable *t)
{
  guint n = audit_section_table_rows(t);
  gboolean array = t->shape == AUDIT_SHAPE_ARRAY || t->shape == AUDIT_SHAPE_LIST;
  if (array)
    audit_json_begin_array(w);
  else
    audit_json_begin_object(w);
  for (guint r = 0; r < n; r++)
    switch (t->shape) {
    case AUDIT_SHAPE_ARRAY:
      audit_json_begin_object(w);
      write_fields(w, t, r, 0);
      audit_json_end_object(w);
      break;
    case AUDIT_SHAPE_LIST:
      write_cell(w, audit_section_cell(t, r, 0));
      break;
    case AUDIT_SHAPE_KEYED:
      audit_json_key(w, audit_section_cell(t, r, 0)->s);
      audit_json_begin_object(w);
      write_fields(w, t, r, 1);
      audit_json_end_object(w);
      break;
    case AUDIT_SHAPE_MAP:
      audit_json_key(w, audit_section_cell(t, r, 0)->s);
      write_cell(w, audit_section_cell(t, r, value_column(t)));
      break;
    default:
      break;
    }
  if (array)
    audit_json_end_array(w);
  else
    audit_json_end_object(w);
}

static guint path_len(char *const *path)
{
  return path ? g_strv_length((char **)path) : 0;
}

/* A section as an object of its tables: each table under its path, the
 * objects on the way opened as needed and closed when the next table is
 * elsewhere. */
static void write_section_object(AuditJson *w, const AuditSection *s)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new(); /* the keys of the objects open below the section's */
  audit_json_begin_object(w);
  for (guint i = 0; i < s->tables->len; i++) {
    const AuditSectionTable *t = s->tables->pdata[i];
    if (t->shape == AUDIT_SHAPE_NONE)
      continue;
    /* an OBJECT table is an object under its key that the next tables may fill */
    gboolean object = t->shape == AUDIT_SHAPE_OBJECT;
    guint n = path_len(t->path) + object, k = 0;
#define STEP(i) ((i) < path_len(t->path) ? t->path[i] : t->key)
    while (k < open->len && k < n && strcmp(open->pdata[k], STEP(k)) == 0)
      k++;
    while (open->len > k) {
      audit_json_end_object(w);
      g_ptr_array_set_size(open, open->len - 1);
    }
    for (; k < n; k++) {
      audit_json_key(w, STEP(k));
      audit_json_begin_object(w);
      g_ptr_array_add(open, (gpointer)STEP(k));
    }
#undef STEP
    switch (t->shape) {
    case AUDIT_SHAPE_FIELDS:
      for (guint r = 0; r < audit_section_table_rows(t); r++)
        write_fields(w, t, r, 0);
      break;
    case AUDIT_SHAPE_OBJECT:
      break;
    default:
      audit_json_key(w, t->key);
      write_table_value(w, t);
      break;
    }
  }
  for (guint k = 0; k < open->len; k++)
    audit_json_end_object(w);
  audit_json_end_object(w);
}

static void write_section(AuditJson *w, const AuditSection *s)
{
  audit_json_key(w, s->id);
  if (s->json == AUDIT_SECTION_JSON_NULL)
    audit_json_null(w);
  else if (s->skipped) {
    audit_json_begin_object(w);
    audit_json_key(w, "skipped");
    audit_json_string(w, s->skipped);
    audit_json_end_object(w);
  }
  else if (s->json == AUDIT_SECTION_JSON_BARE && s->tables->len)
    write_table_value(w, s->tables->pdata[0]);
  else
    write_section_object(w, s);
}

/* The sections of the run at the top level; the analytics in their object. */
static void write_sections(AuditJson *w, const AuditResult *r, gboolean analytics)
{
  if (analytics) {
    audit_json_key(w, "analytics");
    audit_json_begin_object(w);
  }
  for (guint i = 0; r->sections && i < r->sections->len; i++) {
    const AuditSection *s = r->sections->pdata[i];
    if ((s->place != AUDIT_SECTION_RUN) == analytics)
      write_section(w, s);
  }
  if (analytics)
    audit_json_end_object(w);
}

void audit_report_json_head(AuditJson *w, gint32 as_of)
{
  audit_json_key(w, "tool");
  audit_json_begin_object(w);
  audit_json_key(w, "name");
  audit_json_string(w, "crm-audit");
  audit_json_key(w, "version");
  audit_json_string(w, CRM_AUDIT_VERSION);
  audit_json_end_object(w);
  char day[11];
  audit_day_format(as_of, day);
  audit_json_key(w, "as_of");
  audit_json_string(w, day);
}

gboolean audit_report_json(FILE *fp, gconstpointer data, GError **error)
{
  const AuditResult *r = data;
  AuditJson w;
  audit_json_init(&w, fp, 2);
  audit_json_begin_object(&w);
  audit_report_json_head(&w, r->as_of);
  audit_json_key(&w, "config");
  audit_json_begin_object(&w);
  audit_json_key(&w, "path");
  if (r->config->path)
    audit_json_string(&w, r->config->path);
  else
    audit_json_null(&w);
  audit_json_key(&w, "hash"); /* SHA-256 of the file's bytes */
  if (r->config_hash)
    audit_json_string(&w, r->config_hash);
  else
    audit_json_null(&w);
  audit_json_end_object(&w);
  write_input(&w, r->model);
  write_sections(&w, r, FALSE);
  write_checks(&w, r);
  audit_json_key(&w, "findings");
  audit_json_begin_array(&w);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++)
      write_finding(&w, r->model, s, audit_sink_get(s, k));
  }
  audit_json_end_array(&w);
  write_summary(&w, r);
  write_sections(&w, r, TRUE);
  audit_json_end_object(&w);
  fputc('\n', fp);
  audit_json_clear(&w);
  return TRUE;
}
