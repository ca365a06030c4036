/* Unit tests for company-name normalization (auditor/company.c) and
 * account matching (auditor/match.c): blocking, scoring, the signals.
 *
 * Expected forms are written by hand from the rules in company.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "match.h"
#include "normalize.h"

static const struct {
  const char *in, *out, *legal;
} names[] = {
  {"Société Générale S.A.", "societe generale", "sa"},
  {"Müller & Söhne GmbH", "muller and sohne", "gmbh"},
  {"The Home Depot, Inc.", "home depot", "inc"},
  {"I.B.M. Corp", "ibm", "corp"},
  {"Acme, Incorporated", "acme", "inc"},
  {"ACME INC.", "acme", "inc"},
  {"acme inc", "acme", "inc"},
  {"  Acme   Inc  ", "acme", "inc"},
  {"Acme Co., Ltd.", "acme", "co ltd"},
  {"Northwind Logistics GmbH & Co. KG", "northwind logistics", "gmbh & co kg"},
  {"Kestrel Foods Pty Ltd", "kestrel foods", "pty ltd"},
  {"Kestrel Foods Pty. Limited", "kestrel foods", "pty ltd"},
  {"Blue Peak A/S", "blue peak", "as"},
  {"Nordic Paper AB (publ)", "nordic paper", "ab"},
  {"Helsinki Data Oyj", "helsinki data", "oy"},
  {"Tanaka Seimitsu K.K.", "tanaka seimitsu", "kk"},
  {"Ashgate Foods S.A. de C.V.", "ashgate foods", "sa de cv"},
  {"Oakridge Sp. z o.o.", "oakridge", "sp z oo"},
  {"Fábrica Brasil Ltda.", "fabrica brasil", "ltda"},
  {"Rossi Meccanica S.p.A.", "rossi meccanica", "spa"},
  {"Van Dijk B.V.", "van dijk", "bv"},
  {"Lumière SARL", "lumiere", "sarl"},
  {"Smith & Co", "smith", "& co"},
  {"ACME INTL MFG LLC", "acme international manufacturing", "llc"},
  {"Acme Tech", "acme technologies", NULL},
  {"Acme Technologies", "acme technologies", NULL},
  {"Ørsted A/S", "orsted", "as"},
  {"Łódź Systems", "lodz systems", NULL},
  {"Straße & Partner", "strasse and partners", NULL},
  {"Macy's", "macys", NULL},
  {"The Company", "company", NULL},       /* at least one word stays */
  {"Inc", "inc", NULL},
  {"Coca-Cola Co", "coca cola", "co"},
  {"Company Inc", "company", "inc"},      /* only the end is a legal form */
  {"トヨタ自動車", "トヨタ自動車", NULL},   /* a script without an ASCII form is kept */
};

static void test_company_names(void **state)
{
  GString *out = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    const char *legal = audit_company_normalize(names[i].in, out);
    if (strcmp(out->str, names[i].out) != 0)
      fail_msg("'%s' → '%s', expected '%s'", names[i].in, out->str, names[i].out);
    if (g_strcmp0(legal, names[i].legal) != 0)
      fail_msg("'%s': legal form '%s', expected '%s'", names[i].in, legal ? legal : "(none)",
               names[i].legal ? names[i].legal : "(none)");
  }
  g_string_free(out, TRUE);
}

static void test_phones_and_countries(void **state)
{
  char buf[40];
  const char *cc;
  assert_string_equal(audit_country_iso("United States", &cc), "US");
  assert_string_equal(cc, "1");
  assert_string_equal(audit_country_iso("U.S.A.", NULL), "US");
  assert_string_equal(audit_country_iso("Deutschland", &cc), "DE");
  assert_string_equal(audit_country_iso(" the netherlands ", NULL), "NL");
  assert_null(audit_country_iso("Atlantis", &cc));
  assert_null(cc);
  assert_null(audit_country_iso("", NULL));
  /* national and international forms of one number agree */
  audit_phone_digits("(201) 555-0123", "1", buf, sizeof buf);
  assert_string_equal(buf, "12015550123");
  audit_phone_digits("+1 201 555 0123 ext. 12", "1", buf, sizeof buf);
  assert_string_equal(buf, "12015550123");
  audit_phone_digits("030 1234567", "49", buf, sizeof buf); /* the trunk 0 goes */
  assert_string_equal(buf, "49301234567");
  audit_phone_digits("0049 30 1234567", NULL, buf, sizeof buf);
  assert_string_equal(buf, "49301234567");
  assert_int_equal(audit_phone_digits("12-34", "1", buf, sizeof buf), 0); /* too short */
  assert_string_equal(audit_phone_calling_code("+44 20 7946 0000"), "44");
  assert_string_equal(audit_phone_calling_code("00358 9 1234"), "358");
  assert_null(audit_phone_calling_code("020 7946 0000")); /* national: no code written */
}

