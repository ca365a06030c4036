/* The check descriptor, the context a check receives and the sink it emits
 * findings into. A check reads the model through ctx, never changes it, and
 * knows nothing about output formats. */
#pragma once

#include "model.h"

G_BEGIN_DECLS

typedef enum { AUDIT_SEV_INFO, AUDIT_SEV_WARNING, AUDIT_SEV_ERROR, AUDIT_SEV_COUNT } AuditSeverity;

const char *audit_severity_name(AuditSeverity s);
gboolean audit_severity_from_name(const char *name, AuditSeverity *out);

typedef enum {
  AUDIT_OPT_NONE, /* AuditOption.member: not declared with AUDIT_OPTION_AT, or a member of no option type */
  AUDIT_OPT_INT,
  AUDIT_OPT_DOUBLE,
  AUDIT_OPT_BOOL,
  AUDIT_OPT_STRING,
  AUDIT_OPT_LIST, /* ';'-separated strings */
} AuditOptionType;

typedef struct {
  const char *name;
  AuditOptionType type;
  const char *def; /* default, as it would be written in the config */
  const char *help;
  gint64 min, max; /* AUDIT_OPT_INT: accepted range (both 0: any) */
  /* Where the option's value goes in the check's options struct
   * (options_size) and the type of the member there: both written by
   * AUDIT_OPTION_AT. */
  gsize offset;
  AuditOptionType member;
} AuditOption;

/* The options struct of a check: one member per option, typed by the
 * option's type (INT gint64, DOUBLE double, BOOL gboolean, STRING const char
 * *, LIST const char *const *, NULL-terminated); the check's descriptor
 * gives its size (options_size) and each option says where its member is:
 *
 *   typedef struct { gint64 window_days; } StaleOptions;
 *   static const AuditOption stale_opts[] = {
 *     {"window_days", AUDIT_OPT_INT, "365", "days before as-of ...", 1, 36500,
 *      AUDIT_OPTION_AT(StaleOptions, window_days)},
 *     {0}};
 *   ... .options = stale_opts, .options_size = sizeof(StaleOptions),
 *
 * The config resolves the struct once per segment when it is read (a value
 * of the wrong type or out of range is a config error there, with its line);
 * the check reads it with audit_ctx_options. A descriptor whose options and
 * struct disagree (no options_size, a member outside the struct, two options
 * on one member, a member of another type) is refused when the config is
 * read (audit_check_options_valid; test-registry runs it on every check). */
#define AUDIT_OPTION_AT(Struct, member) G_STRUCT_OFFSET(Struct, member), AUDIT_OPTION_TYPE_OF(((Struct *)0)->member)
/* The option type a member's C type holds, AUDIT_OPT_NONE for none. */
#define AUDIT_OPTION_TYPE_OF(x)                                                                                    \
  _Generic((x), gint64: AUDIT_OPT_INT, double: AUDIT_OPT_DOUBLE, gboolean: AUDIT_OPT_BOOL,                        \
           const char *: AUDIT_OPT_STRING, const char *const *: AUDIT_OPT_LIST, default: AUDIT_OPT_NONE)

typedef struct {
  AuditOptionType type;
  gint64 i;
  double d;
  gboolean b;
  char *s;
  char **list;
} AuditOptionValue;

struct AuditConfig;
typedef struct AuditContext AuditContext;
typedef struct AuditSink AuditSink;

typedef struct {
  const char *id;                 /* stable, kebab-case */
  const char *title;              /* one line: what is wrong */
  AuditSeverity severity;         /* default; config may override */
  AuditObjects needs;             /* objects it reads: skipped when one is missing */
  const char *const *columns;     /* "Object.Field" it cannot run without; NULL-terminated */
  const char *const *wants;       /* "Object.Field" without which it is skipped (with the reason) */
  const AuditOption *options;     /* ends with {0}; NULL: none */
  gsize options_size;             /* sizeof the check's options struct (AUDIT_OPTION_AT), 0 without options */
  const char *rationale;          /* why it matters, for explain and the reports */
  const char *fix;                /* what the suggested fix does */
  const char *example;            /* an example message */
  void (*run)(const AuditContext *ctx, AuditSink *out); /* NULL: not implemented yet */
  /* Optional: why the check cannot run with this config and export (returned,
   * newly allocated: the check is skipped with that reason), NULL when it can;
   * an error (exit 2) for a config that names what the export lacks. */
  char *(*unavailable)(const struct AuditConfig *config, const AuditModel *model, GError **error);
  /* The evidence keys whose values enter the fingerprint besides the check,
   * the record, the key and the related records (never a fix target, a
   * count or a score): the facts that make the problem; NULL: none. */
  const char *const *fingerprint;
  /* It reads the stage model and the stage gates (config [stages],
   * [stage-gates], or inferred from the export): they are part of its
   * effective options (audit_check_identity_foreach). */
  gboolean uses_stage_model;
  /* The checks whose options it also reads (their rules, or their findings:
   * after_others), by id: their settings are part of its own as ID.KEY. */
  const char *const *options_of;
  gboolean windowed;              /* its findings leave by themselves as time passes (created within the
                                     last N days...): with --baseline, gone ones are "aged out", not fixed */
  gboolean after_others;          /* runs once every other check is done, and may read their
                                     findings through ctx->sinks (a review list that cross-references) */
  /* Checks that fold (AUDIT_CONVENTION_OPTION): what it means when most records
   * break the rule, for the convention finding's message and fix; NULL: a
   * format convention ("taken as the org's own convention", "nothing to fix
   * if this is how the org writes its records"). */
  const char *convention_note;
  const char *convention_fix;
} AuditCheck;

