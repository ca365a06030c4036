#include "data.h"

#include "data-tables.h"

#include <string.h>

/* Each table's embedded text (data-tables.h, made by data/meson.build). */
static const struct {
  const char *name, *text;
  guint columns;
} sources[] = {
#define TABLE(id, file, sym, cols) [id] = {file, sym, cols}
  TABLE(AUDIT_DATA_PERSONAL_DOMAINS, "personal-domains.txt", audit_data_personal_domains, 1),
  TABLE(AUDIT_DATA_DISPOSABLE_DOMAINS, "disposable-domains.txt", audit_data_disposable_domains, 1),
  TABLE(AUDIT_DATA_PLACEHOLDER_DOMAINS, "placeholder-domains.txt", audit_data_placeholder_domains, 1),
  TABLE(AUDIT_DATA_NO_VALUE_WORDS, "no-value-words.txt", audit_data_no_value_words, 1),
  TABLE(AUDIT_DATA_NO_VALUE_PHRASES, "no-value-phrases.txt", audit_data_no_value_phrases, 1),
  TABLE(AUDIT_DATA_WEBSITE_PLACEHOLDERS, "website-placeholders.txt", audit_data_website_placeholders, 1),
  TABLE(AUDIT_DATA_ACCOUNT_TEST_WORDS, "account-test-words.txt", audit_data_account_test_words, 1),
  TABLE(AUDIT_DATA_COMPANY_PLACEHOLDERS, "company-placeholder-words.txt", audit_data_company_placeholder_words, 1),
  TABLE(AUDIT_DATA_PERSON_PLACEHOLDERS, "person-placeholder-words.txt", audit_data_person_placeholder_words, 1),
  TABLE(AUDIT_DATA_NO_COMPANY_WORDS, "no-company-words.txt", audit_data_no_company_words, 1),
  TABLE(AUDIT_DATA_LEGAL_FORMS, "legal-forms.tsv", audit_data_legal_forms, 2),
  TABLE(AUDIT_DATA_COMPANY_ABBREVIATIONS, "company-abbreviations.tsv", audit_data_company_abbreviations, 2),
  TABLE(AUDIT_DATA_TITLE_ABBREVIATIONS, "title-abbreviations.tsv", audit_data_title_abbreviations, 2),
  TABLE(AUDIT_DATA_TITLE_JOINING_WORDS, "title-joining-words.txt", audit_data_title_joining_words, 1),
  TABLE(AUDIT_DATA_TITLE_GONE_WORDS, "title-gone-words.txt", audit_data_title_gone_words, 1),
  TABLE(AUDIT_DATA_TITLE_ASSISTANT_WORDS, "title-assistant-words.txt", audit_data_title_assistant_words, 1),
  TABLE(AUDIT_DATA_TITLE_ASSISTANT_JOINED_WORDS, "title-assistant-joined-words.txt",
        audit_data_title_assistant_joined_words, 1),
  TABLE(AUDIT_DATA_TITLE_ASSISTANT_ANY_WORDS, "title-assistant-any-words.txt", audit_data_title_assistant_any_words,
        1),
  TABLE(AUDIT_DATA_TITLE_VICE_WORDS, "title-vice-words.txt", audit_data_title_vice_words, 1),
  TABLE(AUDIT_DATA_TITLE_ROLES, "title-roles.tsv", audit_data_title_roles, 2),
  TABLE(AUDIT_DATA_ROLE_NAMES, "role-names.tsv", audit_data_role_names, 2),
  TABLE(AUDIT_DATA_DEAL_DATE_WORDS, "deal-date-words.tsv", audit_data_deal_date_words, 2),
#undef TABLE
};
G_STATIC_ASSERT(G_N_ELEMENTS(sources) == AUDIT_DATA_COUNT);

typedef struct {
  char *text;          /* the table's text, cut into its entries in place */
  const char **entry;  /* NULL-terminated */
  guint rows;
} Parsed;

/* One entry a line; blank lines and '#' comments skipped; a .tsv row cut at
 * its TABs (the build checked that every row has the table's fields). */
static void table_parse(AuditData t, Parsed *p)
{
  p->text = g_strdup(sources[t].text);
  GPtrArray *entries = g_ptr_array_new();
  for (char *line = p->text, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    if (*line == '\0' || *line == '#')
      continue;
    guint fields = 0;
    for (char *f = line, *tab; f; f = tab, fields++) {
      tab = strchr(f, '\t');
      if (tab)
        *tab++ = '\0';
      g_ptr_array_add(entries, f);
    }
    if (fields != sources[t].columns)
      g_error("data/%s: a row of %u fields, %u expected", sources[t].name, fields, sources[t].columns);
    p->rows++;
  }
  g_ptr_array_add(entries, NULL);
  p->entry = (const char **)g_ptr_array_free(entries, FALSE);
}

static const Parsed *table_get(AuditData t)
{
  static gsize once[AUDIT_DATA_COUNT];
  static Parsed parsed[AUDIT_DATA_COUNT];
  g_return_val_if_fail((guint)t < AUDIT_DATA_COUNT, NULL);
  if (g_once_init_enter(&once[t])) {
    table_parse(t, &parsed[t]);
    g_once_init_leave(&once[t], 1);
  }
  return &parsed[t];
}

const char *const *audit_data(AuditData t)
{
  return table_get(t)->entry;
}

guint audit_data_rows(AuditData t)
{
  return table_get(t)->rows;
}

guint audit_data_columns(AuditData t)
{
  g_return_val_if_fail((guint)t < AUDIT_DATA_COUNT, 0);
  return sources[t].columns;
}

const char *audit_data_name(AuditData t)
{
  g_return_val_if_fail((guint)t < AUDIT_DATA_COUNT, NULL);
  return sources[t].name;
}
