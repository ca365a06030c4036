/* crm-audit: the command line only. Parses arguments, calls the run's face
 * (cli.c), maps errors to exit codes (0 clean, 1 findings at or above
 * --fail-on, 2 usage, config or input error). */
#include "cli.h"
#include "config.h"
#include "registry.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_FINDINGS 1
#define EXIT_BAD 2

static const char usage_text[] =
  "Usage:\n"
  "  crm-audit run EXPORT_DIR [-o OUT_DIR] [--config FILE] [--as-of YYYY-MM-DD]\n"
  "                [--format xlsx,html,json,fixes] [--only ID,...] [--skip ID,...]\n"
  "                [--fail-on error|warning|info|never] [--encoding auto|utf-8|windows-1252]\n"
  "                [--previous PREV_EXPORT_DIR] [--baseline PREV_OUT_DIR/findings.json]\n"
  "                [--period FROM..TO] [--html-rows N] [--jobs N] [--quiet]\n"
  "                [--wait] [--force] [--keep-previous] [--profile salesforce]\n"
  "  crm-audit checks [--markdown] list every check: id, severity, title\n"
  "  crm-audit checks --options-markdown   every check's options, as the README's table\n"
  "  crm-audit explain ID          a check's rationale, options, example and fix\n"
  "  crm-audit init-config [FILE]  a commented config with every option at its default\n"
  "  crm-audit --version | --help\n"
  "\n"
  "Exit status: 0 no finding at or above --fail-on (default error), 1 findings at or\n"
  "above it, 2 a usage, config or input error (FILE:LINE:COLUMN: message on stderr)\n"
  "or a write error, 130 interrupted (SIGINT, SIGTERM); on 2 and 130 OUT_DIR is as it was.\n";

static int fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static int fail(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_printerr("crm-audit: %s\n", msg);
  return EXIT_BAD;
}

static char **split_ids(const char *arg, const char *flag, GError **error)
{
  g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; parts[i]; i++) {
    char *p = g_strstrip(parts[i]);
    if (!*p)
      continue;
    if (audit_registry_find(p) < 0) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE, "%s: unknown check '%s' ('crm-audit checks' lists them)",
                  flag, p);
      g_ptr_array_add(out, NULL);
      g_strfreev((char **)g_ptr_array_free(out, FALSE));
      return NULL;
    }
    g_ptr_array_add(out, g_strdup(p));
  }
  g_ptr_array_add(out, NULL);
  return (char **)g_ptr_array_free(out, FALSE);
}

/* A count from the environment, 0 when unset, empty or not a number; at
 * most G_MAXUINT. */
static guint env_count(const char *name)
{
  const char *v = g_getenv(name);
  return v && *v ? (guint)MIN(g_ascii_strtoull(v, NULL, 10), G_MAXUINT) : 0;
}

