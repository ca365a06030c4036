/* report.html's parts, internal to reports/ (reports/html.c says what the
 * page is): text and owners (html-text.c), the page (html.c), the findings
 * (html-findings.c), the sections (html-sections.c), the script's data
 * island (html-data.c). */
#pragma once

#include "baseline.h"
#include "json-writer.h"
#include "section.h"
#include "normalize.h"
#include "registry.h"
#include "report-assets.h"
#include "reports.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HTML_PLAIN_ROWS 50 /* rows per check written as HTML, for readers without JavaScript */

typedef struct {
  FILE *fp;
  const AuditResult *r;
  const AuditModel *m;
  guint rows;         /* per check in the data island */
  char **url_parts;   /* record_url split at {id}; NULL when not configured */
  GString *link, *tmp;
  char name_buf[1024];
  guint *owner_check; /* [owner index * registry size + check]: findings */
  GHashTable *intern; /* the data island's repeated strings → index + 1 */
  GPtrArray *strings; /* ... in index order */
} Html;

extern const char *const html_sev_glyph[AUDIT_SEV_COUNT]; /* ● ▲ ✖ */
extern const char *const html_sev_plural[AUDIT_SEV_COUNT];

void html_out(Html *h, const char *s);
void html_outf(Html *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void html_text(Html *h, const char *s);
/* CRM text in an element: html_text inside <bdi>, so that bidi controls in
 * the data (U+202E and the like) cannot reorder what is around it. */
void html_crm(Html *h, const char *s);
const char *html_count_text(guint64 n, char buf[32]);
void html_out_count(Html *h, guint64 n);
const char *html_value_text(const AuditSink *s, const AuditValue *v, GString *buf);
gint html_owner_index(const AuditResult *r, const char *owner);
const char *html_finding_owner(const AuditModel *m, const AuditFinding *f);
const char *html_owner_label(const AuditOwnerCount *c);
void html_count_owner_checks(Html *h);
guint html_check_count(const AuditResult *r, guint i);
void html_out_severity(Html *h, AuditSeverity s);
char *html_section_html_id(const AuditSection *sec);
void html_write_sections(Html *h, AuditSectionPlace place);
void html_write_findings(Html *h);
guint html_intern(Html *h, const char *s);
void html_write_data(Html *h);
