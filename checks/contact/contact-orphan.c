/* Contact checks about the record's place and life: contact-orphan,
 * contact-duplicate, contact-left-company, contact-stale,
 * contact-new-or-moved. The left and stale rules live in contact-rules.c,
 * shared with contact-role-inactive-contact. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

/* ---- contact-orphan ---- */

static void orphan_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  if (!audit_has(con, CONTACT_ACCOUNT))
    return; /* an export without AccountId says nothing about accounts */
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  for (guint r = 0; r < con->nrows; r++) {
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if ((repeat && repeat[r]) || a >= 0)
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    const char *acc_id = audit_text(con, r, CONTACT_ACCOUNT);
    if (a == AUDIT_REF_BLANK) {
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "contact %s has no account", who);
      audit_evidence_str(out, "reason", "no AccountId");
    } else {
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL,
                 "contact %s belongs to account %s, which is not in the export (deleted, or not visible to the "
                 "exporting user)", who, acc_id);
      audit_evidence_str(out, "reason", "account not in the export");
      audit_evidence_str(out, "account_id", acc_id);
    }
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", audit_text(con, r, CONTACT_EMAIL));
    audit_fix_text(out, "put %s under the company they work for (contact-domain-outlier's domain matching helps), or "
                   "delete the contact if nobody needs it", who);
  }
}

static const char *const orphan_columns[] = {"Contact.AccountId", NULL};

const AuditCheck audit_check_contact_orphan = {
  .id = "contact-orphan",
  .title = "Contact without an account in the export",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | C,
  .columns = orphan_columns,
  .rationale =
    "A contact without an account is invisible to account work: it is in no account plan, no territory and "
    "no hierarchy, and in Salesforce a contact without an account is private to its owner. A contact whose "
    "AccountId is not in the export belongs to an account that was deleted or that the exporting user cannot "
    "see.",
  .fix = "Put the contact under its company's account (or delete it when nobody needs it).",
  .example = "contact Jonas Weber has no account",
  .run = orphan_run,
};

/* ---- contact-duplicate ---- */

/* Emails compare trimmed and ASCII lower-cased. */
static gsize email_span(const char *s, const char **start)
{
  while (g_ascii_isspace(*s))
    s++;
  gsize n = strlen(s);
  while (n && g_ascii_isspace(s[n - 1]))
    n--;
  *start = s;
  return n;
}

static gboolean email_equal(const char *a, const char *b)
{
  const char *x, *y;
  gsize nx = email_span(a, &x), ny = email_span(b, &y);
  return nx == ny && g_ascii_strncasecmp(x, y, nx) == 0;
}

