/* The fix files, fixes/NAME.csv: one per fix action that has rows, in the
 * shape Salesforce's Data Loader (or a merge/convert tool) takes. Generic over
 * findings: a check that emits a new action gets ACTION.csv with its fields. */
#include "normalize.h"
#include "registry.h"
#include "reports.h"
#include "untrusted.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct {
  const char *action;
  const char *name;
  const char *const *columns; /* header */
  const char *const *fields;  /* the fix field feeding each column */
  gboolean plan;              /* for a merge/convert tool or an API script: its NAME.sdl says so */
  const char *const *review_fields; /* fix fields shown as review columns after the others, "FIELD (review)";
                                       NULL: none */
} KnownTable;

static const char *const insert_roles[] = {"OpportunityId", "ContactId", "Role", "IsPrimary", NULL};
static const char *const update_contacts[] = {"Id", "AccountId", NULL};
static const char *const update_contacts_fields[] = {"ContactId", "AccountId", NULL};
static const char *const merge_accounts[] = {"MasterId", "DuplicateId", NULL};
static const char *const convert_leads_onto[] = {"LeadId", "ContactId", "AccountId", "ConvertedStatus", NULL};
static const char *const close_opportunities[] = {"Id", "StageName", NULL};
static const char *const close_opportunities_review[] = {"Kept opportunity", NULL};
static const char *const update_roles[] = {"Id", "Role", "IsPrimary", NULL};

/* INTERFACE.md's files, in this order. */
static const KnownTable known[] = {
  {"add-contact-role", "contact-roles-to-insert", insert_roles, insert_roles},
  {"move-contact", "contacts-to-update", update_contacts, update_contacts_fields},
  {"merge-accounts", "accounts-to-merge", merge_accounts, merge_accounts, TRUE},
  {"convert-lead", "leads-to-convert", convert_leads_onto, convert_leads_onto, TRUE},
  {"merge-leads", "leads-to-merge", merge_accounts, merge_accounts, TRUE},
  {"close-opportunity", "opportunities-to-close", close_opportunities, close_opportunities, FALSE,
   close_opportunities_review},
  {"update-contact-role", "contact-roles-to-update", update_roles, update_roles},
};

typedef struct {
  AuditFixTable pub; /* first: the array holds these as AuditFixTable* */
  const char *action;
  const char *const *fields;
  const char *const *review_fields; /* KnownTable's */
  char *name_owned;
  GPtrArray *columns_owned; /* unknown actions: the fix's own fields; then the columns some row sets */
  GPtrArray *fields_owned;  /* the fields of those columns */
  gboolean blank_some;      /* a column some rows leave blank (the fix does not change that field there) */
  AuditObject object;       /* the records of its first row's finding */
  GPtrArray *review_owned;  /* the review headers (char*, owned, NULL-terminated) */
  gint *review_from;        /* per review column: the mapped column whose Ids it names, -1 the record's account,
                               -2 - i review_fields[i] */
} FixTable;

static void fix_table_free(gpointer p)
{
  FixTable *t = p;
  g_free(t->name_owned);
  if (t->columns_owned)
    g_ptr_array_unref(t->columns_owned);
  if (t->fields_owned)
    g_ptr_array_unref(t->fields_owned);
  if (t->review_owned)
    g_ptr_array_unref(t->review_owned);
  g_free(t->review_from);
  g_free(t);
}

/* Is this column an Id (a Salesforce field named Id or ending in Id)? */
static gboolean is_id_column(const char *name)
{
  gsize n = strlen(name);
  return n >= 2 && strcmp(name + n - 2, "Id") == 0;
}

/* The review columns, once the mapped ones are known: "X name (review)" for
 * each Id column XId ("Record name" for Id), then "Record's account
 * (review)" unless the records are accounts. */
