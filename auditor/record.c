/* The read API: records' names, owners, accounts, segments, stages (model.h). */
#include "model.h"
#include "fold.h"
#include "value.h"

#include <string.h>

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

gboolean audit_account_is_ancestor(const AuditModel *m, gint32 anc, gint32 row)
{
  if (anc < 0 || row < 0 || anc == row)
    return FALSE;
  /* every account of a cycle is above the others and above all that hangs from it */
  if (m->account_tree[anc] == AUDIT_TREE_CYCLE)
    return m->account_tree[row] != AUDIT_TREE_TOP && m->account_root[anc] == m->account_root[row];
  /* else row among anc's descendants */
  return m->account_tree[row] == m->account_tree[anc] && m->account_pre[anc] < m->account_pre[row] &&
         m->account_pre[row] <= m->account_pre[anc] + m->account_span[anc];
}
