/* The sink: per-segment enabled and severity where findings are emitted (a
 * record's segment through its account), and the folding of a format rule
 * most records break into one convention finding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include <glib/gstdio.h>

#include "config.h"
#include "findings.h"
#include "derive.h"
#include "load.h"
#include "registry.h"

static void write_file(const char *dir, const char *name, const char *data)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(path, data, -1, NULL));
}

/* An export of `stores` accounts of segment value 1 ("Store") then
 * `customers` of value 2 ("Customer"), one contact at the first customer and
 * one lead; config segments follow config (NULL: none). */
static AuditModel *model_new(guint stores, guint customers, const AuditConfig *cfg)
{
  g_autofree char *dir = g_dir_make_tmp("crm-audit-test-findings-XXXXXX", NULL);
  assert_non_null(dir);
  GString *acc = g_string_new("Id,Name\n");
  for (guint i = 0; i < stores + customers; i++)
    g_string_append_printf(acc, "001%012u,%s %u\n", i, i < stores ? "STORE" : "Customer", i);
  write_file(dir, "Account.csv", acc->str);
  g_string_free(acc, TRUE);
  g_autofree char *contacts = g_strdup_printf("Id,AccountId,LastName\n003000000000001,001%012u,Lee\n", stores);
  write_file(dir, "Contact.csv", contacts);
  write_file(dir, "Lead.csv", "Id,LastName,Company\n00Q000000000001,Kim,Kim Co\n");
  AuditModel *m = audit_model_new();
  AuditLoadOptions opts = {.encoding = AUDIT_ENCODING_UTF8, .jobs = 1};
  GError *error = NULL;
  gboolean loaded = audit_model_load(m, dir, &opts, &error);
  if (loaded)
    audit_derive_model(m, 1);
  static const char *const files[] = {"Account.csv", "Contact.csv", "Lead.csv"};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *path = g_build_filename(dir, files[i], NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
  if (!loaded)
    fail_msg("loading: %s", error->message);
  /* what run.c's map_segments sets: every value, and the configured ones */
  m->segment_values = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(m->segment_values, g_strdup("Store"));
  g_ptr_array_add(m->segment_values, g_strdup("Customer"));
  m->account_segment_value = g_new0(guint32, stores + customers);
  if (cfg && cfg->segment_field)
    m->account_segment = g_new0(gint16, stores + customers);
  for (guint i = 0; i < stores + customers; i++) {
    m->account_segment_value[i] = i < stores ? 1 : 2;
    for (guint s = 1; m->account_segment && s < cfg->nsegments; s++)
      if (strcmp(cfg->segments[s], i < stores ? "Store" : "Customer") == 0)
        m->account_segment[i] = (gint16)s;
  }
  return m;
}

static AuditConfig *config(const char *text)
{
  GError *error = NULL;
  AuditConfig *c = audit_config_load_data(AUDIT_REGISTRY, "crm-audit.ini", text, strlen(text), &error);
  if (!c)
    fail_msg("config: %s", error->message);
  return c;
}

typedef struct {
  AuditContext ctx;
  AuditSink *sink;
} Run;

static void run_start(Run *r, const AuditModel *m, const AuditConfig *cfg, const char *check)
{
  gint i = audit_registry_find(check);
  assert_true(i >= 0);
  const AuditCheckSettings *st = &cfg->checks[i];
  r->ctx = (AuditContext){.model = m, .config = cfg, .check = audit_registry[i], .check_index = (guint)i,
                          .nsegments = cfg->nsegments};
  r->sink = audit_sink_new(m, audit_registry[i], st->severity);
  audit_sink_segments(r->sink, st->seg_enabled, st->seg_severity, cfg->nsegments);
}

static const AuditValue *evidence(const AuditSink *s, const AuditFinding *f, const char *key)
{
  for (guint i = 0; i < f->ev_n; i++)
    if (strcmp(audit_finding_evidence(s, f, i)->key, key) == 0)
      return audit_finding_evidence(s, f, i);
  fail_msg("no evidence %s", key);
  return NULL;
}

/* [check.ID@SEGMENT] enabled and severity, applied at emit through the record's account */
static void test_segments(void **state)
{
  g_autoptr(AuditConfig) cfg = config("[segments]\nfield = Account.RecordType\n"
                                      "[check.account-missing-website@Store]\nenabled = false\n"
                                      "[check.account-missing-website@Customer]\nseverity = error\n");
  g_autoptr(AuditModel) m = model_new(2, 2, cfg);
  Run r;
  run_start(&r, m, cfg, "account-missing-website");
  audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, 0, NULL, "store"); /* dropped, and what follows it */
  audit_evidence_str(r.sink, "website", "");
  audit_related(r.sink, AUDIT_OBJ_ACCOUNT, 1);
  audit_fix_text(r.sink, "set it");
  audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, 2, NULL, "customer");
  audit_evidence_str(r.sink, "website", "n/a");
  audit_emit(r.sink, AUDIT_OBJ_CONTACT, 0, NULL, "contact of a customer");
  audit_finding_severity(r.sink, AUDIT_SEV_INFO); /* the check's own choice still wins */
  audit_emit(r.sink, AUDIT_OBJ_LEAD, 0, NULL, "lead: no account, segment 0");
  audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, 1, NULL, "store");
  assert_int_equal(audit_sink_count(r.sink), 3);
  const AuditFinding *a = audit_sink_get(r.sink, 0), *c = audit_sink_get(r.sink, 1), *l = audit_sink_get(r.sink, 2);
  assert_string_equal(a->message, "customer");
  assert_int_equal(a->severity, AUDIT_SEV_ERROR);
  assert_int_equal(a->ev_n, 1);
  assert_string_equal(audit_finding_evidence(r.sink, a, 0)->s, "n/a");
  assert_int_equal(a->rel_n, 0);
  assert_null(a->fix_text);
  assert_int_equal(c->severity, AUDIT_SEV_INFO);
  assert_string_equal(l->message, "lead: no account, segment 0");
  assert_int_equal(l->severity, AUDIT_SEV_WARNING);
  assert_string_equal(cfg->segments[audit_record_segment(m, AUDIT_OBJ_CONTACT, 0)], "Customer");
  assert_int_equal(audit_record_segment(m, AUDIT_OBJ_LEAD, 0), 0);
  audit_sink_free(r.sink);
}

