/* findings.json, exactly as INTERFACE.md; deterministic. */
#include "analytics.h"
#include "baseline.h"
#include "json-writer.h"
#include "migration.h"
#include "normalize.h"
#include "registry.h"
#include "reports.h"

#include <math.h>
#include <string.h>

static void write_scalar(AuditJson *w, const AuditValue *v, guint digits, GString *buf)
{
  switch (v->type) {
  case AUDIT_VAL_STR:
    audit_json_string(w, v->s);
    break;
  case AUDIT_VAL_INT:
    audit_json_int(w, v->i);
    break;
  case AUDIT_VAL_NUM:
    if (digits)
      audit_json_fixed(w, v->d, digits);
    else
      audit_json_double(w, v->d);
    break;
  case AUDIT_VAL_BOOL:
    audit_json_bool(w, v->i != 0);
    break;
  case AUDIT_VAL_NULL:
    audit_json_null(w);
    break;
  case AUDIT_VAL_WORDS:
    audit_json_begin_array(w);
    for (guint i = 0; i < v->i; i++)
      audit_json_string(w, audit_words_nth(v, i, buf));
    audit_json_end_array(w);
    break;
  case AUDIT_VAL_ROWS:
    g_return_if_reached(); /* write_value's */
  }
}

/* A value under its key; evidence rows as an array of objects, a row's
 * cells under their columns' names. */
