/* Every check's descriptor; registry.c lists them in catalogue order. */
#pragma once

#include "check.h"

extern const AuditCheck audit_check_record_duplicate_id;
extern const AuditCheck audit_check_record_dangling_reference;
extern const AuditCheck audit_check_record_invalid_value;
extern const AuditCheck audit_check_record_inactive_owner;
extern const AuditCheck audit_check_opportunity_missing_contact_roles;
extern const AuditCheck audit_check_opportunity_no_primary_contact;
extern const AuditCheck audit_check_contact_role_missing_role;
extern const AuditCheck audit_check_account_duplicate;
extern const AuditCheck audit_check_account_missing_website, audit_check_account_invalid_website,
    audit_check_account_missing_address, audit_check_account_name_format, audit_check_account_hierarchy,
    audit_check_account_new_review, audit_check_account_stagnant;

/* accounts.c: is an account's Website blank or a placeholder; why a website
 * is not a usable company domain (NULL when it is). */
gboolean audit_website_missing(const char *website);
const char *audit_website_problem(const AuditModel *m, guint row, char *buf, gsize len);
extern const AuditCheck audit_check_contact_role_foreign_account;
extern const AuditCheck audit_check_contact_role_suggested;
extern const AuditCheck audit_check_stage_committee_mismatch;
extern const AuditCheck audit_check_stage_assessment_mismatch;
extern const AuditCheck audit_check_opportunity_past_close_date;

/* Evidence shared by the opportunity checks: its name, stage, amount, close
 * date and account (opportunity-contact-roles.c). */
void checks_opportunity_evidence(const AuditModel *m, AuditSink *out, guint opp);

extern const AuditCheck audit_check_contact_domain_outlier, audit_check_contact_personal_email,
    audit_check_contact_invalid_email, audit_check_contact_riffraff;                 /* contact-email.c */
extern const AuditCheck audit_check_contact_orphan, audit_check_contact_duplicate, audit_check_contact_left_company,
    audit_check_contact_stale, audit_check_contact_new_or_moved;                     /* contact-lifecycle.c */
extern const AuditCheck audit_check_contact_role_inactive_contact;

extern const AuditCheck audit_check_lead_matches_account, audit_check_lead_riffraff,
    audit_check_lead_engaged;                                                        /* lead-checks.c */
