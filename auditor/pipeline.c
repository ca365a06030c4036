/* One audit, as ARCHITECTURE.md draws it: config -> load -> derive ->
 * checks -> rollups -> result. The checks come from the face (o->registry);
 * progress and timing go through the face's callbacks; nothing is printed
 * and nothing is written here. */
#include "pipeline.h"
#include "migration.h"
#include "derive.h"
#include "baseline.h"
#include "analytics.h"
#include "timing.h"
#include "untrusted.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

void audit_result_free(AuditResult *r)
{
  if (!r)
    return;
  const AuditRegistry *reg = r->registry;
  for (guint i = 0; r->sinks && reg && i < reg->n; i++)
    audit_sink_free(r->sinks[i]);
  g_free(r->sinks);
  if (r->skip_reasons && reg)
    for (guint i = 0; i < reg->n; i++)
      g_free(r->skip_reasons[i]);
  g_free(r->skip_reasons);
  if (r->owners) {
    for (guint i = 0; i < r->owners->len; i++)
      g_free(g_array_index(r->owners, AuditOwnerCount, i).by_check);
    g_array_unref(r->owners);
  }
  if (r->gone)
    g_array_unref(r->gone); /* its strings are the baseline's */
  audit_baseline_free(r->baseline);
  audit_analytics_free(r->analytics);
  audit_migration_free(r->migration);
  if (r->sections)
    g_ptr_array_unref(r->sections);
  g_free(r->trend_checks);
  for (guint i = 0; r->not_comparable && reg && i < reg->n; i++)
    if (r->not_comparable[i])
      g_ptr_array_unref(r->not_comparable[i]);
  g_free(r->not_comparable);
  g_free(r->fix_withheld); /* its strings are the sinks' */
  audit_shared_free(r->shared);
  if (r->strs)
    g_string_chunk_free(r->strs);
  audit_model_free(r->model);
  audit_config_free(r->config);
  g_free(r->config_hash);
  g_free(r);
}

/* Names that carry bidi controls (U+202A-202E, U+2066-2069) can read
 * reversed or reordered: report.html isolates a finding's CRM text and the
 * terminal gets them escaped, and the run says where they are, once per
 * file, with an example record. */
static void notice_bidi_names(AuditModel *m)
{
  static const struct {
    AuditObject obj;
    guint fields[4];
    guint n;
  } names[] = {
    {AUDIT_OBJ_ACCOUNT, {ACCOUNT_NAME}, 1},
    {AUDIT_OBJ_CONTACT, {CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_NAME}, 3},
    {AUDIT_OBJ_LEAD, {LEAD_FIRST_NAME, LEAD_LAST_NAME, LEAD_NAME, LEAD_COMPANY}, 4},
    {AUDIT_OBJ_OPPORTUNITY, {OPPORTUNITY_NAME}, 1},
    {AUDIT_OBJ_USER, {USER_NAME, USER_FIRST_NAME, USER_LAST_NAME}, 3},
  };
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    const AuditTable *t = &m->tables[names[i].obj];
    if (!t->present)
      continue;
    guint count = 0;
    gint64 example = -1;
    for (guint r = 0; r < t->nrows; r++)
      for (guint k = 0; k < names[i].n; k++)
        if (t->known[names[i].fields[k]] >= 0 && audit_text_has_bidi(audit_text(t, r, names[i].fields[k]), -1)) {
          if (example < 0)
            example = r;
          count++;
          break;
        }
    if (count)
      audit_model_notice(m, "names: %u record%s of %s carry bidi control characters (U+202A-U+202E, U+2066-U+2069) "
                         "that can reorder how a name reads, such as %s: report.html isolates them; look at these "
                         "names in the CRM", count, count == 1 ? "" : "s", t->file, audit_id(t, (guint)example));
  }
}

static gboolean same_file(const char *a, const char *b)
{
  GStatBuf sa, sb;
  return g_stat(a, &sa) == 0 && g_stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The config: --config, else crm-audit.ini in the working directory. One in
 * the export folder is never read unless --config names it: the export is
 * untrusted, and a config there could turn checks off or set record_url (it
 * is mentioned in a notice, *ignored, set to its path). The working
 * directory's is skipped too when it is that same file (a run from inside the
 * export folder). */
