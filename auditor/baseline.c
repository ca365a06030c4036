#include "baseline.h"

#include <errno.h>
#include <stdio.h>
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

/* The reader: a streaming parse of findings.json's shape, which keeps only
 * the members a baseline needs. Memory grows with the findings kept, not
 * with the file, and nesting is limited (a file nested 80,000 deep once
 * overflowed json-glib's recursion). */
#define MAX_DEPTH 64
#define KEY_MAX 256 /* longer keys are none of ours (a check id and an option name are shorter): not kept */

typedef struct {
  FILE *fp;
  const char *path;
  guchar buf[1 << 16];
  gsize len, pos;
  guint line, col; /* of the next byte */
  guint depth;
  GError *error;   /* the first */
} Reader;

static int peek(Reader *r)
{
  if (r->pos == r->len) {
    r->len = fread(r->buf, 1, sizeof r->buf, r->fp);
    r->pos = 0;
    if (r->len == 0)
      return EOF;
  }
  return r->buf[r->pos];
}

static int next(Reader *r)
{
  int c = peek(r);
  if (c == EOF)
    return EOF;
  r->pos++;
  if (c == '\n')
    r->line++, r->col = 1;
  else
    r->col++;
  return c;
}

static void skip_space(Reader *r)
{
  for (int c = peek(r); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek(r))
    next(r);
}

static gboolean syntax(Reader *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean syntax(Reader *r, const char *fmt, ...)
{
  if (r->error)
    return FALSE;
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  r->error = g_error_new(AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s:%u:%u: %s (--baseline expects the findings.json of "
                         "an earlier run of crm-audit " CRM_AUDIT_VERSION ")", r->path, r->line, r->col, msg);
  return FALSE;
}

static gboolean expect(Reader *r, char want)
{
  skip_space(r);
  int c = peek(r);
  if (c != want)
    return c == EOF ? syntax(r, "expected '%c', found the end of the file", want)
                    : syntax(r, "expected '%c', found '%c'", want, c);
  next(r);
  return TRUE;
}

static int hex4(Reader *r)
{
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int c = next(r);
    if (!g_ascii_isxdigit(c))
      return -1;
    v = v * 16 + g_ascii_xdigit_value((char)c);
  }
  return v;
}

/* A string (at its opening quote) into out, when out is not NULL: at most
 * max bytes of it (0: all), *whole FALSE when cut. */
static gboolean read_string(Reader *r, GString *out, gsize max, gboolean *whole)
{
  if (!expect(r, '"'))
    return FALSE;
  if (out)
    g_string_truncate(out, 0);
  if (whole)
    *whole = TRUE;
  char utf8[8];
  for (;;) {
    int c = next(r);
    const char *add = utf8;
    gsize n = 1;
    if (c == EOF)
      return syntax(r, "expected the end of a string, found the end of the file");
    if (c == '"')
      break;
    if (c < 0x20)
      return syntax(r, "expected no control character in a string, found 0x%02X", c);
    utf8[0] = (char)c;
    if (c == '\\') {
      guint line = r->line, col = r->col; /* errors point at the escape's letter */
      int e = next(r);
      switch (e) {
      case '"': case '\\': case '/': utf8[0] = (char)e; break;
      case 'b': utf8[0] = '\b'; break;
      case 'f': utf8[0] = '\f'; break;
      case 'n': utf8[0] = '\n'; break;
      case 'r': utf8[0] = '\r'; break;
      case 't': utf8[0] = '\t'; break;
      case 'u': {
        int u = hex4(r);
        if (u >= 0xD800 && u < 0xDC00) {
          int lo = next(r) == '\\' && next(r) == 'u' ? hex4(r) : -1;
          u = lo >= 0xDC00 && lo < 0xE000 ? 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00) : -1;
        } else if (u >= 0xDC00 && u < 0xE000)
          u = -1;
        if (u <= 0) {
          r->line = line, r->col = col;
          return syntax(r, "expected a \\u escape of a character, found an invalid one");
        }
        n = (gsize)g_unichar_to_utf8((gunichar)u, utf8);
        break;
      }
      default:
        r->line = line, r->col = col;
        return syntax(r, "expected an escape such as \\n or \\u0041 after a backslash");
      }
    }
    if (!out)
      continue;
    if (max && out->len + n > max) {
      *whole = FALSE;
      continue;
    }
    g_string_append_len(out, add, (gssize)n);
  }
  if (out && !g_utf8_validate_len(out->str, out->len, NULL))
    return syntax(r, "expected UTF-8 text in a string");
  return TRUE;
}

static gboolean skip_value(Reader *r);

/* An object or array (at its opening bracket), each member's key into key
 * and its value given to member (which reads or skips it). */
typedef gboolean (*MemberFunc)(Reader *r, const char *key, gpointer user);

