#include "lead-rules.h"
#include "checks.h"
#include "config.h"
#include "contact-rules.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"
#include "data.h"

#include <string.h>

/* Name similarity from which a company name is "close" to an account's. */
#define NAME_CLOSE 0.78

char *audit_lead_exclude_unavailable(const AuditConfig *config, const AuditModel *m, GError **error)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  for (guint k = 0; config->exclude && config->exclude[k]; k++) {
    g_autofree char *field = g_strndup(config->exclude[k], (gsize)(strchr(config->exclude[k], '=') - config->exclude[k]));
    g_strstrip(field);
    if (audit_table_column(t, field) >= 0)
      continue;
    guint line = audit_config_line(config, "audit", "exclude");
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG,
                "%s:%u:1: [audit] exclude: expected a Lead field, found '%s', which %s does not have", config->path,
                line ? line : 1, field, t->file ? t->file : "Lead.csv");
    return NULL;
  }
  return NULL;
}

/* The accounts with each business website domain: first[domain], next[account]. */
typedef struct {
  gint32 *first, *next;
} DomainIndex;

static void domain_index_build(DomainIndex *x, const AuditMatchSet *acc, guint ndomains)
{
  x->first = g_new(gint32, ndomains + 1);
  x->next = g_new(gint32, acc->n + 1);
  for (guint i = 0; i <= ndomains; i++)
    x->first[i] = -1;
  for (guint a = acc->n; a-- > 0;) {
    guint32 dom = acc->rec[a].domain;
    x->next[a] = -1;
    if (dom) {
      x->next[a] = x->first[dom];
      x->first[dom] = (gint32)a;
    }
  }
}

/* Does the domain end in a country code (acme.com.ec, acme.es; not acme.com)? */
static gboolean country_coded(const char *domain)
{
  const char *dot = strrchr(domain, '.');
  return dot && strlen(dot + 1) == 2;
}

/* The accounts whose website domain is dom (appended to the candidates); else those of the first other domain
 * of its family that has some (one company under another public suffix), unless both are national (eastpeak.se
 * and eastpeak.co.jp: a company's national entities; a lead is then its own country's, which the export may
 * not have) or an account is in another country than the lead: that domain, 0 for dom itself or none. */
static guint32 family_accounts(AuditLeadPlan *p, const DomainIndex *di, const AuditDomainFamilies *fam,
                               const AuditMatchSet *acc, const AuditMatchRecord *lead, guint32 dom)
{
  for (gint32 i = di->first[dom]; i >= 0; i = di->next[i])
    g_array_append_val(p->cands, i);
  if (di->first[dom] >= 0)
    return 0;
  for (guint32 o = fam->family[dom]; o; o = fam->next[o]) {
    if (o == dom || di->first[o] < 0 ||
        (country_coded(audit_domain_name(p->domains, dom)) && country_coded(audit_domain_name(p->domains, o))))
      continue;
    guint from = p->cands->len;
    for (gint32 i = di->first[o]; i >= 0; i = di->next[i]) {
      const char *country = acc->rec[i].country;
      if (!lead->country || !country || strcmp(lead->country, country) == 0)
        g_array_append_val(p->cands, i);
    }
    if (p->cands->len > from)
      return o;
  }
  return 0;
}

/* Resolve the candidates (cands[from..]) into the verdict: one, one hierarchy's
 * top parent, or ambiguous. */
static void decide(AuditLeadPlan *p, AuditLeadVerdict *v, const AuditMatchSet *acc, guint from)
{
  guint n = p->cands->len - from;
  const guint32 *c = &g_array_index(p->cands, guint32, from);
  if (n == 1) {
    v->outcome = AUDIT_LEAD_MATCHED;
    v->account = (gint32)c[0];
    g_array_set_size(p->cands, from);
    return;
  }
  v->cand_start = from;
  v->ncand = n;
  gint32 root = acc->rec[c[0]].root;
  for (guint i = 1; i < n && root >= 0; i++)
    if (acc->rec[c[i]].root != root)
      root = -1;
  if (root >= 0) {
    v->outcome = AUDIT_LEAD_MATCHED;
    v->account = root;
    v->top_parent = 1;
  } else
    v->outcome = AUDIT_LEAD_AMBIGUOUS;
}

/* The contacts by email (trimmed, lower-cased; a valid address, not a placeholder): the first row and how many. */
typedef struct {
  gint32 first;
  guint32 count;
} ContactEmail;

