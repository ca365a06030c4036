/* A do-nothing check, added by the four steps of README "Adding a check" to
 * show that they suffice: this file, its line in checks/checks.def (there
 * under CRM_AUDIT_EXAMPLE_CHECK, so that the product does not ship it), the
 * meson lines building it (tests/meson.build: crm-audit-example and
 * test-registry-example) and its test case, example-noop/ beside this file
 * (an export, and an expected.tsv with no finding). The tests run the registry
 * invariants and the generic runner of tests/checks/ on a binary holding it. */
#include "check.h"
#include "checks.h"

static void example_noop_run(const AuditContext *ctx, AuditSink *out)
{
}

const AuditCheck audit_check_example_noop = {
  .id = "example-noop",
  .title = "Nothing: the example of adding a check",
  .severity = AUDIT_SEV_INFO,
  .needs = 0,
  .rationale = "None: it shows that a check is its file, one line of checks.def, one meson line and one "
               "test case.",
  .fix = "Nothing to fix.",
  .example = "(it never reports anything)",
  .run = example_noop_run,
};
