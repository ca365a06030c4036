/* The fix files, fixes/NAME.csv: one per fix action that has rows, in the
 * shape Salesforce's Data Loader (or a merge/convert tool) takes. Generic over
 * findings: a check that emits a new action gets ACTION.csv with its fields. */
#include "registry.h"
#include "reports.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  const char *action;
  const char *name;
  const char *const *columns; /* header */
  const char *const *fields;  /* the fix field feeding each column */
} KnownTable;

static const char *const insert_roles[] = {"OpportunityId", "ContactId", "Role", "IsPrimary", NULL};
static const char *const update_contacts[] = {"Id", "AccountId", NULL};
static const char *const update_contacts_fields[] = {"ContactId", "AccountId", NULL};
static const char *const merge_accounts[] = {"MasterId", "DuplicateId", NULL};
static const char *const convert_leads[] = {"LeadId", "AccountId", "ConvertedStatus", NULL};
static const char *const update_roles[] = {"Id", "Role", "IsPrimary", NULL};

/* INTERFACE.md's files, in this order. */
static const KnownTable known[] = {
  {"add-contact-role", "contact-roles-to-insert", insert_roles, insert_roles},
  {"move-contact", "contacts-to-update", update_contacts, update_contacts_fields},
  {"merge-accounts", "accounts-to-merge", merge_accounts, merge_accounts},
  {"convert-lead", "leads-to-convert", convert_leads, convert_leads},
  {"update-contact-role", "contact-roles-to-update", update_roles, update_roles},
};

typedef struct {
  AuditFixTable pub; /* first: the array holds these as AuditFixTable* */
  const char *action;
  const char *const *fields;
  char *name_owned;
  GPtrArray *columns_owned; /* unknown actions: the fix's own fields */
} FixTable;

static void fix_table_free(gpointer p)
{
  FixTable *t = p;
  g_free(t->name_owned);
  if (t->columns_owned)
    g_ptr_array_unref(t->columns_owned);
  g_free(t);
}

const char *audit_fix_neutralise(const char *value, GString *buf)
{
  if (!value || !strchr("=+-@\t\r", value[0]) || value[0] == '\0')
    return value ? value : "";
  g_string_assign(buf, "'");
  g_string_append(buf, value);
  return buf->str;
}

/* A fix field's value as text; "" when the fix does not set it. */
static const char *fix_value(const AuditSink *s, const AuditFinding *f, const char *field, char *buf, gsize len)
{
  for (guint i = 0; i < f->fix_n; i++) {
    const AuditValue *v = audit_finding_fix(s, f, i);
    if (strcmp(v->key, field) != 0)
      continue;
    switch (v->type) {
    case AUDIT_VAL_STR:
      return v->s;
    case AUDIT_VAL_BOOL:
      return v->i ? "true" : "false";
    case AUDIT_VAL_INT:
      g_snprintf(buf, len, "%" G_GINT64_FORMAT, v->i);
      return buf;
    case AUDIT_VAL_NUM:
      g_ascii_formatd(buf, len, "%.15g", v->d);
      return buf;
    case AUDIT_VAL_NULL:
      return "";
    }
  }
  return "";
}

static gboolean is_known_action(const char *action)
{
  for (guint k = 0; k < G_N_ELEMENTS(known); k++)
    if (strcmp(known[k].action, action) == 0)
      return TRUE;
  return FALSE;
}

static gint compare_strs(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void emit_rows(const AuditResult *r, FixTable *t, AuditFixRowFunc row, gpointer user)
{
  const char **values = g_new0(const char *, t->pub.ncolumns + 1);
  char *bufs = g_malloc((t->pub.ncolumns + 1) * 48);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (!f->fix_action || strcmp(f->fix_action, t->action) != 0)
        continue;
      if (row) {
        for (guint c = 0; c < t->pub.ncolumns; c++)
          values[c] = fix_value(s, f, t->fields[c], bufs + c * 48, 48);
        row(&t->pub, values, s, f, user);
      }
      t->pub.nrows++;
    }
  }
  g_free(values);
  g_free(bufs);
}

