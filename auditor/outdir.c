/* The output folder as one run (outdir.h): lock, staging, swap, and the
 * guard that makes SIGINT/SIGTERM leave the previous run as it was. */
#include "outdir.h"
#include "findings.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#define MANIFEST "run.json"

struct AuditOutDir {
  char *out;      /* OUT, without a trailing '/' */
  char *lock_path;
  int lock_fd;
  gboolean force;
  char *staging;  /* NULL until audit_outdir_stage */
  GPtrArray *kept; /* the foreign files carried over into the new run, relative to OUT */
};

/* What the guard thread reads when a signal comes (one output folder per
 * process); lock held by the swap, so that a signal never lands between its
 * renames. */
static struct {
  GMutex lock;
  const char *out, *staging;
  gboolean swapped;
  gboolean started;
} guard;

static void remove_tree(const char *path)
{
  GStatBuf st;
  if (g_lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      g_autofree char *p = g_build_filename(path, name, NULL);
      remove_tree(p);
    }
    if (d)
      g_dir_close(d);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

static gpointer guard_thread(gpointer data)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  while (sigwait(&set, &sig) != 0)
    ;
  g_mutex_lock(&guard.lock);
  const char *name = sig == SIGINT ? "SIGINT" : "SIGTERM";
  if (guard.swapped) {
    fprintf(stderr, "crm-audit: interrupted (%s) after this run was complete in %s\n", name, guard.out);
  } else {
    /* a writer may still create files in it: twice, the second after they had a moment */
    if (guard.staging) {
      remove_tree(guard.staging);
      g_usleep(20000);
      remove_tree(guard.staging);
    }
    fprintf(stderr, "crm-audit: interrupted (%s): nothing changed in %s (the previous run, if any, is as it was)\n",
            name, guard.out);
  }
  fflush(stderr);
  _exit(130);
  return NULL;
}

static void guard_start(const char *out)
{
  g_mutex_lock(&guard.lock);
  g_free((char *)guard.out);
  guard.out = g_strdup(out); /* the guard may outlive the AuditOutDir */
  guard.swapped = FALSE;
  g_mutex_unlock(&guard.lock);
  if (guard.started)
    return;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  /* every thread started from now on inherits the mask: only the guard takes these signals */
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  g_thread_unref(g_thread_new("signal guard", guard_thread, NULL));
  guard.started = TRUE;
}

void audit_outdir_test_hook(const char *phase)
{
  const char *at = g_getenv("CRM_AUDIT_TEST_PAUSE_AT");
  if (at && strcmp(at, phase) == 0)
    g_usleep(3 * G_USEC_PER_SEC);
  at = g_getenv("CRM_AUDIT_TEST_SIGNAL_AT");
  if (at && strcmp(at, phase) == 0) {
    kill(getpid(), SIGINT);
    for (;;)
      g_usleep(G_USEC_PER_SEC); /* the guard exits */
  }
}

static gboolean find_file(const char *dir, const char *name, char **found)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *n;
  while (d && (n = g_dir_read_name(d))) {
    g_autofree char *p = g_build_filename(dir, n, NULL);
    if (strcmp(n, name) == 0) {
      *found = g_steal_pointer(&p);
      return TRUE;
    }
    if (g_file_test(p, G_FILE_TEST_IS_DIR) && find_file(p, name, found))
      return TRUE;
  }
  return FALSE;
}

gboolean audit_outdir_test_fail_write(const char *staging, GError **error)
{
  const char *name = g_getenv("CRM_AUDIT_TEST_FAIL_WRITE");
  g_autofree char *path = NULL;
  if (!name || !find_file(staging, name, &path))
    return TRUE;
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s (CRM_AUDIT_TEST_FAIL_WRITE)", path,
              g_strerror(ENOSPC));
  return FALSE;
}

GPtrArray *audit_outdir_manifest_files(const char *dir)
{
  g_autofree char *path = g_build_filename(dir, MANIFEST, NULL);
  g_autoptr(JsonParser) p = json_parser_new_immutable();
  if (!json_parser_load_from_file(p, path, NULL))
    return NULL;
  JsonNode *root = json_parser_get_root(p);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root))
    return NULL;
  JsonObject *o = json_node_get_object(root);
  const char *tool = NULL;
  if (json_object_has_member(o, "tool") && JSON_NODE_HOLDS_OBJECT(json_object_get_member(o, "tool")))
    tool = json_object_get_string_member_with_default(json_object_get_object_member(o, "tool"), "name", NULL);
  JsonNode *files = json_object_get_member(o, "files");
  if (!tool || strcmp(tool, "crm-audit") != 0 || !files || !JSON_NODE_HOLDS_ARRAY(files))
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(out, g_strdup(MANIFEST));
  JsonArray *a = json_node_get_array(files);
  for (guint i = 0; i < json_array_get_length(a); i++) {
    JsonNode *n = json_array_get_element(a, i);
    if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
      g_ptr_array_add(out, g_strdup(json_node_get_string(n)));
  }
  return out;
}

