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

static const AuditOption year_window_opts[] = {
  {"window_days", AUDIT_OPT_INT, "365", "days without activity or change", 1, 36500},
  {0}};
static const AuditOption new_or_moved_opts[] = {
  {"window_days", AUDIT_OPT_INT, "7", "contacts created within this many days of as-of", 1, 36500},
  {0}};
static const AuditOption left_company_opts[] = {
  {"title_markers", AUDIT_OPT_LIST, "former;ex-;retired;left;no longer", "title words that mark a person gone"},
  {0}};
static const AuditOption engaged_opts[] = {
  {"window_days", AUDIT_OPT_INT, "30", "days before as-of within which an activity counts", 1, 36500},
  {0}};

PLANNED(audit_check_contact_domain_outlier, "contact-domain-outlier", AUDIT_SEV_WARNING, A | C, NULL,
        "Contact whose email domain differs from its account's",
        "A contact whose email domain is another company's is usually under the wrong account.");
PLANNED(audit_check_contact_personal_email, "contact-personal-email", AUDIT_SEV_INFO, C, NULL,
        "Contact with a personal mailbox email", "A personal mailbox gives no company evidence.");
PLANNED(audit_check_contact_invalid_email, "contact-invalid-email", AUDIT_SEV_WARNING, C, NULL,
        "Contact email that is not a valid address", "Mail to an invalid address never arrives.");
PLANNED(audit_check_contact_orphan, "contact-orphan", AUDIT_SEV_WARNING, C, NULL,
        "Contact without an account in the export", "A contact without an account is invisible to account work.");
PLANNED(audit_check_contact_duplicate, "contact-duplicate", AUDIT_SEV_WARNING, C, NULL,
        "Contacts that are the same person", "Duplicate people split activity and receive mail twice.");
PLANNED(audit_check_contact_left_company, "contact-left-company", AUDIT_SEV_WARNING, C, left_company_opts,
        "Contact who has left the company", "A bounced email or a 'former' title marks a person who left.");
PLANNED(audit_check_contact_stale, "contact-stale", AUDIT_SEV_INFO, C, year_window_opts,
        "Contact with no activity and no change within the window", "Stale contacts clutter every list.");
PLANNED(audit_check_contact_new_or_moved, "contact-new-or-moved", AUDIT_SEV_INFO, C, new_or_moved_opts,
        "Contact created or moved to another account recently", "New and moved contacts are the weekly review.");
PLANNED(audit_check_contact_riffraff, "contact-riffraff", AUDIT_SEV_INFO, C, NULL,
        "Contact that is spam or a competitor", "Spam and competitors do not belong among customers.");
PLANNED(audit_check_contact_role_inactive_contact, "contact-role-inactive-contact", AUDIT_SEV_WARNING, C | O | R,
        NULL, "Open opportunity's contact role held by a contact who left or is stale",
        "A committee of people who left is no committee.");
PLANNED(audit_check_lead_matches_account, "lead-matches-account", AUDIT_SEV_WARNING, A | L, NULL,
        "Unconverted lead that matches an existing account", "Before a contacts-only CRM, such leads become contacts there.");
PLANNED(audit_check_lead_riffraff, "lead-riffraff", AUDIT_SEV_INFO, L, NULL,
        "Unconverted lead that cannot be converted", "Each lead needs a treatment before the migration.");
PLANNED(audit_check_lead_engaged, "lead-engaged", AUDIT_SEV_WARNING, L, engaged_opts,
        "Unconverted lead with recent engagement", "Engaged leads should be converted now.");
