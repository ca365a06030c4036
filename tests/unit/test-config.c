/* Unit tests for auditor/config.c: the example config of INTERFACE.md, the
 * errors (each naming the file and the line), the template, and the option
 * defaults of the registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "config.h"
#include "model.h"
#include "test-util.h"
#include "normalize.h"
#include "registry.h"

/* INTERFACE.md, section "Config (INI, read with GLib's GKeyFile)", as written. */
static const char example_ini[] =
  "# GKeyFile syntax: comments are whole lines starting with '#'; lists are ';'-separated.\n"
  "[audit]\n"
  "as_of = 2026-11-20\n"
  "# links to records in the reports\n"
  "record_url = https://acme.my.salesforce.com/{id}\n"
  "# a leading '+' adds to the built-in list instead of replacing it\n"
  "personal_domains = +example-mail.com\n"
  "competitors = rivalco.com;othercorp.io\n"
  "# leads never to be sold to\n"
  "exclude = Country=North Korea;Industry=Student\n"
  "# a User field=value, or a list of User Ids\n"
  "ops_users = Department=Operations\n"
  "\n"
  "[segments]\n"
  "field = Account.Type\n"
  "\n"
  "[check.contact-role-suggested]\n"
  "min_activities = 5\n"
  "window_days = 10\n"
  "\n"
  "# per-segment override\n"
  "[check.contact-role-suggested@Strategic]\n"
  "min_activities = 3\n"
  "\n"
  "[check.account-name-format]\n"
  "enabled = false\n"
  "\n"
  "[stages]\n"
  "open = Prospecting;Discovery;Demo;Negotiation\n"
  "Demo.min_roles = 2\n"
  "Negotiation.min_roles = 3\n"
  "Negotiation.required_roles = Economic Buyer;Champion\n"
  "\n"
  "[stage-gates]\n"
  "Discovery = Prospecting_Score__c > 60\n"
  "Demo = Discovery_Score__c > 75\n"
  "Negotiation = Demo_Score__c > 80\n"
  "\n"
  "# ordered; the first pattern that matches a title wins\n"
  "[roles]\n"
  "Economic Buyer = cfo;chief financial;vp finance;controller;ceo;owner;president\n"
  "Technical Buyer = cto;cio;it director;architect;engineer\n";

/* ---- helpers ---- */

static AuditConfig *load(const char *text, GError **error)
{
  return audit_config_load_data(AUDIT_REGISTRY, "crm-audit.ini", text, strlen(text), error);
}

static AuditConfig *load_ok(const char *text)
{
  GError *error = NULL;
  AuditConfig *c = load(text, &error);
  if (!c)
    fail_msg("config refused: %s", error ? error->message : "(no message)");
  assert_null(error);
  return c;
}

/* The config must be refused with a message starting with prefix and
 * mentioning each phrase (NULL-terminated): when loaded, or (a stage the
 * default model lacks) when the stage model is resolved for an export that
 * does not say its stages. */
static void assert_config_error(const char *text, const char *prefix, ...)
{
  GError *error = NULL;
  AuditConfig *c = load(text, &error);
  if (c) {
    g_autoptr(AuditModel) m = audit_model_new();
    gboolean ok = audit_config_resolve_stages(c, m, &error);
    audit_config_free(c);
    if (ok)
      fail_msg("config accepted; expected an error starting with '%s':\n%s", prefix, text);
  }
  va_list ap;
  va_start(ap, prefix);
  assert_audit_error(error, AUDIT_ERROR_CONFIG, prefix, ap);
  va_end(ap);
}

static gint check_index(const char *id)
{
  gint i = audit_registry_find(id);
  if (i < 0)
    fail_msg("check %s is not in the registry", id);
  return i;
}

static guint option_index(const AuditCheck *chk, const char *name)
{
  for (guint o = 0; chk->options && chk->options[o].name; o++)
    if (strcmp(chk->options[o].name, name) == 0)
      return o;
  fail_msg("check %s has no option %s", chk->id, name);
  return 0;
}

static const AuditOptionValue *option_value(const AuditConfig *c, const char *id, const char *name, guint segment)
{
  gint i = check_index(id);
  const AuditCheckSettings *st = &c->checks[i];
  guint o = option_index(audit_registry[i], name);
  assert_true(o < st->noptions);
  assert_true(segment < c->nsegments);
  return &st->values[segment * st->noptions + o];
}

static void assert_strv(char **got, const char *const *expected)
{
  assert_non_null(got);
  guint n = 0;
  while (expected[n])
    n++;
  if (g_strv_length(got) != n) {
    g_autofree char *j = g_strjoinv("|", got);
    fail_msg("list '%s' has %u items, expected %u", j, g_strv_length(got), n);
  }
  for (guint i = 0; i < n; i++)
    assert_string_equal(got[i], expected[i]);
}

static const AuditStage *find_stage(const AuditConfig *c, const char *name)
{
  for (guint i = 0; i < c->stages->len; i++) {
    const AuditStage *s = c->stages->pdata[i];
    if (strcmp(s->name, name) == 0)
      return s;
  }
  return NULL;
}

static const AuditGate *find_gate(const AuditConfig *c, const char *stage)
{
  for (guint i = 0; i < c->gates->len; i++) {
    const AuditGate *g = c->gates->pdata[i];
    if (strcmp(g->stage, stage) == 0)
      return g;
  }
  return NULL;
}

static gboolean values_equal(const AuditOptionValue *a, const AuditOptionValue *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type) {
  case AUDIT_OPT_INT:
    return a->i == b->i;
  case AUDIT_OPT_DOUBLE:
    return a->d == b->d;
  case AUDIT_OPT_BOOL:
    return !a->b == !b->b;
  case AUDIT_OPT_STRING:
    return g_strcmp0(a->s, b->s) == 0;
  case AUDIT_OPT_LIST:
    return a->list && b->list && g_strv_equal((const char *const *)a->list, (const char *const *)b->list);
  case AUDIT_OPT_NONE:
    break;
  }
  return FALSE;
}

/* Every check: enabled, default severity, every option (in every segment) at
 * the value its registry default parses to. */
