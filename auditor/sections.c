/* The run's sections (section.h): what was inferred, the notices, and the
 * analytics (coverage, win-loss, the lead migration), as typed tables in
 * the order findings.json has them. The writers render them generically. */
#include "sections.h"
#include "analytics.h"
#include "day.h"
#include "migration.h"
#include "title.h"

#define PRIMARY_UNKNOWN "unknown (no IsPrimary column)"

static AuditSection *inferred_section(const AuditModel *m)
{
  AuditSection *s = audit_section_new("inferred", "Inferred from the export", NULL, AUDIT_SECTION_RUN);
  s->json = AUDIT_SECTION_JSON_BARE;
  static const AuditSectionColumn columns[] = {
    {"what", "Inferred"}, {"value", "Value"}, {"from", "From"}, {"override", "Override with"}, {0}};
  AuditSectionTable *t =
    audit_section_table(s, NULL, NULL, AUDIT_SHAPE_ARRAY, m->inferred->len ? s->title : NULL, columns);
  for (guint i = 0; i < m->inferred->len; i++) {
    const AuditInference *x = m->inferred->pdata[i];
    audit_section_row(t);
    audit_cell_text(s, t, x->what);
    audit_cell_text(s, t, x->value);
    audit_cell_text(s, t, x->from);
    if (x->override)
      audit_cell_text(s, t, x->override);
    else
      audit_cell_null(s, t, NULL);
  }
  return s;
}

static AuditSection *notices_section(const AuditModel *m)
{
  AuditSection *s = audit_section_new("notices", "Notices", NULL, AUDIT_SECTION_RUN);
  s->json = AUDIT_SECTION_JSON_BARE;
  static const AuditSectionColumn columns[] = {{"notice", "Notice"}, {0}};
  AuditSectionTable *t =
    audit_section_table(s, NULL, NULL, AUDIT_SHAPE_LIST, m->notices->len ? s->title : NULL, columns);
  for (guint i = 0; i < m->notices->len; i++) {
    audit_section_row(t);
    audit_cell_text(s, t, m->notices->pdata[i]);
  }
  return s;
}

/* ---- coverage ---- */

/* A group's figures, after its first column(s). */
static const AuditSectionColumn coverage_figures[] = {
  {"open", "Open"},
  {"with_contact_role", NULL},
  {"with_contact_role_share", "With a contact role", AUDIT_FORMAT_SHARE},
  {"with_primary", NULL},
  {"with_primary_share", "With a primary", AUDIT_FORMAT_SHARE},
  {"average_committee", "Average committee", AUDIT_FORMAT_AVERAGE},
};
#define COVERAGE_FIGURES G_N_ELEMENTS(coverage_figures)

static void coverage_cells(AuditSection *s, AuditSectionTable *t, const AuditCoverageRow *c, gboolean primary_unknown)
{
  audit_cell_int(t, c->open);
  audit_cell_int(t, c->with_role);
  audit_cell_ratio(t, c->with_role, c->open);
  if (primary_unknown) {
    audit_cell_null(s, t, PRIMARY_UNKNOWN);
    audit_cell_null(s, t, PRIMARY_UNKNOWN);
  } else {
    audit_cell_int(t, c->with_primary);
    audit_cell_ratio(t, c->with_primary, c->open);
  }
  audit_cell_ratio(t, c->committee, c->open);
}

/* A table of groups: first (and second) column, then the figures. */
static AuditSectionTable *coverage_table(AuditSection *s, const char *key, AuditShape shape, const char *title,
                                         const AuditSectionColumn *first, guint nfirst)
{
  AuditSectionColumn columns[2 + COVERAGE_FIGURES + 1] = {{0}};
  guint n = 0;
  for (guint i = 0; i < nfirst; i++)
    columns[n++] = first[i];
  for (guint i = 0; i < COVERAGE_FIGURES; i++)
    columns[n++] = coverage_figures[i];
  return audit_section_table(s, NULL, key, shape, title, columns);
}