static char *find_config(const AuditRunOptions *o, char **ignored)
{
  g_autofree char *in_export = g_build_filename(o->export_dir, "crm-audit.ini", NULL);
  gboolean there = g_file_test(in_export, G_FILE_TEST_IS_REGULAR);
  if (o->config_path) {
    if (there && !same_file(o->config_path, in_export))
      *ignored = g_steal_pointer(&in_export);
    return g_strdup(o->config_path);
  }
  if (there)
    *ignored = g_strdup(in_export);
  if (g_file_test("crm-audit.ini", G_FILE_TEST_IS_REGULAR) && !(there && same_file("crm-audit.ini", in_export)))
    return g_strdup("crm-audit.ini");
  return NULL;
}

/* The first column this check cannot run without that the export lacks
 * ("Object.Field" from the descriptor), NULL when it has them all. */
static const char *missing_column(const AuditModel *m, const AuditCheck *c, const AuditTable **table)
{
  for (guint k = 0; c->columns && c->columns[k]; k++) {
    const char *dot = strchr(c->columns[k], '.');
    g_autofree char *obj_name = g_strndup(c->columns[k], (gsize)(dot - c->columns[k]));
    AuditObject obj;
    if (!audit_object_from_name(obj_name, &obj))
      g_error("bug in check %s: column %s", c->id, c->columns[k]);
    const AuditTable *t = &m->tables[obj];
    if (t->present && audit_table_column(t, dot + 1) < 0) {
      *table = t;
      return c->columns[k];
    }
  }
  return NULL;
}

/* A check the export lacks a column for is skipped with the reason, as for a
 * missing file; only a check named by --only is an input error (exit 2),
 * naming every such check that needs the column, so that one --skip gets
 * past it. */
static gboolean check_columns(const AuditRunOptions *o, const AuditModel *m, char **skip_reasons, GError **error)
{
  const AuditRegistry *reg = o->registry;
  const AuditTable *t = NULL;
  const char *col = NULL;
  for (guint i = 0; i < reg->n && !col; i++)
    if (!skip_reasons[i] && o->only)
      col = missing_column(m, reg->checks[i], &t);
  if (col) {
    GString *ids = g_string_new(NULL);
    for (guint i = 0; i < reg->n; i++) {
      const AuditTable *ti;
      const char *ci;
      if (!skip_reasons[i] && (ci = missing_column(m, reg->checks[i], &ti)) && strcmp(ci, col) == 0)
        g_string_append_printf(ids, "%s%s", ids->len ? "," : "", reg->checks[i]->id);
    }
    gboolean several = strchr(ids->str, ',') != NULL;
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT,
                "%s:1:1: expected a column %s (%s %s need%s it; skip %s with --skip %s), found none among the %u "
                "columns", t->path, strchr(col, '.') + 1, several ? "checks" : "check", ids->str, several ? "" : "s",
                several ? "them" : "it", ids->str, t->ncols);
    g_string_free(ids, TRUE);
    return FALSE;
  }
  for (guint i = 0; i < reg->n; i++)
    if (!skip_reasons[i] && (col = missing_column(m, reg->checks[i], &t)))
      skip_reasons[i] = g_strdup_printf("%s has no %s column", t->file, strchr(col, '.') + 1);
  return TRUE;
}

static char *skip_reason(const AuditRunOptions *o, const AuditConfig *cfg, const AuditModel *m, guint i)
{
  const AuditCheck *c = o->registry->checks[i];
  if (o->only && !g_strv_contains((const char *const *)o->only, c->id))
    return g_strdup("not selected by --only");
  if (o->skip && g_strv_contains((const char *const *)o->skip, c->id))
    return g_strdup("skipped by --skip");
  if (!audit_check_enabled_somewhere(&cfg->checks[i], cfg->nsegments))
    return g_strdup_printf("disabled in %s", cfg->path ? cfg->path : "the config");
  if (!c->run)
    return g_strdup("not implemented yet in crm-audit " CRM_AUDIT_VERSION);
  GString *missing = NULL;
  for (guint ob = 0; ob < AUDIT_OBJ_COUNT; ob++)
    if ((c->needs & AUDIT_BIT(ob)) && !m->tables[ob].present) {
      if (!missing)
        missing = g_string_new(NULL);
      else
        g_string_append(missing, ", ");
      g_string_append_printf(missing, "%s.csv", audit_object_name((AuditObject)ob));
    }
  if (missing) {
    g_string_append(missing, missing->len && strchr(missing->str, ',') ? " are not in the export"
                                                                       : " is not in the export");
    return g_string_free(missing, FALSE);
  }
  for (guint k = 0; c->wants && c->wants[k]; k++) {
    const char *dot = strchr(c->wants[k], '.');
    g_autofree char *obj_name = g_strndup(c->wants[k], (gsize)(dot - c->wants[k]));
    AuditObject obj;
    if (!audit_object_from_name(obj_name, &obj))
      g_error("bug in check %s: column %s", c->id, c->wants[k]);
    const AuditTable *t = &m->tables[obj];
    if (audit_table_column(t, dot + 1) < 0)
      return g_strdup_printf("%s has no %s column", t->file ? t->file : obj_name, dot + 1);
  }
  return NULL;
}

