/* contact-new-or-moved: Contact created or moved to another account
 * recently. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

typedef struct {
  double convention_share; /* first: AUDIT_CONVENTION_OPTION */
  gint64 window_days;
} NewOrMovedOptions;

static const AuditOption new_or_moved_opts[] = {
  {"window_days", AUDIT_OPT_INT, "7", "contacts created within this many days of as-of", 1, 36500,
   AUDIT_OPTION_AT(NewOrMovedOptions, window_days)},
  AUDIT_CONVENTION_OPTION(NewOrMovedOptions),
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
  GString *from = g_string_new(NULL), *to = g_string_new(NULL);
  for (guint r = 0; r < con->nrows; r++) {
    if (audit_row_repeated(con, r))
      continue;
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    const NewOrMovedOptions *opt = audit_ctx_options(ctx, audit_ctx_segment(ctx, a));
    gint32 cutoff = ctx->as_of - (gint32)opt->window_days;
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
      audit_finding_rule(out, "new contact");
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
    audit_finding_rule(out, AUDIT_RULE_NEVER_FOLDS); /* each move is its own story */
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

/* No columns nor wants: new (CreatedDate) or moved (AccountId): either. */
const AuditCheck audit_check_contact_new_or_moved = {
  .windowed = TRUE,
  .id = "contact-new-or-moved",
  .title = "Contact created or moved to another account recently",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .options = new_or_moved_opts,
  .options_size = sizeof(NewOrMovedOptions),
  .rationale =
    "New and moved contacts are where errors enter: a contact under the wrong account, a duplicate, a "
    "personal email. Reviewing them every week keeps the rest clean. New: created within window_days of "
    "as-of, or (with --previous DIR, the last export) not in the previous export. Moved (with --previous): "
    "the AccountId differs from the previous export's, with the old and the new account named; a person who "
    "changed jobs should be a new contact at the new company, not the old one moved. Contacts that disappeared "
    "since the previous export are counted in the run's summary (findings.json summary.previous).",
  .fix = "Review each: the right account, a business email, not a duplicate; undo moves that were job changes. "
         "When most contacts are new (a data load), one finding says so instead (convention_share); moves are "
         "always listed.",
  .convention_note = "most were created at once, by a data load (an import, a migration, a sandbox seed)",
  .convention_fix = "review the load as a whole (who ran it, from which source, duplicates it brought in), not "
                    "each contact",
  .example = "Anna Vogel moved from Northwind Logistics GmbH (0015g00003mxQ7M) to Acme Corp (0015g00003mxQ7Q) since "
             "the previous export",
  .run = new_or_moved_run,
};
