/* Phones and countries: digits with the country code, calling codes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A phone number as digits with its country code, so that (201) 555-0100
 * in the US and +1 201 555 0100 agree: a leading + or 00 means the code is
 * written; else calling_code (from the record's country, may be NULL) is
 * prefixed, dropping a national trunk 0. An extension is ignored. Returns the
 * length written to out, 0 when fewer than 6 digits. */
gsize audit_phone_digits(const char *phone, const char *calling_code, char *out, gsize outsz);

/* A country as written (United States, USA, US, Deutschland, ...) to its
 * ISO 3166 code, and its calling code; NULL when not recognised. */
const char *audit_country_iso(const char *country, const char **calling_code);

/* The calling code a phone number was written with (+44 20 ..., 0049 ...),
 * among the countries audit_country_iso knows; NULL when the number is
 * written nationally or the code is not known. */
const char *audit_phone_calling_code(const char *phone);

G_END_DECLS