/* Do the check's options and its options struct agree (AUDIT_OPTION_AT)?
 * Else an error naming the check and the option: a bug in the check. */
gboolean audit_check_options_valid(const AuditCheck *c, GError **error);
/* Does the check fold its findings into conventions (it declares
 * AUDIT_CONVENTION_OPTION)? */
gboolean audit_check_folds(const AuditCheck *c);

/* The checks of a run, in catalogue order: the face hands them to config
 * and the pipeline (checks/registry.h: AUDIT_REGISTRY), the core names none. */
typedef struct {
  const AuditCheck *const *checks;
  guint n;
} AuditRegistry;

/* -1 when no check has that id. */
gint audit_registry_lookup(const AuditRegistry *reg, const char *id);

/* Values derived once per run and shared by the checks that need them (the
 * account features, the lead plan): see audit_ctx_shared. */
typedef struct AuditShared AuditShared;
AuditShared *audit_shared_new(void);
void audit_shared_free(AuditShared *sh);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditShared, audit_shared_free)

struct AuditContext {
  const AuditModel *model;
  const struct AuditConfig *config;
  const AuditCheck *check;
  guint check_index;
  gint32 as_of;   /* day number */
  guint nsegments; /* 1 + the configured segments */
  AuditSink *const *sinks; /* after_others checks only: every check's findings by registry index
                              (NULL for a skipped check), else NULL */
  const char *const *skip_reasons; /* every check's skip reason by registry index (NULL: it runs); NULL
                                      when not known (every check is taken to run) */
  AuditShared *shared; /* the run's shared values (audit_ctx_shared) */
};

/* The run's value under key, built by build(ctx) the first time any check
 * asks for it (the others asking meanwhile wait for it), then shared
 * read-only until the run ends, when free_fn frees it. Thread-safe; one key
 * does not wait for another's build. */
typedef gpointer (*AuditSharedBuild)(const AuditContext *ctx);
gconstpointer audit_ctx_shared(const AuditContext *ctx, const char *key, AuditSharedBuild build,
                               GDestroyNotify free_fn);

/* A warning about the input or the config found while checking (a value
 * common enough to be a placeholder): said once in the summary and the
 * reports, like the model's notices (audit_model_notice), which the checks
 * cannot write. Thread-safe; text is copied. */
void audit_ctx_notice(const AuditContext *ctx, const char *text);
/* The notices the checks gave (audit_ctx_notice), for the pipeline. */
GPtrArray *audit_shared_notices(AuditShared *sh);

/* The check's options struct (options_size), as resolved for a segment (0 =
 * no segment, the [check.ID] group; see audit_ctx_segment) when the config
 * was read: no lookup by name. Cheap: in a loop over rows, take the row's
 * segment's struct. */
gconstpointer audit_ctx_options(const AuditContext *ctx, guint segment);
/* Does the check with this id run in this run (not skipped, disabled or
 * left out by --only)? So that one cause gets one finding: a check leaves a
 * case to another only when that one reports it. */
gboolean audit_ctx_check_runs(const AuditContext *ctx, const char *check_id);
/* The segment of an account (from [segments] field), 0 when none. */
guint audit_ctx_segment(const AuditContext *ctx, gint32 account);

/* ---- emitting findings ---- */

/* Start a finding about row of object obj. key tells apart findings of one
 * check on one record (the field name, ...), NULL when there is one at most;
 * it enters the fingerprint with the record and related Ids. */
