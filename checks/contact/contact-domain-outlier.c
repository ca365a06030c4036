/* Contact checks read from the email and the name: contact-domain-outlier,
 * contact-personal-email, contact-invalid-email, contact-riffraff. Domains
 * come from m->domains (auditor/domain.h), derived once per run. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

/* ---- contact-domain-outlier ---- */

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
  const guint8 *repeat;
  guint32 *website;    /* per account: business website domain, 0 none */
  DomainVotes *votes;  /* per account */
  guint32 *domain_of;  /* per account: website, else the majority of all its contacts; 0 none */
  gint32 *first;       /* per domain id: the first account with it, -1 none */
  guint32 *count;      /* per domain id: accounts with it */
  gint32 *next;        /* per account: the next account with the same domain, -1 end */
} OutlierIndex;

static void outlier_index_build(OutlierIndex *x, const AuditModel *m, const guint8 *repeat)
{
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditDomains *d = m->domains;
  guint nd = d->names->len;
  x->m = m;
  x->d = d;
  x->repeat = repeat;
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
      if (repeat && repeat[c])
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

static void domain_outlier_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditDomains *d = m->domains;
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  OutlierIndex x;
  outlier_index_build(&x, m, repeat);
  for (guint r = 0; r < con->nrows; r++) {
    guint32 mine = d->contact_email[r];
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if ((repeat && repeat[r]) || a < 0 || !audit_domain_is_business(d, mine))
      continue;
    gboolean from_website;
    guint32 theirs = own_account_domain(&x, (guint)a, mine, &from_website);
    if (!theirs || theirs == mine)
      continue;
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
      audit_related(out, AUDIT_OBJ_ACCOUNT, target);
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
}

/* Without these the email checks have nothing to judge: skipped with the reason, not "ran, 0 findings".
 * contact-riffraff still judges names without Email, so it declares none. */
static const char *const email_columns[] = {"Contact.Email", NULL};
static const char *const outlier_columns[] = {"Contact.Email", "Contact.AccountId", NULL};

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
    "is acme.com); personal mailboxes, disposable and placeholder addresses are left out.",
  .fix = "Move the contact to the one account whose domain is the contact's (its website's, or its contacts' "
         "majority domain): an update of the contact's AccountId (fixes/contacts-to-update.csv). When no account "
         "or several have it, the message says so and no move is suggested.",
  .example = "email domain globex.com differs from account domain acme-corp.com (the website of Acme Corp)",
  .run = domain_outlier_run,
};

/* ---- contact-personal-email ---- */

/* a personal mailbox most contacts (or most of a segment's) have is the org's convention */
static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION, {0}};

static void personal_email_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditDomains *d = m->domains;
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  for (guint r = 0; r < con->nrows; r++) {
    guint32 id = d->contact_email[r];
    if (id)
      audit_sink_looked_at(out, AUDIT_OBJ_CONTACT, r); /* the share of personal mailboxes is of the emails */
    if ((repeat && repeat[r]) || !id || !(audit_domain_flags(d, id) & AUDIT_DOMAIN_PERSONAL))
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "email %s is at the personal mailbox provider %s",
               audit_text(con, r, CONTACT_EMAIL), audit_domain_name(d, id));
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", audit_text(con, r, CONTACT_EMAIL));
    audit_evidence_str(out, "domain", audit_domain_name(d, id));
    audit_fix_text(out, "ask %s for a business email address (keep the personal one in another field); until then "
                   "the account cannot be checked against the email", who);
  }
}

const AuditCheck audit_check_contact_personal_email = {
  .id = "contact-personal-email",
  .title = "Contact with a personal mailbox email",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .columns = email_columns,
  .rationale =
    "A personal mailbox (gmail.com, yahoo.co.uk, web.de, ...) says nothing about the company: the contact "
    "cannot be matched to an account by domain, leaves with the person's private life rather than the job, "
    "and is often not meant for business mail. The built-in list covers the big providers and their country "
    "variants; [audit] personal_domains extends it (+x.com) or replaces it.",
  .fix = "Ask for a business email address; keep the personal one elsewhere if it is needed.",
  .example = "email anna.vogel@gmail.com is at the personal mailbox provider gmail.com",
  .options = convention_opts,
  .run = personal_email_run,
};

/* ---- contact-invalid-email ---- */

static void invalid_email_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  for (guint r = 0; r < con->nrows; r++) {
    const char *email = audit_text(con, r, CONTACT_EMAIL);
    if ((repeat && repeat[r]) || audit_is_blank(email) || m->domains->contact_email[r])
      continue; /* a registrable domain implies a valid syntax */
    char host[AUDIT_HOST_MAX];
    const char *why;
    if (audit_email_domain(email, host, &why))
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "email '%s' is not a valid address: %s", email, why);
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", email);
    audit_evidence_str(out, "reason", why);
    audit_fix_text(out, "correct the email of %s (or clear it): mail to it can never arrive", who);
  }
}

