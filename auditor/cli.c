/* The face of `crm-audit run` (cli.h): everything the user sees of a run.
 * main.c parses the arguments; this file shows progress, runs the pipeline,
 * walks the table of writers, prints the summary and decides the exit status. */
#include "cli.h"
#include "sections.h"
#include "migration.h"
#include "outdir.h"
#include "registry.h"
#include "reports.h"
#include "timing.h"
#include "untrusted.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* Everything a run prints passes here: CRM values reach the summary, the
 * notices and the error messages, and must not drive the terminal (escape
 * sequences, control and bidi characters are written escaped,
 * audit_text_escape_terminal; newlines and tabs are the messages' own). */
static void write_escaped(const char *text, FILE *to)
{
  g_autofree char *safe = audit_text_escape_terminal(text, TRUE);
  const char *charset;
  if (!g_get_console_charset(&charset)) {
    g_autofree char *local = g_convert_with_fallback(safe, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
    if (local) {
      fputs(local, to);
      fflush(to);
      return;
    }
  }
  fputs(safe, to);
  fflush(to);
}

static void print_escaped(const char *text)
{
  write_escaped(text, stdout);
}

static void printerr_escaped(const char *text)
{
  write_escaped(text, stderr);
}

static void print_timing(const char *line, gpointer user)
{
  g_printerr("timing: %s\n", line);
}

static void progress_loaded(const AuditTable *t, gpointer user)
{
  g_printerr("crm-audit: read %s: %u rows\n", t->file, t->nrows);
}

static void progress_checked(const AuditCheck *c, const AuditSink *sink, guint done, guint total, gpointer user)
{
  g_printerr("crm-audit: [%u/%u] %s: %u finding%s\n", done, total, c->id, audit_sink_count(sink),
             audit_sink_count(sink) == 1 ? "" : "s");
}

/* Why many values of one column cannot be read: a spreadsheet's reformatting
 * (digits and punctuation a date or number field does not take: 1/13/26,
 * 1,250.00), impossible days, or a day order nothing tells. */
static const char *unreadable_hint(const AuditInvalidValue *v, const char *value)
{
  if (v->reason == AUDIT_INVALID_NOT_A_DAY)
    return " (not calendar dates)";
  if (v->reason == AUDIT_INVALID_DAY_ORDER)
    return " (month or day first? set [input] date_order)";
  if (v->reason == AUDIT_INVALID_DAY_ORDER_MIXED)
    return " (dates written both month first and day first: fix them in the CRM or the report's locale)";
  if (v->type == AUDIT_FT_BOOL)
    return "";
  for (const char *p = value; *p; p++)
    if (g_ascii_isalpha(*p))
      return "";
  return " (was the file re-saved by a spreadsheet?)";
}

/* Many unreadable values in one column: say so once per column. */
static void print_unreadable_columns(const AuditTable *t)
{
  if (!t->present || !t->invalid || t->invalid->len < 10)
    return;
  g_autofree guint *count = g_new0(guint, t->ncols);
  g_autofree guint *example = g_new(guint, t->ncols);
  for (guint i = 0; i < t->invalid->len; i++) {
    const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, i);
    if (count[v->column]++ == 0)
      example[v->column] = i;
  }
  for (guint c = 0; c < t->ncols; c++)
    if (count[c] >= 10) {
      const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, example[c]);
      const char *value = audit_cell(t, v->row, (gint)c);
      g_autofree char *shown = audit_text_escape_terminal(value, FALSE); /* a line of its own, whatever the value */
      g_print("  unreadable: %u values of %s in %s, such as '%s'%s\n", count[c], t->columns[c], t->file, shown,
              unreadable_hint(v, value));
    }
}

/* NULs and other control bytes dropped from values: one line per file. */
static void print_control_bytes(const AuditTable *t)
{
  if (!t->present || !t->control_dropped)
    return;
  GString *cols = g_string_new(NULL);
  guint total = 0;
  for (guint c = 0; c < t->ncols; c++)
    if (t->control_dropped[c]) {
      g_string_append_printf(cols, "%s%s %u", cols->len ? ", " : "", t->columns[c], t->control_dropped[c]);
      total += t->control_dropped[c];
    }
  g_print("  control bytes: %u dropped from values in %s (%s): NUL and other control characters\n", total, t->file,
          cols->str);
  g_string_free(cols, TRUE);
}

