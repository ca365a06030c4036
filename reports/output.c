#include "reports.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

static FILE *output_begin(const char *path, char **tmp_out, GError **error)
{
  char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp(tmp);
  if (fd < 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create: %s", path, g_strerror(errno));
    g_free(tmp);
    return NULL;
  }
  FILE *fp = fdopen(fd, "wb");
  if (!fp) {
    close(fd);
    g_unlink(tmp);
    g_free(tmp);
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
    return NULL;
  }
  setvbuf(fp, NULL, _IOFBF, 1 << 20);
  *tmp_out = tmp;
  return fp;
}

static gboolean output_commit(FILE *fp, char *tmp, const char *path, gboolean ok, GError **error)
{
  if (ok && (fflush(fp) != 0 || ferror(fp))) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  if (fclose(fp) != 0 && ok) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  /* mkstemp makes 0600; a report is an ordinary file */
  if (ok)
    g_chmod(tmp, 0644);
  if (ok && g_rename(tmp, path) != 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot rename into place: %s", path, g_strerror(errno));
    ok = FALSE;
  }
  if (!ok)
    g_unlink(tmp);
  g_free(tmp);
  return ok;
}

gboolean audit_output_write(const char *dir, const char *name, AuditWriteFunc fn, gconstpointer data,
                            GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *tmp;
  FILE *fp = output_begin(path, &tmp, error);
  if (!fp)
    return FALSE;
  gboolean ok = fn(fp, data, error);
  return output_commit(fp, tmp, path, ok, error);
}
