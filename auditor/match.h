/* Record matching: which accounts are the same company, and (for leads)
 * which account a company name belongs to.
 *
 * Never all pairs: candidates come from blocking keys OR-ed together — the
 * normalized name, its one-deletion neighbourhood (so that a name with one
 * typo, a missing or an extra letter meets its twin), the sorted words, the
 * registrable business domain and the phone number. A key shared by more
 * than block_cap records says little and would explode: its block is skipped
 * and counted. Each candidate pair is then scored from the name similarity
 * and the other signals, with conflicting signals counting against. */
#pragma once

#include "check.h"
#include "model.h"

G_BEGIN_DECLS

/* One record's matching features; strings live in the set's chunk. */
typedef struct {
  const char *name;    /* audit_company_normalize: words joined by spaces */
  const char *flat;    /* the same without spaces */
  const char *phone;   /* audit_phone_digits, NULL when none */
  const char *city;    /* folded, NULL when blank */
  const char *postal;  /* folded, spaces dropped, NULL when blank */
  const char *country; /* ISO code, NULL when blank or not recognised */
  const char *legal;   /* canonical legal form (audit_company_normalize), NULL when none */
  const char *calling; /* calling code of the country, else of an international phone number; NULL */
  guint32 domain;      /* business registrable domain (AuditDomains id), 0 when none */
  guint32 phone_n, domain_n; /* how many of the set hold the phone, the domain (hierarchies for a domain):
                                their weight is audit_value_weight (0: not counted, full weight) */
  gint32 root;         /* the top of its account hierarchy, -1 when it has no parent or child */
} AuditMatchRecord;

typedef struct AuditMatchSet {
  guint n;
  AuditMatchRecord *rec;
  GStringChunk *chunk;
  GPtrArray *notices;  /* char *: the placeholders left out, to say once (audit_match_set_notify) */
} AuditMatchSet;

/* ---- placeholders by frequency ----
 *
 * A value shared by many records of an object (a phone on 58 accounts, the
 * name "N/E" on 50, xxx@xxx.com on 50 contacts) is a placeholder, not an
 * identifier: two records agreeing on it are no evidence of being the same.
 * As in splink's term-frequency adjustment, the weight of an agreeing value
 * falls with how many records hold it: full up to AUDIT_SMALL_GROUP records
 * (a real duplicate group of two or three), none from audit_common_limit(n)
 * records on, falling with the logarithm in between. The limit grows with the
 * size of the object (log2 n: 7 for 100 records, 20 for a million), never
 * below AUDIT_SMALL_GROUP + 2. Counted once per run on the export itself. */
#define AUDIT_SMALL_GROUP 3
guint audit_common_limit(guint n);
/* 1, down to 0 for a value held by count of an object's n records. */
double audit_value_weight(guint count, guint n);
static inline gboolean audit_value_common(guint count, guint n)
{
  return count >= audit_common_limit(n);
}
/* Per row of the Contact and Lead tables: how many rows (repeated rows left
 * out) hold its email, trimmed and lower-cased (0 for a blank one), into
 * m->email_counts (derive.c: once, before the checks; the model frees them). */
void audit_email_counts_derive(AuditModel *m);
/* Is the email of this Contact or Lead row a placeholder: at a placeholder
 * domain (example.com, a reserved top-level domain such as .invalid), or held
 * by audit_common_limit records or more? Sets *count to its holders. */
gboolean audit_email_placeholder(const AuditModel *m, AuditObject o, guint row, guint *count);

/* Every Account row's features (m->domains must be derived). Values common
 * in the accounts (audit_value_common: the normalized name, the phone, the
 * website domain counted once per hierarchy) are left out, as placeholders;
 * a phone's and a domain's holders are in phone_n and domain_n. */
AuditMatchSet *audit_match_accounts(const AuditModel *m);
/* The same, built once per run on first use and shared by the checks that
 * need it (account-duplicate, the lead checks), whichever runs first
 * (audit_ctx_shared); the run frees it. */