/* Skipped checks, grouped by reason (a missing file or column first among
 * what the reader must see); the checks that could have run are named. */
static void print_skipped(const AuditResult *r)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new();
  for (guint i = 0; i < r->registry->n; i++)
    if (!r->sinks[i] && !g_ptr_array_find_with_equal_func(reasons, r->skip_reasons[i], g_str_equal, NULL))
      g_ptr_array_add(reasons, r->skip_reasons[i]);
  for (guint k = 0; k < reasons->len; k++) {
    GString *ids = g_string_new(NULL);
    guint n = 0;
    for (guint i = 0; i < r->registry->n; i++)
      if (!r->sinks[i] && strcmp(r->skip_reasons[i], reasons->pdata[k]) == 0) {
        if (n++ < 4)
          g_string_append_printf(ids, "%s%s", ids->len ? ", " : "", r->registry->checks[i]->id);
      }
    if (n > 4)
      g_string_append_printf(ids, " and %u more", n - 4);
    g_print("  %s %s: %s\n", k == 0 ? "skipped:" : "        ", (const char *)reasons->pdata[k], ids->str);
    g_string_free(ids, TRUE);
  }
}

static void print_summary(const AuditCliOptions *o, const AuditResult *r, GPtrArray *written, GPtrArray *kept)
{
  const AuditModel *m = r->model;
  char day[11];
  audit_day_format(r->as_of, day);
  g_print("crm-audit %s: %s as of %s\n", CRM_AUDIT_VERSION, o->run.export_dir, day);
  GString *line = g_string_new("  records:");
  guint deleted = 0;
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++) {
    const AuditTable *t = &m->tables[i];
    if (t->present)
      g_string_append_printf(line, " %s %u,", t->name, t->nrows);
    deleted += t->rows_deleted;
  }
  if (line->str[line->len - 1] == ',')
    g_string_truncate(line, line->len - 1);
  g_print("%s\n", line->str);
  g_string_free(line, TRUE);
  if (deleted)
    g_print("  recycle bin: %u deleted row%s skipped (IsDeleted)\n", deleted, deleted == 1 ? "" : "s");
  /* the files not read as UTF-8, on one line */
  GString *enc = g_string_new(NULL);
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++) {
    const AuditTable *t = &m->tables[i];
    if (!t->present || strcmp(t->encoding, "utf-8") == 0)
      continue;
    g_string_append_printf(enc, "%s%s", enc->len ? ", " : "", t->file);
    if (t->encoding_line)
      g_string_append_printf(enc, " (line %u is not UTF-8)", t->encoding_line);
  }
  if (enc->len)
    g_print("  encoding: read as windows-1252: %s\n", enc->str);
  g_string_free(enc, TRUE);
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++) {
    const AuditTable *t = &m->tables[i];
    if (t->present && t->rows_blank)
      g_print("  blank rows: %u in %s skipped (every field empty)\n", t->rows_blank, t->file);
    print_control_bytes(t);
    print_unreadable_columns(t);
  }
  const AuditModel *mm = r->model;
  for (guint i = 0; i < mm->inferred->len; i++) {
    const AuditInference *x = mm->inferred->pdata[i];
    g_print("  inferred: %s = %s, from %s%s%s%s\n", x->what, x->value, x->from, x->override ? " (override: " : "",
            x->override ? x->override : "", x->override ? ")" : "");
  }
  for (guint i = 0; i < mm->notices->len; i++)
    g_print("  warning: %s\n", (const char *)mm->notices->pdata[i]);
  print_skipped(r);
  g_print("  findings: %u error%s, %u warning%s, %u info\n", r->counts[AUDIT_SEV_ERROR],
          r->counts[AUDIT_SEV_ERROR] == 1 ? "" : "s", r->counts[AUDIT_SEV_WARNING],
          r->counts[AUDIT_SEV_WARNING] == 1 ? "" : "s", r->counts[AUDIT_SEV_INFO]);
  if (r->baseline)
    g_print("  since %s: %u new, %u persisting, %u fixed (and %u gone with their records, %u aged out of "
            "their window)\n", audit_baseline_path(r->baseline), r->trend.new_, r->trend.persisting, r->trend.fixed,
            r->trend.gone, r->trend.aged);
  for (guint i = 0; r->baseline && i < r->registry->n; i++)
    if (r->not_comparable[i]) {
      GPtrArray *ch = r->not_comparable[i];
      GString *opts = g_string_new(NULL);
      for (guint k = 0; k < ch->len; k++)
        g_string_append_printf(opts, "%s%s", k ? ", " : "", ((const AuditOptionChange *)ch->pdata[k])->option);
      g_print("  not comparable: %s (%u finding%s, neither new nor fixed): %s changed since the baseline\n",
              r->registry->checks[i]->id, audit_sink_count(r->sinks[i]),
              audit_sink_count(r->sinks[i]) == 1 ? "" : "s", opts->str);
      g_string_free(opts, TRUE);
    }

  /* top checks: the most severe first (errors before a long list of notes), then by count, then registry order */
  guint n = 0;
  g_autofree guint *order = g_new(guint, r->registry->n);
  g_autofree AuditSeverity *worst = g_new(AuditSeverity, r->registry->n);
  for (guint i = 0; i < r->registry->n; i++)
    if (r->sinks[i] && audit_sink_count(r->sinks[i])) {
      worst[i] = AUDIT_SEV_INFO;
      for (guint k = 0; k < audit_sink_count(r->sinks[i]); k++)
        worst[i] = MAX(worst[i], audit_sink_get(r->sinks[i], k)->severity);
      order[n++] = i;
    }
