/* account-stagnant: Account with no activity within the window. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

/* without CreatedDate no account is new, and every quiet one would look stagnant */
static const char *const created_columns[] = {"Account.CreatedDate", NULL};

typedef struct {
  gint64 window_days;
} StagnantOptions;

static const AuditOption stagnant_opts[] = {
  {"window_days", AUDIT_OPT_INT, "365", "days without an activity, an opportunity created or closed, or a contact's activity", 1, 36500,
   AUDIT_OPTION_AT(StagnantOptions, window_days)},
  {0}};

static inline void later(gint32 *best, gint32 day)
{
  if (day != AUDIT_DAY_NONE && day > *best)
    *best = day;
}

static void stagnant_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *cons = &m->tables[AUDIT_OBJ_CONTACT];
  char day[11];
  for (guint r = 0; r < t->nrows; r++) {
    gint64 window = ((const StagnantOptions *)audit_ctx_options(ctx, audit_ctx_segment(ctx, (gint32)r)))->window_days;
    gint32 since = ctx->as_of - (gint32)window;
    gint32 last = AUDIT_DAY_NONE;
    later(&last, audit_day(t, r, AUDIT_F_CREATED));
    later(&last, audit_day(t, r, ACCOUNT_LAST_ACTIVITY));
    guint32 x, a;
    if (m->account_activities.start)
      AUDIT_LINK_FOREACH(m->account_activities, r, a)
        later(&last, m->activities[a].day);
    if (last >= since)
      continue;
    if (m->account_opportunities.start)
      AUDIT_LINK_FOREACH(m->account_opportunities, r, x) {
        later(&last, audit_day(opps, x, AUDIT_F_CREATED));
        later(&last, audit_day(opps, x, OPPORTUNITY_LAST_ACTIVITY));
        if (!audit_opportunity_is_open(m, x))
          later(&last, audit_day(opps, x, OPPORTUNITY_CLOSE_DATE));
        AUDIT_LINK_FOREACH(m->opportunity_activities, x, a)
          later(&last, m->activities[a].day);
      }
    if (last >= since)
      continue;
    if (m->account_contacts.start)
      AUDIT_LINK_FOREACH(m->account_contacts, r, x) {
        later(&last, audit_day(cons, x, CONTACT_LAST_ACTIVITY));
        AUDIT_LINK_FOREACH(m->contact_activities, x, a)
          later(&last, m->activities[a].day);
      }
    if (last >= since)
      continue;
    if (last == AUDIT_DAY_NONE) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL,
                 "account '%s' has no activity, opportunity or contact activity on record",
                 audit_text(t, r, ACCOUNT_NAME));
    } else {
      audit_day_format(last, day);
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL,
                 "account '%s' has had no activity, opportunity or contact activity since %s (%d days)",
                 audit_text(t, r, ACCOUNT_NAME), day, ctx->as_of - last);
    }
    audit_evidence_day(out, "last_sign_of_life", last);
    audit_evidence_int(out, "window_days", window);
    audit_fix_text(out, "check whether the company was acquired, merged or closed; update or archive the account");
  }
}

const AuditCheck audit_check_account_stagnant = {
  .id = "account-stagnant",
  .title = "Account with no activity within the window",
  .severity = AUDIT_SEV_INFO,
  .needs = A,
  .columns = created_columns,
  .options = stagnant_opts,
  .options_size = sizeof(StagnantOptions),
  .rationale = "An account with no activity, no opportunity created or closed and no activity with any of its "
               "contacts for a year may have been acquired, merged or closed: the annual review decides. The "
               "last sign of life is the latest of the account's CreatedDate and LastActivityDate, its Task and "
               "Event rows, its opportunities' creation, close and activity dates, and its contacts' activity.",
  .fix = "Check whether the company still exists as it is; update or archive the account.",
  .example = "account 'Initech' has had no activity, opportunity or contact activity since 2025-06-02 (536 days)",
  .run = stagnant_run,
};