const AuditMatchSet *audit_match_accounts_shared(const AuditContext *ctx);
/* Hand a set's notices to the run (audit_ctx_notice): the model stays read-only. */
void audit_match_set_notify(const AuditContext *ctx, const AuditMatchSet *s);
/* Every Lead row's features, to match leads to accounts: the Company (a
 * placeholder company gets the name ""), Phone, City, PostalCode (a column
 * when exported), Country, and as domain the business email's registrable
 * domain, else the Website's; root is -1. A phone common among the leads is
 * left out (a company name or email domain many leads share is not: many
 * people work at one company). */
AuditMatchSet *audit_match_leads(const AuditModel *m);
void audit_match_set_free(AuditMatchSet *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditMatchSet, audit_match_set_free)

/* Candidate pairs (a < b), each once, sorted: guint64 (a << 32 | b). */
typedef struct {
  guint64 keys;          /* blocking keys generated */
  guint64 blocks_capped; /* keys shared by more than block_cap records, skipped */
} AuditBlockStats;
typedef struct AuditNameIndex AuditNameIndex;
/* names: the set's name index when there is one (its sorted keys are used,
 * not sorted again), else NULL. */
GArray *audit_match_candidates(const AuditMatchSet *s, const AuditNameIndex *names, guint block_cap,
                               AuditBlockStats *stats);

/* A set's names under the blocking keys of audit_match_candidates (the name,
 * its one-deletion neighbourhood, its words sorted), to look up another
 * record's name: its candidates are the records sharing a key with it (a key
 * shared by more than block_cap records is skipped). */
AuditNameIndex *audit_name_index_new(const AuditMatchSet *s, guint block_cap);
void audit_name_index_free(AuditNameIndex *x);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditNameIndex, audit_name_index_free)
/* rows (guint32) := the set's records sharing a name key with rec, sorted, once each. */
void audit_name_index_lookup(const AuditNameIndex *x, const AuditMatchRecord *rec, GArray *rows);
/* The accounts' name index (block cap AUDIT_NAME_BLOCK_CAP), built once per
 * run on first use, shared by account-duplicate and the lead checks. */
#define AUDIT_NAME_BLOCK_CAP 64
const AuditNameIndex *audit_match_account_names_shared(const AuditContext *ctx);

/* Is a normalized company name a placeholder ("test account", "na", "",
 * "unknown", "ne", "sin nombre", "неизвестно"): every word one of the
 * built-in test and placeholder words, of the words and phrases for "no
 * value" of audit_placeholder_text, or of extra (NULL-terminated, may be
 * NULL)? */
gboolean audit_company_placeholder(const char *name, const char *const *extra);

/* Signals of a pair (bits), matched or conflicting. */
enum {
  AUDIT_SIG_NAME = 1 << 0,
  AUDIT_SIG_DOMAIN = 1 << 1,
  AUDIT_SIG_PHONE = 1 << 2,
  AUDIT_SIG_POSTAL = 1 << 3,
  AUDIT_SIG_CITY = 1 << 4,
  AUDIT_SIG_COUNTRY = 1 << 5,
  AUDIT_SIG_HIERARCHY = 1 << 6, /* in one hierarchy: a shared domain says nothing */
};

typedef struct {
  double score;      /* 0..1 */
  double name;       /* the name similarity alone */
  const char *rule;  /* how the names compare: "same name", "one edit apart", ... */
  guint matched;     /* AUDIT_SIG_* */
  guint conflicts;   /* AUDIT_SIG_* */
} AuditPairScore;

void audit_match_score(const AuditMatchSet *s, guint a, guint b, AuditPairScore *out);

/* Similarity of two normalized names (audit_company_normalize), 0..1, and
 * how they compare: the same, edits apart (Damerau-Levenshtein on the names
 * without spaces), the same words in another order, one's words all in the
 * other's (0.8), an acronym of the other (acronym_ok: 0.9, else 0.5). */
double audit_name_similarity(const char *a, const char *b, gboolean acronym_ok, const char **rule);

/* The words of the names of a signal set, for messages: "name, domain". */
void audit_match_signals_text(guint signals, GString *out);

G_END_DECLS