#define AHEAD(x, y)                                                                                                \
  (worst[x] != worst[y] ? worst[x] > worst[y] : audit_sink_count(r->sinks[x]) > audit_sink_count(r->sinks[y]))
  for (guint a = 1; a < n; a++)
    for (guint b = a; b > 0 && AHEAD(order[b], order[b - 1]); b--) {
      guint t = order[b];
      order[b] = order[b - 1];
      order[b - 1] = t;
    }
#undef AHEAD
  for (guint k = 0; k < n && k < 5; k++)
    g_print("  %s %-36s %7u %s\n", k == 0 ? "top:" : "    ", r->registry->checks[order[k]]->id,
            audit_sink_count(r->sinks[order[k]]), audit_severity_name(worst[order[k]]));
  /* the conventions: format rules most records break, each reported once */
  for (guint i = 0; i < r->registry->n; i++)
    for (guint k = 0; r->sinks[i] && k < audit_sink_count(r->sinks[i]); k++) {
      const AuditFinding *f = audit_sink_get(r->sinks[i], k);
      if (f->row < 0 && f->key && g_str_has_prefix(f->key, "convention:"))
        g_print("  convention: %s %s\n", r->registry->checks[i]->id, f->message + strlen("convention: "));
    }
  if (r->previous_contacts >= 0)
    g_print("  previous export: %s: %" G_GINT64_FORMAT " contact%s, %" G_GINT64_FORMAT " of them gone since\n",
            o->run.previous_dir, r->previous_contacts, r->previous_contacts == 1 ? "" : "s", r->previous_gone);
  g_print("  config: %s\n", r->config->path ? r->config->path : "none (every default)");
  for (guint i = 0; i < written->len; i++)
    g_print("  %s %s\n", i == 0 ? "wrote:" : "      ", (const char *)written->pdata[i]);
  for (guint i = 0; kept && i < kept->len; i++)
    g_print("  %s %s\n", i == 0 ? "kept in place (not crm-audit's):" : "                                ",
            (const char *)kept->pdata[i]);
}


/* ---- the writers ---- */

/* A writer writes its format into out_dir and appends the files it wrote
 * (char*, owned) to written. One that takes long may start on a thread of
 * its own (start) while the others write, and be joined after them. */
typedef struct {
  AuditFormats format;
  const char *name; /* as --format and run.json name it */
  gboolean (*write)(const char *out_dir, const AuditResult *r, const AuditCliOptions *o, GPtrArray *written,
                    GError **error);
  gpointer (*start)(const char *out_dir, const AuditResult *r, const AuditCliOptions *o);
  gboolean (*join)(gpointer job, const char *out_dir, GPtrArray *written, GError **error);
} Writer;

