/* libFuzzer target for the CSV loader: any bytes as Account.csv (the first
 * byte picks the encoding mode) must load or fail with a located error, never
 * crash, hang or leak. Built by scripts/fuzz with clang. */
#include "derive.h"
#include "load.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static char *path;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!path) {
    path = g_strdup_printf("%s/crm-audit-fuzz-%d.csv", g_get_tmp_dir(), (int)getpid());
  }
  if (size == 0)
    return 0;
  AuditEncoding enc = (AuditEncoding)(data[0] % 3);
  FILE *fp = fopen(path, "wb");
  if (!fp)
    return 0;
  fwrite(data + 1, 1, size - 1, fp);
  fclose(fp);
  static const AuditObject objs[] = {AUDIT_OBJ_ACCOUNT, AUDIT_OBJ_CONTACT, AUDIT_OBJ_CONTACT_ROLE};
  AuditModel *m = audit_model_new();
  AuditTable *t = &m->tables[objs[(data[0] / 3) % 3]];
  GError *err = NULL;
  if (audit_table_load(t, path, "fuzz.csv", enc, &err)) {
    audit_derive_model(m, 1);
  } else {
    if (!g_str_has_prefix(err->message, "fuzz.csv:"))
      __builtin_trap(); /* every error names the file and line */
    g_error_free(err);
  }
  audit_model_free(m);
  return 0;
}
