/* opportunity-past-close-date: Open opportunity whose close date has passed. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <math.h>
#include <string.h>

#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)

static const char *const past_close_columns[] = {"Opportunity.CloseDate", NULL};

static void past_close_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  for (guint r = 0; r < opps->nrows; r++) {
    gint32 close = audit_day(opps, r, OPPORTUNITY_CLOSE_DATE);
    if (!audit_opportunity_is_open(m, r) || close == AUDIT_DAY_NONE || close >= ctx->as_of)
      continue;
    char day[11];
    audit_day_format(close, day);
    gint32 late = ctx->as_of - close;
    audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
               "open opportunity '%s' at stage %s was to close on %s, %d day%s ago",
               audit_text(opps, r, OPPORTUNITY_NAME), audit_text(opps, r, OPPORTUNITY_STAGE), day, late,
               late == 1 ? "" : "s");
    gint32 acc = audit_ref(opps, r, OPPORTUNITY_ACCOUNT);
    if (acc >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, acc);
    checks_opportunity_evidence(m, out, r);
    audit_evidence_int(out, "days_overdue", late);
    audit_fix_text(out, "set CloseDate to when the deal is now expected to close, or close it as won or lost");
  }
}

const AuditCheck audit_check_opportunity_past_close_date = {
  .id = "opportunity-past-close-date",
  .title = "Open opportunity whose close date has passed",
  .severity = AUDIT_SEV_INFO,
  .needs = O,
  .columns = past_close_columns, /* without CloseDate: skipped, with the reason */
  .rationale =
    "An open opportunity whose CloseDate is before the audit date is either lost and not closed, or alive "
    "with a wrong date: either way the forecast for the period counts it where it does not belong.",
  .fix = "Set CloseDate to the date the deal is now expected to close, or close it as won or lost.",
  .example = "open opportunity 'Bluepeak - expansion' at stage Negotiation/Review was to close on 2026-10-31, "
             "20 days ago",
  .run = past_close_run,
};