static void review_columns(FixTable *t, AuditObject object)
{
  t->review_owned = g_ptr_array_new_with_free_func(g_free);
  t->review_from = g_new(gint, t->pub.ncolumns + 2 + (t->review_fields ? g_strv_length((char **)t->review_fields) : 0));
  for (guint c = 0; c < t->pub.ncolumns; c++) {
    const char *col = t->pub.columns[c];
    if (!is_id_column(col))
      continue;
    gsize n = strlen(col) - 2;
    t->review_from[t->review_owned->len] = (gint)c;
    g_ptr_array_add(t->review_owned, n ? g_strdup_printf("%.*s name (review)", (int)n, col)
                                       : g_strdup("Record name (review)"));
  }
  if (object != AUDIT_OBJ_ACCOUNT) {
    t->review_from[t->review_owned->len] = -1;
    g_ptr_array_add(t->review_owned, g_strdup("Record's account (review)"));
  }
  for (guint i = 0; t->review_fields && t->review_fields[i]; i++) {
    t->review_from[t->review_owned->len] = -2 - (gint)i;
    g_ptr_array_add(t->review_owned, g_strdup_printf("%s (review)", t->review_fields[i]));
  }
  t->pub.nreview = t->review_owned->len;
  g_ptr_array_add(t->review_owned, NULL);
  t->pub.review = (const char *const *)t->review_owned->pdata;
}

/* Is this finding's fix withheld by audit_fixes_bound? */
static gboolean withheld(const AuditResult *r, guint check, const AuditFinding *f)
{
  return r->fix_withheld && r->fix_withheld[check] && strcmp(r->fix_withheld[check], f->fix_action) == 0;
}

/* Would a spreadsheet take this for a formula? */
static gboolean formula_like(const char *v)
{
  return v && v[0] && strchr("=+-@", v[0]);
}

const char *audit_fix_neutralise(const char *value, GString *buf)
{
  if (!value || !(formula_like(value) || value[0] == '\t' || value[0] == '\r'))
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
    case AUDIT_VAL_ROWS: /* evidence only: no fix field holds rows */
    case AUDIT_VAL_WORDS:
      return "";
    }
  }
  return "";
}

static void count_set(const AuditFixTable *table, const char *const *values, const AuditSink *sink,
                      const AuditFinding *finding, gpointer user)
{
  guint *set = user;
  for (guint c = 0; c < table->ncolumns; c++)
    set[c] += values[c][0] != '\0';
}

/* Keeps the columns some row sets: a column no row sets would only blank
 * the field (or, with Data Loader's "Insert null values" on, clear it).
 * Before the review columns, which follow the columns kept. */
static void set_columns(const AuditResult *r, FixTable *t)
{
  g_autofree guint *set = g_new0(guint, t->pub.ncolumns + 1);
  audit_fix_table_rows(r, &t->pub, count_set, set);
  GPtrArray *columns = g_ptr_array_new(), *fields = g_ptr_array_new();
  for (guint c = 0; c < t->pub.ncolumns; c++) {
    if (!set[c])
      continue;
    g_ptr_array_add(columns, (gpointer)t->pub.columns[c]);
    g_ptr_array_add(fields, (gpointer)t->fields[c]);
    t->blank_some |= set[c] < t->pub.nrows;
  }
  t->pub.ncolumns = columns->len;
  g_ptr_array_add(columns, NULL);
  g_ptr_array_add(fields, NULL);
  if (t->columns_owned)
    g_ptr_array_unref(t->columns_owned);
  t->columns_owned = columns;
  t->fields_owned = fields;
  t->pub.columns = (const char *const *)columns->pdata;
  t->fields = (const char *const *)fields->pdata;
}

static gint compare_tables(gconstpointer a, gconstpointer b)
{
  return strcmp((*(const FixTable *const *)a)->action, (*(const FixTable *const *)b)->action);
}

static FixTable *table_for(GPtrArray *tables, GHashTable *unknown, const char *action)
{
  for (guint k = 0; k < G_N_ELEMENTS(known); k++)
    if (strcmp(known[k].action, action) == 0)
      return tables->pdata[k];
  FixTable *t = g_hash_table_lookup(unknown, action);
  if (!t) {
    t = g_new0(FixTable, 1);
    t->action = action;
    t->name_owned = g_strdup(action);
    t->pub.name = t->name_owned;
    t->columns_owned = g_ptr_array_new();
    g_hash_table_insert(unknown, (gpointer)action, t);
  }
  return t;
}