typedef struct {
  AuditResult *r;
  const AuditRunOptions *o;
  GMutex lock;
  guint done, total;
} CheckJobs;

static void check_worker(gpointer data, gpointer user)
{
  CheckJobs *j = user;
  guint i = GPOINTER_TO_UINT(data) - 1;
  const AuditCheck *c = j->r->registry->checks[i];
  const AuditConfig *cfg = j->r->config;
  const AuditCheckSettings *st = &cfg->checks[i];
  AuditContext ctx = {
    .sinks = c->after_others ? j->r->sinks : NULL,
    .skip_reasons = (const char *const *)j->r->skip_reasons,
    .model = j->r->model,
    .config = cfg,
    .check = c,
    .check_index = i,
    .as_of = j->r->as_of,
    .nsegments = cfg->nsegments,
    .shared = j->r->shared,
  };
  AuditSink *sink = audit_sink_new(j->r->model, c, st->severity);
  audit_sink_segments(sink, st->seg_enabled, st->seg_severity, cfg->nsegments);
  gint64 t0 = g_get_monotonic_time();
  struct timespec cpu0, cpu1; /* this thread's CPU time: steady on a busy machine, unlike wall time */
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
  c->run(&ctx, sink);
  audit_sink_fold_conventions(sink, &ctx);
  audit_sink_finish(sink);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1);
  audit_timing("check %s %.2f s (%.2f s CPU)", c->id, audit_timing_since(t0),
               (double)(cpu1.tv_sec - cpu0.tv_sec) + (cpu1.tv_nsec - cpu0.tv_nsec) / 1e9);
  j->r->sinks[i] = sink;
  if (j->o->checked) {
    g_mutex_lock(&j->lock);
    j->done++;
    j->o->checked(c, sink, j->done, j->total, j->o->progress_data);
    g_mutex_unlock(&j->lock);
  }
}

static gint compare_owner_counts(gconstpointer a, gconstpointer b)
{
  return strcmp(((const AuditOwnerCount *)a)->owner, ((const AuditOwnerCount *)b)->owner);
}

static AuditOwnerCount *owner_entry(AuditResult *r, GHashTable *index, const char *owner)
{
  gpointer at;
  if (!g_hash_table_lookup_extended(index, owner, NULL, &at)) {
    const AuditModel *m = r->model;
    char buf[512];
    const char *name = audit_user_name(m, owner, buf, sizeof buf);
    AuditOwnerCount c = {g_string_chunk_insert_const(r->strs, owner),
                         name ? g_string_chunk_insert(r->strs, name) : NULL, -1, {0}, 0,
                         g_new0(guint, r->registry->n), {0}};
    const AuditTable *u = &m->tables[AUDIT_OBJ_USER];
    gint32 row = *owner && u->present ? audit_table_find(u, owner, strlen(owner)) : -1;
    if (row >= 0)
      c.active = audit_flag(u, (guint)row, USER_IS_ACTIVE);
    if (c.active == AUDIT_BOOL_NONE)
      c.active = -1;
    g_array_append_val(r->owners, c);
    at = GUINT_TO_POINTER(r->owners->len - 1);
    g_hash_table_insert(index, (gpointer)c.owner, at);
  }
  return &g_array_index(r->owners, AuditOwnerCount, GPOINTER_TO_UINT(at));
}

