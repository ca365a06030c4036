/* Values as Salesforce writes them: Ids, dates, booleans, numbers, text in
 * Windows-1252; and titles mapped to buying roles. One header for all the
 * normalisation files, each of which also has its own. */
#pragma once

#include "sfid.h"
#include "day.h"
#include "value.h"
#include "fold.h"
#include "company.h"
#include "phone.h"
#include "street.h"
#include "title.h"
#include "placeholder.h"