static void assert_registry_defaults(const AuditConfig *c)
{
  assert_non_null(c->checks);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *chk = audit_registry[i];
    const AuditCheckSettings *st = &c->checks[i];
    if (!st->enabled)
      fail_msg("%s is disabled by default", chk->id);
    if (st->severity != chk->severity)
      fail_msg("%s: severity %d, registry says %d", chk->id, st->severity, chk->severity);
    guint n = 0;
    while (chk->options && chk->options[n].name)
      n++;
    assert_int_equal(st->noptions, n);
    for (guint o = 0; o < n; o++) {
      AuditOptionValue def;
      GError *error = NULL;
      if (!audit_option_parse(&chk->options[o], chk->options[o].def, &def, &error))
        fail_msg("%s.%s default '%s' does not parse: %s", chk->id, chk->options[o].name, chk->options[o].def,
                 error->message);
      for (guint s = 0; s < c->nsegments; s++)
        if (!values_equal(&st->values[s * n + o], &def))
          fail_msg("%s.%s in segment %u differs from its default '%s'", chk->id, chk->options[o].name, s,
                   chk->options[o].def);
      audit_option_value_clear(&def);
    }
  }
}

/* ---- the example config ---- */

static void test_example_audit_group(void **state)
{
  g_autoptr(AuditConfig) c = load_ok(example_ini);
  assert_string_equal(c->path, "crm-audit.ini");
  /* 2026-01-01 = 20454 (2024-01-01 = 19723, + 366 + 365); + 304 days for
   * January..October; + 19 */
  assert_int_equal(c->as_of, 20777);
  assert_string_equal(c->record_url, "https://acme.my.salesforce.com/{id}");
  static const char *const add[] = {"example-mail.com", NULL};
  assert_strv(c->personal_domains_add, add);
  assert_null(c->personal_domains_replace);
  static const char *const competitors[] = {"rivalco.com", "othercorp.io", NULL};
  assert_strv(c->competitors, competitors);
  static const char *const exclude[] = {"Country=North Korea", "Industry=Student", NULL};
  assert_strv(c->exclude, exclude);
  static const char *const ops[] = {"Department=Operations", NULL};
  assert_strv(c->ops_users, ops);
  assert_string_equal(c->segment_field, "Type");
}

static void test_example_stages_and_gates(void **state)
{
  g_autoptr(AuditConfig) c = load_ok(example_ini);
  static const char *const open[] = {"Prospecting", "Discovery", "Demo", "Negotiation", NULL};
  assert_strv(c->stages_open, open);

  const AuditStage *demo = find_stage(c, "Demo");
  assert_non_null(demo);
  assert_int_equal(demo->min_roles, 2);
  assert_null(demo->required_roles);
  const AuditStage *neg = find_stage(c, "Negotiation");
  assert_non_null(neg);
  assert_int_equal(neg->min_roles, 3);
  static const char *const required[] = {"Economic Buyer", "Champion", NULL};
  assert_strv(neg->required_roles, required);
  const AuditStage *pro = find_stage(c, "Prospecting");
  if (pro) { /* listed only as open: no setting of its own */
    assert_int_equal(pro->min_roles, -1);
    assert_null(pro->required_roles);
  }

  assert_int_equal(c->gates->len, 3);
  static const struct {
    const char *stage, *field;
    double value;
  } gates[] = {
    {"Discovery", "Prospecting_Score__c", 60},
    {"Demo", "Discovery_Score__c", 75},
    {"Negotiation", "Demo_Score__c", 80},
  };
  for (guint i = 0; i < G_N_ELEMENTS(gates); i++) {
    const AuditGate *g = find_gate(c, gates[i].stage);
    if (!g)
      fail_msg("no gate for stage %s", gates[i].stage);
    assert_string_equal(g->field, gates[i].field);
    assert_int_equal(g->op, AUDIT_GATE_GT);
    assert_true(g->value == gates[i].value);
  }
}

static void test_example_roles(void **state)
{
  g_autoptr(AuditConfig) c = load_ok(example_ini);
  assert_true(c->roles_configured);
  assert_non_null(c->roles);
  /* [roles] replaces the default mapping: two rules, in file order */
  assert_int_equal(audit_role_map_size(c->roles), 2);
  const char *const *pats = NULL;
  assert_string_equal(audit_role_map_role(c->roles, 0, &pats), "Economic Buyer");
  static const char *const economic[] = {"cfo", "chief financial", "vp finance", "controller", "ceo", "owner",
                                         "president", NULL};
  assert_strv((char **)pats, economic);
  assert_string_equal(audit_role_map_role(c->roles, 1, &pats), "Technical Buyer");
  static const char *const technical[] = {"cto", "cio", "it director", "architect", "engineer", NULL};
  assert_strv((char **)pats, technical);

  assert_string_equal(audit_role_map_lookup(c->roles, "VP Finance"), "Economic Buyer");
  assert_string_equal(audit_role_map_lookup(c->roles, "Chief Financial Officer"), "Economic Buyer");
  assert_string_equal(audit_role_map_lookup(c->roles, "Solutions Architect"), "Technical Buyer");
  assert_string_equal(audit_role_map_lookup(c->roles, "IT Director"), "Technical Buyer");
  /* no Influencer rule any more; and "director" is not "it director" */
  assert_null(audit_role_map_lookup(c->roles, "Sales Director"));
  assert_null(audit_role_map_lookup(c->roles, "Director of Procurement"));
  assert_null(audit_role_map_lookup(c->roles, "General Counsel"));
}

static void test_example_checks(void **state)
{
  g_autoptr(AuditConfig) c = load_ok(example_ini);
  /* one segment from [check.contact-role-suggested@Strategic], after "" */
  assert_int_equal(c->nsegments, 2);
  assert_string_equal(c->segments[0], "");
  assert_string_equal(c->segments[1], "Strategic");

  const char *id = "contact-role-suggested";
  assert_int_equal(option_value(c, id, "min_activities", 0)->i, 5);
  assert_int_equal(option_value(c, id, "min_activities", 1)->i, 3);
  assert_int_equal(option_value(c, id, "window_days", 0)->i, 10);
  assert_int_equal(option_value(c, id, "window_days", 1)->i, 10); /* inherited from [check.ID] */
  assert_true(c->checks[check_index(id)].enabled);
  assert_int_equal(c->checks[check_index(id)].severity, AUDIT_SEV_WARNING);

  assert_false(c->checks[check_index("account-name-format")].enabled);
  assert_int_equal(c->checks[check_index("account-name-format")].severity, AUDIT_SEV_INFO);
  assert_true(c->checks[check_index("account-duplicate")].enabled);
  /* options of other checks are at their defaults in both segments */
  assert_int_equal(option_value(c, "account-hierarchy", "max_depth", 1)->i, 4);
}

