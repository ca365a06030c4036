/* The finding store: one sink per check, filled by its run function, then
 * sorted and fingerprinted; the reports read it. */
#pragma once

#include "check.h"

G_BEGIN_DECLS

/* AUDIT_VAL_ROWS: evidence rows (audit_evidence_rows_begin), i the index of
 * its AuditRows in the sink's rows. AUDIT_VAL_WORDS: a cell's list of
 * strings, s them "\x1f"-joined, i how many. */
typedef enum {
  AUDIT_VAL_STR,
  AUDIT_VAL_INT,
  AUDIT_VAL_NUM,
  AUDIT_VAL_BOOL,
  AUDIT_VAL_NULL,
  AUDIT_VAL_ROWS,
  AUDIT_VAL_WORDS,
} AuditValueType;

typedef struct {
  const char *key;
  AuditValueType type;
  const char *s;
  gint64 i;
  double d;
} AuditValue;

/* A list of evidence rows: nrows * ncols cells (AuditValue, key the
 * column's name) from start in the sink's cells, row by row. */
typedef struct {
  const AuditColumn *columns;
  guint ncols, nrows;
  guint start;
} AuditRows;

typedef struct {
  AuditObject obj;
  gint32 row;
  gboolean target; /* a record the fix names (audit_related_target), not in the fingerprint */
} AuditRecordRef;

enum { AUDIT_TREND_NONE, AUDIT_TREND_NEW, AUDIT_TREND_PERSISTING };

typedef struct {
  AuditObject object;
  AuditSeverity severity;
  gint32 row;
  const char *message;
  const char *key;
  const char *fix_text;   /* NULL: none */
  const char *fix_action; /* NULL: not importable */
  const char *rules;      /* audit_finding_rule: "\x1f"-joined, NULL when none */
  guint8 trend;           /* with --baseline: AUDIT_TREND_NEW or _PERSISTING, else 0 */
  guint8 kind;            /* audit_finding_kind: the check's own code, read by the core's summaries, not written */
  guint32 rel_start, rel_n, ev_start, ev_n, fix_start, fix_n;
  char fingerprint[33];
} AuditFinding;

struct AuditSink {
  const AuditModel *model;
  const AuditCheck *check;
  AuditSeverity severity;
  GStringChunk *strs;
  GArray *findings; /* AuditFinding */
  GArray *related;  /* AuditRecordRef */
  GArray *evidence; /* AuditValue */
  GArray *fix;      /* AuditValue */
  GArray *stats;    /* AuditValue: figures about the check's run (candidate pairs, ...) */
  GArray *rows;     /* AuditRows: evidence rows, by AUDIT_VAL_ROWS's i */
  GArray *cells;    /* AuditValue: their cells */
  guint row_cell;   /* the next cell's column in the row being written */
  const gboolean *seg_enabled;       /* per config segment, NULL: every segment enabled */
  const AuditSeverity *seg_severity; /* per config segment */
  guint nsegments;
  gboolean dropping; /* the finding last emitted is of a disabled segment: what follows it is ignored */
  guint8 *looked[AUDIT_OBJ_COUNT]; /* audit_sink_looked_at: 1 per row looked at, NULL when not called */
};

AuditSink *audit_sink_new(const AuditModel *model, const AuditCheck *check, AuditSeverity severity);
void audit_sink_free(AuditSink *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditSink, audit_sink_free)

/* [check.ID@SEGMENT] enabled and severity (arrays of nsegments, kept by
 * the caller): a finding whose record's segment (through its account,
 * audit_record_segment) is disabled is not kept, the others take their
 * segment's severity. */
void audit_sink_segments(AuditSink *s, const gboolean *enabled, const AuditSeverity *severity, guint nsegments);

/* Fold the findings of a format rule broken by more than the check's
 * convention_share of an object's records, or of a segment's (the model's
 * segment_values, at least AUDIT_CONVENTION_MIN records), into one
 * convention finding (no record; key "convention:RULE" or
 * "convention:RULE@SEGMENT"). Nothing for a check without
 * AUDIT_CONVENTION_OPTION. Before audit_sink_finish. */
void audit_sink_fold_conventions(AuditSink *s, const AuditContext *ctx);

/* Sort by record Id (then key, then message) and compute fingerprints. */
void audit_sink_finish(AuditSink *s);

static inline guint audit_sink_count(const AuditSink *s)
{
  return s->findings->len;
}
static inline const AuditFinding *audit_sink_get(const AuditSink *s, guint i)
{
  return &g_array_index(s->findings, AuditFinding, i);
}
static inline const AuditRecordRef *audit_finding_related(const AuditSink *s, const AuditFinding *f, guint i)
{
  return &g_array_index(s->related, AuditRecordRef, f->rel_start + i);
}
static inline const AuditValue *audit_finding_evidence(const AuditSink *s, const AuditFinding *f, guint i)
{
  return &g_array_index(s->evidence, AuditValue, f->ev_start + i);
}
static inline const AuditValue *audit_finding_fix(const AuditSink *s, const AuditFinding *f, guint i)
{
  return &g_array_index(s->fix, AuditValue, f->fix_start + i);
}

static inline const AuditRows *audit_value_rows(const AuditSink *s, const AuditValue *v)
{
  return &g_array_index(s->rows, AuditRows, v->i);
}
/* The cell of row r, column c. */
static inline const AuditValue *audit_rows_cell(const AuditSink *s, const AuditRows *rows, guint r, guint c)
{
  return &g_array_index(s->cells, AuditValue, rows->start + r * rows->ncols + c);
}
/* The i-th string of an AUDIT_VAL_WORDS cell (i < v->i), into buf. */
const char *audit_words_nth(const AuditValue *v, guint i, GString *buf);
/* Its strings joined by sep, into buf. */
const char *audit_words_join(const AuditValue *v, const char *sep, GString *buf);

/* The Id of a finding's record, or of a related record. */
const char *audit_finding_record_id(const AuditSink *s, const AuditFinding *f);
const char *audit_ref_id(const AuditModel *m, const AuditRecordRef *r);

G_END_DECLS