typedef struct {
  AuditResult *r;
  GHashTable *index;
} FixedCount;

/* Ran, and compares with the baseline. */
static gboolean check_ran(const char *check, gpointer user)
{
  FixedCount *fc = user;
  gint i = audit_registry_lookup(fc->r->registry, check);
  return i >= 0 && fc->r->sinks[i] != NULL && !fc->r->not_comparable[i];
}

/* A baseline finding gone since: fixed when its record is still in the
 * export, gone with its record, or aged out of a windowed check's window. */
static void count_gone(const AuditBaselineFinding *f, gpointer user)
{
  FixedCount *fc = user;
  AuditResult *r = fc->r;
  const AuditRegistry *reg = r->registry;
  gint i = audit_registry_lookup(reg, f->check);
  AuditObject obj;
  gboolean there = FALSE;
  if (audit_object_from_name(f->object, &obj)) {
    const AuditTable *t = &r->model->tables[obj];
    there = t->present && *f->record && audit_table_find(t, f->record, strlen(f->record)) >= 0;
  }
  AuditOwnerCount *oc = owner_entry(r, fc->index, f->owner);
  AuditGoneFinding g = {*f, NULL};
  if (reg->checks[i]->windowed) {
    g.as = "aged out";
    r->trend.aged++, r->trend_checks[i].aged++, oc->trend.aged++;
  } else if (there) {
    g.as = "fixed";
    r->trend.fixed++, r->trend_checks[i].fixed++, oc->trend.fixed++;
  } else {
    g.as = "gone";
    r->trend.gone++, r->trend_checks[i].gone++, oc->trend.gone++;
  }
  g_array_append_val(r->gone, g);
}

/* Findings per owner (per severity, per check, and the trend against the
 * baseline), for the summaries of every report. */
static void count_owners(AuditResult *r)
{
  const AuditModel *m = r->model;
  const AuditRegistry *reg = r->registry;
  r->strs = g_string_chunk_new(4096);
  r->owners = g_array_new(FALSE, FALSE, sizeof(AuditOwnerCount));
  g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < reg->n; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      const char *owner = f->row >= 0 ? audit_record_owner(m, f->object, (guint)f->row) : "";
      AuditOwnerCount *c = owner_entry(r, index, owner);
      c->n[f->severity]++;
      c->total++;
      c->by_check[i]++;
      if (f->trend == AUDIT_TREND_NEW)
        c->trend.new_++;
      else if (f->trend == AUDIT_TREND_PERSISTING)
        c->trend.persisting++;
    }
  }
  if (r->baseline) {
    FixedCount fc = {r, index};
    r->gone = g_array_new(FALSE, FALSE, sizeof(AuditGoneFinding));
    audit_baseline_foreach_gone(r->baseline, check_ran, count_gone, &fc);
  }
  g_array_sort(r->owners, compare_owner_counts);
}

static void option_change_free(gpointer p)
{
  AuditOptionChange *c = p;
  g_free(c->option);
  g_free(c->was);
  g_free(c->now);
  g_free(c);
}

static gint compare_option_changes(gconstpointer a, gconstpointer b)
{
  return strcmp((*(AuditOptionChange *const *)a)->option, (*(AuditOptionChange *const *)b)->option);
}

typedef struct {
  GHashTable *was; /* the baseline's */
  GHashTable *seen;
  GPtrArray *changes;
} OptionCompare;

static void compare_option(const char *key, const char *value, gpointer user)
{
  OptionCompare *oc = user;
  const char *was = g_hash_table_lookup(oc->was, key);
  g_hash_table_add(oc->seen, g_strdup(key)); /* key is the foreach's buffer */
  if (g_strcmp0(was, value) != 0) {
    AuditOptionChange *c = g_new(AuditOptionChange, 1);
    *c = (AuditOptionChange){g_strdup(key), g_strdup(was), g_strdup(value)};
    g_ptr_array_add(oc->changes, c);
  }
}

/* The check's settings that changed since the baseline, NULL when none did
 * (or the baseline recorded none). */
