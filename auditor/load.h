/* CSV → model, streaming with libcsv. */
#pragma once

#include "model.h"
#include "normalize.h"

G_BEGIN_DECLS

typedef enum {
  AUDIT_ENCODING_AUTO,    /* UTF-8, else the whole file as Windows-1252 */
  AUDIT_ENCODING_UTF8,    /* invalid UTF-8 is an error */
  AUDIT_ENCODING_CP1252,
} AuditEncoding;

gboolean audit_encoding_from_name(const char *name, AuditEncoding *out);

/* Longest field accepted (Salesforce's long text areas hold 131,072
 * characters); past it the file is refused, which also stops an unterminated
 * quote from swallowing the rest of a huge file. */
#define AUDIT_MAX_FIELD_BYTES (4u << 20)

typedef void (*AuditProgressFunc)(const AuditTable *t, gpointer user);

typedef struct {
  AuditEncoding encoding;
  guint jobs;
  AuditProgressFunc progress; /* called once per file loaded, from a worker */
  gpointer progress_data;
  AuditObjects only;          /* load only these objects; 0: every object (derive.h derives them) */
  AuditDayOrder date_order;   /* [input] date_order: dates such as 05/11/2023 where nothing in the file
                                 tells the order; NONE: not read */
} AuditLoadOptions;

/* Load one CSV file into t (whose obj is set). display is the name used in
 * messages. Errors: AUDIT_ERROR_INPUT, "FILE:LINE:COLUMN: message". */
gboolean audit_table_load(AuditTable *t, const char *path, const char *display,
                          AuditEncoding encoding, GError **error);

/* Find the object files in dir (case-insensitive names), load them
 * concurrently and index them (audit_derive derives the rest). A file's error stops that
 * file only: the error names every file's, one a line. The date order
 * decided for each column of locale dates (5/11/2023) is recorded with
 * audit_model_infer, and doubts with audit_model_notice. */
gboolean audit_model_load(AuditModel *m, const char *dir, const AuditLoadOptions *opts, GError **error);

/* For tests only: called with the file's path after each chunk of it is read
 * (to change the file while it is read). NULL in the program. */
typedef void (*AuditLoadReadHook)(const char *path);
extern AuditLoadReadHook audit_load_read_hook;

G_END_DECLS
