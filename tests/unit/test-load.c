/* Unit tests for auditor/load.c and what derive.c derives (references, links, the account tree):
 * small CSV files written into a temporary folder, loaded one at a time with
 * audit_table_load or as an export with audit_model_load.
 *
 * Line and column numbers in the expected messages are counted by hand from
 * the file texts below (lines and fields are 1-based). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <glib/gstdio.h>
#include <math.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "derive.h"
#include "load.h"
#include "model.h"
#include "normalize.h"
#include "test-util.h"

/* ---- fixture: a temporary folder per test ---- */

typedef struct {
  char *dir;
} Fixture;

static int setup(void **state)
{
  Fixture *f = g_new0(Fixture, 1);
  GError *error = NULL;
  f->dir = g_dir_make_tmp("crm-audit-test-load-XXXXXX", &error);
  if (!f->dir) {
    fprintf(stderr, "g_dir_make_tmp: %s\n", error->message);
    g_error_free(error);
    g_free(f);
    return -1;
  }
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  Fixture *f = *state;
  GDir *d = g_dir_open(f->dir, 0, NULL);
  if (d) {
    const char *name;
    while ((name = g_dir_read_name(d))) {
      g_autofree char *p = g_build_filename(f->dir, name, NULL);
      g_unlink(p);
    }
    g_dir_close(d);
  }
  g_rmdir(f->dir);
  g_free(f->dir);
  g_free(f);
  return 0;
}

/* Write a file (len -1: a C string) into the fixture's folder; returns its path. */
static char *write_file(Fixture *f, const char *name, const char *data, gssize len)
{
  char *path = g_build_filename(f->dir, name, NULL);
  GError *error = NULL;
  if (!g_file_set_contents(path, data, len, &error))
    fail_msg("cannot write %s: %s", path, error->message);
  return path;
}

/* Load one file as object o into a new model (so that audit_model_free frees
 * the table). *ok tells whether audit_table_load succeeded. */
static AuditModel *load_table(Fixture *f, AuditObject o, const char *name, const char *data, gssize len,
                              AuditEncoding enc, gboolean *ok, GError **error)
{
  g_autofree char *path = write_file(f, name, data, len);
  AuditModel *m = audit_model_new();
  *ok = audit_table_load(&m->tables[o], path, name, enc, error);
  return m;
}

/* Load a file that must load; fails the test with the message otherwise. */
static AuditModel *load_ok(Fixture *f, AuditObject o, const char *name, const char *data, gssize len,
                           AuditEncoding enc)
{
  GError *error = NULL;
  gboolean ok;
  AuditModel *m = load_table(f, o, name, data, len, enc, &ok, &error);
  if (!ok)
    fail_msg("loading %s failed: %s", name, error ? error->message : "(no message)");
  assert_null(error);
  return m;
}

/* Load a file that must be refused with a message starting with prefix and
 * containing each of the phrases (NULL-terminated). */
static void assert_load_error(Fixture *f, AuditObject o, const char *name, const char *data, gssize len,
                              AuditEncoding enc, const char *prefix, ...)
{
  GError *error = NULL;
  gboolean ok;
  AuditModel *m = load_table(f, o, name, data, len, enc, &ok, &error);
  guint nrows = m->tables[o].nrows, ncols = m->tables[o].ncols;
  audit_model_free(m); /* before a failure jumps out */
  if (ok)
    fail_msg("loading %s succeeded (%u columns, %u rows); expected an error starting with '%s'", name, ncols, nrows,
             prefix);
  va_list ap;
  va_start(ap, prefix);
  assert_audit_error(error, AUDIT_ERROR_INPUT, prefix, ap);
  va_end(ap);
}

/* Load the fixture's folder as an export. */
static AuditModel *load_model(Fixture *f)
{
  AuditLoadOptions opts = {.encoding = AUDIT_ENCODING_AUTO, .jobs = 2};
  AuditModel *m = audit_model_new();
  GError *error = NULL;
  if (!audit_model_load(m, f->dir, &opts, &error))
    fail_msg("audit_model_load failed: %s", error ? error->message : "(no message)");
  audit_derive_model(m, 2);
  assert_null(error);
  return m;
}

#define ACC AUDIT_OBJ_ACCOUNT
#define CON AUDIT_OBJ_CONTACT

/* ---- the file format ---- */

static void test_bom_stripped(void **state)
{
  Fixture *f = *state;
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", "\xEF\xBB\xBFId,Name\n001000000000001,Acme\n", -1,
                                    AUDIT_ENCODING_AUTO);
  const AuditTable *t = &m->tables[ACC];
  assert_true(t->had_bom);
  assert_true(t->present);
  assert_string_equal(t->encoding, "utf-8");
  assert_int_equal(t->ncols, 2);
  assert_string_equal(t->columns[0], "Id");
  assert_int_equal(t->known[AUDIT_F_ID], 0);
  assert_int_equal(t->known[ACCOUNT_NAME], 1);
  assert_int_equal(t->nrows, 1);
  assert_string_equal(audit_id(t, 0), "001000000000001");
  assert_string_equal(audit_text(t, 0, ACCOUNT_NAME), "Acme");

  /* and without a BOM */
  g_autoptr(AuditModel) m2 = load_ok(f, ACC, "Account2.csv", "Id,Name\n001000000000001,Acme\n", -1,
                                     AUDIT_ENCODING_UTF8);
  assert_false(m2->tables[ACC].had_bom);
  assert_string_equal(m2->tables[ACC].columns[0], "Id");
}

/* Two exports joined with cat: the second's byte-order mark starts a row
 * (quoted or not) and is removed, and its header row is skipped and counted,
 * not read as an account named "Name". */
static void test_joined_exports(void **state)
{
  Fixture *f = *state;
  const char csv[] = "\xEF\xBB\xBFId,Name\n001000000000001,Acme\n"
                     "\xEF\xBB\xBFId,Name\n001000000000002,Beta\n"
                     "\xEF\xBB\xBF\"Id\",\" Name\"\n\xEF\xBB\xBF\"001000000000003\",\"Gamma\"\n";
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[ACC];
  assert_true(t->had_bom);
  assert_int_equal(t->nrows, 3);
  assert_int_equal(t->rows_header, 2);
  assert_int_equal(t->rows_header_line, 3);
  assert_int_equal(t->lines[1], 4);
  assert_int_equal(audit_table_find(t, "001000000000002", 15), 1);
  assert_int_equal(audit_table_find(t, "001000000000003", 15), 2);
  assert_int_equal(audit_table_find(t, "Id", 2), -1);
  assert_null(t->duplicate_rows->len ? "a duplicate" : NULL);
  for (guint r = 0; r < t->nrows; r++)
    assert_string_not_equal(audit_text(t, r, ACCOUNT_NAME), "Name");

  /* a mark cut by the end of the loader's 1 MiB chunk */
  g_autoptr(GString) big = g_string_new("Id,Name\n");
  const gsize chunk = 1u << 20;
  for (guint i = 0; big->len < chunk - 200; i++)
    g_string_append_printf(big, "0010000%08u,%s\n", i, "padding padding padding padding padding padding");
  g_autofree char *pad = g_strnfill(chunk - 1 - big->len - 17, 'p');
  g_string_append_printf(big, "001000099999999,%s\n", pad);
  assert_int_equal(big->len, chunk - 1);
  g_string_append(big, "\xEF\xBB\xBFId,Name\n\xEF\xBB\xBF" "001000099999998,Last\n");
  g_autoptr(AuditModel) m2 = load_ok(f, ACC, "Account.csv", big->str, (gssize)big->len, AUDIT_ENCODING_UTF8);
  t = &m2->tables[ACC];
  assert_int_equal(t->rows_header, 1);
  assert_int_equal(audit_table_find(t, "001000099999998", 15), (gint32)t->nrows - 1);
  assert_string_equal(audit_text(t, t->nrows - 1, ACCOUNT_NAME), "Last");

  /* said as a notice when the export is loaded */
  g_free(write_file(f, "Account.csv", csv, -1));
  g_autoptr(AuditModel) m3 = load_model(f);
  assert_int_equal(m3->notices->len, 1);
  assert_string_equal(m3->notices->pdata[0], "Account.csv: 2 rows identical to the header skipped, the first at "
                                             "line 3 (exports joined into one file?)");
}

/* A file whose size or modification time changes while it is read (still
 * being written) is refused, whatever its rows look like. */
static void append_a_byte(const char *path)
{
  audit_load_read_hook = NULL; /* once: else each byte appended is read and appends one more */
  FILE *fp = fopen(path, "ab");
  fputs("0", fp);
  fclose(fp);
}

