#pragma once

#include <glib.h>

/* The lookup tables of data/ (data/README.md): word lists and TSV tables
 * embedded at build time, parsed once on first use and kept for the
 * process. scripts/gen-org reads the same files. */
typedef enum {
  AUDIT_DATA_PERSONAL_DOMAINS,      /* personal-domains.txt */
  AUDIT_DATA_DISPOSABLE_DOMAINS,    /* disposable-domains.txt */
  AUDIT_DATA_PLACEHOLDER_DOMAINS,   /* placeholder-domains.txt */
  AUDIT_DATA_NO_VALUE_WORDS,        /* no-value-words.txt */
  AUDIT_DATA_NO_VALUE_PHRASES,      /* no-value-phrases.txt */
  AUDIT_DATA_WEBSITE_PLACEHOLDERS,  /* website-placeholders.txt */
  AUDIT_DATA_ACCOUNT_TEST_WORDS,    /* account-test-words.txt */
  AUDIT_DATA_COMPANY_PLACEHOLDERS,  /* company-placeholder-words.txt */
  AUDIT_DATA_PERSON_PLACEHOLDERS,   /* person-placeholder-words.txt */
  AUDIT_DATA_NO_COMPANY_WORDS,      /* no-company-words.txt */
  AUDIT_DATA_LEGAL_FORMS,           /* legal-forms.tsv: form, canonical form */
  AUDIT_DATA_COMPANY_ABBREVIATIONS, /* company-abbreviations.tsv: word, written out */
  AUDIT_DATA_TITLE_ABBREVIATIONS,   /* title-abbreviations.tsv: word, written out */
  AUDIT_DATA_TITLE_JOINING_WORDS,   /* title-joining-words.txt */
  AUDIT_DATA_TITLE_GONE_WORDS,      /* title-gone-words.txt */
  AUDIT_DATA_TITLE_ASSISTANT_WORDS, /* title-assistant-words.txt */
  AUDIT_DATA_TITLE_ASSISTANT_JOINED_WORDS, /* title-assistant-joined-words.txt */
  AUDIT_DATA_TITLE_ASSISTANT_ANY_WORDS,    /* title-assistant-any-words.txt */
  AUDIT_DATA_TITLE_VICE_WORDS,      /* title-vice-words.txt */
  AUDIT_DATA_TITLE_ROLES,           /* title-roles.tsv: role, patterns */
  AUDIT_DATA_ROLE_NAMES,            /* role-names.tsv: role, names */
  AUDIT_DATA_DEAL_DATE_WORDS,       /* deal-date-words.tsv: word, period */
  AUDIT_DATA_COUNT
} AuditData;

/* A table's entries in file order, NULL-terminated; in a .tsv table a row's
 * fields follow one another: row r, field f at [r * columns + f].
 * Thread-safe; never NULL. */
const char *const *audit_data(AuditData t);
/* Its number of rows (a word list: of words) and of fields per row (1 for
 * a word list). */
guint audit_data_rows(AuditData t);
guint audit_data_columns(AuditData t);
/* Its file name in data/ ("legal-forms.tsv"). */
const char *audit_data_name(AuditData t);