/* FNV-1a, 64 bits, with a final mix. */
static guint64 hash_bytes(guint64 h, const char *s, gsize n, gboolean lower)
{
  for (gsize i = 0; i < n; i++) {
    guchar c = (guchar)s[i];
    if (lower && c >= 'A' && c <= 'Z')
      c |= 0x20;
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

static guint64 hash_mix(guint64 h)
{
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

#define NAME_MAX_BYTES 256

typedef struct {
  guint64 hash;
  guint32 row;
  guint32 kind; /* BY_EMAIL or BY_NAME */
} DupKey;

/* LSD radix sort by hash, 16 bits a pass; stable, so equal hashes stay in row order. */
static void sort_keys(DupKey *keys, gsize n)
{
  DupKey *tmp = g_new(DupKey, MAX(n, 1));
  guint32 *count = g_new(guint32, 65536);
  DupKey *src = keys, *dst = tmp;
  for (guint shift = 0; shift < 64; shift += 16) {
    memset(count, 0, 65536 * sizeof *count);
    for (gsize i = 0; i < n; i++)
      count[(src[i].hash >> shift) & 0xffff]++;
    guint32 sum = 0;
    for (guint d = 0; d < 65536; d++) {
      guint32 c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (gsize i = 0; i < n; i++)
      dst[count[(src[i].hash >> shift) & 0xffff]++] = src[i];
    DupKey *t = src;
    src = dst;
    dst = t;
  }
  /* four passes: the sorted keys are back in keys */
  g_free(tmp);
  g_free(count);
}

static gint32 uf_find(gint32 *parent, gint32 x)
{
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

enum { BY_EMAIL = 1, BY_NAME = 2 };

static void uf_union(gint32 *parent, guint8 *how, gint32 a, gint32 b, guint8 kind)
{
  a = uf_find(parent, a);
  b = uf_find(parent, b);
  if (a != b) {
    /* the lower row is the root, so that roots follow file order */
    if (b < a) {
      gint32 t = a;
      a = b;
      b = t;
    }
    parent[b] = a;
    how[a] |= how[b];
  }
  how[a] |= kind;
}

/* The survivor of a group: most activities, then oldest, then first in the file. */
static gboolean survives_over(const AuditModel *m, guint a, guint b)
{
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  guint na = audit_link_count(&m->contact_activities, a), nb = audit_link_count(&m->contact_activities, b);
  if (na != nb)
    return na > nb;
  gint32 ca = audit_day(con, a, AUDIT_F_CREATED), cb = audit_day(con, b, AUDIT_F_CREATED);
  if (ca == AUDIT_DAY_NONE)
    ca = G_MAXINT32;
  if (cb == AUDIT_DAY_NONE)
    cb = G_MAXINT32;
  if (ca != cb)
    return ca < cb;
  return a < b;
}

static void duplicate_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = con->nrows;
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  g_autofree gint32 *parent = g_new(gint32, MAX(n, 1));
  g_autofree guint8 *how = g_new0(guint8, MAX(n, 1));
  for (guint r = 0; r < n; r++)
    parent[r] = (gint32)r;
  /* a 64-bit hash per key (the email; the account and the folded name), sorted: equal keys are neighbours,
   * and the keys are compared for real within a run of equal hashes */
  GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(DupKey), 2 * n + 1);
  char name[NAME_MAX_BYTES];
  for (guint r = 0; r < n; r++) {
    if (repeat && repeat[r])
      continue;
    guint32 dom = m->domains->contact_email[r];
    /* a valid address, not a placeholder (noemail@noemail.com, or xxx@xxx.com on 50 contacts, is nobody's) */
    if (dom && !audit_placeholder_email(m, AUDIT_OBJ_CONTACT, r, NULL)) {
      const char *e;
      gsize len = email_span(audit_text(con, r, CONTACT_EMAIL), &e);
      DupKey k = {hash_mix(hash_bytes(0xcbf29ce484222325ULL ^ BY_EMAIL, e, len, TRUE)), r, BY_EMAIL};
      g_array_append_val(keys, k);
    }
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a < 0)
      continue;
    gsize len = audit_person_fold_name(m, AUDIT_OBJ_CONTACT, r, name, sizeof name);
    if (!len)
      continue;
    guint64 h = hash_bytes(0xcbf29ce484222325ULL ^ BY_NAME, (const char *)&a, sizeof a, FALSE);
    DupKey k = {hash_mix(hash_bytes(h, name, len, FALSE)), r, BY_NAME};
    g_array_append_val(keys, k);
  }
  sort_keys((DupKey *)keys->data, keys->len);
  char other[NAME_MAX_BYTES];
  guint placeholders = 0;
  for (guint i = 0; i < keys->len;) {
    const DupKey *k0 = &g_array_index(keys, DupKey, i);
    guint j = i + 1;
    while (j < keys->len && g_array_index(keys, DupKey, j).hash == k0->hash)
      j++;
    if (audit_value_common(j - i, n)) {
      /* one name on many contacts of one account ("N/E", "Unknown"): a placeholder, not one person */
      placeholders++;
      i = j;
      continue;
    }
    /* within the run: each key joins the first earlier one that is really equal (a hash collision
     * is all but impossible, but costs nothing to rule out) */
    for (guint x = i + 1; x < j; x++) {
      const DupKey *kx = &g_array_index(keys, DupKey, x);
      if (kx->kind == BY_NAME)
        audit_person_fold_name(m, AUDIT_OBJ_CONTACT, kx->row, name, sizeof name);
      for (guint y = i; y < x; y++) {
        const DupKey *ky = &g_array_index(keys, DupKey, y);
        if (ky->kind != kx->kind)
          continue;
        gboolean same;
        if (kx->kind == BY_EMAIL)
          same = email_equal(audit_text(con, kx->row, CONTACT_EMAIL), audit_text(con, ky->row, CONTACT_EMAIL));
        else {
          audit_person_fold_name(m, AUDIT_OBJ_CONTACT, ky->row, other, sizeof other);
          same = audit_ref(con, kx->row, CONTACT_ACCOUNT) == audit_ref(con, ky->row, CONTACT_ACCOUNT) &&
                 strcmp(name, other) == 0;
        }
        if (same) {
          uf_union(parent, how, (gint32)ky->row, (gint32)kx->row, (guint8)kx->kind);
          break;
        }
      }
    }
    i = j;
  }
  g_array_unref(keys);
  audit_sink_stat(out, "placeholder_values_skipped", placeholders);

  /* members of each group, in row order: a counting sort by root */
  g_autofree guint32 *size = g_new0(guint32, MAX(n, 1));
  for (guint r = 0; r < n; r++)
    if (!(repeat && repeat[r]))
      size[uf_find(parent, (gint32)r)]++;
  g_autofree guint32 *start = g_new0(guint32, n + 1);
  for (guint r = 0; r < n; r++)
    start[r + 1] = start[r] + (size[r] > 1 ? size[r] : 0);
  g_autofree guint32 *members = g_new(guint32, MAX(start[n], 1));
  g_autofree guint32 *fill = g_new0(guint32, MAX(n, 1));
  for (guint r = 0; r < n; r++) {
    if (repeat && repeat[r])
      continue;
    gint32 root = uf_find(parent, (gint32)r);
    if (size[root] > 1)
      members[start[root] + fill[root]++] = r;
  }
  GString *names = g_string_new(NULL);
  for (guint root = 0; root < n; root++) {
    if (size[root] < 2)
      continue;
    const guint32 *g = members + start[root];
    guint k = size[root];
    guint best = g[0];
    for (guint i = 1; i < k; i++)
      if (survives_over(m, g[i], best))
        best = g[i];
    char buf[256];
    const char *survivor = audit_record_name(m, AUDIT_OBJ_CONTACT, best, buf, sizeof buf);
    g_string_truncate(names, 0);
    for (guint i = 0; i < k; i++) {
      if (g[i] == best)
        continue;
      char b2[256];
      g_string_append_printf(names, "%s%s (%s)", names->len ? ", " : "",
                             audit_record_name(m, AUDIT_OBJ_CONTACT, g[i], b2, sizeof b2), audit_id(con, g[i]));
    }
    const char *on = how[root] == (BY_EMAIL | BY_NAME) ? "the same email, and the same name in one account"
                     : how[root] == BY_EMAIL          ? "the same email"
                                                      : "the same name in one account";
    const char *email = audit_text(con, best, CONTACT_EMAIL);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)best, NULL, "%u contacts are the same person (%s): %s%s%s%s and %s", k,
               on, survivor, *email ? " <" : "", email, *email ? ">" : "", names->str);
    for (guint i = 0; i < k; i++)
      if (g[i] != best)
        audit_related(out, AUDIT_OBJ_CONTACT, (gint32)g[i]);
    audit_evidence_str(out, "matched_on", how[root] == (BY_EMAIL | BY_NAME) ? "email, name" : how[root] == BY_EMAIL
                                                                                              ? "email"
                                                                                              : "name");
    audit_evidence_int(out, "contacts", k);
    audit_evidence_str(out, "survivor", survivor);
    audit_evidence_int(out, "survivor_activities", audit_link_count(&m->contact_activities, best));
    audit_evidence_day(out, "survivor_created", audit_day(con, best, AUDIT_F_CREATED));
    audit_evidence_str(out, "duplicates", names->str);
    gint32 a = audit_ref(con, best, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_evidence_str(out, "account", audit_text(acc, (guint)a, ACCOUNT_NAME));
    audit_fix_text(out, "merge %s into %s (%s: the most activities, then the oldest), keeping its Id", names->str,
                   survivor, audit_id(con, best));
  }
  g_string_free(names, TRUE);
}

const AuditCheck audit_check_contact_duplicate = {
  .id = "contact-duplicate",
  .title = "Contacts that are the same person",
  .severity = AUDIT_SEV_WARNING,
  .needs = C,
  .rationale =
    "Duplicate people split activity history and opportunities between records, receive mail twice and "
    "unsubscribe only once. Two contacts are the same person when their email is the same (trimmed, "
    "lower-cased; a valid address, not a placeholder: a placeholder domain such as noemail.com, a test@ "
    "address, or an address shared by many contacts such as xxx@xxx.com), or when their full name is the same "
    "(case and accents folded, punctuation dropped) within one account, unless many contacts of that account "
    "have it (a placeholder such as N/E). Groups chain: one finding per group, on the survivor (the most activities, then the oldest), "
    "with the others related.",
  .fix = "Merge the others into the survivor (Salesforce's contact merge keeps the survivor's Id and moves the "
         "activities and roles).",
  .example = "2 contacts are the same person (the same email): Anna Vogel <anna.vogel@northwind-logistics.de> and "
             "Anna Vogel (0035g0000TTxwL9)",
  .run = duplicate_run,
};

/* ---- contact-left-company ---- */

static const AuditOption left_company_opts[] = {
  {"title_markers", AUDIT_OPT_LIST, "former;ex-;retired;left;no longer",
   "title words that mark a person gone (whole words, any case, accents folded)"},
  {0}};

static void left_company_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  g_autoptr(AuditLeftRules) rules = audit_left_rules_new(ctx);
  for (guint r = 0; r < con->nrows; r++) {
    AuditLeftEvidence ev;
    if ((repeat && repeat[r]) || !audit_contact_left(m, rules, r, &ev))
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    g_autofree char *why = audit_left_evidence_text(&ev);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "%s has left the company: %s", who, why);
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_bool(out, "bounced", ev.bounced);
    audit_evidence_str(out, "bounce_reason", ev.bounce_reason);
    audit_evidence_str(out, "title", ev.title);
    audit_evidence_str(out, "title_marker", ev.marker ? ev.marker : "");
    guint roles = audit_link_count(&m->contact_roles, r);
    audit_evidence_int(out, "contact_roles", roles);
    audit_fix_text(out, "confirm with the account that %s has left; then mark the contact inactive (or delete it), "
                   "take it out of campaigns%s, and ask who took over", who,
                   roles ? " and replace it in its opportunities' contact roles" : "");
  }
}

