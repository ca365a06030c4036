/* A do-nothing check, added by the four steps of README "Adding a check" to
 * show that they suffice: this file, its line in checks/checks.def (there
 * under CRM_AUDIT_EXAMPLE_CHECK, so that the product does not ship it), the
 * meson lines building it (tests/meson.build: crm-audit-example and
 * test-registry-example) and its test case, example-noop/ beside this file
 * (an export, a config setting its option, and an expected.tsv with no
 * finding). The tests run the registry invariants (its options against its
 * options struct among them) and the generic runner of tests/checks/ on a
 * binary holding it. */
#include "check.h"
#include "checks.h"

/* Its options, typed: one member per option, resolved per segment when the
 * config is read ([check.example-noop], [check.example-noop@SEGMENT]). */
typedef struct {
  gint64 window_days;
} ExampleOptions;

static const AuditOption example_opts[] = {
  {"window_days", AUDIT_OPT_INT, "30", "days up to as-of it would look at (it reports nothing)", 1, 36500,
   AUDIT_OPTION_AT(ExampleOptions, window_days)},
  {0}};

static void example_noop_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditTable *t = &ctx->model->tables[AUDIT_OBJ_ACCOUNT];
  for (guint r = 0; r < t->nrows; r++) {
    /* the options of the account's segment: an index, no lookup by name */
    const ExampleOptions *opt = audit_ctx_options(ctx, audit_ctx_segment(ctx, (gint32)r));
    gint32 since = ctx->as_of - (gint32)opt->window_days;
    (void)since; /* a real check would compare a date of row r with it, and emit */
  }
}

const AuditCheck audit_check_example_noop = {
  .id = "example-noop",
  .title = "Nothing: the example of adding a check",
  .severity = AUDIT_SEV_INFO,
  .needs = 0,
  .options = example_opts,
  .options_size = sizeof(ExampleOptions),
  .rationale = "None: it shows that a check is its file, one line of checks.def, one meson line and one "
               "test case.",
  .fix = "Nothing to fix.",
  .example = "(it never reports anything)",
  .run = example_noop_run,
};