static void touch_only(const char *path)
{
  audit_load_read_hook = NULL;
  struct timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
  utimensat(AT_FDCWD, path, times, 0);
}

static void test_changed_while_reading(void **state)
{
  Fixture *f = *state;
  const char *csv = "Id,Name,CreatedDate\n001000000000001,Acme,2024-01-1";
  audit_load_read_hook = append_a_byte;
  assert_load_error(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8, "Account.csv: changed while reading", NULL);
  audit_load_read_hook = touch_only;
  assert_load_error(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8, "Account.csv: changed while reading", NULL);
  audit_load_read_hook = NULL;
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", "Id,Name\n001000000000001,Acme\n", -1,
                                    AUDIT_ENCODING_UTF8);
  assert_int_equal(m->tables[ACC].nrows, 1);
}

/* Column positions are 32 bits: an invalid value past column 65,536 is
 * blamed on its own column (once C65536, with the value ''). */
static void test_invalid_past_65536_columns(void **state)
{
  Fixture *f = *state;
  const guint ncols = 70001;
  g_autoptr(GString) csv = g_string_new("Id,Name");
  for (guint c = 2; c < ncols - 1; c++)
    g_string_append_printf(csv, ",C%u", c + 1);
  g_string_append(csv, ",AnnualRevenue\n001000000000001,Acme");
  for (guint c = 2; c < ncols - 1; c++)
    g_string_append_c(csv, ',');
  g_string_append(csv, ",abc\n");
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", csv->str, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[ACC];
  assert_int_equal(t->ncols, ncols);
  assert_int_equal(t->invalid->len, 1);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->column, ncols - 1);
  assert_int_equal(v->type, AUDIT_FT_NUMBER);
  assert_string_equal(audit_cell(t, v->row, (gint)v->column), "abc");
}

static void test_crlf_and_lf(void **state)
{
  Fixture *f = *state;
  static const char *const files[] = {
    "Id,Name,Website\r\n001000000000001,Acme,acme.com\r\n001000000000002,Beta,\r\n001000000000003,Gamma,g.io\r\n",
    "Id,Name,Website\n001000000000001,Acme,acme.com\n001000000000002,Beta,\n001000000000003,Gamma,g.io\n",
    /* no newline at the end */
    "Id,Name,Website\r\n001000000000001,Acme,acme.com\r\n001000000000002,Beta,\r\n001000000000003,Gamma,g.io",
  };
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", files[i], -1, AUDIT_ENCODING_UTF8);
    const AuditTable *t = &m->tables[ACC];
    assert_int_equal(t->ncols, 3);
    assert_string_equal(t->columns[2], "Website");
    assert_int_equal(t->nrows, 3);
    assert_string_equal(audit_id(t, 0), "001000000000001");
    assert_string_equal(audit_text(t, 0, ACCOUNT_WEBSITE), "acme.com");
    assert_string_equal(audit_text(t, 1, ACCOUNT_NAME), "Beta");
    assert_string_equal(audit_text(t, 1, ACCOUNT_WEBSITE), "");
    assert_string_equal(audit_text(t, 2, ACCOUNT_WEBSITE), "g.io");
    assert_int_equal(t->lines[0], 2);
    assert_int_equal(t->lines[1], 3);
    assert_int_equal(t->lines[2], 4);
  }
}

static void test_quoted_fields(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "Id,Name,Description\n"                                  /* 1 */
    "001000000000001,\"Acme, Inc.\",\"He said \"\"hi\"\"\"\n" /* 2 */
    "001000000000002,Beta,\"line one\n"                        /* 3 */
    "line two\n"                                               /* 4 */
    "line three\"\n"                                           /* 5 */
    "001000000000003,Gamma,\"\"\n"                             /* 6 */
    "\n"                                                       /* 7: blank */
    "001000000000004,\"Delta\",\"a,\"\"b\"\",c\"\n";           /* 8 */
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[ACC];
  gint desc = audit_table_column(t, "Description");
  assert_int_equal(desc, 2);
  assert_int_equal(t->nrows, 4);

  assert_string_equal(audit_text(t, 0, ACCOUNT_NAME), "Acme, Inc.");
  assert_string_equal(audit_cell(t, 0, desc), "He said \"hi\"");
  assert_string_equal(audit_text(t, 1, ACCOUNT_NAME), "Beta");
  assert_string_equal(audit_cell(t, 1, desc), "line one\nline two\nline three");
  assert_string_equal(audit_text(t, 2, ACCOUNT_NAME), "Gamma");
  assert_string_equal(audit_cell(t, 2, desc), "");
  assert_string_equal(audit_text(t, 3, ACCOUNT_NAME), "Delta");
  assert_string_equal(audit_cell(t, 3, desc), "a,\"b\",c");

  /* physical lines where each row starts */
  assert_int_equal(t->lines[0], 2);
  assert_int_equal(t->lines[1], 3);
  assert_int_equal(t->lines[2], 6); /* after the 3-line field */
  assert_int_equal(t->lines[3], 8); /* after a blank line */

  /* the same with CRLF: the embedded line breaks are kept as written */
  const char *crlf =
    "Id,Name,Description\r\n"
    "001000000000001,Acme,\"one\r\ntwo\"\r\n"
    "001000000000002,Beta,x\r\n";
  g_autoptr(AuditModel) m2 = load_ok(f, ACC, "Account2.csv", crlf, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t2 = &m2->tables[ACC];
  assert_int_equal(t2->nrows, 2);
  assert_string_equal(audit_cell(t2, 0, 2), "one\r\ntwo");
  assert_string_equal(audit_cell(t2, 1, 2), "x");
  assert_int_equal(t2->lines[0], 2);
  assert_int_equal(t2->lines[1], 4);
}

static void test_headers_any_case_and_order(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "LASTNAME,Prospecting_Score__c,id,NAME, Email \n"
    "Lee,72,003000000000001,  Ann Lee  ,ann@acme.com\n"
    "Kim, 9 ,003000000000002AAA,Bo Kim,\n";
  g_autoptr(AuditModel) m = load_ok(f, CON, "Contact.csv", csv, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[CON];
  assert_int_equal(t->ncols, 5);
  assert_int_equal(t->known[AUDIT_F_ID], 2);
  assert_int_equal(t->known[CONTACT_NAME], 3);
  assert_int_equal(t->known[CONTACT_LAST_NAME], 0);
  assert_int_equal(t->known[CONTACT_EMAIL], 4);
  assert_int_equal(t->known[CONTACT_TITLE], -1);
  assert_int_equal(t->known[CONTACT_ACCOUNT], -1);
  assert_false(audit_has(t, CONTACT_TITLE));
  assert_string_equal(audit_text(t, 0, CONTACT_TITLE), "");

  /* unknown columns are kept, found case-insensitively */
  gint score = audit_table_column(t, "Prospecting_Score__c");
  assert_int_equal(score, 1);
  assert_int_equal(audit_table_column(t, "prospecting_score__C"), 1);
  assert_int_equal(audit_table_column(t, "Email"), 4);
  assert_int_equal(audit_table_column(t, "Nope__c"), -1);
  assert_string_equal(audit_cell(t, 0, score), "72");
  assert_string_equal(audit_cell(t, 1, score), " 9 "); /* text as written */
  assert_string_equal(audit_cell(t, 0, -1), "");

  /* values keep their spaces; Ids are normalized */
  assert_string_equal(audit_text(t, 0, CONTACT_NAME), "  Ann Lee  ");
  assert_string_equal(audit_id(t, 0), "003000000000001");
  assert_string_equal(audit_id(t, 1), "003000000000002");
  assert_string_equal(audit_text(t, 0, CONTACT_EMAIL), "ann@acme.com");
  assert_string_equal(audit_text(t, 1, CONTACT_EMAIL), "");
  assert_string_equal(audit_text(t, 1, CONTACT_LAST_NAME), "Kim");
}

static void test_deleted_rows_skipped(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "Id,Name,IsDeleted,AnnualRevenue\n" /* 1 */
    "001000000000001,Keep,false,100\n"  /* 2 */
    "001000000000002,Gone,true,abc\n"   /* 3 */
    "001000000000003,Keep2,,\n"         /* 4 */
    "001000000000004,Gone2,1,\n"        /* 5 */
    "001000000000005,Keep3,0,\"12,500\"\n"; /* 6 */
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8);
  AuditTable *t = &m->tables[ACC];
  assert_int_equal(t->nrows, 3);
  assert_int_equal(t->rows_deleted, 2);
  assert_string_equal(audit_text(t, 0, ACCOUNT_NAME), "Keep");
  assert_string_equal(audit_text(t, 1, ACCOUNT_NAME), "Keep2");
  assert_string_equal(audit_text(t, 2, ACCOUNT_NAME), "Keep3");
  assert_string_equal(audit_id(t, 2), "001000000000005");
  assert_int_equal(t->lines[0], 2);
  assert_int_equal(t->lines[1], 4);
  assert_int_equal(t->lines[2], 6);
  assert_int_equal(audit_flag(t, 0, AUDIT_F_DELETED), 0);
  assert_int_equal(audit_flag(t, 1, AUDIT_F_DELETED), AUDIT_BOOL_NONE);
  assert_int_equal(audit_flag(t, 2, AUDIT_F_DELETED), 0);
  assert_true(audit_num(t, 0, ACCOUNT_ANNUAL_REVENUE) == 100.0);
  assert_true(isnan(audit_num(t, 1, ACCOUNT_ANNUAL_REVENUE)));
  assert_true(isnan(audit_num(t, 2, ACCOUNT_ANNUAL_REVENUE)));

  /* the deleted row's invalid "abc" is gone; "12,500" is on kept row 2 */
  assert_int_equal(t->invalid->len, 1);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->row, 2);
  assert_int_equal(v->column, 3);
  assert_int_equal(v->type, AUDIT_FT_NUMBER);
  assert_string_equal(audit_text(t, 2, ACCOUNT_ANNUAL_REVENUE), "12,500");

  /* deleted rows are not in the Id index (built while loading) */
  assert_int_equal(audit_table_find(t, "001000000000002", 15), -1);
  assert_int_equal(audit_table_find(t, "001000000000004", 15), -1);
  assert_int_equal(audit_table_find(t, "001000000000003", 15), 1);
  assert_int_equal(audit_table_find(t, "001000000000005", 15), 2);
}