static GPtrArray *option_changes(const AuditResult *r, guint i)
{
  GHashTable *was = audit_baseline_check_options(r->baseline, r->registry->checks[i]->id);
  if (!was)
    return NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  OptionCompare oc = {was, seen, g_ptr_array_new_with_free_func(option_change_free)};
  audit_check_identity_foreach(r->config, i, compare_option, &oc);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, was);
  while (g_hash_table_iter_next(&it, &k, &v))
    if (!g_hash_table_contains(seen, k)) { /* set then, not now */
      AuditOptionChange *c = g_new(AuditOptionChange, 1);
      *c = (AuditOptionChange){g_strdup(k), g_strdup(v), NULL};
      g_ptr_array_add(oc.changes, c);
    }
  if (!oc.changes->len) {
    g_ptr_array_unref(oc.changes);
    return NULL;
  }
  g_ptr_array_sort(oc.changes, compare_option_changes);
  return oc.changes;
}

/* New or persisting, by fingerprint; a check whose settings changed since
 * the baseline is neither. */
static void mark_trend(AuditResult *r)
{
  const AuditRegistry *reg = r->registry;
  r->trend_checks = g_new0(AuditTrend, reg->n);
  r->not_comparable = g_new0(GPtrArray *, reg->n);
  for (guint i = 0; i < reg->n; i++) {
    AuditSink *s = r->sinks[i];
    if (s && (r->not_comparable[i] = option_changes(r, i)))
      continue;
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      AuditFinding *f = &g_array_index(s->findings, AuditFinding, k);
      gboolean was = audit_baseline_take(r->baseline, reg->checks[i]->id, f->fingerprint);
      f->trend = was ? AUDIT_TREND_PERSISTING : AUDIT_TREND_NEW;
      if (was) {
        r->trend.persisting++;
        r->trend_checks[i].persisting++;
      } else {
        r->trend.new_++;
        r->trend_checks[i].new_++;
      }
    }
  }
}

/* --previous DIR: the last export's Contact.csv (Account.csv too when there,
 * for the names of accounts gone since), and the contacts gone since. */
static gboolean load_previous(AuditResult *r, const AuditRunOptions *o, GError **error)
{
  AuditModel *prev = audit_model_new();
  r->model->previous = prev;
  AuditLoadOptions lo = {
    .encoding = o->encoding,
    .jobs = o->jobs,
    .only = AUDIT_BIT(AUDIT_OBJ_CONTACT) | AUDIT_BIT(AUDIT_OBJ_ACCOUNT),
    .date_order = r->config->date_order,
  };
  if (!audit_model_load(prev, o->previous_dir, &lo, error))
    return FALSE; /* FILE:LINE:COLUMN, in the previous folder */
  if (!prev->tables[AUDIT_OBJ_CONTACT].present) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT,
                "--previous %s: expected the previous export's Contact.csv there, found none", o->previous_dir);
    return FALSE;
  }
  const AuditTable *was = &prev->tables[AUDIT_OBJ_CONTACT], *now = &r->model->tables[AUDIT_OBJ_CONTACT];
  r->previous_contacts = 0;
  r->previous_gone = 0;
  for (guint i = 0; i < was->nrows; i++) {
    const char *id = audit_id(was, i);
    gint32 first = audit_table_find(was, id, strlen(id));
    if (first != (gint32)i)
      continue; /* a repeated row */
    r->previous_contacts++;
    if (!now->present || audit_table_find(now, id, strlen(id)) < 0)
      r->previous_gone++;
  }
  return TRUE;
}

