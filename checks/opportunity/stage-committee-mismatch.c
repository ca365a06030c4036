/* stage-committee-mismatch: Open opportunity whose buying committee is
 * smaller than its stage needs. */
#include "check.h"
#include "checks.h"
#include "normalize.h"
#include "stage-rules.h"

#include <math.h>
#include <string.h>

#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define R AUDIT_BIT(AUDIT_OBJ_CONTACT_ROLE)

/* Equal but for case and surrounding whitespace (no allocation: per role). */
static gboolean text_equal(const char *a, const char *b)
{
  while (g_ascii_isspace(*a))
    a++;
  while (g_ascii_isspace(*b))
    b++;
  gsize la = strlen(a), lb = strlen(b);
  while (la && g_ascii_isspace(a[la - 1]))
    la--;
  while (lb && g_ascii_isspace(b[lb - 1]))
    lb--;
  return la == lb && g_ascii_strncasecmp(a, b, la) == 0;
}

/* Opportunities at a stage the model does not know: one note per stage name. */
typedef struct {
  gint32 first; /* the opportunity with the lowest Id */
  guint count;
  char *name;   /* as written by the first one seen */
} UnknownStage;

static void unknown_stage_free(gpointer p)
{
  UnknownStage *u = p;
  g_free(u->name);
  g_free(u);
}

static const char *const committee_columns[] = {"Opportunity.StageName", "OpportunityContactRole.OpportunityId",
                                                "OpportunityContactRole.ContactId", "OpportunityContactRole.Role",
                                                NULL};

/* The committee: distinct contacts holding a non-blank role. A contact that
 * is not in the export (a private contact) counts by its Id. */
#define DUPLICATE (-9)
typedef struct {
  gint32 contact;   /* row, -1 when not in the export, DUPLICATE for a person already counted */
  char id[16];      /* when not in the export */
  const char *role; /* one of the roles it holds */
} Member;

static void committee_of(const AuditModel *m, guint opp, GArray *members)
{
  const AuditTable *roles = &m->tables[AUDIT_OBJ_CONTACT_ROLE];
  g_array_set_size(members, 0);
  guint32 role;
  AUDIT_LINK_FOREACH(m->opportunity_roles, opp, role) {
    const char *name = audit_text(roles, role, ROLE_ROLE);
    if (audit_is_blank(name))
      continue;
    Member x = {audit_ref(roles, role, ROLE_CONTACT), "", name};
    if (x.contact < 0) {
      x.contact = -1;
      const char *raw = audit_text(roles, role, ROLE_CONTACT);
      gsize len = audit_id_normalize(raw, MIN(strlen(raw), 18), x.id);
      if (len == 0)
        continue; /* no contact: nobody */
      x.id[MIN(len, 15)] = '\0';
    }
    gboolean seen = FALSE;
    for (guint i = 0; i < members->len && !seen; i++) {
      const Member *y = &g_array_index(members, Member, i);
      seen = x.contact >= 0 ? y->contact == x.contact : y->contact < 0 && strcmp(y->id, x.id) == 0;
    }
    g_array_append_val(members, x);
    if (seen)
      g_array_index(members, Member, members->len - 1).contact = DUPLICATE; /* the same person again */
  }
}

static guint committee_size(const GArray *members)
{
  guint n = 0;
  for (guint i = 0; i < members->len; i++)
    n += g_array_index(members, Member, i).contact != DUPLICATE;
  return n;
}

static gboolean committee_holds(const AuditConfig *cfg, const GArray *members, const char *role)
{
  /* compared as standard roles: "Tomador de decisión" holds the Decision Maker */
  const char *want = audit_role_canonical(cfg, role);
  for (guint i = 0; i < members->len; i++)
    if (text_equal(audit_role_canonical(cfg, g_array_index(members, Member, i).role), want))
      return TRUE;
  return FALSE;
}

static gboolean committee_has_contact(const GArray *members, gint32 contact)
{
  for (guint i = 0; i < members->len; i++)
    if (g_array_index(members, Member, i).contact == contact)
      return TRUE;
  return FALSE;
}

/* A contact of the account, not on the committee, whose title maps to role:
 * a candidate to name in the fix. */
static const char NOT_MAPPED_YET[] = "";

static gint32 candidate_for(const AuditContext *ctx, gint32 account, const GArray *members, const char *role,
                            const char **mapped_roles, GHashTable *titles)
{
  const AuditModel *m = ctx->model;
  if (account < 0)
    return -1;
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  guint32 c;
  AUDIT_LINK_FOREACH(m->account_contacts, (guint)account, c) {
    if (committee_has_contact(members, (gint32)c))
      continue;
    /* each contact's title is mapped once, each distinct title once */
    if (mapped_roles[c] == NOT_MAPPED_YET) {
      const char *title = audit_text(contacts, c, CONTACT_TITLE);
      gpointer v;
      if (!g_hash_table_lookup_extended(titles, title, NULL, &v)) {
        v = (gpointer)audit_role_map_lookup(ctx->config->roles, title);
        g_hash_table_insert(titles, (gpointer)title, v);
      }
      mapped_roles[c] = v;
    }
    const char *mapped = mapped_roles[c];
    if (mapped && text_equal(audit_role_canonical(ctx->config, mapped), audit_role_canonical(ctx->config, role)))
      return (gint32)c;
  }
  return -1;
}

