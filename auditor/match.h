/* Record matching: which accounts are the same company, and (for leads)
 * which account a company name belongs to. Features (match-features.c),
 * blocking (match-blocking.c), similarity and scoring (match-similarity.c),
 * groups (match-groups.c).
 *
 * Never all pairs: candidates come from blocking keys OR-ed together — the
 * normalized name, its one-deletion neighbourhood (so that a name with one
 * typo, a missing or an extra letter meets its twin), the sorted words, each
 * rare word (a name's words that few names hold), the registrable business
 * domain, the phone number and the street address. A key shared by more than
 * block_cap records is split by a second key (city, country, domain, phone,
 * street); records identical on every key are linked to one representative,
 * and what is still too large is not compared but counted
 * (AuditBlockStats.pairs_not_compared). Each candidate pair is then scored
 * from the name similarity and the other signals, with conflicting signals
 * counting against, and the pairs are grouped best score first. */
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
  const char *house;   /* house number of the street address (audit_street_normalize), NULL when none */
  const char *street;  /* the street without the number, in matching form; NULL when none */
  const char *address; /* house and street: "12 main street"; NULL when none */
  const char *calling; /* calling code of the country, else of an international phone number; NULL */
  guint32 domain;      /* business registrable domain (AuditDomains id), 0 when none */
  guint32 phone_n, domain_n, address_n; /* how many of the set hold the phone, the domain (hierarchies
                                for a domain), the house number and street: their weight is
                                audit_value_weight (0: not counted, full weight). Records identical
                                on every feature count once (one company loaded many times). */
  const char *common_name; /* a name left out as common (a chain's sites share it): kept to tell one site
                              written twice (audit_match_same_site); NULL when not left out */
  gint32 root;         /* the top of its account hierarchy, -1 when it has no parent or child */
  guint64 sig;         /* a hash of every feature above: equal for records identical on every one */
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
 * website domain, the street address, each counted once per hierarchy and
 * once per set of records identical on every feature) are left out, as
 * placeholders; their holders are in phone_n, domain_n and address_n. */
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
  guint64 blocks_capped; /* blocks of more than block_cap records (keys holding the same records once): split
                            by a second key */
  guint64 records_linked; /* records linked to a representative identical on every feature */
  guint64 pairs_not_compared; /* pairs of over-cap blocks left uncompared after the split: across its parts,
                                 and beyond the nearest names in a part still over the cap (an upper bound:
                                 a pair another key compares may be counted) */
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
  AUDIT_SIG_STREET = 1 << 7,    /* matched: house number and street; conflict: another number, same street */
};
#define AUDIT_SIG_COUNT 8


typedef struct {
  double score;      /* 0..1 */
  double name;       /* the name similarity alone */
  const char *rule;  /* how the names compare: "same name", "one edit apart", ... */
  guint matched;     /* AUDIT_SIG_* */
  guint conflicts;   /* AUDIT_SIG_* */
  double weight[AUDIT_SIG_COUNT]; /* per signal bit: what it added (> 0) or took (< 0) */
} AuditPairScore;

void audit_match_score(const AuditMatchSet *s, guint a, guint b, AuditPairScore *out);
/* One site: the same house number and street, in one place (one city, a
 * neighbourhood and its city, one postal code), or under two city names
 * whose postal codes and countries do not conflict (a neighbourhood). */
gboolean audit_match_same_site(const AuditMatchRecord *x, const AuditMatchRecord *y);
/* Two sites: both with a street address, the addresses different
 * (another house number or street), neither name with a legal
 * form (a legal entity is one whatever address it was typed with). Records at two sites are
 * never one account, however alike their names (a chain's branches), and
 * never share a group (audit_match_groups_new). */
gboolean audit_match_sites_differ(const AuditMatchRecord *x, const AuditMatchRecord *y);

/* Similarity of two normalized names (audit_company_normalize), 0..1, and
 * how they compare: the same, edits apart (Damerau-Levenshtein on the names
 * without spaces; never when the names' digits differ: "store 12" and "store
 * 13" are two stores, not a typo), the same words in another order, one's
 * words all in the other's (0.8), an acronym of the other (acronym_ok: 0.9,
 * else 0.5), most of their words shared (audit_name_word_overlap). */
double audit_name_similarity(const char *a, const char *b, gboolean acronym_ok, const char **rule);

/* How much of two names' words are shared, 0..1: each word weighs by its
 * length (a longer word is rarer), a word matches the same word or one it
 * is a prefix of, of 4 letters at least (KONINK ~ koninklijke, ELEC ~
 * electronics); the measure is the shared weight over the smaller name's
 * (containment), times a penalty when the larger name has many more words. */
double audit_name_word_overlap(const char *a, const char *b);

/* The words of the names of a signal set, for messages: "name, domain". */
void audit_match_signals_text(guint signals, GString *out);

/* ---- groups (match-groups.c) ---- */

typedef struct {
  guint32 a, b; /* rows, a < b */
  AuditPairScore s;
} AuditScoredPair;

/* May a and b share a group? FALSE for an account and its ancestor. Asked
 * only about records in a hierarchy (root >= 0). */
typedef gboolean (*AuditMayJoin)(guint32 a, guint32 b, gpointer data);

/* The groups of a set: built from the pairs at or above their threshold,
 * best score first (then by the two rows), as Kruskal builds a maximum
 * spanning forest: a pair joins two groups unless may_join says no for some
 * two of their members, so a group's pairs are its best spanning tree (n - 1
 * pairs for n members, never n^2). */
typedef struct AuditMatchGroups {
  guint n;                /* records of the set */
  guint ngroups;
  gint32 *group;          /* per record: its group, -1 when in none */
  guint32 *member_start;  /* per group, and one more: its members in members[] */
  guint32 *members;       /* each group's records, by row */
  guint32 *pair_start;    /* per group, and one more: its pairs in pairs[] */
  AuditScoredPair *pairs; /* each group's spanning-tree pairs, best first */
  gboolean *merge_evidence; /* per group: its pairs agreeing on a website, a phone, a street address or a
                               postal code (AUDIT_MATCH_STRONG) join all its members */
  guint64 pairs_candidates; /* candidate pairs scored */
  guint64 pairs_above;    /* pairs at or above the threshold */
  AuditBlockStats blocks; /* of the candidates the groups were built from */
} AuditMatchGroups;

/* The signals that tell one company from another beyond the name. */
#define AUDIT_MATCH_STRONG (AUDIT_SIG_DOMAIN | AUDIT_SIG_PHONE | AUDIT_SIG_POSTAL | AUDIT_SIG_STREET)

/* pairs: AuditScoredPair of set's records at or above their threshold, any
 * order (sorted here). may_join NULL: any two may. */
AuditMatchGroups *audit_match_groups_new(const AuditMatchSet *set, GArray *pairs, AuditMayJoin may_join,
                                         gpointer data);
void audit_match_groups_free(AuditMatchGroups *g);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditMatchGroups, audit_match_groups_free)

/* The accounts' groups as account-duplicate reports them, shared by the
 * checks: audit_account_groups_shared (checks/checks.h). */

G_END_DECLS
