/* Titles: buying role and seniority; contact role names. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