static void test_segment_override_of_changed_default(void **state)
{
  /* a segment starts from [check.ID], not from the registry default */
  g_autoptr(AuditConfig) c = load_ok("[segments]\n"
                                     "field = Type\n"
                                     "[check.contact-role-suggested@Enterprise]\n"
                                     "window_days = 30\n"
                                     "[check.contact-role-suggested]\n"
                                     "min_activities = 7\n"
                                     "window_days = 14\n"
                                     "[check.contact-role-suggested@Mid Market]\n"
                                     "min_activities = 2\n");
  assert_string_equal(c->segment_field, "Type");
  assert_int_equal(c->nsegments, 3);
  /* segment indexes follow c->segments */
  guint ent = strcmp(c->segments[1], "Enterprise") == 0 ? 1 : 2;
  guint mid = 3 - ent;
  assert_string_equal(c->segments[ent], "Enterprise");
  assert_string_equal(c->segments[mid], "Mid Market");
  const char *id = "contact-role-suggested";
  assert_int_equal(option_value(c, id, "min_activities", 0)->i, 7);
  assert_int_equal(option_value(c, id, "window_days", 0)->i, 14);
  assert_int_equal(option_value(c, id, "min_activities", ent)->i, 7);
  assert_int_equal(option_value(c, id, "window_days", ent)->i, 30);
  assert_int_equal(option_value(c, id, "min_activities", mid)->i, 2);
  assert_int_equal(option_value(c, id, "window_days", mid)->i, 14);
}

static void test_personal_domains_replace(void **state)
{
  g_autoptr(AuditConfig) c = load_ok("[audit]\npersonal_domains = Mail.Example;+extra.example; ;\n");
  static const char *const add[] = {"extra.example", NULL};
  static const char *const rep[] = {"mail.example", NULL};
  assert_strv(c->personal_domains_add, add);
  assert_strv(c->personal_domains_replace, rep);
}

/* ---- errors: each names the file and the line ---- */

static void test_error_unknown_group(void **state)
{
  assert_config_error("[audit]\n"
                      "as_of = 2026-11-20\n"
                      "\n"
                      "[report]\n" /* line 4 */
                      "rows = 10\n",
                      "crm-audit.ini:4:1: ", "report", NULL);
}

/* [input] date_order: how dates such as 05/11/2023 are read when nothing in the file tells. */
static void test_input_date_order(void **state)
{
  g_autoptr(AuditConfig) none = load_ok("[audit]\nas_of = 2026-11-20\n");
  assert_int_equal(none->date_order, AUDIT_DAY_ORDER_NONE);
  g_autoptr(AuditConfig) dmy = load_ok("[input]\ndate_order = dmy\n");
  assert_int_equal(dmy->date_order, AUDIT_DAY_ORDER_DMY);
  g_autoptr(AuditConfig) mdy = load_ok("[input]\ndate_order = MDY \n");
  assert_int_equal(mdy->date_order, AUDIT_DAY_ORDER_MDY);
  g_autoptr(AuditConfig) ymd = load_ok("[input]\ndate_order = ymd\n");
  assert_int_equal(ymd->date_order, AUDIT_DAY_ORDER_YMD);
  assert_config_error("[input]\n"
                      "# the order\n"
                      "date_order = dd/mm/yyyy\n", /* line 3 */
                      "crm-audit.ini:3:1: ", "mdy, dmy or ymd", "'dd/mm/yyyy'", NULL);
  assert_config_error("[input]\n"
                      "date_order = dmy\n"
                      "encoding = utf-8\n", /* line 3 */
                      "crm-audit.ini:3:1: ", "'encoding'", "date_order", NULL);
  /* the template names it, commented out */
  g_autofree char *tpl = audit_config_template(AUDIT_REGISTRY);
  assert_non_null(strstr(tpl, "\n[input]\n"));
  assert_non_null(strstr(tpl, "\n# date_order = mdy\n"));
}

static void test_error_unknown_audit_key(void **state)
{
  assert_config_error("# audit settings\n"
                      "[audit]\n"
                      "as_of = 2026-11-20\n"
                      "recordurl = https://x.example/{id}\n", /* line 4 */
                      "crm-audit.ini:4:1: ", "recordurl", NULL);
}

static void test_error_unknown_check_key(void **state)
{
  assert_config_error("[check.contact-role-suggested]\n"
                      "min_activities = 4\n"
                      "# the typo below\n"
                      "min_activity = 3\n", /* line 4 */
                      "crm-audit.ini:4:1: ", "'min_activity'", NULL);
  /* the same key in another check's group is not a match */
  assert_config_error("[check.lead-engaged]\n"
                      "window_days = 20\n"
                      "[check.account-name-format]\n"
                      "window_days = 20\n", /* line 4 */
                      "crm-audit.ini:4:1: ", "'window_days'", NULL);
}

static void test_error_unknown_check(void **state)
{
  assert_config_error("[audit]\n"
                      "as_of = 2026-11-20\n"
                      "[check.account-duplicates]\n" /* line 3 */
                      "enabled = false\n",
                      "crm-audit.ini:3:1: ", "account-duplicates", NULL);
  assert_config_error("\n[check.no-such-check@Strategic]\nenabled = false\n", "crm-audit.ini:2:1: ",
                      "no-such-check", NULL);
}

static void test_error_bad_int(void **state)
{
  assert_config_error("[check.account-hierarchy]\n"
                      "max_depth = four\n", /* line 2 */
                      "crm-audit.ini:2:1: ", "max_depth", "four", NULL);
  assert_config_error("[check.contact-role-suggested]\n"
                      "window_days = 10\n"
                      "min_activities = 2.5\n", /* line 3 */
                      "crm-audit.ini:3:1: ", "min_activities", NULL);
  assert_config_error("[check.lead-engaged]\n"
                      "\n"
                      "window_days = \n", /* line 3: blank */
                      "crm-audit.ini:3:1: ", "window_days", NULL);
}