static gboolean read_container(Reader *r, gboolean object, MemberFunc member, gpointer user)
{
  if (!expect(r, object ? '{' : '['))
    return FALSE;
  if (++r->depth > MAX_DEPTH)
    return syntax(r, "expected at most %u levels of nesting, found more", MAX_DEPTH);
  g_autoptr(GString) key = g_string_new(NULL);
  skip_space(r);
  if (peek(r) == (object ? '}' : ']')) {
    next(r);
    r->depth--;
    return TRUE;
  }
  for (;;) {
    if (object) {
      gboolean whole;
      skip_space(r);
      if (!read_string(r, key, KEY_MAX, &whole) || !expect(r, ':'))
        return FALSE;
      if (!whole)
        g_string_assign(key, "");
    }
    if (!member(r, object ? key->str : NULL, user))
      return FALSE;
    skip_space(r);
    int c = peek(r);
    if (c == (object ? '}' : ']') || c == ',')
      next(r);
    if (c == (object ? '}' : ']'))
      break;
    if (c != ',')
      return c == EOF ? syntax(r, "expected ',' or '%c', found the end of the file", object ? '}' : ']')
                      : syntax(r, "expected ',' or '%c', found '%c'", object ? '}' : ']', c);
  }
  r->depth--;
  return TRUE;
}

static gboolean skip_member(Reader *r, const char *key, gpointer user)
{
  (void)key, (void)user;
  return skip_value(r);
}

static gboolean skip_value(Reader *r)
{
  skip_space(r);
  int c = peek(r);
  if (c == '{' || c == '[')
    return read_container(r, c == '{', skip_member, NULL);
  if (c == '"')
    return read_string(r, NULL, 0, NULL);
  const char *word = c == 't' ? "true" : c == 'f' ? "false" : c == 'n' ? "null" : NULL;
  if (word) {
    for (const char *w = word; *w; w++) {
      if (peek(r) != *w)
        return syntax(r, "expected %s", word);
      next(r);
    }
    return TRUE;
  }
  if (c == '-' || g_ascii_isdigit(c)) {
    while ((c = peek(r)) != EOF && (g_ascii_isdigit(c) || strchr("+-.eE", c)))
      next(r);
    return TRUE;
  }
  return c == EOF ? syntax(r, "expected a value, found the end of the file") : syntax(r, "expected a value, found '%c'", c);
}

/* A member's string value into *out (a new string), NULL for another value. */
static gboolean read_string_member(Reader *r, char **out)
{
  skip_space(r);
  g_clear_pointer(out, g_free);
  if (peek(r) != '"')
    return skip_value(r);
  g_autoptr(GString) s = g_string_new(NULL);
  if (!read_string(r, s, 0, NULL))
    return FALSE;
  *out = g_string_free(g_steal_pointer(&s), FALSE);
  return TRUE;
}

typedef struct {
  AuditBaseline *b;
  char *name, *version;            /* tool */
  gboolean findings;               /* a "findings" array was read */
  guint n, bad;                    /* findings read; the first without check or fingerprint, 1-based */
  char *m[6];                      /* the finding being read: check, fingerprint, owner, object, record, message */
} Load;

static const char *const finding_members[6] = {"check", "fingerprint", "owner", "object", "record", "message"};

static gboolean tool_member(Reader *r, const char *key, gpointer user)
{
  Load *l = user;
  if (strcmp(key, "name") == 0)
    return read_string_member(r, &l->name);
  if (strcmp(key, "version") == 0)
    return read_string_member(r, &l->version);
  return skip_value(r);
}

static gboolean finding_member(Reader *r, const char *key, gpointer user)
{
  Load *l = user;
  for (guint i = 0; i < G_N_ELEMENTS(finding_members); i++)
    if (strcmp(key, finding_members[i]) == 0)
      return read_string_member(r, &l->m[i]);
  return skip_value(r);
}

static gboolean finding(Reader *r, const char *key, gpointer user)
{
  Load *l = user;
  (void)key;
  for (guint i = 0; i < G_N_ELEMENTS(l->m); i++)
    g_clear_pointer(&l->m[i], g_free);
  skip_space(r);
  if (peek(r) == '{' ? !read_container(r, TRUE, finding_member, l) : !skip_value(r))
    return FALSE;
  l->n++;
  const char *check = l->m[0], *fp = l->m[1];
  if (!check || !fp || strlen(fp) != 32) {
    if (!l->bad)
      l->bad = l->n;
    return TRUE;
  }
  if (l->bad)
    return TRUE;
  char *k = g_strconcat(check, "\t", fp, NULL);
  if (g_hash_table_contains(l->b->keys, k)) {
    g_free(k);
    return TRUE; /* written once per finding; a repeat adds nothing */
  }
  Entry e = {{g_steal_pointer(&l->m[0]), l->m[3] ? g_steal_pointer(&l->m[3]) : g_strdup(""),
              l->m[4] ? g_steal_pointer(&l->m[4]) : g_strdup(""), l->m[2] ? g_steal_pointer(&l->m[2]) : g_strdup(""),
              l->m[5] ? g_steal_pointer(&l->m[5]) : g_strdup("")},
             FALSE};
  g_array_append_val(l->b->entries, e);
  g_hash_table_insert(l->b->keys, k, GUINT_TO_POINTER(l->b->entries->len));
  return TRUE;
}