GPtrArray *audit_fix_tables(const AuditResult *r, AuditFixRowFunc row, gpointer user)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func(fix_table_free);
  for (guint k = 0; k < G_N_ELEMENTS(known); k++) {
    FixTable *t = g_new0(FixTable, 1);
    t->pub.name = known[k].name;
    t->pub.columns = known[k].columns;
    t->pub.ncolumns = g_strv_length((char **)known[k].columns);
    t->action = known[k].action;
    t->fields = known[k].fields;
    emit_rows(r, t, row, user);
    if (t->pub.nrows)
      g_ptr_array_add(tables, t);
    else
      fix_table_free(t);
  }
  /* actions no table knows: ACTION.csv with the fields in first-seen order */
  g_autoptr(GPtrArray) actions = g_ptr_array_new();
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (f->fix_action && !is_known_action(f->fix_action) &&
          !g_ptr_array_find_with_equal_func(actions, f->fix_action, g_str_equal, NULL))
        g_ptr_array_add(actions, (gpointer)f->fix_action);
    }
  }
  g_ptr_array_sort(actions, compare_strs);
  for (guint a = 0; a < actions->len; a++) {
    FixTable *t = g_new0(FixTable, 1);
    t->action = actions->pdata[a];
    t->name_owned = g_strdup(t->action);
    t->pub.name = t->name_owned;
    t->columns_owned = g_ptr_array_new();
    for (guint i = 0; i < audit_registry_size; i++) {
      const AuditSink *s = r->sinks[i];
      for (guint k = 0; s && k < audit_sink_count(s); k++) {
        const AuditFinding *f = audit_sink_get(s, k);
        if (!f->fix_action || strcmp(f->fix_action, t->action) != 0)
          continue;
        for (guint v = 0; v < f->fix_n; v++) {
          const char *key = audit_finding_fix(s, f, v)->key;
          if (!g_ptr_array_find_with_equal_func(t->columns_owned, key, g_str_equal, NULL))
            g_ptr_array_add(t->columns_owned, (gpointer)key);
        }
      }
    }
    t->pub.ncolumns = t->columns_owned->len;
    g_ptr_array_add(t->columns_owned, NULL);
    t->pub.columns = (const char *const *)t->columns_owned->pdata;
    t->fields = t->pub.columns;
    emit_rows(r, t, row, user);
    g_ptr_array_add(tables, t);
  }
  return tables;
}

/* ---- the CSV files ---- */

/* RFC 4180: quoted when it holds a comma, a quote, a line break or edge spaces. */
static void csv_field(GString *line, const char *v)
{
  gsize n = strlen(v);
  gboolean quote = strpbrk(v, ",\"\r\n") != NULL || (n && (v[0] == ' ' || v[n - 1] == ' '));
  if (!quote) {
    g_string_append(line, v);
    return;
  }
  g_string_append_c(line, '"');
  for (const char *p = v; *p; p++) {
    if (*p == '"')
      g_string_append_c(line, '"');
    g_string_append_c(line, *p);
  }
  g_string_append_c(line, '"');
}

typedef struct {
  GPtrArray *tables;
  FILE **files;
  GString *line, *buf;
} Writer;

static void write_line(FILE *fp, GString *line, const char *const *values, guint n, GString *buf)
{
  g_string_truncate(line, 0);
  for (guint i = 0; i < n; i++) {
    if (i)
      g_string_append_c(line, ',');
    csv_field(line, audit_fix_neutralise(values[i], buf));
  }
  g_string_append(line, "\r\n");
  fwrite(line->str, 1, line->len, fp);
}

static void write_row(const AuditFixTable *table, const char *const *values, const AuditSink *sink,
                      const AuditFinding *finding, gpointer user)
{
  Writer *w = user;
  for (guint i = 0; i < w->tables->len; i++)
    if (g_str_equal(((AuditFixTable *)w->tables->pdata[i])->name, table->name)) {
      write_line(w->files[i], w->line, values, table->ncolumns, w->buf);
      return;
    }
}

gboolean audit_report_fixes(const char *out_dir, const AuditResult *r, GPtrArray *written, GError **error)
{
  g_autofree char *dir = g_build_filename(out_dir, "fixes", NULL);
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create: %s", dir, g_strerror(errno));
    return FALSE;
  }
  g_autoptr(GPtrArray) tables = audit_fix_tables(r, NULL, NULL);
  Writer w = {tables, g_new0(FILE *, MAX(tables->len, 1)), g_string_new(NULL), g_string_new(NULL)};
  char **tmps = g_new0(char *, MAX(tables->len, 1));
  char **paths = g_new0(char *, MAX(tables->len, 1));
  gboolean ok = TRUE;
  for (guint i = 0; i < tables->len && ok; i++) {
    const AuditFixTable *t = tables->pdata[i];
    g_autofree char *name = g_strdup_printf("%s.csv", t->name);
    paths[i] = g_build_filename(dir, name, NULL);
    w.files[i] = audit_output_begin(paths[i], &tmps[i], error);
    if (!w.files[i]) {
      ok = FALSE;
      break;
    }
    write_line(w.files[i], w.line, t->columns, t->ncolumns, w.buf);
  }
  if (ok)
    g_ptr_array_unref(audit_fix_tables(r, write_row, &w));
  for (guint i = 0; i < tables->len; i++) {
    if (!w.files[i])
      continue;
    GError *err = NULL;
    if (!audit_output_commit(w.files[i], tmps[i], paths[i], ok, ok ? &err : NULL)) {
      if (ok)
        g_propagate_error(error, err);
      ok = FALSE;
    } else if (written)
      g_ptr_array_add(written, g_strdup(paths[i]));
  }
  /* The folder is the tool's: a fix file of an earlier run that has no rows
   * now must not stay behind to be loaded by mistake. */
  if (ok) {
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      if (!g_str_has_suffix(name, ".csv"))
        continue;
      g_autofree char *path = g_build_filename(dir, name, NULL);
      gboolean ours = FALSE;
      for (guint i = 0; i < tables->len; i++)
        ours |= g_str_equal(paths[i], path);
      if (!ours)
        g_unlink(path);
    }
  }
  for (guint i = 0; i < tables->len; i++)
    g_free(paths[i]);
  g_free(paths);
  g_free(tmps);
  g_free(w.files);
  g_string_free(w.line, TRUE);
  g_string_free(w.buf, TRUE);
  return ok;
}
