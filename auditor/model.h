/* The CRM in memory: one typed table per object, an Id index, links.
 *
 * Every table keeps all of its file's columns as text (so that config can
 * name custom fields such as Prospecting_Score__c), and typed arrays for the
 * fields of the schema below: references resolved to row indexes, dates as
 * day numbers, booleans, numbers. Strings live in one growing buffer per
 * table and cells are 32-bit offsets into it: no per-row allocation. */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

#define AUDIT_ERROR (audit_error_quark())
GQuark audit_error_quark(void);
typedef enum {
  AUDIT_ERROR_INPUT,  /* bad export: exit 2 */
  AUDIT_ERROR_CONFIG, /* bad config: exit 2 */
  AUDIT_ERROR_USAGE,  /* bad command line: exit 2 */
  AUDIT_ERROR_IO,     /* cannot write output: exit 2 */
} AuditErrorCode;

typedef enum {
  AUDIT_OBJ_ACCOUNT,
  AUDIT_OBJ_CONTACT,
  AUDIT_OBJ_LEAD,
  AUDIT_OBJ_OPPORTUNITY,
  AUDIT_OBJ_CONTACT_ROLE,
  AUDIT_OBJ_TASK,
  AUDIT_OBJ_EVENT,
  AUDIT_OBJ_USER,
  AUDIT_OBJ_RECORD_TYPE,       /* RecordType.csv: record type names (optional) */
  AUDIT_OBJ_OPPORTUNITY_STAGE, /* OpportunityStage.csv: the org's stage picklist (optional) */
  AUDIT_OBJ_CAMPAIGN,          /* Campaign.csv (optional) */
  AUDIT_OBJ_CAMPAIGN_MEMBER,   /* CampaignMember.csv: a contact's or lead's membership of a campaign (optional) */
  AUDIT_OBJ_OPPORTUNITY_HISTORY, /* OpportunityHistory.csv: a deal's stage changes (optional) */
  AUDIT_OBJ_CONTRACT_ROLE,     /* ContractContactRole.csv (optional) */
  AUDIT_OBJ_CASE_ROLE,         /* CaseContactRole.csv (optional) */
  AUDIT_OBJ_CURRENCY_TYPE,     /* CurrencyType.csv: conversion rates to the corporate currency (optional) */
  AUDIT_OBJ_DATED_RATE,        /* DatedConversionRate.csv: rates by period (optional) */
  AUDIT_OBJ_COUNT
} AuditObject;

typedef guint32 AuditObjects; /* bit set of AuditObject */
#define AUDIT_BIT(o) (1u << (o))

typedef enum {
  AUDIT_FT_TEXT,
  AUDIT_FT_ID,
  AUDIT_FT_REF,
  AUDIT_FT_DATE,     /* YYYY-MM-DD */
  AUDIT_FT_DATETIME, /* any Salesforce datetime, or a date */
  AUDIT_FT_BOOL,
  AUDIT_FT_NUMBER,
} AuditFieldType;

typedef struct {
  const char *name;      /* Salesforce API name */
  AuditFieldType type;
  AuditObjects targets;  /* AUDIT_FT_REF: the objects it may point to */
} AuditFieldDef;

/* Fields every object's schema starts with, in this order. */
enum { AUDIT_F_ID, AUDIT_F_OWNER, AUDIT_F_CREATED, AUDIT_F_MODIFIED, AUDIT_F_DELETED, AUDIT_F_COMMON };