/* 23 of 24 accounts break "all capitals", most of each segment (21 of 21
 * stores, 2 of 3 customers: too few for a convention of their own): one
 * convention of the object; the one that also has double spaces stays, that
 * rule too rare to fold */
static void test_fold_object(void **state)
{
  g_autoptr(AuditConfig) cfg = config("");
  g_autoptr(AuditModel) m = model_new(21, 3, cfg);
  Run r;
  run_start(&r, m, cfg, "account-name-format");
  for (guint i = 0; i < 23; i++) {
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "name");
    audit_finding_rule(r.sink, "all capitals");
    if (i == 4)
      audit_finding_rule(r.sink, "double spaces");
  }
  audit_sink_fold_conventions(r.sink, &r.ctx);
  audit_sink_finish(r.sink);
  assert_int_equal(audit_sink_count(r.sink), 2);
  const AuditFinding *conv = audit_sink_get(r.sink, 0), *kept = audit_sink_get(r.sink, 1);
  if (conv->row >= 0) {
    const AuditFinding *t = conv;
    conv = kept;
    kept = t;
  }
  assert_int_equal(kept->row, 4);
  assert_int_equal(conv->row, -1);
  assert_int_equal(conv->object, AUDIT_OBJ_ACCOUNT);
  assert_int_equal(conv->severity, AUDIT_SEV_INFO);
  assert_string_equal(conv->key, "convention:all capitals");
  assert_string_equal(evidence(r.sink, conv, "rule")->s, "all capitals");
  assert_int_equal(evidence(r.sink, conv, "count")->i, 23);
  assert_int_equal(evidence(r.sink, conv, "records")->i, 24);
  assert_true(evidence(r.sink, conv, "share")->d > 0.9575 && evidence(r.sink, conv, "share")->d < 0.9585);
  assert_string_equal(evidence(r.sink, conv, "opt_in")->s, "[check.account-name-format] convention_share = 1");
  /* the examples: evidence rows of id and name */
  const AuditValue *examples = evidence(r.sink, conv, "examples");
  assert_int_equal(examples->type, AUDIT_VAL_ROWS);
  const AuditRows *rows = audit_value_rows(r.sink, examples);
  assert_int_equal(rows->ncols, 2);
  assert_int_equal(rows->nrows, 5);
  assert_string_equal(audit_rows_cell(r.sink, rows, 0, 0)->key, "id");
  assert_string_equal(audit_rows_cell(r.sink, rows, 0, 0)->s, "001000000000000");
  assert_string_equal(audit_rows_cell(r.sink, rows, 0, 1)->key, "name");
  assert_non_null(strstr(conv->message, "23 of 24 accounts"));
  assert_non_null(conv->fix_text);
  assert_int_equal(strlen(conv->fingerprint), 32);
  audit_sink_free(r.sink);
}

