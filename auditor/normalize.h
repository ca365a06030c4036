/* Values as Salesforce writes them: Ids, dates, booleans, numbers, text in
 * Windows-1252; and titles mapped to buying roles. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Trim surrounding whitespace, cut an 18-character Salesforce Id to its first
 * 15 characters, and make the null Ids (000000000000000, 000000000000000AAA)
 * blank. Writes into out (at least len bytes) and returns the new length. */
gsize audit_id_normalize(const char *s, gsize len, char *out);
/* The same; *was_18 tells whether s was an 18-character Id (cut to 15). */
gsize audit_id_normalize_form(const char *s, gsize len, char *out, gboolean *was_18);

/* The 18-character form of a 15-character Id: the Id and three characters
 * that encode which of its characters are capitals (Salesforce's checksum),
 * the suffix audit_id_normalize reads back. */
void audit_id_to_18(const char *id, char out[19]);

/* Does this look like a Salesforce Id (15 alphanumeric characters)? */
gboolean audit_id_is_salesforce(const char *id, gsize len);

/* Days since 1970-01-01 (UTC) of a date or datetime:
 * 2024-01-15, 2024-01-15T10:00:00.000Z, 2024-01-15T10:00:00.000+0000,
 * 2024-01-15T10:00:00+01:00, 2024-01-15 10:00:00. FALSE when it is none of
 * these or names an impossible day. date_only refuses datetimes. */
gboolean audit_parse_day(const char *s, gsize len, gboolean date_only, gint32 *day);

/* The order of a date's parts in a locale's form: 5/11/2023 (mdy),
 * 11/05/2023 or 11.05.2023 (dmy), 2023/05/11 (ymd). */
typedef enum {
  AUDIT_DAY_ORDER_NONE,
  AUDIT_DAY_ORDER_MDY,
  AUDIT_DAY_ORDER_DMY,
  AUDIT_DAY_ORDER_YMD,
} AuditDayOrder;
/* "mdy", "dmy", "ymd" (any case). */
gboolean audit_day_order_from_name(const char *name, AuditDayOrder *out);
const char *audit_day_order_name(AuditDayOrder o);

typedef enum {
  AUDIT_DAY_OK,
  AUDIT_DAY_BAD_FORM,      /* in no form read */
  AUDIT_DAY_NOT_A_DAY,     /* a date's form, but no such day: 2023-02-30, 30/02/2023 */
  AUDIT_DAY_ORDER_UNKNOWN, /* 05/11/2023 with no order to read it */
} AuditDayStatus;

/* A Date (date_field) or Datetime field's value as exports write it:
 * - ISO 8601 as audit_parse_day takes it; a Date field's time and offset
 *   (2023-05-11 00:00:00, 2023-05-11T00:00:00.000Z, as the Data Export
 *   Service writes Date fields) are ignored: the day is the one written;
 * - a report's locale form: 1-2 digits, 1-2 digits and a 4-digit year, or a
 *   year then month and day, separated by '/', '.' or '-', optionally with a
 *   clock (5/11/2023 10:30 AM, 11.05.2023 22:30:15) that is ignored (the day
 *   as written: the user's time zone is not in the export). order reads the
 *   first two parts; whatever the order, a value whose parts only fit one
 *   (25/04/2023) or are equal (1/1/2023) is read, and year first is always
 *   ymd. With no order (NONE) the others are AUDIT_DAY_ORDER_UNKNOWN.
 * Blank is OK with AUDIT_DAY_NONE. */
AuditDayStatus audit_parse_day_field(const char *s, gsize len, gboolean date_field, AuditDayOrder order, gint32 *day);
/* Does s start with YYYY-MM-DD (the ISO form, read by ISO's rules only)? */
gboolean audit_day_is_iso(const char *s, gsize len);
/* The orders (bits 1 << AuditDayOrder) whose ranges (month 1-12, day 1-31)
 * fit a locale-form date; 0 when s is not in a locale's form (or is ISO). */
guint audit_day_orders(const char *s, gsize len);

