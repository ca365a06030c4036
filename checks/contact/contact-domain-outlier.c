/* contact-domain-outlier: Contact whose email domain differs from its
 * account's. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

static int compare_u32(const void *a, const void *b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
  return x < y ? -1 : x > y;
}

/* Per account: its business-email contacts' domains, the two most held. */
typedef struct {
  guint32 n;           /* contacts with a business email */
  guint32 top, top_n;  /* the domain most held, and by how many */
  guint32 second, second_n;
} DomainVotes;

typedef struct {
  const AuditModel *m;
  const AuditDomains *d;
  guint32 *website;    /* per account: business website domain, 0 none */
  DomainVotes *votes;  /* per account */
  guint32 *domain_of;  /* per account: website, else the majority of all its contacts; 0 none */
  gint32 *first;       /* per domain id: the first account with it, -1 none */
  guint32 *count;      /* per domain id: accounts with it */
  gint32 *next;        /* per account: the next account with the same domain, -1 end */
} OutlierIndex;

static void outlier_index_build(OutlierIndex *x, const AuditModel *m)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT], *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditDomains *d = m->domains;
  guint nd = d->names->len;
  x->m = m;
  x->d = d;
  x->website = g_new0(guint32, acc->nrows + 1);
  x->votes = g_new0(DomainVotes, acc->nrows + 1);
  x->domain_of = g_new0(guint32, acc->nrows + 1);
  x->first = g_new(gint32, nd);
  x->count = g_new0(guint32, nd);
  x->next = g_new(gint32, acc->nrows + 1);
  for (guint i = 0; i < nd; i++)
    x->first[i] = -1;
  GArray *doms = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint a = 0; a < acc->nrows; a++) {
    x->next[a] = -1;
    guint32 web = d->account_website[a];
    if (audit_domain_is_business(d, web))
      x->website[a] = web;
    g_array_set_size(doms, 0);
    guint32 c;
    AUDIT_LINK_FOREACH(m->account_contacts, a, c) {
      if (audit_row_repeated(con, c))
        continue;
      guint32 id = d->contact_email[c];
      if (audit_domain_is_business(d, id))
        g_array_append_val(doms, id);
    }
    DomainVotes *v = &x->votes[a];
    v->n = doms->len;
    if (doms->len > 1)
      qsort(doms->data, doms->len, sizeof(guint32), compare_u32);
    for (guint i = 0; i < doms->len;) {
      guint j = i;
      guint32 id = g_array_index(doms, guint32, i);
      while (j < doms->len && g_array_index(doms, guint32, j) == id)
        j++;
      guint32 n = j - i;
      if (n > v->top_n) {
        v->second = v->top;
        v->second_n = v->top_n;
        v->top = id;
        v->top_n = n;
      } else if (n > v->second_n) {
        v->second = id;
        v->second_n = n;
      }
      i = j;
    }
    x->domain_of[a] = x->website[a] ? x->website[a] : v->n >= 2 && v->top_n * 2 > v->n ? v->top : 0;
  }
  g_array_unref(doms);
  /* accounts per domain, in row order */
  for (gint a = (gint)acc->nrows - 1; a >= 0; a--) {
    guint32 id = x->domain_of[a];
    if (!id)
      continue;
    x->next[a] = x->first[id];
    x->first[id] = a;
    x->count[id]++;
  }
}

static void outlier_index_clear(OutlierIndex *x)
{
  g_free(x->website);
  g_free(x->votes);
  g_free(x->domain_of);
  g_free(x->first);
  g_free(x->count);
  g_free(x->next);
}

/* The domain of contact c's own account a: its website's, else the one held
 * by a strict majority of a's other business-email contacts (at least two),
 * and by more of them than c's own domain (so that an account split two and
 * two between domains has none). 0 when none. */
static guint32 own_account_domain(const OutlierIndex *x, guint a, guint32 mine, gboolean *from_website)
{
  *from_website = x->website[a] != 0;
  if (x->website[a])
    return x->website[a];
  const DomainVotes *v = &x->votes[a];
  guint32 others = v->n - 1; /* c is one of them */
  guint32 d = v->top != mine ? v->top : v->second;
  guint32 dn = v->top != mine ? v->top_n : v->second_n;
  /* when mine is neither of the two most held, it is held by no more than the
   * second, and a strict majority of the others is more than that */
  guint32 mine_n = v->top == mine ? v->top_n : v->second == mine ? v->second_n : 0;
  if (others >= 2 && d && dn * 2 > others && dn > mine_n)
    return d;
  return 0;
}

/* Where a domain belongs beyond its account: per (org, family), an org being the accounts of one hierarchy
 * and of one account-duplicate group together. A family is the org's when it is the website of one of its
 * accounts, or when its contacts sit under two accounts of it or more (an agency group's shared domain). */
typedef struct {
  gint32 first; /* the first account of the org with a contact of the family */
  gboolean several, website;
} OrgDomain;