/* The Id's form per row: a deleted row's does not leak to the row that
 * takes its place, none allocated for an export of 15-character Ids, and the
 * bits survive the arrays' growth (rows past the first 1,024 and 4,096). */
static void test_id_forms(void **state)
{
  Fixture *f = *state;
  g_autoptr(GString) csv = g_string_new("Id,Name,IsDeleted\n"
                                        "001000000000001AAA,Gone,true\n"
                                        "001000000000002,Keep,false\n");
  for (guint i = 0; i < 6000; i++) {
    char id[16], id18[19];
    g_snprintf(id, sizeof id, "0010000000%05u", i + 10);
    audit_id_to_18(id, id18);
    g_string_append_printf(csv, "%s,Name %u,false\n", i % 3 == 0 ? id18 : id, i);
  }
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", csv->str, -1, AUDIT_ENCODING_UTF8);
  AuditTable *t = &m->tables[ACC];
  assert_int_equal(t->nrows, 6001);
  assert_false(audit_id_was_18(t, 0));
  for (guint i = 0; i < 6000; i++)
    if (audit_id_was_18(t, i + 1) != (i % 3 == 0))
      fail_msg("row %u: 18-character form %d, expected %d", i + 1, audit_id_was_18(t, i + 1), i % 3 == 0);
  assert_int_equal(t->nid18, 2000);

  g_autoptr(AuditModel) m15 = load_ok(f, ACC, "Account.csv", "Id,Name\n001000000000001,A\n", -1,
                                      AUDIT_ENCODING_UTF8);
  assert_null(m15->tables[ACC].id18);
  assert_int_equal(m15->tables[ACC].nid18, 0);
}

/* The arrays grow with the rows read, not from the first rows' length:
 * 4,096 tiny rows and then long ones once made the loader size its arrays
 * for the whole file as if every row were tiny (a 24 GiB allocation on a
 * large export). */
