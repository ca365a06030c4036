/* opportunity-no-primary-contact: Open opportunity with contact roles but no
 * primary. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "normalize.h"

#include <math.h>
#include <string.h>

#define OPP_ROLES AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY) | AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

static const char *const no_primary_columns[] = {"Opportunity.StageName", "OpportunityContactRole.OpportunityId",
                                                 "OpportunityContactRole.IsPrimary", NULL};

/* Role names ranked for choosing a primary: deciders first, compared as
 * standard roles ("Tomador de decisión" is the Decision Maker). */
static int role_rank(const AuditConfig *cfg, const char *role)
{
  static const char *const order[] = {"Decision Maker", "Economic Buyer", "Executive Sponsor", "Champion",
                                      "Technical Buyer", "Evaluator", "Influencer", NULL};
  if (audit_is_blank(role))
    return 100;
  g_autofree char *trimmed = g_strstrip(g_strdup(role));
  const char *standard = audit_role_canonical(cfg, trimmed);
  for (int i = 0; order[i]; i++)
    if (g_ascii_strcasecmp(standard, order[i]) == 0)
      return i;
  return 50;
}

static void no_primary_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  for (guint r = 0; r < opps->nrows; r++) {
    if (!audit_opportunity_is_open(m, r) || audit_link_count(&m->opportunity_roles, r) == 0)
      continue;
    gboolean primary = FALSE;
    guint32 role;
    AUDIT_LINK_FOREACH(m->opportunity_roles, r, role)
      primary |= audit_flag(roles, role, ROLE_IS_PRIMARY) == 1;
    if (primary)
      continue;
    /* suggest one: the most senior buying role, then the most engaged contact */
    gint32 best = -1;
    int best_rank = 0;
    guint best_acts = 0;
    AUDIT_LINK_FOREACH(m->opportunity_roles, r, role) {
      gint32 c = audit_ref(roles, role, ROLE_CONTACT);
      if (c < 0)
        continue;
      int rank = role_rank(ctx->config, audit_text(roles, role, ROLE_ROLE));
      guint acts = audit_link_count(&m->contact_activities, (guint)c);
      if (best < 0 || rank < best_rank || (rank == best_rank && acts > best_acts)) {
        best = (gint32)role;
        best_rank = rank;
        best_acts = acts;
      }
    }
    guint n = audit_link_count(&m->opportunity_roles, r);
    audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
               "open opportunity '%s' at stage %s has %u contact role%s but no primary",
               audit_text(opps, r, OPPORTUNITY_NAME), audit_text(opps, r, OPPORTUNITY_STAGE), n, n == 1 ? "" : "s");
    gint32 acc = audit_ref(opps, r, OPPORTUNITY_ACCOUNT);
    if (acc >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, acc);
    checks_opportunity_evidence(m, out, r);
    audit_evidence_int(out, "contact_roles", n);
    if (best < 0) {
      audit_fix_text(out, "mark the main contact of the deal as primary");
      continue;
    }
    gint32 c = audit_ref(roles, (guint)best, ROLE_CONTACT);
    char buf[256];
    const char *name = audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)c, buf, sizeof buf);
    const char *rname = audit_text(roles, (guint)best, ROLE_ROLE);
    audit_evidence_str(out, "suggested_contact", name);
    audit_evidence_int(out, "suggested_contact_activities", best_acts);
    audit_fix_text(out, "mark %s (%s, %u activit%s) as the primary contact", name,
                   *rname ? rname : "no role", best_acts, best_acts == 1 ? "y" : "ies");
    audit_evidence_str(out, "suggested_contact_id", audit_id(contacts, (guint)c));
    audit_fix_action(out, "update-contact-role");
    audit_fix_str(out, "Id", audit_id(roles, (guint)best));
    audit_fix_bool(out, "IsPrimary", TRUE);
  }
}

const AuditCheck audit_check_opportunity_no_primary_contact = {
  .id = "opportunity-no-primary-contact",
  .title = "Open opportunity with contact roles but no primary",
  .severity = AUDIT_SEV_WARNING,
  .needs = OPP_ROLES,
  .columns = no_primary_columns,
  .rationale =
    "The primary contact role is the person the deal runs through: reports, campaign influence and "
    "forecast reviews read it. Roles without a primary leave every one of them guessing. Without an "
    "IsPrimary column in OpportunityContactRole.csv the primary is unknown, and the check is skipped with "
    "that reason.",
  .fix = "Mark one contact role primary: the suggested one is the most senior buying role, then the contact "
         "with the most activities (an update of the contact role's IsPrimary).",
  .example = "open opportunity 'Kestrel - pilot' at stage Proposal/Price Quote has 2 contact roles but no primary",
  .run = no_primary_run,
};
