/* The migration summary for a move to a contacts-only CRM: what becomes of
 * the unconverted leads, from the lead checks' findings (lead-matches-account,
 * lead-riffraff, lead-engaged, lead-is-contact, lead-duplicate), so that it
 * always agrees with them.
 * findings.json's analytics.migration and the reports' Summary read it. */
#pragma once

#include "model.h"

G_BEGIN_DECLS

struct AuditResult;

/* What becomes of an unconverted lead (checks/lead/lead-rules.h decides it):
 * the lead checks set it as their findings' kind (audit_finding_kind), and
 * the migration counts the kinds, never the findings' text. */
typedef enum {
  AUDIT_LEAD_SKIP,       /* converted, or a repeated row (record-duplicate-id) */
  AUDIT_LEAD_MATCHED,
  AUDIT_LEAD_AMBIGUOUS,
  AUDIT_LEAD_NEW,
  AUDIT_LEAD_NO_COMPANY, /* from here on, lead-riffraff's classes, in audit_migration_classes' order */
  AUDIT_LEAD_EXCLUDED,
  AUDIT_LEAD_SPAM,
  AUDIT_LEAD_COMPETITOR,
  AUDIT_LEAD_GREY,
  AUDIT_LEAD_IS_CONTACT, /* already a contact (lead-is-contact): converted onto it */
} AuditLeadOutcome;

/* lead-riffraff's classes (its evidence.class), in this order */
#define AUDIT_MIGRATION_CLASSES 5
extern const char *const audit_migration_classes[AUDIT_MIGRATION_CLASSES];

/* The riff-raff class of an outcome ("spam", "grey", ...), NULL for the others. */
const char *audit_lead_class(AuditLeadOutcome o);

typedef struct {
  gint32 account; /* Account row */
  guint leads;
} AuditMigrationAccount;

typedef struct AuditMigration {
  guint unconverted;        /* unconverted Lead rows (a repeated Id counted once) */
  const char *checks_ran[4]; /* the ids of the lead checks it reads that ran, in registry order; NULL-padded */
  guint convert_existing;   /* lead-matches-account with an account chosen, and lead-is-contact */
  guint ambiguous;          /* lead-matches-account, unrelated candidates */
  guint convert_new;        /* lead-engaged, matched to no account: a new account */
  guint classes[AUDIT_MIGRATION_CLASSES]; /* lead-riffraff by class (its findings' kind) */
  guint engaged;            /* lead-engaged */
  guint duplicates;         /* merged into another lead by lead-duplicate (leads-to-merge.csv): counted here
                               only, not as a conversion nor a class */
  GArray *top_accounts;     /* AuditMigrationAccount, most conversions first (then by Id), at most 10 */
} AuditMigration;

/* NULL when Lead.csv was not exported or no lead check ran. */
AuditMigration *audit_migration_compute(const struct AuditResult *r);
void audit_migration_free(AuditMigration *mg);

G_END_DECLS
