/* libFuzzer target for the --baseline reader: any bytes as findings.json
 * must load or fail with an error naming the file, never crash, recurse
 * without bound or leak. Built by scripts/fuzz with clang. */
#include "baseline.h"

#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static char *path;

static gboolean ran_all(const char *check, gpointer user)
{
  (void)check, (void)user;
  return TRUE;
}

static void count(const AuditBaselineFinding *f, gpointer user)
{
  *(gsize *)user += strlen(f->check) + strlen(f->object) + strlen(f->record) + strlen(f->owner) +
                    strlen(f->message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!path)
    path = g_strdup_printf("%s/crm-audit-fuzz-%d.json", g_get_tmp_dir(), (int)getpid());
  FILE *fp = fopen(path, "wb");
  if (!fp)
    return 0;
  fwrite(data, 1, size, fp);
  fclose(fp);
  GError *err = NULL;
  AuditBaseline *b = audit_baseline_load(path, &err);
  if (b) {
    gsize total = 0;
    audit_baseline_take(b, "account-missing-website", "00000000000000000000000000000000");
    audit_baseline_foreach_gone(b, ran_all, count, &total);
    audit_baseline_free(b);
  } else {
    if (!g_str_has_prefix(err->message, path))
      __builtin_trap(); /* every error names the file */
    g_error_free(err);
  }
  return 0;
}
