/* lead-duplicate: Unconverted leads that are the same person. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "lead-text.h"
#include "match.h"
#include "normalize.h"

#include <string.h>

#define L AUDIT_BIT(AUDIT_OBJ_LEAD)

typedef struct {
  gboolean name_and_phone;
} LeadDuplicateOptions;

static const AuditOption lead_duplicate_opts[] = {
  {"name_and_phone", AUDIT_OPT_BOOL, "true",
   "also join two leads of one name and one phone number (when neither the email nor the company joins them)", 0,
   0, AUDIT_OPTION_AT(LeadDuplicateOptions, name_and_phone)},
  {0}};

enum { BY_EMAIL = 1, BY_COMPANY = 2, BY_PHONE = 4 };

/* A key's holders: the first row and how many. */
typedef struct {
  guint32 first, count;
  guint8 kind;
} KeyHolders;

/* Two leads whose emails are both there and differ are two people, whatever else they share. */
static gboolean emails_conflict(const AuditTable *t, guint a, guint b)
{
  const char *x = audit_text(t, a, LEAD_EMAIL), *y = audit_text(t, b, LEAD_EMAIL);
  if (audit_is_blank(x) || audit_is_blank(y))
    return FALSE;
  g_autofree char *fx = g_strstrip(g_ascii_strdown(x, -1));
  g_autofree char *fy = g_strstrip(g_ascii_strdown(y, -1));
  return strcmp(fx, fy) != 0;
}

/* How complete a lead is: the contact and company fields it fills. */
static guint completeness(const AuditTable *t, guint r)
{
  static const guint fields[] = {LEAD_EMAIL, LEAD_PHONE, LEAD_COMPANY, LEAD_TITLE, LEAD_WEBSITE, LEAD_CITY,
                                 LEAD_COUNTRY, LEAD_INDUSTRY};
  guint n = 0;
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++)
    n += !audit_is_blank(audit_text(t, r, fields[i]));
  return n;
}

/* The newest activity: the plan's (Tasks and Events up to as-of), else LastActivityDate. */
static gint32 last_activity(const AuditTable *t, const AuditLeadVerdict *v, guint r)
{
  gint32 d = audit_day(t, r, LEAD_LAST_ACTIVITY);
  if (v->last_activity != AUDIT_DAY_NONE && (d == AUDIT_DAY_NONE || v->last_activity > d))
    d = v->last_activity;
  return d;
}

/* The survivor: the most recent activity, then the most complete, then the oldest, then the first in the file.
 * *why says which of them decided. */
static gboolean survives_over(const AuditTable *t, const AuditLeadPlan *p, guint a, guint b, const char **why)
{
  gint32 la = last_activity(t, &p->v[a], a), lb = last_activity(t, &p->v[b], b);
  if (la != lb) {
    *why = "the most recent activity";
    return lb == AUDIT_DAY_NONE || (la != AUDIT_DAY_NONE && la > lb);
  }
  guint ca = completeness(t, a), cb = completeness(t, b);
  if (ca != cb) {
    *why = "the most complete";
    return ca > cb;
  }
  gint64 da = checks_created_at(t, a), db = checks_created_at(t, b);
  if (da != db) {
    *why = "created earlier";
    return da < db;
  }
  *why = "the first by Id";
  return strcmp(audit_id(t, a), audit_id(t, b)) < 0;
}

