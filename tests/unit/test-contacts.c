/* Unit tests for the contact checks (checks/contact/) on a small export
 * written here, each row made for one rule or one edge of it; the expected
 * findings are worked out by hand from the rows' comments. As of 2026-11-20;
 * contact-stale's cutoff is then 2025-11-20, contact-new-or-moved's
 * 2026-11-13. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib/gstdio.h>
#include <string.h>

#include "checks.h"
#include "config.h"
#include "contact-rules.h"
#include "match.h"
#include "domain.h"
#include "findings.h"
#include "derive.h"
#include "load.h"
#include "normalize.h"
#include "registry.h"

static const char account_csv[] =
  "Id,Name,Website\n"
  "001000000000001,Acme,www.acme.com\n"
  "001000000000002,Globex,https://eu.globex.com/about\n"
  "001000000000003,Initech,\n"        /* no website: its contacts' majority decides */
  "001000000000004,Split,n/a\n"       /* no usable website, contacts two and two */
  "001000000000005,Hooli US,hooli.com\n"
  "001000000000006,Hooli EU,www.hooli.com\n"
  "001000000000007,Webmail,gmail.com\n"; /* a personal website is no domain */

/* Modified recently unless the row tests contact-stale; created long ago
 * unless it tests contact-new-or-moved. */
#define OLD "2020-01-01T10:00:00.000Z"
#define NOW "2026-11-01T10:00:00.000Z"
static const char contact_csv[] =
  "Id,AccountId,FirstName,LastName,Title,Email,CreatedDate,LastModifiedDate,LastActivityDate,"
  "EmailBouncedReason,IsEmailBounced\n"
  /* domain-outlier at Acme (website acme.com) */
  "003000000000001,001000000000001,Jane,Roe,CFO,jane@acme.com," OLD "," NOW ",,,\n"        /* fine */
  "003000000000002,001000000000001,Bob,Stone,CTO,bob@globex.com," OLD "," NOW ",,,\n"      /* -> Globex */
  "003000000000003,001000000000001,Carl,Lund,,carl@sub.eu.acme.com," OLD "," NOW ",,,\n"  /* subdomain: fine */
  "003000000000004,001000000000001,Dan,Vu,,dan@gmail.com," OLD "," NOW ",,,\n"            /* personal */
  "003000000000005,001000000000001,Eve,Ng,,eve@nowhere-corp.com," OLD "," NOW ",,,\n"     /* no account */
  "003000000000006,001000000000001,Hal,Ito,,hal@hooli.com," OLD "," NOW ",,,\n"           /* two accounts */
  /* Initech: no website; initech.com held by 2 of the others of the third */
  "003000000000007,001000000000003,Ian,Ode,,ian@initech.com," OLD "," NOW ",,,\n"
  "003000000000008,001000000000003,Ivy,Ode,,ivy@initech.com," OLD "," NOW ",,,\n"
  "003000000000009,001000000000003,Yan,Mo,,yan@acme.com," OLD "," NOW ",,,\n"             /* -> Acme */
  /* Split: two and two: nobody is an outlier */
  "003000000000010,001000000000004,Pia,Ek,,pia@split1.com," OLD "," NOW ",,,\n"
  "003000000000011,001000000000004,Per,Ek,,per@split1.com," OLD "," NOW ",,,\n"
  "003000000000012,001000000000004,Rob,Ek,,rob@split2.com," OLD "," NOW ",,,\n"
  "003000000000013,001000000000004,Ros,Ek,,ros@split2.com," OLD "," NOW ",,,\n"
  /* duplicates: the same name folded in one account, the same email trimmed and in other case */
  "003000000000014,001000000000002,José,Müller,,j.muller@globex.com," OLD "," NOW ",,,\n"
  "003000000000015,001000000000002,Jose,MULLER,,jose@globex.com,2019-05-01T10:00:00.000Z," NOW ",,,\n"
  "003000000000016,001000000000005,Jo,Mill,,\" J.MULLER@GLOBEX.COM \"," OLD "," NOW ",,,\n"
  "003000000000017,001000000000006,José,Müller,,jm@hooli.com," OLD "," NOW ",,,\n"        /* other account */
  /* stale */
  "003000000000018,001000000000002,Sam,Old,,sam@globex.com," OLD ",2025-11-19T10:00:00.000Z,,,\n"  /* stale */
  "003000000000019,001000000000002,Sue,Edge,,sue@globex.com," OLD ",2025-11-20T10:00:00.000Z,,,\n" /* cutoff */
  "003000000000020,001000000000002,Sid,Task,,sid@globex.com," OLD "," OLD ",,,\n"          /* a task in 2026 */
  "003000000000021,001000000000002,Sly,Last,,sly@globex.com," OLD "," OLD ",2025-11-19,,\n" /* stale */
  /* left */
  "003000000000022,001000000000002,Tom,Ex,Ex-CFO,tom@globex.com," OLD "," NOW ",,,\n"
  "003000000000023,001000000000002,Ted,Lw,Leftwich Liaison,ted@globex.com," OLD "," NOW ",,,\n" /* not left */
  "003000000000024,001000000000002,Tia,Bn,,tia@globex.com," OLD "," NOW ",,,true\n"
  "003000000000025,001000000000002,Tim,Rs,,tim@globex.com," OLD "," NOW ",,550 User unknown,\n"
  "003000000000026,001000000000002,Tod,Rf,Reformer,tod@globex.com," OLD "," NOW ",,,false\n" /* not left */
  "003000000000027,001000000000002,Ulf,Nl,No Longer With Us,ulf@globex.com," OLD "," NOW ",,,\n"
  /* riffraff, orphans, invalid, new */
  "003000000000028,001000000000002,Test,Test,,tt@globex.com," OLD "," NOW ",,,\n"         /* name */
  "003000000000029,001000000000002,Ann,Lee,,ann@mailinator.com," OLD "," NOW ",,,\n"     /* disposable */
  "003000000000030,001000000000002,Al,Bo,,test1@globex.com," OLD "," NOW ",,,\n"          /* test@ */
  "003000000000031,001000000000002,Rita,Val,,rita@rivalco.com," OLD "," NOW ",,,\n"     /* competitor */
  "003000000000032,,Orla,Nobody,,orla@globex.com," OLD "," NOW ",,,\n"                   /* orphan */
  "003000000000033,001000000000099,Otto,Gone,,otto@globex.com," OLD "," NOW ",,,\n"      /* orphan */
  "003000000000034,001000000000002,Iva,Bad,,iva@@globex.com," OLD "," NOW ",,,\n"        /* invalid */
  "003000000000035,001000000000002,Nia,New,,nia@globex.com,2026-11-13T00:00:00.000Z," NOW ",,,\n" /* new */
  "003000000000036,001000000000002,Ned,Near,,ned@globex.com,2026-11-12T23:00:00.000Z," NOW ",,,\n"
  "003000000000037,001000000000007,Wes,Web,,wes@acme.com," OLD "," NOW ",,,\n"           /* no domain */
  /* a placeholder address shared by two people: not duplicates (spam by the domain) */
  "003000000000038,001000000000002,Kim,Ray,,x@noemail.com," OLD "," NOW ",,,\n"
  "003000000000039,001000000000002,Lou,Fox,,X@NoEmail.com," OLD "," NOW ",,,\n"
  /* at Acme, with the domain Initech's contacts hold: moved there */
  "003000000000040,001000000000001,Zed,Ray,,zed@initech.com," OLD "," NOW ",,,\n";

