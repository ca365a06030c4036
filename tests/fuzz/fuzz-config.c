/* libFuzzer target for the config: any bytes as crm-audit.ini, read by
 * GKeyFile and our typed layer (every check's options), must load or fail
 * with an error naming the file, never crash, hang or leak. */
#include "config.h"
#include "registry.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* as audit_config_load gives it: the file's bytes and a NUL */
  g_autofree char *text = g_malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  GError *err = NULL;
  AuditConfig *c = audit_config_load_data(AUDIT_REGISTRY, "fuzz.ini", text, size, &err);
  if (c) {
    audit_config_free(c);
  } else {
    if (!g_str_has_prefix(err->message, "fuzz.ini"))
      __builtin_trap(); /* every error names the file */
    g_error_free(err);
  }
  return 0;
}