enum {
  ACCOUNT_NAME = AUDIT_F_COMMON, ACCOUNT_PARENT, ACCOUNT_TYPE, ACCOUNT_WEBSITE, ACCOUNT_PHONE,
  ACCOUNT_BILLING_STREET, ACCOUNT_BILLING_CITY, ACCOUNT_BILLING_STATE, ACCOUNT_BILLING_POSTAL,
  ACCOUNT_BILLING_COUNTRY, ACCOUNT_INDUSTRY, ACCOUNT_ANNUAL_REVENUE, ACCOUNT_EMPLOYEES,
  ACCOUNT_CREATED_BY, ACCOUNT_LAST_ACTIVITY, ACCOUNT_RECORD_TYPE, ACCOUNT_NFIELDS
};
enum {
  CONTACT_ACCOUNT = AUDIT_F_COMMON, CONTACT_FIRST_NAME, CONTACT_LAST_NAME, CONTACT_NAME,
  CONTACT_TITLE, CONTACT_EMAIL, CONTACT_PHONE, CONTACT_LAST_ACTIVITY, CONTACT_BOUNCED_REASON,
  CONTACT_IS_BOUNCED, CONTACT_NFIELDS
};
enum {
  LEAD_FIRST_NAME = AUDIT_F_COMMON, LEAD_LAST_NAME, LEAD_NAME, LEAD_COMPANY, LEAD_TITLE,
  LEAD_EMAIL, LEAD_WEBSITE, LEAD_PHONE, LEAD_CITY, LEAD_COUNTRY, LEAD_INDUSTRY, LEAD_EMPLOYEES,
  LEAD_STATUS, LEAD_IS_CONVERTED, LEAD_CONVERTED_ACCOUNT, LEAD_CONVERTED_CONTACT,
  LEAD_LAST_ACTIVITY, LEAD_NFIELDS
};
enum {
  OPPORTUNITY_ACCOUNT = AUDIT_F_COMMON, OPPORTUNITY_NAME, OPPORTUNITY_STAGE, OPPORTUNITY_AMOUNT,
  OPPORTUNITY_PROBABILITY, OPPORTUNITY_CLOSE_DATE, OPPORTUNITY_TYPE, OPPORTUNITY_IS_CLOSED,
  OPPORTUNITY_IS_WON, OPPORTUNITY_LAST_ACTIVITY, OPPORTUNITY_STAGE_SORT, OPPORTUNITY_FORECAST,
  OPPORTUNITY_RECORD_TYPE, OPPORTUNITY_CURRENCY, OPPORTUNITY_CAMPAIGN, OPPORTUNITY_NFIELDS
};
enum {
  ROLE_OPPORTUNITY = AUDIT_F_COMMON, ROLE_CONTACT, ROLE_ROLE, ROLE_IS_PRIMARY, ROLE_NFIELDS
};
/* Task and Event share one schema layout. */
enum {
  ACTIVITY_WHO = AUDIT_F_COMMON, ACTIVITY_WHAT, ACTIVITY_SUBJECT, ACTIVITY_DATE,
  ACTIVITY_START, ACTIVITY_END, ACTIVITY_NFIELDS
};
enum {
  USER_NAME = AUDIT_F_COMMON, USER_FIRST_NAME, USER_LAST_NAME, USER_USERNAME, USER_EMAIL,
  USER_IS_ACTIVE, USER_DEPARTMENT, USER_TITLE, USER_NFIELDS
};
enum {
  RECORD_TYPE_NAME = AUDIT_F_COMMON, RECORD_TYPE_DEVELOPER_NAME, RECORD_TYPE_SOBJECT, RECORD_TYPE_IS_ACTIVE,
  RECORD_TYPE_NFIELDS
};
/* OpportunityStage: MasterLabel is the stage name opportunities carry. */
enum {
  STAGE_LABEL = AUDIT_F_COMMON, STAGE_API_NAME, STAGE_SORT_ORDER, STAGE_IS_CLOSED, STAGE_IS_WON,
  STAGE_PROBABILITY, STAGE_IS_ACTIVE, STAGE_NFIELDS
};
enum {
  CAMPAIGN_NAME = AUDIT_F_COMMON, CAMPAIGN_PARENT, CAMPAIGN_TYPE, CAMPAIGN_STATUS, CAMPAIGN_START,
  CAMPAIGN_END, CAMPAIGN_IS_ACTIVE, CAMPAIGN_NFIELDS
};
/* CampaignMember: CreatedDate is when the person joined the campaign. */
enum {
  MEMBER_CAMPAIGN = AUDIT_F_COMMON, MEMBER_CONTACT, MEMBER_LEAD, MEMBER_STATUS, MEMBER_HAS_RESPONDED,
  MEMBER_FIRST_RESPONDED, MEMBER_NFIELDS
};
/* OpportunityHistory: one row per change of a deal's stage, amount or close date; CreatedDate is
 * when the change was made. */
