/* Company names in their matching form: legal forms, abbreviations. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A company name in its matching form: folded, punctuation dropped, '&' as
 * "and", a leading "the" dropped, common abbreviations expanded by whole
 * word (intl → international, mfg → manufacturing, ...), legal forms of many
 * countries (inc, corp, llc, ltd, plc, gmbh, ag, sa, sarl, bv, nv, pty ltd,
 * kk, ltda, spa, srl, oy, ab, as, aps, ...) stripped at the end only,
 * longest first, repeatedly, keeping at least one word. Tokens are joined by
 * single spaces into out. Returns the canonical legal form found last in
 * the name ("inc" for Incorporated), NULL when none. */
const char *audit_company_normalize(const char *name, GString *out);

G_END_DECLS
