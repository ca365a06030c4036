/* GKeyFile → typed options: [audit], [segments], [check.ID], [check.ID@SEGMENT],
 * [stages], [stage-gates], [roles] (INTERFACE.md), [role-names]. Unknown groups and keys
 * are errors that name the line. */
#pragma once

#include "check.h"
#include "normalize.h"

G_BEGIN_DECLS

typedef struct {
  char *name;
  gint min_roles;        /* -1 when not set */
  char **required_roles; /* NULL when not set */
} AuditStage;

typedef enum { AUDIT_GATE_GT, AUDIT_GATE_GE, AUDIT_GATE_LT, AUDIT_GATE_LE, AUDIT_GATE_EQ } AuditGateOp;

typedef struct {
  char *stage;
  char *field;
  AuditGateOp op;
  double value;
} AuditGate;

/* The stage model: the ordered open stages and the committee each needs.
 * From [stages] open (rank = position; min_roles defaults to the position),
 * else the catalogue's default (CHECKS.md), whose four steps also name
 * Salesforce's standard stages: Prospecting; Qualification, Discovery, Needs
 * Analysis; Demo, Proposal, Value Proposition, Id. Decision Makers,
 * Perception Analysis, Proposal/Price Quote; Negotiation, Negotiation/Review
 * (min roles 0, 1, 2, 3; the last requires Economic Buyer and Champion). */
typedef struct {
  char *name;
  guint rank;            /* order; the default model's names for one step share it */
  guint min_roles;
  char **required_roles; /* NULL-terminated, never NULL */
} AuditStageDef;

typedef struct {
  gboolean enabled;
  AuditSeverity severity;
  AuditOptionValue *values; /* [segment * noptions + option], segment 0 = default */
  guint noptions;
} AuditCheckSettings;

typedef struct AuditConfig {
  char *path;           /* NULL: defaults only */
  gint32 as_of;         /* AUDIT_DAY_NONE when not set */
  char *record_url;     /* with {id} */
  char **personal_domains_add;     /* '+' entries */
  char **personal_domains_replace; /* entries without '+': replace the built-in list; NULL when none */
  char **competitors;
  char **exclude;       /* "Field=Value" */
  char **ops_users;
  char *segment_field;  /* Account field, NULL when none */
  char **segments;      /* segment names, [0] = "" (none); from [check.ID@SEGMENT] groups */
  guint nsegments;      /* including [0] */
  char **stages_open;   /* NULL when not configured */
  GPtrArray *stages;    /* AuditStage*, with any setting */
  GPtrArray *gates;     /* AuditGate* */
  GPtrArray *stage_model; /* AuditStageDef*, in order */
  AuditRoleMap *roles;  /* the default mapping unless [roles] is set */
  gboolean roles_configured;
  AuditRoleNames *role_names; /* the built-in names and [role-names] */
  AuditCheckSettings *checks; /* one per registry entry */
} AuditConfig;

/* path NULL: every default. Errors are AUDIT_ERROR_CONFIG, "FILE:LINE:1: ...". */
AuditConfig *audit_config_load(const char *path, GError **error);
AuditConfig *audit_config_load_data(const char *display, const char *data, gsize len, GError **error);
void audit_config_free(AuditConfig *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AuditConfig, audit_config_free)

/* The stage model's entry for a stage name (case-insensitive, surrounding
 * spaces ignored), NULL when the model does not know it. */
const AuditStageDef *audit_stage_model_find(const AuditConfig *c, const char *stage);
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
char *audit_config_template(void);

G_END_DECLS