const AuditCheck audit_check_contact_left_company = {
  .id = "contact-left-company",
  .title = "Contact who has left the company",
  .severity = AUDIT_SEV_WARNING,
  .needs = C,
  .options = left_company_opts,
  .rationale =
    "People change jobs: about a fifth of B2B contacts a year. A bounced email (EmailBouncedReason or "
    "IsEmailBounced) or a title that says so (Former CFO, Ex-Procurement Manager, Retired, Left company, No "
    "longer with ...) marks a person who is gone. They stay in campaigns, in buying committees and in "
    "forecasts until someone notices; their successor is usually not in the CRM at all.",
  .fix = "Confirm, mark the contact inactive or delete it, and find the successor.",
  .example = "Tobias Krüger has left the company: email bounced (550 5.1.1 User unknown)",
  .run = left_company_run,
};

/* ---- contact-stale ---- */

static const AuditOption stale_opts[] = {
  {"window_days", AUDIT_OPT_INT, "365", "days before as-of without activity or change", 1, 36500},
  {0}};

static void stale_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  for (guint r = 0; r < con->nrows; r++) {
    AuditStaleEvidence ev;
    if ((repeat && repeat[r]) || !audit_contact_stale(ctx, r, &ev))
      continue;
    char buf[256], act[11], chg[11];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    if (ev.last_activity != AUDIT_DAY_NONE)
      audit_day_format(ev.last_activity, act);
    if (ev.last_change != AUDIT_DAY_NONE)
      audit_day_format(ev.last_change, chg);
    gint32 window = ctx->as_of - ev.cutoff;
    g_autofree char *act_s = ev.last_activity != AUDIT_DAY_NONE ? g_strdup_printf("no activity since %s", act)
                                                                : g_strdup("no activity on record");
    g_autofree char *chg_s = ev.last_change != AUDIT_DAY_NONE ? g_strdup_printf("not changed since %s", chg)
                                                              : g_strdup("no change on record");
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "%s: %s and %s (window %d days)", who, act_s, chg_s, window);
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "contact", who);
    audit_evidence_day(out, "last_activity", ev.last_activity);
    audit_evidence_day(out, "last_modified", ev.last_change);
    audit_evidence_int(out, "window_days", window);
    audit_fix_text(out, "check that %s is still there and still relevant: engage, or archive the contact", who);
  }
}

