/* Unit tests for auditor/domain.c: websites and emails to canonical hosts,
 * registrable domains by the public suffix list, and the domain lists.
 *
 * Expected values are worked out by hand from the public suffix list's rules
 * (co.uk, com.au, co.jp and github.io are suffixes; com and de are) and from
 * RFC 3492 punycode (münchen → xn--mnchen-3ya). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "config.h"
#include "domain.h"
#include "registry.h"

/* Website → registrable domain, or NULL when it must be refused. */
static const struct {
  const char *in, *host, *reg;
} websites[] = {
  {"acme.com", "acme.com", "acme.com"},
  {"www.acme.com", "acme.com", "acme.com"},
  {"https://www.Acme.COM/about?x=1#top", "acme.com", "acme.com"},
  {"http://acme.com:8080/", "acme.com", "acme.com"},
  {"  ACME.com  ", "acme.com", "acme.com"},
  {"http://user:secret@shop.acme.com/x", "shop.acme.com", "acme.com"},
  {"eu.acme.com", "eu.acme.com", "acme.com"},
  {"www.acme.co.uk", "acme.co.uk", "acme.co.uk"},
  {"shop.acme.co.uk", "shop.acme.co.uk", "acme.co.uk"},
  {"acme.com.au", "acme.com.au", "acme.com.au"},
  {"https://www.toyota.co.jp/", "toyota.co.jp", "toyota.co.jp"},
  {"acme.com.", "acme.com", "acme.com"},                       /* the root's trailing dot */
  {"münchen.de", "xn--mnchen-3ya.de", "xn--mnchen-3ya.de"},   /* IDN in Unicode */
  {"MÜNCHEN.DE", "xn--mnchen-3ya.de", "xn--mnchen-3ya.de"},   /* ... upper case */
  {"xn--mnchen-3ya.de", "xn--mnchen-3ya.de", "xn--mnchen-3ya.de"}, /* ... in punycode */
  {"acme.github.io", "acme.github.io", "acme.github.io"},     /* a private suffix counts */
  {"www.", NULL, NULL},
  {"http://", NULL, NULL},
  {"https://", NULL, NULL},
  {"n/a", NULL, NULL},
  {"none", NULL, NULL},
  {"-", NULL, NULL},
  {"", NULL, NULL},
  {"Acme Corp", NULL, NULL},
  {"acme .com", NULL, NULL},
  {"192.168.1.10", NULL, NULL},                                /* an IP literal */
  {"http://[2001:db8::1]/", NULL, NULL},
  {"acme..com", NULL, NULL},
  {"-acme.com", NULL, NULL},
  {"acme_corp.com", NULL, NULL},
  {"info@acme.com", NULL, NULL},                               /* an email, not a website */
  {"co.uk", "co.uk", NULL},                                     /* a suffix, not a domain */
};

static void test_websites(void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS(websites); i++) {
    char host[AUDIT_HOST_MAX];
    const char *why = NULL;
    gboolean ok = audit_website_host(websites[i].in, host, &why);
    if (!websites[i].host) {
      if (ok)
        fail_msg("website '%s' accepted as host '%s'", websites[i].in, host);
      assert_non_null(why);
      continue;
    }
    if (!ok)
      fail_msg("website '%s' refused: %s", websites[i].in, why);
    if (strcmp(host, websites[i].host) != 0)
      fail_msg("website '%s': host '%s', expected '%s'", websites[i].in, host, websites[i].host);
    const char *reg = audit_registrable_domain(host);
    if (g_strcmp0(reg, websites[i].reg) != 0)
      fail_msg("host '%s': registrable '%s', expected '%s'", host, reg ? reg : "(null)",
               websites[i].reg ? websites[i].reg : "(null)");
  }
}

static const struct {
  const char *in, *domain, *why; /* why: a phrase of the refusal */
} emails[] = {
  {"jane@acme.com", "acme.com", NULL},
  {" Jane.Doe@ACME.com ", "acme.com", NULL},
  {"j@eu.acme.co.uk", "eu.acme.co.uk", NULL},
  {"x@bücher.de", "xn--bcher-kva.de", NULL},
  {"jane.doe+crm@acme.com", "acme.com", NULL},
  {"jane", NULL, "no @"},
  {"jane@@acme.com", NULL, "more than one @"},
  {"jane@doe@acme.com", NULL, "more than one @"},
  {"@acme.com", NULL, "nothing before"},
  {"jane@", NULL, "nothing after"},
  {"jane doe@acme.com", NULL, "space"},
  {"jane@acme", NULL, "no dot"},
  {"jane@acme..com", NULL, "empty label"},
  {"jane..doe@acme.com", NULL, "two in a row"},
  {".jane@acme.com", NULL, "dot at the start"},
  {"jane.@acme.com", NULL, "end of the name"},
  {"jane\t@acme.com", NULL, "space"},
  {"jane@-acme.com", NULL, "hyphen"},
  {"jane@acme.com.", NULL, "dot at the end"},
  {"jane@[10.0.0.1]", NULL, "IP address"},
  {"jane@10.0.0.1", NULL, "IP address"},
  {"", NULL, "blank"},
};

