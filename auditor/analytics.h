/* Reports beyond findings (CHECKS.md): contact-role coverage of the open
 * pipeline, and the win-loss buying committee of the deals closed in a
 * period. Computed once after the checks; every report writer reads it. */
#pragma once

#include "model.h"

G_BEGIN_DECLS

struct AuditConfig;

/* Open opportunities of one group (a stage, an owner, a segment, or all). */
typedef struct {
  char *key;    /* stage name, owner Id, segment name; "" for all */
  char *label;  /* what to show: the owner's name when known, else key */
  guint open;
  guint with_role;    /* at least one contact role */
  guint with_primary; /* a primary contact role */
  guint committee;    /* sum of committee sizes: distinct contacts with a non-blank Role */
} AuditCoverageRow;

typedef struct {
  AuditCoverageRow all;
  guint roles, blank_roles; /* contact roles of open opportunities, and those with a blank Role */
  gboolean primary_unknown; /* no IsPrimary column: with_primary is not known (0 in every row) */
  GArray *by_stage;   /* AuditCoverageRow, in the stage model's order, then unknown stages by name */
  GArray *by_owner;   /* AuditCoverageRow, by owner Id */
  GArray *by_segment; /* AuditCoverageRow, in the config's order; empty without [segments] */
  AuditCoverageRow no_segment; /* with [segments], those in none (no account, or its account in no segment):
                                  shown, not in findings.json (by_segment lists segments) */
} AuditCoverage;

/* One buying role on one side (won or lost). */
typedef struct {
  char *role;
  guint deals;      /* deals where a committee member holds it */
  guint holders;    /* (deal, contact) pairs holding it */
  guint activities; /* their activities within the 90 days up to the close date */
} AuditRoleStat;

typedef struct {
  char *title;  /* as first written */
  guint won, lost; /* deals with a committee member of this title (folded) */
} AuditPersona;

#define AUDIT_SENIORITY_LEVELS 6 /* AuditSeniority: NONE (no title) .. C_LEVEL */

typedef struct {
  guint deals;
  guint committee;        /* sum of committee sizes */
  guint members;          /* committee memberships (contact per deal) */
  guint seniority[AUDIT_SENIORITY_LEVELS]; /* memberships per level of the contact's title */
  guint engaged;          /* distinct committee contacts with an activity in the 90 days up to the close */
  guint engaged_members;  /* memberships with such an activity */
  GArray *roles;          /* AuditRoleStat, by role name */
} AuditSide;

typedef struct {
  char *segment; /* "" for all deals */
  AuditSide won, lost;
} AuditWinLossPart;

typedef struct {
  gint32 from, to;      /* the period: CloseDate within, both days included */
  GArray *parts;        /* AuditWinLossPart: [0] all deals, then one per configured segment */
  GPtrArray *roles;     /* every role name seen on either side, sorted (char*) */
  GArray *personas;     /* AuditPersona, every folded title seen; sorted by title */
  guint small_sample;   /* either side of all deals has fewer than this many deals: 20 */
  guint unreadable_close; /* closed deals left out: CloseDate blank or unreadable (record-invalid-value) */
} AuditWinLoss;

#define AUDIT_WIN_LOSS_ENGAGED_DAYS 90
#define AUDIT_WIN_LOSS_SMALL_SAMPLE 20

typedef struct AuditAnalytics {
  AuditCoverage coverage;
  AuditWinLoss win_loss;
  gboolean have_opportunities; /* Opportunity.csv and OpportunityContactRole.csv exported, with their links */
  char *why_not;               /* !have_opportunities: why ("Opportunity.csv is not in the export") */
} AuditAnalytics;

/* from/to: the win-loss period; AUDIT_DAY_NONE for the 365 days before as_of. */
AuditAnalytics *audit_analytics_compute(const AuditModel *m, const struct AuditConfig *cfg, gint32 as_of,
                                        gint32 from, gint32 to);
void audit_analytics_free(AuditAnalytics *a);

/* Personas present on one side and never on the other, most deals first:
 * won_only TRUE for those in won deals only. At most max. None when either
 * side has no deal (nothing to compare against). */
GPtrArray *audit_win_loss_personas(const AuditWinLoss *w, gboolean won_only, guint max);

/* A side's stat for a role, NULL when no deal on that side has it. */
const AuditRoleStat *audit_side_role(const AuditSide *s, const char *role);

G_END_DECLS