void audit_lead_duplicates_group(const AuditContext *ctx, AuditLeadPlan *p)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  const AuditDomains *d = m->domains;
  AuditContext own;
  audit_contact_rules_ctx(ctx, &audit_check_lead_duplicate, &own);
  const LeadDuplicateOptions *o = audit_ctx_options(&own, 0);
  g_autoptr(AuditMatchSet) leads = audit_match_leads(m);
  guint n = p->n;
  g_autofree gint32 *parent = g_new(gint32, n + 1);
  guint8 *how = p->dup_how = g_new0(guint8, n + 1);
  p->dup_master = g_new(gint32, n + 1);
  for (guint r = 0; r < n; r++)
    parent[r] = (gint32)r;
  /* each lead's keys: its email; its folded name with its company; its folded name with its phone */
  g_autoptr(GHashTable) keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) row_keys = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
  char name[256];
  for (guint r = 0; r < n; r++) {
    char *k[4] = {NULL};
    guint nk = 0;
    /* spam is purged (lead-riffraff), not merged */
    if (p->v[r].outcome != AUDIT_LEAD_SKIP && p->v[r].outcome != AUDIT_LEAD_SPAM) {
      if (d->lead_email[r] && !audit_placeholder_email(m, AUDIT_OBJ_LEAD, r, NULL)) {
        g_autofree char *e = g_strstrip(g_ascii_strdown(audit_text(t, r, LEAD_EMAIL), -1));
        k[nk++] = g_strdup_printf("%ce%s", BY_EMAIL, e);
      }
      if (audit_person_fold_name(m, AUDIT_OBJ_LEAD, r, name, sizeof name) && !audit_spam_name(name)) {
        const AuditMatchRecord *x = &leads->rec[r];
        if (x->name && *x->name)
          k[nk++] = g_strdup_printf("%c%s\x1f%s", BY_COMPANY, name, x->name);
        char phone[64];
        if (o->name_and_phone && audit_phone_digits(audit_text(t, r, LEAD_PHONE), NULL, phone, sizeof phone))
          k[nk++] = g_strdup_printf("%c%s\x1f%s", BY_PHONE, name, phone);
      }
    }
    for (guint i = 0; i < nk; i++) {
      KeyHolders *h = g_hash_table_lookup(keys, k[i]);
      if (!h) {
        h = g_new0(KeyHolders, 1);
        h->first = r;
        h->kind = (guint8)k[i][0];
        g_hash_table_insert(keys, g_strdup(k[i]), h);
      }
      h->count++;
    }
    g_ptr_array_add(row_keys, g_memdup2(k, sizeof k));
  }
  guint placeholders = 0;
  for (guint r = 0; r < n; r++) {
    char **k = g_ptr_array_index(row_keys, r);
    for (guint i = 0; k[i]; i++) {
      KeyHolders *h = g_hash_table_lookup(keys, k[i]);
      if (h->count < 2)
        continue;
      if (audit_value_common(h->count, n)) {
        /* one email or one name and company on many leads: a placeholder, not one person */
        if (h->first == r)
          placeholders++;
        continue;
      }
      if (h->first != r && (h->kind == BY_EMAIL || !emails_conflict(t, h->first, r))) {
        checks_group_join(parent, (gint32)h->first, (gint32)r);
        how[r] |= h->kind;
        how[h->first] |= h->kind;
      }
    }
  }
  p->dup_placeholders = placeholders;
  /* each group's survivor: the master of every member */
  for (guint r = 0; r < n; r++)
    p->dup_master[r] = -1;
  for (guint r = 0; r < n; r++) {
    gint32 root = checks_group_root(parent, (gint32)r);
    if (root == (gint32)r)
      continue;
    const char *why;
    gint32 best = p->dup_master[root] >= 0 ? p->dup_master[root] : root;
    if (survives_over(t, p, r, (guint)best, &why))
      best = (gint32)r;
    p->dup_master[root] = best;
  }
  for (guint r = 0; r < n; r++) {
    gint32 root = checks_group_root(parent, (gint32)r);
    if (root != (gint32)r || p->dup_master[root] >= 0)
      p->dup_master[r] = p->dup_master[root];
  }
}

