/* Street addresses in their matching form: a house number and the street. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A street address (BillingStreet) as its house number and its street in
 * matching form: folded (audit_fold_name), punctuation dropped, the common
 * abbreviations written out by whole word (St → street, Ave → avenue, Rd →
 * road, Blvd → boulevard, N → north, ...), numbered streets by their number
 * (5th, Fifth → 5), and what follows a unit word (Suite, Ste, Unit, Apt,
 * Floor, Fl, Room) left out. The house number is the first word when it
 * starts with a digit ("12", "12a", "12-14"), else the last one that does
 * ("Hauptstraße 12"). Into house and street (each emptied first); FALSE, with
 * both empty, when there is no house number or no street word (a PO box, a
 * blank cell): such an address is no signal. */
gboolean audit_street_normalize(const char *street, GString *house, GString *name);

G_END_DECLS
