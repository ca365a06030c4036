/* The evidence every opportunity check gives about its opportunity
 * (checks.h). */
#include "check.h"
#include "checks.h"

/* The opportunity's stage, amount and close date, as evidence. */
void checks_opportunity_evidence(const AuditModel *m, AuditSink *out, guint opp)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  audit_evidence_str(out, "opportunity", audit_text(t, opp, OPPORTUNITY_NAME));
  audit_evidence_str(out, "stage", audit_text(t, opp, OPPORTUNITY_STAGE));
  audit_evidence_num(out, "amount", audit_num(t, opp, OPPORTUNITY_AMOUNT));
  audit_evidence_day(out, "close_date", audit_day(t, opp, OPPORTUNITY_CLOSE_DATE));
  gint32 acc = audit_ref(t, opp, OPPORTUNITY_ACCOUNT);
  if (acc >= 0)
    audit_evidence_str(out, "account", audit_text(&m->tables[AUDIT_OBJ_ACCOUNT], (guint)acc, ACCOUNT_NAME));
}
