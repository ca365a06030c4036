/* One derive step (derive.h). */
#include "derive.h"
#include "domain.h"
#include "match.h"
#include "segments.h"
#include "timing.h"

gint32 audit_today(void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local();
  return audit_days_from_civil(g_date_time_get_year(now), g_date_time_get_month(now),
                               g_date_time_get_day_of_month(now));
}

#define AS_OF_OVERRIDE "--as-of or [audit] as_of"
#define AS_OF_LATE_DAYS 60

/* As-of: --as-of, else [audit] as_of, else the newest timestamp of the
 * export (not today: an export audited later must read as of its day). */
static gint32 infer_as_of(AuditModel *m, const AuditConfig *cfg, gint32 given_option)
{
  gint32 today = audit_today();
  AuditNewest nw;
  audit_model_newest(m, today + 1, &nw);
  char day[11], newest[11] = "", ignored[11] = "";
  if (nw.day != AUDIT_DAY_NONE)
    audit_day_format(nw.day, newest);
  if (nw.ignored_day != AUDIT_DAY_NONE)
    audit_day_format(nw.ignored_day, ignored);
  gint32 given = given_option != AUDIT_DAY_NONE ? given_option : cfg->as_of;
  if (given != AUDIT_DAY_NONE) {
    audit_day_format(given, day);
    if (nw.day != AUDIT_DAY_NONE && given - nw.day > AS_OF_LATE_DAYS)
      audit_model_notice(m, "as-of %s (%s) is %d days after the newest record of the export (%s, %s in %s): "
                         "every rule on time (stale, stagnant, engaged, the win-loss period) reads the data as "
                         "that much older; is the export that old?", day,
                         given_option != AUDIT_DAY_NONE ? "--as-of" : "[audit] as_of", given - nw.day, newest, nw.column,
                         nw.file);
    return given;
  }
  if (nw.ignored)
    audit_model_notice(m, "%" G_GUINT64_FORMAT " timestamp%s left out of the as-of, the newest %s (%s in %s): %s",
                       nw.ignored, nw.ignored == 1 ? "" : "s", ignored, nw.ignored_column, nw.ignored_file,
                       nw.ignored_day > today + 1 ? "after today, which no export can hold"
                                                  : "more than a year after the rest of the export");
  if (nw.day == AUDIT_DAY_NONE) {
    audit_day_format(today, day);
    audit_model_infer(m, "as-of", day,
                      nw.values ? "today: every timestamp of the export lies in the future"
                                : "today: the export has no SystemModstamp, LastModifiedDate or CreatedDate",
                      AS_OF_OVERRIDE);
    return today;
  }
  g_autofree char *from = g_strdup_printf("the newest %s (%s)", nw.column, nw.file);
  audit_model_infer(m, "as-of", newest, from, AS_OF_OVERRIDE);
  return nw.day;
}

gboolean audit_derive(AuditModel *m, AuditConfig *cfg, gint32 as_of_given, gint32 *as_of, GError **error)
{
  gint64 t0 = g_get_monotonic_time();
  *as_of = infer_as_of(m, cfg, as_of_given);
  if (!audit_config_resolve_stages(cfg, m, error))
    return FALSE;
  if (!audit_segments_map(m, cfg, error))
    return FALSE;
  audit_timing("as-of, stage model, segments %.2f s", audit_timing_since(t0));
  gint64 t1 = g_get_monotonic_time();
  m->domains = audit_domains_derive(m, cfg);
  audit_timing("domains %.2f s (%u registrable domains)", audit_timing_since(t1), m->domains->names->len - 1);
  audit_email_counts_derive(m);
  return TRUE;
}
