/* contact-role-suggested: Engaged contact who is not a contact role of the
 * open opportunity. */
#include "check.h"
#include "checks.h"
#include "config.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define R AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

/* Without an account on both sides these checks have nothing to compare:
 * skipped with the reason rather than stopping the run. */
static const char *const account_columns[] = {"Opportunity.AccountId", "Contact.AccountId", NULL};

static const char *const suggested_columns[] = {"OpportunityContactRole.OpportunityId",
                                                "OpportunityContactRole.ContactId", NULL};

typedef struct {
  gint64 min_activities;
  gint64 window_days;
} SuggestedOptions;

static const AuditOption suggested_opts[] = {
  {"min_activities", AUDIT_OPT_INT, "5", "activities within the window that make a contact engaged", 1, 100000,
   AUDIT_OPTION_AT(SuggestedOptions, min_activities)},
  {"window_days", AUDIT_OPT_INT, "10", "days up to as-of that count (as-of included)", 1, 36500,
   AUDIT_OPTION_AT(SuggestedOptions, window_days)},
  {0}};

static char *suggested_unavailable(const AuditConfig *cfg, const AuditModel *m, GError **error)
{
  if (!m->tables[AUDIT_OBJ_TASK].present && !m->tables[AUDIT_OBJ_EVENT].present)
    return g_strdup("neither Task.csv nor Event.csv is in the export (no activities)");
  return NULL;
}

typedef struct {
  guint32 contact;
  guint count;
  gint32 first, last;
} Engaged;

/* Before: more activities, then the latest, then the lower Id. */
static gboolean engaged_before(const AuditTable *contacts, const Engaged *a, const Engaged *b)
{
  if (a->count != b->count)
    return a->count > b->count;
  if (a->last != b->last)
    return a->last > b->last;
  return strcmp(audit_id(contacts, a->contact), audit_id(contacts, b->contact)) < 0;
}