static gpointer xlsx_start(const char *out_dir, const AuditResult *r, const AuditCliOptions *o)
{
  return audit_report_xlsx_start(out_dir, r, &o->xlsx, o->run.jobs);
}

static gboolean xlsx_join(gpointer job, const char *out_dir, GPtrArray *written, GError **error)
{
  if (!audit_report_xlsx_join(job, error))
    return FALSE;
  g_ptr_array_add(written, g_build_filename(out_dir, "report.xlsx", NULL));
  return TRUE;
}

/* One file written atomically by audit_output_write, timed. */
static gboolean write_file(const char *out_dir, const char *name, AuditWriteFunc fn, gconstpointer data,
                           GPtrArray *written, GError **error)
{
  gint64 t0 = g_get_monotonic_time();
  gboolean ok = audit_output_write(out_dir, name, fn, data, error);
  audit_timing("%s %.2f s", name, audit_timing_since(t0));
  if (ok)
    g_ptr_array_add(written, g_build_filename(out_dir, name, NULL));
  return ok;
}

static gboolean html_write(const char *out_dir, const AuditResult *r, const AuditCliOptions *o, GPtrArray *written,
                           GError **error)
{
  AuditHtmlOptions ho = {.result = r, .rows = o->html_rows};
  return write_file(out_dir, "report.html", audit_report_html, &ho, written, error);
}

static gboolean fixes_write(const char *out_dir, const AuditResult *r, const AuditCliOptions *o, GPtrArray *written,
                            GError **error)
{
  return audit_report_fixes(out_dir, r, written, error);
}

static gboolean json_write(const char *out_dir, const AuditResult *r, const AuditCliOptions *o, GPtrArray *written,
                           GError **error)
{
  return write_file(out_dir, "findings.json", audit_report_json, r, written, error);
}

/* In the order of the summary's "wrote:" lines; the workbook, the longest
 * to write, starts first and is joined last. */
static const Writer writers[] = {
  {AUDIT_FORMAT_XLSX, "xlsx", NULL, xlsx_start, xlsx_join},
  {AUDIT_FORMAT_HTML, "html", html_write, NULL, NULL},
  {AUDIT_FORMAT_FIXES, "fixes", fixes_write, NULL, NULL},
  {AUDIT_FORMAT_JSON, "json", json_write, NULL, NULL},
};

/* Every selected writer; written gets their files in the table's order. */
static gboolean write_reports(const char *out_dir, const AuditResult *r, const AuditCliOptions *o,
                              GPtrArray *written, GError **error)
{
  guint formats = o->formats ? o->formats : AUDIT_FORMATS_AVAILABLE;
  gpointer jobs[G_N_ELEMENTS(writers)] = {NULL};
  GPtrArray *files[G_N_ELEMENTS(writers)];
  for (guint w = 0; w < G_N_ELEMENTS(writers); w++) {
    files[w] = g_ptr_array_new_with_free_func(g_free);
    if ((formats & writers[w].format) && writers[w].start)
      jobs[w] = writers[w].start(out_dir, r, o);
  }
  gboolean ok = TRUE;
  for (guint w = 0; ok && w < G_N_ELEMENTS(writers); w++)
    if ((formats & writers[w].format) && writers[w].write)
      ok = writers[w].write(out_dir, r, o, files[w], error);
  /* every started writer is joined; its error counts when the others had none */
  for (guint w = 0; w < G_N_ELEMENTS(writers); w++)
    if (jobs[w] && !writers[w].join(jobs[w], out_dir, files[w], ok ? error : NULL))
      ok = FALSE;
  for (guint w = 0; ok && w < G_N_ELEMENTS(writers); w++)
    for (guint k = 0; k < files[w]->len; k++)
      g_ptr_array_add(written, g_steal_pointer(&files[w]->pdata[k]));
  for (guint w = 0; w < G_N_ELEMENTS(writers); w++)
    g_ptr_array_unref(files[w]);
  return ok;
}

