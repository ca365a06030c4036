/* The checks, in catalogue order (checks/checks.def). */
#pragma once

#include "check.h"

G_BEGIN_DECLS

extern const AuditCheck *const audit_registry[];
extern const guint audit_registry_size;

/* -1 when no check has that id. */
gint audit_registry_find(const char *id);

G_END_DECLS
