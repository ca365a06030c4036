#include "registry.h"
#include "checks.h"

#include <string.h>

/* Catalogue order (checks.def): findings are written in this order. */
const AuditCheck *const audit_registry[] = {
#define AUDIT_CHECK(symbol, id, severity) &audit_check_##symbol,
#include "checks.def"
#undef AUDIT_CHECK
};

const guint audit_registry_size = G_N_ELEMENTS(audit_registry);

gint audit_registry_find(const char *id)
{
  for (guint i = 0; i < audit_registry_size; i++)
    if (strcmp(audit_registry[i]->id, id) == 0)
      return (gint)i;
  return -1;
}
