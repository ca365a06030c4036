/* Data integrity, always on: record-duplicate-id, record-dangling-reference,
 * record-invalid-value. They read whatever objects were exported. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

static void duplicate_id_run(const AuditContext *ctx, AuditSink *out)
{
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &ctx->model->tables[o];
    if (!t->present || !t->duplicate_rows || t->duplicate_rows->len == 0)
      continue;
    /* rows of each repeated Id, in file order: first the indexed row */
    g_autoptr(GHashTable) groups = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                                         (GDestroyNotify)g_array_unref);
    g_autoptr(GArray) order = g_array_new(FALSE, FALSE, sizeof(gint32));
    for (guint i = 0; i < t->duplicate_rows->len; i++) {
      guint32 r = g_array_index(t->duplicate_rows, guint32, i);
      const char *id = audit_id(t, r);
      gint32 first = audit_table_find(t, id, strlen(id));
      GArray *rows = g_hash_table_lookup(groups, GINT_TO_POINTER(first));
      if (!rows) {
        rows = g_array_new(FALSE, FALSE, sizeof(guint32));
        guint32 f = (guint32)first;
        g_array_append_val(rows, f);
        g_hash_table_insert(groups, GINT_TO_POINTER(first), rows);
        g_array_append_val(order, first);
      }
      g_array_append_val(rows, r);
    }
    for (guint i = 0; i < order->len; i++) {
      gint32 first = g_array_index(order, gint32, i);
      GArray *rows = g_hash_table_lookup(groups, GINT_TO_POINTER(first));
      GString *lines = g_string_new(NULL);
      for (guint k = 0; k < rows->len; k++)
        g_string_append_printf(lines, "%s%u", k ? ", " : "", t->lines[g_array_index(rows, guint32, k)]);
      audit_emit(out, (AuditObject)o, first, NULL, "Id %s appears %u times in %s (lines %s)", audit_id(t, (guint)first),
                 rows->len, t->file, lines->str);
      audit_evidence_str(out, "file", t->file);
      audit_evidence_int(out, "count", rows->len);
      audit_evidence_str(out, "lines", lines->str);
      audit_fix_text(out, "keep one row per record: the export holds %s %s twice (two exports appended?); "
                     "remove the extra rows before using the file", audit_object_name((AuditObject)o),
                     audit_id(t, (guint)first));
      g_string_free(lines, TRUE);
    }
  }
}

static const char *const duplicate_id_example =
  "Id 0035g00000AbCdE appears 2 times in Contact.csv (lines 14, 230)";

const AuditCheck audit_check_record_duplicate_id = {
  .id = "record-duplicate-id",
  .title = "The same Id on more than one row of one object",
  .severity = AUDIT_SEV_ERROR,
  .needs = 0,
  .rationale =
    "An Id names one record. The same Id on two rows means the export was appended to itself or "
    "stitched from overlapping extracts; every count, owner and fix computed from it is then doubtful. "
    "15- and 18-character forms of one Id are the same record. Rows in the recycle bin (IsDeleted) are "
    "not counted.",
  .fix = "Remove the extra rows from the export (the first row is the one the audit used).",
  .example = duplicate_id_example,
  .run = duplicate_id_run,
};

static void dangling_run(const AuditContext *ctx, AuditSink *out)
{
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &ctx->model->tables[o];
    if (!t->present)
      continue;
    guint nf;
    const AuditFieldDef *defs = audit_schema((AuditObject)o, &nf);
    for (guint r = 0; r < t->nrows; r++) {
      for (guint f = 0; f < nf; f++) {
        if (defs[f].type != AUDIT_FT_REF || !t->i32[f] || t->i32[f][r] != AUDIT_REF_DANGLING)
          continue;
        const char *target = audit_object_name(audit_ref_object(t, r, f));
        const char *value = audit_text(t, r, f);
        g_autofree char *key = g_strdup_printf("%s=%s", defs[f].name, value);
        audit_emit(out, (AuditObject)o, (gint32)r, key, "%s %s points to %s %s that is not in the export",
                   defs[f].name, value, strchr("AEIO", target[0]) ? "an" : "a", target);
        audit_evidence_str(out, "field", defs[f].name);
        audit_evidence_str(out, "value", value);
        audit_evidence_str(out, "target", target);
        audit_evidence_int(out, "line", t->lines[r]);
        audit_fix_text(out, "find the %s %s (deleted, or outside the export's filter?) or correct %s", target, value,
                       defs[f].name);
      }
    }
  }
}