static void lead_duplicate_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_LEAD];
  const AuditLeadPlan *p = audit_lead_plan_shared(ctx);
  const guint8 *how = p->dup_how;
  guint n = p->n;
  audit_sink_stat(out, "placeholder_values_skipped", p->dup_placeholders);

  /* the groups, each in row order */
  g_autoptr(GHashTable) groups = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                                       (GDestroyNotify)g_array_unref);
  g_autoptr(GArray) roots = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint r = 0; r < n; r++) {
    if (p->dup_master[r] < 0)
      continue;
    guint32 root = (guint32)p->dup_master[r];
    GArray *g = g_hash_table_lookup(groups, GUINT_TO_POINTER(root));
    if (!g) {
      g = g_array_new(FALSE, FALSE, sizeof(guint32));
      g_hash_table_insert(groups, GUINT_TO_POINTER(root), g);
      g_array_append_val(roots, root);
    }
    g_array_append_val(g, r);
  }
  GString *names = g_string_new(NULL), *ids = g_string_new(NULL), *on = g_string_new(NULL);
  for (guint i = 0; i < roots->len; i++) {
    GArray *g = g_hash_table_lookup(groups, GUINT_TO_POINTER(g_array_index(roots, guint32, i)));
    if (g->len < 2)
      continue;
    const guint32 *rows = (const guint32 *)g->data;
    guint best = (guint)p->dup_master[rows[0]];
    guint8 kinds = 0;
    for (guint j = 0; j < g->len; j++)
      kinds |= how[rows[j]];
    /* say what decided against the others (the survivor beats every one of them): the last rule that did */
    const char *why = "the first by Id";
    for (guint j = 0; j < g->len; j++)
      if (rows[j] != best)
        survives_over(t, p, best, rows[j], &why);
    g_autofree char *label = checks_lead_label(m, best);
    g_string_truncate(names, 0);
    g_string_truncate(ids, 0);
    for (guint j = 0; j < g->len; j++) {
      if (rows[j] == best)
        continue;
      g_autofree char *other = checks_lead_label(m, rows[j]);
      g_string_append_printf(names, "%s%s (%s)", names->len ? ", " : "", other, audit_id(t, rows[j]));
      g_string_append_printf(ids, "%s%s", ids->len ? ";" : "", audit_id(t, rows[j]));
    }
    g_string_truncate(on, 0);
    static const char *const kind_text[] = {"email", "name and company", "name and phone"};
    for (guint b = 0; b < G_N_ELEMENTS(kind_text); b++)
      if (kinds & (1u << b))
        g_string_append_printf(on, "%s%s", on->len ? ", " : "", kind_text[b]);
    audit_emit(out, AUDIT_OBJ_LEAD, (gint32)best, NULL, "%u leads are the same person (the same %s): %s and %s",
               g->len, on->str, label, names->str);
    for (guint j = 0; j < g->len; j++)
      if (rows[j] != best)
        audit_related(out, AUDIT_OBJ_LEAD, (gint32)rows[j]);
    audit_evidence_str(out, "matched_on", on->str);
    audit_evidence_int(out, "leads", g->len);
    audit_evidence_str(out, "survivor", label);
    audit_evidence_str(out, "survivor_reason", why);
    audit_evidence_day(out, "survivor_last_activity", last_activity(t, &p->v[best], best));
    audit_evidence_int(out, "survivor_fields", completeness(t, best));
    audit_evidence_str(out, "survivor_created", audit_text(t, best, AUDIT_F_CREATED));
    audit_evidence_str(out, "duplicates", names->str);
    audit_fix_text(out, "merge %s into %s (%s: %s; survivors are chosen by the most recent activity, then the "
                   "most complete, then created earlier (CreatedDate to the second), then the first by Id), keeping "
                   "its Id; the merged leads are not converted (leads-to-convert.csv converts the survivor only)",
                   names->str, label, audit_id(t, best), why);
    audit_fix_action(out, "merge-leads");
    audit_fix_str(out, "MasterId", audit_id(t, best));
    audit_fix_str(out, "DuplicateId", ids->str);
  }
  g_string_free(names, TRUE);
  g_string_free(ids, TRUE);
  g_string_free(on, TRUE);
}

const AuditCheck audit_check_lead_duplicate = {
  .id = "lead-duplicate",
  .title = "Unconverted leads that are the same person",
  .severity = AUDIT_SEV_WARNING,
  .needs = L,
  .columns = audit_lead_unconverted_columns,
  .options = lead_duplicate_opts,
  .options_size = sizeof(LeadDuplicateOptions),
  .rationale =
    "A person entered twice as a lead is worked twice, mailed twice and, in a move to a contacts-only CRM, "
    "becomes two contacts. Two unconverted leads are the same person when their email is the same (trimmed, "
    "lower-cased; not a placeholder email); else when their full names (case, accents and punctuation folded) "
    "and their companies (normalized as account names are: legal forms dropped; not a placeholder company) are "
    "the same; else when their names and phone numbers are (name_and_phone). Two leads whose emails differ are "
    "never joined by name. A value many leads share (the placeholder limit) joins none; spam leads (lead-riffraff purges them) are left out. Groups chain; one "
    "finding per group, on the survivor: the most recent activity, then the most complete (email, phone, "
    "company, title, website, city, country, industry filled), then created earlier (CreatedDate to the "
    "second), then the first by Id. A lead merged away is not converted: the other lead checks convert the "
    "survivor only.",
  .fix = "Merge the others into the survivor (fixes/leads-to-merge.csv: MasterId and the DuplicateIds, "
         "';'-separated: a plan for Salesforce's lead merge screen or the API's merge() call, which keeps the "
         "master's Id and moves the activities).",
  .example = "2 leads are the same person (the same email): 'Joe Szyslak' (Moe's Bar) and 'Joe Szyslak' (Moe's "
             "Bar) (00QNq00000BXXEz)",
  .run = lead_duplicate_run,
  .options_of = audit_lead_plan_options_of,
};
