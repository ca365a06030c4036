/* account-hierarchy: Account hierarchy broken or too deep. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

typedef struct {
  gint64 max_depth;
} HierarchyOptions;

static const AuditOption hierarchy_opts[] = {
  {"max_depth", AUDIT_OPT_INT, "4", "most ancestors an account may have", 1, 100,
   AUDIT_OPTION_AT(HierarchyOptions, max_depth)},
  {0}};

static const char *const hierarchy_columns[] = {"Account.ParentId", NULL};

enum { H_UNSEEN = -1, H_ON_PATH = -2, H_CYCLE = -3, H_INTO_CYCLE = -4 };

static void hierarchy_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = t->nrows;
  /* depth[r]: ancestors above r, or one of H_* */
  gint32 *depth = g_new(gint32, n + 1);
  for (guint r = 0; r < n; r++)
    depth[r] = H_UNSEEN;
  GArray *path = g_array_new(FALSE, FALSE, sizeof(guint32));
  for (guint r = 0; r < n; r++) {
    if (depth[r] != H_UNSEEN)
      continue;
    g_array_set_size(path, 0);
    guint32 cur = r;
    gint32 base; /* depth of what the path ends on */
    for (;;) {
      if (depth[cur] >= 0 || depth[cur] == H_CYCLE || depth[cur] == H_INTO_CYCLE) {
        base = depth[cur];
        break;
      }
      if (depth[cur] == H_ON_PATH) {
        /* a cycle: the path from cur onwards */
        guint k = path->len;
        while (k > 0 && g_array_index(path, guint32, k - 1) != cur)
          k--;
        for (guint i = k - 1; i < path->len; i++)
          depth[g_array_index(path, guint32, i)] = H_CYCLE;
        g_array_set_size(path, k - 1);
        base = H_CYCLE;
        break;
      }
      depth[cur] = H_ON_PATH;
      g_array_append_val(path, cur);
      gint32 up = audit_ref(t, cur, ACCOUNT_PARENT);
      if (up < 0) { /* a root, or a parent that is not there: the chain stops */
        depth[cur] = 0;
        g_array_set_size(path, path->len - 1);
        base = 0;
        break;
      }
      cur = (guint32)up;
    }
    /* unwind: each node on the path is one below the next */
    for (guint i = path->len; i > 0; i--) {
      guint32 x = g_array_index(path, guint32, i - 1);
      if (base == H_CYCLE || base == H_INTO_CYCLE)
        depth[x] = H_INTO_CYCLE;
      else
        depth[x] = ++base;
    }
  }
  g_array_unref(path);

  for (guint r = 0; r < n; r++) {
    gint32 p = audit_ref(t, r, ACCOUNT_PARENT);
    const char *name = audit_text(t, r, ACCOUNT_NAME);
    const char *pid = audit_text(t, r, ACCOUNT_PARENT);
    const HierarchyOptions *opt = audit_ctx_options(ctx, audit_ctx_segment(ctx, (gint32)r));
    if (p == AUDIT_REF_DANGLING || p == AUDIT_REF_FOREIGN) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "missing-parent",
                 "account '%s' has parent %s, which is not an account in the export", name, pid);
      audit_evidence_str(out, "problem", "missing parent");
      audit_evidence_str(out, "parent_id", pid);
      audit_fix_text(out, "set ParentId to the right parent account, or clear it");
    } else if (p == (gint32)r) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "self-parent", "account '%s' is its own parent", name);
      audit_evidence_str(out, "problem", "own parent");
      audit_fix_text(out, "clear ParentId or set it to the real parent account");
    } else if (depth[r] == H_CYCLE) {
      /* the cycle, from this account round to it again */
      GString *ring = g_string_new(NULL);
      guint len = 0;
      gint32 x = (gint32)r;
      do {
        if (ring->len)
          g_string_append(ring, " → ");
        g_string_append_printf(ring, "'%s'", audit_text(t, (guint)x, ACCOUNT_NAME));
        x = audit_ref(t, (guint)x, ACCOUNT_PARENT);
        len++;
      } while (x != (gint32)r && len < 1000);
      g_string_append_printf(ring, " → '%s'", name);
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "cycle", "account '%s' is in a parent cycle of %u accounts: %s",
                 name, len, ring->str);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "cycle");
      audit_evidence_int(out, "cycle_length", len);
      audit_evidence_str(out, "cycle", ring->str);
      audit_fix_text(out, "break the cycle: the top account of the group gets no parent");
      g_string_free(ring, TRUE);
    } else if (depth[r] == H_INTO_CYCLE) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "into-cycle",
                 "account '%s' sits under a parent cycle: its ancestors never reach a top account", name);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "leads into a cycle");
      audit_fix_text(out, "break the cycle above it (see the cycle's own findings)");
    } else if (depth[r] > opt->max_depth) {
      gint64 max_depth = opt->max_depth;
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "too-deep", "account '%s' sits under %d ancestors (at most %"
                 G_GINT64_FORMAT ")", name, depth[r], max_depth);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "too deep");
      audit_evidence_int(out, "depth", depth[r]);
      audit_evidence_int(out, "max_depth", max_depth);
      audit_fix_text(out, "attach it higher in the hierarchy: roll-ups deeper than %" G_GINT64_FORMAT
                     " levels are hard to report on", max_depth);
    }
  }
  g_free(depth);
}

const AuditCheck audit_check_account_hierarchy = {
  .id = "account-hierarchy",
  .title = "Account hierarchy broken or too deep",
  .severity = AUDIT_SEV_ERROR,
  .needs = A,
  .columns = hierarchy_columns,
  .options = hierarchy_opts,
  .options_size = sizeof(HierarchyOptions),
  .rationale = "Roll-ups of revenue, pipeline and ownership follow ParentId. A parent that is not in the export "
               "(deleted, or never there), an account that is its own parent, or a cycle breaks every roll-up; "
               "a chain deeper than max_depth is a sign of accounts attached to the wrong parent. A cycle is "
               "reported once per account in it, and accounts under it once each.",
  .fix = "Point ParentId at the right parent, or clear it; break cycles at the top account.",
  .example = "account 'Acme EMEA' is in a parent cycle of 2 accounts: 'Acme EMEA' → 'Acme UK' → 'Acme EMEA'",
  .run = hierarchy_run,
};
