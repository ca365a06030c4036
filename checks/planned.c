/* Catalogue checks whose issue has not landed yet. They are listed by
 * `crm-audit checks`, their options are accepted in the config, and a run
 * reports them as skipped ("not implemented yet"): no finding is invented.
 * When a check lands, its descriptor moves to its own file with a run.
 * (None is planned at the moment.) */
#include "check.h"
#include "checks.h"