/* Days since 1970-01-01 of a civil date, and back. */
gint32 audit_days_from_civil(int y, int m, int d);
void audit_civil_from_days(gint32 day, int *y, int *m, int *d);
/* Writes YYYY-MM-DD (11 bytes with the NUL). */
void audit_day_format(gint32 day, char out[11]);

/* true/false/1/0/yes/no, any case; blank is AUDIT_BOOL_NONE. */
gboolean audit_parse_bool(const char *s, gsize len, gint8 *out);
/* A plain decimal number (sign, digits, point, exponent); blank is NAN. */
gboolean audit_parse_number(const char *s, gsize len, double *out);

/* Windows-1252 bytes to UTF-8, appended to out. */
void audit_cp1252_to_utf8(const char *s, gsize len, GString *out);

/* Is the text blank (only whitespace)? */
gboolean audit_is_blank(const char *s);

/* Case and accent folding: lower case, accents dropped (é is e, ß is ss,
 * ø is o, ł is l), letters of scripts without an ASCII form kept lower-cased,
 * other non-ASCII symbols as spaces. Appended to out. */
void audit_fold_text(const char *s, GString *out);

/* A company name in its matching form: folded, punctuation dropped, '&' as
 * "and", a leading "the" dropped, common abbreviations expanded by whole
 * word (intl → international, mfg → manufacturing, ...), legal forms of many
 * countries (inc, corp, llc, ltd, plc, gmbh, ag, sa, sarl, bv, nv, pty ltd,
 * kk, ltda, spa, srl, oy, ab, as, aps, ...) stripped at the end only,
 * longest first, repeatedly, keeping at least one word. Tokens are joined by
 * single spaces into out. Returns the canonical legal form found last in
 * the name ("inc" for Incorporated), NULL when none. */
const char *audit_company_normalize(const char *name, GString *out);

/* A phone number as digits with its country code, so that (201) 555-0100
 * in the US and +1 201 555 0100 agree: a leading + or 00 means the code is
 * written; else calling_code (from the record's country, may be NULL) is
 * prefixed, dropping a national trunk 0. An extension is ignored. Returns the
 * length written to out, 0 when fewer than 6 digits. */
gsize audit_phone_digits(const char *phone, const char *calling_code, char *out, gsize outsz);

/* A country as written (United States, USA, US, Deutschland, ...) to its
 * ISO 3166 code, and its calling code; NULL when not recognised. */
const char *audit_country_iso(const char *country, const char **calling_code);

/* The calling code a phone number was written with (+44 20 ..., 0049 ...),
 * among the countries audit_country_iso knows; NULL when the number is
 * written nationally or the code is not known. */
const char *audit_phone_calling_code(const char *phone);
/* A person's name (or a title) folded for comparison with audit_fold_text
 * ("Łukasz Søren" → "lukasz soren"; letters of scripts without an ASCII
 * form kept), every run of other characters one space, no space at the ends.
 * "  José   MÜLLER-Lüdenscheidt " → "jose muller ludenscheidt". Newly allocated. */
char *audit_fold_name(const char *s);
/* The same into buf (size bytes, at least 1), cut short when it does not fit;
 * returns the length. No allocation for ASCII text. */
gsize audit_fold_name_to(const char *s, char *buf, gsize size);

/* Title → buying role: ordered rules, the first whose pattern matches a title
 * wins. Patterns match whole words, case- and accent-insensitively, with
 * abbreviations written out on both sides (CFO = Chief Financial Officer, VP =
 * Vice President, Sr = Senior, ...) and joining words of the eight languages
 * (of, the, de, del, do, du, der, di, по, ...) ignored; letters of Cyrillic and
 * Arabic are kept (the Arabic article and spellings of one letter made one).
 * A '*' at the end or start of a pattern's word matches a prefix or suffix
 * ("директор*" is also "директора", "*leiter" is "Vertriebsleiter"); a pattern
 * written "!pattern" keeps the titles it matches out of its rule. A pattern
 * does not match after "vice" (вице, نائب: a Vice President is not the
 * President), nor "owner" in a product/process/data owner; a title is read up
 * to "to" (an Assistant to the CFO is an assistant) and up to an assistant's
 * word followed by a joining word ("Asistente del Gerente General"), or in
 * Russian and Arabic by any word; a title that marks a former holder (former,
 * ex, retired, ehemaliger, бывший, سابق, ...) has no role. The default mapping
 * covers English, Spanish, Portuguese, French, German, Italian, Russian and
 * Arabic titles. Adding patterns to a role already in the map appends them to
 * its rule. */