GPtrArray *audit_fix_tables(const AuditResult *r)
{
  /* every known table, then drop the empty ones */
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func(fix_table_free);
  for (guint k = 0; k < G_N_ELEMENTS(known); k++) {
    FixTable *t = g_new0(FixTable, 1);
    t->pub.name = known[k].name;
    t->pub.columns = known[k].columns;
    t->pub.ncolumns = g_strv_length((char **)known[k].columns);
    t->action = known[k].action;
    t->fields = known[k].fields;
    t->review_fields = known[k].review_fields;
    t->pub.plan = known[k].plan;
    g_ptr_array_add(all, t);
  }
  g_autoptr(GHashTable) unknown = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (!f->fix_action || withheld(r, i, f))
        continue;
      FixTable *t = table_for(all, unknown, f->fix_action);
      if (!t->pub.nrows++)
        t->object = f->object;
      /* an action no table knows: its columns are its fields, first seen first */
      for (guint v = 0; t->columns_owned && v < f->fix_n; v++) {
        const char *key = audit_finding_fix(s, f, v)->key;
        if (!g_ptr_array_find_with_equal_func(t->columns_owned, key, g_str_equal, NULL))
          g_ptr_array_add(t->columns_owned, (gpointer)key);
      }
    }
  }
  GPtrArray *tables = g_ptr_array_new_with_free_func(fix_table_free);
  for (guint k = 0; k < all->len;) {
    if (((FixTable *)all->pdata[k])->pub.nrows)
      g_ptr_array_add(tables, g_ptr_array_steal_index(all, k)); /* the rest shifts down */
    else
      k++;
  }
  g_autoptr(GPtrArray) rest = g_ptr_array_new();
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init(&it, unknown);
  while (g_hash_table_iter_next(&it, NULL, &value))
    g_ptr_array_add(rest, value);
  g_ptr_array_sort(rest, compare_tables);
  for (guint k = 0; k < rest->len; k++) {
    FixTable *t = rest->pdata[k];
    t->pub.ncolumns = t->columns_owned->len;
    g_ptr_array_add(t->columns_owned, NULL);
    t->pub.columns = (const char *const *)t->columns_owned->pdata;
    t->fields = t->pub.columns;
    g_ptr_array_add(tables, t);
  }
  for (guint k = 0; k < tables->len; k++) {
    FixTable *t = tables->pdata[k];
    set_columns(r, t);
    review_columns(t, t->object);
  }
  return tables;
}

/* The record an Id names: the table of its key prefix first, then any. */
static gboolean find_record(const AuditModel *m, const char *id, const AuditTable **table, gint32 *row)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
      const AuditTable *t = &m->tables[o];
      if (!t->present || !t->nrows || (strncmp(id, audit_object_id_prefix((AuditObject)o), 3) == 0) != (pass == 0))
        continue;
      gint32 r = audit_table_find(t, id, 15);
      if (r >= 0) {
        *table = t;
        *row = r;
        return TRUE;
      }
    }
  return FALSE;
}

/* An Id as it came in: the 18-character form when the record's own row had
 * it (the model keeps 15 characters); an Id of no record in the export takes
 * the form most of the export's Ids came in. Appends it to out. */
static void append_id_as_exported(const AuditModel *m, gboolean export_18, const char *id, gsize len, GString *out)
{
  const AuditTable *t;
  gint32 row;
  char id15[16];
  if (len == 15 && audit_id_is_salesforce(id, len)) {
    memcpy(id15, id, 15);
    id15[15] = '\0';
    if (find_record(m, id15, &t, &row) ? audit_id_was_18(t, (guint)row) : export_18) {
      char id18[19];
      audit_id_to_18(id15, id18);
      g_string_append(out, id18);
      return;
    }
  }
  g_string_append_len(out, id, (gssize)len);
}

/* An Id column's value as it came in: an Id, or a ';'-separated list of
 * them (merge-accounts' DuplicateId for a group of three or more). Returns
 * value itself or buf's contents. */
static const char *ids_as_exported(const AuditModel *m, gboolean export_18, const char *value, GString *buf)
{
  g_string_truncate(buf, 0);
  for (const char *p = value;;) {
    const char *end = strchr(p, ';');
    gsize len = end ? (gsize)(end - p) : strlen(p);
    append_id_as_exported(m, export_18, p, len, buf);
    if (!end)
      break;
    g_string_append_c(buf, ';');
    p = end + 1;
  }
  return strcmp(buf->str, value) == 0 ? value : buf->str;
}