static void test_no_presize_from_prefix(void **state)
{
  Fixture *f = *state;
  g_autoptr(GString) csv = g_string_new("Id,LastName,Description\n");
  for (guint i = 0; i < 4100; i++)
    g_string_append_printf(csv, "%u,x,\n", i);
  g_autofree char *wide = g_strnfill(100000, 'd');
  for (guint i = 0; i < 40; i++)
    g_string_append_printf(csv, "w%u,y,%s\n", i, wide);
  g_autoptr(AuditModel) m = load_ok(f, CON, "Contact.csv", csv->str, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[CON];
  assert_int_equal(t->nrows, 4140);
  /* by doubling: at most twice the rows (sized from the prefix: 600,640) */
  if (t->cap_rows > 2 * t->nrows)
    fail_msg("room for %u rows after reading %u", t->cap_rows, t->nrows);
  assert_int_equal(audit_table_find(t, "w39", 3), 4139);
  assert_int_equal(strlen(audit_cell(t, 4139, 2)), 100000);
}

static void test_booleans(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "Id,LastName,IsEmailBounced\n"
    "003000000000001,A,1\n"
    "003000000000002,B,\n"
    "003000000000003,C,true\n"
    "003000000000004,D,0\n"
    "003000000000005,E,FALSE\n"
    "003000000000006,F,maybe\n";
  g_autoptr(AuditModel) m = load_ok(f, CON, "Contact.csv", csv, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[CON];
  assert_int_equal(t->nrows, 6);
  assert_int_equal(audit_flag(t, 0, CONTACT_IS_BOUNCED), 1);
  assert_int_equal(audit_flag(t, 1, CONTACT_IS_BOUNCED), AUDIT_BOOL_NONE);
  assert_int_equal(audit_flag(t, 2, CONTACT_IS_BOUNCED), 1);
  assert_int_equal(audit_flag(t, 3, CONTACT_IS_BOUNCED), 0);
  assert_int_equal(audit_flag(t, 4, CONTACT_IS_BOUNCED), 0);
  assert_int_equal(audit_flag(t, 5, CONTACT_IS_BOUNCED), AUDIT_BOOL_NONE);
  assert_string_equal(audit_text(t, 5, CONTACT_IS_BOUNCED), "maybe");
  assert_int_equal(t->invalid->len, 1);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->row, 5);
  assert_int_equal(v->column, 2);
  assert_int_equal(v->type, AUDIT_FT_BOOL);
  /* a column that is absent reads as no value */
  assert_int_equal(audit_flag(t, 0, AUDIT_F_DELETED), AUDIT_BOOL_NONE);
}

static void test_dates(void **state)
{
  Fixture *f = *state;
  /* 2024-01-15 is day 19737 */
  const char *csv =
    "Id,CreatedDate,LastActivityDate,LastName\n"
    "003000000000001,2024-01-15T10:00:00.000Z,2024-01-15,A\n"
    "003000000000002,2024-01-15T23:30:00.000-0200,,B\n"
    "003000000000003,2024-01-15 10:00:00,2024-02-30,C\n"
    "003000000000004,yesterday,2024-01-15T10:00:00Z,D\n"
    "003000000000005,2024-02-29,2024-02-29,E\n";
  g_autoptr(AuditModel) m = load_ok(f, CON, "Contact.csv", csv, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[CON];
  assert_int_equal(t->nrows, 5);
  assert_int_equal(audit_day(t, 0, AUDIT_F_CREATED), 19737);
  assert_int_equal(audit_day(t, 0, CONTACT_LAST_ACTIVITY), 19737);
  assert_int_equal(audit_day(t, 1, AUDIT_F_CREATED), 19738); /* next day in UTC */
  assert_int_equal(audit_day(t, 1, CONTACT_LAST_ACTIVITY), AUDIT_DAY_NONE);
  assert_int_equal(audit_day(t, 2, AUDIT_F_CREATED), 19737);
  assert_int_equal(audit_day(t, 2, CONTACT_LAST_ACTIVITY), AUDIT_DAY_NONE);
  assert_int_equal(audit_day(t, 3, AUDIT_F_CREATED), AUDIT_DAY_NONE);
  /* a Date field written with a time: the day written, whatever the time */
  assert_int_equal(audit_day(t, 3, CONTACT_LAST_ACTIVITY), 19737);
  assert_int_equal(audit_day(t, 4, AUDIT_F_CREATED), 19782); /* a date in a datetime column */
  assert_int_equal(audit_day(t, 4, CONTACT_LAST_ACTIVITY), 19782);
  /* a column that is absent reads as no day */
  assert_int_equal(audit_day(t, 0, AUDIT_F_MODIFIED), AUDIT_DAY_NONE);

  /* invalid values are kept as text and listed (row, column, type) */
  assert_string_equal(audit_text(t, 2, CONTACT_LAST_ACTIVITY), "2024-02-30");
  assert_string_equal(audit_text(t, 3, AUDIT_F_CREATED), "yesterday");
  assert_int_equal(t->invalid->len, 2);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->row, 2);
  assert_int_equal(v->column, 2);
  assert_int_equal(v->type, AUDIT_FT_DATE);
  assert_int_equal(v->reason, AUDIT_INVALID_NOT_A_DAY);
  v = &g_array_index(t->invalid, AuditInvalidValue, 1);
  assert_int_equal(v->row, 3);
  assert_int_equal(v->column, 1);
  assert_int_equal(v->type, AUDIT_FT_DATETIME);
  assert_int_equal(v->reason, AUDIT_INVALID_FORM);
}

/* Date fields as the Data Export Service writes them: with a time. */
static void test_dates_with_time(void **state)
{
  Fixture *f = *state;
  /* 2023-05-11 is day 19488 (2023-01-01 is 19358, + 130) */
  const char *csv =
    "Id,Name,StageName,CloseDate\n"
    "006000000000001,A,Prospecting,2023-05-11 00:00:00\n"
    "006000000000002,B,Prospecting,2023-05-11T00:00:00.000Z\n"
    "006000000000003,C,Prospecting,2023-05-11T00:00:00.000+0000\n"
    "006000000000004,D,Prospecting,2023-02-30 00:00:00\n";
  g_autoptr(AuditModel) m = load_ok(f, AUDIT_OBJ_OPPORTUNITY, "Opportunity.csv", csv, -1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  for (guint r = 0; r < 3; r++)
    assert_int_equal(audit_day(t, r, OPPORTUNITY_CLOSE_DATE), 19488);
  assert_int_equal(audit_day(t, 3, OPPORTUNITY_CLOSE_DATE), AUDIT_DAY_NONE);
  assert_int_equal(t->invalid->len, 1);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->row, 3);
  assert_int_equal(v->column, 3);
  assert_int_equal(v->reason, AUDIT_INVALID_NOT_A_DAY);
}

/* The inference or notice of m whose text mentions needle; NULL when none. */
static const AuditInference *find_inference(const AuditModel *m, const char *what)
{
  for (guint i = 0; i < m->inferred->len; i++) {
    const AuditInference *x = m->inferred->pdata[i];
    if (strcmp(x->what, what) == 0)
      return x;
  }
  return NULL;
}

static const char *find_notice(const AuditModel *m, const char *needle)
{
  for (guint i = 0; i < m->notices->len; i++)
    if (strstr(m->notices->pdata[i], needle))
      return m->notices->pdata[i];
  return NULL;
}

static AuditModel *load_model_ordered(Fixture *f, AuditDayOrder order)
{
  AuditLoadOptions opts = {.encoding = AUDIT_ENCODING_AUTO, .jobs = 2, .date_order = order};
  AuditModel *m = audit_model_new();
  GError *error = NULL;
  if (!audit_model_load(m, f->dir, &opts, &error))
    fail_msg("audit_model_load failed: %s", error ? error->message : "(no message)");
  audit_derive_model(m, 2);
  return m;
}

/* A report's dates in the user's locale: each column's order from its values,
 * else the file's other date columns, else [input] date_order. */
static void test_date_order(void **state)
{
  Fixture *f = *state;
  /* 2023-04-25 = 19472, 2023-05-11 = 19488, 2023-11-05 = 19666, 2023-01-01 = 19358 */
  g_free(write_file(f, "Opportunity.csv",
                    "Id,Name,StageName,CloseDate,CreatedDate\n"
                    "006000000000001,A,Prospecting,25/04/2023,05/11/2023 10:30\n"
                    "006000000000002,B,Prospecting,05/11/2023,1/1/2023 09:00\n"
                    "006000000000003,C,Prospecting,11.05.2023,\n",
                    -1));
  g_autoptr(AuditModel) m = load_model_ordered(f, AUDIT_DAY_ORDER_MDY);
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  assert_int_equal(audit_day(t, 0, OPPORTUNITY_CLOSE_DATE), 19472);
  assert_int_equal(audit_day(t, 1, OPPORTUNITY_CLOSE_DATE), 19666); /* day first, as 25/04 says */
  assert_int_equal(audit_day(t, 2, OPPORTUNITY_CLOSE_DATE), 19488);
  /* no value of CreatedDate tells: the file's CloseDate does, over the config's mdy */
  assert_int_equal(audit_day(t, 0, AUDIT_F_CREATED), 19666);
  assert_int_equal(audit_day(t, 1, AUDIT_F_CREATED), 19358);
  assert_int_equal(t->invalid->len, 0);
  const AuditInference *x = find_inference(m, "date order of Opportunity.csv CloseDate");
  assert_non_null(x);
  assert_string_equal(x->value, "dmy");
  assert_string_equal(x->from, "values such as 25/04/2023");
  assert_string_equal(x->override, "[input] date_order");
  x = find_inference(m, "date order of Opportunity.csv CreatedDate");
  assert_non_null(x);
  assert_string_equal(x->value, "dmy");
  assert_string_equal(x->from, "the file's CloseDate, values such as 25/04/2023");
  /* the config said otherwise: a warning */
  assert_non_null(find_notice(m, "[input] date_order is mdy, but Opportunity.csv CloseDate has dates such as "
                                 "25/04/2023: read as dmy"));
}

static void test_date_order_config_decides(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Opportunity.csv",
                    "Id,Name,StageName,CloseDate\n"
                    "006000000000001,A,Prospecting,05/11/2023\n"
                    "006000000000002,B,Prospecting,2023/05/11\n",
                    -1));
  /* nothing tells (year first is always ymd): [input] date_order decides, and nothing is inferred */
  g_autoptr(AuditModel) m = load_model_ordered(f, AUDIT_DAY_ORDER_DMY);
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  assert_int_equal(audit_day(t, 0, OPPORTUNITY_CLOSE_DATE), 19666);
  assert_int_equal(audit_day(t, 1, OPPORTUNITY_CLOSE_DATE), 19488);
  assert_int_equal(t->invalid->len, 0);
  assert_int_equal(m->inferred->len, 0);
  assert_int_equal(m->notices->len, 0);

  /* no config either: not read, each value reported, and said once */
  g_autoptr(AuditModel) m2 = load_model_ordered(f, AUDIT_DAY_ORDER_NONE);
  t = &m2->tables[AUDIT_OBJ_OPPORTUNITY];
  assert_int_equal(audit_day(t, 0, OPPORTUNITY_CLOSE_DATE), AUDIT_DAY_NONE);
  assert_int_equal(audit_day(t, 1, OPPORTUNITY_CLOSE_DATE), 19488);
  assert_int_equal(t->invalid->len, 1);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->row, 0);
  assert_int_equal(v->column, 3);
  assert_int_equal(v->reason, AUDIT_INVALID_DAY_ORDER);
  assert_int_equal(m2->inferred->len, 0);
  assert_non_null(find_notice(m2, "Opportunity.csv CloseDate: 1 date such as 05/11/2023 could be month or day "
                                  "first, and no value of the file tells which: not read; set [input] "
                                  "date_order = mdy or dmy"));
}

/* A locale date among ISO dates is not the column's form: typed by hand or
 * reformatted, reported and not read, whatever it says. */
static void test_date_order_iso_column(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Opportunity.csv",
                    "Id,Name,StageName,CloseDate\n"
                    "006000000000001,A,Prospecting,2023-05-11 00:00:00\n"
                    "006000000000002,B,Prospecting,31/12/2026\n"
                    "006000000000003,C,Prospecting,2023-05-11\n",
                    -1));
  g_autoptr(AuditModel) m = load_model_ordered(f, AUDIT_DAY_ORDER_NONE);
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  assert_int_equal(audit_day(t, 0, OPPORTUNITY_CLOSE_DATE), 19488);
  assert_int_equal(audit_day(t, 1, OPPORTUNITY_CLOSE_DATE), AUDIT_DAY_NONE);
  assert_int_equal(audit_day(t, 2, OPPORTUNITY_CLOSE_DATE), 19488);
  assert_int_equal(t->invalid->len, 1);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0);
  assert_int_equal(v->row, 1);
  assert_int_equal(v->reason, AUDIT_INVALID_OTHER_FORM);
  assert_int_equal(m->inferred->len, 0);
  assert_int_equal(m->notices->len, 0);
}