static void test_error_bad_severity(void **state)
{
  assert_config_error("[check.account-hierarchy]\n"
                      "enabled = true\n"
                      "severity = critical\n", /* line 3 */
                      "crm-audit.ini:3:1: ", "critical", NULL);
  assert_config_error("[check.account-hierarchy]\n"
                      "enabled = sometimes\n", /* line 2 */
                      "crm-audit.ini:2:1: ", "sometimes", NULL);
}

static void test_error_bad_as_of(void **state)
{
  assert_config_error("[audit]\n"
                      "as_of = 2026-02-30\n",
                      "crm-audit.ini:2:1: ", "2026-02-30", NULL);
  assert_config_error("[audit]\n"
                      "record_url = https://x.example/{id}\n"
                      "as_of = 20/11/2026\n",
                      "crm-audit.ini:3:1: ", "20/11/2026", NULL);
  assert_config_error("[audit]\n"
                      "as_of = 2026-11-20T10:00:00Z\n",
                      "crm-audit.ini:2:1: ", "as_of", NULL);
}

static void test_error_bad_gate(void **state)
{
  static const char *const bad[] = {
    "Discovery_Score__c",          /* no operator */
    "Discovery_Score__c >",        /* no number */
    "> 75",                        /* no field */
    "Discovery_Score__c > high",   /* not a number */
    "Discovery Score > 75",        /* a field name with a space */
    "Discovery_Score__c > 7 5",
  };
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autofree char *ini = g_strdup_printf("[stage-gates]\n"
                                           "Discovery = Prospecting_Score__c > 60\n"
                                           "Demo = %s\n", /* line 3 */
                                           bad[i]);
    assert_config_error(ini, "crm-audit.ini:3:1: ", "Demo", NULL);
  }
  /* the other operators */
  g_autoptr(AuditConfig) c = load_ok("[stages]\n"
                                     "open = A;B;C;D\n"
                                     "[stage-gates]\n"
                                     "A = F1 >= 1\n"
                                     "B = F2 <= 2.5\n"
                                     "C = F3 < -3\n"
                                     "D = F4 = 4\n");
  assert_int_equal(c->gates->len, 4);
  static const struct {
    const char *stage, *field;
    AuditGateOp op;
    double value;
  } want[] = {{"A", "F1", AUDIT_GATE_GE, 1}, {"B", "F2", AUDIT_GATE_LE, 2.5}, {"C", "F3", AUDIT_GATE_LT, -3},
              {"D", "F4", AUDIT_GATE_EQ, 4}};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    const AuditGate *g = find_gate(c, want[i].stage);
    assert_non_null(g);
    assert_string_equal(g->field, want[i].field);
    assert_int_equal(g->op, want[i].op);
    assert_true(g->value == want[i].value);
  }
}

static void test_error_segment_without_field(void **state)
{
  assert_config_error("[check.contact-role-suggested]\n"
                      "min_activities = 5\n"
                      "\n"
                      "[check.contact-role-suggested@Strategic]\n" /* line 4 */
                      "min_activities = 3\n",
                      "crm-audit.ini:4:1: ", "segments", NULL);
}

/* enabled and severity per segment: each segment starts from [check.ID] */
static void test_enabled_severity_per_segment(void **state)
{
  g_autoptr(AuditConfig) c = load_ok("[segments]\n"
                                     "field = Account.RecordType\n"
                                     "[check.account-missing-website]\n"
                                     "severity = error\n"
                                     "[check.account-missing-website@Store]\n"
                                     "enabled = false\n"
                                     "[check.account-name-format@Partner]\n"
                                     "severity = warning\n"
                                     "[check.account-name-format]\n"
                                     "enabled = false\n");
  assert_string_equal(c->segment_field, "RecordType");
  assert_int_equal(c->nsegments, 3);
  guint partner = strcmp(c->segments[1], "Partner") == 0 ? 1 : 2, store = 3 - partner;
  assert_string_equal(c->segments[store], "Store");
  const AuditCheckSettings *web = &c->checks[check_index("account-missing-website")];
  assert_true(web->enabled);
  assert_int_equal(web->severity, AUDIT_SEV_ERROR);
  assert_true(web->seg_enabled[0]);
  assert_false(web->seg_enabled[store]);
  assert_true(web->seg_enabled[partner]);
  assert_int_equal(web->seg_severity[partner], AUDIT_SEV_ERROR); /* from [check.ID] */
  assert_int_equal(web->seg_severity[store], AUDIT_SEV_ERROR);
  assert_true(audit_check_enabled_somewhere(web, c->nsegments));
  /* [check.ID] enabled = false, listed after the segment's group: the segments still start from it */
  const AuditCheckSettings *name = &c->checks[check_index("account-name-format")];
  assert_false(name->enabled);
  assert_false(name->seg_enabled[partner]);
  assert_false(name->seg_enabled[store]);
  assert_int_equal(name->seg_severity[partner], AUDIT_SEV_WARNING);
  assert_int_equal(name->seg_severity[store], AUDIT_SEV_INFO);
  assert_false(audit_check_enabled_somewhere(name, c->nsegments));
  /* off everywhere but in one segment: the check runs */
  g_autoptr(AuditConfig) d = load_ok("[segments]\n"
                                     "field = Account.Type\n"
                                     "[check.account-stagnant]\n"
                                     "enabled = false\n"
                                     "[check.account-stagnant@Key]\n"
                                     "enabled = true\n");
  const AuditCheckSettings *st = &d->checks[check_index("account-stagnant")];
  assert_false(st->enabled);
  assert_true(st->seg_enabled[1]);
  assert_true(audit_check_enabled_somewhere(st, d->nsegments));
  /* still a bad value is refused, on its line */
  assert_config_error("[segments]\n"
                      "field = Account.Type\n"
                      "[check.contact-role-suggested@Strategic]\n"
                      "min_activities = 3\n"
                      "severity = fatal\n", /* line 5 */
                      "crm-audit.ini:5:1: ", "severity", "fatal", NULL);
}