static const char task_csv[] =
  "Id,WhoId,ActivityDate\n"
  "00T000000000001,003000000000020,2026-01-05\n"
  "00T000000000002,003000000000015,2026-03-01\n"
  "00T000000000003,003000000000015,2026-03-02\n";

static const char opportunity_csv[] =
  "Id,AccountId,Name,StageName,IsClosed\n"
  "006000000000001,001000000000002,Globex renewal,Negotiation,false\n"
  "006000000000002,001000000000002,Globex pilot,Closed Won,true\n";

static const char role_csv[] =
  "Id,OpportunityId,ContactId,Role\n"
  "00K000000000001,006000000000001,003000000000018,Economic Buyer\n" /* stale */
  "00K000000000002,006000000000001,003000000000022,Champion\n"       /* left */
  "00K000000000003,006000000000001,003000000000019,Influencer\n"     /* fine */
  "00K000000000004,006000000000002,003000000000018,Economic Buyer\n";/* closed deal */

typedef struct {
  char *dir;
  AuditModel *m;
  AuditConfig *cfg;
} Fixture;

static void write_file(const char *dir, const char *name, const char *data)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(path, data, -1, NULL));
}

static AuditModel *load_dir(const char *dir, AuditConfig *cfg)
{
  g_autoptr(GError) error = NULL;
  AuditModel *m = audit_model_new();
  AuditLoadOptions lo = {.encoding = AUDIT_ENCODING_AUTO, .jobs = 1};
  if (!audit_model_load(m, dir, &lo, &error))
    fail_msg("load %s: %s", dir, error->message);
  audit_derive_model(m, 1);
  audit_derive_matching(m, cfg);
  return m;
}

