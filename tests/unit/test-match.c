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
#include "street.h"

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
  {"Blue Peak, Aktieselskab", "blue peak", "as"},
  {"Vandermolen Naamloze Vennootschap", "vandermolen", "nv"},
  {"Stahlwerk Aktiengesellschaft", "stahlwerk", "ag"},
  {"VANDERMOLEN ELEKTR., NAAMLOZE VE", "vandermolen elektr", "nv"}, /* a field cut short */
  {"Nordhavn Marine Akti", "nordhavn marine", NULL},                  /* aktieselskab or aktiengesellschaft */
  {"Deutsche Gesellschaft", "deutsche gesellschaft", NULL},          /* a whole word */
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

/* One company's many spellings, names only: a one-word name meets the
 * longer names holding its word; with one legal form it is their short
 * name, with another (or none) it says nothing; a field cut short ends in a
 * piece of a word. */
static void test_spellings(void **state)
{
  const AuditMatchRecord recs[] = {
    {.name = "vandermolen", .legal = "nv", .root = -1},
    {.name = "koninklijke vandermolen elektronica", .legal = "nv", .root = -1},
    {.name = "vandermolen transport", .legal = "bv", .root = -1},
    {.name = "vandermolen bakkerij", .root = -1},
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  AuditBlockStats st;
  g_autoptr(GArray) pairs = audit_match_candidates(s, NULL, 64, &st);
  assert_true(has_pair(pairs, 0, 1));
  assert_true(has_pair(pairs, 0, 2));
  AuditPairScore p;
  audit_match_score(s, 0, 1, &p);
  assert_true(p.score >= 0.85);
  audit_match_score(s, 0, 2, &p);
  assert_true(p.score < 0.85);
  audit_match_score(s, 0, 3, &p);
  assert_true(p.score < 0.85);
  /* one site under a neighbourhood's name and its city's, with one postal code: candidates by the address */
  const AuditMatchRecord site[] = {
    {.name = "cafe luna", .address = "49 hauptstr", .city = "berlin", .postal = "10178", .root = -1},
    {.name = "caffe lune", .address = "49 hauptstr", .city = "kreuzberg", .postal = "10178", .root = -1},
  };
  g_autoptr(AuditMatchSet) s2 = set_of(G_N_ELEMENTS(site), site);
  g_autoptr(GArray) p2 = audit_match_candidates(s2, NULL, 64, &st);
  assert_true(has_pair(p2, 0, 1));
  assert_true(audit_name_similarity("vandermolen ro", "royal vandermolen elektronica", FALSE, NULL) >= 0.85);
  assert_true(audit_name_similarity("vandermolen tr", "royal vandermolen elektronica", FALSE, NULL) < 0.85);
  assert_true(audit_name_similarity("ro vandermolen", "royal vandermolen elektronica", FALSE, NULL) < 0.85);
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

/* Street addresses: house number and street in matching form. */
static void test_street(void **state)
{
  static const struct {
    const char *in, *house, *street;
  } cases[] = {
    {"12 Main St.", "12", "main street"},
    {"12 MAIN STREET", "12", "main street"},
    {"Suite 200, 12 Main Street", "12", "main street"},
    {"12 Main St\nFloor 3", "12", "main street"},
    {"350 5th Ave", "350", "5 avenue"},
    {"350 Fifth Avenue", "350", "5 avenue"},
    {"1 N. Michigan Blvd", "1", "north michigan boulevard"},
    {"Hauptstraße 12", "12", "hauptstr"},
    {"Hauptstr. 12", "12", "hauptstr"},
    {"12, rue Oberkampf", "12", "rue oberkampf"},
    {"12 r. Oberkampf", "12", "rue oberkampf"},
    {"40 bd Voltaire", "40", "boulevard voltaire"},
    {"Calle Mayor, 24", "24", "calle mayor"},
  };
  GString *house = g_string_new(NULL), *street = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    if (!audit_street_normalize(cases[i].in, house, street))
      fail_msg("'%s': no address", cases[i].in);
    if (strcmp(house->str, cases[i].house) || strcmp(street->str, cases[i].street))
      fail_msg("'%s' → '%s' '%s', expected '%s' '%s'", cases[i].in, house->str, street->str, cases[i].house,
               cases[i].street);
  }
  /* no site: a post office box, no number, blank */
  assert_false(audit_street_normalize("PO Box 1234", house, street));
  assert_false(audit_street_normalize("Main Street", house, street));
  assert_false(audit_street_normalize("", house, street));
  assert_int_equal(house->len, 0);
  g_string_free(house, TRUE);
  g_string_free(street, TRUE);
}

/* Names that differ in their digits are different stores, never a typo;
 * many spellings of one company share their words. */
static void test_name_words_and_digits(void **state)
{
  const char *rule;
  assert_true(audit_name_similarity("store 12", "store 13", FALSE, &rule) < 0.75);
  assert_string_equal(rule, "different numbers");
  assert_true(audit_name_similarity("xx aaa 1234567", "xx aaa 1234568", FALSE, &rule) < 0.75);
  assert_true(audit_name_similarity("branch 7 acme", "branch 8 acme", FALSE, &rule) < 0.75);
  /* a letter typo beside the same number still is one */
  assert_true(audit_name_similarity("acme store 12", "acme stoer 12", FALSE, &rule) == 0.78);
  /* words shortened: KONINK ~ koninklijke */
  assert_true(audit_name_similarity("electronics konink philips", "koninklijke philips electronics", FALSE, &rule) >=
              0.9);
  assert_string_equal(rule, "the same words, some shortened");
  assert_true(audit_name_similarity("philips electronics", "koninklijke philips electronics", FALSE, &rule) >= 0.85);
  assert_true(audit_name_similarity("apex logistics", "apex dental", FALSE, &rule) < 0.7);
  assert_true(audit_name_word_overlap("electronics konink philips", "koninklijke philips electronics") == 1.0);
  assert_true(audit_name_word_overlap("apex logistics", "apex dental") < 0.5);
  assert_true(audit_name_word_overlap("apex", "") == 0);
}

/* Street, city, jurisdictions: the rules of issue 15. */
static void test_scoring_sites(void **state)
{
  const AuditMatchRecord recs[] = {
    /* 0, 1: one organisation's two sites: same name, same phone and website, another number on the street */
    {.name = "little stars daycare", .phone = "12125550100", .domain = 9, .house = "12", .street = "main street",
     .address = "12 main street", .city = "boston", .root = -1},
    {.name = "little stars daycare", .phone = "12125550100", .domain = 9, .house = "48", .street = "main street",
     .address = "48 main street", .city = "boston", .root = -1},
    /* 2, 3: one restaurant in two guides: a neighbourhood for its city, the same phone */
    {.name = "art deli", .phone = "12125550111", .city = "manhattan", .root = -1},
    {.name = "art delicatessen", .phone = "12125550111", .city = "new york", .root = -1},
    /* 4, 5: "new york city" is "new york" */
    {.name = "carnegie deli", .city = "new york city", .root = -1},
    {.name = "carnegie deli", .city = "new york", .root = -1},
    /* 6, 7: two identical Acme GmbH in Boston */
    {.name = "acme", .legal = "gmbh", .country = "US", .city = "boston", .root = -1},
    {.name = "acme", .legal = "gmbh", .country = "US", .city = "boston", .root = -1},
    /* 8, 9: a GmbH without a country against an Inc in the US: other jurisdictions still */
    {.name = "stark", .legal = "gmbh", .root = -1},
    {.name = "stark", .legal = "inc", .country = "US", .root = -1},
    /* 10, 11: the same site: the street address matches */
    {.name = "bay dental", .house = "7", .street = "harbor road", .address = "7 harbor road", .city = "sausalito",
     .root = -1},
    {.name = "bay dental care", .house = "7", .street = "harbor road", .address = "7 harbor road",
     .city = "sausalito", .root = -1},
    /* 12, 13: one name on two streets of one city: two sites; 14: with a legal form, one legal entity */
    {.name = "little stars daycare", .house = "3", .street = "elm street", .address = "3 elm street",
     .city = "boston", .root = -1},
    {.name = "little stars daycare", .house = "9", .street = "oak avenue", .address = "9 oak avenue",
     .city = "boston", .root = -1},
    {.name = "little stars daycare", .legal = "llc", .house = "5", .street = "pine road", .address = "5 pine road",
     .city = "boston", .root = -1},
    /* 15, 16: a neighbourhood for its city, only the street address shared; 17: the same address in another
     * town (another postal code) */
    {.name = "carmine", .house = "90", .street = "thompson street", .address = "90 thompson street",
     .city = "new york", .postal = "10012", .root = -1},
    {.name = "carmine", .house = "90", .street = "thompson street", .address = "90 thompson street",
     .city = "soho", .root = -1},
    {.name = "carmine", .house = "90", .street = "thompson street", .address = "90 thompson street",
     .city = "albany", .postal = "12207", .root = -1},
    /* 18, 19: a name many records hold (left out), one street address */
    {.name = "", .common_name = "sunny days", .house = "4", .street = "bay road", .address = "4 bay road",
     .city = "boston", .root = -1},
    {.name = "", .common_name = "sunny days", .house = "4", .street = "bay road", .address = "4 bay road",
     .city = "boston", .root = -1},
    /* 20, 21: two names under one group's website at two street addresses: sister companies, no rename */
    {.name = "juniper textiles", .domain = 5, .address = "291 broadway", .city = "boston", .root = -1},
    {.name = "juniper packaging", .domain = 5, .address = "234 market street", .city = "boston", .root = -1},
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  AuditPairScore p;
  audit_match_score(s, 0, 1, &p);
  assert_true(p.score < 0.85);
  assert_true(p.conflicts & AUDIT_SIG_STREET);
  assert_true(p.weight[7] <= -0.30);
  assert_true(p.score <= 0.5);
  audit_match_score(s, 2, 3, &p);
  assert_true(p.conflicts & AUDIT_SIG_CITY);
  assert_float_equal(p.weight[4], 0, 1e-9); /* the city conflict weighs nothing beside the same phone */
  assert_true(p.score >= 0.85);
  audit_match_score(s, 4, 5, &p);
  assert_false(p.conflicts & AUDIT_SIG_CITY);
  audit_match_score(s, 6, 7, &p);
  assert_false(p.conflicts & AUDIT_SIG_COUNTRY);
  assert_true(p.score >= 0.85);
  audit_match_score(s, 8, 9, &p);
  assert_true(p.conflicts & AUDIT_SIG_COUNTRY);
  audit_match_score(s, 10, 11, &p);
  assert_true(p.matched & AUDIT_SIG_STREET);
  assert_float_equal(p.weight[7], 0.10, 1e-9);
  /* the same address held by many records weighs less (term frequency) */
  s->rec[10].address_n = s->rec[11].address_n = 4;
  audit_match_score(s, 10, 11, &p);
  assert_true(p.weight[7] > 0 && p.weight[7] < 0.10);
  audit_match_score(s, 12, 13, &p);
  assert_true(p.conflicts & AUDIT_SIG_STREET);
  assert_true(p.score <= 0.5);
  assert_true(audit_match_sites_differ(&s->rec[12], &s->rec[13]));
  assert_false(audit_match_sites_differ(&s->rec[12], &s->rec[14]));
  audit_match_score(s, 15, 16, &p);
  assert_true(p.matched & AUDIT_SIG_STREET);
  assert_float_equal(p.weight[4], 0, 1e-9);
  assert_true(p.score >= 0.85);
  audit_match_score(s, 15, 17, &p);
  assert_false(p.matched & AUDIT_SIG_STREET);
  assert_true(p.score < 0.85);
  audit_match_score(s, 18, 19, &p);
  assert_true(p.score >= 0.85);
  s->rec[19].address = "6 bay road";
  audit_match_score(s, 18, 19, &p);
  assert_true(p.score < 0.85);
  audit_match_score(s, 20, 21, &p);
  assert_true(p.score < 0.85);
  s->rec[21].address = NULL; /* one address: a rename still */
  audit_match_score(s, 20, 21, &p);
  assert_true(p.score >= 0.85);
}

static void add_pair(GArray *pairs, guint32 a, guint32 b, double score, guint matched)
{
  AuditScoredPair p = {MIN(a, b), MAX(a, b), {.score = score, .matched = matched}};
  g_array_append_val(pairs, p);
}

/* 0 and 2 stand for a child and its parent: never one group. */
static gboolean not_0_and_2(guint32 a, guint32 b, gpointer data)
{
  return !((a == 0 && b == 2) || (a == 2 && b == 0));
}

/* Groups best score first: a duplicate of a parent goes to the parent, not
 * to the parent's child it resembles less, whatever their row order. */
static void test_groups_best_first(void **state)
{
  const AuditMatchRecord recs[] = {
    {.name = "acme europe", .root = 2}, /* 0: the child */
    {.name = "acme", .root = -1},       /* 1: a duplicate of the parent */
    {.name = "acme", .root = 2},        /* 2: the parent */
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  s->rec[1].root = 2; /* it may be watched too */
  g_autoptr(GArray) pairs = g_array_new(FALSE, FALSE, sizeof(AuditScoredPair));
  add_pair(pairs, 0, 1, 0.86, AUDIT_SIG_NAME); /* in row order, this pair comes first */
  add_pair(pairs, 1, 2, 1.00, AUDIT_SIG_NAME | AUDIT_SIG_PHONE);
  g_autoptr(AuditMatchGroups) g = audit_match_groups_new(s, pairs, not_0_and_2, NULL);
  assert_int_equal(g->ngroups, 1);
  assert_int_equal(g->group[0], -1);
  assert_int_equal(g->group[1], g->group[2]);
  assert_int_equal(g->pair_start[1], 1);
  assert_int_equal(g->pairs[0].a, 1);
  assert_int_equal(g->pairs[0].b, 2);
  assert_true(g->merge_evidence[0]);
}

/* Two sites never share a group, however the pairs chain: a site written
 * twice (0, 1) does not take in the organisation's other site (2). */
static void test_groups_sites_apart(void **state)
{
  const AuditMatchRecord recs[] = {
    {.name = "little stars", .address = "12 main street", .city = "boston", .root = -1},
    {.name = "little stars", .address = "12 main street", .city = "boston", .root = -1},
    {.name = "little stars", .address = "48 main street", .city = "boston", .root = -1},
    {.name = "little stars", .root = -1}, /* no address: joins */
  };
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  g_autoptr(GArray) pairs = g_array_new(FALSE, FALSE, sizeof(AuditScoredPair));
  add_pair(pairs, 0, 1, 1.00, AUDIT_SIG_NAME);
  add_pair(pairs, 1, 3, 0.95, AUDIT_SIG_NAME);
  add_pair(pairs, 2, 3, 0.90, AUDIT_SIG_NAME);
  g_autoptr(AuditMatchGroups) g = audit_match_groups_new(s, pairs, NULL, NULL);
  assert_int_equal(g->ngroups, 1);
  assert_int_equal(g->group[0], g->group[1]);
  assert_int_equal(g->group[0], g->group[3]);
  assert_int_equal(g->group[2], -1);
}

/* A group lists its best spanning tree: n - 1 pairs for n members; merge
 * evidence when strong pairs join all of them, counting pairs off the tree. */
static void test_groups_spanning_tree(void **state)
{
  AuditMatchRecord recs[6];
  for (guint i = 0; i < G_N_ELEMENTS(recs); i++)
    recs[i] = (AuditMatchRecord){.name = "acme", .root = -1};
  g_autoptr(AuditMatchSet) s = set_of(G_N_ELEMENTS(recs), recs);
  g_autoptr(GArray) pairs = g_array_new(FALSE, FALSE, sizeof(AuditScoredPair));
  /* 0..4 all with all, by name alone, and 0-4 again agreeing on the phone; 5 alone */
  for (guint a = 0; a < 5; a++)
    for (guint b = a + 1; b < 5; b++)
      add_pair(pairs, a, b, 0.9, AUDIT_SIG_NAME);
  add_pair(pairs, 0, 4, 0.95, AUDIT_SIG_NAME | AUDIT_SIG_PHONE);
  g_autoptr(AuditMatchGroups) g = audit_match_groups_new(s, pairs, NULL, NULL);
  assert_int_equal(g->ngroups, 1);
  assert_int_equal(g->member_start[1], 5);
  assert_int_equal(g->pair_start[1], 4);
  assert_true(g->pairs[0].s.score == 0.95); /* best first */
  assert_int_equal(g->pairs_above, 11);
  assert_false(g->merge_evidence[0]); /* the phone joins 0 and 4 only */
  g_autoptr(GArray) strong = g_array_new(FALSE, FALSE, sizeof(AuditScoredPair));
  for (guint a = 0; a < 5; a++)
    for (guint b = a + 1; b < 5; b++)
      add_pair(strong, a, b, 0.9, a == 0 ? AUDIT_SIG_STREET : AUDIT_SIG_NAME);
  g_autoptr(AuditMatchGroups) g2 = audit_match_groups_new(s, strong, NULL, NULL);
  assert_true(g2->merge_evidence[0]); /* 0-1, 0-2, 0-3, 0-4 agree on the street */
}

/* No cliff: a block larger than the cap is split, records identical on
 * every feature are linked to one representative, and what is still not
 * compared is counted. */
static void test_blocking_over_cap(void **state)
{
  enum { N = 200 };
  AuditMatchRecord recs[N + 1];
  for (guint i = 0; i < N; i++)
    recs[i] = (AuditMatchRecord){.name = "acme widgets", .city = "boston", .sig = 42, .root = -1};
  recs[N] = (AuditMatchRecord){.name = "zephyr", .root = -1};
  g_autoptr(AuditMatchSet) s = set_of(N + 1, recs);
  AuditBlockStats st;
  GArray *pairs = audit_match_candidates(s, NULL, 64, &st);
  for (guint i = 1; i < N; i++)
    assert_true(has_pair(pairs, 0, i)); /* each linked to the first */
  assert_true(pairs->len < 2 * N);   /* linear, not N^2 / 2 */
  assert_true(st.blocks_capped >= 1);
  assert_true(st.records_linked >= N - 1);
  assert_int_equal(st.pairs_not_compared, 0);
  g_array_unref(pairs);
  /* the same names in N different cities: compared by nearest names, the rest counted */
  char cities[N][16];
  for (guint i = 0; i < N; i++) {
    g_snprintf(cities[i], sizeof cities[i], "city %u", i);
    s->rec[i].city = cities[i];
    s->rec[i].sig = i;
  }
  pairs = audit_match_candidates(s, NULL, 64, &st);
  assert_true(st.pairs_not_compared > 0);
  assert_true(pairs->len < (guint)N * 10);
  g_array_unref(pairs);
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
    cmocka_unit_test(test_street),
    cmocka_unit_test(test_name_words_and_digits),
    cmocka_unit_test(test_scoring_sites),
    cmocka_unit_test(test_groups_best_first),
    cmocka_unit_test(test_spellings),
    cmocka_unit_test(test_groups_spanning_tree),
    cmocka_unit_test(test_groups_sites_apart),
    cmocka_unit_test(test_blocking_over_cap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