static void test_date_order_contradiction(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Opportunity.csv",
                    "Id,Name,StageName,CloseDate\n"
                    "006000000000001,A,Prospecting,25/04/2023\n"
                    "006000000000002,B,Prospecting,04/25/2023\n"
                    "006000000000003,C,Prospecting,05/11/2023\n"
                    "006000000000004,D,Prospecting,30/02/2023\n",
                    -1));
  g_autoptr(AuditModel) m = load_model_ordered(f, AUDIT_DAY_ORDER_MDY);
  const AuditTable *t = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  /* each value its parts allow; no guess for the one that could be either, config or not */
  assert_int_equal(audit_day(t, 0, OPPORTUNITY_CLOSE_DATE), 19472);
  assert_int_equal(audit_day(t, 1, OPPORTUNITY_CLOSE_DATE), 19472);
  assert_int_equal(audit_day(t, 2, OPPORTUNITY_CLOSE_DATE), AUDIT_DAY_NONE);
  assert_int_equal(audit_day(t, 3, OPPORTUNITY_CLOSE_DATE), AUDIT_DAY_NONE);
  assert_int_equal(t->invalid->len, 2);
  const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, 0); /* sorted by row */
  assert_int_equal(v->row, 2);
  assert_int_equal(v->reason, AUDIT_INVALID_DAY_ORDER_MIXED); /* no [input] date_order reads it */
  v = &g_array_index(t->invalid, AuditInvalidValue, 1);
  assert_int_equal(v->row, 3);
  assert_int_equal(v->reason, AUDIT_INVALID_NOT_A_DAY);
  assert_int_equal(m->inferred->len, 0);
  assert_non_null(find_notice(m, "Opportunity.csv CloseDate mixes month-first dates (such as 04/25/2023, line 3) "
                                 "and day-first ones (such as 25/04/2023, line 2)"));
}

/* NUL and other control bytes inside values are dropped and counted; tab,
 * LF and CR stay. */
static void test_control_bytes(void **state)
{
  Fixture *f = *state;
  static const char csv[] = "Id,Name,Notes__c,Description\n"
                            "001000000000001,Ac\x01me,\"a\0b\0\0c\",\"x\ty\r\nz\"\n"
                            "001000000000002,Beta,\"\0\",\"\x1f\"\n";
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", csv, sizeof csv - 1, AUDIT_ENCODING_UTF8);
  const AuditTable *t = &m->tables[ACC];
  assert_int_equal(t->nrows, 2);
  assert_string_equal(audit_text(t, 0, ACCOUNT_NAME), "Acme");
  assert_string_equal(audit_cell(t, 0, 2), "abc");
  assert_string_equal(audit_cell(t, 0, 3), "x\ty\r\nz");
  assert_string_equal(audit_cell(t, 1, 2), "");
  assert_string_equal(audit_cell(t, 1, 3), "");
  assert_non_null(t->control_dropped);
  assert_int_equal(t->control_dropped[0], 0);
  assert_int_equal(t->control_dropped[1], 1);
  assert_int_equal(t->control_dropped[2], 4);
  assert_int_equal(t->control_dropped[3], 1);

  /* in a Windows-1252 file too (auto: the 0xE9 makes it one) */
  static const char cp[] = "Id,Name\n001000000000001,\"Caf\xe9\0\"\n";
  g_autoptr(AuditModel) m2 = load_ok(f, ACC, "Account2.csv", cp, sizeof cp - 1, AUDIT_ENCODING_AUTO);
  assert_string_equal(m2->tables[ACC].encoding, "windows-1252");
  assert_string_equal(audit_text(&m2->tables[ACC], 0, ACCOUNT_NAME), "Caf\xc3\xa9");
  assert_int_equal(m2->tables[ACC].control_dropped[1], 1);

  /* none: no counts */
  g_autoptr(AuditModel) m3 = load_ok(f, ACC, "Account3.csv", "Id,Name\n001000000000001,A\n", -1, AUDIT_ENCODING_UTF8);
  assert_null(m3->tables[ACC].control_dropped);
}

/* A UTF-16 file without a byte-order mark, or a binary one: NULs from the
 * first bytes, in the header. */
static void test_error_binary(void **state)
{
  Fixture *f = *state;
  static const char le[] = "I\0d\0,\0N\0a\0m\0e\0\n\0";
  assert_load_error(f, ACC, "Account.csv", le, sizeof le - 1, AUDIT_ENCODING_AUTO, "Account.csv:1:1: ", "0x00",
                    "UTF-16", NULL);
  /* quoted, as a Data Export writes it: told before the parser, not a "stray quote" (either byte order) */
  static const char quoted_le[] = "\"\0I\0d\0\"\0,\0\"\0N\0a\0m\0e\0\"\0\r\0\n\0";
  static const char quoted_be[] = "\0\"\0I\0d\0\"\0,\0\"\0N\0a\0m\0e\0\"\0\r\0\n";
  static const char *const want =
      "Account.csv:1:1: expected text in the header, found the control byte 0x00 (a binary or UTF-16 file? save it "
      "as UTF-8 CSV)";
  assert_load_error(f, ACC, "Account.csv", quoted_le, sizeof quoted_le - 1, AUDIT_ENCODING_AUTO, want, NULL);
  assert_load_error(f, ACC, "Account.csv", quoted_be, sizeof quoted_be - 1, AUDIT_ENCODING_UTF8, want, NULL);
  assert_load_error(f, ACC, "Account.csv", le, sizeof le - 1, AUDIT_ENCODING_AUTO, want, NULL);
  static const char zip[] = "PK\x03\x04\x14\0\0\0";
  assert_load_error(f, ACC, "Account.csv", zip, sizeof zip - 1, AUDIT_ENCODING_AUTO, "Account.csv:1:1: ", "0x03",
                    "binary", NULL);
}

/* ---- encodings ---- */

/* "Café" in Windows-1252, on line 3, field 3 */
static const char cp1252_csv[] = "Id,Type,Name\r\n"
                                 "001000000000001,Customer,Acme\r\n"
                                 "001000000000002,Partner,Caf\xe9 \x80\r\n";

static void test_encoding_auto_cp1252(void **state)
{
  Fixture *f = *state;
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", cp1252_csv, -1, AUDIT_ENCODING_AUTO);
  const AuditTable *t = &m->tables[ACC];
  assert_string_equal(t->encoding, "windows-1252");
  assert_int_equal(t->nrows, 2);
  assert_string_equal(audit_text(t, 0, ACCOUNT_NAME), "Acme");
  assert_string_equal(audit_text(t, 1, ACCOUNT_NAME), "Caf\xc3\xa9 \xe2\x82\xac"); /* "Café €" */
  assert_string_equal(audit_text(t, 1, ACCOUNT_TYPE), "Partner");
  assert_int_equal(t->lines[1], 3);

  /* forced Windows-1252: the same */
  g_autoptr(AuditModel) m2 = load_ok(f, ACC, "Account2.csv", cp1252_csv, -1, AUDIT_ENCODING_CP1252);
  assert_string_equal(m2->tables[ACC].encoding, "windows-1252");
  assert_string_equal(audit_text(&m2->tables[ACC], 1, ACCOUNT_NAME), "Caf\xc3\xa9 \xe2\x82\xac");

  /* a UTF-8 file stays UTF-8 under auto */
  g_autoptr(AuditModel) m3 =
    load_ok(f, ACC, "Account3.csv", "Id,Name\n001000000000001,Caf\xc3\xa9\n", -1, AUDIT_ENCODING_AUTO);
  assert_string_equal(m3->tables[ACC].encoding, "utf-8");
  assert_string_equal(audit_text(&m3->tables[ACC], 0, ACCOUNT_NAME), "Caf\xc3\xa9");

  AuditEncoding e;
  assert_true(audit_encoding_from_name("auto", &e));
  assert_int_equal(e, AUDIT_ENCODING_AUTO);
  assert_true(audit_encoding_from_name("UTF-8", &e));
  assert_int_equal(e, AUDIT_ENCODING_UTF8);
  assert_true(audit_encoding_from_name("windows-1252", &e));
  assert_int_equal(e, AUDIT_ENCODING_CP1252);
  assert_false(audit_encoding_from_name("ebcdic", &e));
}

static void test_encoding_utf8_strict(void **state)
{
  Fixture *f = *state;
  /* byte 0xE9 in line 3, field 3 (Name) */
  assert_load_error(f, ACC, "Account.csv", cp1252_csv, -1, AUDIT_ENCODING_UTF8, "Account.csv:3:3: ", "0xE9",
                    "UTF-8", NULL);
}

/* ---- refused files ---- */

