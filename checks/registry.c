#include "registry.h"
#include "checks.h"

#include <string.h>

/* Catalogue order (CHECKS.md): findings are written in this order. */
const AuditCheck *const audit_registry[] = {
  &audit_check_account_duplicate,
  &audit_check_account_missing_website,
  &audit_check_account_invalid_website,
  &audit_check_account_missing_address,
  &audit_check_account_name_format,
  &audit_check_account_hierarchy,
  &audit_check_account_new_review,
  &audit_check_account_stagnant,
  &audit_check_contact_domain_outlier,
  &audit_check_contact_personal_email,
  &audit_check_contact_invalid_email,
  &audit_check_contact_orphan,
  &audit_check_contact_duplicate,
  &audit_check_contact_left_company,
  &audit_check_contact_stale,
  &audit_check_contact_new_or_moved,
  &audit_check_contact_riffraff,
  &audit_check_opportunity_missing_contact_roles,
  &audit_check_opportunity_no_primary_contact,
  &audit_check_contact_role_missing_role,
  &audit_check_contact_role_foreign_account,
  &audit_check_contact_role_inactive_contact,
  &audit_check_contact_role_suggested,
  &audit_check_stage_committee_mismatch,
  &audit_check_stage_assessment_mismatch,
  &audit_check_opportunity_past_close_date,
  &audit_check_lead_matches_account,
  &audit_check_lead_riffraff,
  &audit_check_lead_engaged,
  &audit_check_record_duplicate_id,
  &audit_check_record_dangling_reference,
  &audit_check_record_inactive_owner,
  &audit_check_record_invalid_value,
};

const guint audit_registry_size = G_N_ELEMENTS(audit_registry);

gint audit_registry_find(const char *id)
{
  for (guint i = 0; i < audit_registry_size; i++)
    if (strcmp(audit_registry[i]->id, id) == 0)
      return (gint)i;
  return -1;
}