/* checks[]: each check's effective settings, as the run recorded them (none
 * before they were): {"id": ..., "options": {"key": "value", ...}}; values
 * other than strings are left out. */
typedef struct {
  char *id;
  GHashTable *options;
} CheckRead;

static gboolean option_member(Reader *r, const char *key, gpointer user)
{
  char *v = NULL;
  if (!read_string_member(r, &v))
    return FALSE;
  if (v)
    g_hash_table_replace(user, g_strdup(key), v);
  return TRUE;
}

static gboolean check_member(Reader *r, const char *key, gpointer user)
{
  CheckRead *c = user;
  if (strcmp(key, "id") == 0)
    return read_string_member(r, &c->id);
  skip_space(r);
  if (strcmp(key, "options") == 0 && peek(r) == '{') {
    if (!c->options)
      c->options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return read_container(r, TRUE, option_member, c->options);
  }
  return skip_value(r);
}

static gboolean check_entry(Reader *r, const char *key, gpointer user)
{
  Load *l = user;
  (void)key;
  skip_space(r);
  if (peek(r) != '{')
    return skip_value(r);
  CheckRead c = {0};
  gboolean ok = read_container(r, TRUE, check_member, &c);
  if (ok && c.id && c.options)
    g_hash_table_replace(l->b->options, g_steal_pointer(&c.id), g_steal_pointer(&c.options));
  g_free(c.id);
  if (c.options)
    g_hash_table_unref(c.options);
  return ok;
}

static gboolean top_member(Reader *r, const char *key, gpointer user)
{
  Load *l = user;
  skip_space(r);
  if (strcmp(key, "tool") == 0 && peek(r) == '{')
    return read_container(r, TRUE, tool_member, l);
  if (strcmp(key, "checks") == 0 && peek(r) == '[')
    return read_container(r, FALSE, check_entry, l);
  if (strcmp(key, "findings") == 0 && peek(r) == '[') {
    l->findings = TRUE;
    return read_container(r, FALSE, finding, l);
  }
  return skip_value(r);
}

AuditBaseline *audit_baseline_load(const char *path, GError **error)
{
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    g_set_error(error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: cannot read the baseline: %s", path, g_strerror(errno));
    return NULL;
  }
  Reader *r = g_new0(Reader, 1);
  r->fp = fp;
  r->path = path;
  r->line = r->col = 1;
  Load l = {0};
  l.b = g_new0(AuditBaseline, 1);
  l.b->path = g_strdup(path);
  l.b->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
  g_array_set_clear_func(l.b->entries, entry_clear);
  l.b->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  l.b->options = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);

  skip_space(r);
  int c = peek(r);
  if (c == '{') {
    if (read_container(r, TRUE, top_member, &l)) {
      skip_space(r);
      if (peek(r) != EOF)
        syntax(r, "expected the end of the file after the object");
    }
  } else if (c == '[' || c == EOF || c == 'n' || c == '"' || c == 't' || c == 'f' || c == '-' || g_ascii_isdigit(c)) {
    bad(&r->error, path, "expected a JSON object, found %s",
        c == EOF ? "nothing" : c == '[' ? "an array" : c == 'n' ? "null" : "a value");
  } else
    syntax(r, "expected a JSON object, found '%c'", c);
  if (!r->error && ferror(fp))
    g_set_error(&r->error, AUDIT_ERROR, AUDIT_ERROR_INPUT, "%s: cannot read the baseline: %s", path,
                g_strerror(errno));
  fclose(fp);

  if (!r->error) {
    if (!l.name || strcmp(l.name, "crm-audit") != 0)
      bad(&r->error, path, "expected \"tool\": {\"name\": \"crm-audit\"}, found %s", l.name ? l.name : "none");
    else if (!l.version || strcmp(l.version, CRM_AUDIT_VERSION) != 0)
      bad(&r->error, path, "written by crm-audit %s, not " CRM_AUDIT_VERSION ": fingerprints may not compare; "
          "run the old export again with this version to make a baseline", l.version ? l.version : "(no version)");
    else if (!l.findings)
      bad(&r->error, path, "expected a \"findings\" array");
    else if (l.bad)
      bad(&r->error, path, "finding %u has no check or no 32-character fingerprint", l.bad);
  }
  g_free(l.name);
  g_free(l.version);
  for (guint i = 0; i < G_N_ELEMENTS(l.m); i++)
    g_free(l.m[i]);
  if (r->error) {
    g_propagate_error(error, r->error);
    g_free(r);
    audit_baseline_free(l.b);
    return NULL;
  }
  g_free(r);
  return l.b;
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
