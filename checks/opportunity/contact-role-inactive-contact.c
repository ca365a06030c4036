/* contact-role-inactive-contact: an open opportunity's contact role held by a
 * contact who left or is stale, by the rules (and the options) of
 * contact-left-company and contact-stale (contact-rules.c). */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "normalize.h"

#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define R AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

static void inactive_contact_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  AuditContext left_ctx, stale_ctx;
  audit_contact_rules_ctx(ctx, &audit_check_contact_left_company, &left_ctx);
  audit_contact_rules_ctx(ctx, &audit_check_contact_stale, &stale_ctx);
  g_autoptr(AuditLeftRules) rules = audit_left_rules_new(&left_ctx);
  for (guint r = 0; r < roles->nrows; r++) {
    gint32 opp = audit_ref(roles, r, ROLE_OPPORTUNITY);
    gint32 c = audit_ref(roles, r, ROLE_CONTACT);
    if (audit_row_repeated(roles, r) || opp < 0 || c < 0 || !audit_opportunity_is_open(m, (guint)opp))
      continue;
    AuditLeftEvidence left;
    AuditStaleEvidence stale;
    gboolean gone = audit_contact_left(m, rules, (guint)c, &left);
    gboolean idle = audit_contact_stale(&stale_ctx, (guint)c, &stale);
    if (!gone && !idle)
      continue;
    char buf[256];
    const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)c, buf, sizeof buf);
    const char *role = audit_text(roles, r, ROLE_ROLE);
    GString *why = g_string_new(NULL);
    if (gone) {
      g_autofree char *t = audit_left_evidence_text(&left);
      g_string_append_printf(why, "left the company (%s)", t);
    }
    if (idle) {
      char day[11];
      if (why->len)
        g_string_append(why, "; ");
      if (stale.last_activity != AUDIT_DAY_NONE) {
        audit_day_format(stale.last_activity, day);
        g_string_append_printf(why, "stale (no activity since %s", day);
      } else
        g_string_append(why, "stale (no activity on record");
      if (stale.last_change != AUDIT_DAY_NONE) {
        audit_day_format(stale.last_change, day);
        g_string_append_printf(why, ", not changed since %s)", day);
      } else
        g_string_append(why, ", no change on record)");
    }
    audit_emit(out, AUDIT_OBJ_CONTACT_ROLE, (gint32)r, NULL, "%s%s%s%s on open opportunity '%s' at stage %s: %s", who,
               *role ? " (" : "", role, *role ? ")" : "", audit_text(opps, (guint)opp, OPPORTUNITY_NAME),
               audit_text(opps, (guint)opp, OPPORTUNITY_STAGE), why->str);
    audit_related(out, AUDIT_OBJ_OPPORTUNITY, opp);
    audit_related(out, AUDIT_OBJ_CONTACT, c);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "role", role);
    audit_evidence_str(out, "opportunity", audit_text(opps, (guint)opp, OPPORTUNITY_NAME));
    audit_evidence_str(out, "stage", audit_text(opps, (guint)opp, OPPORTUNITY_STAGE));
    audit_evidence_str(out, "status", gone && idle ? "left, stale" : gone ? "left" : "stale");
    if (gone) {
      audit_evidence_bool(out, "bounced", left.bounced);
      audit_evidence_str(out, "title_marker", left.marker ? left.marker : "");
    }
    if (idle) {
      audit_evidence_day(out, "last_activity", stale.last_activity);
      audit_evidence_day(out, "last_modified", stale.last_change);
    }
    audit_fix_text(out, "find who now holds %s's part in the deal%s and replace the contact role; a committee of "
                   "people who left or went quiet is no committee", who, *role ? " (the role)" : "");
    g_string_free(why, TRUE);
  }
}

static const char *const inactive_wants[] = {"OpportunityContactRole.OpportunityId", "OpportunityContactRole.ContactId",
                                             NULL};

/* its rules are contact-left-company's and contact-stale's (contact-rules.c) */
static const char *const inactive_options_of[] = {"contact-left-company", "contact-stale", NULL};

const AuditCheck audit_check_contact_role_inactive_contact = {
  .id = "contact-role-inactive-contact",
  .title = "Open opportunity's contact role held by a contact who left or is stale",
  .severity = AUDIT_SEV_WARNING,
  .needs = C | O | R,
  .wants = inactive_wants,
  .rationale =
    "A buying committee of people who left, or whom nobody has spoken to or touched in a year, is no "
    "committee: the deal is single-threaded or dead and the forecast does not know. Left and stale are "
    "contact-left-company's and contact-stale's rules, with their options ([check.contact-left-company] "
    "title_markers, [check.contact-stale] window_days), whether or not those checks are enabled.",
  .fix = "Replace the contact role with the person who now holds that part in the deal.",
  .example = "Tobias Krüger (Economic Buyer) on open opportunity 'Northwind - 250 seats' at stage Negotiation/Review: "
             "left the company (email bounced (550 5.1.1 User unknown))",
  .run = inactive_contact_run,
  .options_of = inactive_options_of,
};
