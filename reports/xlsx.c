/* report.xlsx (issue 6): a Summary sheet, one sheet per check with findings,
 * then one sheet per fix table. Generic over the registry, the findings and
 * the fix tables: a new check appears here without a change.
 *
 * Written in libxlsxwriter's constant_memory mode: a row goes to a temporary
 * file (in OUT_DIR) as soon as the next row starts, so memory does not grow
 * with the findings. Rows are written strictly in order, and column widths
 * must be set before the first row: they come from a measuring pass over a
 * sample of the same cells (finding_cells serves both passes), made while
 * planning every sheet before the workbook exists.
 *
 * Untrusted text: every value from the export (and every message, which
 * quotes it) goes through xlsx_text and worksheet_write_string: never a
 * formula, never a number guessed from text, never a URL from the data. The
 * only links are the configured record_url with a record's Id, and the
 * Summary's links to the workbook's own sheets.
 *
 * Speed (docs/benchmarks.md): most of the time is libxlsxwriter's. Each
 * string cell is ~50 bytes of XML besides its text, written to a temporary
 * file, copied to another when the workbook closes, then deflated at a level
 * libxlsxwriter does not expose; so a check sheet has no column that repeats
 * another (the Record Id is the link to the record, one Owner column, no
 * fingerprint).
 *
 * Reproducible: the document's created time is the as-of date, not the
 * clock; two runs on the same export give identical bytes.
 *
 * Every lxw_error becomes a GError (AUDIT_ERROR_IO) naming the file; the
 * workbook is written under a temporary name in OUT_DIR and renamed into
 * place, so a failed run leaves the previous report.xlsx as it was.
 *
 * AuditXlsxOptions.max_rows (for tests): rows per sheet, header included,
 * instead of Excel's 1,048,576 (at least 2). A check with more findings than
 * fit continues on "ID (2)", "ID (3)", ...; the Summary names them. */
#include "xlsx-internal.h"

/* ---- the workbook ---- */

static lxw_format *fill_format(lxw_workbook *wb, lxw_color_t bg, lxw_color_t fg)
{
  lxw_format *f = workbook_add_format(wb);
  format_set_bg_color(f, bg);
  format_set_font_color(f, fg);
  return f;
}

static guint max_links_setting(const AuditXlsxOptions *o)
{
  return o && o->max_links ? MIN(o->max_links, XLSX_MAX_LINKS) : XLSX_MAX_LINKS;
}

static guint max_rows_setting(const AuditXlsxOptions *o)
{
  if (!o || o->max_rows == 0 || o->max_rows > LXW_ROW_MAX)
    return LXW_ROW_MAX;
  return MAX(o->max_rows, 2);
}

typedef struct {
  Sheet summary;
  guint nsections;
  Sheet *sections;          /* per r->sections entry: a sheet for each shown analytics section, else no name */
  Sheet gone;               /* with --baseline: "Not reported now" */
  GPtrArray *details;       /* DetailSheet*: structured evidence, one row per element */
  CheckSheet *checks;      /* per registry entry; no parts when it has no findings */
  GPtrArray *fix_tables;   /* audit_fix_tables */
  GPtrArray *fixes;        /* FixSheet*, in audit_fix_tables' order */
  GHashTable *fix_by_name; /* table name → FixSheet* */
  char **url_parts;        /* record_url split at {id} */
  double biggest, total;   /* estimated XML: the largest sheet, every sheet */
} Plan;

static void plan_clear(Plan *pl)
{
  g_free(pl->summary.name);
  for (guint i = 0; pl->sections && i < pl->nsections; i++)
    g_free(pl->sections[i].name);
  g_free(pl->sections);
  g_free(pl->gone.name);
  for (guint i = 0; pl->checks && i < audit_registry_size; i++)
    xlsx_check_sheet_clear(&pl->checks[i]);
  g_free(pl->checks);
  g_clear_pointer(&pl->fixes, g_ptr_array_unref);
  g_clear_pointer(&pl->details, g_ptr_array_unref);
  g_clear_pointer(&pl->fix_tables, g_ptr_array_unref);
  g_clear_pointer(&pl->fix_by_name, g_hash_table_unref);
  g_strfreev(pl->url_parts);
}

static void plan_size(Plan *pl, double bytes, guint nparts)
{
  pl->biggest = MAX(pl->biggest, bytes / nparts);
  pl->total += bytes;
}

/* How many links each sheet may hold: the Summary's first (one per check
 * sheet and fix sheet), then each check's linkable records in sheet order,
 * up to x->max_links in the workbook (and Excel's 65,530 per sheet). */
