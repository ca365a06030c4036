/* GKeyFile → typed options: [audit], [input], [segments], [check.ID], [check.ID@SEGMENT],
 * [stages], [stage-gates], [roles] (INTERFACE.md), [role-names]. Unknown groups and keys
 * are errors that name the line. Read by config.c (the groups, the template),
 * keyfile.c (the file and where its keys are), options.c (the checks' settings
 * and options structs) and stage-model.c ([stages], [stage-gates]). */
#pragma once

#include "check.h"
#include "normalize.h"

G_BEGIN_DECLS

typedef struct {
  char *name;
  gint min_roles;        /* -1 when not set */
  char **required_roles; /* NULL when not set */
  guint line;            /* of its first key, for messages */
} AuditStage;

typedef enum { AUDIT_GATE_GT, AUDIT_GATE_GE, AUDIT_GATE_LT, AUDIT_GATE_LE, AUDIT_GATE_EQ } AuditGateOp;

typedef struct {
  char *stage;
  char *field;
  AuditGateOp op;
  double value;
  guint line;
} AuditGate;

/* The stage model: the ordered open stages and the committee each needs.
 * From [stages] open (rank = position; min_roles defaults to the position),
 * else inferred from the export (audit_config_resolve_stages), else the
 * catalogue's default (CHECKS.md), whose four steps also name Salesforce's
 * standard stages: Prospecting; Qualification, Discovery, Needs Analysis;
 * Demo, Proposal, Value Proposition, Id. Decision Makers, Perception
 * Analysis, Proposal/Price Quote; Negotiation, Negotiation/Review (min roles
 * 0, 1, 2, 3; the last requires Economic Buyer and Champion). Stage names
 * compare case- and accent-insensitively (audit_stage_name_equal). */
typedef struct {
  char *name;
  char *folded;          /* the name folded, for comparisons */
  guint rank;            /* order; the default model's names for one step share it */
  guint min_roles;
  char **required_roles; /* NULL-terminated, never NULL */
} AuditStageDef;

typedef struct {
  gboolean enabled;         /* [check.ID] (segment 0) */
  AuditSeverity severity;
  gboolean *seg_enabled;    /* [segment]: [check.ID@SEGMENT] enabled, else [check.ID]'s */
  AuditSeverity *seg_severity; /* [segment]: likewise */
  AuditOptionValue *values; /* [segment * noptions + option], segment 0 = default */
  guint noptions;
  guint8 *typed;            /* with the check's options_size: its options struct per segment, at
                               [segment * options_size] (strings and lists point into values) */
} AuditCheckSettings;

/* [audit] max_delete_share: the largest share of an object's records that one
 * check's delete fixes may cover before they are withheld (reports/fixes.c). */
#define AUDIT_MAX_DELETE_SHARE 0.10

typedef struct AuditConfig {
  char *path;           /* NULL: defaults only */
  gint32 as_of;         /* AUDIT_DAY_NONE when not set */
  AuditDayOrder date_order; /* [input] date_order, AUDIT_DAY_ORDER_NONE when not set */
  char *record_url;     /* with {id} */
  char **personal_domains_add;     /* '+' entries */
  char **personal_domains_replace; /* entries without '+': replace the built-in list; NULL when none */
  char **competitors;
  char **exclude;       /* "Field=Value" */
  char **ops_users;
  double max_delete_share; /* [audit] max_delete_share, default AUDIT_MAX_DELETE_SHARE */
  char *segment_field;  /* Account field, NULL when none; "RecordType" for the record type's name */
  char **segments;      /* segment names, [0] = "" (none); from [check.ID@SEGMENT] groups */
  guint nsegments;      /* including [0] */
  char **stages_open;   /* NULL when not configured */
  GPtrArray *stages;    /* AuditStage*, with any setting */
  GPtrArray *gates;     /* AuditGate* */
  GPtrArray *stage_model; /* AuditStageDef*, in order */
  char *stage_model_from; /* how the model was inferred from the export; NULL: [stages] open or the default */
  char **stages_won;    /* closed stages inferred from the export (NULL when not inferred) */
  char **stages_lost;
  AuditRoleMap *roles;  /* the default mapping unless [roles] is set */
  gboolean roles_configured;
  AuditRoleNames *role_names; /* the built-in names and [role-names] */
  AuditRegistry registry;     /* the checks the config was read for */
  GArray *source;             /* where the file's groups and keys are (audit_config_line) */
  AuditCheckSettings *checks; /* one per registry entry */
} AuditConfig;