static int setup(void **state)
{
  Fixture *f = g_new0(Fixture, 1);
  f->dir = g_dir_make_tmp("crm-audit-test-contacts-XXXXXX", NULL);
  assert_non_null(f->dir);
  write_file(f->dir, "Account.csv", account_csv);
  write_file(f->dir, "Contact.csv", contact_csv);
  write_file(f->dir, "Task.csv", task_csv);
  write_file(f->dir, "Opportunity.csv", opportunity_csv);
  write_file(f->dir, "OpportunityContactRole.csv", role_csv);
  static const char ini[] = "[audit]\ncompetitors = rivalco.com\n";
  g_autoptr(GError) error = NULL;
  f->cfg = audit_config_load_data(AUDIT_REGISTRY, "test.ini", ini, strlen(ini), &error);
  assert_non_null(f->cfg);
  f->m = load_dir(f->dir, f->cfg);
  *state = f;
  return 0;
}

static void remove_dir(const char *dir)
{
  GDir *d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *p = g_build_filename(dir, name, NULL);
    g_remove(p);
  }
  if (d)
    g_dir_close(d);
  g_rmdir(dir);
}

static int teardown(void **state)
{
  Fixture *f = *state;
  audit_model_free(f->m);
  audit_config_free(f->cfg);
  remove_dir(f->dir);
  g_free(f->dir);
  g_free(f);
  return 0;
}

static AuditSink *run_check(Fixture *f, const AuditCheck *c)
{
  gint i = audit_registry_find(c->id);
  assert_true(i >= 0);
  g_autoptr(AuditShared) shared = audit_shared_new();
  AuditContext ctx = {
    .model = f->m,
    .config = f->cfg,
    .check = c,
    .check_index = (guint)i,
    .as_of = audit_days_from_civil(2026, 11, 20),
    .nsegments = f->cfg->nsegments,
    .shared = shared,
  };
  AuditSink *s = audit_sink_new(f->m, c, c->severity);
  c->run(&ctx, s);
  audit_sink_finish(s);
  return s;
}

/* The findings' record Ids' last two digits, in order: "02,05". */
static char *records(const AuditSink *s)
{
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < audit_sink_count(s); i++) {
    const char *id = audit_finding_record_id(s, audit_sink_get(s, i));
    g_string_append_printf(out, "%s%s", i ? "," : "", id + strlen(id) - 2);
  }
  return g_string_free(out, FALSE);
}

static const AuditValue *value(const AuditSink *s, const AuditFinding *f, const char *key, gboolean fix)
{
  guint n = fix ? f->fix_n : f->ev_n;
  for (guint i = 0; i < n; i++) {
    const AuditValue *v = fix ? audit_finding_fix(s, f, i) : audit_finding_evidence(s, f, i);
    if (strcmp(v->key, key) == 0)
      return v;
  }
  return NULL;
}

static const AuditFinding *finding_of(const AuditSink *s, const char *record)
{
  for (guint i = 0; i < audit_sink_count(s); i++)
    if (strcmp(audit_finding_record_id(s, audit_sink_get(s, i)), record) == 0)
      return audit_sink_get(s, i);
  fail_msg("no finding on %s", record);
  return NULL;
}

static void assert_records(Fixture *f, const AuditCheck *c, const char *expected)
{
  g_autoptr(AuditSink) s = run_check(f, c);
  g_autofree char *got = records(s);
  if (strcmp(got, expected) != 0)
    fail_msg("%s: records %s, expected %s", c->id, got, expected);
}

static void test_domain_outlier(void **state)
{
  Fixture *f = *state;
  /* 02 bob@globex.com at Acme; 05 nowhere-corp.com; 06 hooli.com (two accounts have it); 09 acme.com at
   * Initech (initech.com held by 2 of the 2 others); 16 globex.com at Hooli US; 31 rivalco.com at Globex
   * (a competitor's domain is still a company's); 40 initech.com at Acme, moved to Initech, whose contacts
   * hold that domain (2 of its 3). Not: 03 (a subdomain), 04 (personal), 07 and 08 (the
   * others split one and one), 10-13 (two and two), 29 (disposable), 37 (a personal website is no
   * domain, and one contact no majority). */
  g_autoptr(AuditSink) s = run_check(f, &audit_check_contact_domain_outlier);
  g_autofree char *got = records(s);
  assert_string_equal(got, "02,05,06,09,16,31,40");
  const AuditFinding *bob = finding_of(s, "003000000000002");
  assert_string_equal(bob->fix_action, "move-contact");
  assert_string_equal(value(s, bob, "AccountId", TRUE)->s, "001000000000002");
  assert_string_equal(value(s, bob, "ContactId", TRUE)->s, "003000000000002");
  assert_string_equal(value(s, bob, "account_domain", FALSE)->s, "acme.com");
  const AuditFinding *eve = finding_of(s, "003000000000005");
  assert_null(eve->fix_action);
  assert_int_equal(value(s, eve, "accounts_with_contact_domain", FALSE)->i, 0);
  const AuditFinding *hal = finding_of(s, "003000000000006");
  assert_null(hal->fix_action);
  assert_int_equal(value(s, hal, "accounts_with_contact_domain", FALSE)->i, 2);
  const AuditFinding *yan = finding_of(s, "003000000000009");
  assert_string_equal(value(s, yan, "account_domain", FALSE)->s, "initech.com");
  assert_string_equal(value(s, yan, "account_domain_from", FALSE)->s, "contacts");
  assert_string_equal(value(s, yan, "AccountId", TRUE)->s, "001000000000001");
  const AuditFinding *zed = finding_of(s, "003000000000040");
  assert_string_equal(value(s, zed, "AccountId", TRUE)->s, "001000000000003");
}