static gboolean named(GPtrArray *files, const char *rel)
{
  return files && g_ptr_array_find_with_equal_func(files, rel, g_str_equal, NULL);
}

/* The files (and other non-folders) under dir/rel that files does not name,
 * as paths relative to dir; empty folders are nobody's. */
static void collect_foreign(const char *dir, const char *rel, GPtrArray *files, GPtrArray *foreign)
{
  g_autofree char *path = rel ? g_build_filename(dir, rel, NULL) : g_strdup(dir);
  g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *r = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
    g_autofree char *p = g_build_filename(dir, r, NULL);
    GStatBuf st;
    if (g_lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
      collect_foreign(dir, r, files, foreign);
    else if (!named(files, r))
      g_ptr_array_add(foreign, g_steal_pointer(&r));
  }
}

static GPtrArray *foreign_files(const char *dir)
{
  g_autoptr(GPtrArray) files = audit_outdir_manifest_files(dir);
  GPtrArray *foreign = g_ptr_array_new_with_free_func(g_free);
  collect_foreign(dir, NULL, files, foreign);
  return foreign;
}

/* More foreign files than this: OUT is a folder of the user's own (a home
 * folder, a project), not an output folder with a log beside the reports. */
#define FOREIGN_KEPT_MAX 20

/* A path a crm-audit run writes: a foreign file there is a report of a run
 * that wrote no manifest (cut short, or older) or the user's file where ours
 * would go: kept apart only with --force. */
static gboolean could_be_ours(const char *rel)
{
  static const char *const names[] = {"findings.json", "report.html", "report.xlsx", MANIFEST};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (strcmp(rel, names[i]) == 0)
      return TRUE;
  return g_str_has_prefix(rel, "fixes" G_DIR_SEPARATOR_S);
}

/* Are these foreign files a reason to refuse (without --force)? A few files
 * of the user's beside the reports (a log, a note) are kept in place. */
static gboolean foreign_refused(GPtrArray *foreign)
{
  if (foreign->len > FOREIGN_KEPT_MAX)
    return TRUE;
  for (guint i = 0; i < foreign->len; i++)
    if (could_be_ours(foreign->pdata[i]))
      return TRUE;
  return FALSE;
}

static gboolean refuse_foreign(const char *out, GPtrArray *foreign, GError **error)
{
  GString *list = g_string_new(NULL);
  for (guint i = 0; i < foreign->len && i < 5; i++)
    g_string_append_printf(list, "%s%s", i ? ", " : "", (const char *)foreign->pdata[i]);
  if (foreign->len > 5)
    g_string_append_printf(list, " and %u more", foreign->len - 5);
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE,
              "%s: holds %u file%s no crm-audit run wrote (%s); nothing changed: move %s away, choose another "
              "-o, or pass --force to keep %s in place beside the new run",
              out, foreign->len, foreign->len == 1 ? "" : "s", list->str, foreign->len == 1 ? "it" : "them",
              foreign->len == 1 ? "it" : "them");
  g_string_free(list, TRUE);
  return FALSE;
}

/* Remove a finished run: what its manifest names, then the folders left
 * empty; FALSE when something of the user's keeps it. */
static gboolean remove_run(const char *dir)
{
  g_autoptr(GPtrArray) files = audit_outdir_manifest_files(dir);
  for (guint i = 0; files && i < files->len; i++) {
    g_autofree char *p = g_build_filename(dir, files->pdata[i], NULL);
    if (strcmp(files->pdata[i], MANIFEST) != 0)
      g_unlink(p);
  }
  /* the manifest last, so that a removal cut short still knows the rest */
  g_autofree char *m = g_build_filename(dir, MANIFEST, NULL);
  if (files)
    g_unlink(m);
  /* empty folders, deepest first */
  g_autoptr(GPtrArray) foreign = foreign_files(dir);
  if (foreign->len)
    return FALSE;
  remove_tree(dir); /* only folders are left */
  return !g_file_test(dir, G_FILE_TEST_EXISTS);
}

/* Staging folders of runs killed outright (SIGKILL, power): ours, and no
 * run writes into them now that we hold the lock. */
