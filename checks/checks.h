/* Every check's descriptor (checks.def lists them in catalogue order) and the
 * helpers one family's checks share with another's. */
#pragma once

#include "check.h"

#define AUDIT_CHECK(symbol, id, severity) extern const AuditCheck audit_check_##symbol;
#include "checks.def"
#undef AUDIT_CHECK

/* account/account-rules.c: is an account's Website blank or a placeholder; why a
 * website is not a usable company domain (NULL when it is). */
gboolean audit_website_missing(const char *website);
const char *audit_website_problem(const AuditModel *m, guint row, char *buf, gsize len);

/* Evidence shared by the opportunity checks: its name, stage, amount, close
 * date and account (opportunity/opportunity-evidence.c). */
void checks_opportunity_evidence(const AuditModel *m, AuditSink *out, guint opp);

