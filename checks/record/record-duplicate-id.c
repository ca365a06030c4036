/* record-duplicate-id: The same Id on more than one row of one object. */
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