enum {
  HISTORY_OPPORTUNITY = AUDIT_F_COMMON, HISTORY_STAGE, HISTORY_AMOUNT, HISTORY_CLOSE_DATE,
  HISTORY_PROBABILITY, HISTORY_FORECAST, HISTORY_NFIELDS
};
/* ContractContactRole and CaseContactRole share one layout; the parent (a contract or a case) is
 * not modelled, so its Id is text. */
enum {
  OTHER_ROLE_PARENT = AUDIT_F_COMMON, OTHER_ROLE_CONTACT, OTHER_ROLE_ROLE, OTHER_ROLE_IS_PRIMARY,
  OTHER_ROLE_NFIELDS
};
/* CurrencyType and DatedConversionRate share one layout (StartDate/NextStartDate blank in the first). */
enum {
  RATE_ISO_CODE = AUDIT_F_COMMON, RATE_CONVERSION, RATE_IS_CORPORATE, RATE_IS_ACTIVE, RATE_START,
  RATE_NEXT_START, RATE_NFIELDS
};

#define AUDIT_MAX_FIELDS 24

/* Reference values (>= 0 is a row of the target table). */
#define AUDIT_REF_BLANK (-1)    /* empty or a null Id */
#define AUDIT_REF_DANGLING (-2) /* a record of an exported object that is not there */
#define AUDIT_REF_FOREIGN (-3)  /* an object that is not modelled (Case, Queue, ...) */
#define AUDIT_DAY_NONE G_MININT32
#define AUDIT_BOOL_NONE (-1)

/* Why a value could not be read. */
typedef enum {
  AUDIT_INVALID_FORM,      /* not in a form of its type */
  AUDIT_INVALID_NOT_A_DAY, /* a date's form, but no such day (2023-02-30) */
  AUDIT_INVALID_DAY_ORDER, /* 05/11/2023: day or month first, and nothing tells ([input] date_order would) */
  AUDIT_INVALID_OTHER_FORM, /* a locale's date (31/12/2026) among the column's ISO dates */
  AUDIT_INVALID_DAY_ORDER_MIXED, /* 05/11/2023 in a column that has month-first and day-first dates */
} AuditInvalidReason;

typedef struct {
  guint32 row;
  guint32 column; /* 32 bits: a file may have more than 65,536 columns */
  guint8 type;   /* AuditFieldType expected */
  guint8 reason; /* AuditInvalidReason */
} AuditInvalidValue;

/* Open addressing; the first 16 bytes of the Id live in the slot, so that a
 * lookup of a Salesforce Id (15 characters) touches one cache line. */
typedef struct {
  guint64 key[2];  /* the Id's first 16 bytes, zero-padded */
  guint32 row;     /* row + 1, 0 = empty */
  guint32 len;     /* longer than 16: compare the table's text */
} AuditIdSlot;

typedef struct {
  AuditIdSlot *slots;
  guint32 mask;
  guint32 used;
} AuditIdIndex;

typedef struct {
  AuditObject obj;
  const char *name;           /* "Account" */
  gboolean present;
  char *path;                 /* as opened */
  char *file;                 /* file name as found in the folder */
  const char *encoding;       /* "utf-8" or "windows-1252" */
  gboolean had_bom;
  guint nrows;
  guint ncols;
  guint rows_deleted;         /* IsDeleted rows skipped */
  guint rows_blank;           /* rows of empty fields only (a spreadsheet's leftovers), skipped */
  guint rows_header;          /* rows identical to the header (exports joined with cat), skipped */
  guint rows_header_line;     /* the first of them */
  guint encoding_line;        /* read as Windows-1252: the first line that is not UTF-8 */
  guint *control_dropped;     /* per column: control bytes (NUL, 0x01-0x1F but tab, LF, CR) dropped
                                 from its values; NULL when none */
  char **columns;             /* header names, NULL-terminated */
  gint known[AUDIT_MAX_FIELDS]; /* column of each schema field, -1 when absent */

  guint32 *cells;             /* nrows * ncols offsets into strs */
  guint32 *lines;             /* physical line where each row starts */
  char *strs;
  gsize strs_len, strs_cap;
  guint cap_rows;

  gint32 *i32[AUDIT_MAX_FIELDS];   /* refs (row or AUDIT_REF_*) and days */
  guint8 *ref_obj[AUDIT_MAX_FIELDS]; /* refs: the object the row belongs to */
  gint8 *flag[AUDIT_MAX_FIELDS];   /* booleans */
  double *num[AUDIT_MAX_FIELDS];   /* numbers (NAN when blank or invalid) */

  GArray *invalid;            /* AuditInvalidValue */
  AuditIdIndex index;
  GArray *duplicate_rows;     /* guint32 rows whose Id repeats an earlier row */
  guint8 *id18;               /* a bit per row: its Id came in 18 characters; NULL while none did */
  guint nid18;                /* rows whose Id did */
  guint8 *repeat;             /* derive: a bit per row, its Id repeats an earlier row's (duplicate_rows);
                                 NULL while none does: see audit_row_repeated */
} AuditTable;