void audit_emit(AuditSink *out, AuditObject obj, gint32 row, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(5, 6);
/* A format rule the finding last emitted breaks ("all capitals"), for a
 * check that declares AUDIT_CONVENTION_OPTION: when more than convention_share
 * of an object's records (or of a segment's) break a rule, its findings fold
 * into one convention finding (audit_sink_fold_conventions). Call it once per
 * rule; a finding of such a check without one breaks the check's own rule. */
void audit_finding_rule(AuditSink *out, const char *rule);
/* The rule of a finding of such a check that is no format rule and never
 * folds (a spam contact beside the placeholder emails of contact-riffraff). */
#define AUDIT_RULE_NEVER_FOLDS "-"

/* The rules of such a check looked at this record: the conventions' shares
 * are of the records looked at. A check that never calls it looked at every
 * record of the object. */
void audit_sink_looked_at(AuditSink *out, AuditObject obj, guint row);

/* The option of the checks whose findings fold into conventions: declared
 * once here, listed in their options (Struct: the check's options struct).
 * 1 turns the folding off. Its member is the struct's first, a double named
 * convention_share, so that the folding reads it in every such check's
 * struct as an AuditConventionOptions (audit_sink_fold_conventions);
 * audit_check_options_valid refuses it anywhere else. A check with no other
 * option uses AuditConventionOptions itself. */
#define AUDIT_CONVENTION_OPTION(Struct)                                                                            \
  {"convention_share", AUDIT_OPT_DOUBLE, "0.5",                                                                    \
   "when more than this share of an object's records, or of a segment's, match one of this check's rules "        \
   "(and at least 20 do), that is how the org works (a format convention, a data load): one finding says so "     \
   "instead of one per record (1: never)", 0, 1, AUDIT_OPTION_AT(Struct, convention_share)}
typedef struct {
  double convention_share;
} AuditConventionOptions;
/* At least this many records must break a rule for it to be a convention. */
#define AUDIT_CONVENTION_MIN 20

/* Add to the finding last emitted: a record of the problem (the other of a
 * duplicate pair, the contact's account); it enters the fingerprint. */
void audit_related(AuditSink *out, AuditObject obj, gint32 row);
/* A record the suggested fix names (a move target, a suggestion): shown and
 * linked like a related record, but never in the fingerprint, so that a new
 * suggestion for the same problem is not a new finding. */
void audit_related_target(AuditSink *out, AuditObject obj, gint32 row);
/* Give the finding last emitted another severity than the check's (a note
 * of a warning check, say). */
void audit_finding_severity(AuditSink *out, AuditSeverity severity);
void audit_evidence_str(AuditSink *out, const char *key, const char *value);
void audit_evidence_int(AuditSink *out, const char *key, gint64 value);
void audit_evidence_num(AuditSink *out, const char *key, double value);
void audit_evidence_bool(AuditSink *out, const char *key, gboolean value);
void audit_evidence_day(AuditSink *out, const char *key, gint32 day); /* null when AUDIT_DAY_NONE */
/* Structured evidence: a list of typed rows under key (a duplicate group's
 * pairs, a convention's examples), each row the columns declared here, in
 * their order. findings.json has it as an array of objects; the reports
 * render it generically (a readable line, a detail sheet). Begin the list,
 * then per row audit_evidence_row and one audit_row_* per column. */
typedef enum {
  AUDIT_COL_STR,
  AUDIT_COL_NUM,   /* a number: digits > 0 writes it with that many decimals ("1.000") */
  AUDIT_COL_WORDS, /* a list of strings */
} AuditColumnType;

typedef struct {
  const char *name;
  AuditColumnType type;
  guint digits; /* AUDIT_COL_NUM: fixed decimals in findings.json, 0: the shortest exact form */
} AuditColumn;

void audit_evidence_rows_begin(AuditSink *out, const char *key, const AuditColumn *columns /* ends with {0} */);
void audit_evidence_row(AuditSink *out);
void audit_row_str(AuditSink *out, const char *value);
void audit_row_num(AuditSink *out, double value);
void audit_row_words(AuditSink *out, const char *const *words); /* NULL-terminated; NULL: none */
/* A figure about the check's run as a whole, written with the check's entry
 * in findings.json ("stats") and printed with the summary. */
void audit_sink_stat(AuditSink *out, const char *key, gint64 value);
/* What the finding is, as a code of the check's own that the core's
 * summaries read instead of its text (the lead checks set their
 * AuditLeadOutcome, which the migration counts); never written to a report. */
void audit_finding_kind(AuditSink *out, guint8 kind);
/* The suggested fix: in words, and when importable, an action with fields. */
void audit_fix_text(AuditSink *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void audit_fix_action(AuditSink *out, const char *action);
void audit_fix_str(AuditSink *out, const char *field, const char *value);
void audit_fix_bool(AuditSink *out, const char *field, gboolean value);

G_END_DECLS