/* without LastModifiedDate every contact with no activity would read "no change on record" */
static const char *const stale_columns[] = {"Contact.LastModifiedDate", NULL};

const AuditCheck audit_check_contact_stale = {
  .id = "contact-stale",
  .title = "Contact with no activity and no change within the window",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .columns = stale_columns,
  .options = stale_opts,
  .rationale =
    "A contact nobody has called, met, mailed or even edited for a year is most likely out of date: the "
    "person may have moved on, and the record clutters every list and campaign. Last activity is the later of "
    "LastActivityDate and the newest Task or Event with this WhoId; a change is LastModifiedDate (else "
    "CreatedDate). Stale when both are older than window_days before as-of, or absent.",
  .fix = "Engage the contact or archive it.",
  .example = "Anna Vogel: no activity since 2025-03-02 and not changed since 2025-04-11 (window 365 days)",
  .run = stale_run,
};

/* ---- contact-new-or-moved ---- */

static const AuditOption new_or_moved_opts[] = {
  {"window_days", AUDIT_OPT_INT, "7", "contacts created within this many days of as-of", 1, 36500},
  {0}};

/* The name of an account by Id: in this export, else in the previous one. */
static void account_label(const AuditModel *m, const char *id, GString *out)
{
  if (!*id) {
    g_string_append(out, "no account");
    return;
  }
  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  gint32 a = acc->present ? audit_table_find(acc, id, strlen(id)) : -1;
  if (a >= 0) {
    g_string_append_printf(out, "%s (%s)", audit_text(acc, (guint)a, ACCOUNT_NAME), id);
    return;
  }
  const AuditTable *prev = m->previous ? &m->previous->tables[AUDIT_OBJ_ACCOUNT] : NULL;
  gint32 p = prev && prev->present ? audit_table_find(prev, id, strlen(id)) : -1;
  if (p >= 0)
    g_string_append_printf(out, "%s (%s, no longer in the export)", audit_text(prev, (guint)p, ACCOUNT_NAME), id);
  else
    g_string_append_printf(out, "%s (not in the export)", id);
}