static void coverage_groups(AuditSection *s, AuditSectionTable *t, GArray *rows, gboolean primary_unknown,
                            gboolean key_and_label)
{
  for (guint i = 0; i < rows->len; i++) {
    const AuditCoverageRow *x = &g_array_index(rows, AuditCoverageRow, i);
    audit_section_row(t);
    audit_cell_text(s, t, x->key);
    if (key_and_label)
      audit_cell_text(s, t, x->label);
    coverage_cells(s, t, x, primary_unknown);
  }
}

/* An analytics section without opportunities to read: skipped with the
 * reason (not a silent empty figure), hidden when there is none. */
static gboolean analytics_missing(AuditSection *s, const AuditAnalytics *a)
{
  if (a && a->have_opportunities)
    return FALSE;
  if (a && a->why_not)
    audit_section_skip(s, a->why_not);
  else
    s->hidden = TRUE;
  return TRUE;
}

static AuditSection *coverage_section(const AuditAnalytics *a)
{
  AuditSection *s = audit_section_new("coverage", "Contact-role coverage of open opportunities", "Coverage",
                                      AUDIT_SECTION_ANALYTICS);
  if (analytics_missing(s, a))
    return s;
  const AuditCoverage *c = &a->coverage;
  gboolean pu = c->primary_unknown;
  GString *lead = g_string_new(NULL);
  char share[32], primary[32], avg[32], blank[32];
#define SHARE(buf, x, y) ((y) ? (g_snprintf(buf, sizeof buf, "%.0f%%", 100.0 * (x) / (y)), buf) : "\xe2\x80\x94")
#define AVG(buf, x, y) ((y) ? (g_snprintf(buf, sizeof buf, "%.1f", (double)(x) / (y)), buf) : "\xe2\x80\x94")
  g_string_printf(lead, "Of **%u** open opportunities, **%s** have at least one contact role", c->all.open,
                  SHARE(share, c->all.with_role, c->all.open));
  if (pu)
    g_string_append(lead, " (the share with a primary is **" PRIMARY_UNKNOWN "**)");
  else
    g_string_append_printf(lead, " and **%s** a primary", SHARE(primary, c->all.with_primary, c->all.open));
  g_string_append_printf(lead, "; the average buying committee (contacts with a Role) is **%s**. %u of their %u "
                         "contact roles (%s) have no Role.", AVG(avg, c->all.committee, c->all.open), c->blank_roles,
                         c->roles, SHARE(blank, c->blank_roles, c->roles));
  audit_section_note(s, AUDIT_NOTE_LEAD, "%s", lead->str);
  g_string_free(lead, TRUE);

  /* all open opportunities, as a person reads them (shown only) */
  static const AuditSectionColumn measures[] = {{NULL, "Measure"}, {NULL, "Value"}, {0}};
  AuditSectionTable *all = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, "All open opportunities", measures);
#define MEASURE(what) (audit_section_row(all), audit_cell_text(s, all, what))
  MEASURE("Open opportunities");
  audit_cell_int(all, c->all.open);
  MEASURE("With a contact role");
  audit_cell_ratio_as(all, c->all.with_role, c->all.open, AUDIT_FORMAT_SHARE);
  MEASURE("With a primary contact role");
  if (pu)
    audit_cell_null(s, all, PRIMARY_UNKNOWN);
  else
    audit_cell_ratio_as(all, c->all.with_primary, c->all.open, AUDIT_FORMAT_SHARE);
  MEASURE("Average committee (contacts with a Role)");
  audit_cell_ratio_as(all, c->all.committee, c->all.open, AUDIT_FORMAT_AVERAGE);
  MEASURE("Their contact roles");
  audit_cell_int(all, c->roles);
  MEASURE("Contact roles with a blank Role");
  audit_cell_ratio_as(all, c->blank_roles, c->roles, AUDIT_FORMAT_SHARE);