const AuditCheck audit_check_contact_invalid_email = {
  .id = "contact-invalid-email",
  .title = "Contact email that is not a valid address",
  .severity = AUDIT_SEV_WARNING,
  .needs = C,
  .columns = email_columns,
  .rationale =
    "Mail to an invalid address never arrives, and a broken address hides the company domain that matching "
    "and the other contact checks rely on. The syntax checked is the practical one, not RFC 5322 in full: "
    "exactly one @, something before it without a leading, trailing or doubled dot, no spaces, and a dotted "
    "domain of valid labels (not an IP address).",
  .fix = "Correct the address from a signature or the company's pattern, or clear it.",
  .example = "email 'anna.vogel@@northwind-logistics.de' is not a valid address: more than one @",
  .run = invalid_email_run,
};

/* ---- contact-riffraff ---- */

static void riffraff_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditDomains *d = m->domains;
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  GString *reasons = g_string_new(NULL);
  for (guint r = 0; r < con->nrows; r++) {
    if (repeat && repeat[r])
      continue;
    guint32 id = d->contact_email[r];
    guint flags = id ? audit_domain_flags(d, id) : 0;
    const char *email = audit_text(con, r, CONTACT_EMAIL);
    char buf[256];
    const char *who = NULL;
    g_string_truncate(reasons, 0);
    gboolean competitor = (flags & AUDIT_DOMAIN_COMPETITOR) != 0;
    if (competitor)
      g_string_append_printf(reasons, "email domain %s is a competitor's", audit_domain_name(d, id));
    else {
      char folded[256];
      audit_person_fold_name(m, AUDIT_OBJ_CONTACT, r, folded, sizeof folded);
      who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
      audit_spam_reasons(d, id, email, folded, who, reasons);
    }
    if (!reasons->len && audit_placeholder_email(m, AUDIT_OBJ_CONTACT, r, reasons)) {
      /* a real person with a made-up address: find it, never delete them */
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "placeholder email %s (%s): find the real address", email,
                 reasons->str);
      audit_finding_rule(out, "placeholder email");
      gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
      if (a >= 0)
        audit_related(out, AUDIT_OBJ_ACCOUNT, a);
      audit_evidence_str(out, "class", "placeholder-email");
      audit_evidence_str(out, "reasons", reasons->str);
      audit_evidence_str(out, "contact", who);
      audit_evidence_str(out, "email", email);
      audit_evidence_str(out, "treatment", "find the real address");
      audit_fix_text(out, "placeholder email: find the real address of %s (%s)", who, email);
      continue;
    }
    if (!reasons->len)
      continue;
    if (!who)
      who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "%s: %s", competitor ? "competitor" : "spam", reasons->str);
    audit_finding_rule(out, AUDIT_RULE_NEVER_FOLDS); /* spam and competitors are no convention */
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "class", competitor ? "competitor" : "spam");
    audit_evidence_str(out, "reasons", reasons->str);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", email);
    audit_evidence_str(out, "treatment", competitor ? "tag" : "delete");
    if (competitor) {
      audit_fix_text(out, "tag %s as a competitor's person (never delete: the history with them matters); keep "
                     "them out of campaigns and deal rooms", who);
    } else {
      audit_fix_text(out, "delete %s: not a real person (%s)", who, reasons->str);
      audit_fix_action(out, "delete-contact");
      audit_fix_str(out, "Id", audit_id(con, r));
    }
  }
  g_string_free(reasons, TRUE);
}

const AuditCheck audit_check_contact_riffraff = {
  .id = "contact-riffraff",
  .title = "Contact that is spam or a competitor",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .rationale =
    "Spam and competitors do not belong among customers: spam contacts (keyboard-mash or placeholder names "
    "such as asdf, Test Test or xxx, disposable email domains) inflate every "
    "count and pollute campaigns; a competitor's people (email domain in [audit] competitors) must not get "
    "customer mail or see deal rooms. The class is in evidence.class: spam is deleted, a competitor is tagged "
    "and never deleted. A placeholder email alone (a placeholder or reserved domain such as example.com, a "
    "test@ address, or an address many contacts share, such as xxx@xxx.com) is no sign of spam: class "
    "placeholder-email, find the real address.",
  .fix = "Spam: delete the contact (fixes/delete-contact.csv lists the Ids). Competitor: tag it, never delete. "
         "Placeholder email: find the real address (when most contacts have one, as in an anonymised export, one "
         "convention finding says so: convention_share).",
  .options = convention_opts,
  .example = "spam: disposable email domain mailinator.com; placeholder name 'Test Test'",
  .run = riffraff_run,
};