static guint64 org_key(guint32 org, guint32 family)
{
  return (guint64)org << 32 | family;
}

static GHashTable *org_domains_new(const AuditContext *ctx, const AuditDomainFamilies *fam, const gint32 *org)
{
  const AuditModel *m = ctx->model;
  const AuditDomains *d = m->domains;
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT], *con = &m->tables[AUDIT_OBJ_CONTACT];
  GHashTable *h = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint a = 0; a < acc->nrows; a++) {
    guint32 w = d->account_website[a];
    if (!audit_domain_is_business(d, w))
      continue;
    guint64 *k = g_new(guint64, 1);
    *k = org_key((guint32)org[a], fam->family[w]);
    OrgDomain *v = g_hash_table_lookup(h, k);
    if (!v) {
      v = g_new0(OrgDomain, 1);
      v->first = -1;
      g_hash_table_insert(h, k, v);
    } else
      g_free(k);
    v->website = TRUE;
  }
  for (guint c = 0; c < con->nrows; c++) {
    guint32 e = d->contact_email[c];
    gint32 a = audit_ref(con, c, CONTACT_ACCOUNT);
    if (audit_row_repeated(con, c) || a < 0 || !audit_domain_is_business(d, e))
      continue;
    guint64 *k = g_new(guint64, 1);
    *k = org_key((guint32)org[a], fam->family[e]);
    OrgDomain *v = g_hash_table_lookup(h, k);
    if (!v) {
      v = g_new0(OrgDomain, 1);
      v->first = a;
      g_hash_table_insert(h, k, v);
      continue;
    }
    g_free(k);
    if (v->first < 0)
      v->first = a;
    else if (v->first != a)
      v->several = TRUE;
  }
  return h;
}

static void domain_outlier_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditDomains *d = m->domains;
  OutlierIndex x;
  outlier_index_build(&x, m);
  /* one company's domains: a family of suffixes; the domains of a hierarchy or a duplicate group */
  const AuditDomainFamilies *fam = audit_domain_families_shared(ctx);
  const AuditMatchSet *features = audit_match_accounts_shared(ctx);
  g_autofree gint32 *group = checks_account_groups(ctx, FALSE);
  g_autofree gint32 *org = g_new(gint32, acc->nrows + 1);
  for (guint a = 0; a < acc->nrows; a++)
    org[a] = (gint32)a;
  for (guint a = 0; a < acc->nrows; a++) {
    if (features->rec[a].root >= 0)
      checks_group_join(org, (gint32)a, features->rec[a].root);
    checks_group_join(org, (gint32)a, group[a]);
  }
  for (guint a = 0; a < acc->nrows; a++)
    org[a] = checks_group_root(org, (gint32)a);
  g_autoptr(GHashTable) shared = org_domains_new(ctx, fam, org);
  guint other_suffix = 0, in_org = 0;
  char label[256];
  for (guint r = 0; r < con->nrows; r++) {
    guint32 mine = d->contact_email[r];
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (audit_row_repeated(con, r) || a < 0 || !audit_domain_is_business(d, mine))
      continue;
    gboolean from_website;
    guint32 theirs = own_account_domain(&x, (guint)a, mine, &from_website);
    if (!theirs || theirs == mine)
      continue;
    if (audit_domain_same_family(fam, theirs, mine)) {
      other_suffix++; /* acme.com.ec at acme.com's account: one company */
      continue;
    }
    guint64 key = org_key((guint32)org[a], fam->family[mine]);
    const OrgDomain *sh = g_hash_table_lookup(shared, &key);
    if (sh && (sh->website || sh->several)) {
      in_org++; /* the group's domain, at one of its accounts */
      continue;
    }
    const char *mine_s = audit_domain_name(d, mine), *theirs_s = audit_domain_name(d, theirs);
    const char *acc_name = audit_text(acc, (guint)a, ACCOUNT_NAME);
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    if (from_website)
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL,
                 "email domain %s differs from account domain %s (the website of %s)", mine_s, theirs_s, acc_name);
    else
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL,
                 "email domain %s differs from account domain %s (held by most other contacts of %s, which has no "
                 "usable website)", mine_s, theirs_s, acc_name);
    audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", audit_text(con, r, CONTACT_EMAIL));
    audit_evidence_str(out, "contact_domain", mine_s);
    audit_evidence_str(out, "account_domain", theirs_s);
    audit_evidence_str(out, "account_domain_from", from_website ? "website" : "contacts");
    if (!from_website) {
      audit_evidence_int(out, "account_contacts_with_domain", x.votes[a].top == theirs ? x.votes[a].top_n
                                                                                      : x.votes[a].second_n);
      audit_evidence_int(out, "account_business_contacts", x.votes[a].n);
    }
    /* most of the account's contacts share the contact's domain, not the website's: the website is the
     * likelier mistake, and moving them all would split the account */
    const DomainVotes *v = &x.votes[a];
    if (from_website && v->n >= 2 && v->top == mine && v->top_n * 2 > v->n) {
      audit_evidence_bool(out, "website_suspect", TRUE);
      audit_evidence_int(out, "account_contacts_with_contact_domain", v->top_n);
      audit_evidence_int(out, "account_business_contacts", v->n);
      audit_fix_text(out, "check %s's Website (%s): %u of its %u business contacts, %s among them, use %s; correct "
                     "the website rather than move them", acc_name, theirs_s, v->top_n, v->n, who, mine_s);
      continue;
    }
    /* where it belongs: the accounts whose domain is the contact's */
    guint32 n = x.count[mine] - (x.domain_of[a] == mine); /* the others: at most three named */
    gint32 target = -1;
    GString *names = g_string_new(NULL);
    guint listed = 0;
    for (gint32 b = x.first[mine]; b >= 0 && listed < 3; b = x.next[b]) {
      if (b == a)
        continue;
      if (target < 0)
        target = b;
      listed++;
      g_string_append_printf(names, "%s%s (%s)", names->len ? ", " : "", audit_text(acc, (guint)b, ACCOUNT_NAME),
                             audit_id(acc, (guint)b));
    }
    if (n > listed)
      g_string_append_printf(names, " and %u more", n - listed);
    audit_evidence_int(out, "accounts_with_contact_domain", n);
    if (n == 0) {
      audit_fix_text(out, "no account in the export has the domain %s: create the account and move %s there, or "
                     "correct the email", mine_s, who);
    } else if (n > 1) {
      audit_evidence_str(out, "accounts", names->str);
      audit_fix_text(out, "%u accounts have the domain %s (%s): choose the one for %s (and look at those accounts "
                     "for duplicates)", n, mine_s, names->str, who);
    } else {
      const char *tname = audit_text(acc, (guint)target, ACCOUNT_NAME);
      audit_related_target(out, AUDIT_OBJ_ACCOUNT, target);
      audit_evidence_str(out, "suggested_account", tname);
      audit_evidence_str(out, "suggested_account_id", audit_id(acc, (guint)target));
      audit_fix_text(out, "move %s to account %s (%s), whose %s is %s", who, tname, audit_id(acc, (guint)target),
                     x.website[target] ? "website" : "contacts' domain", mine_s);
      audit_fix_action(out, "move-contact");
      audit_fix_str(out, "ContactId", audit_id(con, r));
      audit_fix_str(out, "AccountId", audit_id(acc, (guint)target));
    }
    g_string_free(names, TRUE);
  }
  outlier_index_clear(&x);
  /* what joined domains that differ, said in the summary and findings.json */
  audit_sink_stat(out, "joined_same_name_other_suffix", other_suffix);
  audit_sink_stat(out, "joined_hierarchy_or_duplicate_group", in_org);
  (void)label;
}

