/* libFuzzer target for the config: any bytes as crm-audit.ini, read by
 * GKeyFile and our typed layer (every check's options), must load or fail
 * with an error naming the file, never crash, hang or leak. */
#include "config.h"
#include "registry.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *err = NULL;
  AuditConfig *c = audit_config_load_data(AUDIT_REGISTRY, "fuzz.ini", (const char *)data, size, &err);
  if (c) {
    audit_config_free(c);
  } else {
    if (!g_str_has_prefix(err->message, "fuzz.ini"))
      __builtin_trap(); /* every error names the file */
    g_error_free(err);
  }
  return 0;
}