static void suggested_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *accounts = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  const AuditRoleMap *map = ctx->config->roles;
  g_autoptr(GArray) engaged = g_array_new(FALSE, FALSE, sizeof(Engaged));
  g_autoptr(GArray) picks = g_array_new(FALSE, FALSE, sizeof(guint));
  /* without an IsPrimary column nobody knows which deal has a primary: never
   * propose one (IsPrimary false, so that a load leaves the primary alone) */
  gboolean primary_known = audit_has(roles, ROLE_IS_PRIMARY);
  for (guint a = 0; a < accounts->nrows; a++) {
    gboolean any_open = FALSE;
    guint32 o;
    AUDIT_LINK_FOREACH(m->account_opportunities, a, o)
      any_open |= audit_opportunity_is_open(m, o);
    if (!any_open)
      continue;
    guint seg = audit_ctx_segment(ctx, (gint32)a);
    const SuggestedOptions *opt = audit_ctx_options(ctx, seg);
    gint64 min = opt->min_activities;
    gint64 window = opt->window_days;
    gint32 lo = ctx->as_of - (gint32)window; /* exclusive */
    g_array_set_size(engaged, 0);
    guint32 c;
    AUDIT_LINK_FOREACH(m->account_contacts, a, c) {
      Engaged e = {c, 0, G_MAXINT32, G_MININT32};
      guint32 act;
      AUDIT_LINK_FOREACH(m->contact_activities, c, act) {
        gint32 day = m->activities[act].day;
        if (day == AUDIT_DAY_NONE || day <= lo || day > ctx->as_of)
          continue;
        e.count++;
        e.first = MIN(e.first, day);
        e.last = MAX(e.last, day);
      }
      if (e.count >= (guint64)min)
        g_array_append_val(engaged, e);
    }
    if (engaged->len == 0)
      continue;
    AUDIT_LINK_FOREACH(m->account_opportunities, a, o) {
      if (!audit_opportunity_is_open(m, o))
        continue;
      gboolean primary = !primary_known;
      guint32 role;
      AUDIT_LINK_FOREACH(m->opportunity_roles, o, role)
        primary |= audit_flag(roles, role, ROLE_IS_PRIMARY) == 1;
      g_array_set_size(picks, 0);
      gint best = -1;
      for (guint i = 0; i < engaged->len; i++) {
        const Engaged *e = &g_array_index(engaged, Engaged, i);
        gboolean holds = FALSE;
        AUDIT_LINK_FOREACH(m->opportunity_roles, o, role)
          holds |= audit_ref(roles, role, ROLE_CONTACT) == (gint32)e->contact;
        if (holds)
          continue;
        g_array_append_val(picks, i);
        if (best < 0 || engaged_before(contacts, e, &g_array_index(engaged, Engaged, best)))
          best = (gint)i;
      }
      for (guint k = 0; k < picks->len; k++) {
        guint i = g_array_index(picks, guint, k);
        const Engaged *e = &g_array_index(engaged, Engaged, i);
        gboolean is_primary = !primary && (gint)i == best;
        char buf[256], first[11], last[11];
        const char *who = audit_record_name(m, AUDIT_OBJ_CONTACT, e->contact, buf, sizeof buf);
        const char *title = audit_text(contacts, e->contact, CONTACT_TITLE);
        const char *suggested = audit_role_map_lookup(map, title);
        audit_day_format(e->first, first);
        audit_day_format(e->last, last);
        g_autofree char *with_title = *title ? g_strdup_printf(" (%s)", title) : g_strdup("");
        g_autofree char *when = e->first == e->last ? g_strdup_printf("on %s", first)
                                                    : g_strdup_printf("between %s and %s", first, last);
        audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)o, audit_id(contacts, e->contact),
                   "%s%s had %u activit%s %s but is not a contact role of open opportunity '%s'", who, with_title,
                   e->count, e->count == 1 ? "y" : "ies", when, audit_text(opps, o, OPPORTUNITY_NAME));
        audit_related(out, AUDIT_OBJ_CONTACT, (gint32)e->contact);
        audit_related(out, AUDIT_OBJ_ACCOUNT, (gint32)a);
        audit_evidence_str(out, "contact", who);
        audit_evidence_str(out, "title", title);
        audit_evidence_str(out, "seniority", audit_seniority_name(audit_title_seniority(title)));
        audit_evidence_int(out, "activities", e->count);
        audit_evidence_day(out, "first_activity", e->first);
        audit_evidence_day(out, "last_activity", e->last);
        audit_evidence_int(out, "window_days", window);
        audit_evidence_int(out, "min_activities", min);
        audit_evidence_str(out, "segment", seg ? ctx->config->segments[seg] : "");
        audit_evidence_str(out, "opportunity", audit_text(opps, o, OPPORTUNITY_NAME));
        audit_evidence_str(out, "stage", audit_text(opps, o, OPPORTUNITY_STAGE));
        audit_evidence_str(out, "suggested_role", suggested ? suggested : "");
        if (suggested)
          audit_fix_text(out, "add %s as a contact role with Role %s (from the title %s)%s", who, suggested, title,
                         is_primary ? ", as the primary contact" : "");
        else
          audit_fix_text(out, "add %s as a contact role%s; the title does not say which Role: set it", who,
                         is_primary ? ", as the primary contact" : "");
        audit_fix_action(out, "add-contact-role");
        audit_fix_str(out, "OpportunityId", audit_id(opps, o));
        audit_fix_str(out, "ContactId", audit_id(contacts, e->contact));
        audit_fix_str(out, "Role", suggested ? suggested : "");
        audit_fix_bool(out, "IsPrimary", is_primary);
      }
    }
  }
}

const AuditCheck audit_check_contact_role_suggested = {
  .windowed = TRUE,
  .id = "contact-role-suggested",
  .title = "Engaged contact who is not a contact role of the open opportunity",
  .severity = AUDIT_SEV_WARNING,
  .needs = A | C | O | R,
  .columns = suggested_columns,
  .options = suggested_opts,
  .options_size = sizeof(SuggestedOptions),
  .rationale =
    "People who are working the deal belong in its buying committee. A contact of the opportunity's account "
    "with at least min_activities activities (Task and Event rows whose WhoId is the contact, dated by "
    "ActivityDate, else the start or creation day) within the window_days ending at as-of, who holds no "
    "contact role on an open opportunity of that account, is suggested for it, with a Role from the [roles] "
    "title mapping. Options can differ per segment ([segments] field, e.g. Account.Type, and "
    "[check.contact-role-suggested@SEGMENT]).",
  .fix = "Add the contact as a contact role (contact-roles-to-insert.csv), with the Role its title maps to; "
         "IsPrimary is true only for the most engaged suggestion of an opportunity that has no primary. When "
         "OpportunityContactRole.csv has no IsPrimary column, whether a deal has a primary is unknown: every "
         "suggestion is written with IsPrimary false (the insert never changes a deal's primary; choose it in "
         "Salesforce).",
  .example = "Ana Ruiz (CFO) had 6 activities between 2026-11-12 and 2026-11-20 but is not a contact role of "
             "open opportunity 'Bluepeak - expansion'",
  .wants = account_columns,
  .run = suggested_run,
  .unavailable = suggested_unavailable,
};
