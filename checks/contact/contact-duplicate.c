/* contact-duplicate: Contacts that are the same person. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

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

enum { BY_EMAIL = 1, BY_NAME = 2, BY_GROUP = 4 };

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

/* Two contacts of one name under two accounts of one duplicate group (account-duplicate's): the same person
 * unless something they both have differs: the email, the title (folded), the phone (digits). Copies of an
 * account loaded twice carry copies of its contacts, most without an email. */
static gboolean same_across_accounts(const AuditModel *m, guint a, guint b)
{
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const char *ea = audit_text(con, a, CONTACT_EMAIL), *eb = audit_text(con, b, CONTACT_EMAIL);
  if (!audit_is_blank(ea) && !audit_is_blank(eb) && !email_equal(ea, eb))
    return FALSE;
  char x[NAME_MAX_BYTES], y[NAME_MAX_BYTES];
  const char *ta = audit_text(con, a, CONTACT_TITLE), *tb = audit_text(con, b, CONTACT_TITLE);
  if (!audit_is_blank(ta) && !audit_is_blank(tb)) {
    audit_fold_name_to(ta, x, sizeof x);
    audit_fold_name_to(tb, y, sizeof y);
    if (strcmp(x, y) != 0)
      return FALSE;
  }
  gsize na = audit_phone_digits(audit_text(con, a, CONTACT_PHONE), NULL, x, sizeof x);
  gsize nb = audit_phone_digits(audit_text(con, b, CONTACT_PHONE), NULL, y, sizeof y);
  return !na || !nb || strcmp(x, y) == 0;
}

/* The survivor of a group: most activities, then oldest, then first in the file. */
/* The survivor: under its account's master where the two sit under two accounts accounts-to-merge.csv merges
 * (the copy the account merge keeps), then the most activities, then created earlier (to the second), then
 * the first in the file. */