/* 21 stores of 51 accounts: no convention of the object, one of the segment;
 * convention_share = 1 for the segment lists them again; 19 are too few */
static void test_fold_segment(void **state)
{
  g_autoptr(AuditConfig) cfg = config("");
  g_autoptr(AuditModel) m = model_new(21, 30, cfg);
  Run r;
  run_start(&r, m, cfg, "account-missing-website");
  for (guint i = 0; i < 21; i++)
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "no website");
  audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, 30, NULL, "no website");
  audit_sink_fold_conventions(r.sink, &r.ctx);
  audit_sink_finish(r.sink);
  assert_int_equal(audit_sink_count(r.sink), 2);
  const AuditFinding *conv = NULL;
  for (guint i = 0; i < 2; i++)
    if (audit_sink_get(r.sink, i)->row < 0)
      conv = audit_sink_get(r.sink, i);
  assert_non_null(conv);
  assert_string_equal(conv->key, "convention:account-missing-website@Store");
  assert_string_equal(evidence(r.sink, conv, "segment")->s, "Store");
  assert_int_equal(evidence(r.sink, conv, "count")->i, 21);
  assert_int_equal(evidence(r.sink, conv, "records")->i, 21);
  assert_string_equal(evidence(r.sink, conv, "rule")->s, "Account without a website");
  audit_sink_free(r.sink);

  g_autoptr(AuditConfig) off = config("[segments]\nfield = Account.RecordType\n"
                                      "[check.account-missing-website@Store]\nconvention_share = 1\n");
  g_autoptr(AuditModel) m2 = model_new(21, 30, off);
  run_start(&r, m2, off, "account-missing-website");
  for (guint i = 0; i < 21; i++)
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "no website");
  audit_sink_fold_conventions(r.sink, &r.ctx);
  assert_int_equal(audit_sink_count(r.sink), 21);
  audit_sink_free(r.sink);

  g_autoptr(AuditModel) m3 = model_new(19, 0, cfg);
  run_start(&r, m3, cfg, "account-missing-website");
  for (guint i = 0; i < 19; i++)
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "no website");
  audit_sink_fold_conventions(r.sink, &r.ctx);
  assert_int_equal(audit_sink_count(r.sink), 19);
  audit_sink_free(r.sink);

  /* a check without convention_share never folds */
  run_start(&r, m, cfg, "account-stagnant");
  for (guint i = 0; i < 51; i++)
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "stagnant");
  audit_sink_fold_conventions(r.sink, &r.ctx);
  assert_int_equal(audit_sink_count(r.sink), 51);
  audit_sink_free(r.sink);
}

/* 30 stores of 55 accounts have no website, and 3 of the 25 customers: 33 of
 * 55 (60%) of the object, but only the stores' is a convention; the
 * customers' three are errors still */
static void test_fold_not_across_segments(void **state)
{
  g_autoptr(AuditConfig) cfg = config("");
  g_autoptr(AuditModel) m = model_new(30, 25, cfg);
  Run r;
  run_start(&r, m, cfg, "account-missing-website");
  for (guint i = 0; i < 33; i++)
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "no website");
  audit_sink_fold_conventions(r.sink, &r.ctx);
  audit_sink_finish(r.sink);
  assert_int_equal(audit_sink_count(r.sink), 4);
  guint conventions = 0;
  for (guint i = 0; i < 4; i++) {
    const AuditFinding *f = audit_sink_get(r.sink, i);
    if (f->row < 0) {
      conventions++;
      assert_string_equal(f->key, "convention:account-missing-website@Store");
      assert_int_equal(evidence(r.sink, f, "count")->i, 30);
    } else
      assert_true(f->row >= 30 && f->row < 33);
  }
  assert_int_equal(conventions, 1);
  audit_sink_free(r.sink);
}

