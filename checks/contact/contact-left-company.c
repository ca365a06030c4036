/* contact-left-company: Contact who has left the company. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

static const AuditOption left_company_opts[] = {
  {"title_markers", AUDIT_OPT_LIST, "former;ex-;retired;left;no longer",
   "title words that mark a person gone (whole words, any case, accents folded)", 0, 0,
   AUDIT_OPTION_AT(AuditLeftOptions, title_markers)},
  {0}};

static void left_company_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  g_autoptr(AuditLeftRules) rules = audit_left_rules_new(ctx);
  for (guint r = 0; r < con->nrows; r++) {
    AuditLeftEvidence ev;
    if (audit_row_repeated(con, r) || !audit_contact_left(m, rules, r, &ev))
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

/* No columns nor wants: a bounce or a title: either. */
const AuditCheck audit_check_contact_left_company = {
  .id = "contact-left-company",
  .title = "Contact who has left the company",
  .severity = AUDIT_SEV_WARNING,
  .needs = C,
  .options = left_company_opts,
  .options_size = sizeof(AuditLeftOptions),
  .rationale =
    "People change jobs: about a fifth of B2B contacts a year. A bounced email (EmailBouncedReason or "
    "IsEmailBounced) or a title that says so (Former CFO, Ex-Procurement Manager, Retired, Left company, No "
    "longer with ...) marks a person who is gone. They stay in campaigns, in buying committees and in "
    "forecasts until someone notices; their successor is usually not in the CRM at all.",
  .fix = "Confirm, mark the contact inactive or delete it, and find the successor.",
  .example = "Tobias Krüger has left the company: email bounced (550 5.1.1 User unknown)",
  .run = left_company_run,
};