/* The names of the records an Id column's value names (an Id, or a
 * ';'-separated list), "; "-separated, into out; "" for an Id of no record. */
static const char *names_of_ids(const AuditModel *m, const char *value, GString *out)
{
  g_string_truncate(out, 0);
  for (const char *p = value; *p;) {
    const char *end = strchr(p, ';');
    gsize len = end ? (gsize)(end - p) : strlen(p);
    const AuditTable *t;
    gint32 row;
    char id15[16], buf[256];
    if ((len == 15 || len == 18) && audit_id_is_salesforce(p, 15)) {
      memcpy(id15, p, 15);
      id15[15] = '\0';
      if (find_record(m, id15, &t, &row))
        g_string_append_printf(out, "%s%s", out->len ? "; " : "",
                               audit_record_name(m, t->obj, (guint)row, buf, sizeof buf));
    }
    if (!end)
      break;
    p = end + 1;
  }
  return out->str;
}

/* The account of a finding's record (a lead's Company), "" when none. */
static const char *record_account(const AuditModel *m, AuditObject o, gint32 row)
{
  const AuditTable *t = &m->tables[o], *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  gint32 a = -1;
  if (row < 0 || !t->present)
    return "";
  switch (o) {
  case AUDIT_OBJ_LEAD:
    return audit_text(t, (guint)row, LEAD_COMPANY);
  case AUDIT_OBJ_CONTACT:
    a = audit_ref(t, (guint)row, CONTACT_ACCOUNT);
    break;
  case AUDIT_OBJ_OPPORTUNITY:
    a = audit_ref(t, (guint)row, OPPORTUNITY_ACCOUNT);
    break;
  case AUDIT_OBJ_CONTACT_ROLE: {
    gint32 opp = audit_ref(t, (guint)row, ROLE_OPPORTUNITY);
    if (opp >= 0)
      a = audit_ref(&m->tables[AUDIT_OBJ_OPPORTUNITY], (guint)opp, OPPORTUNITY_ACCOUNT);
    break;
  }
  default:
    break;
  }
  return a >= 0 ? audit_text(acc, (guint)a, ACCOUNT_NAME) : "";
}

void audit_fix_table_rows(const AuditResult *r, const AuditFixTable *table, AuditFixRowFunc row, gpointer user)
{
  const FixTable *t = (const FixTable *)table;
  guint nrev = t->pub.nreview;
  const char **values = g_new0(const char *, t->pub.ncolumns + nrev + 1);
  GString **rev_bufs = g_new0(GString *, nrev + 1);
  for (guint k = 0; k < nrev; k++)
    rev_bufs[k] = g_string_new(NULL);
  char *bufs = g_malloc((t->pub.ncolumns + 1) * 48);
  g_autofree char *rev_num = g_malloc((nrev + 1) * 48);
  gboolean *id_column = g_new0(gboolean, t->pub.ncolumns + 1);
  GString **id_bufs = g_new0(GString *, t->pub.ncolumns + 1);
  for (guint c = 0; c < t->pub.ncolumns; c++) {
    id_column[c] = is_id_column(t->pub.columns[c]);
    id_bufs[c] = g_string_new(NULL);
  }
  guint64 ids = 0, ids_18 = 0;
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    ids += r->model->tables[o].nrows;
    ids_18 += r->model->tables[o].nid18;
  }
  gboolean export_18 = ids_18 * 2 > ids;
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (!f->fix_action || strcmp(f->fix_action, t->action) != 0 || withheld(r, i, f))
        continue;
      for (guint c = 0; c < t->pub.ncolumns; c++) {
        values[c] = fix_value(s, f, t->fields[c], bufs + c * 48, 48);
        /* the review names from the Ids as the model keeps them (15 characters) */
        for (guint v = 0; v < nrev; v++)
          if (t->review_from[v] == (gint)c)
            values[t->pub.ncolumns + v] = names_of_ids(r->model, values[c], rev_bufs[v]);
        if (id_column[c])
          values[c] = ids_as_exported(r->model, export_18, values[c], id_bufs[c]);
      }
      for (guint v = 0; v < nrev; v++)
        if (t->review_from[v] == -1)
          values[t->pub.ncolumns + v] = record_account(r->model, f->object, f->row);
        else if (t->review_from[v] < -1)
          values[t->pub.ncolumns + v] = fix_value(s, f, t->review_fields[-2 - t->review_from[v]],
                                                  rev_num + v * 48, 48);
      row(&t->pub, values, s, f, user);
    }
  }
  g_free(values);
  for (guint k = 0; k < nrev; k++)
    g_string_free(rev_bufs[k], TRUE);
  g_free(rev_bufs);
  g_free(bufs);
  g_free(id_column);
  for (guint c = 0; c < t->pub.ncolumns; c++)
    g_string_free(id_bufs[c], TRUE);
  g_free(id_bufs);
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
  const AuditResult *r;
  const AuditFixTable *table;
  FILE *fp;
  GString *line, *buf;
  /* mapped values a spreadsheet would run (= + - @ first): written as they
   * are, since Data Loader would import a ' too, and flagged in the summary */
  guint rows, flagged, flagged_row, flagged_col;
  char *flagged_value;
} Writer;