static void test_error_unterminated_quote(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "Id,Name\n"                   /* 1 */
    "001000000000001,Acme\n"      /* 2 */
    "001000000000002,\"Beta\n"    /* 3: the quote opens in field 2 */
    "001000000000003,Gamma\n"     /* 4 */
    "001000000000004,Delta\n";    /* 5 */
  assert_load_error(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8, "Account.csv:3:2: ", "quote", NULL);
}

static void test_error_too_many_fields(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "Id,Name\n"
    "001000000000001,Acme\n"
    "001000000000002,Acme, Inc.\n"; /* line 3: a third field */
  assert_load_error(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8, "Account.csv:3:3: ", "expected 2 fields",
                    NULL);
}

static void test_error_too_few_fields(void **state)
{
  Fixture *f = *state;
  const char *csv =
    "Id,Name,Website\n"
    "001000000000001,Acme,acme.com\n"
    "001000000000002,Beta\n"; /* line 3: field 3 missing */
  assert_load_error(f, ACC, "Account.csv", csv, -1, AUDIT_ENCODING_UTF8, "Account.csv:3:3: ", "expected 3 fields",
                    NULL);
}

static void test_error_empty_file(void **state)
{
  Fixture *f = *state;
  assert_load_error(f, ACC, "Empty.csv", "", 0, AUDIT_ENCODING_UTF8, "Empty.csv:1:1: ", "empty", NULL);
  assert_load_error(f, ACC, "Blank.csv", "\n\n", -1, AUDIT_ENCODING_UTF8, "Blank.csv:1:1: ", "empty", NULL);
  /* blank lines with Windows line ends are no header either: accepting the
   * file would give a table without an Id column */
  assert_load_error(f, ACC, "BlankCRLF.csv", "\r\n\r\n", -1, AUDIT_ENCODING_UTF8, "BlankCRLF.csv:1:1: ", NULL);
}

static void test_error_missing_id(void **state)
{
  Fixture *f = *state;
  assert_load_error(f, CON, "Contact.csv", "Name,Email\nAnn Lee,ann@acme.com\n", -1, AUDIT_ENCODING_UTF8,
                    "Contact.csv:1:1: ", "Id", "found none", NULL);
}

static void test_error_account_without_name(void **state)
{
  Fixture *f = *state;
  assert_load_error(f, ACC, "Account.csv", "Id,Website\n001000000000001,acme.com\n", -1, AUDIT_ENCODING_UTF8,
                    "Account.csv:1:1: ", "Name", "found none", NULL);
  /* a Contact needs no Name column */
  g_autoptr(AuditModel) m =
    load_ok(f, CON, "Contact.csv", "Id,Email\n003000000000001,ann@acme.com\n", -1, AUDIT_ENCODING_UTF8);
  assert_int_equal(m->tables[CON].nrows, 1);
}

static void test_error_stray_quote(void **state)
{
  Fixture *f = *state;
  /* a closing quote followed by more text, in line 2 field 2 */
  assert_load_error(f, ACC, "Account.csv", "Id,Name\n001000000000001,\"x\"y\n001000000000002,Beta\n", -1,
                    AUDIT_ENCODING_UTF8, "Account.csv:2:2: ", "quote", NULL);
  /* a quote inside an unquoted field, in line 3 field 2 */
  assert_load_error(f, ACC, "Account.csv", "Id,Name\n001000000000001,Acme\n001000000000002,The \"Best\" Co\n", -1,
                    AUDIT_ENCODING_UTF8, "Account.csv:3:2: ", "quote", NULL);
}

static void test_error_utf16(void **state)
{
  Fixture *f = *state;
  static const char le[] = "\xFF\xFEI\0d\0,\0N\0a\0m\0e\0\n\0";
  static const char be[] = "\xFE\xFF\0I\0d\0,\0N\0a\0m\0e\0\n";
  assert_load_error(f, ACC, "Account.csv", le, sizeof le - 1, AUDIT_ENCODING_AUTO, "Account.csv:1:1: ", "UTF-16",
                    NULL);
  assert_load_error(f, ACC, "Account.csv", be, sizeof be - 1, AUDIT_ENCODING_UTF8, "Account.csv:1:1: ", "UTF-16",
                    NULL);
}

static void test_error_duplicate_header(void **state)
{
  Fixture *f = *state;
  /* "NAME" in column 3 repeats "Name" of column 2 (case-insensitively) */
  assert_load_error(f, ACC, "Account.csv", "Id,Name,NAME\n001000000000001,A,B\n", -1, AUDIT_ENCODING_UTF8,
                    "Account.csv:1:3: ", "NAME", NULL);
  assert_load_error(f, CON, "Contact.csv", "Id,Email,Title,Email\n", -1, AUDIT_ENCODING_UTF8, "Contact.csv:1:4: ",
                    "Email", NULL);
}

static void test_header_only(void **state)
{
  Fixture *f = *state;
  g_autoptr(AuditModel) m = load_ok(f, ACC, "Account.csv", "Id,Name\n", -1, AUDIT_ENCODING_UTF8);
  assert_true(m->tables[ACC].present);
  assert_int_equal(m->tables[ACC].nrows, 0);
  assert_int_equal(m->tables[ACC].ncols, 2);
  g_autoptr(AuditModel) m2 = load_ok(f, ACC, "Account2.csv", "Id,Name", -1, AUDIT_ENCODING_UTF8);
  assert_int_equal(m2->tables[ACC].nrows, 0);
  assert_int_equal(m2->tables[ACC].ncols, 2);
  assert_int_equal(m2->tables[ACC].known[ACCOUNT_NAME], 1);
}

/* ---- an export: references and links ---- */

static void test_ids_mixed_lengths(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Account.csv",
                    "Id,Name\n"
                    "001000000000001,Acme\n"
                    "001000000000002AAA,Beta\n"
                    "001000000000003,Gamma\n",
                    -1));
  g_free(write_file(f, "Contact.csv",
                    "Id,AccountId,LastName\n"
                    "003000000000001AAA,001000000000003AAA,Lee\n" /* 18 → Gamma (15) */
                    "003000000000002,001000000000002,Kim\n"       /* 15 → Beta (18) */
                    "003000000000003,000000000000000,Null15\n"
                    "003000000000004,000000000000000AAA,Null18\n"
                    "003000000000005,,Blank\n"
                    "003000000000006, 001000000000001 ,Spaces\n"
                    "003000000000007,001000000000009,Missing\n",
                    -1));
  g_autoptr(AuditModel) m = load_model(f);
  const AuditTable *acc = &m->tables[ACC], *con = &m->tables[CON];
  assert_int_equal(acc->nrows, 3);
  assert_int_equal(con->nrows, 7);
  assert_string_equal(audit_id(acc, 1), "001000000000002");
  assert_string_equal(audit_id(con, 0), "003000000000001");
  assert_int_equal(audit_table_find(acc, "001000000000002", 15), 1);
  assert_int_equal(audit_table_find(con, "003000000000001", 15), 0);

  /* which rows' Ids came in 18 characters (the fix files write them so) */
  assert_false(audit_id_was_18(acc, 0));
  assert_true(audit_id_was_18(acc, 1));
  assert_false(audit_id_was_18(acc, 2));
  assert_int_equal(acc->nid18, 1);
  assert_true(audit_id_was_18(con, 0));
  for (guint r = 1; r < con->nrows; r++)
    assert_false(audit_id_was_18(con, r));
  assert_int_equal(con->nid18, 1);

  assert_int_equal(audit_ref(con, 0, CONTACT_ACCOUNT), 2);
  assert_int_equal(audit_ref_object(con, 0, CONTACT_ACCOUNT), ACC);
  assert_int_equal(audit_ref(con, 1, CONTACT_ACCOUNT), 1);
  assert_int_equal(audit_ref(con, 2, CONTACT_ACCOUNT), AUDIT_REF_BLANK);
  assert_int_equal(audit_ref(con, 3, CONTACT_ACCOUNT), AUDIT_REF_BLANK);
  assert_int_equal(audit_ref(con, 4, CONTACT_ACCOUNT), AUDIT_REF_BLANK);
  assert_int_equal(audit_ref(con, 5, CONTACT_ACCOUNT), 0);
  assert_int_equal(audit_ref(con, 6, CONTACT_ACCOUNT), AUDIT_REF_DANGLING);
  assert_string_equal(audit_text(con, 2, CONTACT_ACCOUNT), "");
  assert_string_equal(audit_text(con, 3, CONTACT_ACCOUNT), "");

  assert_int_equal(audit_link_count(&m->account_contacts, 0), 1);
  assert_int_equal(audit_link_count(&m->account_contacts, 1), 1);
  assert_int_equal(audit_link_count(&m->account_contacts, 2), 1);
  guint32 c = 99;
  AUDIT_LINK_FOREACH(m->account_contacts, 2, c)
  assert_int_equal(c, 0);
}