static gboolean survives_over(const AuditModel *m, const gint32 *master, guint a, guint b)
{
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  gint32 xa = audit_ref(con, a, CONTACT_ACCOUNT), xb = audit_ref(con, b, CONTACT_ACCOUNT);
  if (xa >= 0 && xb >= 0 && xa != xb && master[xa] == master[xb] && (master[xa] == xa) != (master[xb] == xb))
    return master[xa] == xa;
  guint na = audit_link_count(&m->contact_activities, a), nb = audit_link_count(&m->contact_activities, b);
  if (na != nb)
    return na > nb;
  gint64 ca = checks_created_at(con, a), cb = checks_created_at(con, b);
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
  /* accounts of one group accounts-to-merge.csv merges count as one account for the name */
  g_autofree gint32 *group = checks_account_groups(ctx, TRUE);
  g_autofree gint32 *parent = g_new(gint32, MAX(n, 1));
  g_autofree guint8 *how = g_new0(guint8, MAX(n, 1));
  for (guint r = 0; r < n; r++)
    parent[r] = (gint32)r;
  /* a 64-bit hash per key (the email; the account and the folded name), sorted: equal keys are neighbours,
   * and the keys are compared for real within a run of equal hashes */
  GArray *keys = g_array_sized_new(FALSE, FALSE, sizeof(DupKey), 2 * n + 1);
  char name[NAME_MAX_BYTES];
  for (guint r = 0; r < n; r++) {
    if (audit_row_repeated(con, r))
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
    a = group[a];
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
        guint8 kind = (guint8)kx->kind;
        if (kx->kind == BY_EMAIL)
          same = email_equal(audit_text(con, kx->row, CONTACT_EMAIL), audit_text(con, ky->row, CONTACT_EMAIL));
        else {
          audit_person_fold_name(m, AUDIT_OBJ_CONTACT, ky->row, other, sizeof other);
          gint32 ax = audit_ref(con, kx->row, CONTACT_ACCOUNT), ay = audit_ref(con, ky->row, CONTACT_ACCOUNT);
          same = strcmp(name, other) == 0 && group[ax] == group[ay] &&
                 (ax == ay || same_across_accounts(m, kx->row, ky->row));
          if (same && ax != ay)
            kind = BY_GROUP;
        }
        if (same) {
          uf_union(parent, how, (gint32)ky->row, (gint32)kx->row, kind);
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
    if (!audit_row_repeated(con, r))
      size[uf_find(parent, (gint32)r)]++;
  g_autofree guint32 *start = g_new0(guint32, n + 1);
  for (guint r = 0; r < n; r++)
    start[r + 1] = start[r] + (size[r] > 1 ? size[r] : 0);
  g_autofree guint32 *members = g_new(guint32, MAX(start[n], 1));
  g_autofree guint32 *fill = g_new0(guint32, MAX(n, 1));
  for (guint r = 0; r < n; r++) {
    if (audit_row_repeated(con, r))
      continue;
    gint32 root = uf_find(parent, (gint32)r);
    if (size[root] > 1)
      members[start[root] + fill[root]++] = r;
  }
  GString *names = g_string_new(NULL), *on = g_string_new(NULL), *matched = g_string_new(NULL);
  for (guint root = 0; root < n; root++) {
    if (size[root] < 2)
      continue;
    const guint32 *g = members + start[root];
    guint k = size[root];
    guint best = g[0];
    for (guint i = 1; i < k; i++)
      if (survives_over(m, group, g[i], best))
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
    g_string_truncate(on, 0);
    g_string_truncate(matched, 0);
    static const char *const how_text[] = {"the same email", "the same name in one account",
                                           "the same name under duplicate accounts, no title or phone differing"};
    static const char *const how_key[] = {"email", "name", "name-across-duplicate-accounts"};
    for (guint b = 0; b < G_N_ELEMENTS(how_text); b++)
      if (how[root] & (1u << b)) {
        g_string_append_printf(on, "%s%s", on->len ? (how[root] >> (b + 1) ? ", " : ", and ") : "", how_text[b]);
        g_string_append_printf(matched, "%s%s", matched->len ? ", " : "", how_key[b]);
      }
    const char *email = audit_text(con, best, CONTACT_EMAIL);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)best, NULL, "%u contacts are the same person (%s): %s%s%s%s and %s", k,
               on->str, survivor, *email ? " <" : "", email, *email ? ">" : "", names->str);
    for (guint i = 0; i < k; i++)
      if (g[i] != best)
        audit_related(out, AUDIT_OBJ_CONTACT, (gint32)g[i]);
    audit_evidence_str(out, "matched_on", matched->str);
    audit_evidence_int(out, "contacts", k);
    audit_evidence_str(out, "survivor", survivor);
    audit_evidence_int(out, "survivor_activities", audit_link_count(&m->contact_activities, best));
    audit_evidence_day(out, "survivor_created", audit_day(con, best, AUDIT_F_CREATED));
    audit_evidence_str(out, "duplicates", names->str);
    gint32 a = audit_ref(con, best, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_evidence_str(out, "account", audit_text(acc, (guint)a, ACCOUNT_NAME));
    audit_fix_text(out, "merge %s into %s (%s: under the account the account merge keeps, then the most "
                   "activities, then created earlier), keeping its Id", names->str, survivor, audit_id(con, best));
  }
  g_string_free(names, TRUE);
  g_string_free(on, TRUE);
  g_string_free(matched, TRUE);
}

/* No columns nor wants: the same email, or the same name in one account: either. */
/* account-duplicate's groups (checks_account_groups) */

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
    "have it (a placeholder such as N/E). Accounts that account-duplicate merges (a group of accounts-to-merge.csv, not one joined by "
    "the name alone) count as one account: the same name "
    "under two of them is the same person unless their emails, titles (folded) or phones (digits), where both "
    "have one, differ (an org loaded twice has a copy of each contact under each copy of its account). Groups chain: one finding per group, on the survivor (under the account account-duplicate's merge keeps, "
    "then the most activities, then created earlier: CreatedDate to the second, then the first in the file), "
    "with the others related.",
  .fix = "Merge the others into the survivor (Salesforce's contact merge keeps the survivor's Id and moves the "
         "activities and roles).",
  .example = "2 contacts are the same person (the same email): Anna Vogel <anna.vogel@northwind-logistics.de> and "
             "Anna Vogel (0035g0000TTxwL9)",
  .run = duplicate_run,
  .options_of = checks_account_groups_options_of,
};