static void plan_links(Xlsx *x, Plan *pl)
{
  guint used = pl->fixes->len;
  for (guint i = 0; i < audit_registry_size; i++)
    used += pl->checks[i].parts != NULL;
  pl->summary.link_budget = G_MAXUINT;
  guint left = x->max_links > used ? x->max_links - used : 0;
  guint per_sheet = MIN(x->max_links, LXW_MAX_NUMBER_URLS);
  guint per = xlsx_rows_per_sheet(x);
  for (guint i = 0; i < audit_registry_size; i++) {
    CheckSheet *cs = &pl->checks[i];
    if (!cs->parts || !cs->url_parts)
      continue;
    guint n = audit_sink_count(cs->sink);
    for (guint p = 0; p < cs->nparts; p++) {
      guint linkable = 0;
      for (guint k = p * per; k < n && k < (p + 1) * per; k++) {
        const char *id = audit_finding_record_id(cs->sink, audit_sink_get(cs->sink, k));
        linkable += audit_record_link((const char *const *)cs->url_parts, id, cs->link) && xlsx_url_fits(cs->link->str);
      }
      Sheet *sh = &cs->parts[p];
      sh->link_budget = MIN(MIN(linkable, per_sheet), left);
      left -= sh->link_budget;
      cs->linkable += linkable;
      cs->linked += sh->link_budget;
    }
  }
}

/* Every sheet before the workbook exists: names (the Summary links to the
 * sheets), columns and widths (set before the first row), and the size
 * (zip64 or not). */
static void plan_workbook(Xlsx *x, Plan *pl)
{
  const AuditResult *r = x->r;
  g_hash_table_add(x->used, g_strdup("summary"));
  g_hash_table_add(x->used, g_strdup("history")); /* reserved by Excel */
  pl->summary.name = g_strdup("Summary");
  pl->nsections = r->sections ? r->sections->len : 0;
  pl->sections = g_new0(Sheet, MAX(pl->nsections, 1));
  for (guint i = 0; i < pl->nsections; i++) {
    const AuditSection *sec = r->sections->pdata[i];
    if (sec->place == AUDIT_SECTION_ANALYTICS && !sec->hidden)
      pl->sections[i].name = xlsx_sheet_name(x, sec->label, 1);
  }
  if (r->baseline && r->gone->len)
    pl->gone.name = xlsx_sheet_name(x, "Not reported now", 1);
  pl->checks = g_new0(CheckSheet, audit_registry_size);
  pl->fixes = g_ptr_array_new_with_free_func(xlsx_fix_sheet_free);
  pl->fix_by_name = g_hash_table_new(g_str_hash, g_str_equal);
  pl->url_parts = audit_record_link_parts(r->config);

  for (guint i = 0; i < audit_registry_size; i++) {
    CheckSheet *cs = &pl->checks[i];
    cs->x = x;
    cs->sink = r->sinks[i];
    if (!cs->sink || audit_sink_count(cs->sink) == 0)
      continue;
    cs->url_parts = pl->url_parts;
    cs->link = g_string_new(NULL);
    cs->related = g_string_new(NULL);
    cs->nparts = xlsx_parts_for(x, audit_sink_count(cs->sink));
    cs->parts = g_new0(Sheet, cs->nparts);
    for (guint p = 0; p < cs->nparts; p++)
      cs->parts[p].name = xlsx_sheet_name(x, audit_registry[i]->id, p + 1);
    xlsx_check_sheet_columns(cs);
    xlsx_check_sheet_measure(cs);
    plan_size(pl, cs->bytes, cs->nparts);
  }
  pl->details = g_ptr_array_new_with_free_func(xlsx_detail_sheet_free);
  for (guint i = 0; i < audit_registry_size; i++)
    if (pl->checks[i].parts)
      xlsx_plan_details(x, &pl->checks[i], audit_registry[i]->id, pl->details);

  pl->fix_tables = audit_fix_tables(r);
  GPtrArray *tables = pl->fix_tables;
  for (guint i = 0; i < tables->len; i++) {
    const AuditFixTable *t = tables->pdata[i];
    if (!t->nrows || g_hash_table_contains(pl->fix_by_name, t->name))
      continue;
    FixSheet *fs = g_new0(FixSheet, 1);
    fs->x = x;
    fs->name = g_strdup(t->name);
    fs->ncols = t->ncolumns + t->nreview; /* as fixes/NAME.csv: the mapped columns, then the review ones */
    fs->nrows = t->nrows;
    fs->stride = MAX(1, t->nrows / XLSX_MEASURE_ROWS);
    fs->columns = g_new0(char *, fs->ncols + 1);
    fs->chars = g_new0(guint, MAX(fs->ncols, 1));
    for (guint c = 0; c < fs->ncols; c++) {
      fs->columns[c] = g_strdup(c < t->ncolumns ? t->columns[c] : t->review[c - t->ncolumns]);
      fs->chars[c] = xlsx_measure(fs->columns[c]);
    }
    fs->nparts = xlsx_parts_for(x, t->nrows);
    fs->parts = g_new0(Sheet, fs->nparts);
    g_autofree char *base = g_strdup_printf("fix %s", t->name);
    for (guint p = 0; p < fs->nparts; p++)
      fs->parts[p].name = xlsx_sheet_name(x, base, p + 1);
    g_ptr_array_add(pl->fixes, fs);
    g_hash_table_insert(pl->fix_by_name, fs->name, fs);
  }
  if (pl->fixes->len) {
    FixPass fp = {.x = x, .by_name = pl->fix_by_name};
    for (guint i = 0; i < tables->len; i++)
      audit_fix_table_rows(r, tables->pdata[i], xlsx_fix_measure_row, &fp);
    for (guint i = 0; i < pl->fixes->len; i++) {
      FixSheet *fs = pl->fixes->pdata[i];
      plan_size(pl, fs->bytes, fs->nparts);
    }
  }
  plan_links(x, pl);
}

