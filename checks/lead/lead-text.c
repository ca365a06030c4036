/* How the lead checks name a lead and the candidate accounts (lead-text.h). */
#include "lead-text.h"
#include "normalize.h"

const char *checks_lead_who(const AuditModel *m, guint r, char *buf, gsize len)
{
  return audit_record_name(m, AUDIT_OBJ_LEAD, r, buf, len);
}

/* "'Anna Vogel' (Northwind)" or "'Anna Vogel'" */
char *checks_lead_label(const AuditModel *m, guint r)
{
  char buf[256];
  const char *who = checks_lead_who(m, r, buf, sizeof buf);
  const char *company = audit_text(&m->tables[AUDIT_OBJ_LEAD], r, LEAD_COMPANY);
  return audit_is_blank(company) ? g_strdup_printf("'%s'", who) : g_strdup_printf("'%s' (%s)", who, company);
}

void checks_lead_candidates_text(const AuditModel *m, const AuditLeadPlan *p, const AuditLeadVerdict *v, GString *out)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  for (guint i = 0; i < v->ncand; i++) {
    guint32 a = g_array_index(p->cands, guint32, v->cand_start + i);
    g_string_append_printf(out, "%s'%s' (%s)", i ? ", " : "", audit_text(acc, a, ACCOUNT_NAME), audit_id(acc, a));
  }
}