/* The Id index hashes the whole Id: 100,000 Ids that share their first 16
 * bytes (another system's keys) once all collided (29 s; here well under a
 * second). And only Salesforce Ids are one by their first 15 characters:
 * two other 18-character keys sharing them stay two records. */
static void test_ids_whole(void **state)
{
  Fixture *f = *state;
  g_autoptr(GString) csv = g_string_new("Id,LastName\n");
  const guint n = 100000;
  for (guint i = 0; i < n; i++)
    g_string_append_printf(csv, "legacy-contact-%08u,L\n", i);
  g_string_append(csv, "CUSTOMER0000000001,A\nCUSTOMER0000000002,B\n"
                       "003000000000001AAA,C\n003000000000001,D\n");
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(AuditModel) m = load_ok(f, CON, "Contact.csv", csv->str, -1, AUDIT_ENCODING_UTF8);
  double seconds = (double)(g_get_monotonic_time() - t0) / 1e6;
  const AuditTable *t = &m->tables[CON];
  if (seconds > 10)
    fail_msg("loading %u Ids sharing their first 16 bytes took %.1f s", n, seconds);
  assert_int_equal(t->nrows, n + 4);
  assert_int_equal(audit_table_find(t, "legacy-contact-00000000", 23), 0);
  assert_int_equal(audit_table_find(t, "legacy-contact-00099999", 23), n - 1);
  assert_int_equal(audit_table_find(t, "CUSTOMER0000000001", 18), n);
  assert_int_equal(audit_table_find(t, "CUSTOMER0000000002", 18), n + 1);
  assert_int_equal(audit_table_find(t, "CUSTOMER0000000", 15), -1);
  assert_string_equal(audit_id(t, n), "CUSTOMER0000000001");
  assert_false(audit_id_was_18(t, n));
  /* a Salesforce Id in both forms is one record, the second a repeat */
  assert_int_equal(audit_table_find(t, "003000000000001", 15), n + 2);
  assert_int_equal(t->duplicate_rows->len, 1);
  assert_int_equal(g_array_index(t->duplicate_rows, guint32, 0), n + 3);
}

static void test_dangling_and_foreign(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Account.csv", "Id,Name\n001000000000001,Acme\n", -1));
  g_free(write_file(f, "Contact.csv", "Id,AccountId,LastName\n003000000000001,001000000000001,Lee\n", -1));
  g_free(write_file(f, "User.csv", "Id,Name,IsActive\n005000000000001,Sam Seller,true\n", -1));
  g_free(write_file(f, "Task.csv",
                    "Id,WhoId,WhatId,OwnerId,ActivityDate,Subject\n"
                    "00T000000000001,003000000000099,500000000000001,00G000000000001,2024-01-15,Call\n"
                    "00T000000000002,003000000000001AAA,001000000000001,005000000000001,,Email\n"
                    "00T000000000003,,,005000000000099,2024-01-16,Note\n",
                    -1));
  g_autoptr(AuditModel) m = load_model(f);
  const AuditTable *task = &m->tables[AUDIT_OBJ_TASK];
  assert_int_equal(task->nrows, 3);

  /* a Contact Id (003) not in Contact.csv, which was exported */
  assert_int_equal(audit_ref(task, 0, ACTIVITY_WHO), AUDIT_REF_DANGLING);
  assert_int_equal(audit_ref_object(task, 0, ACTIVITY_WHO), CON);
  /* a Case (500) and a queue (00G): objects that are not modelled */
  assert_int_equal(audit_ref(task, 0, ACTIVITY_WHAT), AUDIT_REF_FOREIGN);
  assert_int_equal(audit_ref(task, 0, AUDIT_F_OWNER), AUDIT_REF_FOREIGN);

  assert_int_equal(audit_ref(task, 1, ACTIVITY_WHO), 0);
  assert_int_equal(audit_ref_object(task, 1, ACTIVITY_WHO), CON);
  assert_int_equal(audit_ref(task, 1, ACTIVITY_WHAT), 0);
  assert_int_equal(audit_ref_object(task, 1, ACTIVITY_WHAT), ACC);
  assert_int_equal(audit_ref(task, 1, AUDIT_F_OWNER), 0);
  assert_int_equal(audit_ref_object(task, 1, AUDIT_F_OWNER), AUDIT_OBJ_USER);

  assert_int_equal(audit_ref(task, 2, ACTIVITY_WHO), AUDIT_REF_BLANK);
  assert_int_equal(audit_ref(task, 2, ACTIVITY_WHAT), AUDIT_REF_BLANK);
  /* a User Id (005) not in User.csv */
  assert_int_equal(audit_ref(task, 2, AUDIT_F_OWNER), AUDIT_REF_DANGLING);
  assert_int_equal(audit_ref_object(task, 2, AUDIT_F_OWNER), AUDIT_OBJ_USER);

  /* activities: one per Task row, linked to the contact and the account */
  assert_int_equal(m->nactivities, 3);
  assert_int_equal(m->activities[0].day, 19737);
  assert_int_equal(audit_link_count(&m->contact_activities, 0), 1);
  assert_int_equal(audit_link_count(&m->account_activities, 0), 1);
}

static void test_links(void **state)
{
  Fixture *f = *state;
  /* file names are matched case-insensitively */
  g_free(write_file(f, "account.csv",
                    "Id,Name\n"
                    "001000000000001,Acme\n"
                    "001000000000002,Beta\n"
                    "001000000000003,Gamma\n",
                    -1));
  g_free(write_file(f, "CONTACT.CSV",
                    "Id,AccountId,LastName\n"
                    "003000000000001,001000000000002,A\n"
                    "003000000000002,001000000000001,B\n"
                    "003000000000003,001000000000002AAA,C\n"
                    "003000000000004,,D\n",
                    -1));
  g_free(write_file(f, "Opportunity.csv",
                    "Id,AccountId,Name,StageName,IsClosed\n"
                    "006000000000001,001000000000002,Deal 1,Demo,false\n"
                    "006000000000002,001000000000002,Deal 2,Closed Won,true\n"
                    "006000000000003,001000000000001,Deal 3,Prospecting,\n",
                    -1));
  g_free(write_file(f, "OpportunityContactRole.csv",
                    "Id,OpportunityId,ContactId,Role,IsPrimary\n"
                    "00K000000000001,006000000000001,003000000000001,Economic Buyer,true\n"
                    "00K000000000002,006000000000003,003000000000002,,false\n"
                    "00K000000000003,006000000000001,003000000000003,Champion,false\n",
                    -1));
  g_free(write_file(f, "notes.txt", "not an export file\n", -1));
  g_autoptr(AuditModel) m = load_model(f);

  assert_true(m->tables[ACC].present);
  assert_string_equal(m->tables[ACC].file, "account.csv");
  assert_string_equal(m->tables[CON].file, "CONTACT.CSV");
  assert_false(m->tables[AUDIT_OBJ_LEAD].present);
  assert_int_equal(m->tables[AUDIT_OBJ_CONTACT_ROLE].nrows, 3);

  assert_int_equal(audit_link_count(&m->account_contacts, 0), 1);
  assert_int_equal(audit_link_count(&m->account_contacts, 1), 2);
  assert_int_equal(audit_link_count(&m->account_contacts, 2), 0);
  guint32 c, seen[4], n = 0;
  AUDIT_LINK_FOREACH(m->account_contacts, 1, c)
  seen[n++] = c;
  assert_int_equal(n, 2);
  assert_int_equal(seen[0], 0);
  assert_int_equal(seen[1], 2);

  assert_int_equal(audit_link_count(&m->account_opportunities, 0), 1);
  assert_int_equal(audit_link_count(&m->account_opportunities, 1), 2);
  assert_int_equal(audit_link_count(&m->account_opportunities, 2), 0);

  assert_int_equal(audit_link_count(&m->opportunity_roles, 0), 2);
  assert_int_equal(audit_link_count(&m->opportunity_roles, 1), 0);
  assert_int_equal(audit_link_count(&m->opportunity_roles, 2), 1);
  n = 0;
  AUDIT_LINK_FOREACH(m->opportunity_roles, 0, c)
  seen[n++] = c;
  assert_int_equal(n, 2);
  assert_int_equal(seen[0], 0);
  assert_int_equal(seen[1], 2);

  assert_int_equal(audit_link_count(&m->contact_roles, 0), 1);
  assert_int_equal(audit_link_count(&m->contact_roles, 1), 1);
  assert_int_equal(audit_link_count(&m->contact_roles, 2), 1);
  assert_int_equal(audit_link_count(&m->contact_roles, 3), 0);

  assert_true(audit_opportunity_is_open(m, 0));
  assert_false(audit_opportunity_is_open(m, 1));
  assert_true(audit_opportunity_is_open(m, 2));
}

