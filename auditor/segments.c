/* The segments of a run: [segments] field, or the accounts' record types. */
#include "segments.h"
#include "normalize.h"

#include <string.h>

static gint compare_names(gconstpointer a, gconstpointer b)
{
  return g_utf8_collate(*(const char *const *)a, *(const char *const *)b);
}

gboolean audit_segments_map(AuditModel *m, const AuditConfig *cfg, GError **error)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  if (!acc->present)
    return TRUE;
  const AuditTable *rt = &m->tables[AUDIT_OBJ_RECORD_TYPE];
  gboolean by_type = FALSE;
  gint col = -1;
  if (cfg->segment_field) {
    by_type = g_ascii_strcasecmp(cfg->segment_field, "RecordType") == 0 ||
              g_ascii_strcasecmp(cfg->segment_field, "RecordTypeId") == 0;
    col = by_type ? acc->known[ACCOUNT_RECORD_TYPE] : audit_table_column(acc, cfg->segment_field);
    if (col < 0) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT,
                  "%s:1:1: expected a column %s ([segments] field in %s), found none among the %u columns", acc->path,
                  by_type ? "RecordTypeId" : cfg->segment_field, cfg->path, acc->ncols);
      return FALSE;
    }
  } else if ((col = acc->known[ACCOUNT_RECORD_TYPE]) >= 0) {
    /* no [segments] field: the record types scope the conventions, when the accounts have two or more */
    const char *first = NULL;
    gboolean several = FALSE;
    for (guint r = 0; r < acc->nrows && !several; r++) {
      const char *v = audit_cell(acc, r, col);
      if (audit_is_blank(v))
        continue;
      several = first && strcmp(first, v) != 0;
      first = first ? first : v;
    }
    if (!several)
      return TRUE;
    by_type = TRUE;
  } else
    return TRUE;

  /* the values: the configured segments first, then the others by name */
  m->segment_values = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GHashTable) index = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint s = 1; s < cfg->nsegments; s++)
    g_ptr_array_add(m->segment_values, g_strdup(cfg->segments[s]));
  guint configured = m->segment_values->len;
  for (guint i = 0; i < configured; i++)
    g_hash_table_insert(index, m->segment_values->pdata[i], GUINT_TO_POINTER(i + 1));
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func(g_free);
  for (guint r = 0; r < acc->nrows; r++) {
    const char *v = by_type ? audit_record_type_name(m, AUDIT_OBJ_ACCOUNT, r, ACCOUNT_RECORD_TYPE)
                            : audit_cell(acc, r, col);
    const char *name = audit_is_blank(v) ? "(blank)" : v;
    if (!g_hash_table_contains(index, name)) {
      char *copy = g_strdup(name);
      g_ptr_array_add(others, copy);
      g_hash_table_insert(index, copy, NULL);
    }
  }
  g_ptr_array_sort(others, compare_names);
  for (guint i = 0; i < others->len; i++) {
    g_ptr_array_add(m->segment_values, g_strdup(others->pdata[i]));
    g_hash_table_insert(index, m->segment_values->pdata[m->segment_values->len - 1],
                        GUINT_TO_POINTER(m->segment_values->len));
  }
  m->account_segment_value = g_new0(guint32, MAX(acc->nrows, 1));
  if (cfg->segment_field)
    m->account_segment = g_new0(gint16, MAX(acc->nrows, 1));
  g_autofree guint *count = g_new0(guint, m->segment_values->len + 1);
  /* a record type segment may be named by its Id, in 15 or 18 characters */
  g_auto(GStrv) seg_ids = g_new0(char *, cfg->nsegments + 1);
  for (guint s = 1; by_type && s < cfg->nsegments; s++) {
    seg_ids[s - 1] = g_malloc(strlen(cfg->segments[s]) + 1);
    seg_ids[s - 1][audit_id_normalize(cfg->segments[s], strlen(cfg->segments[s]), seg_ids[s - 1])] = '\0';
  }
  for (guint r = 0; r < acc->nrows; r++) {
    const char *v = by_type ? audit_record_type_name(m, AUDIT_OBJ_ACCOUNT, r, ACCOUNT_RECORD_TYPE)
                            : audit_cell(acc, r, col);
    guint k = GPOINTER_TO_UINT(g_hash_table_lookup(index, audit_is_blank(v) ? "(blank)" : v));
    m->account_segment_value[r] = k;
    count[k]++;
    if (!m->account_segment)
      continue;
    /* by name; a record type also by its Id, as a config written for the Ids still works */
    const char *id = audit_cell(acc, r, col);
    for (guint s = 1; s < cfg->nsegments; s++)
      if (strcmp(v, cfg->segments[s]) == 0 || (by_type && *id && strcmp(id, seg_ids[s - 1]) == 0)) {
        m->account_segment[r] = (gint16)s;
        break;
      }
  }
  for (guint s = 1; s < cfg->nsegments && m->account_segment; s++) {
    gboolean used = FALSE;
    for (guint r = 0; r < acc->nrows && !used; r++)
      used = m->account_segment[r] == (gint16)s;
    if (!used)
      audit_model_notice(m, "segment '%s' ([check.ID@%s] in %s) matches no account's %s%s", cfg->segments[s],
                         cfg->segments[s], cfg->path, by_type ? "record type" : cfg->segment_field,
                         by_type && !rt->present ? " (the export has no RecordType.csv: name the record type by its Id)"
                                                 : "");
  }
  if (!by_type)
    return TRUE;
  if (!rt->present) {
    audit_model_notice(m, "%s record types by Id: the export has no RecordType.csv to name them (add it to the "
                       "export to see and configure them by name)",
                       cfg->segment_field ? "[segments] field is the record type, but the segments are the"
                                          : "the conventions are scoped by the accounts'");
  }
  GString *value = g_string_new(NULL);
  for (guint k = 1; k <= m->segment_values->len; k++)
    if (count[k])
      g_string_append_printf(value, "%s%s (%u)", value->len ? ", " : "", (const char *)m->segment_values->pdata[k - 1],
                             count[k]);
  g_autofree char *from = g_strdup_printf("Account.RecordTypeId%s", rt->present ? " and RecordType.csv Name" : "");
  audit_model_infer(m, cfg->segment_field ? "segments (record types)" : "segments for the conventions (record types)",
                    value->str, from, "[segments] field");
  g_string_free(value, TRUE);
  return TRUE;
}