#undef MEASURE

  /* all open opportunities: findings.json's top fields */
  AuditSectionTable *t = coverage_table(s, NULL, AUDIT_SHAPE_FIELDS, NULL, NULL, 0);
  audit_section_row(t);
  coverage_cells(s, t, &c->all, pu);
  if (pu) {
    static const AuditSectionColumn unknown[] = {{"with_primary_unknown", NULL}, {0}};
    t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_FIELDS, NULL, unknown);
    audit_section_row(t);
    audit_cell_text(s, t, "no IsPrimary column");
  }
  static const AuditSectionColumn roles[] = {
    {"contact_roles", NULL}, {"blank_role", NULL}, {"blank_role_share", NULL, AUDIT_FORMAT_SHARE}, {0}};
  t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_FIELDS, NULL, roles);
  audit_section_row(t);
  audit_cell_int(t, c->roles);
  audit_cell_int(t, c->blank_roles);
  audit_cell_ratio(t, c->blank_roles, c->roles);

  static const AuditSectionColumn stage[] = {{"stage", "Stage"}};
  t = coverage_table(s, "by_stage", AUDIT_SHAPE_ARRAY, "Per stage, in the stage model's order", stage, 1);
  coverage_groups(s, t, c->by_stage, pu, FALSE);
  if (c->by_stage->len)
    audit_section_chart(s, t, "Committee size by stage", 0, 6, 0, FALSE); /* is the committee growing as deals advance? */
  static const AuditSectionColumn owner[] = {{"owner", NULL}, {"name", "Owner"}};
  t = coverage_table(s, "by_owner", AUDIT_SHAPE_KEYED, "Per owner", owner, 2);
  coverage_groups(s, t, c->by_owner, pu, TRUE);
  /* per segment: findings.json's segments; shown, they and the open opportunities in none, so that
   * the rows add up to all */
  static const AuditSectionColumn segment[] = {{"segment", NULL}};
  t = coverage_table(s, "by_segment", AUDIT_SHAPE_KEYED, NULL, segment, 1);
  coverage_groups(s, t, c->by_segment, pu, FALSE);
  if (c->by_segment->len) {
    static const AuditSectionColumn shown[] = {{NULL, "Segment"}};
    t = coverage_table(s, NULL, AUDIT_SHAPE_NONE, "Per segment", shown, 1);
    coverage_groups(s, t, c->by_segment, pu, FALSE);
    if (c->no_segment.open) {
      audit_section_row(t);
      audit_cell_text(s, t, "(no segment)");
      coverage_cells(s, t, &c->no_segment, pu);
    }
  }
  return s;
}

/* ---- win-loss ---- */

/* A side (won or lost) under path. */
static void win_loss_side(AuditSection *s, const AuditWinLoss *wl, const AuditSide *d, const char *const *path)
{
  static const AuditSectionColumn head[] = {
    {"deals", NULL}, {"average_committee", NULL, AUDIT_FORMAT_AVERAGE}, {0}};
  AuditSectionTable *t = audit_section_table(s, path, NULL, AUDIT_SHAPE_FIELDS, NULL, head);
  audit_section_row(t);
  audit_cell_int(t, d->deals);
  audit_cell_ratio(t, d->committee, d->deals);
  static const AuditSectionColumn roles[] = {{"role", NULL},
                                             {"deals", NULL},
                                             {"share", NULL, AUDIT_FORMAT_SHARE},
                                             {"holders", NULL},
                                             {"average_activities", NULL, AUDIT_FORMAT_AVERAGE},
                                             {0}};
  t = audit_section_table(s, path, "roles", AUDIT_SHAPE_KEYED, NULL, roles);
  for (guint i = 0; i < wl->roles->len; i++) {
    const AuditRoleStat *st = audit_side_role(d, wl->roles->pdata[i]);
    audit_section_row(t);
    audit_cell_text(s, t, wl->roles->pdata[i]);
    audit_cell_int(t, st ? st->deals : 0);
    audit_cell_ratio(t, st ? st->deals : 0, d->deals);
    audit_cell_int(t, st ? st->holders : 0);
    if (st)
      audit_cell_ratio(t, st->activities, st->holders);
    else
      audit_cell_null(s, t, NULL);
  }
  static const AuditSectionColumn seniority[] = {{"level", NULL}, {"share", NULL, AUDIT_FORMAT_SHARE}, {0}};
  t = audit_section_table(s, path, "seniority", AUDIT_SHAPE_MAP, NULL, seniority);
  for (int lvl = AUDIT_SENIORITY_LEVELS - 1; lvl >= 0; lvl--) {
    audit_section_row(t);
    audit_cell_text(s, t, lvl ? audit_seniority_name((AuditSeniority)lvl) : "No title");
    audit_cell_ratio(t, d->seniority[lvl], d->members);
  }
  static const AuditSectionColumn tail[] = {{"committee_members", NULL},
                                            {"contacts_engaged", NULL},
                                            {"average_engaged_per_deal", NULL, AUDIT_FORMAT_AVERAGE},
                                            {0}};
  t = audit_section_table(s, path, NULL, AUDIT_SHAPE_FIELDS, NULL, tail);
  audit_section_row(t);
  audit_cell_int(t, d->members);
  audit_cell_int(t, d->engaged);
  audit_cell_ratio(t, d->engaged_members, d->deals);
}

