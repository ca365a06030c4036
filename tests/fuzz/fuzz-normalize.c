/* libFuzzer target for the normalisers of CRM values: websites, emails,
 * registrable domains, phones, company names, dates, booleans, numbers,
 * Windows-1252 text and Ids. Any bytes (the first picks a date order and a
 * calling code) must give an answer, never crash or read out of bounds. */
#include "company.h"
#include "day.h"
#include "domain.h"
#include "phone.h"
#include "sfid.h"
#include "value.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  guint8 mode = data[0];
  const char *raw = (const char *)data + 1;
  gsize len = size - 1;
  g_autofree char *s = g_strndup(raw, len); /* the APIs taking C strings: up to a NUL */

  char host[AUDIT_HOST_MAX];
  const char *why;
  if (audit_website_host(s, host, &why))
    (void)audit_registrable_domain(host);
  if (audit_email_domain(s, host, &why))
    (void)audit_registrable_domain(host);

  static const char *const codes[] = {NULL, "1", "44", "33", "49", "353"};
  char digits[64];
  audit_phone_digits(s, codes[mode % G_N_ELEMENTS(codes)], digits, sizeof digits);
  (void)audit_phone_calling_code(s);
  const char *calling;
  (void)audit_country_iso(s, &calling);

  g_autoptr(GString) out = g_string_new(NULL);
  audit_company_normalize(s, out);

  static const AuditDayOrder orders[] = {AUDIT_DAY_ORDER_NONE, AUDIT_DAY_ORDER_MDY, AUDIT_DAY_ORDER_DMY,
                                         AUDIT_DAY_ORDER_YMD};
  gint32 day;
  (void)audit_parse_day_field(raw, len, mode & 1, orders[(mode >> 1) % G_N_ELEMENTS(orders)], &day);
  (void)audit_day_orders(raw, len);
  (void)audit_day_is_iso(raw, len);
  if (audit_parse_day(raw, len, (mode >> 3) & 1, &day)) {
    char text[11];
    audit_day_format(day, text);
  }

  gint8 b;
  double d;
  (void)audit_parse_bool(raw, len, &b);
  (void)audit_parse_number(raw, len, &d);
  g_string_truncate(out, 0);
  audit_cp1252_to_utf8(raw, len, out);
  if (!memchr(raw, '\0', len) && !g_utf8_validate(out->str, (gssize)out->len, NULL))
    __builtin_trap(); /* the conversion gives UTF-8 (a NUL stays: the loader drops control bytes first) */

  g_autofree char *id = g_malloc(len + 1);
  gboolean was_18;
  gsize n = audit_id_normalize_form(raw, len, id, &was_18);
  if (n > len || (was_18 && n != 15))
    __builtin_trap();
  return 0;
}