static void remove_stale_staging(const char *out)
{
  g_autofree char *parent = g_path_get_dirname(out);
  g_autofree char *base = g_path_get_basename(out);
  g_autofree char *prefix = g_strconcat(base, ".staging-", NULL);
  g_autoptr(GDir) d = g_dir_open(parent, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d)))
    if (g_str_has_prefix(name, prefix)) {
      g_autofree char *p = g_build_filename(parent, name, NULL);
      remove_tree(p);
    }
}

AuditOutDir *audit_outdir_open(const char *out, gboolean wait, gboolean force, GError **error)
{
  g_autofree char *clean = g_strdup(out);
  gsize n = strlen(clean);
  while (n > 1 && clean[n - 1] == '/')
    clean[--n] = '\0';
  GStatBuf st;
  if (g_stat(clean, &st) == 0 && !S_ISDIR(st.st_mode)) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE, "%s: expected an output folder, found a file", clean);
    return NULL;
  }
  g_autofree char *parent = g_path_get_dirname(clean);
  if (g_mkdir_with_parents(parent, 0755) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create the output folder's parent: %s", parent,
                g_strerror(errno));
    return NULL;
  }
  AuditOutDir *d = g_new0(AuditOutDir, 1);
  d->out = g_steal_pointer(&clean);
  d->force = force;
  d->lock_path = g_strconcat(d->out, ".lock", NULL);
  d->lock_fd = g_open(d->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (d->lock_fd < 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create the lock file: %s", d->lock_path,
                g_strerror(errno));
    audit_outdir_close(d);
    return NULL;
  }
  if (flock(d->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot lock: %s", d->lock_path, g_strerror(errno));
      audit_outdir_close(d);
      return NULL;
    }
    char pid[32] = "";
    ssize_t k = pread(d->lock_fd, pid, sizeof pid - 1, 0);
    pid[k > 0 ? k : 0] = '\0';
    g_strstrip(pid);
    g_autofree char *holder = *pid ? g_strdup_printf(" (pid %s)", pid) : g_strdup("");
    if (!wait) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE,
                  "%s: another crm-audit run%s is writing this output folder (lock %s); nothing changed: wait for "
                  "it to finish, pass --wait to wait for it, or choose another -o",
                  d->out, holder, d->lock_path);
      audit_outdir_close(d);
      return NULL;
    }
    g_printerr("crm-audit: %s: waiting for another run%s to finish (--wait)\n", d->out, holder);
    while (flock(d->lock_fd, LOCK_EX) != 0 && errno == EINTR)
      ;
  }
  char pid[32];
  int len = g_snprintf(pid, sizeof pid, "%d\n", (int)getpid());
  /* the pid only names the holder in a message: a failure to write it changes nothing */
  if (ftruncate(d->lock_fd, 0) == 0)
    (void)!pwrite(d->lock_fd, pid, (size_t)len, 0);
  remove_stale_staging(d->out);
  d->kept = g_ptr_array_new_with_free_func(g_free);
  if (!force && g_file_test(d->out, G_FILE_TEST_IS_DIR)) {
    g_autoptr(GPtrArray) foreign = foreign_files(d->out);
    if (foreign_refused(foreign)) {
      refuse_foreign(d->out, foreign, error);
      audit_outdir_close(d);
      return NULL;
    }
  }
  guard_start(d->out);
  audit_outdir_test_hook("locked");
  return d;
}

const char *audit_outdir_path(const AuditOutDir *d)
{
  return d->out;
}

GPtrArray *audit_outdir_kept(const AuditOutDir *d)
{
  return d->kept;
}

const char *audit_outdir_stage(AuditOutDir *d, GError **error)
{
  char *tmpl = g_strconcat(d->out, ".staging-XXXXXX", NULL);
  g_mutex_lock(&guard.lock);
  if (!g_mkdtemp_full(tmpl, 0755)) {
    g_mutex_unlock(&guard.lock);
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create the staging folder %s: %s", d->out, tmpl,
                g_strerror(errno));
    g_free(tmpl);
    return NULL;
  }
  d->staging = tmpl;
  guard.staging = d->staging;
  g_mutex_unlock(&guard.lock);
  return d->staging;
}

/* fsync every file and folder under path (the folder itself last). */
static gboolean sync_tree(const char *path, GError **error)
{
  GStatBuf st;
  if (g_lstat(path, &st) != 0)
    return TRUE;
  if (S_ISDIR(st.st_mode)) {
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      g_autofree char *p = g_build_filename(path, name, NULL);
      if (!sync_tree(p, error))
        return FALSE;
    }
  } else if (!S_ISREG(st.st_mode)) {
    return TRUE;
  }
  int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fsync(fd) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write to disk: %s", path, g_strerror(errno));
    if (fd >= 0)
      close(fd);
    return FALSE;
  }
  close(fd);
  return TRUE;
}

