#include "model.h"
#include "domain.h"
#include "match.h"
#include "normalize.h"

#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK(crm-audit-error-quark, audit_error)

#define REF(...) AUDIT_FT_REF, (__VA_ARGS__)
#define A AUDIT_BIT(AUDIT_OBJ_ACCOUNT)
#define C AUDIT_BIT(AUDIT_OBJ_CONTACT)
#define L AUDIT_BIT(AUDIT_OBJ_LEAD)
#define O AUDIT_BIT(AUDIT_OBJ_OPPORTUNITY)
#define U AUDIT_BIT(AUDIT_OBJ_USER)
#define RT AUDIT_BIT(AUDIT_OBJ_RECORD_TYPE)

#define COMMON_FIELDS                                                                    \
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0}, [AUDIT_F_OWNER] = {"OwnerId", REF(U)},          \
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},                             \
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},                       \
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0}

static const AuditFieldDef account_fields[ACCOUNT_NFIELDS] = {
  COMMON_FIELDS,
  [ACCOUNT_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [ACCOUNT_PARENT] = {"ParentId", REF(A)},
  [ACCOUNT_TYPE] = {"Type", AUDIT_FT_TEXT, 0},
  [ACCOUNT_WEBSITE] = {"Website", AUDIT_FT_TEXT, 0},
  [ACCOUNT_PHONE] = {"Phone", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_STREET] = {"BillingStreet", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_CITY] = {"BillingCity", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_STATE] = {"BillingState", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_POSTAL] = {"BillingPostalCode", AUDIT_FT_TEXT, 0},
  [ACCOUNT_BILLING_COUNTRY] = {"BillingCountry", AUDIT_FT_TEXT, 0},
  [ACCOUNT_INDUSTRY] = {"Industry", AUDIT_FT_TEXT, 0},
  [ACCOUNT_ANNUAL_REVENUE] = {"AnnualRevenue", AUDIT_FT_NUMBER, 0},
  [ACCOUNT_EMPLOYEES] = {"NumberOfEmployees", AUDIT_FT_NUMBER, 0},
  [ACCOUNT_CREATED_BY] = {"CreatedById", AUDIT_FT_TEXT, 0},
  [ACCOUNT_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
  [ACCOUNT_RECORD_TYPE] = {"RecordTypeId", REF(RT)},
};

static const AuditFieldDef contact_fields[CONTACT_NFIELDS] = {
  COMMON_FIELDS,
  [CONTACT_ACCOUNT] = {"AccountId", REF(A)},
  [CONTACT_FIRST_NAME] = {"FirstName", AUDIT_FT_TEXT, 0},
  [CONTACT_LAST_NAME] = {"LastName", AUDIT_FT_TEXT, 0},
  [CONTACT_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [CONTACT_TITLE] = {"Title", AUDIT_FT_TEXT, 0},
  [CONTACT_EMAIL] = {"Email", AUDIT_FT_TEXT, 0},
  [CONTACT_PHONE] = {"Phone", AUDIT_FT_TEXT, 0},
  [CONTACT_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
  [CONTACT_BOUNCED_REASON] = {"EmailBouncedReason", AUDIT_FT_TEXT, 0},
  [CONTACT_IS_BOUNCED] = {"IsEmailBounced", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef lead_fields[LEAD_NFIELDS] = {
  COMMON_FIELDS,
  [LEAD_FIRST_NAME] = {"FirstName", AUDIT_FT_TEXT, 0},
  [LEAD_LAST_NAME] = {"LastName", AUDIT_FT_TEXT, 0},
  [LEAD_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [LEAD_COMPANY] = {"Company", AUDIT_FT_TEXT, 0},
  [LEAD_TITLE] = {"Title", AUDIT_FT_TEXT, 0},
  [LEAD_EMAIL] = {"Email", AUDIT_FT_TEXT, 0},
  [LEAD_WEBSITE] = {"Website", AUDIT_FT_TEXT, 0},
  [LEAD_PHONE] = {"Phone", AUDIT_FT_TEXT, 0},
  [LEAD_CITY] = {"City", AUDIT_FT_TEXT, 0},
  [LEAD_COUNTRY] = {"Country", AUDIT_FT_TEXT, 0},
  [LEAD_INDUSTRY] = {"Industry", AUDIT_FT_TEXT, 0},
  [LEAD_EMPLOYEES] = {"NumberOfEmployees", AUDIT_FT_NUMBER, 0},
  [LEAD_STATUS] = {"Status", AUDIT_FT_TEXT, 0},
  [LEAD_IS_CONVERTED] = {"IsConverted", AUDIT_FT_BOOL, 0},
  [LEAD_CONVERTED_ACCOUNT] = {"ConvertedAccountId", REF(A)},
  [LEAD_CONVERTED_CONTACT] = {"ConvertedContactId", REF(C)},
  [LEAD_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
};

static const AuditFieldDef opportunity_fields[OPPORTUNITY_NFIELDS] = {
  COMMON_FIELDS,
  [OPPORTUNITY_ACCOUNT] = {"AccountId", REF(A)},
  [OPPORTUNITY_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_STAGE] = {"StageName", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_AMOUNT] = {"Amount", AUDIT_FT_NUMBER, 0},
  [OPPORTUNITY_PROBABILITY] = {"Probability", AUDIT_FT_NUMBER, 0},
  [OPPORTUNITY_CLOSE_DATE] = {"CloseDate", AUDIT_FT_DATE, 0},
  [OPPORTUNITY_TYPE] = {"Type", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_IS_CLOSED] = {"IsClosed", AUDIT_FT_BOOL, 0},
  [OPPORTUNITY_IS_WON] = {"IsWon", AUDIT_FT_BOOL, 0},
  [OPPORTUNITY_LAST_ACTIVITY] = {"LastActivityDate", AUDIT_FT_DATE, 0},
  [OPPORTUNITY_STAGE_SORT] = {"StageSortOrder", AUDIT_FT_NUMBER, 0},
  [OPPORTUNITY_FORECAST] = {"ForecastCategory", AUDIT_FT_TEXT, 0},
  [OPPORTUNITY_RECORD_TYPE] = {"RecordTypeId", REF(RT)},
};

/* A contact role has no owner of its own: its opportunity's owner stands in. */
static const AuditFieldDef role_fields[ROLE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0},
  [ROLE_OPPORTUNITY] = {"OpportunityId", REF(O)},
  [ROLE_CONTACT] = {"ContactId", REF(C)},
  [ROLE_ROLE] = {"Role", AUDIT_FT_TEXT, 0},
  [ROLE_IS_PRIMARY] = {"IsPrimary", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef activity_fields[ACTIVITY_NFIELDS] = {
  COMMON_FIELDS,
  [ACTIVITY_WHO] = {"WhoId", REF(C | L)},
  [ACTIVITY_WHAT] = {"WhatId", REF(O | A)},
  [ACTIVITY_SUBJECT] = {"Subject", AUDIT_FT_TEXT, 0},
  [ACTIVITY_DATE] = {"ActivityDate", AUDIT_FT_DATE, 0},
  [ACTIVITY_START] = {"StartDateTime", AUDIT_FT_DATETIME, 0},
  [ACTIVITY_END] = {"EndDateTime", AUDIT_FT_DATETIME, 0},
};

static const AuditFieldDef user_fields[USER_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {"IsDeleted", AUDIT_FT_BOOL, 0},
  [USER_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [USER_FIRST_NAME] = {"FirstName", AUDIT_FT_TEXT, 0},
  [USER_LAST_NAME] = {"LastName", AUDIT_FT_TEXT, 0},
  [USER_USERNAME] = {"Username", AUDIT_FT_TEXT, 0},
  [USER_EMAIL] = {"Email", AUDIT_FT_TEXT, 0},
  [USER_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
  [USER_DEPARTMENT] = {"Department", AUDIT_FT_TEXT, 0},
  [USER_TITLE] = {"Title", AUDIT_FT_TEXT, 0},
};

/* Setup objects have no owner. */
static const AuditFieldDef record_type_fields[RECORD_TYPE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {NULL, AUDIT_FT_BOOL, 0},
  [RECORD_TYPE_NAME] = {"Name", AUDIT_FT_TEXT, 0},
  [RECORD_TYPE_DEVELOPER_NAME] = {"DeveloperName", AUDIT_FT_TEXT, 0},
  [RECORD_TYPE_SOBJECT] = {"SobjectType", AUDIT_FT_TEXT, 0},
  [RECORD_TYPE_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
};

static const AuditFieldDef stage_fields[STAGE_NFIELDS] = {
  [AUDIT_F_ID] = {"Id", AUDIT_FT_ID, 0},
  [AUDIT_F_OWNER] = {NULL, AUDIT_FT_TEXT, 0},
  [AUDIT_F_CREATED] = {"CreatedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_MODIFIED] = {"LastModifiedDate", AUDIT_FT_DATETIME, 0},
  [AUDIT_F_DELETED] = {NULL, AUDIT_FT_BOOL, 0},
  [STAGE_LABEL] = {"MasterLabel", AUDIT_FT_TEXT, 0},
  [STAGE_API_NAME] = {"ApiName", AUDIT_FT_TEXT, 0},
  [STAGE_SORT_ORDER] = {"SortOrder", AUDIT_FT_NUMBER, 0},
  [STAGE_IS_CLOSED] = {"IsClosed", AUDIT_FT_BOOL, 0},
  [STAGE_IS_WON] = {"IsWon", AUDIT_FT_BOOL, 0},
  [STAGE_PROBABILITY] = {"DefaultProbability", AUDIT_FT_NUMBER, 0},
  [STAGE_IS_ACTIVE] = {"IsActive", AUDIT_FT_BOOL, 0},
};

static const struct {
  const char *name;
  const char *prefix;
  const AuditFieldDef *fields;
  guint nfields;
} objects[AUDIT_OBJ_COUNT] = {
  [AUDIT_OBJ_ACCOUNT] = {"Account", "001", account_fields, ACCOUNT_NFIELDS},
  [AUDIT_OBJ_CONTACT] = {"Contact", "003", contact_fields, CONTACT_NFIELDS},
  [AUDIT_OBJ_LEAD] = {"Lead", "00Q", lead_fields, LEAD_NFIELDS},
  [AUDIT_OBJ_OPPORTUNITY] = {"Opportunity", "006", opportunity_fields, OPPORTUNITY_NFIELDS},
  [AUDIT_OBJ_CONTACT_ROLE] = {"OpportunityContactRole", "00K", role_fields, ROLE_NFIELDS},
  [AUDIT_OBJ_TASK] = {"Task", "00T", activity_fields, ACTIVITY_NFIELDS},
  [AUDIT_OBJ_EVENT] = {"Event", "00U", activity_fields, ACTIVITY_NFIELDS},
  [AUDIT_OBJ_USER] = {"User", "005", user_fields, USER_NFIELDS},
  [AUDIT_OBJ_RECORD_TYPE] = {"RecordType", "012", record_type_fields, RECORD_TYPE_NFIELDS},
  [AUDIT_OBJ_OPPORTUNITY_STAGE] = {"OpportunityStage", "01J", stage_fields, STAGE_NFIELDS},
};

G_STATIC_ASSERT(ACCOUNT_NFIELDS <= AUDIT_MAX_FIELDS);
G_STATIC_ASSERT(LEAD_NFIELDS <= AUDIT_MAX_FIELDS);

const char *audit_object_name(AuditObject o)
{
  return o < AUDIT_OBJ_COUNT ? objects[o].name : "?";
}

gboolean audit_object_from_name(const char *name, AuditObject *out)
{
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++)
    if (g_ascii_strcasecmp(name, objects[i].name) == 0) {
      *out = (AuditObject)i;
      return TRUE;
    }
  return FALSE;
}

const AuditFieldDef *audit_schema(AuditObject o, guint *nfields)
{
  *nfields = objects[o].nfields;
  return objects[o].fields;
}

const char *audit_object_id_prefix(AuditObject o)
{
  return objects[o].prefix;
}

static void inference_free(gpointer p)
{
  AuditInference *i = p;
  g_free(i->what);
  g_free(i->value);
  g_free(i->from);
  g_free(i->override);
  g_free(i);
}

void audit_model_infer(AuditModel *m, const char *what, const char *value, const char *from, const char *override)
{
  AuditInference *i = g_new(AuditInference, 1);
  *i = (AuditInference){g_strdup(what), g_strdup(value), g_strdup(from), g_strdup(override)};
  g_mutex_lock(&m->notes_lock);
  g_ptr_array_add(m->inferred, i);
  g_mutex_unlock(&m->notes_lock);
}

void audit_model_notice(AuditModel *m, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *text = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_mutex_lock(&m->notes_lock);
  g_ptr_array_add(m->notices, text);
  g_mutex_unlock(&m->notes_lock);
}

static gint compare_inferences(gconstpointer a, gconstpointer b)
{
  const AuditInference *x = *(AuditInference *const *)a, *y = *(AuditInference *const *)b;
  return strcmp(x->what, y->what);
}

typedef struct {
  guint64 count;
  guint8 obj, column; /* where its latest time was seen */
  char time[13];      /* that time as written, "17:42:09.000" ("" for a date alone) */
} DayCount;

/* The time of day of a timestamp as written ("2023-06-14 17:42:09",
 * "2023-06-14T17:42:09.000Z"): its first 12 characters after the date, which
 * compare as text; "" when there is none. */
static void time_of(const char *v, char out[13])
{
  gsize len = strlen(v);
  if (len > 11 && (v[10] == 'T' || v[10] == ' '))
    g_strlcpy(out, v + 11, 13);
  else
    out[0] = '\0';
}

static gint compare_days_desc(gconstpointer a, gconstpointer b)
{
  gint32 x = *(const gint32 *)a, y = *(const gint32 *)b;
  return (x < y) - (x > y);
}

void audit_model_newest(const AuditModel *m, gint32 latest, AuditNewest *out)
{
  static const char *const columns[] = {"SystemModstamp", "LastModifiedDate", "CreatedDate"};
  *out = (AuditNewest){AUDIT_DAY_NONE, NULL, NULL, 0, 0, AUDIT_DAY_NONE, NULL, NULL};
  /* a count per distinct day: a few thousand days, whatever the row count */
  g_autoptr(GHashTable) days = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    const AuditTable *t = &m->tables[o];
    if (!t->present)
      continue;
    for (guint k = 0; k < G_N_ELEMENTS(columns); k++) {
      gint col = audit_table_column(t, columns[k]);
      if (col < 0)
        continue;
      guint field = k == 1 ? AUDIT_F_MODIFIED : AUDIT_F_CREATED;
      gboolean typed = k > 0 && t->known[field] == col && t->i32[field];
      for (guint r = 0; r < t->nrows; r++) {
        gint32 day = AUDIT_DAY_NONE;
        if (typed)
          day = t->i32[field][r];
        else {
          const char *v = audit_cell(t, r, col);
          if (*v && !audit_parse_day(v, strlen(v), FALSE, &day))
            day = AUDIT_DAY_NONE;
        }
        if (day == AUDIT_DAY_NONE)
          continue;
        DayCount *c = g_hash_table_lookup(days, GINT_TO_POINTER(day));
        char time[13];
        time_of(audit_cell(t, r, col), time);
        if (!c) {
          c = g_new0(DayCount, 1);
          g_hash_table_insert(days, GINT_TO_POINTER(day), c);
        }
        if (c->count == 0 || strcmp(time, c->time) > 0) { /* the file the day's latest time is in */
          c->obj = (guint8)o;
          c->column = (guint8)k;
          memcpy(c->time, time, sizeof time);
        }
        c->count++;
        out->values++;
      }
    }
  }
  if (!out->values)
    return;
  guint n = g_hash_table_size(days);
  g_autofree gint32 *sorted = g_new(gint32, n);
  GHashTableIter it;
  gpointer k;
  guint i = 0;
  g_hash_table_iter_init(&it, days);
  while (g_hash_table_iter_next(&it, &k, NULL))
    sorted[i++] = GPOINTER_TO_INT(k);
  qsort(sorted, n, sizeof *sorted, compare_days_desc);
  /* the future first, then a gap of more than a year under a few values */
  guint first = 0;
  guint64 future = 0, above, cum;
  while (first < n && sorted[first] > latest)
    future += ((DayCount *)g_hash_table_lookup(days, GINT_TO_POINTER(sorted[first++])))->count;
  above = cum = future;
  guint64 few = (out->values - future) / 100; /* below 100 values, no gap rule */
  for (guint j = first; j + 1 < n; j++) {
    cum += ((DayCount *)g_hash_table_lookup(days, GINT_TO_POINTER(sorted[j])))->count;
    if (cum - future > few)
      break;
    if (sorted[j] - sorted[j + 1] > AUDIT_NEWEST_GAP_DAYS) {
      first = j + 1;
      above = cum;
    }
  }
  if (first >= n) { /* everything lies in the future: nothing to go by */
    out->ignored = out->values;
    out->ignored_day = sorted[0];
    const DayCount *c = g_hash_table_lookup(days, GINT_TO_POINTER(sorted[0]));
    out->ignored_column = columns[c->column];
    out->ignored_file = m->tables[c->obj].file;
    return;
  }
  const DayCount *c = g_hash_table_lookup(days, GINT_TO_POINTER(sorted[first]));
  out->day = sorted[first];
  out->column = columns[c->column];
  out->file = m->tables[c->obj].file;
  out->ignored = above;
  if (first > 0) {
    c = g_hash_table_lookup(days, GINT_TO_POINTER(sorted[0]));
    out->ignored_day = sorted[0];
    out->ignored_column = columns[c->column];
    out->ignored_file = m->tables[c->obj].file;
  }
}

static gint compare_notices(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void audit_model_sort_notes(AuditModel *m)
{
  g_ptr_array_sort(m->inferred, compare_inferences);
  g_ptr_array_sort(m->notices, compare_notices);
}

AuditModel *audit_model_new(void)
{
  AuditModel *m = g_new0(AuditModel, 1);
  m->inferred = g_ptr_array_new_with_free_func(inference_free);
  m->notices = g_ptr_array_new_with_free_func(g_free);
  g_mutex_init(&m->notes_lock);
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++) {
    AuditTable *t = &m->tables[i];
    t->obj = (AuditObject)i;
    t->name = objects[i].name;
    for (guint f = 0; f < AUDIT_MAX_FIELDS; f++)
      t->known[f] = -1;
  }
  return m;
}

static void table_clear(AuditTable *t)
{
  g_free(t->path);
  g_free(t->file);
  g_strfreev(t->columns);
  g_free(t->cells);
  g_free(t->lines);
  g_free(t->id18);
  g_free(t->strs);
  g_free(t->control_dropped);
  for (guint f = 0; f < AUDIT_MAX_FIELDS; f++) {
    g_free(t->i32[f]);
    g_free(t->ref_obj[f]);
    g_free(t->flag[f]);
    g_free(t->num[f]);
  }
  if (t->invalid)
    g_array_unref(t->invalid);
  if (t->duplicate_rows)
    g_array_unref(t->duplicate_rows);
  g_free(t->index.slots);
}

static void link_clear(AuditLink *l)
{
  g_free(l->start);
  g_free(l->items);
}

void audit_model_free(AuditModel *m)
{
  if (!m)
    return;
  for (guint i = 0; i < AUDIT_OBJ_COUNT; i++)
    table_clear(&m->tables[i]);
  g_free(m->export_dir);
  g_free(m->activities);
  AuditLink *links[] = {&m->account_contacts, &m->account_opportunities, &m->account_children,
                        &m->account_activities, &m->opportunity_roles, &m->opportunity_activities,
                        &m->contact_roles, &m->contact_activities, &m->lead_activities};
  for (guint i = 0; i < G_N_ELEMENTS(links); i++)
    link_clear(links[i]);
  g_free(m->account_segment);
  if (m->segment_values)
    g_ptr_array_unref(m->segment_values);
  g_free(m->account_segment_value);
  g_strfreev(m->open_stages);
  g_free(m->opportunity_open);
  audit_domains_free(m->domains);
  g_free(m->email_counts[0]);
  g_free(m->email_counts[1]);
  audit_model_free(m->previous);
  if (m->inferred)
    g_ptr_array_unref(m->inferred);
  if (m->notices)
    g_ptr_array_unref(m->notices);
  g_mutex_clear(&m->notes_lock);
  g_free(m);
}

gint audit_table_column(const AuditTable *t, const char *name)
{
  for (guint c = 0; c < t->ncols; c++)
    if (g_ascii_strcasecmp(t->columns[c], name) == 0)
      return (gint)c;
  return -1;
}

/* ---- Id index: open addressing over row numbers ---- */

static guint64 id_hash(const guint64 key[2], gsize len)
{
  guint64 h = key[0] * 0x9E3779B97F4A7C15ULL ^ (key[1] + len) * 0xC2B2AE3D27D4EB4FULL;
  /* murmur3's finalizer spreads sequential Ids over the low bits */
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static void id_key(const char *id, gsize len, guint64 key[2])
{
  key[0] = key[1] = 0;
  memcpy(key, id, MIN(len, 16));
}

/* Find id, or the empty slot where it would go. id is NUL-terminated. */
static AuditIdSlot *index_probe(const AuditTable *t, const char *id, gsize len, const guint64 key[2])
{
  guint32 i = (guint32)id_hash(key, len) & t->index.mask;
  for (;;) {
    AuditIdSlot *s = &t->index.slots[i];
    if (s->row == 0)
      return s;
    if (s->key[0] == key[0] && s->key[1] == key[1] && s->len == len &&
        (len <= 16 || strcmp(audit_id(t, s->row - 1), id) == 0))
      return s;
    i = (i + 1) & t->index.mask;
  }
}

const void *audit_table_index_slot(const AuditTable *t, const char *id, gsize len)
{
  if (!t->index.slots)
    return NULL;
  guint64 key[2];
  id_key(id, len, key);
  return &t->index.slots[id_hash(key, len) & t->index.mask];
}

gint32 audit_table_find(const AuditTable *t, const char *id, gsize len)
{
  if (!t->index.slots || len == 0)
    return -1;
  guint64 key[2];
  id_key(id, len, key);
  if (len > 16 && id[len] != '\0') {
    /* a prefix of a longer string: compare through a copy */
    g_autofree char *copy = g_strndup(id, len);
    return (gint32)index_probe(t, copy, len, key)->row - 1;
  }
  return (gint32)index_probe(t, id, len, key)->row - 1;
}

/* Rehash into size slots (a power of two); the keys are in the slots. */
static void index_resize(AuditTable *t, guint32 size)
{
  AuditIdIndex old = t->index;
  t->index.slots = g_new0(AuditIdSlot, size);
  t->index.mask = size - 1;
  for (guint32 i = 0; old.slots && i <= old.mask; i++) {
    const AuditIdSlot *s = &old.slots[i];
    if (!s->row)
      continue;
    guint32 k = (guint32)id_hash(s->key, s->len) & t->index.mask;
    while (t->index.slots[k].row)
      k = (k + 1) & t->index.mask;
    t->index.slots[k] = *s;
  }
  g_free(old.slots);
}

static void index_grow(AuditTable *t)
{
  index_resize(t, t->index.slots ? (t->index.mask + 1) * 2 : 1024);
}

void audit_table_index_reserve(AuditTable *t, guint rows)
{
  guint64 size = 1024;
  while (size * 2 < (guint64)rows * 3)
    size *= 2;
  if (size > G_MAXUINT32 / 2)
    return;
  if (!t->index.slots || size > t->index.mask + 1u)
    index_resize(t, (guint32)size);
}

void audit_table_index_add(AuditTable *t, guint32 r)
{
  if (!t->duplicate_rows)
    t->duplicate_rows = g_array_new(FALSE, FALSE, sizeof(guint32));
  const char *id = audit_id(t, r);
  gsize len = strlen(id);
  if (len == 0)
    return;
  if (!t->index.slots || (t->index.used + 1) * 3 > (t->index.mask + 1) * 2)
    index_grow(t);
  guint64 key[2];
  id_key(id, len, key);
  AuditIdSlot *s = index_probe(t, id, len, key);
  if (s->row) {
    g_array_append_val(t->duplicate_rows, r);
    return;
  }
  s->key[0] = key[0];
  s->key[1] = key[1];
  s->len = (guint32)len;
  s->row = r + 1;
  t->index.used++;
}

/* ---- references ---- */

static gint object_of_prefix(const char *id, gsize len)
{
  if (!audit_id_is_salesforce(id, len))
    return -1;
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    if (strncmp(id, objects[o].prefix, 3) == 0)
      return (gint)o;
  return -1;
}

/* Resolve one reference; see record-dangling-reference for the rule. */
static gint32 resolve(const AuditModel *m, AuditObjects targets, const char *id, guint8 *obj)
{
  gsize len = strlen(id);
  *obj = AUDIT_OBJ_COUNT;
  if (len == 0)
    return AUDIT_REF_BLANK;
  gint prefix_obj = object_of_prefix(id, len);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++) {
    if (!(targets & AUDIT_BIT(o)) || !m->tables[o].present)
      continue;
    if (prefix_obj >= 0 && prefix_obj != (gint)o)
      continue;
    gint32 row = audit_table_find(&m->tables[o], id, len);
    if (row >= 0) {
      *obj = (guint8)o;
      return row;
    }
  }
  if (prefix_obj >= 0) {
    if ((targets & AUDIT_BIT(prefix_obj)) && m->tables[prefix_obj].present) {
      *obj = (guint8)prefix_obj;
      return AUDIT_REF_DANGLING;
    }
    return AUDIT_REF_FOREIGN;
  }
  if (audit_id_is_salesforce(id, len))
    return AUDIT_REF_FOREIGN; /* a Salesforce object we do not model: queue, case, ... */
  /* Not a Salesforce Id (another CRM): dangling when the only target is there. */
  if (__builtin_popcount(targets) == 1) {
    guint o = (guint)__builtin_ctz(targets);
    if (m->tables[o].present) {
      *obj = (guint8)o;
      return AUDIT_REF_DANGLING;
    }
  }
  return AUDIT_REF_FOREIGN;
}

/* The table a reference most likely points into: its prefix's, else the first target. */
static const AuditTable *likely_target(const AuditModel *m, AuditObjects targets, const char *id, gsize len)
{
  gint o = object_of_prefix(id, len);
  if (o >= 0)
    return (targets & AUDIT_BIT(o)) && m->tables[o].present ? &m->tables[o] : NULL;
  for (guint k = 0; k < AUDIT_OBJ_COUNT; k++)
    if ((targets & AUDIT_BIT(k)) && m->tables[k].present)
      return &m->tables[k];
  return NULL;
}

static void resolve_table(AuditModel *m, AuditTable *t)
{
  guint nf;
  const AuditFieldDef *defs = audit_schema(t->obj, &nf);
  for (guint f = 0; f < nf; f++) {
    if (defs[f].type != AUDIT_FT_REF || t->known[f] < 0)
      continue;
    gint col = t->known[f];
    t->i32[f] = g_new(gint32, MAX(t->nrows, 1));
    t->ref_obj[f] = g_new(guint8, MAX(t->nrows, 1));
    /* resolve in batches, prefetching each lookup's slot first: the index
     * of a big table does not fit in the cache */
    enum { BATCH = 16 };
    for (guint r0 = 0; r0 < t->nrows; r0 += BATCH) {
      guint n = MIN(BATCH, t->nrows - r0);
      for (guint k = 0; k < n; k++) {
        const char *id = audit_cell(t, r0 + k, col);
        gsize len = strlen(id);
        const AuditTable *target = len ? likely_target(m, defs[f].targets, id, len) : NULL;
        if (target)
          __builtin_prefetch(audit_table_index_slot(target, id, len));
      }
      for (guint k = 0; k < n; k++)
        t->i32[f][r0 + k] = resolve(m, defs[f].targets, audit_cell(t, r0 + k, col), &t->ref_obj[f][r0 + k]);
    }
  }
}

static void resolve_worker(gpointer data, gpointer user)
{
  resolve_table(user, data);
}

/* Counting sort of children by parent: a compressed one-to-many link. */
static void link_build(AuditLink *l, guint nparents, guint nchildren, const gint32 *parent_of,
                       const guint8 *parent_obj, guint8 want_obj)
{
  l->start = g_new0(guint32, nparents + 2);
  for (guint c = 0; c < nchildren; c++) {
    gint32 p = parent_of ? parent_of[c] : -1;
    if (p >= 0 && (!parent_obj || parent_obj[c] == want_obj))
      l->start[p + 2]++;
  }
  for (guint p = 0; p < nparents; p++)
    l->start[p + 2] += l->start[p + 1];
  l->items = g_new(guint32, MAX(l->start[nparents + 1], 1));
  for (guint c = 0; c < nchildren; c++) {
    gint32 p = parent_of ? parent_of[c] : -1;
    if (p >= 0 && (!parent_obj || parent_obj[c] == want_obj))
      l->items[l->start[p + 1]++] = c;
  }
}

static void build_activities(AuditModel *m)
{
  const AuditObject src[] = {AUDIT_OBJ_TASK, AUDIT_OBJ_EVENT};
  guint n = 0;
  for (guint s = 0; s < 2; s++)
    n += m->tables[src[s]].nrows;
  m->activities = g_new(AuditActivity, MAX(n, 1));
  m->nactivities = n;
  guint k = 0;
  for (guint s = 0; s < 2; s++) {
    const AuditTable *t = &m->tables[src[s]];
    for (guint r = 0; r < t->nrows; r++, k++) {
      AuditActivity *a = &m->activities[k];
      a->who = audit_ref(t, r, ACTIVITY_WHO);
      a->who_obj = (guint8)audit_ref_object(t, r, ACTIVITY_WHO);
      a->what = audit_ref(t, r, ACTIVITY_WHAT);
      a->what_obj = (guint8)audit_ref_object(t, r, ACTIVITY_WHAT);
      a->day = audit_day(t, r, ACTIVITY_DATE);
      if (a->day == AUDIT_DAY_NONE)
        a->day = audit_day(t, r, ACTIVITY_START);
      if (a->day == AUDIT_DAY_NONE)
        a->day = audit_day(t, r, AUDIT_F_CREATED);
      a->src_obj = (guint8)src[s];
      a->src_row = r;
    }
  }
}

static void activity_link(AuditModel *m, AuditLink *l, AuditObject parent, gboolean by_who)
{
  guint n = m->nactivities;
  gint32 *ref = g_new(gint32, MAX(n, 1));
  guint8 *obj = g_new(guint8, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    ref[i] = by_who ? m->activities[i].who : m->activities[i].what;
    obj[i] = by_who ? m->activities[i].who_obj : m->activities[i].what_obj;
  }
  link_build(l, m->tables[parent].nrows, n, ref, obj, (guint8)parent);
  g_free(ref);
  g_free(obj);
}

static void classify_opportunities(AuditModel *m);

void audit_model_derive(AuditModel *m, guint jobs)
{
  GThreadPool *pool = g_thread_pool_new(resolve_worker, m, (gint)MAX(jobs, 1), FALSE, NULL);
  for (guint o = 0; o < AUDIT_OBJ_COUNT; o++)
    if (m->tables[o].present)
      g_thread_pool_push(pool, &m->tables[o], NULL);
  g_thread_pool_free(pool, FALSE, TRUE);

  const AuditTable *acc = &m->tables[AUDIT_OBJ_ACCOUNT];
  const AuditTable *con = &m->tables[AUDIT_OBJ_CONTACT];
  const AuditTable *opp = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  const AuditTable *ocr = &m->tables[AUDIT_OBJ_CONTACT_ROLE];

  link_build(&m->account_contacts, acc->nrows, con->nrows, con->i32[CONTACT_ACCOUNT], NULL, 0);
  link_build(&m->account_opportunities, acc->nrows, opp->nrows, opp->i32[OPPORTUNITY_ACCOUNT], NULL, 0);
  link_build(&m->account_children, acc->nrows, acc->nrows, acc->i32[ACCOUNT_PARENT], NULL, 0);
  link_build(&m->opportunity_roles, opp->nrows, ocr->nrows, ocr->i32[ROLE_OPPORTUNITY], NULL, 0);
  link_build(&m->contact_roles, con->nrows, ocr->nrows, ocr->i32[ROLE_CONTACT], NULL, 0);

  classify_opportunities(m);
  build_activities(m);
  activity_link(m, &m->contact_activities, AUDIT_OBJ_CONTACT, TRUE);
  activity_link(m, &m->lead_activities, AUDIT_OBJ_LEAD, TRUE);
  activity_link(m, &m->opportunity_activities, AUDIT_OBJ_OPPORTUNITY, FALSE);
  activity_link(m, &m->account_activities, AUDIT_OBJ_ACCOUNT, FALSE);
}

gboolean audit_stage_name_equal(const char *a, const char *b)
{
  char x[512], y[512];
  gsize lx = audit_fold_name_to(a, x, sizeof x), ly = audit_fold_name_to(b, y, sizeof y);
  return lx == ly && memcmp(x, y, lx) == 0;
}

gboolean audit_stage_in(const char *stage, const char *const *stages)
{
  for (guint i = 0; stages && stages[i]; i++)
    if (audit_stage_name_equal(stage, stages[i]))
      return TRUE;
  return FALSE;
}

gboolean audit_stage_is_open(const char *stage, const char *const *open_stages)
{
  if (open_stages)
    return audit_stage_in(stage, open_stages);
  /* Closed Won, Closed - Lost, Won, Lost, Closed/Lost ... */
  g_autofree char *lower = g_ascii_strdown(stage, -1);
  g_auto(GStrv) words = g_regex_split_simple("[^a-z0-9]+", lower, 0, 0);
  for (guint i = 0; words[i]; i++)
    if (strcmp(words[i], "closed") == 0 || strcmp(words[i], "won") == 0 || strcmp(words[i], "lost") == 0)
      return FALSE;
  return TRUE;
}

static void classify_opportunities(AuditModel *m)
{
  const AuditTable *opps = &m->tables[AUDIT_OBJ_OPPORTUNITY];
  m->opportunity_open = g_new(guint8, MAX(opps->nrows, 1));
  for (guint r = 0; r < opps->nrows; r++) {
    int closed = audit_flag(opps, r, OPPORTUNITY_IS_CLOSED);
    m->opportunity_open[r] = closed != AUDIT_BOOL_NONE
                               ? !closed
                               : audit_stage_is_open(audit_text(opps, r, OPPORTUNITY_STAGE),
                                                     (const char *const *)m->open_stages);
  }
}

const char *audit_record_name(const AuditModel *m, AuditObject o, guint row, char *buf, gsize buflen)
{
  const AuditTable *t = &m->tables[o];
  switch (o) {
  case AUDIT_OBJ_ACCOUNT:
    return audit_text(t, row, ACCOUNT_NAME);
  case AUDIT_OBJ_OPPORTUNITY:
    return audit_text(t, row, OPPORTUNITY_NAME);
  case AUDIT_OBJ_USER:
    if (*audit_text(t, row, USER_NAME))
      return audit_text(t, row, USER_NAME);
    g_snprintf(buf, buflen, "%s %s", audit_text(t, row, USER_FIRST_NAME), audit_text(t, row, USER_LAST_NAME));
    return g_strstrip(buf);
  case AUDIT_OBJ_CONTACT:
  case AUDIT_OBJ_LEAD: {
    guint name = o == AUDIT_OBJ_CONTACT ? CONTACT_NAME : LEAD_NAME;
    guint first = o == AUDIT_OBJ_CONTACT ? CONTACT_FIRST_NAME : LEAD_FIRST_NAME;
    guint last = o == AUDIT_OBJ_CONTACT ? CONTACT_LAST_NAME : LEAD_LAST_NAME;
    if (*audit_text(t, row, name))
      return audit_text(t, row, name);
    g_snprintf(buf, buflen, "%s %s", audit_text(t, row, first), audit_text(t, row, last));
    return g_strstrip(buf);
  }
  case AUDIT_OBJ_TASK:
  case AUDIT_OBJ_EVENT:
    return audit_text(t, row, ACTIVITY_SUBJECT);
  case AUDIT_OBJ_CONTACT_ROLE: {
    gint32 c = audit_ref(t, row, ROLE_CONTACT);
    if (c >= 0)
      return audit_record_name(m, AUDIT_OBJ_CONTACT, (guint)c, buf, buflen);
    return audit_text(t, row, ROLE_ROLE);
  }
  default:
    return "";
  }
}

const char *audit_user_name(const AuditModel *m, const char *user_id, char *buf, gsize buflen)
{
  const AuditTable *users = &m->tables[AUDIT_OBJ_USER];
  gint32 u = *user_id && users->present ? audit_table_find(users, user_id, strlen(user_id)) : -1;
  return u >= 0 ? audit_record_name(m, AUDIT_OBJ_USER, (guint)u, buf, buflen) : NULL;
}

const char *audit_record_owner(const AuditModel *m, AuditObject o, guint row)
{
  const AuditTable *t = &m->tables[o];
  if (o == AUDIT_OBJ_CONTACT_ROLE) {
    gint32 opp = audit_ref(t, row, ROLE_OPPORTUNITY);
    if (opp < 0)
      return "";
    return audit_text(&m->tables[AUDIT_OBJ_OPPORTUNITY], (guint)opp, AUDIT_F_OWNER);
  }
  if (o == AUDIT_OBJ_USER)
    return "";
  return audit_text(t, row, AUDIT_F_OWNER);
}

const char *audit_record_type_name(const AuditModel *m, AuditObject o, guint row, guint field)
{
  const AuditTable *t = &m->tables[o];
  gint32 rt = audit_ref(t, row, field);
  if (rt >= 0 && audit_ref_object(t, row, field) == AUDIT_OBJ_RECORD_TYPE) {
    const char *name = audit_text(&m->tables[AUDIT_OBJ_RECORD_TYPE], (guint)rt, RECORD_TYPE_NAME);
    if (!audit_is_blank(name))
      return name;
  }
  return audit_text(t, row, field);
}

gint32 audit_record_account(const AuditModel *m, AuditObject o, gint32 row)
{
  if (row < 0 || o >= AUDIT_OBJ_COUNT)
    return -1;
  const AuditTable *t = &m->tables[o];
  switch (o) {
  case AUDIT_OBJ_ACCOUNT:
    return row;
  case AUDIT_OBJ_CONTACT:
    return MAX(audit_ref(t, (guint)row, CONTACT_ACCOUNT), -1);
  case AUDIT_OBJ_OPPORTUNITY:
    return MAX(audit_ref(t, (guint)row, OPPORTUNITY_ACCOUNT), -1);
  case AUDIT_OBJ_CONTACT_ROLE:
    return audit_record_account(m, AUDIT_OBJ_OPPORTUNITY, audit_ref(t, (guint)row, ROLE_OPPORTUNITY));
  default:
    return -1;
  }
}

guint audit_record_segment(const AuditModel *m, AuditObject o, gint32 row)
{
  gint32 a = m->account_segment ? audit_record_account(m, o, row) : -1;
  return a >= 0 ? (guint)m->account_segment[a] : 0;
}

guint8 *audit_repeat_rows(const AuditTable *t)
{
  if (!t->duplicate_rows || t->duplicate_rows->len == 0)
    return NULL;
  guint8 *skip = g_new0(guint8, MAX(t->nrows, 1));
  for (guint i = 0; i < t->duplicate_rows->len; i++)
    skip[g_array_index(t->duplicate_rows, guint32, i)] = 1;
  return skip;
}

gsize audit_person_fold_name(const AuditModel *m, AuditObject o, guint row, char *buf, gsize size)
{
  g_assert(o == AUDIT_OBJ_CONTACT || o == AUDIT_OBJ_LEAD);
  const AuditTable *t = &m->tables[o];
  gboolean c = o == AUDIT_OBJ_CONTACT;
  const char *name = audit_text(t, row, c ? CONTACT_NAME : LEAD_NAME);
  if (*name)
    return audit_fold_name_to(name, buf, size);
  /* folding "First Last" is folding each and joining them with a space */
  gsize n = audit_fold_name_to(audit_text(t, row, c ? CONTACT_FIRST_NAME : LEAD_FIRST_NAME), buf, size - 1);
  if (n)
    buf[n++] = ' ';
  gsize k = audit_fold_name_to(audit_text(t, row, c ? CONTACT_LAST_NAME : LEAD_LAST_NAME), buf + n, size - n);
  if (!k && n)
    buf[--n] = 0;
  return n + k;
}
