/* The fix files, fixes/ACTION.csv: to be written (issue 6). */
#include "reports.h"

gboolean audit_report_fixes(const char *out_dir, const AuditResult *r, GPtrArray *written, GError **error)
{
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE, "fixes are not available yet");
  return FALSE;
}