/* One-to-many links in compressed form: children of parent p are
 * items[start[p] .. start[p+1]). */
typedef struct {
  guint32 *start;
  guint32 *items;
} AuditLink;

#define AUDIT_LINK_FOREACH(link, parent, var)                                   \
  for (guint32 _i = (link).start[(parent)], _e = (link).start[(parent) + 1];   \
       _i < _e && ((var) = (link).items[_i], TRUE); _i++)

static inline guint audit_link_count(const AuditLink *l, guint parent)
{
  return l->start[parent + 1] - l->start[parent];
}

/* Tasks and Events, compact, in one array. */
typedef struct {
  gint32 who;       /* row in Contact or Lead, or AUDIT_REF_* */
  gint32 what;      /* row in Opportunity or Account, or AUDIT_REF_* */
  gint32 day;       /* ActivityDate, else the day of CreatedDate */
  guint8 who_obj, what_obj, src_obj;
  guint32 src_row;
} AuditActivity;

/* What the run inferred from the export instead of being told (the as-of
 * date, the stage model, a column's date order...): said in the summary and
 * every report, with the config key or flag that overrides it. */
typedef struct {
  char *what;     /* "as-of", "stage model", "date order of Opportunity.csv CloseDate" */
  char *value;    /* "2023-06-01" */
  char *from;     /* "the newest SystemModstamp (Opportunity.csv)" */
  char *override; /* "--as-of or [audit] as_of", NULL when nothing overrides it */
} AuditInference;

/* The account tree (derive.c): where each account's ParentId chain ends. */
typedef enum {
  AUDIT_TREE_TOP,         /* the chain reaches a top account (no parent in the export) */
  AUDIT_TREE_CYCLE,       /* the account is on a parent cycle (its own parent included) */
  AUDIT_TREE_UNDER_CYCLE, /* the chain runs into a cycle above it */
} AuditTreeState;

/* The one limit of the walks along ParentId. Root, depth, state and the
 * ancestor test are derived once, in linear time, whatever the depth or the
 * size of a cycle (nothing in derive walks a chain twice). account-hierarchy
 * walks each cycle once, from its root, so all cycles together cost linear
 * time. This size is kept as the one the tests exceed to show no walk is
 * bounded by it (tests/unit/test-load.c). */
#define AUDIT_TREE_MAX_DEPTH 1000

