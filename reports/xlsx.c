/* report.xlsx: to be written (issue 6). */
#include "reports.h"

gboolean audit_report_xlsx(const char *out_dir, const AuditResult *r, GError **error)
{
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_USAGE, "report.xlsx is not available yet");
  return FALSE;
}
