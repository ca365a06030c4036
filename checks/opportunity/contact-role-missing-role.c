/* contact-role-missing-role: Contact role with a blank Role. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "normalize.h"

#include <math.h>
#include <string.h>

#define OPP_ROLES AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY) | AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

static const char *const missing_role_columns[] = {"OpportunityContactRole.Role", NULL};

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
