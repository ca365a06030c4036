/* Catalogue checks whose issue has not landed yet. They are listed by
 * `crm-audit checks`, their options are accepted in the config, and a run
 * reports them as skipped ("not implemented yet"): no finding is invented.
 * When a check lands, its descriptor moves to its own file with a run. */
#include "check.h"
#include "checks.h"

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define R AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)
#define U AUDIT_BIT(AUDIT_OBJ_USER)

#define PLANNED(var, ID, SEV, NEEDS, OPTS, TITLE, WHY)                                           \
  const AuditCheck var = {.id = ID, .title = TITLE, .severity = SEV, .needs = NEEDS,             \
                          .options = OPTS, .rationale = WHY, .run = NULL}

static const AuditOption duplicate_opts[] = {
  {"threshold", AUDIT_OPT_DOUBLE, "0.85", "score from 0 to 1 at which two accounts are the same company", 0, 1},
  {0}};
static const AuditOption address_opts[] = {
  {"required", AUDIT_OPT_LIST, "BillingCountry;BillingCity", "billing fields that must not be blank"},
  {0}};
static const AuditOption hierarchy_opts[] = {
  {"max_depth", AUDIT_OPT_INT, "4", "most ancestors an account may have", 1, 100},
  {0}};
static const AuditOption new_review_opts[] = {
  {"window_days", AUDIT_OPT_INT, "35", "accounts created within this many days of as-of", 1, 36500},
  {0}};
static const AuditOption year_window_opts[] = {
  {"window_days", AUDIT_OPT_INT, "365", "days without activity or change", 1, 36500},
  {0}};
static const AuditOption suggested_opts[] = {
  {"min_activities", AUDIT_OPT_INT, "5", "activities within the window that make a contact engaged", 1, 100000},
  {"window_days", AUDIT_OPT_INT, "10", "days before as-of that count", 1, 36500},
  {0}};
static const AuditOption engaged_opts[] = {
  {"window_days", AUDIT_OPT_INT, "30", "days before as-of within which an activity counts", 1, 36500},
  {0}};

PLANNED(audit_check_account_duplicate, "account-duplicate", AUDIT_SEV_ERROR, A, duplicate_opts,
        "Accounts that are the same company",
        "Duplicate accounts split contacts, opportunities and activity between records.");
PLANNED(audit_check_account_missing_website, "account-missing-website", AUDIT_SEV_WARNING, A, NULL,
        "Account without a website", "The website is the account's domain: contact and lead matching rest on it.");
PLANNED(audit_check_account_invalid_website, "account-invalid-website", AUDIT_SEV_WARNING, A, NULL,
        "Account website that is not a usable domain",
        "A website that is not a hostname, or a personal mailbox provider, gives the account a wrong domain.");
PLANNED(audit_check_account_missing_address, "account-missing-address", AUDIT_SEV_WARNING, A, address_opts,
        "Account missing required billing address fields", "Territories, tax and routing read the billing address.");
PLANNED(audit_check_account_name_format, "account-name-format", AUDIT_SEV_INFO, A, NULL,
        "Account name badly formatted", "Badly formatted names hide duplicates and look careless in every report.");
PLANNED(audit_check_account_hierarchy, "account-hierarchy", AUDIT_SEV_ERROR, A, hierarchy_opts,
        "Account hierarchy broken or too deep", "A parent that is missing, itself, or a cycle breaks roll-ups.");
PLANNED(audit_check_account_new_review, "account-new-review", AUDIT_SEV_INFO, A, new_review_opts,
        "New account to review", "Accounts created outside operations are where duplicates and gaps enter.");
PLANNED(audit_check_account_stagnant, "account-stagnant", AUDIT_SEV_INFO, A, year_window_opts,
        "Account with no activity within the window",
        "Accounts with no life for a year may have been acquired, merged or closed.");
PLANNED(audit_check_contact_role_foreign_account, "contact-role-foreign-account", AUDIT_SEV_INFO, C | O | R, NULL,
        "Contact role held by a contact of another account", "A partner, or a contact under the wrong account.");
PLANNED(audit_check_contact_role_suggested, "contact-role-suggested", AUDIT_SEV_WARNING, C | O | R, suggested_opts,
        "Engaged contact who is not a contact role of the open opportunity",
        "People who are working the deal belong in its buying committee.");
PLANNED(audit_check_stage_committee_mismatch, "stage-committee-mismatch", AUDIT_SEV_ERROR, O | R, NULL,
        "Open opportunity whose buying committee is smaller than its stage needs",
        "Each stage needs one more member of the committee; late stages need specific roles.");
PLANNED(audit_check_stage_assessment_mismatch, "stage-assessment-mismatch", AUDIT_SEV_WARNING, O, NULL,
        "Opportunity stage ahead of or behind its assessment score",
        "Stage gates keep the pipeline honest: a stage must be earned by its assessment.");
PLANNED(audit_check_opportunity_past_close_date, "opportunity-past-close-date", AUDIT_SEV_INFO, O, NULL,
        "Open opportunity whose close date has passed", "A past close date makes the forecast wrong.");
PLANNED(audit_check_lead_matches_account, "lead-matches-account", AUDIT_SEV_WARNING, A | L, NULL,
        "Unconverted lead that matches an existing account", "Before a contacts-only CRM, such leads become contacts there.");
PLANNED(audit_check_lead_riffraff, "lead-riffraff", AUDIT_SEV_INFO, L, NULL,
        "Unconverted lead that cannot be converted", "Each lead needs a treatment before the migration.");
PLANNED(audit_check_lead_engaged, "lead-engaged", AUDIT_SEV_WARNING, L, engaged_opts,
        "Unconverted lead with recent engagement", "Engaged leads should be converted now.");
PLANNED(audit_check_record_inactive_owner, "record-inactive-owner", AUDIT_SEV_WARNING, U, NULL,
        "Inactive user who still owns open records", "Records owned by an inactive user have nobody working them.");