static void write_value(AuditJson *w, const AuditSink *s, const AuditValue *v)
{
  audit_json_key(w, v->key);
  if (v->type != AUDIT_VAL_ROWS) {
    write_scalar(w, v, 0, NULL);
    return;
  }
  const AuditRows *rows = audit_value_rows(s, v);
  g_autoptr(GString) buf = g_string_new(NULL);
  audit_json_begin_array(w);
  for (guint r = 0; r < rows->nrows; r++) {
    audit_json_begin_object(w);
    for (guint c = 0; c < rows->ncols; c++) {
      audit_json_key(w, rows->columns[c].name);
      write_scalar(w, audit_rows_cell(s, rows, r, c), rows->columns[c].digits, buf);
    }
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
}

static void write_input(AuditJson *w, const AuditModel *m)
{
  audit_json_key(w, "input");
  audit_json_begin_object(w);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    audit_json_key(w, t->name);
    audit_json_begin_object(w);
    audit_json_key(w, "file");
    if (t->present)
      audit_json_string(w, t->file);
    else
      audit_json_null(w);
    audit_json_key(w, "rows");
    audit_json_int(w, t->nrows);
    if (t->present) {
      audit_json_key(w, "deleted_rows_skipped");
      audit_json_int(w, t->rows_deleted);
      audit_json_key(w, "blank_rows_skipped");
      audit_json_int(w, t->rows_blank);
      audit_json_key(w, "encoding");
      audit_json_string(w, t->encoding);
      if (t->control_dropped) {
        /* NULs and other control bytes dropped, per column */
        audit_json_key(w, "control_bytes_dropped");
        audit_json_begin_object(w);
        for (guint c = 0; c < t->ncols; c++)
          if (t->control_dropped[c]) {
            audit_json_key(w, t->columns[c]);
            audit_json_int(w, t->control_dropped[c]);
          }
        audit_json_end_object(w);
      }
    }
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
}

/* What was inferred from the export, and the warnings about it. */
static void write_notes(AuditJson *w, const AuditModel *m)
{
  audit_json_key(w, "inferred");
  audit_json_begin_array(w);
  for (guint i = 0; i < m->inferred->len; i++) {
    const AuditInference *x = m->inferred->pdata[i];
    audit_json_begin_object(w);
    audit_json_key(w, "what");
    audit_json_string(w, x->what);
    audit_json_key(w, "value");
    audit_json_string(w, x->value);
    audit_json_key(w, "from");
    audit_json_string(w, x->from);
    audit_json_key(w, "override");
    if (x->override)
      audit_json_string(w, x->override);
    else
      audit_json_null(w);
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
  audit_json_key(w, "notices");
  audit_json_begin_array(w);
  for (guint i = 0; i < m->notices->len; i++)
    audit_json_string(w, m->notices->pdata[i]);
  audit_json_end_array(w);
}

static void write_option(const char *key, const char *value, gpointer user)
{
  audit_json_key(user, key);
  audit_json_string(user, value);
}

static void write_checks(AuditJson *w, const AuditResult *r)
{
  audit_json_key(w, "checks");
  audit_json_begin_array(w);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditCheck *c = audit_registry[i];
    audit_json_begin_object(w);
    audit_json_key(w, "id");
    audit_json_string(w, c->id);
    audit_json_key(w, "severity");
    audit_json_string(w, audit_severity_name(r->config->checks[i].severity));
    audit_json_key(w, "title");
    audit_json_string(w, c->title);
    /* its effective settings: with --baseline, a check whose settings changed is not comparable */
    audit_json_key(w, "options");
    audit_json_begin_object(w);
    audit_check_identity_foreach(r->config, i, write_option, w);
    audit_json_end_object(w);
    audit_json_key(w, "status");
    if (r->sinks[i]) {
      audit_json_string(w, "ran");
      audit_json_key(w, "findings");
      audit_json_int(w, audit_sink_count(r->sinks[i]));
      if (r->sinks[i]->stats->len) {
        audit_json_key(w, "stats");
        audit_json_begin_object(w);
        for (guint k = 0; k < r->sinks[i]->stats->len; k++)
          write_value(w, r->sinks[i], &g_array_index(r->sinks[i]->stats, AuditValue, k));
        audit_json_end_object(w);
      }
    } else {
      audit_json_string(w, "skipped");
      audit_json_key(w, "reason");
      audit_json_string(w, r->skip_reasons[i]);
    }
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
}

static void write_finding(AuditJson *w, const AuditModel *m, const AuditSink *s, const AuditFinding *f)
{
  audit_json_begin_object(w);
  audit_json_key(w, "check");
  audit_json_string(w, s->check->id);
  audit_json_key(w, "severity");
  audit_json_string(w, audit_severity_name(f->severity));
  audit_json_key(w, "object");
  audit_json_string(w, audit_object_name(f->object));
  audit_json_key(w, "record");
  audit_json_string(w, audit_finding_record_id(s, f));
  audit_json_key(w, "related");
  audit_json_begin_array(w);
  for (guint i = 0; i < f->rel_n; i++)
    audit_json_string(w, audit_ref_id(m, audit_finding_related(s, f, i)));
  audit_json_end_array(w);
  audit_json_key(w, "owner");
  const char *owner = f->row >= 0 ? audit_record_owner(m, f->object, (guint)f->row) : "";
  if (*owner)
    audit_json_string(w, owner);
  else
    audit_json_null(w);
  audit_json_key(w, "message");
  audit_json_string(w, f->message);
  audit_json_key(w, "evidence");
  audit_json_begin_object(w);
  for (guint i = 0; i < f->ev_n; i++)
    write_value(w, s, audit_finding_evidence(s, f, i));
  audit_json_end_object(w);
  audit_json_key(w, "fix");
  if (!f->fix_text && !f->fix_action) {
    audit_json_null(w);
  } else {
    audit_json_begin_object(w);
    if (f->fix_action) {
      audit_json_key(w, "action");
      audit_json_string(w, f->fix_action);
    }
    for (guint i = 0; i < f->fix_n; i++)
      write_value(w, s, audit_finding_fix(s, f, i));
    if (f->fix_text) {
      audit_json_key(w, "text");
      audit_json_string(w, f->fix_text);
    }
    audit_json_end_object(w);
  }
  audit_json_key(w, "fingerprint");
  audit_json_string(w, f->fingerprint);
  if (f->trend) {
    audit_json_key(w, "baseline");
    audit_json_string(w, f->trend == AUDIT_TREND_NEW ? "new" : "persisting");
  }
  audit_json_end_object(w);
}

static void write_trend(AuditJson *w, const AuditTrend *t)
{
  audit_json_begin_object(w);
  audit_json_key(w, "new");
  audit_json_int(w, t->new_);
  audit_json_key(w, "persisting");
  audit_json_int(w, t->persisting);
  audit_json_key(w, "fixed");
  audit_json_int(w, t->fixed);
  audit_json_key(w, "gone");
  audit_json_int(w, t->gone);
  audit_json_key(w, "aged_out");
  audit_json_int(w, t->aged);
  audit_json_end_object(w);
}

static void write_summary(AuditJson *w, const AuditResult *r)
{
  audit_json_key(w, "summary");
  audit_json_begin_object(w);

  audit_json_key(w, "by_severity");
  audit_json_begin_object(w);
  for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
    audit_json_key(w, audit_severity_name((AuditSeverity)s));
    audit_json_int(w, r->counts[s]);
  }
  audit_json_end_object(w);

  audit_json_key(w, "by_check");
  audit_json_begin_object(w);
  for (guint i = 0; i < audit_registry_size; i++)
    if (r->sinks[i] && audit_sink_count(r->sinks[i])) {
      audit_json_key(w, audit_registry[i]->id);
      audit_json_int(w, audit_sink_count(r->sinks[i]));
    }
  audit_json_end_object(w);

  /* per owner, sorted by owner Id; findings without an owner under "" */
  audit_json_key(w, "by_owner");
  audit_json_begin_object(w);
  for (guint i = 0; i < r->owners->len; i++) {
    const AuditOwnerCount *c = &g_array_index(r->owners, AuditOwnerCount, i);
    audit_json_key(w, c->owner);
    audit_json_begin_object(w);
    audit_json_key(w, "name");
    if (c->name)
      audit_json_string(w, c->name);
    else
      audit_json_null(w);
    for (int s = AUDIT_SEV_COUNT - 1; s >= 0; s--) {
      audit_json_key(w, audit_severity_name((AuditSeverity)s));
      audit_json_int(w, c->n[s]);
    }
    audit_json_key(w, "total");
    audit_json_int(w, c->total);
    audit_json_key(w, "active");
    if (c->active < 0)
      audit_json_null(w);
    else
      audit_json_bool(w, c->active == 1);
    audit_json_key(w, "by_check");
    audit_json_begin_object(w);
    for (guint k = 0; k < audit_registry_size; k++)
      if (c->by_check[k]) {
        audit_json_key(w, audit_registry[k]->id);
        audit_json_int(w, c->by_check[k]);
      }
    audit_json_end_object(w);
    if (r->baseline) {
      audit_json_key(w, "trend");
      write_trend(w, &c->trend);
    }
    audit_json_end_object(w);
  }
  audit_json_end_object(w);

  /* against --baseline: new, persisting and fixed, in all and per check that ran */
  if (r->baseline) {
    audit_json_key(w, "trend");
    audit_json_begin_object(w);
    audit_json_key(w, "baseline");
    audit_json_string(w, audit_baseline_path(r->baseline));
    audit_json_key(w, "total");
    write_trend(w, &r->trend);
    audit_json_key(w, "by_check");
    audit_json_begin_object(w);
    for (guint i = 0; i < audit_registry_size; i++) {
      const AuditTrend *t = &r->trend_checks[i];
      if (r->sinks[i] && (t->new_ || t->persisting || t->fixed || t->gone || t->aged)) {
        audit_json_key(w, audit_registry[i]->id);
        write_trend(w, t);
      }
    }
    audit_json_end_object(w);
    /* the baseline's findings not reported now, each with why: fixed, gone (with its record), aged out */
    audit_json_key(w, "not_reported_now");
    audit_json_begin_array(w);
    for (guint i = 0; i < r->gone->len; i++) {
      const AuditGoneFinding *g = &g_array_index(r->gone, AuditGoneFinding, i);
      audit_json_begin_object(w);
      audit_json_key(w, "check");
      audit_json_string(w, g->f.check);
      audit_json_key(w, "object");
      audit_json_string(w, g->f.object);
      audit_json_key(w, "record");
      audit_json_string(w, g->f.record);
      audit_json_key(w, "owner");
      if (*g->f.owner)
        audit_json_string(w, g->f.owner);
      else
        audit_json_null(w);
      audit_json_key(w, "message");
      audit_json_string(w, g->f.message);
      audit_json_key(w, "as");
      audit_json_string(w, g->as);
      audit_json_end_object(w);
    }
    audit_json_end_array(w);
    /* the checks whose settings changed since: their findings are neither new nor fixed */
    audit_json_key(w, "not_comparable");
    audit_json_begin_array(w);
    for (guint i = 0; i < audit_registry_size; i++) {
      GPtrArray *ch = r->not_comparable[i];
      if (!ch)
        continue;
      audit_json_begin_object(w);
      audit_json_key(w, "check");
      audit_json_string(w, audit_registry[i]->id);
      audit_json_key(w, "findings");
      audit_json_int(w, audit_sink_count(r->sinks[i]));
      audit_json_key(w, "changed");
      audit_json_begin_array(w);
      for (guint k = 0; k < ch->len; k++) {
        const AuditOptionChange *c = ch->pdata[k];
        audit_json_begin_object(w);
        audit_json_key(w, "option");
        audit_json_string(w, c->option);
        audit_json_key(w, "was");
        if (c->was)
          audit_json_string(w, c->was);
        else
          audit_json_null(w);
        audit_json_key(w, "now");
        if (c->now)
          audit_json_string(w, c->now);
        else
          audit_json_null(w);
        audit_json_end_object(w);
      }
      audit_json_end_array(w);
      audit_json_end_object(w);
    }
    audit_json_end_array(w);
    audit_json_end_object(w);
  }
  /* --previous: the last export's contacts, and those gone since */
  if (r->previous_contacts >= 0) {
    audit_json_key(w, "previous");
    audit_json_begin_object(w);
    audit_json_key(w, "contacts");
    audit_json_int(w, r->previous_contacts);
    audit_json_key(w, "contacts_gone");
    audit_json_int(w, r->previous_gone);
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
}

/* ---- analytics.migration (the lead checks) ---- */

static void count(AuditJson *w, const char *key, guint n)
{
  audit_json_key(w, key);
  audit_json_int(w, n);
}

/* What becomes of the unconverted leads; null when Lead.csv was not exported
 * or no lead check ran. */
static void write_migration(AuditJson *w, const AuditResult *r)
{
  const AuditMigration *mg = r->migration;
  audit_json_key(w, "migration");
  if (!mg) {
    audit_json_null(w);
    return;
  }
  audit_json_begin_object(w);
  count(w, "unconverted_leads", mg->unconverted);
  audit_json_key(w, "outcomes");
  audit_json_begin_object(w);
  count(w, "convert_existing_account", mg->convert_existing);
  count(w, "ambiguous_account", mg->ambiguous);
  count(w, "convert_new_account", mg->convert_new);
  for (guint c = 0; c < AUDIT_MIGRATION_CLASSES; c++)
    count(w, audit_migration_classes[c], mg->classes[c]);
  audit_json_end_object(w);
  count(w, "engaged", mg->engaged);
  audit_json_key(w, "checks_ran");
  audit_json_begin_array(w);
  for (guint i = 0; i < G_N_ELEMENTS(mg->checks_ran) && mg->checks_ran[i]; i++)
    audit_json_string(w, mg->checks_ran[i]);
  audit_json_end_array(w);
  audit_json_key(w, "top_accounts");
  audit_json_begin_array(w);
  const AuditTable *acc = &r->model->tables[AUDIT_OBJ_ACCOUNT];
  for (guint i = 0; i < mg->top_accounts->len; i++) {
    const AuditMigrationAccount *a = &g_array_index(mg->top_accounts, AuditMigrationAccount, i);
    audit_json_begin_object(w);
    audit_json_key(w, "account");
    audit_json_string(w, audit_id(acc, (guint)a->account));
    audit_json_key(w, "name");
    audit_json_string(w, audit_text(acc, (guint)a->account, ACCOUNT_NAME));
    count(w, "leads", a->leads);
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
  audit_json_end_object(w);
}

/* ---- analytics ---- */

static double ratio(guint a, guint b)
{
  return b ? round(10000.0 * a / b) / 10000.0 : NAN; /* NAN is written as null */
}

/* primary_unknown: the export has no IsPrimary column, the share is null. */
static void write_coverage_row(AuditJson *w, const AuditCoverageRow *c, gboolean primary_unknown)
{
  audit_json_key(w, "open");
  audit_json_int(w, c->open);
  audit_json_key(w, "with_contact_role");
  audit_json_int(w, c->with_role);
  audit_json_key(w, "with_contact_role_share");
  audit_json_double(w, ratio(c->with_role, c->open));
  audit_json_key(w, "with_primary");
  if (primary_unknown)
    audit_json_null(w);
  else
    audit_json_int(w, c->with_primary);
  audit_json_key(w, "with_primary_share");
  audit_json_double(w, primary_unknown ? NAN : ratio(c->with_primary, c->open));
  audit_json_key(w, "average_committee");
  audit_json_double(w, ratio(c->committee, c->open));
}

static void write_coverage(AuditJson *w, const AuditCoverage *c)
{
  audit_json_begin_object(w);
  write_coverage_row(w, &c->all, c->primary_unknown);
  if (c->primary_unknown) {
    audit_json_key(w, "with_primary_unknown");
    audit_json_string(w, "no IsPrimary column");
  }
  audit_json_key(w, "contact_roles");
  audit_json_int(w, c->roles);
  audit_json_key(w, "blank_role");
  audit_json_int(w, c->blank_roles);
  audit_json_key(w, "blank_role_share");
  audit_json_double(w, ratio(c->blank_roles, c->roles));
  audit_json_key(w, "by_stage");
  audit_json_begin_array(w);
  for (guint i = 0; i < c->by_stage->len; i++) {
    const AuditCoverageRow *x = &g_array_index(c->by_stage, AuditCoverageRow, i);
    audit_json_begin_object(w);
    audit_json_key(w, "stage");
    audit_json_string(w, x->key);
    write_coverage_row(w, x, c->primary_unknown);
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
  audit_json_key(w, "by_owner");
  audit_json_begin_object(w);
  for (guint i = 0; i < c->by_owner->len; i++) {
    const AuditCoverageRow *x = &g_array_index(c->by_owner, AuditCoverageRow, i);
    audit_json_key(w, x->key);
    audit_json_begin_object(w);
    audit_json_key(w, "name");
    audit_json_string(w, x->label);
    write_coverage_row(w, x, c->primary_unknown);
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
  audit_json_key(w, "by_segment");
  audit_json_begin_object(w);
  for (guint i = 0; i < c->by_segment->len; i++) {
    const AuditCoverageRow *x = &g_array_index(c->by_segment, AuditCoverageRow, i);
    audit_json_key(w, x->key);
    audit_json_begin_object(w);
    write_coverage_row(w, x, c->primary_unknown);
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
  audit_json_end_object(w);
}

static void write_side(AuditJson *w, const AuditWinLoss *wl, const AuditSide *s)
{
  audit_json_begin_object(w);
  audit_json_key(w, "deals");
  audit_json_int(w, s->deals);
  audit_json_key(w, "average_committee");
  audit_json_double(w, ratio(s->committee, s->deals));
  audit_json_key(w, "roles");
  audit_json_begin_object(w);
  for (guint i = 0; i < wl->roles->len; i++) {
    const AuditRoleStat *st = audit_side_role(s, wl->roles->pdata[i]);
    audit_json_key(w, wl->roles->pdata[i]);
    audit_json_begin_object(w);
    audit_json_key(w, "deals");
    audit_json_int(w, st ? st->deals : 0);
    audit_json_key(w, "share");
    audit_json_double(w, ratio(st ? st->deals : 0, s->deals));
    audit_json_key(w, "holders");
    audit_json_int(w, st ? st->holders : 0);
    audit_json_key(w, "average_activities");
    audit_json_double(w, st ? ratio(st->activities, st->holders) : NAN);
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
  audit_json_key(w, "seniority");
  audit_json_begin_object(w);
  for (int lvl = AUDIT_SENIORITY_LEVELS - 1; lvl >= 0; lvl--) {
    const char *name = lvl ? audit_seniority_name((AuditSeniority)lvl) : "No title";
    audit_json_key(w, name);
    audit_json_double(w, ratio(s->seniority[lvl], s->members));
  }
  audit_json_end_object(w);
  audit_json_key(w, "committee_members");
  audit_json_int(w, s->members);
  audit_json_key(w, "contacts_engaged");
  audit_json_int(w, s->engaged);
  audit_json_key(w, "average_engaged_per_deal");
  audit_json_double(w, ratio(s->engaged_members, s->deals));
  audit_json_end_object(w);
}

static void write_personas(AuditJson *w, const AuditWinLoss *wl, gboolean won)
{
  GPtrArray *ps = audit_win_loss_personas(wl, won, 25);
  audit_json_begin_array(w);
  for (guint i = 0; i < ps->len; i++) {
    const AuditPersona *p = ps->pdata[i];
    audit_json_begin_object(w);
    audit_json_key(w, "title");
    audit_json_string(w, p->title);
    audit_json_key(w, "deals");
    audit_json_int(w, won ? p->won : p->lost);
    audit_json_end_object(w);
  }
  audit_json_end_array(w);
  g_ptr_array_unref(ps);
}

static void write_win_loss(AuditJson *w, const AuditWinLoss *wl)
{
  char day[11];
  audit_json_begin_object(w);
  audit_json_key(w, "period");
  audit_json_begin_object(w);
  audit_json_key(w, "from");
  audit_day_format(wl->from, day);
  audit_json_string(w, day);
  audit_json_key(w, "to");
  audit_day_format(wl->to, day);
  audit_json_string(w, day);
  audit_json_end_object(w);
  audit_json_key(w, "engaged_days");
  audit_json_int(w, AUDIT_WIN_LOSS_ENGAGED_DAYS);
  audit_json_key(w, "closed_without_close_date");
  audit_json_int(w, wl->unreadable_close);
  const AuditWinLossPart *all = &g_array_index(wl->parts, AuditWinLossPart, 0);
  audit_json_key(w, "small_sample");
  audit_json_bool(w, all->won.deals < wl->small_sample || all->lost.deals < wl->small_sample);
  audit_json_key(w, "roles");
  audit_json_begin_array(w);
  for (guint i = 0; i < wl->roles->len; i++)
    audit_json_string(w, wl->roles->pdata[i]);
  audit_json_end_array(w);
  audit_json_key(w, "won");
  write_side(w, wl, &all->won);
  audit_json_key(w, "lost");
  write_side(w, wl, &all->lost);
  audit_json_key(w, "personas_won_only");
  write_personas(w, wl, TRUE);
  audit_json_key(w, "personas_lost_only");
  write_personas(w, wl, FALSE);
  audit_json_key(w, "by_segment");
  audit_json_begin_object(w);
  for (guint p = 1; p < wl->parts->len; p++) {
    const AuditWinLossPart *part = &g_array_index(wl->parts, AuditWinLossPart, p);
    audit_json_key(w, part->segment);
    audit_json_begin_object(w);
    audit_json_key(w, "small_sample");
    audit_json_bool(w, part->won.deals < wl->small_sample || part->lost.deals < wl->small_sample);
    audit_json_key(w, "won");
    write_side(w, wl, &part->won);
    audit_json_key(w, "lost");
    write_side(w, wl, &part->lost);
    audit_json_end_object(w);
  }
  audit_json_end_object(w);
  audit_json_end_object(w);
}

static void write_analytics(AuditJson *w, const AuditResult *r)
{
  const AuditAnalytics *a = r->analytics;
  audit_json_key(w, "analytics");
  audit_json_begin_object(w);
  for (int k = 0; k < 2; k++) {
    audit_json_key(w, k ? "win_loss" : "coverage");
    if (a && a->have_opportunities) {
      if (k)
        write_win_loss(w, &a->win_loss);
      else
        write_coverage(w, &a->coverage);
    } else {
      /* not a silent empty figure: why there is none */
      audit_json_begin_object(w);
      if (a && a->why_not) {
        audit_json_key(w, "skipped");
        audit_json_string(w, a->why_not);
      }
      audit_json_end_object(w);
    }
  }
  write_migration(w, r);
  audit_json_end_object(w);
}

gboolean audit_report_json(FILE *fp, gconstpointer data, GError **error)
{
  const AuditResult *r = data;
  AuditJson w;
  audit_json_init(&w, fp, 2);
  audit_json_begin_object(&w);
  audit_json_key(&w, "tool");
  audit_json_begin_object(&w);
  audit_json_key(&w, "name");
  audit_json_string(&w, "crm-audit");
  audit_json_key(&w, "version");
  audit_json_string(&w, CRM_AUDIT_VERSION);
  audit_json_end_object(&w);
  char day[11];
  audit_day_format(r->as_of, day);
  audit_json_key(&w, "as_of");
  audit_json_string(&w, day);
  audit_json_key(&w, "config");
  audit_json_begin_object(&w);
  audit_json_key(&w, "path");
  if (r->config->path)
    audit_json_string(&w, r->config->path);
  else
    audit_json_null(&w);
  audit_json_key(&w, "hash"); /* SHA-256 of the file's bytes */
  if (r->config_hash)
    audit_json_string(&w, r->config_hash);
  else
    audit_json_null(&w);
  audit_json_end_object(&w);
  write_input(&w, r->model);
  write_notes(&w, r->model);
  write_checks(&w, r);
  audit_json_key(&w, "findings");
  audit_json_begin_array(&w);
  for (guint i = 0; i < audit_registry_size; i++) {
    const AuditSink *s = r->sinks[i];
    for (guint k = 0; s && k < audit_sink_count(s); k++)
      write_finding(&w, r->model, s, audit_sink_get(s, k));
  }
  audit_json_end_array(&w);
  write_summary(&w, r);
  write_analytics(&w, r);
  audit_json_end_object(&w);
  fputc('\n', fp);
  audit_json_clear(&w);
  return TRUE;
}