static void test_error_other(void **state)
{
  /* a stage setting for a stage that is not open */
  assert_config_error("[stages]\n"
                      "open = Prospecting;Demo\n"
                      "Negotiation.min_roles = 3\n",
                      "crm-audit.ini:3:1: ", "Negotiation", NULL);
  assert_config_error("[stages]\n"
                      "Demo.min_roles = two\n",
                      "crm-audit.ini:2:1: ", "Demo.min_roles", NULL);
  assert_config_error("[stages]\n"
                      "Demo.max_roles = 2\n",
                      "crm-audit.ini:2:1: ", "Demo.max_roles", NULL);
  assert_config_error("[segments]\n"
                      "field = Contact.Department\n",
                      "crm-audit.ini:2:1: ", "Contact.Department", NULL);
  assert_config_error("[audit]\n"
                      "record_url = https://x.example/record\n",
                      "crm-audit.ini:2:1: ", "{id}", NULL);
  /* record_url becomes links: https:// with a host only (issue 21) */
  assert_config_error("[audit]\n"
                      "record_url = javascript:alert(1)//{id}\n",
                      "crm-audit.ini:2:1: ", "https://", "javascript:alert(1)//{id}", NULL);
  assert_config_error("[audit]\n"
                      "record_url = http://x.example/{id}\n",
                      "crm-audit.ini:2:1: ", "https://", NULL);
  assert_config_error("[audit]\n"
                      "record_url = https:///{id}\n",
                      "crm-audit.ini:2:1: ", "https://", NULL);
  assert_config_error("[audit]\n"
                      "record_url = https://x.example/{id}\"onclick=\"x\n",
                      "crm-audit.ini:2:1: ", "https://", NULL);
  assert_config_error("[audit]\n"
                      "exclude = Country=North Korea;Student\n",
                      "crm-audit.ini:2:1: ", "Student", NULL);
  /* GKeyFile's own syntax errors name a line too */
  assert_config_error("[audit]\n"
                      "as_of = 2026-11-20\n"
                      "this line has no equals sign\n",
                      "crm-audit.ini:3:1: ", NULL);
  assert_config_error("# a key before any group\n"
                      "as_of = 2026-11-20\n"
                      "[audit]\n",
                      "crm-audit.ini:2:1: ", NULL);
  assert_config_error("[audit]\n"
                      "as_of = 2026-11-20\n"
                      "\n"
                      "[check.account-stagnant\n",
                      "crm-audit.ini:4:1: ", NULL);
}

/* ---- defaults and the template ---- */

static void test_defaults(void **state)
{
  GError *error = NULL;
  g_autoptr(AuditConfig) c = audit_config_load(AUDIT_REGISTRY, NULL, &error);
  assert_non_null(c);
  assert_null(error);
  assert_null(c->path);
  assert_int_equal(c->as_of, AUDIT_DAY_NONE);
  assert_null(c->record_url);
  assert_null(c->segment_field);
  assert_int_equal(c->nsegments, 1);
  assert_null(c->stages_open);
  assert_int_equal(c->gates->len, 0);
  assert_false(c->roles_configured);
  assert_non_null(c->roles);
  assert_string_equal(audit_role_map_lookup(c->roles, "Sales Director"), "Influencer");
  assert_registry_defaults(c);

  /* an empty file is the defaults too */
  g_autoptr(AuditConfig) e = load_ok("");
  assert_int_equal(e->nsegments, 1);
  assert_registry_defaults(e);
}

static void test_template(void **state)
{
  g_autofree char *tpl = audit_config_template(AUDIT_REGISTRY);
  assert_non_null(tpl);
  GError *error = NULL;
  g_autoptr(AuditConfig) c = audit_config_load_data(AUDIT_REGISTRY, "template.ini", tpl, strlen(tpl), &error);
  if (!c)
    fail_msg("the template does not parse: %s", error ? error->message : "(no message)");
  assert_registry_defaults(c);
  /* every check has its group in the template */
  for (guint i = 0; i < audit_registry_size; i++) {
    g_autofree char *group = g_strdup_printf("\n[check.%s]\n", audit_registry[i]->id);
    if (!strstr(tpl, group))
      fail_msg("the template has no [check.%s]", audit_registry[i]->id);
  }
  assert_int_equal(c->as_of, AUDIT_DAY_NONE);

  /* the template's [roles] is the default mapping, rule for rule */
  g_autoptr(AuditRoleMap) def = audit_role_map_new_default();
  assert_int_equal(audit_role_map_size(c->roles), audit_role_map_size(def));
  for (guint i = 0; i < audit_role_map_size(def); i++) {
    const char *const *a, *const *b;
    assert_string_equal(audit_role_map_role(c->roles, i, &a), audit_role_map_role(def, i, &b));
    assert_true(g_strv_equal(a, b));
  }
  static const char *const titles[] = {"CFO", "VP Finance", "Director of Procurement", "Sales Director",
                                       "Solutions Architect", "Marketing Coordinator", "Gerente General",
                                       "Director de Compras", "Teamleiter Vertrieb", "Technischer Gesch\xc3\xa4"
                                       "ftsf\xc3\xbchrer", "\xd0\x98\xd0\xa2-\xd0\xb4\xd0\xb8\xd1\x80"
                                       "\xd0\xb5\xd0\xba\xd1\x82\xd0\xbe\xd1\x80", NULL};
  for (guint i = 0; titles[i]; i++)
    if (g_strcmp0(audit_role_map_lookup(c->roles, titles[i]), audit_role_map_lookup(def, titles[i])) != 0)
      fail_msg("the template maps '%s' differently from the default mapping", titles[i]);
  /* the built-in role names are shown, commented */
  assert_non_null(strstr(tpl, "\n# [role-names]\n# Decision Maker = Decision Maker;Tomador de decisi\xc3\xb3n;"));
}

/* [role-names]: an org's own contact role names stand for the standard
 * roles, added to the built-in names of the eight languages. */
