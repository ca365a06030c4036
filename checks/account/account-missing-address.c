/* account-missing-address: Account missing required billing address fields. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

typedef struct {
  const char *const *required;
} AddressOptions;

static const AuditOption address_opts[] = {
  {"required", AUDIT_OPT_LIST, "BillingCountry;BillingCity", "billing fields that must not be blank", 0, 0,
   AUDIT_OPTION_AT(AddressOptions, required)},
  {0}};

/* The required fields this account has blank, appended to out (", "-separated). */
static guint missing_address(const AuditContext *ctx, const char *const *required, const gint *cols,
                                    guint row, GString *out)
{
  const AuditTable *t = &ctx->model->tables[AUDIT_OBJ_ACCOUNT];
  guint n = 0;
  for (guint i = 0; required[i]; i++) {
    if (cols[i] < 0 || !audit_is_blank(audit_cell(t, row, cols[i])))
      continue;
    if (out->len)
      g_string_append(out, ", ");
    g_string_append(out, required[i]);
    n++;
  }
  return n;
}

static void missing_address_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  /* the required fields and their columns, per segment */
  guint nseg = MAX(ctx->nsegments, 1);
  const char *const **required = g_new0(const char *const *, nseg);
  gint **cols = g_new0(gint *, nseg);
  for (guint sg = 0; sg < nseg; sg++) {
    required[sg] = ((const AddressOptions *)audit_ctx_options(ctx, sg))->required;
    guint nreq = required[sg] ? g_strv_length((char **)required[sg]) : 0;
    cols[sg] = g_new(gint, nreq + 1);
    guint absent = 0;
    for (guint i = 0; i < nreq; i++) {
      cols[sg][i] = audit_table_column(t, required[sg][i]);
      absent += cols[sg][i] < 0;
    }
    /* a required field the export does not have cannot be judged: counted, not flagged on every row */
    if (sg == 0)
      audit_sink_stat(out, "required_columns_not_in_export", absent);
  }
  GString *missing = g_string_new(NULL);
  for (guint r = 0; r < t->nrows; r++) {
    guint sg = audit_ctx_segment(ctx, (gint32)r);
    g_string_truncate(missing, 0);
    guint n = missing_address(ctx, required[sg], cols[sg], r, missing);
    if (!n)
      continue;
    audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, NULL, "account '%s' has no %s", audit_text(t, r, ACCOUNT_NAME),
               missing->str);
    audit_evidence_str(out, "missing", missing->str);
    audit_fix_text(out, "fill in %s", missing->str);
  }
  g_string_free(missing, TRUE);
  for (guint sg = 0; sg < nseg; sg++)
    g_free(cols[sg]);
  g_free(cols);
  g_free(required);
}

/* No columns nor wants: its required fields are an option: an absent one is counted. */
const AuditCheck audit_check_account_missing_address = {
  .id = "account-missing-address",
  .title = "Account missing required billing address fields",
  .severity = AUDIT_SEV_WARNING,
  .needs = A,
  .options = address_opts,
  .options_size = sizeof(AddressOptions),
  .rationale = "Territory assignment, tax, routing and segmentation read the billing address; an account without "
               "a country or city falls out of every territory report. A required field that the export does not "
               "have is not flagged on every row: the check's stats count it.",
  .fix = "Fill in the missing billing fields.",
  .example = "account 'Contoso Ltd' has no BillingCountry, BillingCity",
  .run = missing_address_run,
};
