/* Between the parts of the config reader (config.h): the key file with the
 * place of its groups and keys (keyfile.c), the check options and settings
 * (options.c), the stage model's groups (stage-model.c) and the rest
 * (config.c). Not for checks. */
#pragma once

#include "config.h"

G_BEGIN_DECLS

/* ---- keyfile.c: the file as GKeyFile reads it, and where each key is ---- */

/* One group header or key line of the file. */
typedef struct {
  guint line;  /* 1-based */
  char *group; /* the group it is in, or the header's */
  char *key;   /* NULL for a group header */
} AuditKeyEntry;

typedef struct {
  const char *display; /* the file's name in messages */
  GArray *entries;     /* AuditKeyEntry, in file order */
} AuditKeySource;

/* The group headers and keys of the text, as GKeyFile reads them. */
GArray *audit_keyfile_entries(const char *data);
/* Line of [group] (key NULL), or of key inside [group]; 0 when not there. */
guint audit_keyfile_line(const GArray *entries, const char *group, const char *key);
/* Read data into kf: UTF-8, no group or key twice (GKeyFile would keep the
 * last without a word), GKeyFile's syntax; an error names the line. */
gboolean audit_keyfile_load(GKeyFile *kf, const AuditKeySource *src, const char *data, gsize len, GError **error);
/* An AUDIT_ERROR_CONFIG "FILE:LINE:1: message" at key of [group] (at
 * [group] when the file does not set key). */
void audit_keyfile_error(GError **error, const AuditKeySource *src, const char *group, const char *key,
                         const char *fmt, ...) G_GNUC_PRINTF(5, 6);
/* A ';'-separated list: entries stripped, blank ones dropped. */
char **audit_keyfile_split_list(const char *text);
/* The list under key of [group], empty when not set. */
char **audit_keyfile_list(GKeyFile *kf, const char *group, const char *key);
/* Is key one of allowed (NULL-terminated)? */
gboolean audit_keyfile_key_in(const char *key, const char *const *allowed);

/* ---- options.c: every check's settings per segment ---- */

/* Every check of c->registry at its defaults, for c->nsegments segments. */
void audit_check_settings_init(AuditConfig *c);
/* The [check.ID] groups of kf, then the [check.ID@SEGMENT] ones over them;
 * then each check's options struct per segment (options_size). */
gboolean audit_check_settings_read(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error);
void audit_check_settings_free(AuditConfig *c);

/* ---- stage-model.c: [stages], [stage-gates] and the stage model ---- */

void audit_stage_free(gpointer p);
void audit_gate_free(gpointer p);
/* [stages] and [stage-gates], then the stage model they give (from [stages]
 * open, else the default, which the export may replace). */
gboolean audit_stage_groups_read(AuditConfig *c, GKeyFile *kf, const AuditKeySource *src, GError **error);

G_END_DECLS