static void test_role_names(void **state)
{
  /* built in, with no config */
  g_autoptr(AuditConfig) d = load_ok("");
  assert_string_equal(audit_role_canonical(d, "Tomador de decisi\xc3\xb3n"), "Decision Maker");
  assert_string_equal(audit_role_canonical(d, "\xd0\x9b\xd0\xb8\xd1\x86\xd0\xbe, "
                                              "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbd\xd0\xb8\xd0\xbc\xd0\xb0"
                                              "\xd1\x8e\xd1\x89\xd0\xb5\xd0\xb5 \xd1\x80\xd0\xb5\xd1\x88"
                                              "\xd0\xb5\xd0\xbd\xd0\xb8\xd0\xb5"),
                      "Decision Maker"); /* Лицо, принимающее решение */
  assert_string_equal(audit_role_canonical(d, "Comprador econ\xc3\xb3mico"), "Economic Buyer");
  assert_string_equal(audit_role_canonical(d, "Patrocinador"), "Champion");
  assert_string_equal(audit_role_canonical(d, "D\xc3\xa9" "cideur"), "Decision Maker");
  assert_string_equal(audit_role_canonical(d, "Entscheider"), "Decision Maker");
  assert_string_equal(audit_role_canonical(d, "economic buyer"), "Economic Buyer");
  /* a name it does not know is itself */
  const char *own = "Gatekeeper";
  assert_ptr_equal(audit_role_canonical(d, own), own);

  /* configured names are added, and win over the built-in ones */
  g_autoptr(AuditConfig) c = load_ok("[role-names]\n"
                                     "Decision Maker = Responsable final;Tomador de decisi\xc3\xb3n\n"
                                     "Executive Sponsor = Patrocinador\n"
                                     "Gatekeeper = Portero\n");
  assert_string_equal(audit_role_canonical(c, "RESPONSABLE FINAL"), "Decision Maker");
  assert_string_equal(audit_role_canonical(c, "Patrocinador"), "Executive Sponsor");
  assert_string_equal(audit_role_canonical(c, "Portero"), "Gatekeeper");
  assert_string_equal(audit_role_canonical(c, "Comprador econ\xc3\xb3mico"), "Economic Buyer");
  /* [role-names] leaves the title mapping alone */
  assert_false(c->roles_configured);
  assert_string_equal(audit_role_map_lookup(c->roles, "Gerente General"), "Economic Buyer");

  assert_config_error("[role-names]\nDecision Maker =\n", "crm-audit.ini:2:1:", "Decision Maker", "names", NULL);
  /* [roles] patterns in other scripts, with prefixes, suffixes and exclusions */
  g_autoptr(AuditConfig) r = load_ok("[roles]\n"
                                     "Head = \xd0\xb4\xd0\xb8\xd1\x80\xd0\xb5\xd0\xba\xd1\x82\xd0\xbe\xd1\x80*;"
                                     "*leiter;!teamleiter\n"); /* директор* */
  assert_true(r->roles_configured);
  assert_string_equal(audit_role_map_lookup(r->roles, "\xd0\x94\xd0\xb8\xd1\x80\xd0\xb5\xd0\xba\xd1\x82"
                                                      "\xd0\xbe\xd1\x80\xd0\xb0"), "Head"); /* Директора */
  assert_string_equal(audit_role_map_lookup(r->roles, "Vertriebsleiter"), "Head");
  assert_null(audit_role_map_lookup(r->roles, "Teamleiter"));
  assert_null(audit_role_map_lookup(r->roles, "Gerente General")); /* [roles] replaced the default mapping */
  assert_config_error("[role-name]\nDecision Maker = x\n", "crm-audit.ini:1:1:", "[role-names]", NULL);
}

/* The option defaults of CHECKS.md, by hand. */
static void test_catalogue_defaults(void **state)
{
  g_autoptr(AuditConfig) c = audit_config_load(AUDIT_REGISTRY, NULL, NULL);
  assert_non_null(c);
  assert_true(fabs(option_value(c, "account-duplicate", "threshold", 0)->d - 0.85) < 1e-12);
  static const char *const required[] = {"BillingCountry", "BillingCity", NULL};
  assert_strv(option_value(c, "account-missing-address", "required", 0)->list, required);
  assert_int_equal(option_value(c, "account-hierarchy", "max_depth", 0)->i, 4);
  assert_int_equal(option_value(c, "account-new-review", "window_days", 0)->i, 35);
  assert_int_equal(option_value(c, "account-stagnant", "window_days", 0)->i, 365);
  assert_int_equal(option_value(c, "contact-stale", "window_days", 0)->i, 365);
  assert_int_equal(option_value(c, "contact-new-or-moved", "window_days", 0)->i, 7);
  assert_int_equal(option_value(c, "contact-role-suggested", "min_activities", 0)->i, 5);
  assert_int_equal(option_value(c, "contact-role-suggested", "window_days", 0)->i, 10);
  assert_int_equal(option_value(c, "lead-engaged", "window_days", 0)->i, 30);
  /* default severities */
  assert_int_equal(c->checks[check_index("account-duplicate")].severity, AUDIT_SEV_ERROR);
  assert_int_equal(c->checks[check_index("account-name-format")].severity, AUDIT_SEV_INFO);
  assert_int_equal(c->checks[check_index("contact-domain-outlier")].severity, AUDIT_SEV_WARNING);
  assert_int_equal(c->checks[check_index("opportunity-missing-contact-roles")].severity, AUDIT_SEV_ERROR);
  assert_int_equal(c->checks[check_index("record-invalid-value")].severity, AUDIT_SEV_WARNING);
}

/* Every check with options reads them as its options struct (options_size),
 * per segment, holding the values the config resolved by name: every check,
 * every option, each type. */