/* One note per stage name, case and accents ignored. */
static void note_unknown_stage(GHashTable *unknown, const AuditTable *opps, guint r)
{
  g_autofree char *folded = audit_fold_name(audit_text(opps, r, OPPORTUNITY_STAGE));
  UnknownStage *u = g_hash_table_lookup(unknown, folded);
  if (!u) {
    u = g_new0(UnknownStage, 1);
    u->first = (gint32)r;
    u->name = g_strstrip(g_strdup(audit_text(opps, r, OPPORTUNITY_STAGE)));
    g_hash_table_insert(unknown, g_steal_pointer(&folded), u);
  } else if (strcmp(audit_id(opps, r), audit_id(opps, (guint)u->first)) < 0)
    u->first = (gint32)r;
  u->count++;
}

static void emit_unknown_stages(const AuditContext *ctx, AuditSink *out, GHashTable *unknown, const char *what)
{
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, unknown);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const UnknownStage *u = v;
    const char *stage = u->name;
    g_autofree char *key = g_strdup_printf("unknown-stage:%s", stage);
    audit_emit(out, AUDIT_OBJ_OPPORTUNITY, u->first, key,
               "stage '%s' of %u open opportunit%s is not in the stage model: %s", *stage ? stage : "(blank)",
               u->count, u->count == 1 ? "y" : "ies", what);
    audit_finding_severity(out, AUDIT_SEV_INFO);
    audit_evidence_str(out, "stage", stage);
    audit_evidence_int(out, "opportunities", u->count);
    audit_evidence_bool(out, "stage_model_configured", ctx->config->stages_open != NULL);
    audit_evidence_bool(out, "stage_model_inferred", ctx->config->stage_model_from != NULL);
    if (ctx->config->stages_open)
      audit_fix_text(out, "add the stage to [stages] open, in its place in the order, or correct the stage of these "
                     "opportunities");
    else if (ctx->config->stage_model_from)
      audit_fix_text(out, "list the org's open stages in [stages] open (the stage model inferred from the export, "
                     "from %s, could not place this stage)", ctx->config->stage_model_from);
    else
      audit_fix_text(out, "list the org's open stages in [stages] open (the export does not say their order, and "
                     "the default model knows the catalogue's and Salesforce's standard stage names only)");
  }
}