/* Move the foreign files of OUT into the staging folder at the same place
 * (a few of the user's, or any with --force), unless this run wrote one of
 * the same name: that one stays with the previous run, which is then kept.
 * moved gets what moved. */
static gboolean carry_foreign(AuditOutDir *d, GPtrArray *moved, GError **error)
{
  g_autoptr(GPtrArray) foreign = foreign_files(d->out);
  for (guint i = 0; i < foreign->len; i++) {
    const char *rel = foreign->pdata[i];
    g_autofree char *from = g_build_filename(d->out, rel, NULL);
    g_autofree char *to = g_build_filename(d->staging, rel, NULL);
    if (g_file_test(to, G_FILE_TEST_EXISTS) || g_file_test(to, G_FILE_TEST_IS_SYMLINK))
      continue;
    g_autofree char *dir = g_path_get_dirname(to);
    if (g_mkdir_with_parents(dir, 0755) != 0 || g_rename(from, to) != 0) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot keep it in place: %s", from, g_strerror(errno));
      return FALSE;
    }
    g_ptr_array_add(moved, g_strdup(rel));
  }
  return TRUE;
}

static void carry_back(const char *from_dir, const char *to_dir, GPtrArray *moved)
{
  for (guint i = 0; i < moved->len; i++) {
    g_autofree char *from = g_build_filename(from_dir, moved->pdata[i], NULL);
    g_autofree char *to = g_build_filename(to_dir, moved->pdata[i], NULL);
    g_autofree char *dir = g_path_get_dirname(to);
    g_mkdir_with_parents(dir, 0755);
    g_rename(from, to);
  }
}

static void sync_parent(const char *path)
{
  g_autofree char *parent = g_path_get_dirname(path);
  int fd = g_open(parent, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

gboolean audit_outdir_commit(AuditOutDir *d, gboolean keep_previous, GError **error)
{
  if (!sync_tree(d->staging, error))
    return FALSE;
  audit_outdir_test_hook("swap");
  g_autofree char *previous = g_strconcat(d->out, ".previous", NULL);
  g_mutex_lock(&guard.lock);
  gboolean ok = TRUE;
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func(g_free);
  gboolean had = g_file_test(d->out, G_FILE_TEST_IS_DIR);
  if (had) {
    g_autoptr(GPtrArray) foreign = foreign_files(d->out);
    if (!d->force && foreign_refused(foreign))
      ok = refuse_foreign(d->out, foreign, error); /* files put there while this run wrote */
    else if (foreign->len)
      ok = carry_foreign(d, moved, error);
    if (ok && g_file_test(previous, G_FILE_TEST_EXISTS) && !remove_run(previous)) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE,
                  "%s: holds files no crm-audit run wrote; nothing changed in %s: move them away", previous, d->out);
      ok = FALSE;
    }
    if (ok && g_rename(d->out, previous) != 0) {
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot move the previous run aside to %s: %s", d->out,
                  previous, g_strerror(errno));
      ok = FALSE;
    }
    if (!ok)
      carry_back(d->staging, d->out, moved);
  }
  if (ok && g_rename(d->staging, d->out) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot move this run into place: %s", d->out,
                g_strerror(errno));
    if (had && g_rename(previous, d->out) == 0)
      carry_back(d->staging, d->out, moved);
    ok = FALSE;
  }
  if (ok) {
    sync_parent(d->out);
    for (guint i = 0; i < moved->len; i++)
      g_ptr_array_add(d->kept, g_strdup(moved->pdata[i]));
    g_clear_pointer(&d->staging, g_free);
    guard.staging = NULL;
    guard.swapped = TRUE;
  }
  g_mutex_unlock(&guard.lock);
  if (ok && had && !keep_previous && !remove_run(previous))
    g_printerr("crm-audit: kept %s: it holds files no crm-audit run wrote\n", previous);
  return ok;
}

void audit_outdir_close(AuditOutDir *d)
{
  if (!d)
    return;
  g_mutex_lock(&guard.lock);
  if (d->staging) {
    remove_tree(d->staging);
    if (guard.staging == d->staging)
      guard.staging = NULL;
  }
  g_mutex_unlock(&guard.lock);
  g_free(d->staging);
  if (d->lock_fd >= 0)
    close(d->lock_fd); /* releases the lock; the file stays (removing it would race a waiting run) */
  g_free(d->lock_path);
  if (d->kept)
    g_ptr_array_unref(d->kept);
  g_free(d->out);
  g_free(d);
}
