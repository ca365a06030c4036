/* record-invalid-value: A value that cannot be read as its field's type. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

static const char *expected_text(AuditFieldType type)
{
  switch (type) {
  case AUDIT_FT_DATE:
    return "a date such as 2024-01-15 (or 1/15/2024 in a report)";
  case AUDIT_FT_DATETIME:
    return "a date or datetime such as 2024-01-15T10:00:00.000Z (or 1/15/2024 10:00 AM in a report)";
  case AUDIT_FT_BOOL:
    return "true, false, 1, 0, yes, no or blank";
  case AUDIT_FT_NUMBER:
    return "a plain number such as 12500.50";
  default:
    return "a value";
  }
}

/* The n values of column c whose day order nothing tells (the first at
 * index first of t->invalid): one finding for the column. */
static void date_order_finding(const AuditContext *ctx, AuditSink *out, AuditObject o, guint c, guint n,
                               guint first)
{
  const AuditTable *t = &ctx->model->tables[o];
  const char *field = t->columns[c];
  GString *examples = g_string_new(NULL);
  guint shown = 0;
  for (guint i = first; i < t->invalid->len && shown < 3; i++) {
    const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, i);
    if (v->column != c || v->reason != AUDIT_INVALID_DAY_ORDER)
      continue;
    g_string_append_printf(examples, "%s%s (line %u)", shown++ ? ", " : "", audit_cell(t, v->row, c),
                           t->lines[v->row]);
  }
  g_autofree char *key = g_strdup_printf("%s date order", field);
  audit_emit(out, o, -1, key, "%u value%s of %s %s %s date%s whose order (month or day first) no value tells, "
             "such as %s", n, n == 1 ? "" : "s", t->file, field, n == 1 ? "is a" : "are", n == 1 ? "" : "s",
             examples->str);
  audit_evidence_str(out, "field", field);
  audit_evidence_str(out, "file", t->file);
  audit_evidence_int(out, "count", n);
  audit_evidence_str(out, "examples", examples->str);
  audit_evidence_str(out, "expected", expected_text((AuditFieldType)g_array_index(t->invalid, AuditInvalidValue,
                                                                                   first).type));
  audit_fix_text(out, "set [input] date_order = mdy or dmy (the values are not read until then)");
  g_string_free(examples, TRUE);
}

static void invalid_value_run(const AuditContext *ctx, AuditSink *out)
{
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &ctx->model->tables[o];
    if (!t->present)
      continue;
    for (guint r = 0; r < t->nrows; r++)
      if (*audit_id(t, r) == '\0') {
        /* no Id to tell these rows apart: the line does, in the fingerprint too */
        g_autofree char *key = g_strdup_printf("Id line %u", t->lines[r]);
        audit_emit(out, (AuditObject)o, (gint32)r, key, "%s %s row without an Id (%s line %u)",
                   strchr("AEIO", t->name[0]) ? "an" : "a", t->name, t->file, t->lines[r]);
        audit_evidence_str(out, "field", "Id");
        audit_evidence_str(out, "value", "");
        audit_evidence_str(out, "expected", "a record Id");
        audit_evidence_str(out, "file", t->file);
        audit_evidence_int(out, "line", t->lines[r]);
        audit_fix_text(out, "re-export the object: every Salesforce record has an Id");
      }
    /* dates whose order nothing tells: one cause per column, cured by one config line, not the CRM's fault
       (the loader says it too): counted here, one finding per column below */
    g_autofree guint *untold = g_new0(guint, t->ncols);
    g_autofree guint *untold_first = g_new0(guint, t->ncols);
    for (guint i = 0; t->invalid && i < t->invalid->len; i++) {
      const AuditInvalidValue *v = &g_array_index(t->invalid, AuditInvalidValue, i);
      const char *field = t->columns[v->column];
      const char *value = audit_cell(t, v->row, v->column);
      const char *expected = expected_text((AuditFieldType)v->type);
      if (v->reason == AUDIT_INVALID_DAY_ORDER) {
        if (untold[v->column]++ == 0)
          untold_first[v->column] = i;
        continue;
      }
      /* the value tells apart two bad values of one field on rows that share an Id */
      g_autofree char *key = g_strdup_printf("%s=%s", field, value);
      if (v->reason == AUDIT_INVALID_NOT_A_DAY)
        audit_emit(out, (AuditObject)o, (gint32)v->row, key, "%s '%s' is not a calendar date", field, value);
      else if (v->reason == AUDIT_INVALID_OTHER_FORM)
        audit_emit(out, (AuditObject)o, (gint32)v->row, key,
                   "%s '%s' cannot be read: the other dates of %s %s are written YYYY-MM-DD (typed by hand, or "
                   "reformatted by a spreadsheet?)", field, value, t->file, field);
      else if (v->reason == AUDIT_INVALID_DAY_ORDER_MIXED)
        audit_emit(out, (AuditObject)o, (gint32)v->row, key,
                   "%s '%s' cannot be read: month or day first, and %s %s has dates written both ways", field,
                   value, t->file, field);
      else
        audit_emit(out, (AuditObject)o, (gint32)v->row, key, "%s '%s' cannot be read: expected %s", field, value,
                   expected);
      audit_evidence_str(out, "field", field);
      audit_evidence_str(out, "value", value);
      audit_evidence_str(out, "expected", expected);
      audit_evidence_str(out, "file", t->file);
      audit_evidence_int(out, "line", t->lines[v->row]);
      audit_fix_text(out, "correct %s in the CRM (the audit treated it as blank)", field);
    }
    for (guint c = 0; c < t->ncols; c++)
      if (untold[c])
        date_order_finding(ctx, out, (AuditObject)o, c, untold[c], untold_first[c]);
  }
}

const AuditCheck audit_check_record_invalid_value = {
  .id = "record-invalid-value",
  .title = "A value that cannot be read as its field's type",
  .severity = AUDIT_SEV_WARNING,
  .needs = 0,
  .rationale =
    "Dates, numbers and booleans that cannot be read are treated as blank by every other check, which "
    "can hide a finding (a CloseDate of 12/31/26 is never past due). Usually the export went through a "
    "spreadsheet that reformatted it, or a text field was mapped onto a typed one. The run goes on.",
  .fix = "Correct the value at its source and export again.",
  .example = "CloseDate '2026-02-30' is not a calendar date",
  .run = invalid_value_run,
};