static void committee_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *contacts = &m->tables[AUDIT_OBJ_CONTACT];
  g_autoptr(GHashTable) unknown = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, unknown_stage_free);
  g_autoptr(GArray) members = g_array_new(FALSE, FALSE, sizeof(Member));
  g_autoptr(GHashTable) stages = g_hash_table_new(g_str_hash, g_str_equal);
  g_autofree const char **mapped_roles = NULL; /* per contact, made when first needed */
  g_autoptr(GHashTable) titles = g_hash_table_new(g_str_hash, g_str_equal); /* title → role */
  /* one cause, one finding: a deal with no contact role at all is
   * opportunity-missing-contact-roles' finding, when that check runs */
  gboolean roleless_reported = audit_ctx_check_runs(ctx, "opportunity-missing-contact-roles");
  for (guint r = 0; r < opps->nrows; r++) {
    if (!audit_opportunity_is_open(m, r))
      continue;
    const char *stage = audit_text(opps, r, OPPORTUNITY_STAGE);
    const AuditStageDef *def = checks_stage_of(ctx->config, stages, stage);
    if (!def) {
      note_unknown_stage(unknown, opps, r);
      continue;
    }
    if (roleless_reported && audit_link_count(&m->opportunity_roles, r) == 0)
      continue;
    committee_of(m, r, members);
    guint n = committee_size(members);
    guint nmissing = 0;
    for (guint i = 0; def->required_roles[i]; i++)
      nmissing += !committee_holds(ctx->config, members, def->required_roles[i]);
    if (n >= def->min_roles && nmissing == 0)
      continue;
    g_autoptr(GString) missing = g_string_new(NULL);
    g_autoptr(GString) missing_or = g_string_new(NULL);
    for (guint i = 0, k = 0; def->required_roles[i]; i++)
      if (!committee_holds(ctx->config, members, def->required_roles[i]))
        g_string_append_printf(missing, "%s%s", k++ ? "; " : "", def->required_roles[i]);
    /* "Economic Buyer or Champion" for the message */
    {
      g_auto(GStrv) parts = g_strsplit(missing->str, "; ", -1);
      for (guint i = 0; parts[i]; i++)
        g_string_append_printf(missing_or, "%s%s", i == 0 ? "" : parts[i + 1] ? ", " : " or ", parts[i]);
    }
    const char *name = audit_text(opps, r, OPPORTUNITY_NAME);
    g_autofree char *size = n ? g_strdup_printf("a buying committee of %u", n) : g_strdup("no buying committee");
    if (n < def->min_roles && nmissing)
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
                 "open opportunity '%s' at stage %s has %s (the stage needs %u) and no %s", name, def->name, size,
                 def->min_roles, missing_or->str);
    else if (n < def->min_roles)
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL, "open opportunity '%s' at stage %s has %s; the stage needs %u",
                 name, def->name, size, def->min_roles);
    else
      audit_emit(out, AUDIT_OBJ_OPPORTUNITY, (gint32)r, NULL,
                 "open opportunity '%s' at stage %s has no %s among its %u committee member%s", name, def->name,
                 missing_or->str, n, n == 1 ? "" : "s");
    gint32 acc = audit_ref(opps, r, OPPORTUNITY_ACCOUNT);
    if (acc >= 0)
      audit_related(out, AUDIT_OBJ_ACCOUNT, acc);
    checks_opportunity_evidence(m, out, r);
    audit_evidence_int(out, "committee_size", n);
    audit_evidence_int(out, "min_roles", def->min_roles);
    audit_evidence_str(out, "missing_roles", missing->str);
    g_autoptr(GString) held = g_string_new(NULL);
    for (guint i = 0; i < members->len; i++) {
      const char *role = g_array_index(members, Member, i).role;
      gboolean dup = FALSE;
      for (guint j = 0; j < i && !dup; j++)
        dup = text_equal(g_array_index(members, Member, j).role, role);
      if (!dup)
        g_string_append_printf(held, "%s%s", held->len ? "; " : "", role);
    }
    audit_evidence_str(out, "roles", held->str);

    g_autoptr(GString) fix = g_string_new(NULL);
    if (n < def->min_roles)
      g_string_append_printf(fix, "add %u more contact role%s", def->min_roles - n, def->min_roles - n == 1 ? "" : "s");
    if (nmissing) {
      g_auto(GStrv) roles_list = g_strsplit(missing->str, "; ", -1);
      g_autofree char *and_list = g_strjoinv(" and ", roles_list);
      g_string_append_printf(fix, "%sadd %s with Role %s", fix->len ? "; " : "",
                             nmissing == 1 ? "a contact role" : "contact roles", and_list);
      g_auto(GStrv) parts = g_strsplit(missing->str, "; ", -1);
      for (guint i = 0; parts[i]; i++) {
        if (!mapped_roles) {
          mapped_roles = g_new(const char *, MAX(contacts->nrows, 1));
          for (guint k = 0; k < contacts->nrows; k++)
            mapped_roles[k] = NOT_MAPPED_YET;
        }
        gint32 c = candidate_for(ctx, acc, members, parts[i], mapped_roles, titles);
        if (c < 0)
          continue;
        char buf[256];
        g_string_append_printf(fix, "; %s (%s) could be the %s", audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)c, buf,
                                                                               sizeof buf),
                               audit_text(contacts, (guint)c, CONTACT_TITLE), parts[i]);
      }
    }
    audit_fix_text(out, "%s, or move the opportunity back to the stage its committee supports", fix->str);
  }
  emit_unknown_stages(ctx, out, unknown, "their committees are not checked");
}

const AuditCheck audit_check_stage_committee_mismatch = {
  .id = "stage-committee-mismatch",
  .title = "Open opportunity whose buying committee is smaller than its stage needs",
  .severity = AUDIT_SEV_ERROR,
  .needs = O | R,
  .columns = committee_columns,
  .rationale =
    "A deal advances when more of the buyer's people are involved: each stage of the stage model needs a "
    "minimum buying committee (distinct contacts holding a non-blank Role) and late stages need specific "
    "roles, such as an Economic Buyer and a Champion in Negotiation. An opportunity whose committee lags its "
    "stage is single-threaded or mis-staged, and its forecast is at risk. The model comes from [stages] "
    "(open = the stages in order; STAGE.min_roles, default the stage's position from 0; "
    "STAGE.required_roles). Without open it is inferred from the export: the open stages in the order of "
    "Opportunity.StageSortOrder, else OpportunityStage.csv's SortOrder, else the median Probability per "
    "stage; open, won and lost from IsClosed and IsWon; stage k of n open stages needs k - 1 people and the "
    "last an Economic Buyer and a Champion (Salesforce's standard stage names keep the default's committees); "
    "the summary says what was inferred. When the export does not say, the catalogue's default: Prospecting "
    "0; Qualification, Discovery, Needs Analysis 1; Demo, Proposal, Value Proposition, Id. Decision Makers, "
    "Perception Analysis, Proposal/Price Quote 2; Negotiation, Negotiation/Review 3 with Economic Buyer and "
    "Champion. Stage names compare case- and accent-insensitively. A stage the model does not know is "
    "reported once (info), never guessed. An open deal with no contact role at all is "
    "opportunity-missing-contact-roles' finding, not this check's (one cause, one finding), unless that "
    "check does not run.",
  .fix = "Add the missing people as contact roles (a contact of the account whose title maps to a missing role "
         "is named), or move the opportunity back to the stage its committee supports.",
  .example = "open opportunity 'Northwind - 250 seats' at stage Negotiation/Review has a buying committee of 2 "
             "(the stage needs 3) and no Economic Buyer or Champion",
  .run = committee_run,
  .uses_stage_model = TRUE,
};