static gboolean small(const AuditWinLoss *wl, const AuditWinLossPart *p)
{
  return p->won.deals < wl->small_sample || p->lost.deals < wl->small_sample;
}

/* What the reports show of win-loss (shown only): notes, then the sides of
 * all deals, the buying roles, seniority, personas, and the segments. */
static void win_loss_shown(AuditSection *s, const AuditWinLoss *w)
{
  const AuditWinLossPart *all = &g_array_index(w->parts, AuditWinLossPart, 0);
  const AuditSide *won = &all->won, *lost = &all->lost;
  char from[11], to[11];
  audit_day_format(w->from, from);
  audit_day_format(w->to, to);
  audit_section_note(s, AUDIT_NOTE_LEAD, "Deals closed from %s to %s: **%u won** and **%u lost**. Engagement counts "
                     "Task and Event rows with each contact in the %d days up to the close date.", from, to,
                     won->deals, lost->deals, AUDIT_WIN_LOSS_ENGAGED_DAYS);
  if (w->unreadable_close)
    audit_section_note(s, AUDIT_NOTE_WARNING, "**Left out:** %u closed deal%s without a readable CloseDate (see "
                       "record-invalid-value).", w->unreadable_close, w->unreadable_close == 1 ? "" : "s");
  if (!won->deals || !lost->deals)
    audit_section_note(s, AUDIT_NOTE_WARNING, "**Nothing to compare:** no %s deal closed in the period; choose "
                       "another with --period.", won->deals ? "lost" : "won");
  else if (won->deals < w->small_sample || lost->deals < w->small_sample)
    audit_section_note(s, AUDIT_NOTE_WARNING, "**Small sample:** fewer than %u deals on a side; read the differences "
                       "as hints, not findings.", w->small_sample);

  static const AuditSectionColumn sides[] = {{NULL, "Measure"}, {NULL, "Won"}, {NULL, "Lost"}, {0}};
  AuditSectionTable *t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, "Won and lost side by side", sides);
  audit_section_row(t);
  audit_cell_text(s, t, "Deals");
  audit_cell_int(t, won->deals);
  audit_cell_int(t, lost->deals);
  audit_section_row(t);
  audit_cell_text(s, t, "Average committee (contacts with a Role)");
  audit_cell_ratio_as(t, won->committee, won->deals, AUDIT_FORMAT_AVERAGE);
  audit_cell_ratio_as(t, lost->committee, lost->deals, AUDIT_FORMAT_AVERAGE);
  audit_section_row(t);
  audit_cell_text(s, t, "Distinct contacts engaged");
  audit_cell_int(t, won->engaged);
  audit_cell_int(t, lost->engaged);
  audit_section_row(t);
  audit_cell_text(s, t, "Average contacts engaged per deal");
  audit_cell_ratio_as(t, won->engaged_members, won->deals, AUDIT_FORMAT_AVERAGE);
  audit_cell_ratio_as(t, lost->engaged_members, lost->deals, AUDIT_FORMAT_AVERAGE);

  static const AuditSectionColumn roles[] = {{NULL, "Buying role"},
                                             {NULL, "Won: share of deals", AUDIT_FORMAT_SHARE},
                                             {NULL, "Lost: share of deals", AUDIT_FORMAT_SHARE},
                                             {NULL, "Won: activities per holder", AUDIT_FORMAT_AVERAGE},
                                             {NULL, "Lost: activities per holder", AUDIT_FORMAT_AVERAGE},
                                             {0}};
  t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, "Buying roles", roles);
  for (guint i = 0; i < w->roles->len; i++) {
    const AuditRoleStat *a = audit_side_role(won, w->roles->pdata[i]), *b = audit_side_role(lost, w->roles->pdata[i]);
    audit_section_row(t);
    audit_cell_text(s, t, w->roles->pdata[i]);
    audit_cell_ratio(t, a ? a->deals : 0, won->deals);
    audit_cell_ratio(t, b ? b->deals : 0, lost->deals);
    audit_cell_ratio(t, a ? a->activities : 0, a ? a->holders : 0);
    audit_cell_ratio(t, b ? b->activities : 0, b ? b->holders : 0);
  }
  if (w->roles->len && won->deals && lost->deals) /* a side with no deal has no share to chart */
    audit_section_chart(s, t, "Share of deals with each buying role, won vs lost", 0, 1, 2, TRUE);

  static const AuditSectionColumn levels[] = {{NULL, "Committee members by seniority"},
                                              {NULL, "Won", AUDIT_FORMAT_SHARE},
                                              {NULL, "Lost", AUDIT_FORMAT_SHARE},
                                              {0}};
  t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, "Seniority", levels);
  for (int lvl = AUDIT_SENIORITY_LEVELS - 1; lvl >= 0; lvl--) {
    audit_section_row(t);
    audit_cell_text(s, t, lvl ? audit_seniority_name((AuditSeniority)lvl) : "no title");
    audit_cell_ratio(t, won->seniority[lvl], won->members);
    audit_cell_ratio(t, lost->seniority[lvl], lost->members);
  }
  for (int side = 1; side >= 0; side--) {
    const AuditSectionColumn persona[] = {
      {NULL, side ? "Titles in won deals only (personas to prospect)" : "Titles in lost deals only"},
      {NULL, "Deals"},
      {0}};
    t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, side ? "Personas won" : "Personas lost", persona);
    GPtrArray *ps = audit_win_loss_personas(w, side, 25);
    for (guint i = 0; i < ps->len; i++) {
      const AuditPersona *p = ps->pdata[i];
      audit_section_row(t);
      audit_cell_text(s, t, p->title);
      audit_cell_int(t, side ? p->won : p->lost);
    }
    g_ptr_array_unref(ps);
  }
  if (w->parts->len > 1) {
    static const AuditSectionColumn seg[] = {{NULL, "Segment"},
                                             {NULL, "Won"},
                                             {NULL, "Lost"},
                                             {NULL, "Average committee, won", AUDIT_FORMAT_AVERAGE},
                                             {NULL, "Average committee, lost", AUDIT_FORMAT_AVERAGE},
                                             {0}};
    t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, "Per segment", seg);
    for (guint p = 1; p < w->parts->len; p++) {
      const AuditWinLossPart *part = &g_array_index(w->parts, AuditWinLossPart, p);
      audit_section_row(t);
      audit_cell_text(s, t, part->segment);
      audit_cell_int(t, part->won.deals);
      audit_cell_int(t, part->lost.deals);
      audit_cell_ratio(t, part->won.committee, part->won.deals);
      audit_cell_ratio(t, part->lost.committee, part->lost.deals);
    }
  }
}