typedef struct AuditModel {
  AuditTable tables[AUDIT_OBJ_COUNT];
  char *export_dir;

  /* derived */
  AuditActivity *activities;
  guint nactivities;
  AuditLink account_contacts, account_opportunities, account_children, account_activities;
  AuditLink opportunity_roles, opportunity_activities;
  AuditLink contact_roles, contact_activities, lead_activities;
  /* per account: the top of its hierarchy (the account itself when it has no
   * parent; on or under a cycle, the cycle's lowest row, so that one
   * hierarchy has one root either way), its ancestors up to that top (0 on or
   * under a cycle), and an AuditTreeState */
  gint32 *account_root;
  guint32 *account_depth;
  guint8 *account_tree;
  /* accounts under a top or hanging from a cycle, depth first: the
   * descendants of an account follow it, account_span of them
   * (audit_account_is_ancestor) */
  guint32 *account_pre, *account_span;
  gint16 *account_segment;    /* index into the config's segment names, 0 = none */
  /* Every value of the segment field among the accounts ([segments] field,
   * else the record type when the accounts carry one), each account's value
   * as segment_values index + 1 (0: no segmentation). Record types read as
   * their names when RecordType.csv is there. Derived (segments.c). */
  GPtrArray *segment_values;  /* char *: the configured segments first, then the others by name; "(blank)" */
  guint32 *account_segment_value;
  char **open_stages;         /* set before loading: [stages] open; NULL = the default rule */
  guint8 *opportunity_open;   /* per opportunity, see audit_opportunity_is_open */
  struct AuditDomains *domains; /* registrable domains of websites and emails (domain.h) */
  GDestroyNotify domains_free;  /* set with domains (audit_derive_matching) */
  guint32 *email_counts[2];   /* match.h audit_email_counts_derive: [0] Contact, [1] Lead */
  GPtrArray *inferred;        /* AuditInference *, see audit_model_infer */
  GPtrArray *notices;         /* char *: warnings about the input or the config, said once */
  GMutex notes_lock;          /* both may be added to from loading threads */
  struct AuditModel *previous;  /* --previous: the last export's Contact.csv (and Account.csv when
                                   there), loaded and indexed but not derived; NULL when not given */
} AuditModel;

/* Record an inference (thread-safe; strings are copied; override may be NULL). */
void audit_model_infer(AuditModel *m, const char *what, const char *value, const char *from, const char *override);
/* Record a warning about the input or the config (thread-safe), printed in
 * the summary and written in findings.json "notices" and both reports. */