typedef struct AuditRoleMap AuditRoleMap;
AuditRoleMap *audit_role_map_new_default(void);
AuditRoleMap *audit_role_map_new(void);
void audit_role_map_add(AuditRoleMap *map, const char *role, const char *const *patterns);
/* NULL when no rule matches. */
const char *audit_role_map_lookup(const AuditRoleMap *map, const char *title);
guint audit_role_map_size(const AuditRoleMap *map);
const char *audit_role_map_role(const AuditRoleMap *map, guint i, const char *const **patterns);
void audit_role_map_free(AuditRoleMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditRoleMap, audit_role_map_free)

/* Contact role names → the standard role each stands for, so that an org
 * whose OpportunityContactRole.Role says "Tomador de decisión" or "Лицо,
 * принимающее решение" holds the Decision Maker. Names compare whole, like
 * titles (case, accents, punctuation, joining words ignored). The default
 * knows the standard roles (Decision Maker, Economic Buyer, Champion,
 * Technical Buyer, Influencer, Evaluator, Business User, Executive Sponsor,
 * Procurement, Legal, Other) under their names in the eight languages; a
 * name added later replaces an earlier one's role. */
typedef struct AuditRoleNames AuditRoleNames;
AuditRoleNames *audit_role_names_new(void);
AuditRoleNames *audit_role_names_new_default(void);
void audit_role_names_add(AuditRoleNames *n, const char *role, const char *const *names);
/* The standard role a name stands for, NULL when none is known. */
const char *audit_role_names_canonical(const AuditRoleNames *n, const char *name);
/* The default's i-th role and its names (';'-separated), NULL past the end. */
const char *audit_role_names_default(guint i, const char **names);
void audit_role_names_free(AuditRoleNames *n);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditRoleNames, audit_role_names_free)

/* Seniority of a title, for the reports: C-level (chief, president, founder,
 * owner, managing director, Gerente General, Directeur général,
 * Geschäftsführer, Amministratore delegato, Генеральный директор, المدير
 * التنفيذي, ...), VP (vice president, vicepresidente, вице-президент, ...),
 * Director (director, head, general manager, gerente, jefe, diretor,
 * directeur, Leiter, responsabile, руководитель, начальник, مدير, ...; a
 * project or team lead is a Manager), Manager (manager, supervisor, lead,
 * менеджер, ...), else individual contributor; NONE when blank. Titles are
 * read as for the role map. */
typedef enum {
  AUDIT_SENIORITY_NONE,
  AUDIT_SENIORITY_IC,
  AUDIT_SENIORITY_MANAGER,
  AUDIT_SENIORITY_DIRECTOR,
  AUDIT_SENIORITY_VP,
  AUDIT_SENIORITY_C_LEVEL,
} AuditSeniority;
AuditSeniority audit_title_seniority(const char *title);
/* "C-level", "VP", "Director", "Manager", "Individual contributor"; "" for NONE. */
const char *audit_seniority_name(AuditSeniority s);

/* Is a folded text (words separated by single spaces, as audit_fold_name and
 * audit_company_normalize write them) made only of words and phrases that
 * say "no value" in the eight languages (unknown, none, N/A, N/E, sin nombre,
 * sem nome, sans nom, unbekannt, sconosciuto, неизвестно, غير معروف, ...)
 * and words also(word, length, data) accepts (may be NULL)? In a run of
 * single letters the longest that makes a word is read as one ("n a" is N/A,
 * "n a n a" is N/A twice). FALSE for a blank text. */
typedef gboolean (*AuditWordTest)(const char *word, gsize len, gconstpointer data);
gboolean audit_placeholder_text(const char *folded, AuditWordTest also, gconstpointer data);

G_END_DECLS