/* The contacts by email ("@" keys) and by folded name and phone digits ("#" keys, name_phone). */
static GHashTable *contact_emails_new(const AuditModel *m, gboolean name_phone)
{
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  if (!con->present)
    return h;
  for (guint c = 0; c < con->nrows; c++) {
    if (audit_row_repeated(con, c))
      continue;
    char *keys[2] = {NULL, NULL};
    if (m->domains->contact_email[c] && !audit_placeholder_email(m, AUDIT_OBJ_CONTACT, c, NULL)) {
      g_autofree char *e = g_strstrip(g_ascii_strdown(audit_text(con, c, CONTACT_EMAIL), -1));
      keys[0] = g_strdup_printf("@%s", e);
    }
    char name[256], phone[64];
    if (name_phone && audit_person_fold_name(m, AUDIT_OBJ_CONTACT, c, name, sizeof name) &&
        audit_phone_digits(audit_text(con, c, CONTACT_PHONE), NULL, phone, sizeof phone))
      keys[1] = g_strdup_printf("#%s\x1f%s", name, phone);
    for (guint k = 0; k < 2; k++) {
      if (!keys[k])
        continue;
      ContactEmail *x = g_hash_table_lookup(h, keys[k]);
      if (x) {
        x->count++;
        g_free(keys[k]);
        continue;
      }
      x = g_new(ContactEmail, 1);
      x->first = (gint32)c;
      x->count = 1;
      g_hash_table_insert(h, keys[k], x);
    }
  }
  return h;
}

static const ContactEmail *contact_lookup(GHashTable *h, char *key /* freed */)
{
  const ContactEmail *x = g_hash_table_lookup(h, key);
  g_free(key);
  return x;
}

/* Is the lead already a contact: one with its email, else one of its folded name at one of the accounts it
 * matches (cands[from..])? Sets the verdict's contact fields. */
static gboolean lead_is_contact(const AuditModel *m, GHashTable *emails, const AuditLeadPlan *p, guint from,
                                guint r, AuditLeadVerdict *v)
{
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD], *con = &m->tables[AUDIT_OBJ_CONTACT];
  if (!con->present)
    return FALSE;
  const ContactEmail *x = NULL;
  char name[256], other[256], phone[64];
  if (m->domains->lead_email[r] && !audit_placeholder_email(m, AUDIT_OBJ_LEAD, r, NULL)) {
    g_autofree char *e = g_strstrip(g_ascii_strdown(audit_text(t, r, LEAD_EMAIL), -1));
    x = contact_lookup(emails, g_strdup_printf("@%s", e));
    v->contact_signal = AUDIT_LEAD_CONTACT_BY_EMAIL;
  }
  if (!x && p->contact_by_name && audit_person_fold_name(m, AUDIT_OBJ_LEAD, r, name, sizeof name) &&
      !audit_spam_name(name) && audit_phone_digits(audit_text(t, r, LEAD_PHONE), NULL, phone, sizeof phone)) {
    x = contact_lookup(emails, g_strdup_printf("#%s\x1f%s", name, phone));
    v->contact_signal = AUDIT_LEAD_CONTACT_BY_PHONE;
  }
  if (x) {
    v->contact = x->first;
    v->contacts_sharing = x->count;
    v->account = audit_ref(con, (guint)x->first, CONTACT_ACCOUNT);
    if (v->account < 0)
      v->account = -1;
    return TRUE;
  }
  v->contact_signal = 0;
  if (!p->contact_by_name || p->cands->len == from || !audit_person_fold_name(m, AUDIT_OBJ_LEAD, r, name, sizeof name) ||
      audit_spam_name(name))
    return FALSE;
  for (guint i = from; i < p->cands->len; i++) {
    guint32 a = g_array_index(p->cands, guint32, i), c;
    AUDIT_LINK_FOREACH(m->account_contacts, a, c) {
      if (audit_person_fold_name(m, AUDIT_OBJ_CONTACT, c, other, sizeof other) && strcmp(name, other) == 0) {
        v->contact = (gint32)c;
        v->contact_signal = AUDIT_LEAD_CONTACT_BY_NAME;
        v->account = (gint32)a;
        return TRUE;
      }
    }
  }
  return FALSE;
}

/* 1 + the index of the first exclude entry the lead meets, 0 none. */
static guint excluded(const AuditLeadPlan *p, const AuditTable *t, guint r, GString *a)
{
  for (guint k = 0; k < p->nexclude; k++) {
    const char *cell = audit_cell(t, r, p->exclude_col[k]);
    if (audit_is_blank(cell))
      continue;
    g_string_truncate(a, 0);
    audit_fold_text(cell, a);
    g_strstrip(a->str);
    if (strcmp(a->str, p->exclude_value[k]) == 0)
      return k + 1;
  }
  return 0;
}

