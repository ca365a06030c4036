/* The rules stage-committee-mismatch and stage-assessment-mismatch share
 * (stage-rules.c). */
#pragma once

#include "config.h"

/* The stage model's entry for an opportunity's stage (NULL: not in the
 * model), looked up once per distinct stage text in cache. */
const AuditStageDef *checks_stage_of(const AuditConfig *cfg, GHashTable *cache, const char *stage);
