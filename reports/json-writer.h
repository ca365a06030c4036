/* A streaming JSON writer: values go straight to a FILE, escaped so that the
 * output is also safe inside an HTML <script> data island. */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

typedef struct AuditJson {
  FILE *fp;
  guint depth;
  guint pretty_depth;  /* containers opened below this depth get one item per line */
  gboolean first[64];  /* nothing written yet in the container at this depth */
  gboolean after_key;
  GString *scratch;    /* escaping buffer, reused */
} AuditJson;

void audit_json_init(AuditJson *w, FILE *fp, guint pretty_depth);
void audit_json_clear(AuditJson *w);
void audit_json_begin_object(AuditJson *w);
void audit_json_end_object(AuditJson *w);
void audit_json_begin_array(AuditJson *w);
void audit_json_end_array(AuditJson *w);
void audit_json_key(AuditJson *w, const char *key);
void audit_json_string(AuditJson *w, const char *s);
void audit_json_int(AuditJson *w, gint64 v);
void audit_json_double(AuditJson *w, double v); /* null when not finite */
void audit_json_fixed(AuditJson *w, double v, guint digits); /* with that many decimals; null when not finite */
void audit_json_bool(AuditJson *w, gboolean v);
void audit_json_null(AuditJson *w);

/* Escape s as a JSON string body (no quotes) into out. */
void audit_json_escape(GString *out, const char *s);

G_END_DECLS
