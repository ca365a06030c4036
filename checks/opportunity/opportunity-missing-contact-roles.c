/* Contact-role coverage of opportunities: opportunity-missing-contact-roles,
 * opportunity-no-primary-contact, contact-role-missing-role. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "normalize.h"

#include <math.h>
#include <string.h>

#define OPP_ROLES AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY) | AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

static const char *const missing_roles_columns[] = {"Opportunity.StageName", "OpportunityContactRole.OpportunityId",
                                                    NULL};
static const char *const no_primary_columns[] = {"Opportunity.StageName", "OpportunityContactRole.OpportunityId",
                                                 "OpportunityContactRole.IsPrimary", NULL};
static const char *const missing_role_columns[] = {"OpportunityContactRole.Role", NULL};

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

static void missing_role_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditRoleMap *map = ctx->config->roles;
  for (guint r = 0; r < roles->nrows; r++) {
    if (!audit_is_blank(audit_text(roles, r, ROLE_ROLE)))
      continue;
    gint32 opp = audit_ref(roles, r, ROLE_OPPORTUNITY);
    gint32 c = audit_ref(roles, r, ROLE_CONTACT);
    char buf[256];
    g_autofree char *missing_who = c >= 0 ? NULL
                                          : g_strdup_printf("%s (not in the export)", audit_text(roles, r, ROLE_CONTACT));
    const char *who = c >= 0 ? audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)c, buf, sizeof buf) : missing_who;
    const char *title = c >= 0 ? audit_text(contacts, (guint)c, CONTACT_TITLE) : "";
    g_autofree char *opp_name = opp >= 0 ? g_strdup_printf("'%s'", audit_text(opps, (guint)opp, OPPORTUNITY_NAME))
                                         : g_strdup_printf("%s (not in the export)", audit_text(roles, r, ROLE_OPPORTUNITY));
    g_autofree char *with_title = *title ? g_strdup_printf(" (%s)", title) : g_strdup("");
    audit_emit(out, AUDIT_OBJ_CONTACT_ROLE, (gint32)r, NULL, "contact role of %s%s on opportunity %s has no Role", who,
               with_title, opp_name);
    if (opp >= 0)
      audit_related(out, AUDIT_OBJ_OPPORTUNITY, opp);
    if (c >= 0)
      audit_related(out, AUDIT_OBJ_CONTACT, c);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "title", title);
    audit_evidence_str(out, "opportunity", opp >= 0 ? audit_text(opps, (guint)opp, OPPORTUNITY_NAME) : "");
    const char *suggested = c >= 0 ? audit_role_map_lookup(map, title) : NULL;
    if (!suggested) {
      audit_fix_text(out, "set the Role: what does %s do in this deal?", who);
      continue;
    }
    audit_evidence_str(out, "suggested_role", suggested);
    audit_fix_text(out, "set Role to %s (from the title %s)", suggested, title);
    audit_fix_action(out, "update-contact-role");
    audit_fix_str(out, "Id", audit_id(roles, r));
    audit_fix_str(out, "Role", suggested);
  }
}

const AuditCheck audit_check_contact_role_missing_role = {
  .id = "contact-role-missing-role",
  .title = "Contact role with a blank Role",
  .severity = AUDIT_SEV_WARNING,
  .needs = AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE),
  .columns = missing_role_columns,
  .rationale =
    "A contact role without a Role says someone is involved but not how: the committee cannot be checked "
    "against the stage (is there an economic buyer?) and win-loss cannot compare roles. The title usually "
    "tells: the suggested Role comes from the [roles] title mapping.",
  .fix = "Set the Role; when the contact's title maps to a buying role, that role is suggested (an update "
         "of the contact role's Role).",
  .example = "contact role of Ana Ruiz (CFO) on opportunity 'Bluepeak - expansion' has no Role",
  .run = missing_role_run,
};