static AuditSection *win_loss_section(const AuditAnalytics *a)
{
  AuditSection *s = audit_section_new("win_loss", "Win-loss buying committee", "Win-Loss", AUDIT_SECTION_ANALYTICS);
  if (analytics_missing(s, a))
    return s;
  const AuditWinLoss *wl = &a->win_loss;
  const AuditWinLossPart *all = &g_array_index(wl->parts, AuditWinLossPart, 0);
  static const char *const period_path[] = {"period", NULL};
  static const AuditSectionColumn period[] = {{"from", NULL}, {"to", NULL}, {0}};
  AuditSectionTable *t = audit_section_table(s, period_path, NULL, AUDIT_SHAPE_FIELDS, NULL, period);
  audit_section_row(t);
  audit_cell_day(t, wl->from);
  audit_cell_day(t, wl->to);
  static const AuditSectionColumn head[] = {
    {"engaged_days", NULL}, {"closed_without_close_date", NULL}, {"small_sample", NULL}, {0}};
  t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_FIELDS, NULL, head);
  audit_section_row(t);
  audit_cell_int(t, AUDIT_WIN_LOSS_ENGAGED_DAYS);
  audit_cell_int(t, wl->unreadable_close);
  audit_cell_bool(t, small(wl, all));
  static const AuditSectionColumn roles[] = {{"role", NULL}, {0}};
  t = audit_section_table(s, NULL, "roles", AUDIT_SHAPE_LIST, NULL, roles);
  for (guint i = 0; i < wl->roles->len; i++) {
    audit_section_row(t);
    audit_cell_text(s, t, wl->roles->pdata[i]);
  }
  static const char *const won_path[] = {"won", NULL}, *const lost_path[] = {"lost", NULL};
  win_loss_side(s, wl, &all->won, won_path);
  win_loss_side(s, wl, &all->lost, lost_path);
  for (int won = 1; won >= 0; won--) {
    static const AuditSectionColumn persona[] = {{"title", NULL}, {"deals", NULL}, {0}};
    t = audit_section_table(s, NULL, won ? "personas_won_only" : "personas_lost_only", AUDIT_SHAPE_ARRAY, NULL,
                            persona);
    GPtrArray *ps = audit_win_loss_personas(wl, won, 25);
    for (guint i = 0; i < ps->len; i++) {
      const AuditPersona *p = ps->pdata[i];
      audit_section_row(t);
      audit_cell_text(s, t, p->title);
      audit_cell_int(t, won ? p->won : p->lost);
    }
    g_ptr_array_unref(ps);
  }
  audit_section_table(s, NULL, "by_segment", AUDIT_SHAPE_OBJECT, NULL, NULL);
  for (guint p = 1; p < wl->parts->len; p++) {
    const AuditWinLossPart *part = &g_array_index(wl->parts, AuditWinLossPart, p);
    const char *path[] = {"by_segment", part->segment, NULL, NULL};
    static const AuditSectionColumn flag[] = {{"small_sample", NULL}, {0}};
    t = audit_section_table(s, path, NULL, AUDIT_SHAPE_FIELDS, NULL, flag);
    audit_section_row(t);
    audit_cell_bool(t, small(wl, part));
    path[2] = "won";
    win_loss_side(s, wl, &part->won, path);
    path[2] = "lost";
    win_loss_side(s, wl, &part->lost, path);
  }
  win_loss_shown(s, wl);
  return s;
}