static void test_typed_options(void **state)
{
  g_autoptr(AuditConfig) c = load_ok("[segments]\n"
                                     "field = Type\n"
                                     "[check.account-duplicate]\n"
                                     "threshold = 0.9\n"
                                     "[check.account-duplicate@Partner]\n"
                                     "threshold = 0.95\n"
                                     "[check.contact-left-company@Partner]\n"
                                     "title_markers = gone; away\n"
                                     "[check.lead-matches-account]\n"
                                     "converted_status = Converted\n"
                                     "[check.account-new-review@Partner]\n"
                                     "window_days = 60\n"
                                     "convention_share = 0.2\n");
  guint typed = 0;
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *chk = audit_registry[i];
    const AuditCheckSettings *st = &c->checks[i];
    if (!st->noptions) {
      assert_int_equal(chk->options_size, 0);
      assert_null(st->typed);
      continue;
    }
    if (!chk->options_size)
      fail_msg("%s has options but no options struct (options_size)", chk->id);
    typed++;
    for (guint s = 0; s < c->nsegments; s++) {
      AuditContext ctx = {.config = c, .check = chk, .check_index = i, .nsegments = c->nsegments};
      const guint8 *opts = audit_ctx_options(&ctx, s);
      for (guint o = 0; o < st->noptions; o++) {
        const AuditOptionValue *v = &st->values[s * st->noptions + o];
        const void *at = opts + chk->options[o].offset;
        switch (chk->options[o].type) {
        case AUDIT_OPT_INT: assert_true(*(const gint64 *)at == v->i); break;
        case AUDIT_OPT_DOUBLE: assert_true(*(const double *)at == v->d); break;
        case AUDIT_OPT_BOOL: assert_int_equal(*(const gboolean *)at, v->b); break;
        case AUDIT_OPT_STRING: assert_ptr_equal(*(char *const *)at, v->s); break;
        case AUDIT_OPT_LIST: assert_ptr_equal(*(char **const *)at, v->list); break;
        case AUDIT_OPT_NONE: fail_msg("%s.%s has no type", chk->id, chk->options[o].name);
        }
      }
    }
  }
  assert_true(typed >= 10);
  gint i = check_index("account-duplicate");
  AuditContext ctx = {.config = c, .check = audit_registry[i], .check_index = (guint)i, .nsegments = c->nsegments};
  assert_true(*(const double *)audit_ctx_options(&ctx, 0) == 0.9); /* threshold, the struct's first field */
  assert_true(*(const double *)audit_ctx_options(&ctx, 1) == 0.95);
  assert_true(*(const double *)audit_ctx_options(&ctx, 99) == 0.9); /* no such segment: the default */
  /* a list, a string, and the convention share every folding check has first */
  i = check_index("contact-left-company");
  ctx = (AuditContext){.config = c, .check = audit_registry[i], .check_index = (guint)i, .nsegments = c->nsegments};
  const char *const *markers = *(const char *const *const *)audit_ctx_options(&ctx, 1);
  assert_string_equal(markers[0], "gone");
  assert_string_equal(markers[1], "away");
  assert_null(markers[2]);
  assert_string_equal((*(const char *const *const *)audit_ctx_options(&ctx, 0))[0], "former");
  i = check_index("lead-matches-account");
  ctx = (AuditContext){.config = c, .check = audit_registry[i], .check_index = (guint)i, .nsegments = c->nsegments};
  assert_string_equal(*(const char *const *)audit_ctx_options(&ctx, 1), "Converted");
  i = check_index("account-new-review");
  ctx = (AuditContext){.config = c, .check = audit_registry[i], .check_index = (guint)i, .nsegments = c->nsegments};
  assert_true(((const AuditConventionOptions *)audit_ctx_options(&ctx, 1))->convention_share == 0.2);
  assert_true(((const AuditConventionOptions *)audit_ctx_options(&ctx, 0))->convention_share == 0.5);
  for (guint k = 0; k < audit_registry_size; k++)
    if (audit_check_folds(audit_registry[k]))
      assert_int_equal(audit_registry[k]->options[option_index(audit_registry[k], "convention_share")].offset, 0);
}

static void test_option_parse(void **state)
{
  const AuditOption oi = {"n", AUDIT_OPT_INT, "5", "h", 1, 10};
  const AuditOption oany = {"n", AUDIT_OPT_INT, "5", "h", 0, 0};
  const AuditOption od = {"d", AUDIT_OPT_DOUBLE, "0.5", "h", 0, 0};
  const AuditOption ob = {"b", AUDIT_OPT_BOOL, "true", "h", 0, 0};
  const AuditOption os = {"s", AUDIT_OPT_STRING, "x", "h", 0, 0};
  const AuditOption ol = {"l", AUDIT_OPT_LIST, "a;b", "h", 0, 0};
  AuditOptionValue v;
  GError *error = NULL;

  assert_true(audit_option_parse(&oi, " 7 ", &v, NULL));
  assert_int_equal(v.i, 7);
  assert_true(audit_option_parse(&oi, "10", &v, NULL));
  assert_int_equal(v.i, 10);
  assert_false(audit_option_parse(&oi, "11", &v, &error));
  assert_true(g_error_matches(error, AUDIT_ERROR, AUDIT_ERROR_CONFIG));
  g_clear_error(&error);
  assert_false(audit_option_parse(&oi, "0", &v, NULL));
  assert_false(audit_option_parse(&oi, "seven", &v, NULL));
  assert_true(audit_option_parse(&oany, "-40000000000", &v, NULL));
  assert_true(v.i == G_GINT64_CONSTANT(-40000000000));

  assert_true(audit_option_parse(&od, "0.85", &v, NULL));
  assert_true(v.d == 0.85);
  assert_false(audit_option_parse(&od, "", &v, NULL));
  assert_false(audit_option_parse(&od, "85%", &v, NULL));

  assert_true(audit_option_parse(&ob, "FALSE", &v, NULL));
  assert_false(v.b);
  assert_true(audit_option_parse(&ob, "yes", &v, NULL));
  assert_true(v.b);
  assert_false(audit_option_parse(&ob, "", &v, NULL));

  assert_true(audit_option_parse(&os, "  hello world ", &v, NULL));
  assert_string_equal(v.s, "hello world");
  audit_option_value_clear(&v);
  assert_null(v.s);

  assert_true(audit_option_parse(&ol, " a ; b;;c ", &v, NULL));
  static const char *const abc[] = {"a", "b", "c", NULL};
  assert_strv(v.list, abc);
  audit_option_value_clear(&v);
  assert_true(audit_option_parse(&ol, "", &v, NULL));
  assert_non_null(v.list);
  assert_null(v.list[0]);
  audit_option_value_clear(&v);
}