/* The columns Data Loader maps go as they are (Ids, booleans, picklist
 * values: what is imported must be the value itself, a ' would be imported
 * too), those a spreadsheet would run counted for the summary; the review
 * columns, CRM text a reviewer opens in a spreadsheet, are neutralised. */
static void write_line(Writer *w, const char *const *values, const char *const *review)
{
  g_string_truncate(w->line, 0);
  for (guint i = 0; i < w->table->ncolumns; i++) {
    if (i)
      g_string_append_c(w->line, ',');
    csv_field(w->line, values[i] ? values[i] : "");
    if (w->rows && formula_like(values[i]) && w->flagged++ == 0) {
      w->flagged_row = w->rows;
      w->flagged_col = i;
      w->flagged_value = g_strdup(values[i]);
    }
  }
  w->rows++;
  for (guint i = 0; i < w->table->nreview; i++) {
    g_string_append_c(w->line, ',');
    csv_field(w->line, audit_fix_neutralise(review[i], w->buf));
  }
  g_string_append(w->line, "\r\n");
  fwrite(w->line->str, 1, w->line->len, w->fp);
}

static void write_row(const AuditFixTable *table, const char *const *values, const AuditSink *sink,
                      const AuditFinding *finding, gpointer user)
{
  write_line(user, values, values + table->ncolumns);
}

static gboolean write_file(FILE *fp, gconstpointer data, GError **error)
{
  Writer *w = (Writer *)data;
  w->fp = fp;
  write_line(w, w->table->columns, w->table->review);
  audit_fix_table_rows(w->r, w->table, write_row, w);
  return TRUE;
}

/* NAME.sdl: Data Loader's mapping file (CsvColumn=SalesforceField, '#'
 * comments), the mapped columns alone, so that the review columns are never
 * imported. */
static gboolean write_sdl(FILE *fp, gconstpointer data, GError **error)
{
  const Writer *w = data;
  if (w->table->plan) /* a merge or a lead conversion is no Data Loader operation: say what the mapping is for */
    fprintf(fp, "# Field mapping for %s.csv (crm-audit %s). This file is a plan, not a Data Loader import:\n"
                "# merging records and converting leads are not Data Loader operations (use the merge screen, a\n"
                "# merge or convert tool, or an API script: merge(), convertLead()). The mapping names its real\n"
                "# fields for such a tool and leaves out the review columns", w->table->name, CRM_AUDIT_VERSION);
  else
    fprintf(fp, "# Data Loader field mapping for %s.csv (crm-audit %s): choose this file in Data Loader's mapping\n"
                "# step. It maps the columns Data Loader imports and leaves out the review columns", w->table->name,
            CRM_AUDIT_VERSION);
  for (guint i = 0; i < w->table->nreview; i++)
    fprintf(fp, "%s%s", i ? ", " : " (", w->table->review[i]);
  fprintf(fp, "%s.\n", w->table->nreview ? ")" : "");
  if (((const FixTable *)w->table)->blank_some)
    fputs("# Some rows leave a mapped column blank: that field stays as it is. Keep Data Loader's \"Insert null\n"
          "# values\" setting off, or loading this file would clear those fields.\n",
          fp);
  fputs("#Mapping values\n", fp);
  for (guint i = 0; i < w->table->ncolumns; i++)
    fprintf(fp, "%s=%s\n", w->table->columns[i], w->table->columns[i]);
  return TRUE;
}

