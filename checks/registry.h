/* The checks, in catalogue order (checks/checks.def). */
#pragma once

#include "check.h"

G_BEGIN_DECLS

extern const AuditCheck *const audit_registry[];
extern const guint audit_registry_size;

/* -1 when no check has that id. */
gint audit_registry_find(const char *id);

/* The whole catalogue, as the core takes it (config, pipeline). */
#define AUDIT_REGISTRY (&(const AuditRegistry){audit_registry, audit_registry_size})

G_END_DECLS