const AuditCheck audit_check_record_dangling_reference = {
  .id = "record-dangling-reference",
  .title = "A reference to a record that is not in the export",
  .severity = AUDIT_SEV_WARNING,
  .needs = 0,
  .rationale =
    "AccountId, ParentId, OpportunityId, ContactId, WhoId, WhatId and OwnerId must name records of the "
    "export when their object was exported. One that does not points to a deleted record, a record the "
    "export's filter left out, or a private record: checks that follow it see nothing there. References "
    "to objects that are not exported (a queue as owner, a case as WhatId) are not flagged.",
  .fix = "Restore or re-export the missing record, or correct the reference.",
  .example = "AccountId 0015g00000XyZab points to a Account that is not in the export",
  .run = dangling_run,
};

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

/* ---- record-inactive-owner ---- */

static const AuditObject owned_objects[] = {AUDIT_OBJ_ACCOUNT, AUDIT_OBJ_CONTACT, AUDIT_OBJ_LEAD,
                                            AUDIT_OBJ_OPPORTUNITY};

/* Is the record open: every account and contact, an unconverted lead, an open opportunity. */
static gboolean record_open(const AuditModel *m, AuditObject o, guint row)
{
  if (o == AUDIT_OBJ_LEAD)
    return audit_flag(&m->tables[o], row, LEAD_IS_CONVERTED) != 1;
  if (o == AUDIT_OBJ_OPPORTUNITY)
    return audit_opportunity_is_open(m, row);
  return TRUE;
}

static void inactive_owner_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *users = &m->tables[AUDIT_OBJ_USER];
  if (!audit_has(users, USER_IS_ACTIVE))
    return;
  guint n = users->nrows;
  guint *counts = g_new0(guint, (gsize)n * G_N_ELEMENTS(owned_objects) + 1);
  for (guint k = 0; k < G_N_ELEMENTS(owned_objects); k++) {
    AuditObject o = owned_objects[k];
    const AuditTable *t = &m->tables[o];
    if (!t->present)
      continue;
    for (guint r = 0; r < t->nrows; r++) {
      gint32 u = audit_ref(t, r, AUDIT_F_OWNER);
      if (u >= 0 && audit_ref_object(t, r, AUDIT_F_OWNER) == AUDIT_OBJ_USER && record_open(m, o, r))
        counts[(gsize)u * G_N_ELEMENTS(owned_objects) + k]++;
    }
  }
  GString *what = g_string_new(NULL);
  char buf[256];
  for (guint u = 0; u < n; u++) {
    if (audit_flag(users, u, USER_IS_ACTIVE) != 0)
      continue; /* active, or not said */
    guint total = 0;
    g_string_truncate(what, 0);
    static const char *const names[] = {"account", "contact", "unconverted lead", "open opportunit"};
    for (guint k = 0; k < G_N_ELEMENTS(owned_objects); k++) {
      guint c = counts[(gsize)u * G_N_ELEMENTS(owned_objects) + k];
      total += c;
      if (!c)
        continue;
      if (what->len)
        g_string_append(what, ", ");
      g_string_append_printf(what, "%u %s%s", c, names[k],
                             k == 3 ? (c == 1 ? "y" : "ies") : (c == 1 ? "" : "s"));
    }
    if (!total)
      continue;
    const char *name = audit_record_name(m, AUDIT_OBJ_USER, u, buf, sizeof buf);
    audit_emit(out, AUDIT_OBJ_USER, (gint32)u, NULL, "inactive user %s still owns %u open record%s: %s", name,
               total, total == 1 ? "" : "s", what->str);
    static const char *const keys[] = {"accounts", "contacts", "unconverted_leads", "open_opportunities"};
    for (guint k = 0; k < G_N_ELEMENTS(owned_objects); k++)
      audit_evidence_int(out, keys[k], counts[(gsize)u * G_N_ELEMENTS(owned_objects) + k]);
    audit_evidence_int(out, "open_records", total);
    audit_fix_text(out, "reassign %s's records to an active owner (Salesforce: Mass Transfer Records)", name);
  }
  g_string_free(what, TRUE);
  g_free(counts);
}

static const char *const inactive_owner_columns[] = {"User.IsActive", NULL};

const AuditCheck audit_check_record_inactive_owner = {
  .id = "record-inactive-owner",
  .title = "Inactive user who still owns open records",
  .severity = AUDIT_SEV_WARNING,
  .needs = AUDIT_BIT(AUDIT_OBJ_USER),
  .columns = inactive_owner_columns,
  .rationale = "Records owned by a deactivated user (someone who left, or a retired integration user) have nobody "
               "working them: leads are not called back, opportunities are not moved, and the weekly review "
               "assigns their findings to nobody. Open records are every account and contact, unconverted leads "
               "and open opportunities. One finding per inactive user, with the counts per object.",
  .fix = "Reassign the records to an active owner.",
  .example = "inactive user Peter Novak still owns 41 open records: 12 accounts, 25 contacts, 4 open opportunities",
  .run = inactive_owner_run,
};
