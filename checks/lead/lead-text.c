/* How the lead checks name a lead and the candidate accounts (lead-text.h). */
#include "lead-text.h"
#include "normalize.h"

const char *checks_lead_who(const AuditModel *m, guint r, char *buf, gsize len)
{
  return audit_record_name(m, AUDIT_OBJ_LEAD, r, buf, len);
}

/* "'Anna Vogel' (Northwind)" or "'Anna Vogel'" */
/* A Company that is a record Id (an import that mapped the account's Id to
 * the lead's Company): no name anyone can read or match. */
static gboolean company_is_id(const char *company)
{
  gsize len = strlen(company), digits = 0;
  if ((len != 15 && len != 18) || !audit_id_is_salesforce(company, 15))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    digits += g_ascii_isdigit(company[i]) != 0;
  return digits >= 3 && digits < len;
}

char *checks_lead_label(const AuditModel *m, guint r)
{
  char buf[256];
  const char *who = checks_lead_who(m, r, buf, sizeof buf);
  const char *company = audit_text(&m->tables[AUDIT_OBJ_LEAD], r, LEAD_COMPANY);
  if (audit_is_blank(company))
    return g_strdup_printf("'%s'", who);
  if (company_is_id(company)) {
    const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
    gint32 a = acc->present ? audit_table_find(acc, company, 15) : -1;
    if (a >= 0)
      return g_strdup_printf("'%s' (Company holds the Id %s of account '%s', not a company name)", who, company,
                             audit_text(acc, (guint)a, ACCOUNT_NAME));
    return g_strdup_printf("'%s' (Company holds a record Id, %s, not a company name)", who, company);
  }
  return g_strdup_printf("'%s' (%s)", who, company);
}

void checks_lead_candidates_text(const AuditModel *m, const AuditLeadPlan *p, const AuditLeadVerdict *v, GString *out)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  for (guint i = 0; i < v->ncand; i++) {
    guint32 a = g_array_index(p->cands, guint32, v->cand_start + i);
    g_string_append_printf(out, "%s'%s' (%s)", i ? ", " : "", audit_text(acc, a, ACCOUNT_NAME), audit_id(acc, a));
  }
}
