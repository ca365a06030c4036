/* The schema: the objects, their Id prefixes and the fields the model types (model.h). */
#include "model.h"
#include "sfid.h"

#include <string.h>

#define REF(...) AUDIT_FT_REF, (__VA_ARGS__)
#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define U AUDIT_BIT(AUDIT_OBJ_USER)
#define RT AUDIT_BIT(AUDIT_OBJ_RECORD_TYPE)
#define CP AUDIT_BIT(AUDIT_OBJ_CAMPAIGN)

#define COMMON_FIELDS                                                                    \
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0}, [AUDIT_F_OWNER] = {"OwnerId", REF(U)},          \
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},                             \
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},                       \
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0}

static const AuditFieldDef account_fields[ACCOUNT_NFIELDS] = {
  COMMON_FIELDS,
  [ACCOUNT_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [ACCOUNT_PARENT] = {"ParentId", REF(A)},
  [ACCOUNT_TYPE] = {"Type", AUDIT_FT_TEXT, 0},
  [ACCOUNT_WEBSITE] = {"Website", AUDIT_FT_TEXT, 0},
  [ACCOUNT_PHONE] = {"Phone", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_STREET] = {"BillingStreet", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_CITY] = {"BillingCity", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_STATE] = {"BillingState", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_POSTAL] = {"BillingPostalCode", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_COUNTRY] = {"BillingCountry", AUDIT_FT_TEXT, 0},
  [ACCOUNT_INDUSTRY] = {"Industry", AUDIT_FT_TEXT, 0},
  [ACCOUNT_ANNUAL_REVENUE] = {"AnnualRevenue", AUDIT_FT_NUMBER, 0},
  [ACCOUNT_EMPLOYEES] = {"NumberOfEmployees", AUDIT_FT_NUMBER, 0},
  [ACCOUNT_CREATED_BY] = {"CreatedById", AUDIT_FT_TEXT, 0},
  [ACCOUNT_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
  [ACCOUNT_RECORD_TYPE] = {"RecordTypeId", REF(RT)},
};

static const AuditFieldDef contact_fields[CONTACT_NFIELDS] = {
  COMMON_FIELDS,
  [CONTACT_ACCOUNT] = {"AccountId", REF(A)},
  [CONTACT_FIRST_NAME] = {"FirstName", AUDIT_FT_TEXT, 0},
  [CONTACT_LAST_NAME] = {"LastName", AUDIT_FT_TEXT, 0},
  [CONTACT_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [CONTACT_TITLE] = {"Title", AUDIT_FT_TEXT, 0},
  [CONTACT_EMAIL] = {"Email", AUDIT_FT_TEXT, 0},
  [CONTACT_PHONE] = {"Phone", AUDIT_FT_TEXT, 0},
  [CONTACT_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
  [CONTACT_BOUNCED_REASON] = {"EmailBouncedReason", AUDIT_FT_TEXT, 0},
  [CONTACT_IS_BOUNCED] = {"IsEmailBounced", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef lead_fields[LEAD_NFIELDS] = {
  COMMON_FIELDS,
  [LEAD_FIRST_NAME] = {"FirstName", AUDIT_FT_TEXT, 0},
  [LEAD_LAST_NAME] = {"LastName", AUDIT_FT_TEXT, 0},
  [LEAD_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [LEAD_COMPANY] = {"Company", AUDIT_FT_TEXT, 0},
  [LEAD_TITLE] = {"Title", AUDIT_FT_TEXT, 0},
  [LEAD_EMAIL] = {"Email", AUDIT_FT_TEXT, 0},
  [LEAD_WEBSITE] = {"Website", AUDIT_FT_TEXT, 0},
  [LEAD_PHONE] = {"Phone", AUDIT_FT_TEXT, 0},
  [LEAD_CITY] = {"City", AUDIT_FT_TEXT, 0},
  [LEAD_COUNTRY] = {"Country", AUDIT_FT_TEXT, 0},
  [LEAD_INDUSTRY] = {"Industry", AUDIT_FT_TEXT, 0},
  [LEAD_EMPLOYEES] = {"NumberOfEmployees", AUDIT_FT_NUMBER, 0},
  [LEAD_STATUS] = {"Status", AUDIT_FT_TEXT, 0},
  [LEAD_IS_CONVERTED] = {"IsConverted", AUDIT_FT_BOOL, 0},
  [LEAD_CONVERTED_ACCOUNT] = {"ConvertedAccountId", REF(A)},
  [LEAD_CONVERTED_CONTACT] = {"ConvertedContactId", REF(C)},
  [LEAD_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
};

static const AuditFieldDef opportunity_fields[OPPORTUNITY_NFIELDS] = {
  COMMON_FIELDS,
  [OPPORTUNITY_ACCOUNT] = {"AccountId", REF(A)},
  [OPPORTUNITY_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_STAGE] = {"StageName", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_AMOUNT] = {"Amount", AUDIT_FT_NUMBER, 0},
  [OPPORTUNITY_PROBABILITY] = {"Probability", AUDIT_FT_NUMBER, 0},
  [OPPORTUNITY_CLOSE_DATE] = {"CloseDate", AUDIT_FT_DATE, 0},
  [OPPORTUNITY_TYPE] = {"Type", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_IS_CLOSED] = {"IsClosed", AUDIT_FT_BOOL, 0},
  [OPPORTUNITY_IS_WON] = {"IsWon", AUDIT_FT_BOOL, 0},
  [OPPORTUNITY_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
  [OPPORTUNITY_STAGE_SORT] = {"StageSortOrder", AUDIT_FT_NUMBER, 0},
  [OPPORTUNITY_FORECAST] = {"ForecastCategory", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_RECORD_TYPE] = {"RecordTypeId", REF(RT)},
  [OPPORTUNITY_CURRENCY] = {"CurrencyIsoCode", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_CAMPAIGN] = {"CampaignId", REF(CP)},
};

/* A contact role has no owner of its own: its opportunity's owner stands in. */
static const AuditFieldDef role_fields[ROLE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0},
  [ROLE_OPPORTUNITY] = {"OpportunityId", REF(O)},
  [ROLE_CONTACT] = {"ContactId", REF(C)},
  [ROLE_ROLE] = {"Role", AUDIT_FT_TEXT, 0},
  [ROLE_IS_PRIMARY] = {"IsPrimary", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef activity_fields[ACTIVITY_NFIELDS] = {
  COMMON_FIELDS,
  [ACTIVITY_WHO] = {"WhoId", REF(C | L)},
  [ACTIVITY_WHAT] = {"WhatId", REF(O | A)},
  [ACTIVITY_SUBJECT] = {"Subject", AUDIT_FT_TEXT, 0},
  [ACTIVITY_DATE] = {"ActivityDate", AUDIT_FT_DATE, 0},
  [ACTIVITY_START] = {"StartDateTime", AUDIT_FT_DATETIME, 0},
  [ACTIVITY_END] = {"EndDateTime", AUDIT_FT_DATETIME, 0},
};

static const AuditFieldDef user_fields[USER_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0},
  [USER_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [USER_FIRST_NAME] = {"FirstName", AUDIT_FT_TEXT, 0},
  [USER_LAST_NAME] = {"LastName", AUDIT_FT_TEXT, 0},
  [USER_USERNAME] = {"Username", AUDIT_FT_TEXT, 0},
  [USER_EMAIL] = {"Email", AUDIT_FT_TEXT, 0},
  [USER_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
  [USER_DEPARTMENT] = {"Department", AUDIT_FT_TEXT, 0},
  [USER_TITLE] = {"Title", AUDIT_FT_TEXT, 0},
};

/* Setup objects have no owner. */
static const AuditFieldDef record_type_fields[RECORD_TYPE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {NULL, AUDIT_FT_BOOL, 0},
  [RECORD_TYPE_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [RECORD_TYPE_DEVELOPER_NAME] = {"DeveloperName", AUDIT_FT_TEXT, 0},
  [RECORD_TYPE_SOBJECT] = {"SobjectType", AUDIT_FT_TEXT, 0},
  [RECORD_TYPE_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef stage_fields[STAGE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {NULL, AUDIT_FT_BOOL, 0},
  [STAGE_LABEL] = {"MasterLabel", AUDIT_FT_TEXT, 0},
  [STAGE_API_NAME] = {"ApiName", AUDIT_FT_TEXT, 0},
  [STAGE_SORT_ORDER] = {"SortOrder", AUDIT_FT_NUMBER, 0},
  [STAGE_IS_CLOSED] = {"IsClosed", AUDIT_FT_BOOL, 0},
  [STAGE_IS_WON] = {"IsWon", AUDIT_FT_BOOL, 0},
  [STAGE_PROBABILITY] = {"DefaultProbability", AUDIT_FT_NUMBER, 0},
  [STAGE_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef campaign_fields[CAMPAIGN_NFIELDS] = {
  COMMON_FIELDS,
  [CAMPAIGN_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [CAMPAIGN_PARENT] = {"ParentId", REF(CP)},
  [CAMPAIGN_TYPE] = {"Type", AUDIT_FT_TEXT, 0},
  [CAMPAIGN_STATUS] = {"Status", AUDIT_FT_TEXT, 0},
  [CAMPAIGN_START] = {"StartDate", AUDIT_FT_DATE, 0},
  [CAMPAIGN_END] = {"EndDate", AUDIT_FT_DATE, 0},
  [CAMPAIGN_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
};

/* Rows without an owner of their own: the parent's stands in. */
#define OWNERLESS_FIELDS                                                                 \
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0}, [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},     \
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},                             \
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},                       \
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0}

static const AuditFieldDef member_fields[MEMBER_NFIELDS] = {
  OWNERLESS_FIELDS,
  [MEMBER_CAMPAIGN] = {"CampaignId", REF(CP)},
  [MEMBER_CONTACT] = {"ContactId", REF(C)},
  [MEMBER_LEAD] = {"LeadId", REF(L)},
  [MEMBER_STATUS] = {"Status", AUDIT_FT_TEXT, 0},
  [MEMBER_HAS_RESPONDED] = {"HasResponded", AUDIT_FT_BOOL, 0},
  [MEMBER_FIRST_RESPONDED] = {"FirstRespondedDate", AUDIT_FT_DATE, 0},
};

static const AuditFieldDef history_fields[HISTORY_NFIELDS] = {
  OWNERLESS_FIELDS,
  [HISTORY_OPPORTUNITY] = {"OpportunityId", REF(O)},
  [HISTORY_STAGE] = {"StageName", AUDIT_FT_TEXT, 0},
  [HISTORY_AMOUNT] = {"Amount", AUDIT_FT_NUMBER, 0},
  [HISTORY_CLOSE_DATE] = {"CloseDate", AUDIT_FT_DATE, 0},
  [HISTORY_PROBABILITY] = {"Probability", AUDIT_FT_NUMBER, 0},
  [HISTORY_FORECAST] = {"ForecastCategory", AUDIT_FT_TEXT, 0},
};

static const AuditFieldDef contract_role_fields[OTHER_ROLE_NFIELDS] = {
  OWNERLESS_FIELDS,
  [OTHER_ROLE_PARENT] = {"ContractId", AUDIT_FT_TEXT, 0},
  [OTHER_ROLE_CONTACT] = {"ContactId", REF(C)},
  [OTHER_ROLE_ROLE] = {"Role", AUDIT_FT_TEXT, 0},
  [OTHER_ROLE_IS_PRIMARY] = {"IsPrimary", AUDIT_FT_BOOL, 0},
};

/* Salesforce spells the case's field CasesId. */
static const AuditFieldDef case_role_fields[OTHER_ROLE_NFIELDS] = {
  OWNERLESS_FIELDS,
  [OTHER_ROLE_PARENT] = {"CasesId", AUDIT_FT_TEXT, 0},
  [OTHER_ROLE_CONTACT] = {"ContactId", REF(C)},
  [OTHER_ROLE_ROLE] = {"Role", AUDIT_FT_TEXT, 0},
  [OTHER_ROLE_IS_PRIMARY] = {NULL, AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef rate_fields[RATE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {NULL, AUDIT_FT_BOOL, 0},
  [RATE_ISO_CODE] = {"IsoCode", AUDIT_FT_TEXT, 0},
  [RATE_CONVERSION] = {"ConversionRate", AUDIT_FT_NUMBER, 0},
  [RATE_IS_CORPORATE] = {"IsCorporate", AUDIT_FT_BOOL, 0},
  [RATE_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
  [RATE_START] = {"StartDate", AUDIT_FT_DATE, 0},
  [RATE_NEXT_START] = {"NextStartDate", AUDIT_FT_DATE, 0},
};

static const struct {
  const char *name;
  const char *prefix; /* "" when not known: never matched */
  const AuditFieldDef *fields;
  guint nfields;
} objects[AUDIT_OBJ_COUNT] = {
  [AUDIT_OBJ_ACCOUNT] = {"Account", "001", account_fields, ACCOUNT_NFIELDS},
  [AUDIT_OBJ_CONTACT] = {"Contact", "003", contact_fields, CONTACT_NFIELDS},
  [AUDIT_OBJ_LEAD] = {"Lead", "00Q", lead_fields, LEAD_NFIELDS},
  [AUDIT_OBJ_OPPORTUNITY] = {"Opportunity", "006", opportunity_fields, OPPORTUNITY_NFIELDS},
  [AUDIT_OBJ_CONTACT_ROLE] = {"OpportunityContactRole", "00K", role_fields, ROLE_NFIELDS},
  [AUDIT_OBJ_TASK] = {"Task", "00T", activity_fields, ACTIVITY_NFIELDS},
  [AUDIT_OBJ_EVENT] = {"Event", "00U", activity_fields, ACTIVITY_NFIELDS},
  [AUDIT_OBJ_USER] = {"User", "005", user_fields, USER_NFIELDS},
  [AUDIT_OBJ_RECORD_TYPE] = {"RecordType", "012", record_type_fields, RECORD_TYPE_NFIELDS},
  [AUDIT_OBJ_OPPORTUNITY_STAGE] = {"OpportunityStage", "01J", stage_fields, STAGE_NFIELDS},
  [AUDIT_OBJ_CAMPAIGN] = {"Campaign", "701", campaign_fields, CAMPAIGN_NFIELDS},
  [AUDIT_OBJ_CAMPAIGN_MEMBER] = {"CampaignMember", "00v", member_fields, MEMBER_NFIELDS},
  [AUDIT_OBJ_OPPORTUNITY_HISTORY] = {"OpportunityHistory", "008", history_fields, HISTORY_NFIELDS},
  [AUDIT_OBJ_CONTRACT_ROLE] = {"ContractContactRole", "02a", contract_role_fields, OTHER_ROLE_NFIELDS},
  [AUDIT_OBJ_CASE_ROLE] = {"CaseContactRole", "03j", case_role_fields, OTHER_ROLE_NFIELDS},
  [AUDIT_OBJ_CURRENCY_TYPE] = {"CurrencyType", "", rate_fields, RATE_NFIELDS},
  [AUDIT_OBJ_DATED_RATE] = {"DatedConversionRate", "04w", rate_fields, RATE_NFIELDS},
};
G_STATIC_ASSERT(AUDIT_OBJ_COUNT <= 32); /* AuditObjects is a 32-bit set */

G_STATIC_ASSERT(ACCOUNT_NFIELDS <= AUDIT_MAX_FIELDS);
G_STATIC_ASSERT(LEAD_NFIELDS <= AUDIT_MAX_FIELDS);

const char *audit_object_name(AuditObject o)
{
  return o < AUDIT_OBJ_COUNT ? objects[o].name : "?";
}

gboolean audit_object_from_name(const char *name, AuditObject *out)
{
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++)
    if (g_ascii_strcasecmp(name, objects[i].name) == 0) {
      *out = (AuditObject)i;
      return TRUE;
    }
  return FALSE;
}

const AuditFieldDef *audit_schema(AuditObject o, guint *nfields)
{
  *nfields = objects[o].nfields;
  return objects[o].fields;
}

const char *audit_object_id_prefix(AuditObject o)
{
  return objects[o].prefix;
}

gint audit_object_of_id(const char *id, gsize len)
{
  if (!audit_id_is_salesforce(id, len))
    return -1;
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    if (objects[o].prefix[0] && strncmp(id, objects[o].prefix, 3) == 0)
      return (gint)o;
  return -1;
}