gboolean audit_report_fixes(const char *out_dir, const AuditResult *r, GPtrArray *written, GError **error)
{
  g_autofree char *dir = g_build_filename(out_dir, "fixes", NULL);
  if (g_mkdir_with_parents(dir, 0755) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create: %s", dir, g_strerror(errno));
    return FALSE;
  }
  g_autoptr(GPtrArray) tables = audit_fix_tables(r);
  Writer w = {.r = r, .line = g_string_new(NULL), .buf = g_string_new(NULL)};
  gboolean ok = TRUE;
  for (guint i = 0; i < tables->len && ok; i++) {
    w.table = tables->pdata[i];
    g_autofree char *name = g_strdup_printf("%s.csv", w.table->name);
    g_autofree char *sdl = g_strdup_printf("%s.sdl", w.table->name);
    ok = audit_output_write(dir, name, write_file, &w, error) &&
         (!sdl || audit_output_write(dir, sdl, write_sdl, &w, error));
    if (ok && written) {
      g_autofree char *path = g_build_filename(dir, name, NULL);
      GString *entry = g_string_new(path);
      if (sdl)
        g_string_append_printf(entry, " (+ %s)", sdl);
      if (w.flagged) {
        g_autofree char *shown = audit_text_escape_terminal(w.flagged_value, FALSE);
        g_string_append_printf(entry, "; look before import: %u value%s start%s with = + - @, such as '%s' (%s, row "
                               "%u), written as %s so that Data Loader imports %s unchanged",
                               w.flagged, w.flagged == 1 ? "" : "s", w.flagged == 1 ? "s" : "", shown,
                               w.table->columns[w.flagged_col], w.flagged_row, w.flagged == 1 ? "it is" : "they are",
                               w.flagged == 1 ? "it" : "them");
      }
      g_ptr_array_add(written, g_string_free(entry, FALSE));
    }
    w.rows = w.flagged = 0;
    g_clear_pointer(&w.flagged_value, g_free);
  }
  g_string_free(w.line, TRUE);
  g_string_free(w.buf, TRUE);
  return ok;
}

/* ---- the sanity bound on deletes ---- */

void audit_fixes_bound(AuditResult *r)
{
  double share = r->config ? r->config->max_delete_share : AUDIT_MAX_DELETE_SHARE;
  const AuditModel *m = r->model;
  for (guint i = 0; r->sinks && i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    /* per delete action of the check: its rows, per object */
    g_autoptr(GHashTable) rows = g_hash_table_new(g_str_hash, g_str_equal);
    AuditObject object = AUDIT_OBJ_COUNT;
    for (guint k = 0; s && k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (!f->fix_action || !g_str_has_prefix(f->fix_action, "delete-"))
        continue;
      guint n = GPOINTER_TO_UINT(g_hash_table_lookup(rows, f->fix_action));
      g_hash_table_insert(rows, (gpointer)f->fix_action, GUINT_TO_POINTER(n + 1));
      object = f->object;
    }
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, rows);
    while (g_hash_table_iter_next(&it, &key, &value)) {
      guint n = GPOINTER_TO_UINT(value), records = m->tables[object].nrows;
      if (!records || (double)n <= share * records)
        continue;
      if (!r->fix_withheld)
        r->fix_withheld = g_new0(const char *, audit_registry_size);
      r->fix_withheld[i] = key; /* a check has one delete action: the last one wins */
      char pct[G_ASCII_DTOSTR_BUF_SIZE], max[G_ASCII_DTOSTR_BUF_SIZE];
      audit_model_notice(r->model,
                         "fixes withheld: %s would delete %u of the %u %s records (%s%%), more than [audit] "
                         "max_delete_share = %s allows: fixes/%s.csv leaves these rows out (the findings stay); "
                         "review the findings, and raise max_delete_share to write them",
                         audit_registry[i]->id, n, records, audit_object_name(object),
                         g_ascii_formatd(pct, sizeof pct, "%.0f", 100.0 * n / records),
                         g_ascii_formatd(max, sizeof max, "%.2f", share), (const char *)key);
    }
  }
}
