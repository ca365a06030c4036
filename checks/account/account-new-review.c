/* account-new-review: New account to review. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "findings.h"
#include "normalize.h"
#include "registry.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

typedef struct {
  double convention_share; /* first: AUDIT_CONVENTION_OPTION */
  gint64 window_days;
} NewReviewOptions;

static const AuditOption new_review_opts[] = {
  {"window_days", AUDIT_OPT_INT, "35", "accounts created within this many days of as-of", 1, 36500,
   AUDIT_OPTION_AT(NewReviewOptions, window_days)},
  AUDIT_CONVENTION_OPTION(NewReviewOptions),
  {0}};

/* The first day of account row's window (its segment's window_days). */
static gint32 window_start(const AuditContext *ctx, gint32 row)
{
  const NewReviewOptions *opt = audit_ctx_options(ctx, audit_ctx_segment(ctx, row));
  return ctx->as_of - (gint32)opt->window_days;
}

/* Operations users from [audit] ops_users: User Ids, or FIELD=VALUE on User. */
static GHashTable *ops_user_ids(const AuditModel *m, const AuditConfig *cfg)
{
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  const AuditTable *u = &m->tables[AUDIT_OBJ_USER];
  for (guint i = 0; cfg->ops_users && cfg->ops_users[i]; i++) {
    const char *e = cfg->ops_users[i];
    const char *eq = strchr(e, '=');
    if (!eq) {
      char id[64];
      gsize n = audit_id_normalize(e, MIN(strlen(e), sizeof id - 1), id);
      id[n] = 0;
      g_hash_table_add(ids, g_strdup(id));
      continue;
    }
    g_autofree char *field = g_strstrip(g_strndup(e, (gsize)(eq - e)));
    g_autofree char *value = g_strstrip(g_strdup(eq + 1));
    gint col = u->present ? audit_table_column(u, field) : -1;
    for (guint r = 0; col >= 0 && r < u->nrows; r++)
      if (g_ascii_strcasecmp(audit_cell(u, r, col), value) == 0)
        g_hash_table_add(ids, g_strdup(audit_id(u, r)));
  }
  return ids;
}

static void new_review_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  g_autoptr(GHashTable) ops = ops_user_ids(m, ctx->config);
  /* other findings on accounts, by row: the review list is one list */
  GHashTable *others = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, NULL);
  GPtrArray *texts = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; ctx->sinks && i < audit_registry_size; i++) {
    const AuditSink *s = ctx->sinks[i];
    if (!s || audit_registry[i] == ctx->check)
      continue;
    for (guint k = 0; k < audit_sink_count(s); k++) {
      const AuditFinding *f = audit_sink_get(s, k);
      if (f->object != AUDIT_OBJ_ACCOUNT)
        continue; /* findings about the account (and a duplicate group's other accounts), not its contacts' */
      for (guint j = 0; j <= f->rel_n; j++) {
        AuditRecordRef ref = j == 0 ? (AuditRecordRef){f->object, f->row} : *audit_finding_related(s, f, j - 1);
        if (ref.obj != AUDIT_OBJ_ACCOUNT || ref.row < 0)
          continue;
        gint32 c = audit_day(t, (guint)ref.row, AUDIT_F_CREATED);
        if (c == AUDIT_DAY_NONE || c < window_start(ctx, ref.row) || c > ctx->as_of)
          continue;
        GPtrArray *list = g_hash_table_lookup(others, GINT_TO_POINTER(ref.row + 1));
        if (!list) {
          list = g_ptr_array_new();
          g_ptr_array_add(texts, list);
          g_hash_table_insert(others, GINT_TO_POINTER(ref.row + 1), list);
        }
        if (!list->len || g_ptr_array_index(list, list->len - 1) != (gpointer)audit_registry[i]->id)
          g_ptr_array_add(list, (gpointer)audit_registry[i]->id);
      }
    }
  }
  GString *ids = g_string_new(NULL);
  char day[11], buf[256];
  for (guint r = 0; r < t->nrows; r++) {
    gint32 c = audit_day(t, r, AUDIT_F_CREATED);
    if (c == AUDIT_DAY_NONE || c < window_start(ctx, (gint32)r) || c > ctx->as_of)
      continue;
    const char *by = audit_text(t, r, ACCOUNT_CREATED_BY);
    char id[64];
    gsize n = audit_id_normalize(by, MIN(strlen(by), sizeof id - 1), id);
    id[n] = 0;
    if (g_hash_table_contains(ops, id))
      continue;
    audit_day_format(c, day);
    const char *who = *id ? audit_user_name(m, id, buf, sizeof buf) : NULL;
    GPtrArray *list = g_hash_table_lookup(others, GINT_TO_POINTER(r + 1));
    g_string_truncate(ids, 0);
    for (guint k = 0; list && k < list->len; k++) {
      if (k)
        g_string_append(ids, ", ");
      g_string_append(ids, g_ptr_array_index(list, k));
    }
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "new account '%s' created %s by %s%s%s",
               audit_text(t, r, ACCOUNT_NAME), day, who ? who : *id ? id : "an unknown user",
               ids->len ? "; also flagged: " : "", ids->str);
    audit_evidence_day(out, "created", c);
    audit_evidence_str(out, "created_by", id);
    if (who)
      audit_evidence_str(out, "created_by_name", who);
    audit_evidence_str(out, "other_findings", ids->str);
    audit_fix_text(out, "review the new account: is it a duplicate, are its website, address, type and owner "
                   "right?%s", ids->len ? " Start with its other findings." : "");
  }
  g_string_free(ids, TRUE);
  g_hash_table_unref(others);
  g_ptr_array_unref(texts);
}

/* without CreatedDate no account is new, and every quiet one would look stagnant */
static const char *const created_columns[] = {"Account.CreatedDate", NULL};

const AuditCheck audit_check_account_new_review = {
  .windowed = TRUE,
  .id = "account-new-review",
  .title = "New account to review",
  .severity = AUDIT_SEV_INFO,
  .needs = A,
  .columns = created_columns,
  .options = new_review_opts,
  .options_size = sizeof(NewReviewOptions),
  .rationale = "Accounts created outside operations (by reps, integrations, imports) are where duplicates and "
               "gaps enter the CRM. The weekly review lists every account created within the window by anyone "
               "but an operations user ([audit] ops_users: User Ids, or a User field=value such as "
               "Department=Operations), with that account's other findings, so that it is one list.",
  .fix = "Review each new account; start with the other findings it lists. When most accounts are new (a data "
         "load), one finding says so instead (convention_share).",
  .convention_note = "most were created at once, by a data load (an import, a migration, a sandbox seed)",
  .convention_fix = "review the load as a whole (who ran it, from which source, duplicates it brought in), not "
                    "each account",
  .example = "new account 'Globex GmbH' created 2026-11-18 by Dana Reyes; also flagged: account-duplicate, "
             "account-missing-website",
  .run = new_review_run,
  .after_others = TRUE,
};