static gboolean write_fix_sheets(Xlsx *x, Plan *pl);

static gboolean write_workbook(Xlsx *x, Plan *pl)
{
  lxw_workbook *wb = x->wb;
  x->title = workbook_add_format(wb);
  format_set_bold(x->title);
  format_set_font_size(x->title, 13);
  x->bold = workbook_add_format(wb);
  format_set_bold(x->bold);
  x->header = workbook_add_format(wb);
  format_set_bold(x->header);
  format_set_bg_color(x->header, 0xD9E1F2);
  format_set_bottom(x->header, LXW_BORDER_THIN);
  x->pct = workbook_add_format(wb);
  format_set_num_format(x->pct, "0%");
  x->avg = workbook_add_format(wb);
  format_set_num_format(x->avg, "0.0");
  x->sev[AUDIT_SEV_ERROR] = fill_format(wb, 0xFFC7CE, 0x9C0006);
  x->sev[AUDIT_SEV_WARNING] = fill_format(wb, 0xFFEB9C, 0x9C5700);
  x->sev[AUDIT_SEV_INFO] = fill_format(wb, 0xDDEBF7, 0x1F4E78);

  if (!xlsx_add_sheet(x, &pl->summary) || !xlsx_write_summary(x, &pl->summary, pl->checks, pl->fixes))
    return FALSE;
  for (guint i = 0; i < pl->nsections; i++)
    if (pl->sections[i].name &&
        (!xlsx_add_sheet(x, &pl->sections[i]) || !xlsx_write_section_sheet(x, &pl->sections[i], x->r->sections->pdata[i])))
      return FALSE;
  for (guint i = 0; i < audit_registry_size; i++)
    if (pl->checks[i].parts && !xlsx_write_check_sheet(x, &pl->checks[i]))
      return FALSE;
  if (!write_fix_sheets(x, pl))
    return FALSE;
  if (pl->gone.name && !xlsx_write_gone_sheet(x, &pl->gone))
    return FALSE;
  for (guint i = 0; i < pl->details->len; i++)
    if (!xlsx_write_detail_sheet(x, pl->details->pdata[i]))
      return FALSE;
  return TRUE;
}

static gboolean write_fix_sheets(Xlsx *x, Plan *pl)
{
  if (!pl->fixes->len)
    return TRUE;
  FixPass fp = {.x = x, .by_name = pl->fix_by_name};
  for (guint i = 0; i < pl->fix_tables->len; i++)
    audit_fix_table_rows(x->r, pl->fix_tables->pdata[i], xlsx_fix_write_row, &fp);
  if (x->error)
    return FALSE;
  for (guint i = 0; i < pl->fixes->len; i++) {
    FixSheet *fs = pl->fixes->pdata[i];
    if (fs->row != fs->nrows) { /* a table's row count disagrees with its rows */
      x->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: fix table %s: %u rows announced, %u given", x->path,
                             fs->name, fs->nrows, fs->row);
      return FALSE;
    }
  }
  return TRUE;
}

