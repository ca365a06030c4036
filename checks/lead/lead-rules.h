/* What becomes of each unconverted lead before a move to a contacts-only
 * CRM: one verdict per Lead row, shared by lead-matches-account,
 * lead-riffraff and lead-engaged (each computes it: the outcomes partition
 * the unconverted leads, so the three checks never disagree).
 *
 * In order, the first that applies:
 *   competitor  the email's or website's registrable domain is in [audit] competitors
 *   spam        contact-riffraff's rule (audit_spam_reasons): disposable
 *               email domain, placeholder or keyboard-mash name (a
 *               placeholder email alone is not: placeholder_email)
 *   contact     already a contact (when lead-is-contact runs): a contact
 *               has its email (not a placeholder); else a contact has its
 *               folded name and phone; else a contact of the
 *               same folded name is at an account the lead matches (as
 *               below: the matching accounts, before their hierarchy's
 *               top parent is chosen)
 *   excluded    a field listed in [audit] exclude has the listed value
 *   matched     one existing account: the business email's registrable domain
 *               is an account's website domain (or, when none has it, of
 *               one domain of its family: the same name under another
 *               public suffix, not two national ones, the account in no
 *               other country); else the Website's domain is (likewise); else the normalized Company is an account's normalized
 *               name or close to it (audit_name_similarity >= 0.78: the same
 *               words, one letter apart) and one more signal agrees (city,
 *               phone, postal code) with no country conflict. Several
 *               accounts in one hierarchy: its top parent. Several unrelated
 *               ones: ambiguous (no account chosen).
 *   no-company  no business email or website domain, and a blank or
 *               placeholder Company (n/a, -, self, none, private, ...)
 *   new         engaged (an activity within lead-engaged's window_days):
 *               convert now, with a new account
 *   grey        everything else */
#pragma once

#include "check.h"
#include "migration.h" /* AuditLeadOutcome: each lead check sets it as its findings' kind */

G_BEGIN_DECLS

typedef enum {
  AUDIT_LEAD_CONTACT_BY_EMAIL = 1,
  AUDIT_LEAD_CONTACT_BY_PHONE, /* the same folded name and phone */
  AUDIT_LEAD_CONTACT_BY_NAME,  /* the same folded name at an account the lead matches */
} AuditLeadContactSignal;

typedef enum { AUDIT_LEAD_BY_EMAIL = 1, AUDIT_LEAD_BY_WEBSITE, AUDIT_LEAD_BY_NAME } AuditLeadSignal;

typedef struct {
  guint8 outcome;       /* AuditLeadOutcome */
  guint8 signal;        /* MATCHED, AMBIGUOUS: AuditLeadSignal */
  guint8 top_parent;    /* MATCHED: the top parent of several matching accounts */
  guint8 engaged;       /* an activity within the window */
  guint8 placeholder_email; /* audit_placeholder_email: find the real address */
  guint16 exclude;      /* EXCLUDED: index of the [audit] exclude entry */
  guint support;        /* BY_NAME: the agreeing signals (AUDIT_SIG_CITY, _PHONE, _POSTAL) */
  const char *rule;     /* BY_NAME: how the names compare */
  guint32 domain;       /* BY_EMAIL, BY_WEBSITE: the domain id */
  guint32 family_domain; /* BY_EMAIL, BY_WEBSITE: the account's domain when another of domain's family
                            (audit_domain_families_shared: acme.com for acme.com.ec), else 0 */
  gint32 account;       /* MATCHED: the account row; IS_CONTACT: the contact's (-1 none); the master of its
                           group where accounts-to-merge.csv merges it away (account_merged) */
  gint32 account_merged; /* MATCHED, IS_CONTACT: the account matched, merged away into account; else -1 */
  gint32 contact;       /* IS_CONTACT: the contact row */
  guint8 contact_signal; /* IS_CONTACT: AuditLeadContactSignal */
  guint32 contacts_sharing; /* IS_CONTACT by email, by phone: the contacts with that key (the first is chosen) */
  gint32 last_activity; /* the newest activity day up to as-of, AUDIT_DAY_NONE */
  guint32 nactive;      /* activities within the window */
  guint32 cand_start, ncand; /* the matching accounts (several): plan->cands */
} AuditLeadVerdict;

/* lead-matches-account's options struct. */
typedef struct {
  const char *converted_status;
} AuditLeadMatchesOptions;

/* lead-engaged's options struct. */
typedef struct {
  gint64 window_days;
} AuditLeadEngagedOptions;

typedef struct {
  guint n;
  AuditLeadVerdict *v;   /* per Lead row */
  GArray *cands;         /* guint32 account rows */
  char **exclude_field;  /* [audit] exclude, split */
  char **exclude_value;
  gint *exclude_col;
  guint nexclude;
  const char *converted_status; /* lead-matches-account's converted_status */
  gint64 window_days;    /* lead-engaged's, for segment 0 */
  gboolean contact_by_name; /* lead-is-contact's match_by_name */
  const struct AuditDomains *domains;
  /* lead-duplicate's groups (when it runs, else NULL): per Lead row its group's survivor, -1 in none; how
   * each row was joined (lead-duplicate.c's BY_ bits); the keys left out as placeholders */
  gint32 *dup_master;
  guint8 *dup_how;
  guint dup_placeholders;
} AuditLeadPlan;

/* The lead that lead r is merged into by leads-to-merge.csv (lead-duplicate), -1 when it is not merged away:
 * a merged-away lead is not converted (its master is). */
static inline gint32 audit_lead_merged_into(const AuditLeadPlan *p, guint r)
{
  return p->dup_master && p->dup_master[r] >= 0 && p->dup_master[r] != (gint32)r ? p->dup_master[r] : -1;
}

/* lead-duplicate.c: its groups into p (dup_master, dup_how, dup_placeholders), once p's verdicts are made. */
void audit_lead_duplicates_group(const AuditContext *ctx, AuditLeadPlan *p);

/* lead-is-contact's options (read by the plan). */
typedef struct {
  gboolean match_by_name;
} AuditLeadIsContactOptions;

/* ctx: a context of any of the three checks (the others' options are read
 * through audit_contact_rules_ctx). */
AuditLeadPlan *audit_lead_plan_new(const AuditContext *ctx);
void audit_lead_plan_free(AuditLeadPlan *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditLeadPlan, audit_lead_plan_free)

/* The run's plan: computed by the first lead check that asks, read by the
 * others (audit_ctx_shared); the run frees it. */
const AuditLeadPlan *audit_lead_plan_shared(const AuditContext *ctx);



/* The Lead fields [audit] exclude may name: the error (exit 2) for an entry
 * whose field the export's Lead.csv lacks, naming the config line. */
char *audit_lead_exclude_unavailable(const struct AuditConfig *config, const AuditModel *m, GError **error);

/* What every lead check declares: the column without which every converted
 * lead would be judged again (columns), and the checks whose options the
 * lead plan reads (options_of: a change of one makes them all "not
 * comparable" with a baseline). */
extern const char *const audit_lead_unconverted_columns[];
extern const char *const audit_lead_plan_options_of[];

G_END_DECLS
