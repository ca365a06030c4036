/* contact-riffraff: Contact that is spam or a competitor. */
#include "check.h"
#include "checks.h"
#include "contact-rules.h"
#include "domain.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)

static const AuditOption convention_opts[] = {AUDIT_CONVENTION_OPTION(AuditConventionOptions), {0}};

static void riffraff_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditDomains *d = m->domains;
  GString *reasons = g_string_new(NULL);
  for (guint r = 0; r < con->nrows; r++) {
    if (audit_row_repeated(con, r))
      continue;
    guint32 id = d->contact_email[r];
    guint flags = id ? audit_domain_flags(d, id) : 0;
    const char *email = audit_text(con, r, CONTACT_EMAIL);
    char buf[256];
    const char *who = NULL;
    g_string_truncate(reasons, 0);
    gboolean competitor = (flags & AUDIT_DOMAIN_COMPETITOR) != 0;
    if (competitor)
      g_string_append_printf(reasons, "email domain %s is a competitor's", audit_domain_name(d, id));
    else {
      char folded[256];
      audit_person_fold_name(m, AUDIT_OBJ_CONTACT, r, folded, sizeof folded);
      who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
      audit_spam_reasons(d, id, email, folded, who, reasons);
    }
    if (!reasons->len && audit_placeholder_email(m, AUDIT_OBJ_CONTACT, r, reasons)) {
      /* a real person with a made-up address: find it, never delete them */
      audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "placeholder email %s (%s): find the real address", email,
                 reasons->str);
      audit_finding_rule(out, "placeholder email");
      gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
      if (a >= 0)
        audit_related(out, AUDIT_OBJ_ACCOUNT, a);
      audit_evidence_str(out, "class", "placeholder-email");
      audit_evidence_str(out, "reasons", reasons->str);
      audit_evidence_str(out, "contact", who);
      audit_evidence_str(out, "email", email);
      audit_evidence_str(out, "treatment", "find the real address");
      audit_fix_text(out, "placeholder email: find the real address of %s (%s)", who, email);
      continue;
    }
    if (!reasons->len)
      continue;
    if (!who)
      who = audit_record_name(m, AUDIT_OBJ_CONTACT, r, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_CONTACT, (gint32)r, NULL, "%s: %s", competitor ? "competitor" : "spam", reasons->str);
    audit_finding_rule(out, AUDIT_RULE_NEVER_FOLDS); /* spam and competitors are no convention */
    gint32 a = audit_ref(con, r, CONTACT_ACCOUNT);
    if (a >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, a);
    audit_evidence_str(out, "class", competitor ? "competitor" : "spam");
    audit_evidence_str(out, "reasons", reasons->str);
    audit_evidence_str(out, "contact", who);
    audit_evidence_str(out, "email", email);
    audit_evidence_str(out, "treatment", competitor ? "tag" : "delete");
    if (competitor) {
      audit_fix_text(out, "tag %s as a competitor's person (never delete: the history with them matters); keep "
                     "them out of campaigns and deal rooms", who);
    } else {
      audit_fix_text(out, "delete %s: not a real person (%s)", who, reasons->str);
      audit_fix_action(out, "delete-contact");
      audit_fix_str(out, "Id", audit_id(con, r));
    }
  }
  g_string_free(reasons, TRUE);
}

/* No columns nor wants: judges names without Email. */
const AuditCheck audit_check_contact_riffraff = {
  .id = "contact-riffraff",
  .title = "Contact that is spam or a competitor",
  .severity = AUDIT_SEV_INFO,
  .needs = C,
  .rationale =
    "Spam and competitors do not belong among customers: spam contacts (keyboard-mash or placeholder names "
    "such as asdf, Test Test or xxx, disposable email domains) inflate every "
    "count and pollute campaigns; a competitor's people (email domain in [audit] competitors) must not get "
    "customer mail or see deal rooms. The class is in evidence.class: spam is deleted, a competitor is tagged "
    "and never deleted. A placeholder email alone (a placeholder or reserved domain such as example.com, a "
    "test@ address, or an address many contacts share, such as xxx@xxx.com) is no sign of spam: class "
    "placeholder-email, find the real address.",
  .fix = "Spam: delete the contact (fixes/delete-contact.csv lists the Ids). Competitor: tag it, never delete. "
         "Placeholder email: find the real address (when most contacts have one, as in an anonymised export, one "
         "convention finding says so: convention_share).",
  .options = convention_opts,
  .options_size = sizeof(AuditConventionOptions),
  .convention_note = "an anonymised or demo export, or an org that never collected the addresses",
  .convention_fix = "find the real addresses where they matter (campaigns, routing, the contacts of open deals)",
  .example = "spam: disposable email domain mailinator.com; placeholder name 'Test Test'",
  .run = riffraff_run,
};
