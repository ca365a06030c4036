/* The model's life: new and free (model.h; the schema in schema.c, the Id
 * index in index.c, the read API in record.c, notes in notes.c, what is
 * derived in derive.c). */
#include "model.h"

G_DEFINE_QUARK(crm-audit-error-quark, audit_error)

static void inference_free(gpointer p)
{
  AuditInference *i = p;
  g_free(i->what);
  g_free(i->value);
  g_free(i->from);
  g_free(i->override);
  g_free(i);
}

AuditModel *audit_model_new(void)
{
  AuditModel *m = g_new0(AuditModel, 1);
  m->inferred = g_ptr_array_new_with_free_func(inference_free);
  m->notices = g_ptr_array_new_with_free_func(g_free);
  g_mutex_init(&m->notes_lock);
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++) {
    AuditTable *t = &m->tables[i];
    t->obj = (AuditObject)i;
    t->name = audit_object_name((AuditObject)i);
    for (guint f = 0; f < AUDIT_MAX_FIELDS; f++)
      t->known[f] = -1;
  }
  return m;
}

static void table_clear(AuditTable *t)
{
  g_free(t->path);
  g_free(t->file);
  g_strfreev(t->columns);
  g_free(t->cells);
  g_free(t->lines);
  g_free(t->id18);
  g_free(t->repeat);
  g_free(t->strs);
  g_free(t->control_dropped);
  for (guint f = 0; f < AUDIT_MAX_FIELDS; f++) {
    g_free(t->i32[f]);
    g_free(t->ref_obj[f]);
    g_free(t->flag[f]);
    g_free(t->num[f]);
  }
  if (t->invalid)
    g_array_unref(t->invalid);
  if (t->duplicate_rows)
    g_array_unref(t->duplicate_rows);
  g_free(t->index.slots);
}

static void link_clear(AuditLink *l)
{
  g_free(l->start);
  g_free(l->items);
}

void audit_model_free(AuditModel *m)
{
  if (!m)
    return;
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++)
    table_clear(&m->tables[i]);
  g_free(m->export_dir);
  g_free(m->activities);
  AuditLink *links[] = {&m->account_contacts, &m->account_opportunities, &m->account_children,
                        &m->account_activities, &m->opportunity_roles, &m->opportunity_activities,
                        &m->contact_roles, &m->contact_activities, &m->lead_activities};
  for (guint i = 0; i < G_N_ELEMENTS(links); i++)
    link_clear(links[i]);
  g_free(m->account_segment);
  if (m->segment_values)
    g_ptr_array_unref(m->segment_values);
  g_free(m->account_segment_value);
  g_strfreev(m->open_stages);
  g_free(m->opportunity_open);
  g_free(m->account_root);
  g_free(m->account_depth);
  g_free(m->account_tree);
  g_free(m->account_pre);
  g_free(m->account_span);
  if (m->domains && m->domains_free)
    m->domains_free(m->domains);
  g_free(m->email_counts[0]);
  g_free(m->email_counts[1]);
  audit_model_free(m->previous);
  if (m->inferred)
    g_ptr_array_unref(m->inferred);
  if (m->notices)
    g_ptr_array_unref(m->notices);
  g_mutex_clear(&m->notes_lock);
  g_free(m);
}

