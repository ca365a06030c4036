/* opportunity-missing-contact-roles: Open opportunity with no contact role. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <math.h>
#include <string.h>

#define OPP_ROLES AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY) | AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

static const char *const missing_roles_columns[] = {"Opportunity.StageName", "OpportunityContactRole.OpportunityId",
                                                    NULL};

static void missing_roles_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  for (guint r = 0; r < opps->nrows; r++) {
    if (!audit_opportunity_is_open(m, r) || audit_link_count(&m->opportunity_roles, r) > 0)
      continue;
    audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL, "open opportunity '%s' at stage %s has no contact role",
               audit_text(opps, r, OPPORTUNITY_NAME), audit_text(opps, r, OPPORTUNITY_STAGE));
    gint32 acc = audit_ref(opps, r, OPPORTUNITY_ACCOUNT);
    if (acc >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, acc);
    checks_opportunity_evidence(m, out, r);
    audit_fix_text(out, "add the people working the deal as contact roles, each with a Role, and mark the "
                   "primary one");
  }
}

const AuditCheck audit_check_opportunity_missing_contact_roles = {
  .id = "opportunity-missing-contact-roles",
  .title = "Open opportunity with no contact role",
  .severity = AUDIT_SEV_ERROR,
  .needs = OPP_ROLES,
  .columns = missing_roles_columns,
  .rationale =
    "Without contact roles an opportunity has no buying committee: nobody can see who decides, "
    "forecasting cannot tell a single-threaded deal from a real one, and win-loss analysis has nothing to "
    "compare. Opportunities created from the account rather than from a converted lead get no contact "
    "role unless a person adds one, so most CRMs miss many. Such a deal gets this finding only: "
    "stage-committee-mismatch leaves it to this check.",
  .fix = "Add the people involved in the deal as contact roles, with a Role each and one primary.",
  .example = "open opportunity 'Northwind - 250 seats' at stage Negotiation/Review has no contact role",
  .run = missing_roles_run,
};