/* This thread's CPU time in seconds: on a busy machine, what the workbook
 * itself cost (audit_timing). */
static double thread_cpu(void)
{
  struct timespec ts;
  return clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 ? ts.tv_sec + ts.tv_nsec / 1e9 : 0;
}

gboolean audit_report_xlsx(const char *out_dir, const AuditResult *r, const AuditXlsxOptions *o, GError **error)
{
  gint64 t0 = g_get_monotonic_time();
  double cpu0 = thread_cpu();
  g_autofree char *path = g_build_filename(out_dir, "report.xlsx", NULL);
  g_autofree char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp(tmp);
  if (fd < 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create: %s", path, g_strerror(errno));
    return FALSE;
  }
  close(fd);

  Xlsx x = {
      .r = r,
      .path = path,
      .max_rows = max_rows_setting(o),
      .max_links = max_links_setting(o),
      .used = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
      .text = g_string_new(NULL),
  };
  Plan pl = {0};
  plan_workbook(&x, &pl);
  lxw_workbook_options opt = {
      .constant_memory = LXW_TRUE,
      .tmpdir = (char *)out_dir,
      /* zip64 (which some readers refuse) only when a sheet's XML could pass
       * zip's 4 GiB, or the compressed workbook could: a finding's row is
       * about 1 KiB, so only for values near Excel's 32,767 characters */
      .use_zip64 = pl.biggest > 3.0 * (1 << 30) || pl.total > 12.0 * (1 << 30),
  };
  x.wb = workbook_new_opt(tmp, &opt);
  gboolean ok = x.wb != NULL;
  if (!ok) {
    x.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create the workbook", path);
  } else {
    lxw_doc_properties props = {
        .title = "crm-audit report",
        .author = "crm-audit " CRM_AUDIT_VERSION,
        .created = (time_t)r->as_of * 86400, /* fixed: two runs give identical files */
    };
    ok = xlsx_lxw_ok(&x, workbook_set_properties(x.wb, &props), "the document properties") && write_workbook(&x, &pl);
    /* close also on failure: it frees the workbook and its temporary files */
    audit_timing("report.xlsx sheets %.2f s (CPU %.2f s)", audit_timing_since(t0), thread_cpu() - cpu0);
    lxw_error e = workbook_close(x.wb);
    ok = xlsx_lxw_ok(&x, e, "the file") && ok;
  }
  if (ok && g_chmod(tmp, 0644) != 0) { /* mkstemp makes 0600; a report is an ordinary file */
    x.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  if (ok && g_rename(tmp, path) != 0) {
    x.error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot rename into place: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  if (!ok) {
    g_unlink(tmp);
    g_propagate_error(error, g_steal_pointer(&x.error));
  }
  g_clear_error(&x.error);
  plan_clear(&pl);
  g_hash_table_unref(x.used);
  g_string_free(x.text, TRUE);
  audit_timing("report.xlsx %.2f s (CPU %.2f s)", audit_timing_since(t0), thread_cpu() - cpu0);
  return ok;
}

/* ---- on its own thread ---- */

struct AuditXlsxJob {
  GThread *thread; /* NULL: already written, in the caller's thread */
  char *out_dir;
  const AuditResult *r;
  AuditXlsxOptions options;
  gboolean ok;
  GError *error;
};

static gpointer xlsx_thread(gpointer data)
{
  AuditXlsxJob *job = data;
  job->ok = audit_report_xlsx(job->out_dir, job->r, &job->options, &job->error);
  return NULL;
}

AuditXlsxJob *audit_report_xlsx_start(const char *out_dir, const AuditResult *r, const AuditXlsxOptions *o,
                                      guint jobs)
{
  AuditXlsxJob *job = g_new0(AuditXlsxJob, 1);
  if (o)
    job->options = *o;
  job->out_dir = g_strdup(out_dir);
  job->r = r;
  if (jobs != 1)
    job->thread = g_thread_try_new("report.xlsx", xlsx_thread, job, NULL);
  if (!job->thread) /* one job, or no thread to be had */
    xlsx_thread(job);
  return job;
}

gboolean audit_report_xlsx_join(AuditXlsxJob *job, GError **error)
{
  if (job->thread)
    g_thread_join(job->thread);
  gboolean ok = job->ok;
  if (!ok)
    g_propagate_error(error, g_steal_pointer(&job->error));
  g_clear_error(&job->error);
  g_free(job->out_dir);
  g_free(job);
  return ok;
}