static void new_or_moved_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *prev = m->previous ? &m->previous->tables[AUDIT_OBJ_CONTACT] : NULL;
  g_autofree guint8 *repeat = audit_repeat_rows(con);
  GString *from = g_string_new(NULL), *to = g_string_new(NULL);
  for (guint r = 0; r < con->nrows; r++) {
    if (repeat && repeat[r])
      continue;
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    guint seg = audit_ctx_segment(ctx, a);
    gint32 cutoff = ctx->as_of - (gint32)audit_ctx_int(ctx, "window_days", seg);
    gint32 created = audit_day(con, r, AUDIT_F_CREATED);
    gboolean recent = created != AUDIT_DAY_NONE && created >= cutoff && created <= ctx->as_of; /* not after as-of */
    const char *id = audit_id(con, r);
    gint32 p = prev ? audit_table_find(prev, id, strlen(id)) : -1;
    gboolean unseen = prev && p < 0;
    const char *was = p >= 0 ? audit_text(prev, (guint)p, CONTACT_ACCOUNT) : NULL;
    const char *now = audit_text(con, r, CONTACT_ACCOUNT);
    gboolean moved = was && strcmp(was, now) != 0;
    if (!recent && !unseen && !moved)
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    g_string_truncate(to, 0);
    account_label(m, now, to);
    if (recent || unseen) {
      char day[11] = "";
      if (created != AUDIT_DAY_NONE)
        audit_day_format(created, day);
      g_autofree char *when = recent ? g_strdup_printf("created %s", day)
                                     : g_strdup("not in the previous export");
      if (recent && unseen) {
        g_free(when);
        when = g_strdup_printf("created %s, not in the previous export", day);
      }
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, "new", "new contact %s (%s) under %s", who, when, to->str);
      if (a >= 0)
        audit_related(out, AUDIT_OBJ_ACCOUNT, a);
      audit_evidence_str(out, "change", "new");
      audit_evidence_str(out, "contact", who);
      audit_evidence_day(out, "created", created);
      audit_evidence_bool(out, "created_within_window", recent);
      if (prev)
        audit_evidence_bool(out, "in_previous_export", !unseen);
      audit_evidence_str(out, "account", to->str);
      audit_evidence_str(out, "email", audit_text(con, r, CONTACT_EMAIL));
      audit_fix_text(out, "review %s: the right account, a business email, not a duplicate of an existing contact", who);
    }
    if (!moved)
      continue;
    g_string_truncate(from, 0);
    account_label(m, was, from);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, "moved", "%s moved from %s to %s since the previous export", who,
               from->str, to->str);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
    gint32 old = *was && acc->present ? audit_table_find(acc, was, strlen(was)) : -1;
    if (old >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, old);
    audit_evidence_str(out, "change", "moved");
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "previous_account_id", was);
    audit_evidence_str(out, "previous_account", from->str);
    audit_evidence_str(out, "account_id", now);
    audit_evidence_str(out, "account", to->str);
    audit_fix_text(out, "check that %s really works for the new account (a job change is a new contact at the new "
                   "company, and the old one left)", who);
  }
  g_string_free(from, TRUE);
  g_string_free(to, TRUE);
}

const AuditCheck audit_check_contact_new_or_moved = {
  .windowed = TRUE,
  .id = "contact-new-or-moved",
  .title = "Contact created or moved to another account recently",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .options = new_or_moved_opts,
  .rationale =
    "New and moved contacts are where errors enter: a contact under the wrong account, a duplicate, a "
    "personal email. Reviewing them every week keeps the rest clean. New: created within window_days of "
    "as-of, or (with --previous DIR, the last export) not in the previous export. Moved (with --previous): "
    "the AccountId differs from the previous export's, with the old and the new account named; a person who "
    "changed jobs should be a new contact at the new company, not the old one moved. Contacts that disappeared "
    "since the previous export are counted in the run's summary (findings.json summary.previous).",
  .fix = "Review each: the right account, a business email, not a duplicate; undo moves that were job changes.",
  .example = "Anna Vogel moved from Northwind Logistics GmbH (0015g00003mxQ7M) to Acme Corp (0015g00003mxQ7Q) since "
             "the previous export",
  .run = new_or_moved_run,
};