static int cmd_run(int argc, char **argv)
{
  g_autofree char *out_dir = NULL, *config = NULL, *profile = NULL, *as_of = NULL, *period = NULL,
                  *previous = NULL, *baseline = NULL, *format = NULL, *only = NULL, *skip = NULL,
                  *fail_on = NULL, *encoding = NULL;
  gint html_rows = 2000, jobs = 0;
  gboolean quiet = FALSE, wait = FALSE, force = FALSE, keep_previous = FALSE;
  GOptionEntry entries[] = {
    {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Output folder (default crm-audit-report)", "OUT_DIR"},
    {"config", 0, 0, G_OPTION_ARG_FILENAME, &config, "Config file (default ./crm-audit.ini; one in EXPORT_DIR is read only when named here)", "FILE"},
    {"profile", 0, 0, G_OPTION_ARG_STRING, &profile, "Export layout: salesforce (default; hubspot not available yet)", "NAME"},
    {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, "Audit date for date-relative rules (default: config, else the newest timestamp of the export)", "YYYY-MM-DD"},
    {"period", 0, 0, G_OPTION_ARG_STRING, &period, "Win-loss period: deals closed from FROM to TO, both included (default the 365 days before as-of)", "FROM..TO"},
    {"previous", 0, 0, G_OPTION_ARG_FILENAME, &previous, "Last export (its Contact.csv): contacts new, moved or gone since", "PREV_EXPORT_DIR"},
    {"baseline", 0, 0, G_OPTION_ARG_FILENAME, &baseline, "Last run's findings.json: mark findings new or persisting, count the fixed", "FILE"},
    {"format", 0, 0, G_OPTION_ARG_STRING, &format, "Formats to write (default all): xlsx, html, json, fixes", "LIST"},
    {"only", 0, 0, G_OPTION_ARG_STRING, &only, "Run only these checks", "ID,..."},
    {"skip", 0, 0, G_OPTION_ARG_STRING, &skip, "Do not run these checks", "ID,..."},
    {"fail-on", 0, 0, G_OPTION_ARG_STRING, &fail_on, "Exit 1 when a finding is at or above: error (default), warning, info, never", "LEVEL"},
    {"encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, "Input encoding: auto (default), utf-8, windows-1252", "NAME"},
    {"html-rows", 0, 0, G_OPTION_ARG_INT, &html_rows, "Rows per check in report.html (default 2000; report.xlsx and findings.json have them all)", "N"},
    {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Threads (default 0: one per core)", "N"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress on stderr", NULL},
    {"wait", 0, 0, G_OPTION_ARG_NONE, &wait, "When another run writes OUT_DIR, wait for it (default: refuse)", NULL},
    {"force", 0, 0, G_OPTION_ARG_NONE, &force, "Run even when OUT_DIR holds files no run wrote (they stay, beside the new run)", NULL},
    {"keep-previous", 0, 0, G_OPTION_ARG_NONE, &keep_previous, "Keep the previous run as OUT_DIR.previous", NULL},
    {NULL},
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new("EXPORT_DIR - audit a CRM export");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse(ctx, &argc, &argv, &err))
    return fail("%s (see crm-audit run --help)", err->message);
  if (argc != 2)
    return fail(argc < 2 ? "run: expected EXPORT_DIR (see crm-audit run --help)"
                         : "run: expected one EXPORT_DIR, found %d arguments", argc - 1);

  AuditCliOptions cli = {
    .run =
      {
        .export_dir = argv[1],
        .config_path = config,
        .as_of = AUDIT_DAY_NONE,
        .period_from = AUDIT_DAY_NONE,
        .period_to = AUDIT_DAY_NONE,
        .encoding = AUDIT_ENCODING_AUTO,
        .jobs = jobs > 0 ? (guint)jobs : g_get_num_processors(),
      },
    .out_dir = out_dir,
    .fail_on = AUDIT_SEV_ERROR,
    .html_rows = 2000,
    .progress = !quiet && isatty(2),
    .wait = wait,
    .force = force,
    .keep_previous = keep_previous,
  };
  AuditRunOptions *o = &cli.run;
  if (!g_file_test(o->export_dir, G_FILE_TEST_IS_DIR))
    return fail("%s: expected an export folder of CSV files, found %s", o->export_dir,
                g_file_test(o->export_dir, G_FILE_TEST_EXISTS) ? "a file" : "nothing");
  if (profile && g_ascii_strcasecmp(profile, "salesforce") != 0)
    return fail(g_ascii_strcasecmp(profile, "hubspot") == 0
                    ? "--profile hubspot: not available yet in crm-audit " CRM_AUDIT_VERSION
                    : "--profile: expected salesforce or hubspot, found '%s'", profile);
  if (as_of && !audit_parse_day(as_of, strlen(as_of), TRUE, &o->as_of))
    return fail("--as-of: expected a date YYYY-MM-DD, found '%s'", as_of);
  if (period) {
    const char *dots = strstr(period, "..");
    if (!dots || !audit_parse_day(period, (gsize)(dots - period), TRUE, &o->period_from) ||
        !audit_parse_day(dots + 2, strlen(dots + 2), TRUE, &o->period_to))
      return fail("--period: expected FROM..TO as YYYY-MM-DD..YYYY-MM-DD, found '%s'", period);
    if (o->period_from > o->period_to)
      return fail("--period: expected FROM on or before TO, found '%s'", period);
  }
  if (previous && !g_file_test(previous, G_FILE_TEST_IS_DIR))
    return fail("--previous %s: expected the previous export's folder, found %s", previous,
                g_file_test(previous, G_FILE_TEST_EXISTS) ? "a file" : "nothing");
  o->previous_dir = previous;
  o->baseline = baseline;
  if (format) {
    g_auto(GStrv) fs = g_strsplit(format, ",", -1);
    for (guint i = 0; fs[i]; i++) {
      char *f = g_strstrip(fs[i]);
      static const struct {
        const char *name;
        AuditFormats format;
      } names[] = {{"json", AUDIT_FORMAT_JSON}, {"xlsx", AUDIT_FORMAT_XLSX}, {"html", AUDIT_FORMAT_HTML},
                   {"fixes", AUDIT_FORMAT_FIXES}};
      guint k;
      for (k = 0; k < G_N_ELEMENTS(names) && strcmp(f, names[k].name) != 0; k++)
        ;
      if (k < G_N_ELEMENTS(names) && !(AUDIT_FORMATS_AVAILABLE & names[k].format))
        return fail("--format %s: not available yet in crm-audit " CRM_AUDIT_VERSION, f);
      if (k < G_N_ELEMENTS(names))
        cli.formats |= names[k].format;
      else if (*f)
        return fail("--format: expected xlsx, html, json or fixes, found '%s'", f);
    }
    if (!cli.formats)
      return fail("--format: expected at least one of xlsx, html, json, fixes");
  }
  if (fail_on && g_ascii_strcasecmp(fail_on, "never") == 0)
    cli.fail_never = TRUE;
  else if (fail_on && !audit_severity_from_name(fail_on, &cli.fail_on))
    return fail("--fail-on: expected error, warning, info or never, found '%s'", fail_on);
  if (encoding && !audit_encoding_from_name(encoding, &o->encoding))
    return fail("--encoding: expected auto, utf-8 or windows-1252, found '%s'", encoding);
  if (html_rows < 0)
    return fail("--html-rows: expected a number of rows per check (0 or more), found %d", html_rows);
  if (jobs < 0)
    return fail("--jobs: expected a number of threads (0 = one per core), found %d", jobs);
  cli.html_rows = (guint)html_rows;
  /* report.xlsx's caps lowered, for tests only: read here, once */
  cli.xlsx.max_rows = env_count("CRM_AUDIT_XLSX_MAX_ROWS");
  cli.xlsx.max_links = env_count("CRM_AUDIT_XLSX_MAX_LINKS");
  g_auto(GStrv) only_ids = NULL, skip_ids = NULL;
  if (only && !(o->only = only_ids = split_ids(only, "--only", &err)))
    return fail("%s", err->message);
  if (skip && !(o->skip = skip_ids = split_ids(skip, "--skip", &err)))
    return fail("%s", err->message);
  int rc = audit_cli_run(&cli, &err);
  if (rc >= 0)
    return rc;
  /* located errors read FILE:LINE:COLUMN: message, as a compiler's do */
  if (err->domain == AUDIT_ERROR && (err->code == AUDIT_ERROR_INPUT || err->code == AUDIT_ERROR_CONFIG)) {
    g_printerr("%s\n", err->message);
    return EXIT_BAD;
  }
  return fail("%s", err->message);
}

/* Does check c have an option the same as o (name, help, default)? */
static gboolean has_same_option(const AuditCheck *c, const AuditOption *o)
{
  for (const AuditOption *x = c->options; x && x->name; x++)
    if (strcmp(x->name, o->name) == 0 && strcmp(x->help, o->help) == 0 && strcmp(x->def, o->def) == 0)
      return TRUE;
  return FALSE;
}

/* The README's table of the checks' options, from the descriptors: one row
 * per option, with every check that has the same one. */
static void print_options_markdown(void)
{
  g_print("| group | key | meaning |\n|---|---|---|\n");
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    for (const AuditOption *o = c->options; o && o->name; o++) {
      gboolean earlier = FALSE;
      for (guint j = 0; j < i && !earlier; j++)
        earlier = has_same_option(audit_registry[j], o);
      if (earlier)
        continue;
      g_autoptr(GString) groups = g_string_new(NULL);
      for (guint k = i; k < audit_registry_size; k++)
        if (has_same_option(audit_registry[k], o))
          g_string_append_printf(groups, "%s`[check.%s]`", groups->len ? ", " : "", audit_registry[k]->id);
      g_autoptr(GString) help = g_string_new(o->help);
      g_string_replace(help, "|", "\\|", 0);
      if (*o->def)
        g_print("| %s | `%s` | %s (default `%s`", groups->str, o->name, help->str, o->def);
      else
        g_print("| %s | `%s` | %s (default blank", groups->str, o->name, help->str);
      if (o->type == AUDIT_OPT_INT && (o->min || o->max))
        g_print(", from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, o->min, o->max);
      g_print(") |\n");
    }
  }
}

static int cmd_checks(gboolean markdown)
{
  if (markdown) {
    g_print("| id | severity | what it flags | status |\n|---|---|---|---|\n");
    for (guint i = 0; i < audit_registry_size; i++) {
      const AuditCheck *c = audit_registry[i];
      g_print("| `%s` | %s | %s | %s |\n", c->id, audit_severity_name(c->severity), c->title,
              c->run ? "available" : "planned");
    }
    return 0;
  }
  g_print("%-36s %-8s %s\n", "ID", "SEVERITY", "TITLE");
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    g_print("%-36s %-8s %s%s\n", c->id, audit_severity_name(c->severity), c->title,
            c->run ? "" : " (not implemented yet)");
  }
  return 0;
}

static int cmd_explain(int argc, char **argv)
{
  if (argc != 2)
    return fail("explain: expected one check id ('crm-audit checks' lists them)");
  gint i = audit_registry_find(argv[1]);
  if (i < 0)
    return fail("explain: unknown check '%s' ('crm-audit checks' lists them)", argv[1]);
  const AuditCheck *c = audit_registry[i];
  g_print("%s (%s)%s\n  %s\n\n", c->id, audit_severity_name(c->severity), c->run ? "" : " - not implemented yet",
          c->title);
  g_print("Why it matters:\n  %s\n\n", c->rationale);
  GString *needs = g_string_new(NULL);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    if (c->needs & AUDIT_BIT(o))
      g_string_append_printf(needs, "%s%s.csv", needs->len ? ", " : "", audit_object_name((AuditObject)o));
  g_print("Reads: %s\n", needs->len ? needs->str : "every object exported");
  g_string_free(needs, TRUE);
  for (guint k = 0; c->columns && c->columns[k]; k++)
    g_print("Needs the column: %s\n", c->columns[k]);
  for (guint k = 0; c->wants && c->wants[k]; k++)
    g_print("Needs the column: %s\n", c->wants[k]);
  g_print("\nOptions ([check.%s] in the config; per segment in [check.%s@SEGMENT]):\n", c->id, c->id);
  g_print("  enabled = true\n  severity = %s\n", audit_severity_name(c->severity));
  for (guint o = 0; c->options && c->options[o].name; o++)
    g_print("  %s = %s\n      %s\n", c->options[o].name, c->options[o].def, c->options[o].help);
  g_print("\nFingerprint (the same finding across runs, for --baseline):\n  the check, the record's Id, the "
          "finding's key, the Ids of the records of the problem");
  for (guint k = 0; c->fingerprint && c->fingerprint[k]; k++)
    g_print("%s%s", k == 0 ? "; evidence: " : ", ", c->fingerprint[k]);
  g_print("\n  never the suggested fix, a fix's target record, a count or a score\n");
  if (c->example)
    g_print("\nExample:\n  %s\n", c->example);
  if (c->fix)
    g_print("\nFix:\n  %s\n", c->fix);
  return 0;
}

static int cmd_init_config(int argc, char **argv)
{
  if (argc > 2)
    return fail("init-config: expected at most one FILE");
  g_autofree char *text = audit_config_template(AUDIT_REGISTRY);
  if (argc < 2) {
    fputs(text, stdout);
    return 0;
  }
  if (g_file_test(argv[1], G_FILE_TEST_EXISTS))
    return fail("init-config: %s exists; not overwriting it", argv[1]);
  FILE *fp = fopen(argv[1], "wx");
  if (!fp)
    return fail("init-config: %s: %s", argv[1], g_strerror(errno));
  gboolean ok = fputs(text, fp) >= 0;
  ok = fclose(fp) == 0 && ok;
  if (!ok)
    return fail("init-config: %s: %s", argv[1], g_strerror(errno));
  g_print("wrote %s\n", argv[1]);
  return 0;
}

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  /* numbers are written for machines (findings.json, fix files): always with a '.', whatever the locale */
  setlocale(LC_NUMERIC, "C");
  if (argc < 2) {
    fputs(usage_text, stderr);
    return EXIT_BAD;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
    g_print("crm-audit %s\n", CRM_AUDIT_VERSION);
    return 0;
  }
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (strcmp(cmd, "run") == 0)
    return cmd_run(argc - 1, argv + 1);
  if (strcmp(cmd, "checks") == 0)
  {
    if (argc == 3 && strcmp(argv[2], "--options-markdown") == 0) {
      print_options_markdown();
      return 0;
    }
    return argc == 2                                      ? cmd_checks(FALSE)
           : argc == 3 && strcmp(argv[2], "--markdown") == 0 ? cmd_checks(TRUE)
                                                             : fail("checks: expected no argument, --markdown or "
                                                                    "--options-markdown");
  }
  if (strcmp(cmd, "explain") == 0)
    return cmd_explain(argc - 1, argv + 1);
  if (strcmp(cmd, "init-config") == 0)
    return cmd_init_config(argc - 1, argv + 1);
  fputs(usage_text, stderr);
  return fail("unknown command '%s'", cmd);
}
