/* Shared by the cmocka unit tests. Include after <cmocka.h>. */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "model.h"

/* error must be an AUDIT_ERROR of that code whose message starts with prefix
 * and mentions each phrase of ap (NULL-terminated). Frees error. */
static inline void assert_audit_error(GError *error, int code, const char *prefix, va_list ap)
{
  assert_non_null(error);
  assert_true(g_error_matches(error, AUDIT_ERROR, code));
  if (!g_str_has_prefix(error->message, prefix))
    fail_msg("error '%s' does not start with '%s'", error->message, prefix);
  const char *phrase;
  while ((phrase = va_arg(ap, const char *)))
    if (!strstr(error->message, phrase))
      fail_msg("error '%s' does not mention '%s'", error->message, phrase);
  g_error_free(error);
}