AuditResult *audit_pipeline_run(const AuditRunOptions *o, GError **error)
{
  const AuditRegistry *reg = o->registry;
  g_autoptr(AuditResult) r = g_new0(AuditResult, 1);
  g_autofree char *ignored_config = NULL;
  g_autofree char *config_path = find_config(o, &ignored_config);
  r->config = audit_config_load(reg, config_path, error);
  if (!r->config)
    return NULL;
  r->registry = &r->config->registry;
  /* the config's identity (findings.json, run.json): its bytes' SHA-256 */
  g_autofree char *config_text = NULL;
  gsize config_len = 0;
  if (config_path && g_file_get_contents(config_path, &config_text, &config_len, NULL))
    r->config_hash = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)config_text, config_len);
  if (o->baseline && !(r->baseline = audit_baseline_load(o->baseline, error)))
    return NULL;

  r->model = audit_model_new();
  if (ignored_config)
    audit_model_notice(r->model, "config: %s is in the export folder and was not read (a config there is used only "
                       "when --config names it)", ignored_config);
  r->model->open_stages = g_strdupv(r->config->stages_open);
  AuditLoadOptions lo = {
    .encoding = o->encoding,
    .jobs = o->jobs,
    .progress = o->loaded,
    .progress_data = o->progress_data,
    .date_order = r->config->date_order,
  };
  if (!audit_model_load(r->model, o->export_dir, &lo, error))
    return NULL;
  notice_bidi_names(r->model);
  if (!audit_derive(r->model, r->config, o->jobs, o->as_of, &r->as_of, error))
    return NULL;
  r->previous_contacts = -1;
  if (o->previous_dir && !load_previous(r, o, error))
    return NULL;

  r->sinks = g_new0(AuditSink *, reg->n);
  r->skip_reasons = g_new0(char *, reg->n);
  CheckJobs j = {.r = r, .o = o};
  g_mutex_init(&j.lock);
  for (guint i = 0; i < reg->n; i++)
    r->skip_reasons[i] = skip_reason(o, r->config, r->model, i);
  if (!check_columns(o, r->model, r->skip_reasons, error)) {
    g_mutex_clear(&j.lock);
    return NULL;
  }
  for (guint i = 0; i < reg->n; i++) {
    if (!r->skip_reasons[i]) {
      if (reg->checks[i]->unavailable) {
        GError *err = NULL;
        r->skip_reasons[i] = reg->checks[i]->unavailable(r->config, r->model, &err);
        if (err) {
          g_propagate_error(error, err);
          g_mutex_clear(&j.lock);
          return NULL;
        }
      }
      if (!r->skip_reasons[i])
        j.total++;
    }
  }
  if (j.total == 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE, "no check can run: %s",
                o->only ? "the checks named by --only are skipped or not implemented yet (see crm-audit checks)"
                        : "every check is disabled or skipped");
    g_mutex_clear(&j.lock);
    return NULL;
  }
  r->shared = audit_shared_new(); /* what checks derive once and share (the lead plan, account features) */
  GThreadPool *pool = g_thread_pool_new(check_worker, &j, (gint)MAX(o->jobs, 1), FALSE, NULL);
  for (guint i = 0; i < reg->n; i++)
    if (!r->skip_reasons[i] && !reg->checks[i]->after_others)
      g_thread_pool_push(pool, GUINT_TO_POINTER(i + 1), NULL);
  g_thread_pool_free(pool, FALSE, TRUE);
  /* the review lists, once the findings they cross-reference are in */
  for (guint i = 0; i < reg->n; i++)
    if (!r->skip_reasons[i] && reg->checks[i]->after_others)
      check_worker(GUINT_TO_POINTER(i + 1), &j);
  g_mutex_clear(&j.lock);
  GPtrArray *told = audit_shared_notices(r->shared); /* the checks' notices join the model's */
  for (guint i = 0; i < told->len; i++)
    audit_model_notice(r->model, "%s", (const char *)told->pdata[i]);
  g_clear_pointer(&r->shared, audit_shared_free);

  for (guint i = 0; i < reg->n; i++)
    for (guint k = 0; r->sinks[i] && k < audit_sink_count(r->sinks[i]); k++)
      r->counts[audit_sink_get(r->sinks[i], k)->severity]++;
  if (r->baseline)
    mark_trend(r);
  count_owners(r);
  gint64 ta = g_get_monotonic_time();
  r->analytics = audit_analytics_compute(r->model, r->config, r->as_of, o->period_from, o->period_to);
  audit_timing("analytics %.2f s", audit_timing_since(ta));
  const AuditModel *mm = r->model;
  if ((mm->tables[AUDIT_OBJ_CONTACT].present || mm->tables[AUDIT_OBJ_ACCOUNT].present) &&
      !mm->tables[AUDIT_OBJ_TASK].present && !mm->tables[AUDIT_OBJ_EVENT].present)
    audit_model_notice(r->model, "activities: no Task.csv or Event.csv in the export: the rules on activity "
                       "(contact-stale, account-stagnant, contact-role-suggested, the win-loss engagement) read "
                       "LastActivityDate alone");
  audit_model_sort_notes(r->model);
  return g_steal_pointer(&r);
}