/* The account tree, derived once: root, depth, on or under a cycle; the
 * ancestor test; the repeated-row bits. */
static void test_account_tree(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Account.csv",
                    "Id,Name,ParentId\n"
                    "001000000000000,Top,\n"                  /* 0: a top */
                    "001000000000001,Child,001000000000000\n" /* 1: under 0 */
                    "001000000000002,Grandchild,001000000000001\n"
                    "001000000000003,Ring A,001000000000004\n" /* 3, 4: a cycle */
                    "001000000000004,Ring B,001000000000003\n"
                    "001000000000005,Under ring,001000000000004\n"
                    "001000000000006,Own parent,001000000000006\n"
                    "001000000000007,Gone parent,001000000000099\n" /* a parent not in the export: a top */
                    "001000000000002,Grandchild again,001000000000001\n", /* 8: a repeated Id */
                    -1));
  g_autoptr(AuditModel) m = load_model(f);
  static const gint32 root[] = {0, 0, 0, 3, 3, 3, 6, 7, 0};
  static const guint32 depth[] = {0, 1, 2, 0, 0, 0, 0, 0, 2};
  static const guint8 state_of[] = {AUDIT_TREE_TOP,         AUDIT_TREE_TOP,   AUDIT_TREE_TOP,
                                    AUDIT_TREE_CYCLE,       AUDIT_TREE_CYCLE, AUDIT_TREE_UNDER_CYCLE,
                                    AUDIT_TREE_CYCLE,       AUDIT_TREE_TOP,   AUDIT_TREE_TOP};
  for (guint r = 0; r < G_N_ELEMENTS(root); r++) {
    assert_int_equal(m->account_root[r], root[r]);
    assert_int_equal(m->account_depth[r], depth[r]);
    assert_int_equal(m->account_tree[r], state_of[r]);
  }
  assert_true(audit_account_is_ancestor(m, 0, 2));
  assert_true(audit_account_is_ancestor(m, 1, 2));
  assert_false(audit_account_is_ancestor(m, 2, 0));
  assert_false(audit_account_is_ancestor(m, 2, 2));
  assert_false(audit_account_is_ancestor(m, 7, 2));
  assert_true(audit_account_is_ancestor(m, 3, 4)); /* on a cycle, each is above the other */
  assert_true(audit_account_is_ancestor(m, 4, 3));
  assert_true(audit_account_is_ancestor(m, 3, 5));
  assert_true(audit_account_is_ancestor(m, 4, 5));
  assert_false(audit_account_is_ancestor(m, 5, 3));
  assert_false(audit_account_is_ancestor(m, 3, 0));
  assert_false(audit_account_is_ancestor(m, 6, 3));
  assert_false(audit_account_is_ancestor(m, 0, 6));
  assert_false(audit_account_is_ancestor(m, -1, 2));
  const AuditTable *t = &m->tables[ACC];
  for (guint r = 0; r < t->nrows; r++)
    assert_int_equal(audit_row_repeated(t, r), r == 8);
  assert_false(audit_row_repeated(&m->tables[CON], 0)); /* no file, no bits */
}

/* A chain and a cycle longer than AUDIT_TREE_MAX_DEPTH: depth, root and the
 * ancestor test exact. */
static void test_account_tree_deep(void **state)
{
  Fixture *f = *state;
  guint n = AUDIT_TREE_MAX_DEPTH + 5;
  GString *csv = g_string_new("Id,Name,ParentId\n001000000000000,Top,\n");
  for (guint i = 1; i < n; i++)
    g_string_append_printf(csv, "001%012u,Level %u,001%012u\n", i, i, i - 1);
  g_free(write_file(f, "Account.csv", csv->str, -1));
  g_string_free(csv, TRUE);
  g_autoptr(AuditModel) m = load_model(f);
  assert_int_equal(m->account_depth[n - 1], n - 1);
  assert_int_equal(m->account_root[n - 1], 0);
  assert_true(audit_account_is_ancestor(m, 0, (gint32)(n - 1)));
  assert_true(audit_account_is_ancestor(m, (gint32)(n - 2), (gint32)(n - 1)));
  assert_false(audit_account_is_ancestor(m, (gint32)(n - 1), (gint32)(n - 2)));
  assert_false(audit_account_is_ancestor(m, (gint32)(n - 1), (gint32)(n - 1)));
  audit_model_free(g_steal_pointer(&m));

  /* the chain closed into a cycle: row 0's parent is the last */
  csv = g_string_new("Id,Name,ParentId\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf(csv, "001%012u,Level %u,001%012u\n", i, i, (i + n - 1) % n);
  g_free(write_file(f, "Account.csv", csv->str, -1));
  g_string_free(csv, TRUE);
  m = load_model(f);
  assert_int_equal(m->account_tree[n - 1], AUDIT_TREE_CYCLE);
  assert_int_equal(m->account_root[n - 1], 0);
  assert_true(audit_account_is_ancestor(m, 1, (gint32)(n - 1)));
  assert_true(audit_account_is_ancestor(m, (gint32)(n - 1), 1));
}

static void test_model_load_errors(void **state)
{
  Fixture *f = *state;
  g_free(write_file(f, "Account.csv", "Id,Name\n001000000000001,Acme\n", -1));
  g_autofree char *contact = write_file(f, "Contact.csv", "Id,LastName\n003000000000001,Lee,extra\n", -1);
  /* every file's error in one run, one a line, in object order */
  g_autofree char *opp = write_file(f, "Opportunity.csv", "Id,Name\n006000000000001,\"A\n", -1);
  g_autofree char *lead = write_file(f, "Lead.csv", "I\0d\0", 4);
  AuditLoadOptions opts = {.encoding = AUDIT_ENCODING_AUTO, .jobs = 2};
  g_autoptr(AuditModel) m = audit_model_new();
  GError *error = NULL;
  assert_false(audit_model_load(m, f->dir, &opts, &error));
  assert_non_null(error);
  assert_true(g_error_matches(error, AUDIT_ERROR, AUDIT_ERROR_INPUT));
  g_auto(GStrv) lines = g_strsplit(error->message, "\n", -1);
  assert_int_equal(g_strv_length(lines), 3);
  /* the file by its path, then line and column */
  g_autofree char *want0 = g_strdup_printf("%s:2:3: expected 2 fields as in the header, found 3", contact);
  g_autofree char *want1 = g_strdup_printf("%s:1:1: expected text in the header, found the control byte 0x00", lead);
  g_autofree char *want2 = g_strdup_printf("%s:2:2: expected a closing quote", opp);
  assert_true(g_str_has_prefix(lines[0], want0));
  assert_true(g_str_has_prefix(lines[1], want1));
  assert_true(g_str_has_prefix(lines[2], want2));
  g_error_free(error);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
    T(test_bom_stripped),
    T(test_joined_exports),
    T(test_changed_while_reading),
    T(test_invalid_past_65536_columns),
    T(test_crlf_and_lf),
    T(test_quoted_fields),
    T(test_headers_any_case_and_order),
    T(test_deleted_rows_skipped),
    T(test_booleans),
    T(test_dates),
    T(test_dates_with_time),
    T(test_date_order),
    T(test_date_order_config_decides),
    T(test_date_order_contradiction),
    T(test_date_order_iso_column),
    T(test_control_bytes),
    T(test_error_binary),
    T(test_encoding_auto_cp1252),
    T(test_encoding_utf8_strict),
    T(test_error_unterminated_quote),
    T(test_error_too_many_fields),
    T(test_error_too_few_fields),
    T(test_error_empty_file),
    T(test_error_missing_id),
    T(test_error_account_without_name),
    T(test_error_stray_quote),
    T(test_error_utf16),
    T(test_error_duplicate_header),
    T(test_header_only),
    T(test_ids_mixed_lengths),
    T(test_ids_whole),
    T(test_id_forms),
    T(test_no_presize_from_prefix),
    T(test_dangling_and_foreign),
    T(test_links),
    T(test_account_tree),
    T(test_account_tree_deep),
    T(test_model_load_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