/* Without these the email checks have nothing to judge: skipped with the reason, not "ran, 0 findings".
 * contact-riffraff still judges names without Email, so it declares none. */

static const char *const outlier_columns[] = {"Contact.Email", "Contact.AccountId", NULL};
/* the contact's domain is the problem (its account's is the related account's); the suggested account is
 * the fix's (audit_related_target) */
static const char *const outlier_fingerprint[] = {"contact_domain", NULL};

/* account-duplicate's groups (checks_account_groups) */

const AuditCheck audit_check_contact_domain_outlier = {
  .id = "contact-domain-outlier",
  .title = "Contact whose email domain differs from its account's",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | C,
  .columns = outlier_columns,
  .rationale =
    "A contact whose business email is another company's is usually under the wrong account: a person who "
    "moved, a partner, or a slip when the contact was created. Reports, territories and account plans then "
    "count them in the wrong place. The account's domain is the registrable domain (public suffix list) of "
    "its Website; without a usable website, the domain held by a strict majority of its other business-email "
    "contacts (at least two, and more of them than hold the contact's domain). Subdomains agree (eu.acme.com "
    "is acme.com), and so do one company's domains under other public suffixes (acme.com, acme.com.ec, acme.es: "
    "one name, unless they are the websites of accounts of different hierarchies; stats "
    "joined_same_name_other_suffix); a domain that is the website of an account of the contact's account's "
    "hierarchy or account-duplicate group, or whose contacts sit under two accounts of it or more, belongs to "
    "all of them (an agency group's shared domain under one of its agencies; stats "
    "joined_hierarchy_or_duplicate_group). Personal mailboxes, disposable and placeholder addresses are left out.",
  .fix = "Move the contact to the one account whose domain is the contact's (its website's, or its contacts' "
         "majority domain): an update of the contact's AccountId (fixes/contacts-to-update.csv). When no account "
         "or several have it, the message says so and no move is suggested.",
  .example = "email domain globex.com differs from account domain acme-corp.com (the website of Acme Corp)",
  .run = domain_outlier_run,
  .options_of = checks_account_groups_options_of,
  .fingerprint = outlier_fingerprint,
};