static void test_name_similarity(void **state)
{
  const char *rule;
  assert_true(audit_name_similarity("acme", "acme", FALSE, &rule) == 1.0);
  assert_string_equal(rule, "same name");
  assert_true(audit_name_similarity("blue peak", "bluepeak", FALSE, &rule) == 1.0);
  assert_true(audit_name_similarity("peak blue", "blue peak", FALSE, &rule) == 1.0);
  assert_string_equal(rule, "same words in another order");
  /* one letter apart needs a second signal: below the default threshold alone */
  double typo = audit_name_similarity("northwind logistics", "nortwind logistics", FALSE, &rule);
  assert_string_equal(rule, "one letter apart");
  assert_true(typo > 0.7 && typo < 0.85);
  /* different companies sharing a first word */
  assert_true(audit_name_similarity("apex logistics", "apex dental", FALSE, &rule) < 0.7);
  /* an acronym counts only when allowed (the domain agrees) */
  assert_true(audit_name_similarity("ibm", "international business machines", TRUE, &rule) == 0.9);
  assert_string_equal(rule, "an acronym of the other");
  assert_true(audit_name_similarity("ibm", "international business machines", FALSE, &rule) == 0.5);
  assert_true(audit_name_similarity("acme", "acme holdings", FALSE, &rule) == 0.8);
  assert_true(audit_name_similarity("", "acme", FALSE, &rule) == 0);
}

/* A match set by hand: name (normalized), domain id, phone, city, country. */
static AuditMatchSet *set_of(guint n, const AuditMatchRecord *recs)
{
  AuditMatchSet *s = g_new0(AuditMatchSet, 1);
  s->n = n;
  s->rec = g_new0(AuditMatchRecord, n + 1);
  s->chunk = g_string_chunk_new(1024);
  for (guint i = 0; i < n; i++) {
    s->rec[i] = recs[i];
    char *flat = g_strdup(recs[i].name);
    char *o = flat;
    for (const char *p = recs[i].name; *p; p++)
      if (*p != ' ')
        *o++ = *p;
    *o = 0;
    s->rec[i].flat = g_string_chunk_insert(s->chunk, flat);
    g_free(flat);
  }
  return s;
}

static gboolean has_pair(GArray *pairs, guint a, guint b)
{
  guint64 want = (guint64)MIN(a, b) << 32 | MAX(a, b);
  for (guint i = 0; i < pairs->len; i++)
    if (g_array_index(pairs, guint64, i) == want)
      return TRUE;
  return FALSE;
}

