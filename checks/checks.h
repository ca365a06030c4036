/* Every check's descriptor (checks.def lists them in catalogue order) and the
 * helpers one family's checks share with another's. */
#pragma once

#include "check.h"
#include "day.h"

#include <string.h>

#define AUDIT_CHECK(symbol, id, severity) extern const AuditCheck audit_check_##symbol;
#include "checks.def"
#undef AUDIT_CHECK

/* account/account-rules.c: is an account's Website blank or a placeholder; why a
 * website is not a usable company domain (NULL when it is). */
gboolean audit_website_missing(const char *website);
const char *audit_website_problem(const AuditModel *m, guint row, char *buf, gsize len);
/* account/account-duplicate.c: per Account row, the master of its duplicate group (the survivor
 * account-duplicate's fix merges the others into), itself when in none. merged_only: only the groups
 * accounts-to-merge.csv merges (evidence.merge_evidence: agreeing on a website, a phone, a street address or
 * a postal code); a group joined by its name (and city) alone waits for a person, and each of its accounts
 * stays its own. Every account is its own when account-duplicate does not run. Free it. */
gint32 *checks_account_groups(const AuditContext *ctx, gboolean merged_only);
/* The options_of of a check that reads those groups (account-duplicate's). */
extern const char *const checks_account_groups_options_of[];

/* account/account-duplicate.c: the accounts' duplicate groups exactly as
 * account-duplicate reports them (its options per segment, its parent/child
 * rule; match.h: AuditMatchGroups — group[row] is an account's group or -1,
 * members and the spanning-tree pairs per group, merge_evidence), built once
 * per run by whichever check asks first (audit_ctx_shared) and read-only
 * after. */
struct AuditMatchGroups;
const struct AuditMatchGroups *audit_account_groups_shared(const AuditContext *ctx);

/* When a record was created, to the second: its CreatedDate as an instant (audit_parse_instant), the
 * day's midnight for a date without a clock (a report's locale form), G_MAXINT64 when it has none (it sorts
 * last: a record with no creation date is never "created first"). */
static inline gint64 checks_created_at(const AuditTable *t, guint row)
{
  const char *v = audit_text(t, row, AUDIT_F_CREATED);
  gint64 at;
  if (audit_parse_instant(v, strlen(v), &at))
    return at;
  gint32 day = audit_day(t, row, AUDIT_F_CREATED);
  return day == AUDIT_DAY_NONE ? G_MAXINT64 : (gint64)day * 86400;
}

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
