/* OUT/run.json: what one run is (reports.h, AuditManifest). */
#include "json-writer.h"
#include "reports.h"

#include <glib/gstdio.h>

static void write_input(AuditJson *w, const char *path)
{
  GStatBuf st;
  gboolean there = g_stat(path, &st) == 0;
  audit_json_begin_object(w);
  audit_json_key(w, "path");
  audit_json_string(w, path);
  audit_json_key(w, "size");
  if (there)
    audit_json_int(w, (gint64)st.st_size);
  else
    audit_json_null(w);
  audit_json_key(w, "mtime");
  if (there) {
    g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc((gint64)st.st_mtime);
    g_autofree char *iso = g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ");
    audit_json_string(w, iso);
  } else {
    audit_json_null(w);
  }
  audit_json_end_object(w);
}

gboolean audit_report_manifest(FILE *fp, gconstpointer data, GError **error)
{
  const AuditManifest *m = data;
  const AuditResult *r = m->result;
  AuditJson w;
  audit_json_init(&w, fp, 2);
  audit_json_begin_object(&w);
  audit_report_json_head(&w, r->as_of);
  audit_json_key(&w, "export");
  audit_json_string(&w, m->export_dir);
  audit_json_key(&w, "inputs");
  audit_json_begin_array(&w);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    if (r->model->tables[o].present)
      write_input(&w, r->model->tables[o].path);
  audit_json_end_array(&w);
  audit_json_key(&w, "config");
  audit_json_begin_object(&w);
  audit_json_key(&w, "path");
  if (r->config->path) {
    audit_json_string(&w, r->config->path);
    audit_json_key(&w, "input");
    write_input(&w, r->config->path);
  } else {
    audit_json_null(&w);
  }
  audit_json_key(&w, "hash");
  if (r->config_hash)
    audit_json_string(&w, r->config_hash);
  else
    audit_json_null(&w);
  audit_json_end_object(&w);
  audit_json_key(&w, "formats");
  audit_json_begin_array(&w);
  for (guint i = 0; m->formats[i]; i++)
    audit_json_string(&w, m->formats[i]);
  audit_json_end_array(&w);
  audit_json_key(&w, "files");
  audit_json_begin_array(&w);
  for (guint i = 0; i < m->files->len; i++)
    audit_json_string(&w, m->files->pdata[i]);
  audit_json_end_array(&w);
  audit_json_end_object(&w);
  fputc('\n', fp);
  audit_json_clear(&w);
  return TRUE;
}