static void test_blocking(void **state)
{
  const AuditMatchRecord recs[] = {
    {.name = "northwind logistics", .root = -1},
    {.name = "nortwind logistics", .root = -1},  /* a letter dropped */
    {.name = "northwind logsitics", .root = -1}, /* two letters swapped */
    {.name = "logistics northwind", .root = -1}, /* another order */
    {.name = "zephyr dental", .root = -1},       /* unrelated */
    {.name = "quill media", .domain = 7, .root = -1},
    {.name = "qm", .domain = 7, .root = -1},     /* same domain: a candidate whatever the name */
    {.name = "apex foods", .phone = "4930123456", .root = -1},
    {.name = "apex nutrition", .phone = "4930123456", .root = -1},
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  AuditBlockStats st;
  GArray *pairs = audit_match_candidates(s, NULL, 64, &st);
  assert_true(has_pair(pairs, 0, 1));
  assert_true(has_pair(pairs, 0, 2));
  assert_true(has_pair(pairs, 0, 3));
  assert_true(has_pair(pairs, 5, 6));
  assert_true(has_pair(pairs, 7, 8));
  for (guint i = 0; i < G_N_ELEMENTS(recs); i++)
    if (i != 4)
      assert_false(has_pair(pairs, 4, i)); /* unrelated names never meet */
  /* each pair once, sorted */
  for (guint i = 1; i < pairs->len; i++)
    assert_true(g_array_index(pairs, guint64, i - 1) < g_array_index(pairs, guint64, i));
  assert_int_equal(st.blocks_capped, 0);
  g_array_unref(pairs);
  /* no cliff: a cap of 1 puts every block of two or more over it, and each is split by the second key (city,
   * country, domain, phone, street), whose parts are compared by their nearest names: the same pairs meet,
   * and nothing is silently dropped */
  pairs = audit_match_candidates(s, NULL, 1, &st);
  assert_true(st.blocks_capped >= 5);
  assert_true(has_pair(pairs, 0, 1));
  assert_true(has_pair(pairs, 0, 3));
  assert_true(has_pair(pairs, 7, 8));
  for (guint i = 0; i < G_N_ELEMENTS(recs); i++)
    if (i != 4)
      assert_false(has_pair(pairs, 4, i));
  g_array_unref(pairs);
}

/* Another record's name against a set's (lead-matches-account): the same keys. */
static void test_name_index(void **state)
{
  const AuditMatchRecord recs[] = {
    {.name = "northwind logistics", .root = -1},
    {.name = "zephyr dental", .root = -1},
    {.name = "northwind logistics", .root = -1}, /* the same name twice: both found */
    {.name = "hooli", .root = -1},
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  g_autoptr(AuditNameIndex) x = audit_name_index_new(s, 64);
  const AuditMatchRecord probes[] = {
    {.name = "northwind logistics"}, {.name = "nortwind logistics"}, {.name = "logistics northwind"},
    {.name = "northwind logistiks"}, {.name = "hoolli"}, {.name = "hool"}, {.name = "acme"}, {.name = ""},
  };
  g_autoptr(AuditMatchSet) p = set_of(G_N_ELEMENTS(probes), probes);
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(guint32));
  const guint expect[][3] = {{2, 0, 2}, {2, 0, 2}, {2, 0, 2}, {2, 0, 2}, {1, 3, 0}, {1, 3, 0}, {0}, {0}};
  for (guint i = 0; i < G_N_ELEMENTS(probes); i++) {
    audit_name_index_lookup(x, &p->rec[i], rows);
    assert_int_equal(rows->len, expect[i][0]);
    for (guint k = 0; k < rows->len; k++)
      assert_int_equal(g_array_index(rows, guint32, k), expect[i][1 + k]);
  }
  /* a cap of 1: a key two records share is skipped */
  g_autoptr(AuditNameIndex) capped = audit_name_index_new(s, 1);
  audit_name_index_lookup(capped, &p->rec[0], rows);
  assert_int_equal(rows->len, 0);
  audit_name_index_lookup(capped, &p->rec[4], rows);
  assert_int_equal(rows->len, 1);
  g_array_unref(rows);
  /* placeholders: the built-in words, and the caller's */
  const char *const extra[] = {"self", "employed", NULL};
  assert_true(audit_company_placeholder("", NULL));
  assert_true(audit_company_placeholder("na", NULL));
  assert_true(audit_company_placeholder("test account", NULL));
  assert_false(audit_company_placeholder("self employed", NULL));
  assert_true(audit_company_placeholder("self employed", extra));
  assert_false(audit_company_placeholder("acme self", extra));
  /* in other languages, as audit_company_normalize writes them */
  static const char *const names[] = {"N/E", "N/A", "Sin Nombre S.A.", "sem nome ltda", "Sans nom", "Unbekannt GmbH",
                                      "Sconosciuto", "Неизвестно", "غير معروف", "Empresa de prueba", "Cliente",
                                      "Test sin nombre", NULL};
  GString *norm = g_string_new(NULL);
  for (guint i = 0; names[i]; i++) {
    g_string_truncate(norm, 0);
    audit_company_normalize(names[i], norm);
    if (!audit_company_placeholder(norm->str, NULL))
      fail_msg("'%s' (%s) is not a placeholder", names[i], norm->str);
  }
  static const char *const real[] = {"Sin City Bikes", "Nombre Consulting", "Nestl\xc3\xa9 S.A.",
                                     "\xd0\x9d\xd0\xb5\xd1\x84\xd1\x82\xd0\xb5\xd0\xb3\xd0\xb0\xd0\xb7", NULL};
  for (guint i = 0; real[i]; i++) {
    g_string_truncate(norm, 0);
    audit_company_normalize(real[i], norm);
    if (audit_company_placeholder(norm->str, NULL))
      fail_msg("'%s' (%s) is taken for a placeholder", real[i], norm->str);
  }
  g_string_free(norm, TRUE);
}

static void test_scoring(void **state)
{
  const AuditMatchRecord recs[] = {
    /* 0, 1: the same name, same country: a duplicate */
    {.name = "acme", .country = "US", .root = -1},
    {.name = "acme", .country = "US", .root = -1},
    /* 2, 3: the same name in another country with another website: separate legal entities */
    {.name = "globex", .country = "US", .domain = 1, .root = -1},
    {.name = "globex", .country = "DE", .domain = 2, .root = -1},
    /* 4, 5: a typo with the same website */
    {.name = "initech systems", .domain = 3, .root = -1},
    {.name = "inittech systems", .domain = 3, .root = -1},
    /* 6, 7: a typo alone */
    {.name = "initrode labs", .root = -1},
    {.name = "initrode lab", .root = -1},
    /* 8, 9: a rename under one website */
    {.name = "hooli", .domain = 4, .city = "palo alto", .root = -1},
    {.name = "nucleus", .domain = 4, .city = "palo alto", .root = -1},
    /* 10, 11: one hierarchy sharing a domain, other names: the hierarchy explains it */
    {.name = "umbrella east", .domain = 5, .root = 10},
    {.name = "umbrella west", .domain = 5, .root = 10},
    /* 12, 13: Inc vs GmbH with no countries: other jurisdictions */
    {.name = "stark", .legal = "inc", .root = -1},
    {.name = "stark", .legal = "gmbh", .root = -1},
    /* 14, 15: one letter apart with a phone only they hold: a duplicate */
    {.name = "lumentop", .phone = "15550100", .phone_n = 2, .root = -1},
    {.name = "lumenton", .phone = "15550100", .phone_n = 2, .root = -1},
    /* 16, 17: the same with a phone 4 of the 18 records hold: it says less (weight log(5/4)/log(5/3)) */
    {.name = "lumentop", .phone = "15550199", .phone_n = 4, .root = -1},
    {.name = "lumenton", .phone = "15550199", .phone_n = 4, .root = -1},
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  AuditPairScore p;
  audit_match_score(s, 0, 1, &p);
  assert_true(p.score >= 0.85);
  assert_true(p.matched & AUDIT_SIG_NAME);
  audit_match_score(s, 2, 3, &p);
  assert_true(p.score == 0);
  assert_true(p.conflicts & AUDIT_SIG_DOMAIN);
  assert_true(p.conflicts & AUDIT_SIG_COUNTRY);
  audit_match_score(s, 4, 5, &p);
  assert_true(p.score >= 0.85);
  assert_true(p.matched & AUDIT_SIG_DOMAIN);
  audit_match_score(s, 6, 7, &p);
  assert_true(p.score < 0.85);
  audit_match_score(s, 8, 9, &p);
  assert_true(p.score >= 0.85);
  audit_match_score(s, 10, 11, &p);
  assert_true(p.score < 0.85);
  assert_true(p.matched & AUDIT_SIG_HIERARCHY);
  audit_match_score(s, 12, 13, &p);
  assert_true(p.score < 0.85);
  assert_true(p.conflicts & AUDIT_SIG_COUNTRY);
  audit_match_score(s, 14, 15, &p);
  assert_float_equal(p.score, 0.88, 1e-9);
  assert_true(p.matched & AUDIT_SIG_PHONE);
  audit_match_score(s, 16, 17, &p);
  assert_float_equal(p.score, 0.78 + 0.10 * log(5.0 / 4) / log(5.0 / 3), 1e-9);
  assert_true(p.score < 0.85);
  GString *t = g_string_new(NULL);
  audit_match_signals_text(AUDIT_SIG_NAME | AUDIT_SIG_PHONE, t);
  assert_string_equal(t->str, "name, phone");
  g_string_free(t, TRUE);
}

/* Placeholders by frequency: the limit grows with log2 n (7 at 100 records,
 * 20 at a million, never below 5), a group of up to 3 keeps its full weight,
 * the weight falls with the logarithm in between, 0 from the limit on. */
static void test_value_weight(void **state)
{
  assert_int_equal(audit_common_limit(0), 5);
  assert_int_equal(audit_common_limit(10), 5);
  assert_int_equal(audit_common_limit(30), 5);
  assert_int_equal(audit_common_limit(100), 7);
  assert_int_equal(audit_common_limit(128), 7);
  assert_int_equal(audit_common_limit(129), 8);
  assert_int_equal(audit_common_limit(1000000), 20);
  for (guint c = 1; c <= 3; c++) {
    assert_true(audit_value_weight(c, 100) == 1);
    assert_true(audit_value_weight(c, 1000000) == 1);
    assert_false(audit_value_common(c, 10));
  }
  /* 100 records: log(7/c) / log(7/3) */
  assert_float_equal(audit_value_weight(4, 100), 0.6604, 1e-3);
  assert_float_equal(audit_value_weight(5, 100), 0.3971, 1e-3);
  assert_float_equal(audit_value_weight(6, 100), 0.1819, 1e-3);
  assert_true(audit_value_weight(7, 100) == 0);
  assert_true(audit_value_common(7, 100));
  assert_false(audit_value_common(6, 100));
  /* a phone on 58 accounts: a placeholder at any size of export; on 10 of a million, still a weak signal */
  assert_true(audit_value_common(58, 100) && audit_value_common(58, 1000000));
  assert_true(audit_value_weight(10, 1000000) > 0 && audit_value_weight(10, 1000000) < 0.6);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_value_weight),
    cmocka_unit_test(test_company_names),
    cmocka_unit_test(test_phones_and_countries),
    cmocka_unit_test(test_name_similarity),
    cmocka_unit_test(test_blocking),
    cmocka_unit_test(test_name_index),
    cmocka_unit_test(test_scoring),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