void audit_model_notice(AuditModel *m, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Sort both lists (by what, by text), so that the reports are deterministic. */
void audit_model_sort_notes(AuditModel *m);

/* The newest record timestamp of the export: SystemModstamp, LastModifiedDate
 * and CreatedDate of every present file, as days (UTC). Left out: values after
 * latest (an export cannot hold the future: pass tomorrow), and a few values
 * (at most 1% of them, of 100 or more) more than AUDIT_NEWEST_GAP_DAYS after
 * all the others (a mistyped year, a migration's placeholder date). */
#define AUDIT_NEWEST_GAP_DAYS 365
typedef struct {
  gint32 day;          /* AUDIT_DAY_NONE when the export has no timestamp */
  const char *column;  /* where the newest was read: "LastModifiedDate" */
  const char *file;    /* "Contact.csv" */
  guint64 values;      /* timestamps read */
  guint64 ignored;     /* left out */
  gint32 ignored_day;  /* the newest left out (AUDIT_DAY_NONE when none) */
  const char *ignored_column, *ignored_file;
} AuditNewest;
void audit_model_newest(const AuditModel *m, gint32 latest, AuditNewest *out);

const char *audit_object_name(AuditObject o);
gboolean audit_object_from_name(const char *name, AuditObject *out);
const AuditFieldDef *audit_schema(AuditObject o, guint *nfields);
const char *audit_object_id_prefix(AuditObject o);
/* The object a Salesforce Id's prefix names, -1 when not a Salesforce Id or
 * no object of the schema. */
gint audit_object_of_id(const char *id, gsize len);

AuditModel *audit_model_new(void);
void audit_model_free(AuditModel *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditModel, audit_model_free)

/* Table access. */
static inline const char *audit_cell(const AuditTable *t, guint row, gint col)
{
  if (col < 0)
    return "";
  return t->strs + t->cells[(gsize)row * t->ncols + (guint)col];
}
static inline const char *audit_text(const AuditTable *t, guint row, guint field)
{
  return audit_cell(t, row, t->known[field]);
}
static inline const char *audit_id(const AuditTable *t, guint row)
{
  return audit_text(t, row, AUDIT_F_ID);
}
/* Did this row's Id come in its 18-character form? (The model keeps 15.) */
static inline gboolean audit_id_was_18(const AuditTable *t, guint row)
{
  return t->id18 && (t->id18[row >> 3] >> (row & 7) & 1);
}
static inline gint32 audit_ref(const AuditTable *t, guint row, guint field)
{
  return t->i32[field] ? t->i32[field][row] : AUDIT_REF_BLANK;
}
static inline AuditObject audit_ref_object(const AuditTable *t, guint row, guint field)
{
  return t->ref_obj[field] ? (AuditObject)t->ref_obj[field][row] : AUDIT_OBJ_COUNT;
}
static inline gint32 audit_day(const AuditTable *t, guint row, guint field)
{
  return t->i32[field] ? t->i32[field][row] : AUDIT_DAY_NONE;
}
static inline int audit_flag(const AuditTable *t, guint row, guint field)
{
  return t->flag[field] ? t->flag[field][row] : AUDIT_BOOL_NONE;
}
static inline double audit_num(const AuditTable *t, guint row, guint field)
{
  return t->num[field] ? t->num[field][row] : NAN;
}
static inline gboolean audit_has(const AuditTable *t, guint field)
{
  return t->known[field] >= 0;
}

/* Column of a header name (case-insensitive), -1 when absent. */
gint audit_table_column(const AuditTable *t, const char *name);
/* Row of an Id (already normalized), -1 when absent. */
gint32 audit_table_find(const AuditTable *t, const char *id, gsize len);

/* The Id index is built while loading; rows whose Id repeats an earlier
 * row's go to duplicate_rows. audit_table_index_add adds the last row. */
void audit_table_index_add(AuditTable *t, guint32 row);
/* The slot where an Id's lookup starts, to prefetch it. */
const void *audit_table_index_slot(const AuditTable *t, const char *id, gsize len);

/* Is this opportunity open? IsClosed decides; when it is missing or blank,
 * the stage does: one of [stages] open when configured, else the stage's
 * status inferred from the export (audit_config_resolve_stages, which sets
 * this after loading), else any stage that does not say closed, won or lost
 * (as a word). */
static inline gboolean audit_opportunity_is_open(const AuditModel *m, guint row)
{
  return m->opportunity_open[row];
}
gboolean audit_stage_is_open(const char *stage, const char *const *open_stages);
/* Stage names compare case- and accent-insensitively (folded as names:
 * "NEGOCIACIÓN" is "Negociacion", "Closed - Won" is "closed won"). */
gboolean audit_stage_name_equal(const char *a, const char *b);
/* Does the list hold the stage (audit_stage_name_equal)? NULL holds none. */
gboolean audit_stage_in(const char *stage, const char *const *stages);

/* The display name of a record: Account/Opportunity/User Name, a contact's or
 * lead's full name, a task's subject. Returns a pointer into the table or buf. */
const char *audit_record_name(const AuditModel *m, AuditObject o, guint row, char *buf, gsize buflen);

/* Does this row's Id repeat an earlier row's (record-duplicate-id reports
 * it; the other checks skip it)? Derived once (derive.c). */
static inline gboolean audit_row_repeated(const AuditTable *t, guint row)
{
  return t->repeat && (t->repeat[row >> 3] >> (row & 7) & 1);
}

/* Is anc an ancestor of row (ParentId, any number of levels up; every account
 * of a cycle is an ancestor of the others and of the accounts under it)?
 * O(1); -1 on either side is none. */
gboolean audit_account_is_ancestor(const AuditModel *m, gint32 anc, gint32 row);

/* A contact's or lead's full name folded (audit_fold_name_to) into buf:
 * Name, else FirstName and LastName; its length. */
gsize audit_person_fold_name(const AuditModel *m, AuditObject o, guint row, char *buf, gsize size);

/* The name of the User with this Id, NULL when the export has no such user. */
const char *audit_user_name(const AuditModel *m, const char *user_id, char *buf, gsize buflen);

/* The name of the record type a record's RecordTypeId field points to
 * (RecordType.csv), else the field's text (the Id, or blank). */
const char *audit_record_type_name(const AuditModel *m, AuditObject o, guint row, guint field);

/* The account a record belongs to (itself, a contact's or opportunity's
 * account, a contact role's opportunity's account), -1 for none (leads). */
gint32 audit_record_account(const AuditModel *m, AuditObject o, gint32 row);
/* The config segment (account_segment) of a record through its account, 0 for none. */
guint audit_record_segment(const AuditModel *m, AuditObject o, gint32 row);

/* The owner's Id of a record (a contact role's is its opportunity's). */
const char *audit_record_owner(const AuditModel *m, AuditObject o, guint row);

G_END_DECLS
