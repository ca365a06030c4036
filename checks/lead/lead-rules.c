#include "lead-rules.h"
#include "checks.h"
#include "config.h"
#include "contact-rules.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"

#include <string.h>

/* Company words that say "no company" beyond audit_company_placeholder's own
 * (self-employed, private person, freelance, in the eight languages). */
static const char *const no_company_words[] = {
  "self", "employed", "selfemployed", "private", "individual", "personal", "provided", "freelance", "freelancer",
  "nobody", "home",
  "autonomo", "autonoma", "particular", "independiente", "independente", "privado", "privada",  /* es, pt */
  "particulier", "independant", "independante", "prive", "privee",                             /* fr */
  "privat", "privatperson", "selbstandig", "selbststandig", "freiberufler", "freiberuflerin",   /* de */
  "privato", "privata", "libero", "professionista",                                            /* it */
  "частное", "частник", "лицо", "физическое", "фрилансер",                                     /* ru */
  "فردي", "خاص",                                                                               /* ar */
  NULL};

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

  AuditContext mctx, ectx;
  audit_contact_rules_ctx(ctx, &audit_check_lead_matches_account, &mctx);
  audit_contact_rules_ctx(ctx, &audit_check_lead_engaged, &ectx);
  p->converted_status = audit_ctx_string(&mctx, "converted_status", 0);
  p->window_days = audit_ctx_int(&ectx, "window_days", 0);

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
  const AuditMatchSet *acc = acct->present ? audit_match_accounts_shared(ctx) : NULL;
  const AuditNameIndex *names = acc ? audit_match_account_names_shared(ctx) : NULL;
  DomainIndex di = {0};
  if (acc)
    domain_index_build(&di, acc, d->names->len);
  g_autofree guint8 *repeat = audit_repeat_rows(t);
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(guint32));
  gboolean have_acts = m->lead_activities.start != NULL;

  for (guint r = 0; r < p->n; r++) {
    AuditLeadVerdict *v = &p->v[r];
    v->account = -1;
    v->last_activity = AUDIT_DAY_NONE;
    if ((repeat && repeat[r]) || audit_flag(t, r, LEAD_IS_CONVERTED) == 1)
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
    guint k = excluded(p, t, r, a);
    if (k) {
      v->outcome = AUDIT_LEAD_EXCLUDED;
      v->exclude = (guint16)(k - 1);
      continue;
    }
    const AuditMatchRecord *x = &leads->rec[r];
    gboolean no_name = audit_company_placeholder(x->name, no_company_words);
    gboolean business_e = audit_domain_is_business(d, e), business_w = audit_domain_is_business(d, w);
    if (acc) {
      guint from = p->cands->len;
      if (business_e)
        for (gint32 i = di.first[e]; i >= 0; i = di.next[i])
          g_array_append_val(p->cands, i);
      if (p->cands->len > from) {
        v->signal = AUDIT_LEAD_BY_EMAIL;
        v->domain = e;
      } else if (business_w) {
        for (gint32 i = di.first[w]; i >= 0; i = di.next[i])
          g_array_append_val(p->cands, i);
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
      if (p->cands->len > from) {
        decide(p, v, acc, from);
        continue;
      }
    }
    if (no_name && !business_e && !business_w)
      v->outcome = AUDIT_LEAD_NO_COMPANY;
    else
      v->outcome = v->engaged ? AUDIT_LEAD_NEW : AUDIT_LEAD_GREY;
  }
  g_array_unref(rows);
  g_string_free(a, TRUE);
  g_free(di.first);
  g_free(di.next);
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
  g_free(p);
}