/* The stage model: the catalogue's default, or [stages] open in order. */
static void test_stage_model(void **state)
{
  g_autoptr(AuditConfig) d = load_ok("");
  static const struct {
    const char *name;
    guint rank, min;
    const char *required;
  } defaults[] = {
    {"Prospecting", 0, 0, ""}, {"qualification", 1, 1, ""}, {"Discovery", 1, 1, ""},
    {" Needs Analysis ", 1, 1, ""}, {"Demo", 2, 2, ""}, {"Proposal/Price Quote", 2, 2, ""},
    {"Negotiation", 3, 3, "Economic Buyer|Champion"}, {"Negotiation/Review", 3, 3, "Economic Buyer|Champion"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(defaults); i++) {
    const AuditStageDef *s = audit_stage_model_find(d, defaults[i].name);
    if (!s)
      fail_msg("default stage model: no %s", defaults[i].name);
    assert_int_equal(s->rank, defaults[i].rank);
    assert_int_equal(s->min_roles, defaults[i].min);
    g_autofree char *req = g_strjoinv("|", s->required_roles);
    assert_string_equal(req, defaults[i].required);
  }
  assert_null(audit_stage_model_find(d, "Closed Won"));
  assert_null(audit_stage_model_find(d, "Negotiations")); /* never guessed */
  assert_null(audit_config_gate(d, "Demo"));

  /* a default stage's setting without [stages] open */
  g_autoptr(AuditConfig) e = load_ok("[stages]\nNegotiation.min_roles = 5\n");
  assert_int_equal(audit_stage_model_find(e, "Negotiation")->min_roles, 5);
  assert_int_equal(audit_stage_model_find(e, "Negotiation/Review")->min_roles, 3);

  /* the interface's example: position is rank and default min_roles */
  g_autoptr(AuditConfig) c = load_ok(example_ini);
  assert_int_equal(c->stage_model->len, 4);
  static const struct {
    const char *name;
    guint rank, min;
    const char *required;
  } want[] = {{"Prospecting", 0, 0, ""}, {"Discovery", 1, 1, ""}, {"Demo", 2, 2, ""},
              {"Negotiation", 3, 3, "Economic Buyer|Champion"}};
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    const AuditStageDef *s = c->stage_model->pdata[i];
    assert_string_equal(s->name, want[i].name);
    assert_int_equal(s->rank, want[i].rank);
    assert_int_equal(s->min_roles, want[i].min);
    g_autofree char *req = g_strjoinv("|", s->required_roles);
    assert_string_equal(req, want[i].required);
  }
  assert_null(audit_stage_model_find(c, "Qualification"));

  /* stage names compare case- and accent-insensitively, in the config too */
  g_autoptr(AuditConfig) es = load_ok("[stages]\nopen = Prospección;Negociación;Revisión\n"
                                      "NEGOCIACION.min_roles = 4\n[stage-gates]\nrevision = Score__c > 5\n");
  const AuditStageDef *neg = audit_stage_model_find(es, " negociacion ");
  assert_non_null(neg);
  assert_string_equal(neg->name, "Negociación");
  assert_int_equal(neg->min_roles, 4);
  assert_int_equal(audit_stage_model_find(es, "REVISIÓN")->rank, 2);
  assert_non_null(audit_config_gate(es, "Revisión"));
  assert_null(audit_stage_model_find(es, "Negociaciones"));
  assert_true(audit_stage_name_equal("Closed - Won", "closed won"));
  assert_false(audit_stage_name_equal("Negotiation", "Negotiation/Review"));
  const char *const open[] = {"Prospección", "Negociación", NULL};
  assert_true(audit_stage_is_open("PROSPECCION", open));
  assert_false(audit_stage_is_open("Closed Won", open));
  const AuditGate *g = audit_config_gate(c, "demo");
  assert_non_null(g);
  assert_string_equal(g->field, "Discovery_Score__c");
}

static void test_error_stage_not_in_model(void **state)
{
  /* a gate on a stage the model does not have */
  assert_config_error("[stages]\n"
                      "open = Prospecting;Discovery\n"
                      "[stage-gates]\n"
                      "Discovery = Prospecting_Score__c > 60\n"
                      "Demo = Discovery_Score__c > 75\n", /* line 5 */
                      "crm-audit.ini:5:1: ", "Demo", "stage model", NULL);
  assert_config_error("[stage-gates]\n"
                      "Qualification = Prospecting_Score__c > 60\n"
                      "Discovry = Discovery_Score__c > 75\n", /* line 3: a typo */
                      "crm-audit.ini:3:1: ", "Discovry", "[stages] open", NULL);
  /* a setting for a stage the default model does not have */
  assert_config_error("[audit]\n"
                      "as_of = 2026-11-20\n"
                      "[stages]\n"
                      "Closing.min_roles = 4\n", /* line 4 */
                      "crm-audit.ini:4:1: ", "Closing", "[stages] open", NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_example_audit_group),
    cmocka_unit_test(test_example_stages_and_gates),
    cmocka_unit_test(test_example_roles),
    cmocka_unit_test(test_example_checks),
    cmocka_unit_test(test_segment_override_of_changed_default),
    cmocka_unit_test(test_personal_domains_replace),
    cmocka_unit_test(test_error_unknown_group),
    cmocka_unit_test(test_error_unknown_audit_key),
    cmocka_unit_test(test_input_date_order),
    cmocka_unit_test(test_error_unknown_check_key),
    cmocka_unit_test(test_error_unknown_check),
    cmocka_unit_test(test_error_bad_int),
    cmocka_unit_test(test_error_bad_severity),
    cmocka_unit_test(test_error_bad_as_of),
    cmocka_unit_test(test_error_bad_gate),
    cmocka_unit_test(test_stage_model),
    cmocka_unit_test(test_error_stage_not_in_model),
    cmocka_unit_test(test_error_segment_without_field),
    cmocka_unit_test(test_enabled_severity_per_segment),
    cmocka_unit_test(test_error_other),
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_template),
    cmocka_unit_test(test_role_names),
    cmocka_unit_test(test_catalogue_defaults),
    cmocka_unit_test(test_typed_options),
    cmocka_unit_test(test_option_parse),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
