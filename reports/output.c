#include "reports.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <unistd.h>

gboolean audit_output_write(const char *dir, const char *name, AuditWriteFunc fn, gconstpointer data,
                            GError **error)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autofree char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
  int fd = g_mkstemp(tmp);
  if (fd < 0) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot create: %s", path, g_strerror(errno));
    return FALSE;
  }
  FILE *fp = fdopen(fd, "wb");
  if (!fp) {
    close(fd);
    g_unlink(tmp);
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_IO, "%s: cannot write: %s", path, g_strerror(errno));
    return FALSE;
  }
  setvbuf(fp, NULL, _IOFBF, 1 << 20);
  gboolean ok = fn(fp, data, error);
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
  return ok;
}
