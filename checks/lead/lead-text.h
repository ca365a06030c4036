/* How the lead checks name a lead and the accounts it could go to
 * (lead-text.c). */
#pragma once

#include "lead-rules.h"

/* The lead's name, as audit_record_name gives it (in buf, or a constant). */
const char *checks_lead_who(const AuditModel *m, guint r, char *buf, gsize len);
/* "'Anna Vogel' (Northwind)" or "'Anna Vogel'"; free it. */
char *checks_lead_label(const AuditModel *m, guint r);
/* The accounts a lead matches ambiguously, "'Name' (Id), ..." appended to out. */
void checks_lead_candidates_text(const AuditModel *m, const AuditLeadPlan *p, const AuditLeadVerdict *v,
                                 GString *out);
