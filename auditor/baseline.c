#include "baseline.h"

#include <json-glib/json-glib.h>
#include <string.h>

typedef struct {
  AuditBaselineFinding f; /* strings owned */
  gboolean taken;
} Entry;

struct AuditBaseline {
  char *path;
  GArray *entries;  /* Entry */
  GHashTable *keys; /* "check\tfingerprint" → index + 1 */
  GHashTable *options; /* check id → its checks[].options (GHashTable key → value), when recorded */
};

static void entry_clear(gpointer p)
{
  Entry *e = p;
  g_free((char *)e->f.check);
  g_free((char *)e->f.object);
  g_free((char *)e->f.record);
  g_free((char *)e->f.owner);
  g_free((char *)e->f.message);
}

void audit_baseline_free(AuditBaseline *b)
{
  if (!b)
    return;
  g_free(b->path);
  g_array_unref(b->entries);
  g_hash_table_unref(b->keys);
  g_hash_table_unref(b->options);
  g_free(b);
}

static gboolean bad(GError **error, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean bad(GError **error, const char *path, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: %s (--baseline expects the findings.json of an earlier "
              "run of crm-audit " CRM_AUDIT_VERSION ")", path, msg);
  return FALSE;
}

static const char *member_string(JsonObject *o, const char *name)
{
  JsonNode *n = json_object_get_member(o, name);
  if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string(n);
}

AuditBaseline *audit_baseline_load(const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable();
  GError *jerr = NULL;
  if (!json_parser_load_from_file(parser, path, &jerr)) {
    if (g_error_matches(jerr, G_FILE_ERROR, G_FILE_ERROR_NOENT) || jerr->domain == G_FILE_ERROR)
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: cannot read the baseline: %s", path, jerr->message);
    else
      /* json-glib's message starts with <data>:LINE:COL: */
      g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s:%s (--baseline expects the findings.json of an "
                  "earlier run of crm-audit " CRM_AUDIT_VERSION ")", path,
                  strchr(jerr->message, ':') ? strchr(jerr->message, ':') + 1 : jerr->message);
    g_error_free(jerr);
    return NULL;
  }
  JsonNode *root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    bad(error, path, "expected a JSON object, found %s",
        !root ? "nothing" : JSON_NODE_HOLDS_ARRAY(root) ? "an array" : JSON_NODE_HOLDS_NULL(root) ? "null" : "a value");
    return NULL;
  }
  JsonObject *o = json_node_get_object(root);
  JsonNode *tool = json_object_get_member(o, "tool");
  const char *name = tool && JSON_NODE_HOLDS_OBJECT(tool) ? member_string(json_node_get_object(tool), "name") : NULL;
  const char *version =
    tool && JSON_NODE_HOLDS_OBJECT(tool) ? member_string(json_node_get_object(tool), "version") : NULL;
  if (!name || strcmp(name, "crm-audit") != 0) {
    bad(error, path, "expected \"tool\": {\"name\": \"crm-audit\"}, found %s", name ? name : "none");
    return NULL;
  }
  if (!version || strcmp(version, CRM_AUDIT_VERSION) != 0) {
    bad(error, path, "written by crm-audit %s, not " CRM_AUDIT_VERSION ": fingerprints may not compare; "
        "run the old export again with this version to make a baseline", version ? version : "(no version)");
    return NULL;
  }
  JsonNode *fs = json_object_get_member(o, "findings");
  if (!fs || !JSON_NODE_HOLDS_ARRAY(fs)) {
    bad(error, path, "expected a \"findings\" array");
    return NULL;
  }
  AuditBaseline *b = g_new0(AuditBaseline, 1);
  b->path = g_strdup(path);
  b->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
  g_array_set_clear_func(b->entries, entry_clear);
  b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  b->options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
  /* each check's effective settings, as the run recorded them (none before they were) */
  JsonNode *cs = json_object_get_member(o, "checks");
  JsonArray *carr = cs && JSON_NODE_HOLDS_ARRAY(cs) ? json_node_get_array(cs) : NULL;
  for (guint i = 0; carr && i < json_array_get_length(carr); i++) {
    JsonNode *x = json_array_get_element(carr, i);
    JsonObject *c = x && JSON_NODE_HOLDS_OBJECT(x) ? json_node_get_object(x) : NULL;
    const char *id = c ? member_string(c, "id") : NULL;
    JsonNode *opts = c ? json_object_get_member(c, "options") : NULL;
    if (!id || !opts || !JSON_NODE_HOLDS_OBJECT(opts))
      continue;
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    JsonObject *oo = json_node_get_object(opts);
    g_autoptr(GList) names = json_object_get_members(oo);
    for (GList *l = names; l; l = l->next) {
      const char *v = member_string(oo, l->data);
      if (v)
        g_hash_table_insert(t, g_strdup(l->data), g_strdup(v));
    }
    g_hash_table_replace(b->options, g_strdup(id), t);
  }
  JsonArray *arr = json_node_get_array(fs);
  guint n = json_array_get_length(arr);
  for (guint i = 0; i < n; i++) {
    JsonNode *x = json_array_get_element(arr, i);
    const char *check = NULL, *fp = NULL, *owner = NULL, *object = NULL, *record = NULL, *message = NULL;
    if (x && JSON_NODE_HOLDS_OBJECT(x)) {
      JsonObject *f = json_node_get_object(x);
      check = member_string(f, "check");
      fp = member_string(f, "fingerprint");
      owner = member_string(f, "owner"); /* null for records without an owner */
      object = member_string(f, "object");
      record = member_string(f, "record");
      message = member_string(f, "message");
    }
    if (!check || !fp || strlen(fp) != 32) {
      bad(error, path, "finding %u has no check or no 32-character fingerprint", i + 1);
      audit_baseline_free(b);
      return NULL;
    }
    char *key = g_strconcat(check, "\t", fp, NULL);
    if (g_hash_table_contains(b->keys, key)) {
      g_free(key);
      continue; /* written once per finding; a repeat adds nothing */
    }
    Entry e = {{g_strdup(check), g_strdup(object ? object : ""), g_strdup(record ? record : ""),
                g_strdup(owner ? owner : ""), g_strdup(message ? message : "")},
               FALSE};
    g_array_append_val(b->entries, e);
    g_hash_table_insert(b->keys, key, GUINT_TO_POINTER(b->entries->len));
  }
  return b;
}

const char *audit_baseline_path(const AuditBaseline *b)
{
  return b->path;
}

GHashTable *audit_baseline_check_options(const AuditBaseline *b, const char *check)
{
  return g_hash_table_lookup(b->options, check);
}

guint audit_baseline_size(const AuditBaseline *b)
{
  return b->entries->len;
}

gboolean audit_baseline_take(AuditBaseline *b, const char *check, const char *fingerprint)
{
  char key[256];
  g_snprintf(key, sizeof key, "%s\t%s", check, fingerprint);
  guint at = GPOINTER_TO_UINT(g_hash_table_lookup(b->keys, key));
  if (!at)
    return FALSE;
  g_array_index(b->entries, Entry, at - 1).taken = TRUE;
  return TRUE;
}

void audit_baseline_foreach_gone(const AuditBaseline *b, gboolean (*ran)(const char *check, gpointer user),
                                 void (*fn)(const AuditBaselineFinding *f, gpointer user), gpointer user)
{
  for (guint i = 0; i < b->entries->len; i++) {
    const Entry *e = &g_array_index(b->entries, Entry, i);
    if (!e->taken && ran(e->f.check, user))
      fn(&e->f, user);
  }
}
