/* Every check's descriptor (checks.def lists them in catalogue order) and the
 * helpers one family's checks share with another's. */
#pragma once

#include "check.h"

#define AUDIT_CHECK(symbol, id, severity, columns) extern const AuditCheck audit_check_##symbol;
#include "checks.def"
#undef AUDIT_CHECK

/* account/account-rules.c: is an account's Website blank or a placeholder; why a
 * website is not a usable company domain (NULL when it is). */
gboolean audit_website_missing(const char *website);
const char *audit_website_problem(const AuditModel *m, guint row, char *buf, gsize len);

/* account/account-duplicate.c: the accounts' duplicate groups exactly as
 * account-duplicate reports them (its options per segment, its parent/child
 * rule; match.h: AuditMatchGroups — group[row] is an account's group or -1,
 * members and the spanning-tree pairs per group, merge_evidence), built once
 * per run by whichever check asks first (audit_ctx_shared) and read-only
 * after. */
struct AuditMatchGroups;
const struct AuditMatchGroups *audit_account_groups_shared(const AuditContext *ctx);

/* Evidence shared by the opportunity checks: its name, stage, amount, close
 * date and account (opportunity/opportunity-evidence.c). */
void checks_opportunity_evidence(const AuditModel *m, AuditSink *out, guint opp);

