/* Contact rules shared between checks: who left, who is stale, last
 * activity, and the rows to skip. contact-left-company and contact-stale
 * apply them to every contact; contact-role-inactive-contact applies the same
 * rules, with those checks' options, to the holders of open opportunities'
 * contact roles. */
#pragma once

#include "check.h"
#include "domain.h"

G_BEGIN_DECLS

/* A context that reads the options of another check (as configured for it,
 * per segment), for a check that applies that check's rule. */
void audit_contact_rules_ctx(const AuditContext *ctx, const AuditCheck *other, AuditContext *out);

/* ---- left the company ---- */

/* contact-left-company's options struct. */
typedef struct {
  const char *const *title_markers;
} AuditLeftOptions;

/* Title markers of contact-left-company (title_markers), folded, per segment. */
typedef struct AuditLeftRules AuditLeftRules;
/* ctx: a context of contact-left-company (audit_contact_rules_ctx). */
AuditLeftRules *audit_left_rules_new(const AuditContext *ctx);
void audit_left_rules_free(AuditLeftRules *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditLeftRules, audit_left_rules_free)

typedef struct {
  gboolean bounced;          /* IsEmailBounced true, or a bounce reason */
  const char *bounce_reason; /* "" when none */
  const char *marker;        /* the title marker found (as configured), NULL none */
  const char *title;
} AuditLeftEvidence;

/* Did contact row leave: an email that bounced (IsEmailBounced true or an
 * EmailBouncedReason), or a title with one of the markers as whole words,
 * case- and accent-insensitively ("Ex-CFO" has the marker "ex-")? */
gboolean audit_contact_left(const AuditModel *m, const AuditLeftRules *r, guint row, AuditLeftEvidence *ev);
/* The evidence in words: "email bounced (550 User unknown)", "title 'Former
 * CFO' (former)", both joined by "; ". Newly allocated. */
char *audit_left_evidence_text(const AuditLeftEvidence *ev);

/* ---- stale ---- */

/* The later of LastActivityDate and the newest Task/Event with this WhoId
 * (its ActivityDate, else StartDateTime, else CreatedDate); AUDIT_DAY_NONE
 * when neither. */
gint32 audit_contact_last_activity(const AuditModel *m, guint row);
/* LastModifiedDate, else CreatedDate; AUDIT_DAY_NONE when neither. */
gint32 audit_contact_last_change(const AuditModel *m, guint row);

/* contact-stale's options struct. */
typedef struct {
  gint64 window_days;
} AuditStaleOptions;

/* Stale: no activity within window_days of as-of and not changed within it
 * (a day before as_of - window_days, or none, for both). */
typedef struct {
  gint32 last_activity, last_change, cutoff;
} AuditStaleEvidence;
/* ctx: a context of contact-stale (audit_contact_rules_ctx). */
gboolean audit_contact_stale(const AuditContext *ctx, guint row, AuditStaleEvidence *ev);

/* ---- spam (contact-riffraff, lead-riffraff) ---- */

struct AuditDomains;
/* Is a folded name (audit_fold_name_to) a test name or keyboard mash (asdf,
 * Test Test, xxx, one letter repeated, Test N/A)? A name of "no value" words
 * alone (N/E, Unknown, sin nombre) is not. FALSE when blank. */
gboolean audit_spam_name(const char *folded);
/* A test address: test@, test1@, testing@. */
gboolean audit_test_address(const char *email);
/* Why a person is spam, appended to reasons ("; "-separated): a disposable
 * email domain (id: the email's registrable domain, 0 none) or a placeholder
 * name (who: the name as shown). A placeholder email (a placeholder domain, a
 * test address) is never a reason on its own: it is named beside another
 * reason, else it is audit_placeholder_email's. TRUE when any. */
gboolean audit_spam_reasons(const struct AuditDomains *d, guint32 id, const char *email, const char *folded,
                            const char *who, GString *reasons);
/* Is the email of a Contact or Lead row a placeholder: at a placeholder or
 * reserved domain (example.com, .invalid), a test address, or held by many of
 * the object's records (audit_email_placeholder: xxx@xxx.com on 50)? Appends
 * why to why when not NULL ("placeholder domain example.com"). Such a person
 * needs the real address, not a delete. */
gboolean audit_placeholder_email(const AuditModel *m, AuditObject o, guint row, GString *why);

G_END_DECLS

/* ---- domain families ----
 *
 * One company's domains under several public suffixes (acme.com, acme.com.ec,
 * acme.es): business registrable domains of one label (the registrable
 * domain without its public suffix, at least 3 bytes) are one family, unless
 * the export shows them on unrelated accounts: two domains that are the
 * websites of accounts of different hierarchies stay apart (each domain
 * joins the first family of its label, in domain order, whose websites are
 * all in its own hierarchy, or that has none; a domain that is the website
 * of unrelated accounts joins none). contact-domain-outlier and the lead
 * plan compare domains by family. */
typedef struct {
  guint32 *family; /* per domain id: the family's first domain id (itself when alone; 0 for 0) */
  guint32 *next;   /* per domain id: the next domain of its family, 0 at the end */
  guint joined;    /* domains in a family of more than one */
} AuditDomainFamilies;

/* The run's families (audit_ctx_shared: built on first use). */
const AuditDomainFamilies *audit_domain_families_shared(const AuditContext *ctx);
static inline gboolean audit_domain_same_family(const AuditDomainFamilies *f, guint32 a, guint32 b)
{
  return a == b || (a && b && f->family[a] == f->family[b]);
}
/* The label two domains of one family share ("acme"), in buf. */
const char *audit_domain_family_label(const AuditDomains *d, guint32 id, char *buf, gsize len);