/* ---- the lead migration ---- */

static AuditSection *migration_section(const AuditResult *r)
{
  const AuditMigration *mg = r->migration;
  AuditSection *s = audit_section_new("migration", "Lead migration (contacts-only CRM)", NULL, AUDIT_SECTION_SUMMARY);
  if (!mg) {
    /* Lead.csv not exported or no lead check ran */
    s->json = AUDIT_SECTION_JSON_NULL;
    s->hidden = TRUE;
    return s;
  }
  static const AuditSectionColumn head[] = {{"unconverted_leads", NULL}, {0}};
  AuditSectionTable *t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_FIELDS, NULL, head);
  audit_section_row(t);
  audit_cell_int(t, mg->unconverted);
  static const AuditSectionColumn outcome[] = {{"outcome", NULL}, {"leads", NULL}, {0}};
  t = audit_section_table(s, NULL, "outcomes", AUDIT_SHAPE_MAP, NULL, outcome);
  /* shown: the outcome's key names the row (report.html's data-outcome) */
  static const AuditSectionColumn shown[] = {{"outcome", NULL}, {NULL, "Unconverted leads"}, {NULL, "Leads"}, {0}};
  g_autofree char *caption = g_strdup_printf("What becomes of the %u unconverted leads", mg->unconverted);
  AuditSectionTable *what = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE, caption, shown);
  audit_section_row(what);
  audit_cell_text(s, what, "");
  audit_cell_text(s, what, "all unconverted");
  audit_cell_int(what, mg->unconverted);
  static const char *const class_text[AUDIT_MIGRATION_CLASSES] = {
    "no-company: keep as lead until the company is known", "excluded: keep as lead", "spam: purge",
    "competitor: tag and keep", "grey: review quarterly"};
  const struct {
    const char *key, *what;
    guint n;
  } rows[] = {
    {"convert_existing_account", "convert to an existing account", mg->convert_existing},
    {"ambiguous_account", "matching several unrelated accounts: choose", mg->ambiguous},
    {"convert_new_account", "convert with a new account (engaged)", mg->convert_new},
    {"merged_duplicate", "merge into another lead (lead-duplicate): not converted", mg->duplicates},
  };
  for (guint i = 0; i < G_N_ELEMENTS(rows); i++) {
    audit_section_row(t);
    audit_cell_text(s, t, rows[i].key);
    audit_cell_int(t, rows[i].n);
    audit_section_row(what);
    audit_cell_text(s, what, rows[i].key);
    audit_cell_text(s, what, rows[i].what);
    audit_cell_int(what, rows[i].n);
  }
  for (guint c = 0; c < AUDIT_MIGRATION_CLASSES; c++) {
    audit_section_row(t);
    audit_cell_text(s, t, audit_migration_classes[c]);
    audit_cell_int(t, mg->classes[c]);
    audit_section_row(what);
    audit_cell_text(s, what, audit_migration_classes[c]);
    audit_cell_text(s, what, class_text[c]);
    audit_cell_int(what, mg->classes[c]);
  }
  static const AuditSectionColumn engaged[] = {{"engaged", NULL}, {0}};
  t = audit_section_table(s, NULL, NULL, AUDIT_SHAPE_FIELDS, NULL, engaged);
  audit_section_row(t);
  audit_cell_int(t, mg->engaged);
  audit_section_row(what);
  audit_cell_text(s, what, "engaged");
  audit_cell_text(s, what, "engaged (an activity in lead-engaged's window)");
  audit_cell_int(what, mg->engaged);
  static const AuditSectionColumn ran[] = {{"check", NULL}, {0}};
  t = audit_section_table(s, NULL, "checks_ran", AUDIT_SHAPE_LIST, NULL, ran);
  for (guint i = 0; i < G_N_ELEMENTS(mg->checks_ran) && mg->checks_ran[i]; i++) {
    audit_section_row(t);
    audit_cell_text(s, t, mg->checks_ran[i]);
  }
  static const AuditSectionColumn top[] = {{"account", NULL}, {"name", NULL}, {"leads", NULL}, {0}};
  t = audit_section_table(s, NULL, "top_accounts", AUDIT_SHAPE_ARRAY, NULL, top);
  static const AuditSectionColumn top_shown[] = {
    {NULL, "Accounts receiving the most conversions"}, {NULL, "Leads"}, {NULL, "Account Id"}, {0}};
  AuditSectionTable *most = mg->top_accounts->len ? audit_section_table(s, NULL, NULL, AUDIT_SHAPE_NONE,
                                                                        "Lead migration: top accounts", top_shown)
                                                  : NULL;
  const AuditTable *acc = &r->model->tables[AUDIT_OBJ_ACCOUNT];
  for (guint i = 0; i < mg->top_accounts->len; i++) {
    const AuditMigrationAccount *x = &g_array_index(mg->top_accounts, AuditMigrationAccount, i);
    const char *id = audit_id(acc, (guint)x->account), *name = audit_text(acc, (guint)x->account, ACCOUNT_NAME);
    audit_section_row(t);
    audit_cell_text(s, t, id);
    audit_cell_text(s, t, name);
    audit_cell_int(t, x->leads);
    audit_section_row(most);
    audit_cell_text(s, most, name);
    audit_cell_int(most, x->leads);
    audit_cell_text(s, most, id);
  }
  return s;
}

void audit_result_sections(AuditResult *r)
{
  if (r->sections)
    g_ptr_array_unref(r->sections);
  r->sections = g_ptr_array_new_with_free_func((GDestroyNotify)audit_section_free);
  g_ptr_array_add(r->sections, inferred_section(r->model));
  g_ptr_array_add(r->sections, notices_section(r->model));
  g_ptr_array_add(r->sections, coverage_section(r->analytics));
  g_ptr_array_add(r->sections, win_loss_section(r->analytics));
  g_ptr_array_add(r->sections, migration_section(r));
}
