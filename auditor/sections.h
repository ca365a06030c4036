/* The run's sections (section.h), built once the result is complete (after
 * the migration and the bound on deletes, whose notice they carry): what
 * was inferred, the notices, coverage, win-loss and the lead migration, in
 * findings.json's order. */
#pragma once

#include "pipeline.h"
#include "section.h"

G_BEGIN_DECLS

/* Sets r->sections (AuditSection*), replacing any. */
void audit_result_sections(AuditResult *r);

G_END_DECLS
