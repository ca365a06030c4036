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
/* account/account-rules.c: per Account row, the duplicate group it is in, named by its lowest row (itself
 * when none): the groups account-duplicate's findings list (the record and its related accounts). Read
 * from ctx->sinks, so for a check that runs after_others; without account-duplicate's findings (it did
 * not run, or ctx is not after_others) every account is its own group. Free it. */
gint32 *checks_account_groups(const AuditContext *ctx);

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


/* Union-find over rows, for the duplicate checks: the lower row is a group's root, so that groups follow
 * the file's order. */
static inline gint32 checks_group_root(gint32 *parent, gint32 x)
{
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}
static inline void checks_group_join(gint32 *parent, gint32 a, gint32 b)
{
  a = checks_group_root(parent, a);
  b = checks_group_root(parent, b);
  if (a != b)
    parent[MAX(a, b)] = MIN(a, b);
}
