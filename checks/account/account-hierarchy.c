/* account-hierarchy: Account hierarchy broken or too deep. */
#include "check.h"
#include "checks.h"
#include "normalize.h"

#include <string.h>

#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)

/* the most accounts a cycle's finding names (it counts them all) */
#define HIERARCHY_CYCLE_SAMPLE 20

typedef struct {
  gint64 max_depth;
} HierarchyOptions;

static const AuditOption hierarchy_opts[] = {
  {"max_depth", AUDIT_OPT_INT, "4", "most ancestors an account may have", 1, 100,
   AUDIT_OPTION_AT(HierarchyOptions, max_depth)},
  {0}};

static const char *const hierarchy_columns[] = {"Account.ParentId", NULL};

/* Is this account (a row under a top) deeper than its own segment allows? */
static gboolean too_deep(const AuditContext *ctx, gint32 row)
{
  if (row < 0 || ctx->model->account_tree[row] != AUDIT_TREE_TOP)
    return FALSE;
  const HierarchyOptions *opt = audit_ctx_options(ctx, audit_ctx_segment(ctx, row));
  return ctx->model->account_depth[row] > opt->max_depth;
}

static void hierarchy_run(const AuditContext *ctx, AuditSink *out)
{
  const AuditModel *m = ctx->model;
  const AuditTable *t = &m->tables[AUDIT_OBJ_ACCOUNT];
  guint n = t->nrows;
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
    } else if (m->account_tree[r] == AUDIT_TREE_CYCLE) {
      /* one finding per cycle, on its lowest row (the cycle's root): the walk
       * round it counts every account once, and names the first
       * HIERARCHY_CYCLE_SAMPLE of them */
      if (m->account_root[r] != (gint32)r)
        continue;
      g_autoptr(GString) ring = g_string_new(NULL);
      guint len = 0;
      gint32 x = (gint32)r;
      do {
        if (len < HIERARCHY_CYCLE_SAMPLE)
          g_string_append_printf(ring, "'%s' → ", audit_text(t, (guint)x, ACCOUNT_NAME));
        x = audit_ref(t, (guint)x, ACCOUNT_PARENT);
        len++;
      } while (x != (gint32)r);
      guint shown = MIN(len, HIERARCHY_CYCLE_SAMPLE);
      if (len > shown)
        g_string_append_printf(ring, "… (%u more)", len - shown);
      else
        g_string_append_printf(ring, "'%s'", name);
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "cycle", "account '%s' is in a parent cycle of %u accounts: %s",
                 name, len, ring->str);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "cycle");
      audit_evidence_int(out, "cycle_length", len);
      audit_evidence_str(out, "cycle", ring->str);
      audit_evidence_int(out, "cycle_shown", shown);
      audit_fix_text(out, "break the cycle: the top account of the group gets no parent");
    } else if (m->account_tree[r] == AUDIT_TREE_UNDER_CYCLE) {
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "into-cycle",
                 "account '%s' sits under a parent cycle: its ancestors never reach a top account", name);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "leads into a cycle");
      audit_fix_text(out, "break the cycle above it (see the cycle's finding, on its first account)");
    } else if (m->account_depth[r] > opt->max_depth && !too_deep(ctx, p)) {
      /* the first account too deep on its branch: the accounts under it are
       * deeper still, counted here rather than reported one by one (a chain
       * of any length is one finding, and attaching this account higher
       * fixes them all) */
      gint64 max_depth = opt->max_depth;
      guint32 below = m->account_span[r];
      g_autofree char *under = below ? g_strdup_printf(", and the %u account%s under it deeper still", below,
                                                       below == 1 ? "" : "s")
                                     : g_strdup("");
      audit_emit(out, AUDIT_OBJ_ACCOUNT, (gint32)r, "too-deep", "account '%s' sits under %d ancestors (at most %"
                 G_GINT64_FORMAT ")%s", name, (gint)m->account_depth[r], max_depth, under);
      audit_related(out, AUDIT_OBJ_ACCOUNT, p);
      audit_evidence_str(out, "problem", "too deep");
      audit_evidence_int(out, "depth", m->account_depth[r]);
      audit_evidence_int(out, "max_depth", max_depth);
      audit_evidence_int(out, "below", below);
      audit_fix_text(out, "attach it higher in the hierarchy: roll-ups deeper than %" G_GINT64_FORMAT
                     " levels are hard to report on", max_depth);
    }
  }
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
               "reported once, on its account listed first in the export, with its length and its first 20 "
               "accounts; accounts under it once each. A chain too deep is reported on its first account past "
               "max_depth, with the number of accounts under it (deeper still).",
  .fix = "Point ParentId at the right parent, or clear it; break cycles at the top account.",
  .example = "account 'Acme EMEA' is in a parent cycle of 2 accounts: 'Acme EMEA' → 'Acme UK' → 'Acme EMEA'",
  .run = hierarchy_run,
};