AuditLeadPlan *audit_lead_plan_new(const AuditContext *ctx)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  const AuditTable *acct = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditDomains *d = m->domains;
  AuditLeadPlan *p = g_new0(AuditLeadPlan, 1);
  p->n = t->present ? t->nrows : 0;
  p->v = g_new0(AuditLeadVerdict, p->n + 1);
  p->cands = g_array_new(FALSE, FALSE, sizeof(guint32));
  p->domains = d;

  AuditContext mctx, ectx;
  audit_contact_rules_ctx(ctx, &audit_check_lead_matches_account, &mctx);
  audit_contact_rules_ctx(ctx, &audit_check_lead_engaged, &ectx);
  p->converted_status = ((const AuditLeadMatchesOptions *)audit_ctx_options(&mctx, 0))->converted_status;
  p->window_days = ((const AuditLeadEngagedOptions *)audit_ctx_options(&ectx, 0))->window_days;

  GString *a = g_string_new(NULL);
  const AuditConfig *cfg = ctx->config;
  p->nexclude = cfg->exclude ? g_strv_length(cfg->exclude) : 0;
  p->exclude_field = g_new0(char *, p->nexclude + 1);
  p->exclude_value = g_new0(char *, p->nexclude + 1);
  p->exclude_col = g_new0(gint, p->nexclude + 1);
  for (guint k = 0; k < p->nexclude; k++) {
    const char *e = cfg->exclude[k], *eq = strchr(e, '=');
    p->exclude_field[k] = g_strstrip(g_strndup(e, (gsize)(eq - e)));
    p->exclude_col[k] = audit_table_column(t, p->exclude_field[k]);
    g_string_truncate(a, 0);
    audit_fold_text(eq + 1, a);
    p->exclude_value[k] = g_strstrip(g_strdup(a->str));
  }

  g_autoptr(AuditMatchSet) leads = audit_match_leads(m);
  audit_match_set_notify(ctx, leads);
  const AuditMatchSet *acc = acct->present ? audit_match_accounts_shared(ctx) : NULL;
  const AuditNameIndex *names = acc ? audit_match_account_names_shared(ctx) : NULL;
  DomainIndex di = {0};
  const AuditDomainFamilies *fam = acc ? audit_domain_families_shared(ctx) : NULL;
  if (acc)
    domain_index_build(&di, acc, d->names->len);
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(guint32));
  gboolean have_acts = m->lead_activities.start != NULL;
  /* one cause, one finding: a lead that is already a contact is lead-is-contact's alone when it runs */
  AuditContext ictx;
  audit_contact_rules_ctx(ctx, &audit_check_lead_is_contact, &ictx);
  p->contact_by_name = ((const AuditLeadIsContactOptions *)audit_ctx_options(&ictx, 0))->match_by_name;
  GHashTable *emails = audit_ctx_check_runs(ctx, "lead-is-contact") ? contact_emails_new(m, p->contact_by_name) : NULL;

  for (guint r = 0; r < p->n; r++) {
    AuditLeadVerdict *v = &p->v[r];
    v->account = -1;
    v->contact = -1;
    v->last_activity = AUDIT_DAY_NONE;
    if (audit_row_repeated(t, r) || audit_flag(t, r, LEAD_IS_CONVERTED) == 1)
      continue; /* SKIP */
    /* engagement: the lead's activities up to as-of, within the window */
    gint32 window = (gint32)p->window_days;
    guint32 act;
    if (have_acts)
      AUDIT_LINK_FOREACH(m->lead_activities, r, act) {
        gint32 day = m->activities[act].day;
        if (day == AUDIT_DAY_NONE || day > ctx->as_of)
          continue;
        if (v->last_activity == AUDIT_DAY_NONE || day > v->last_activity)
          v->last_activity = day;
        if (day >= ctx->as_of - window)
          v->nactive++;
      }
    v->engaged = v->nactive > 0;

    guint32 e = d->lead_email[r], w = d->lead_website[r];
    guint fl = (e ? audit_domain_flags(d, e) : 0) | (w ? audit_domain_flags(d, w) : 0);
    if (fl & AUDIT_DOMAIN_COMPETITOR) {
      v->outcome = AUDIT_LEAD_COMPETITOR;
      continue;
    }
    char folded[256];
    audit_person_fold_name(m, AUDIT_OBJ_LEAD, r, folded, sizeof folded);
    /* audit_spam_reasons' tests, without the words (lead-riffraff writes them); a placeholder email alone is
     * no spam: the lead needs its real address */
    v->placeholder_email = audit_placeholder_email(m, AUDIT_OBJ_LEAD, r, NULL);
    if ((e && (audit_domain_flags(d, e) & AUDIT_DOMAIN_DISPOSABLE)) || audit_spam_name(folded)) {
      v->outcome = AUDIT_LEAD_SPAM;
      continue;
    }
    const AuditMatchRecord *x = &leads->rec[r];
    /* a placeholder name, or one that says "no company" (self-employed,
     * private person, freelance: data/no-company-words.txt) */
    gboolean no_name = audit_company_placeholder(x->name, audit_data(AUDIT_DATA_NO_COMPANY_WORDS));
    gboolean business_e = audit_domain_is_business(d, e), business_w = audit_domain_is_business(d, w);
    guint from = p->cands->len;
    if (acc) {
      if (business_e)
        v->family_domain = family_accounts(p, &di, fam, acc, &leads->rec[r], e);
      if (p->cands->len > from) {
        v->signal = AUDIT_LEAD_BY_EMAIL;
        v->domain = e;
      } else if (business_w) {
        v->family_domain = family_accounts(p, &di, fam, acc, &leads->rec[r], w);
        if (p->cands->len > from) {
          v->signal = AUDIT_LEAD_BY_WEBSITE;
          v->domain = w;
        }
      }
      if (p->cands->len == from && !no_name) {
        audit_name_index_lookup(names, x, rows);
        double best = 0;
        for (guint i = 0; i < rows->len; i++) {
          guint32 ar = g_array_index(rows, guint32, i);
          const AuditMatchRecord *y = &acc->rec[ar];
          /* the cheap tests first: a second signal, no other country */
          if (x->country && y->country && strcmp(x->country, y->country) != 0)
            continue;
          guint support = 0;
          if (x->city && y->city && strcmp(x->city, y->city) == 0)
            support |= AUDIT_SIG_CITY;
          if (x->phone && y->phone && strcmp(x->phone, y->phone) == 0)
            support |= AUDIT_SIG_PHONE;
          if (x->postal && y->postal && strcmp(x->postal, y->postal) == 0)
            support |= AUDIT_SIG_POSTAL;
          if (!support)
            continue;
          const char *rule;
          double sim = audit_name_similarity(x->name, y->name, FALSE, &rule);
          if (sim < NAME_CLOSE)
            continue;
          g_array_append_val(p->cands, ar);
          if (sim > best || !v->rule) {
            best = sim;
            v->rule = rule;
          }
          v->support |= support;
        }
        if (p->cands->len > from)
          v->signal = AUDIT_LEAD_BY_NAME;
      }
    }
    guint k;
    if (emails && lead_is_contact(m, emails, p, from, r, v))
      v->outcome = AUDIT_LEAD_IS_CONTACT;
    else if ((k = excluded(p, t, r, a))) {
      v->outcome = AUDIT_LEAD_EXCLUDED;
      v->exclude = (guint16)(k - 1);
    } else if (p->cands->len > from) {
      decide(p, v, acc, from);
      continue;
    }
    if (v->outcome) {
      /* the accounts matched are no longer the lead's outcome */
      g_array_set_size(p->cands, from);
      v->signal = 0;
      v->domain = 0;
      v->family_domain = 0;
      v->rule = NULL;
      v->support = 0;
      continue;
    }
    if (no_name && !business_e && !business_w)
      v->outcome = AUDIT_LEAD_NO_COMPANY;
    else
      v->outcome = v->engaged ? AUDIT_LEAD_NEW : AUDIT_LEAD_GREY;
  }
  g_array_unref(rows);
  if (emails)
    g_hash_table_unref(emails);
  g_string_free(a, TRUE);
  g_free(di.first);
  g_free(di.next);
  /* a conversion into an account accounts-to-merge.csv merges away goes into its master, the survivor */
  g_autofree gint32 *master = acct->present ? checks_account_groups(ctx, TRUE) : NULL;
  for (guint r = 0; r < p->n; r++) {
    AuditLeadVerdict *v = &p->v[r];
    v->account_merged = -1;
    if (master && v->account >= 0 && (v->outcome == AUDIT_LEAD_MATCHED || v->outcome == AUDIT_LEAD_IS_CONTACT) &&
        master[v->account] != v->account) {
      v->account_merged = v->account;
      v->account = master[v->account];
    }
  }
  if (audit_ctx_check_runs(ctx, audit_check_lead_duplicate.id))
    audit_lead_duplicates_group(ctx, p);
  return p;
}

static gpointer plan_build(const AuditContext *ctx)
{
  return audit_lead_plan_new(ctx);
}

const AuditLeadPlan *audit_lead_plan_shared(const AuditContext *ctx)
{
  /* the first lead check computes it, the others wait for it */
  return audit_ctx_shared(ctx, "lead:plan", plan_build, (GDestroyNotify)audit_lead_plan_free);
}

void audit_lead_plan_free(AuditLeadPlan *p)
{
  if (!p)
    return;
  g_free(p->v);
  g_array_unref(p->cands);
  g_strfreev(p->exclude_field);
  g_strfreev(p->exclude_value);
  g_free(p->exclude_col);
  g_free(p->dup_master);
  g_free(p->dup_how);
  g_free(p);
}

const char *const audit_lead_unconverted_columns[] = {"Lead.IsConverted", NULL};
const char *const audit_lead_plan_options_of[] = {"lead-matches-account", "lead-engaged", "lead-is-contact", NULL};
