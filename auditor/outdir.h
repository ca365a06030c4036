/* The output folder as one run (auditor/outdir.c): a lock beside it, every
 * output written into a staging folder beside it, then swapped into place
 * whole. A run that fails or is interrupted leaves the previous run as it was.
 *
 *   OUT.lock          flock: one run at a time per folder (never removed)
 *   OUT.staging-XXXX  this run's outputs while they are written
 *   OUT.previous      the previous run during the swap (kept with --keep-previous)
 *   OUT/run.json      the manifest: the files of the run; a file in OUT that no
 *                     manifest names is the user's, never deleted or moved
 *
 * Part of the face (it prints, and exits 130 on a signal), built into the
 * program with cli.c. Test-only hooks (environment; documented in the
 * README's "Output folder"): CRM_AUDIT_TEST_SIGNAL_AT=PHASE sends the
 * process SIGINT at that phase, CRM_AUDIT_TEST_PAUSE_AT=PHASE sleeps 3 s
 * there; phases: locked, staged, written, swap; CRM_AUDIT_TEST_FAIL_WRITE. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct AuditOutDir AuditOutDir;

/* Take OUT's lock (waiting for it with wait, else refusing with a message
 * naming the holder) and check what OUT holds: files no manifest names are
 * the user's; a few of them (at most 20, none where a run writes its reports:
 * findings.json, report.*, run.json, fixes/) stay in place beside the new
 * run (audit_outdir_kept); more, or one where a report goes, are refused
 * unless force (which keeps them all in place). Also starts the guard of SIGINT/SIGTERM, which from
 * then on removes the staging folder, says on stderr that nothing changed
 * and exits 130. Call before any other thread starts. */
AuditOutDir *audit_outdir_open(const char *out, gboolean wait, gboolean force, GError **error);

/* Create the staging folder (beside OUT); its path, owned by d. */
const char *audit_outdir_stage(AuditOutDir *d, GError **error);
const char *audit_outdir_path(const AuditOutDir *d);
/* After the swap: the files of the user's kept in place (relative to OUT). */
GPtrArray *audit_outdir_kept(const AuditOutDir *d);

/* Flush every file of the staging folder to disk and swap it into place:
 * OUT → OUT.previous, staging → OUT, then OUT.previous removed (what its
 * manifest names) unless keep_previous. files: the paths (relative to OUT)
 * the new manifest names, so that foreign files (with force) are carried
 * over. */
gboolean audit_outdir_commit(AuditOutDir *d, gboolean keep_previous, GError **error);

/* Remove the staging folder (if any), release the lock, stop the guard. */
void audit_outdir_close(AuditOutDir *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditOutDir, audit_outdir_close)

/* The test-only hooks above, at a named phase. */
void audit_outdir_test_hook(const char *phase);
/* Test-only: with CRM_AUDIT_TEST_FAIL_WRITE=NAME, a write error (a full
 * disk) on the staged output file of that name, when there is one. */
gboolean audit_outdir_test_fail_write(const char *staging, GError **error);

/* The relative paths a manifest (DIR/run.json) names, NULL when DIR has none
 * or it cannot be read. */
GPtrArray *audit_outdir_manifest_files(const char *dir);

G_END_DECLS