static void test_emails(void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS(emails); i++) {
    char host[AUDIT_HOST_MAX];
    const char *why = NULL;
    gboolean ok = audit_email_domain(emails[i].in, host, &why);
    if (emails[i].domain) {
      if (!ok)
        fail_msg("email '%s' refused: %s", emails[i].in, why);
      if (strcmp(host, emails[i].domain) != 0)
        fail_msg("email '%s': domain '%s', expected '%s'", emails[i].in, host, emails[i].domain);
    } else {
      if (ok)
        fail_msg("email '%s' accepted with domain '%s'", emails[i].in, host);
      if (!strstr(why, emails[i].why))
        fail_msg("email '%s' refused as '%s', expected a mention of '%s'", emails[i].in, why, emails[i].why);
    }
  }
}

static void test_classify_builtin(void **state)
{
  g_autoptr(AuditDomainRules) r = audit_domain_rules_new(NULL);
  assert_int_equal(audit_domain_classify(r, "gmail.com"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "yahoo.co.uk"), AUDIT_DOMAIN_PERSONAL); /* yahoo.* */
  assert_int_equal(audit_domain_classify(r, "yahoo.co.jp"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "gmx.de"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "web.de"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "mail.ru"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "qq.com"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "mailinator.com"), AUDIT_DOMAIN_DISPOSABLE);
  assert_int_equal(audit_domain_classify(r, "example.com"), AUDIT_DOMAIN_PLACEHOLDER);
  /* RFC 2606 / 6761: the reserved second-level names and top-level domains */
  assert_int_equal(audit_domain_classify(r, "example.org"), AUDIT_DOMAIN_PLACEHOLDER);
  assert_int_equal(audit_domain_classify(r, "lind.invalid"), AUDIT_DOMAIN_PLACEHOLDER);
  assert_int_equal(audit_domain_classify(r, "shop.test"), AUDIT_DOMAIN_PLACEHOLDER);
  assert_int_equal(audit_domain_classify(r, "acme.example"), AUDIT_DOMAIN_PLACEHOLDER);
  assert_int_equal(audit_domain_classify(r, "box.localhost"), AUDIT_DOMAIN_PLACEHOLDER);
  assert_int_equal(audit_domain_classify(r, "xxx.com"), AUDIT_DOMAIN_PLACEHOLDER);
  assert_int_equal(audit_domain_classify(r, "example.co.uk"), 0); /* not reserved */
  assert_int_equal(audit_domain_classify(r, "testing.io"), 0);
  assert_int_equal(audit_domain_classify(r, "acme.com"), 0);
  assert_int_equal(audit_domain_classify(r, "yahoodata.com"), 0); /* a wildcard is a whole label */
  assert_int_equal(audit_domain_classify(r, "myyahoo.com"), 0);
  assert_int_equal(audit_domain_classify(r, ""), 0);
}

static void test_classify_config(void **state)
{
  static const char ini[] = "[audit]\n"
                            "personal_domains = +example-mail.com\n"
                            "competitors = rivalco.com;mail.othercorp.io\n";
  GError *error = NULL;
  g_autoptr(AuditConfig) cfg = audit_config_load_data(AUDIT_REGISTRY, "t.ini", ini, sizeof ini - 1, &error);
  assert_null(error);
  g_autoptr(AuditDomainRules) r = audit_domain_rules_new(cfg);
  assert_int_equal(audit_domain_classify(r, "example-mail.com"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r, "gmail.com"), AUDIT_DOMAIN_PERSONAL); /* '+' keeps the list */
  assert_int_equal(audit_domain_classify(r, "rivalco.com"), AUDIT_DOMAIN_COMPETITOR);
  assert_int_equal(audit_domain_classify(r, "othercorp.io"), AUDIT_DOMAIN_COMPETITOR); /* host → domain */

  static const char replace[] = "[audit]\npersonal_domains = corp-mail.net\n";
  g_autoptr(AuditConfig) cfg2 = audit_config_load_data(AUDIT_REGISTRY, "t.ini", replace, sizeof replace - 1, &error);
  assert_null(error);
  g_autoptr(AuditDomainRules) r2 = audit_domain_rules_new(cfg2);
  assert_int_equal(audit_domain_classify(r2, "corp-mail.net"), AUDIT_DOMAIN_PERSONAL);
  assert_int_equal(audit_domain_classify(r2, "gmail.com"), 0); /* replaced */
  assert_int_equal(audit_domain_classify(r2, "mailinator.com"), AUDIT_DOMAIN_DISPOSABLE);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_websites),
    cmocka_unit_test(test_emails),
    cmocka_unit_test(test_classify_builtin),
    cmocka_unit_test(test_classify_config),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
