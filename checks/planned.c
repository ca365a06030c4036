/* Catalogue checks whose issue has not landed yet. They are listed by
 * `crm-audit checks`, their options are accepted in the config, and a run
 * reports them as skipped ("not implemented yet"): no finding is invented.
 * When a check lands, its descriptor moves to its own file with a run. */
#include "check.h"
#include "checks.h"

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)

#define PLANNED(var, ID, SEV, NEEDS, OPTS, TITLE, WHY)                                           \
  const AuditCheck var = {.id = ID, .title = TITLE, .severity = SEV, .needs = NEEDS,             \
                          .options = OPTS, .rationale = WHY, .run = NULL}

static const AuditOption engaged_opts[] = {
  {"window_days", AUDIT_OPT_INT, "30", "days before as-of within which an activity counts", 1, 36500},
  {0}};

PLANNED(audit_check_lead_matches_account, "lead-matches-account", AUDIT_SEV_WARNING, A | L, NULL,
        "Unconverted lead that matches an existing account", "Before a contacts-only CRM, such leads become contacts there.");
PLANNED(audit_check_lead_riffraff, "lead-riffraff", AUDIT_SEV_INFO, L, NULL,
        "Unconverted lead that cannot be converted", "Each lead needs a treatment before the migration.");
PLANNED(audit_check_lead_engaged, "lead-engaged", AUDIT_SEV_WARNING, L, engaged_opts,
        "Unconverted lead with recent engagement", "Engaged leads should be converted now.");
