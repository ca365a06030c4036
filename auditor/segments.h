/* The segments of a run. */
#pragma once

#include "config.h"

G_BEGIN_DECLS

/* The segments: [segments] field (Account.RecordType or RecordTypeId: the
 * record type's name from RecordType.csv, else its Id, said in a notice),
 * else, to scope the conventions and the analytics, the accounts' record
 * types when they have two or more (an inference). Fills the model's
 * account_segment (each account's config segment, for [check.ID@SEGMENT]:
 * a record type by name or by Id), segment_values and account_segment_value
 * (every value). A configured segment no account has is a notice. An error
 * (AUDIT_ERROR_INPUT) when the field's column is not in Account.csv. */
gboolean audit_segments_map(AuditModel *m, const AuditConfig *cfg, GError **error);

G_END_DECLS