/* the share is of the records the rule looked at */
static void test_looked_at(void **state)
{
  g_autoptr(AuditConfig) cfg = config("");
  g_autoptr(AuditModel) m = model_new(0, 60, cfg);
  Run r;
  run_start(&r, m, cfg, "account-invalid-website");
  for (guint i = 0; i < 25; i++) {
    audit_sink_looked_at(r.sink, AUDIT_OBJ_ACCOUNT, i);
    audit_emit(r.sink, AUDIT_OBJ_ACCOUNT, (gint32)i, NULL, "bad website");
  }
  audit_sink_looked_at(r.sink, AUDIT_OBJ_ACCOUNT, 40);
  audit_sink_fold_conventions(r.sink, &r.ctx);
  assert_int_equal(audit_sink_count(r.sink), 1);
  const AuditFinding *conv = audit_sink_get(r.sink, 0);
  assert_int_equal(evidence(r.sink, conv, "records")->i, 26); /* not 60 */
  audit_sink_free(r.sink);
}

/* Evidence rows: typed cells under their columns, row by row; lists of words */
static void test_evidence_rows(void **state)
{
  (void)state;
  static const AuditCheck check = {.id = "test-rows"};
  static const AuditColumn columns[] = {
    {"a", AUDIT_COL_STR}, {"score", AUDIT_COL_NUM, 3}, {"matched", AUDIT_COL_WORDS}, {0}};
  g_autoptr(AuditSink) s = audit_sink_new(NULL, &check, AUDIT_SEV_INFO);
  audit_emit(s, AUDIT_OBJ_ACCOUNT, 0, NULL, "a finding");
  audit_evidence_int(s, "accounts", 2);
  audit_evidence_rows_begin(s, "pairs", columns);
  static const char *const words[] = {"name", "domain", NULL};
  for (guint r = 0; r < 2; r++) {
    audit_evidence_row(s);
    audit_row_str(s, r ? "B" : "A");
    audit_row_num(s, r ? 0.5 : 1);
    audit_row_words(s, r ? NULL : words);
  }
  audit_evidence_str(s, "after", "x");
  const AuditFinding *f = audit_sink_get(s, 0);
  assert_int_equal(f->ev_n, 3);
  const AuditValue *v = audit_finding_evidence(s, f, 1);
  assert_string_equal(v->key, "pairs");
  assert_int_equal(v->type, AUDIT_VAL_ROWS);
  const AuditRows *rows = audit_value_rows(s, v);
  assert_int_equal(rows->ncols, 3);
  assert_int_equal(rows->nrows, 2);
  assert_string_equal(audit_rows_cell(s, rows, 1, 0)->s, "B");
  assert_string_equal(audit_rows_cell(s, rows, 1, 1)->key, "score");
  assert_true(audit_rows_cell(s, rows, 0, 1)->d == 1);
  const AuditValue *w = audit_rows_cell(s, rows, 0, 2);
  assert_int_equal(w->type, AUDIT_VAL_WORDS);
  assert_int_equal(w->i, 2);
  g_autoptr(GString) buf = g_string_new(NULL);
  assert_string_equal(audit_words_nth(w, 1, buf), "domain");
  assert_string_equal(audit_words_join(w, ", ", buf), "name, domain");
  assert_int_equal(audit_rows_cell(s, rows, 1, 2)->i, 0);
  assert_string_equal(audit_words_join(audit_rows_cell(s, rows, 1, 2), ", ", buf), "");
  assert_string_equal(audit_finding_evidence(s, f, 2)->s, "x");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_segments),
    cmocka_unit_test(test_fold_object),
    cmocka_unit_test(test_fold_segment),
    cmocka_unit_test(test_fold_not_across_segments),
    cmocka_unit_test(test_looked_at),
    cmocka_unit_test(test_evidence_rows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