/* The files under dir/rel, relative to dir, into files. */
static void list_files(const char *dir, const char *rel, GPtrArray *files)
{
  g_autofree char *path = rel ? g_build_filename(dir, rel, NULL) : g_strdup(dir);
  g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    char *r = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
    g_autofree char *p = g_build_filename(dir, r, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
      list_files(dir, r, files);
      g_free(r);
    } else {
      g_ptr_array_add(files, r);
    }
  }
}

static gint compare_paths(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* run.json into the staging folder: it names every file there. */
static gboolean write_manifest(const char *staging, const AuditResult *r, const AuditCliOptions *o, GError **error)
{
  guint formats = o->formats ? o->formats : AUDIT_FORMATS_AVAILABLE;
  const char *names[G_N_ELEMENTS(writers) + 1] = {NULL};
  guint n = 0;
  for (guint w = 0; w < G_N_ELEMENTS(writers); w++)
    if (formats & writers[w].format)
      names[n++] = writers[w].name;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  list_files(staging, NULL, files);
  g_ptr_array_sort(files, compare_paths);
  AuditManifest m = {.result = r, .export_dir = o->run.export_dir, .formats = names, .files = files};
  return audit_output_write(staging, "run.json", audit_report_manifest, &m, error);
}

/* Every output into the staging folder, then swapped into place; the paths
 * written (under the staging folder) renamed to OUT's. */
static gboolean write_run(AuditOutDir *od, const AuditResult *r, const AuditCliOptions *o, GPtrArray *written,
                          GError **error)
{
  const char *stage = audit_outdir_stage(od, error);
  if (!stage)
    return FALSE;
  g_autofree char *staging = g_strdup(stage); /* the swap frees the AuditOutDir's */
  audit_outdir_test_hook("staged");
  if (!write_reports(staging, r, o, written, error) || !audit_outdir_test_fail_write(staging, error))
    return FALSE;
  audit_outdir_test_hook("written");
  if (!write_manifest(staging, r, o, error) || !audit_outdir_commit(od, o->keep_previous, error))
    return FALSE;
  gsize len = strlen(staging);
  for (guint i = 0; i < written->len; i++) {
    char *p = written->pdata[i];
    if (strncmp(p, staging, len) == 0) {
      written->pdata[i] = g_strconcat(audit_outdir_path(od), p + len, NULL);
      g_free(p);
    }
  }
  return TRUE;
}

int audit_cli_run(const AuditCliOptions *o, GError **error)
{
  g_set_print_handler(print_escaped);
  g_set_printerr_handler(printerr_escaped);
  if (g_getenv("CRM_AUDIT_TIMING"))
    audit_timing_set(print_timing, NULL);
  /* the lock and the signal guard before any thread starts */
  g_autoptr(AuditOutDir) od = audit_outdir_open(o->out_dir ? o->out_dir : "crm-audit-report", o->wait, o->force,
                                                error);
  if (!od)
    return -1;
  AuditRunOptions ro = o->run;
  ro.registry = AUDIT_REGISTRY;
  ro.loaded = o->progress ? progress_loaded : NULL;
  ro.checked = o->progress ? progress_checked : NULL;
  g_autoptr(AuditResult) r = audit_pipeline_run(&ro, error);
  if (!r)
    return -1;
  /* what the reports read beside the findings: the lead migration (from the
   * lead checks' findings) and the bound on deletes (its notice is in every
   * report) */
  r->migration = audit_migration_compute(r);
  audit_fixes_bound(r);
  audit_model_sort_notes(r->model);
  audit_result_sections(r);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func(g_free);
  if (!write_run(od, r, o, written, error)) {
    if (error && *error && (*error)->domain == AUDIT_ERROR && (*error)->code == AUDIT_ERROR_IO)
    {
      char *msg = g_strdup_printf("%s; nothing changed in %s (the previous run, if any, is as it was)",
                                  (*error)->message, audit_outdir_path(od));
      g_free((*error)->message);
      (*error)->message = msg;
    }
    return -1;
  }
  print_summary(o, r, written, audit_outdir_kept(od));
  if (o->fail_never)
    return 0;
  for (guint s = o->fail_on; s < AUDIT_SEV_COUNT; s++)
    if (r->counts[s])
      return 1;
  return 0;
}