static void test_email_checks(void **state)
{
  Fixture *f = *state;
  assert_records(f, &audit_check_contact_personal_email, "04");
  assert_records(f, &audit_check_contact_invalid_email, "34");
  assert_records(f, &audit_check_contact_orphan, "32,33");
}

static void test_duplicate(void **state)
{
  Fixture *f = *state;
  /* 14 and 15: José Müller / Jose MULLER in Globex; 16: 14's email in other case with spaces (another
   * account); 17: the same name in another account, not a duplicate by name. The survivor is 15: two
   * tasks. */
  g_autoptr(AuditSink) s = run_check(f, &audit_check_contact_duplicate);
  g_autofree char *got = records(s);
  assert_string_equal(got, "15");
  const AuditFinding *g = audit_sink_get(s, 0);
  assert_int_equal(g->rel_n, 2);
  assert_string_equal(audit_ref_id(f->m, audit_finding_related(s, g, 0)), "003000000000014");
  assert_string_equal(audit_ref_id(f->m, audit_finding_related(s, g, 1)), "003000000000016");
  assert_string_equal(value(s, g, "matched_on", FALSE)->s, "email, name");
}

static void test_left_stale_new(void **state)
{
  Fixture *f = *state;
  assert_records(f, &audit_check_contact_left_company, "22,24,25,27");
  assert_records(f, &audit_check_contact_stale, "18,21");
  assert_records(f, &audit_check_contact_new_or_moved, "35");
  /* the role of a stale and of a left contact on the open deal; not the closed one's */
  assert_records(f, &audit_check_contact_role_inactive_contact, "01,02");
}

static void test_riffraff(void **state)
{
  Fixture *f = *state;
  g_autoptr(AuditSink) s = run_check(f, &audit_check_contact_riffraff);
  g_autofree char *got = records(s);
  assert_string_equal(got, "28,29,30,31,38,39");
  const AuditFinding *rita = finding_of(s, "003000000000031");
  assert_string_equal(value(s, rita, "class", FALSE)->s, "competitor");
  assert_null(rita->fix_action); /* never deleted */
  const AuditFinding *ann = finding_of(s, "003000000000029");
  assert_string_equal(value(s, ann, "class", FALSE)->s, "spam");
  assert_string_equal(ann->fix_action, "delete-contact");
}

/* Placeholder person names and websites in other languages. */
static void test_placeholders_languages(void **state)
{
  static const char *const spam[] = {"Test N/A", "Prueba Prueba", "asdf N/E", "Тест", NULL};
  /* a name nobody typed is not a test record (issue 13: N/E alone is never a reason to delete) */
  static const char *const unnamed[] = {"N/E", "N/A N/A", "Sin Nombre", "Desconocido Desconocido", "Unbekannt",
                                        "Неизвестно", "N.N.", "Unknown Unknown", NULL};
  static const char *const people[] = {"Nada Ali", "Sin Ming", "Jos\xc3\xa9 N\xc3\xba\xc3\xb1""ez", "Ne Zha", NULL};
  for (guint i = 0; spam[i]; i++) {
    g_autofree char *f = audit_fold_name(spam[i]);
    if (!audit_spam_name(f))
      fail_msg("'%s' is not a placeholder name", spam[i]);
  }
  for (guint i = 0; people[i]; i++) {
    g_autofree char *f = audit_fold_name(people[i]);
    if (audit_spam_name(f))
      fail_msg("'%s' is taken for a placeholder name", people[i]);
  }
  for (guint i = 0; unnamed[i]; i++) {
    g_autofree char *f = audit_fold_name(unnamed[i]);
    if (audit_spam_name(f))
      fail_msg("'%s' (no name typed) is taken for a test name", unnamed[i]);
  }
  assert_true(audit_website_missing("N/E"));
  assert_true(audit_website_missing("sin sitio web"));
  assert_true(audit_website_missing("  Unbekannt "));
  assert_true(audit_website_missing("n/a"));
  assert_false(audit_website_missing("ne.com"));
  assert_false(audit_website_missing("www.sin-nombre.es"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_domain_outlier), cmocka_unit_test(test_email_checks), cmocka_unit_test(test_duplicate),
    cmocka_unit_test(test_left_stale_new), cmocka_unit_test(test_riffraff),
    cmocka_unit_test(test_placeholders_languages),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