/* The settings of reg's checks. path NULL: every default. Errors are
 * AUDIT_ERROR_CONFIG, "FILE:LINE:1: ...". */
AuditConfig *audit_config_load(const AuditRegistry *reg, const char *path, GError **error);
AuditConfig *audit_config_load_data(const AuditRegistry *reg, const char *display, const char *data, gsize len,
                                    GError **error);
void audit_config_free(AuditConfig *c);
/* The line of key in [group] of the config file (of [group] when key is
 * NULL), 0 when the file does not set it: for a located message. */
guint audit_config_line(const AuditConfig *c, const char *group, const char *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditConfig, audit_config_free)

/* A check's effective settings, what makes its findings comparable from run
 * to run (findings.json checks[].options; --baseline): fn(key, value) for
 * enabled, severity, each option by name, then for each segment those that
 * differ from the check's own as KEY@SEGMENT, then those of the checks named by options_of as ID.KEY,
 * then the [audit] lists shared derivations read when set
 * ("[audit] competitors", personal_domains, exclude, ops_users: for every
 * check, which of them a check reads is not declared), then with
 * uses_stage_model "stage_model" and "stage_gates"; values as text (lists
 * joined by ';'). check is the registry index. */
void audit_check_identity_foreach(const AuditConfig *c, guint check,
                                  void (*fn)(const char *key, const char *value, gpointer user), gpointer user);

/* Does the check run for some segment? (enabled in [check.ID] or in one of
 * its [check.ID@SEGMENT] groups) */
gboolean audit_check_enabled_somewhere(const AuditCheckSettings *st, guint nsegments);

/* The stage model for this export, once it is loaded: without [stages] open,
 * the open stages in order, and which stages are won and lost, inferred from
 * Opportunity.StageSortOrder, else OpportunityStage.csv, else the median
 * Probability per stage (open/won/lost from IsClosed and IsWon by majority
 * of each stage's opportunities); else the default. Applies the [stages]
 * STAGE.* settings and checks [stage-gates] against the model; records the
 * inference and warnings in the model, and classifies the opportunities
 * whose IsClosed is blank by their stage. An error (AUDIT_ERROR_CONFIG) for
 * a setting or gate on a stage the default model lacks. */
gboolean audit_config_resolve_stages(AuditConfig *c, AuditModel *m, GError **error);

/* The stage model's entry for a stage name (case and accents ignored,
 * surrounding spaces too), NULL when the model does not know it. */
const AuditStageDef *audit_stage_model_find(const AuditConfig *c, const char *stage);
/* For the stage model's builders (config.c, stages.c): a model (an array of
 * AuditStageDef*), a stage added to one, the catalogue's default stages. */
GPtrArray *audit_stage_model_new(void);
void audit_stage_model_add(GPtrArray *model, const char *name, guint rank, guint min_roles,
                           const char *const *required);
void audit_stage_model_default(GPtrArray *model);
/* Apply the [stages] STAGE.* settings to c->stage_model and check that the
 * [stage-gates] stages are in it. One whose stage is not: an error when
 * strict; else, given m, a warning in m (the setting ignored, the gate
 * dropped); without m, left for later. */
gboolean audit_stage_settings_apply(AuditConfig *c, gboolean strict, AuditModel *m, GError **error);
/* The standard role a contact role's Role stands for ("Tomador de decisión"
 * is the Decision Maker), through [role-names] and the built-in names; the
 * role itself when it names none. Compare roles through this. */
const char *audit_role_canonical(const AuditConfig *c, const char *role);
/* The gate of a stage, NULL when it has none. */
const AuditGate *audit_config_gate(const AuditConfig *c, const char *stage);

/* Parse an option's value as written in a config file. */
gboolean audit_option_parse(const AuditOption *o, const char *text, AuditOptionValue *out, GError **error);
void audit_option_value_clear(AuditOptionValue *v);

/* A commented config with every option at its default. */
char *audit_config_template(const AuditRegistry *reg);

G_END_DECLS
