#include "migration.h"
#include "findings.h"
#include "pipeline.h"

#include <string.h>

const char *const audit_migration_classes[AUDIT_MIGRATION_CLASSES] = {"no-company", "excluded", "spam",
                                                                       "competitor", "grey"};

static const AuditSink *sink_of(const AuditResult *r, const char *id)
{
  gint i = audit_registry_lookup(r->registry, id);
  return i >= 0 ? r->sinks[i] : NULL;
}

const char *audit_lead_class(AuditLeadOutcome o)
{
  return o >= AUDIT_LEAD_NO_COMPANY && o <= AUDIT_LEAD_GREY ? audit_migration_classes[o - AUDIT_LEAD_NO_COMPANY] : NULL;
}

static gint compare_accounts(gconstpointer a, gconstpointer b, gpointer user)
{
  const AuditMigrationAccount *x = a, *y = b;
  if (x->leads != y->leads)
    return x->leads > y->leads ? -1 : 1;
  const AuditTable *t = user;
  return strcmp(audit_id(t, (guint)x->account), audit_id(t, (guint)y->account));
}

AuditMigration *audit_migration_compute(const AuditResult *r)
{
  const AuditModel *m = r->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  static const char *const ids[] = {"lead-is-contact", "lead-matches-account", "lead-riffraff", "lead-engaged"};
  const AuditSink *sinks[G_N_ELEMENTS(ids)];
  for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
    sinks[i] = sink_of(r, ids[i]);
  const AuditSink *onto = sinks[0], *matches = sinks[1], *riff = sinks[2], *engaged = sinks[3];
  if (!t->present || (!matches && !riff && !engaged && !onto))
    return NULL;
  AuditMigration *mg = g_new0(AuditMigration, 1);
  guint nran = 0;
  for (guint i = 0; i < G_N_ELEMENTS(ids); i++)
    if (sinks[i])
      mg->checks_ran[nran++] = ids[i];
  for (guint l = 0; l < t->nrows; l++)
    if (!audit_row_repeated(t, l) && audit_flag(t, l, LEAD_IS_CONVERTED) != 1)
      mg->unconverted++;

  /* a lead lead-duplicate merges away (a related lead of its findings) is counted once, as a duplicate: its
   * master is the one converted, kept or purged */
  const AuditSink *dups = sink_of(r, "lead-duplicate");
  g_autofree guint8 *merged = g_new0(guint8, t->nrows + 1);
  for (guint k = 0; dups && k < audit_sink_count(dups); k++) {
    const AuditFinding *f = audit_sink_get(dups, k);
    for (guint j = 0; j < f->rel_n; j++) {
      const AuditRecordRef *ref = audit_finding_related(dups, f, j);
      if (ref->obj == AUDIT_OBJ_LEAD && ref->row >= 0 && (guint)ref->row < t->nrows && !merged[ref->row]) {
        merged[ref->row] = 1;
        mg->duplicates++;
      }
    }
  }
#define MERGED(f) ((f)->object == AUDIT_OBJ_LEAD && (f)->row >= 0 && merged[(f)->row])

  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint *per_account = acc->present ? g_new0(guint, acc->nrows + 1) : NULL;
  for (guint k = 0; matches && k < audit_sink_count(matches); k++) {
    const AuditFinding *f = audit_sink_get(matches, k);
    if (MERGED(f))
      continue;
    if (f->kind != AUDIT_LEAD_MATCHED) {
      mg->ambiguous += f->kind == AUDIT_LEAD_AMBIGUOUS;
      continue;
    }
    mg->convert_existing++;
    if (per_account && f->rel_n > 0) /* the first related record is the account chosen */
      per_account[audit_finding_related(matches, f, 0)->row]++;
  }
  /* a lead that is already a contact converts onto it: into an existing account (lead-is-contact's findings,
   * which the other lead checks leave out) */
  for (guint k = 0; onto && k < audit_sink_count(onto); k++) {
    const AuditFinding *f = audit_sink_get(onto, k);
    if (MERGED(f))
      continue;
    mg->convert_existing++;
    for (guint j = 0; per_account && j < f->rel_n; j++)
      if (audit_finding_related(onto, f, j)->obj == AUDIT_OBJ_ACCOUNT)
        per_account[audit_finding_related(onto, f, j)->row]++;
  }
  for (guint k = 0; riff && k < audit_sink_count(riff); k++) {
    const AuditFinding *f = audit_sink_get(riff, k);
    if (!MERGED(f) && audit_lead_class(f->kind))
      mg->classes[f->kind - AUDIT_LEAD_NO_COMPANY]++;
  }
  for (guint k = 0; engaged && k < audit_sink_count(engaged); k++) {
    const AuditFinding *f = audit_sink_get(engaged, k);
    if (MERGED(f))
      continue;
    mg->engaged++;
    mg->convert_new += f->kind == AUDIT_LEAD_NEW;
  }
#undef MERGED
  mg->top_accounts = g_array_new(FALSE, FALSE, sizeof(AuditMigrationAccount));
  for (guint a = 0; per_account && a < acc->nrows; a++)
    if (per_account[a]) {
      AuditMigrationAccount x = {(gint32)a, per_account[a]};
      g_array_append_val(mg->top_accounts, x);
    }
  g_array_sort_with_data(mg->top_accounts, compare_accounts, (gpointer)acc);
  if (mg->top_accounts->len > 10)
    g_array_set_size(mg->top_accounts, 10);
  g_free(per_account);
  return mg;
}

void audit_migration_free(AuditMigration *mg)
{
  if (!mg)
    return;
  if (mg->top_accounts)
    g_array_unref(mg->top_accounts);
  g_free(mg);
}
