#include "html-internal.h"

/* Evidence keys and fix texts repeat from row to row: the data island says
 * each once, in "strings", and the rows give its index. */
guint html_intern(Html *h, const char *s)
{
  gpointer at = g_hash_table_lookup(h->intern, s);
  if (at)
    return GPOINTER_TO_UINT(at) - 1;
  g_ptr_array_add(h->strings, (gpointer)s);
  g_hash_table_insert(h->intern, (gpointer)s, GUINT_TO_POINTER(h->strings->len));
  return h->strings->len - 1;
}

/* The script's data: each check's first rows, compactly. A row is
 * [severity, object, record Id, record name, owner index, message,
 *  [evidence key's string, value, ...], fix text's string, fix action's string],
 * a string being an index into "strings" (0 is ""). */
void html_write_data(Html *h)
{
  const AuditResult *r = h->r;
  const AuditModel *m = h->m;
  html_out(h, "<script id=\"audit-data\" type=\"application/json\">");
  AuditJson w;
  audit_json_init(&w, h->fp, 4);
  audit_json_begin_object(&w);
  audit_json_key(&w, "rows");
  audit_json_int(&w, h->rows);
  audit_json_key(&w, "baseline");
  audit_json_bool(&w, r->baseline != NULL);
  audit_json_key(&w, "plain");
  audit_json_int(&w, HTML_PLAIN_ROWS);
  audit_json_key(&w, "severities");
  audit_json_begin_array(&w);
  for (guint s = 0; s < AUDIT_SEV_COUNT; s++)
    audit_json_string(&w, audit_severity_name((AuditSeverity)s));
  audit_json_end_array(&w);
  audit_json_key(&w, "objects");
  audit_json_begin_array(&w);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    audit_json_string(&w, audit_object_name((AuditObject)o));
  audit_json_end_array(&w);
  audit_json_key(&w, "record_url");
  if (h->url_parts) {
    audit_json_begin_array(&w);
    for (guint i = 0; h->url_parts[i]; i++)
      audit_json_string(&w, h->url_parts[i]);
    audit_json_end_array(&w);
  } else {
    audit_json_null(&w);
  }
  audit_json_key(&w, "owners");
  audit_json_begin_array(&w);
  for (guint o = 0; o < r->owners->len; o++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, o);
    audit_json_begin_array(&w);
    audit_json_string(&w, c->owner);
    if (c->name)
      audit_json_string(&w, c->name);
    else
      audit_json_null(&w);
    audit_json_end_array(&w);
  }
  audit_json_end_array(&w);
  audit_json_key(&w, "checks");
  audit_json_begin_array(&w);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    if (!html_check_count(r, i))
      continue;
    audit_json_begin_object(&w);
    audit_json_key(&w, "id");
    audit_json_string(&w, audit_registry[i]->id);
    audit_json_key(&w, "total");
    audit_json_int(&w, audit_sink_count(s));
    audit_json_key(&w, "rows");
    audit_json_begin_array(&w);
    guint n = MIN(audit_sink_count(s), h->rows);
    for (guint k = 0; k < n; k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      audit_json_begin_array(&w);
      audit_json_int(&w, f->severity);
      audit_json_int(&w, f->object);
      audit_json_string(&w, audit_finding_record_id(s, f));
      audit_json_string(&w, f->row >= 0 ? audit_record_name(m, f->object, (guint)f->row, h->name_buf,
                                                            sizeof h->name_buf)
                                        : AUDIT_NO_RECORD_LABEL);
      audit_json_int(&w, html_owner_index(r, html_finding_owner(m, f)));
      audit_json_string(&w, f->message);
      audit_json_begin_array(&w);
      for (guint e = 0; e < f->ev_n; e++) {
        const AuditValue *v = audit_finding_evidence(s, f, e);
        audit_json_int(&w, html_intern(h, v->key));
        audit_json_string(&w, html_value_text(s, v, h->tmp));
      }
      audit_json_end_array(&w);
      audit_json_int(&w, html_intern(h, f->fix_text ? f->fix_text : ""));
      audit_json_int(&w, html_intern(h, f->fix_action ? f->fix_action : ""));
      audit_json_int(&w, f->trend);
      audit_json_end_array(&w);
    }
    audit_json_end_array(&w);
    audit_json_end_object(&w);
  }
  audit_json_end_array(&w);
  audit_json_key(&w, "strings");
  audit_json_begin_array(&w);
  for (guint i = 0; i < h->strings->len; i++)
    audit_json_string(&w, h->strings->pdata[i]);
  audit_json_end_array(&w);
  audit_json_end_object(&w);
  audit_json_clear(&w);
  html_out(h, "</script>\n");
}
