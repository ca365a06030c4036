#include "title.h"
#include "fold.h"
#include "value.h"
#include "normalize-internal.h"
#include "data.h"

#include <string.h>

/* ---- title → buying role ---- */

typedef struct {
  char *role;
  GPtrArray *excludes; /* canonical: a title matching one of these skips the rule */
  GPtrArray *originals; /* as configured, "!" before an exclusion */
} RoleRule;

/* Patterns indexed by their first word, so that a title is tried only on the
 * patterns whose first word it has (and on those whose first word is a prefix
 * or suffix, tried always): hundreds of patterns, a handful tried. Each
 * pattern has a tag (its rule, its place in a list); the smallest tag that
 * matches wins. */
typedef struct {
  GPtrArray *patterns; /* canonical, " word word " */
  GArray *tags;        /* guint, one per pattern */
  GHashTable *by_word; /* first word → GArray of pattern numbers */
  GHashTable *by_head; /* the first two bytes of a first word "ab*" → GArray */
  GHashTable *by_tail; /* the last two bytes of a first word "*ab" → GArray */
  GArray *wild;        /* the others with a '*' in the first word, tried always */
} PatternIndex;

struct AuditRoleMap {
  GArray *rules;       /* RoleRule */
  PatternIndex index;  /* the rules' patterns, tagged with the rule's number */
};

/* Abbreviations written out (data/title-abbreviations.tsv), so that "CFO",
 * "C.F.O." and "Chief Financial Officer" read the same on both sides. */

/* The words of titles that join others (data/title-joining-words.txt),
 * mark a person no longer in the role (title-gone-words.txt), make an
 * assistant's title (title-assistant-words.txt, cut when one of
 * title-assistant-joined-words.txt follows; title-assistant-any-words.txt
 * always), and after which a pattern does not match (title-vice-words.txt:
 * a Vice President is not the President). */

/* What title_canon needs to know of a word, from the lists above: one hash
 * lookup per word. */
enum { TW_STOP = 1, TW_GONE = 2, TW_ASSISTANT = 4, TW_ASSISTANT_ANY = 8, TW_JOINED = 16 };
typedef struct {
  guint flags;
  const char *full; /* data/title-abbreviations.tsv's expansion, NULL when none */
} TitleWord;

static GHashTable *title_words(void)
{
  static gsize once = 0;
  static GHashTable *words;
  if (g_once_init_enter(&once)) {
    words = g_hash_table_new(g_str_hash, g_str_equal);
    const struct {
      const char *const *list;
      guint flag;
    } lists[] = {{audit_data(AUDIT_DATA_TITLE_JOINING_WORDS), TW_STOP},
                 {audit_data(AUDIT_DATA_TITLE_GONE_WORDS), TW_GONE},
                 {audit_data(AUDIT_DATA_TITLE_ASSISTANT_WORDS), TW_ASSISTANT},
                 {audit_data(AUDIT_DATA_TITLE_ASSISTANT_ANY_WORDS), TW_ASSISTANT_ANY},
                 {audit_data(AUDIT_DATA_TITLE_ASSISTANT_JOINED_WORDS), TW_JOINED}};
    for (gsize l = 0; l <= G_N_ELEMENTS(lists); l++) {
      const char *const *abbrevs = audit_data(AUDIT_DATA_TITLE_ABBREVIATIONS);
      gsize n = l < G_N_ELEMENTS(lists) ? g_strv_length((char **)lists[l].list)
                                        : audit_data_rows(AUDIT_DATA_TITLE_ABBREVIATIONS);
      for (gsize i = 0; i < n; i++) {
        const char *w = l < G_N_ELEMENTS(lists) ? lists[l].list[i] : abbrevs[2 * i];
        TitleWord *x = g_hash_table_lookup(words, w);
        if (!x) {
          x = g_new0(TitleWord, 1);
          g_hash_table_insert(words, (gpointer)w, x);
        }
        if (l < G_N_ELEMENTS(lists))
          x->flags |= lists[l].flag;
        else
          x->full = abbrevs[2 * i + 1];
      }
    }
    g_once_init_leave(&once, 1);
  }
  return words;
}

/* One word of a folded title in the form both sides compare: ASCII as it
 * is; in Arabic the spellings of alef, teh marbuta and alef maksura made
 * one, the tatweel dropped and the article (ال, وال, بال, لل, ...) cut; in
 * Russian ё as е. */
static char *script_word(const char *w, gsize len)
{
  gboolean ascii = TRUE;
  for (gsize i = 0; i < len && ascii; i++)
    ascii = (guchar)w[i] < 0x80;
  if (ascii)
    return g_strndup(w, len);
  GString *o = g_string_sized_new(len);
  gboolean arabic = FALSE;
  for (const char *p = w; p < w + len; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c >= 0x600 && c <= 0x6FF)
      arabic = TRUE;
    if (c == 0x623 || c == 0x625 || c == 0x622 || c == 0x671)
      c = 0x627; /* أ إ آ ٱ → ا */
    else if (c == 0x629)
      c = 0x647; /* ة → ه */
    else if (c == 0x649)
      c = 0x64A; /* ى → ي */
    else if (c == 0x451)
      c = 0x435; /* ё → е */
    else if (c == 0x640)
      continue; /* tatweel */
    g_string_append_unichar(o, c);
  }
  if (arabic) {
    static const char *const article[] = {"وال", "بال", "فال", "كال", "لل", "ال", NULL};
    for (guint i = 0; article[i]; i++)
      if (g_str_has_prefix(o->str, article[i]) &&
          g_utf8_strlen(o->str + strlen(article[i]), -1) >= 2) {
        g_string_erase(o, 0, (gssize)strlen(article[i]));
        break;
      }
  }
  return g_string_free(o, FALSE);
}

/* The canonical form of a title or pattern: accents folded, lower case
 * (letters of scripts without an ASCII form kept, see script_word), words
 * separated by one space with a space at each end (" word " finds whole
 * words), runs of single letters joined ("V.P." → "vp"), abbreviations
 * written out and joining words dropped. A pattern keeps a '*' at either
 * end of a word (a prefix or suffix: "директор*", "*leiter"). For a title
 * (is_title), "to" and what follows is cut ("Assistant to the CFO" is an
 * assistant), and so is what follows an assistant's word (title-assistant-words.txt);
 * *gone tells whether it marks a former holder. */
static char *title_canon(const char *s, gboolean is_title, gboolean *gone)
{
  s = s ? s : "";
  gboolean plain = TRUE; /* ASCII already: nothing to fold (most titles) */
  for (const char *p = s; *p && plain; p++)
    plain = (guchar)*p < 0x80;
  g_autofree char *folded = NULL;
  if (plain)
    folded = g_ascii_strdown(s, -1);
  else {
    GString *f = g_string_sized_new(strlen(s));
    audit_fold_text(s, f);
    folded = g_string_free(f, FALSE);
  }
  /* split into words: ASCII letters and digits, and the bytes of a kept
   * letter (audit_fold_text turned every other non-ASCII character into a space) */
#define WORD_CHAR(c) (g_ascii_isalnum(c) || (guchar)(c) >= 0x80 || (!is_title && (c) == '*'))
  GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
  for (const char *p = folded; *p;) {
    while (*p && !WORD_CHAR(*p))
      p++;
    const char *w = p;
    while (*p && WORD_CHAR(*p))
      p++;
    if (p > w)
      g_ptr_array_add(words, script_word(w, (gsize)(p - w)));
  }
#undef WORD_CHAR
  if (gone)
    *gone = FALSE;
  GHashTable *known = title_words();
  GString *out = g_string_new(" ");
  GString *letters = g_string_new(NULL); /* a run of single letters */
  for (guint i = 0; i <= words->len; i++) {
    const char *w = i < words->len ? words->pdata[i] : NULL;
    if (w && strlen(w) == 1 && g_ascii_isalpha(w[0])) {
      g_string_append(letters, w);
      continue;
    }
    /* flush a run of single letters as one word (or as the letter itself) */
    const char *pending[2] = {letters->len ? letters->str : NULL, w};
    gboolean stop = FALSE;
    for (guint k = 0; k < 2 && !stop; k++) {
      const char *x = pending[k];
      if (!x)
        continue;
      if (is_title && strcmp(x, "to") == 0 && out->len > 1 && i < words->len &&
          !(i + 1 < words->len && strcmp(words->pdata[i + 1], "market") == 0)) {
        stop = TRUE; /* "Assistant to the CFO", not "Go to Market" */
        break;
      }
      const TitleWord *tw = g_hash_table_lookup(known, x);
      guint flags = tw ? tw->flags : 0;
      if (flags & TW_STOP)
        continue;
      if (gone && (flags & TW_GONE))
        *gone = TRUE;
      g_string_append(out, tw && tw->full ? tw->full : x);
      g_string_append_c(out, ' ');
      if (is_title && k == 1 && i + 1 < words->len && (flags & (TW_ASSISTANT | TW_ASSISTANT_ANY))) {
        const TitleWord *next = g_hash_table_lookup(known, words->pdata[i + 1]);
        if ((flags & TW_ASSISTANT_ANY) || (next && (next->flags & TW_JOINED)))
          stop = TRUE; /* "Asistente del Gerente General" */
      }
    }
    g_string_truncate(letters, 0);
    if (stop)
      break;
  }
  g_string_free(letters, TRUE);
  g_ptr_array_free(words, TRUE);
  return g_string_free(out, FALSE);
}

/* The word before position at in a canonical " w1 w2 " string (at points
 * at the space before a word), or "" at the start. */
static void word_before(const char *t, const char *at, const char **w, gsize *len)
{
  const char *end = at;
  const char *start = end;
  while (start > t && start[-1] != ' ')
    start--;
  *w = start;
  *len = (gsize)(end - start);
}

/* Does a title's word match a pattern's word: equal, or for "abc*" starting
 * with abc, for "*abc" ending with it. */
static gboolean word_matches(const char *w, gsize wl, const char *p, gsize pl)
{
  if (pl > 1 && p[pl - 1] == '*')
    return wl >= pl - 1 && memcmp(w, p, pl - 1) == 0;
  if (pl > 1 && p[0] == '*')
    return wl >= pl - 1 && memcmp(w + wl - (pl - 1), p + 1, pl - 1) == 0;
  return wl == pl && memcmp(w, p, pl) == 0;
}

/* Do the pattern's words follow at (both point at the space before a word)? */
static gboolean words_match_at(const char *at, const char *pat)
{
  for (;;) {
    pat++;
    if (!*pat)
      return TRUE;
    at++;
    if (!*at)
      return FALSE;
    gsize pl = strcspn(pat, " "), wl = strcspn(at, " ");
    if (!word_matches(at, wl, pat, pl))
      return FALSE;
    pat += pl;
    at += wl;
  }
}

/* Does the canonical pattern occur in the canonical title as whole words, in
 * a place where it means what it says? Not after "vice" ("President" is not
 * the Vice President), and "owner" not as a product, process or data owner. */
static gboolean title_has(const char *t, const char *pat)
{
  static const char *const owner_of[] = {"product", "process", "data", "service", "system", "application",
                                         "account", "content", "release", NULL};
  const char *const *vice = audit_data(AUDIT_DATA_TITLE_VICE_WORDS);
  gboolean wild = strchr(pat, '*') != NULL;
  for (const char *at = wild ? t : strstr(t, pat); at && at[1];
       at = wild ? strchr(at + 1, ' ') : strstr(at + 1, pat)) {
    if (wild && !words_match_at(at, pat))
      continue;
    const char *w;
    gsize len;
    word_before(t, at, &w, &len);
    if (len && word_in(w, len, vice) && !word_in(pat + 1, strcspn(pat + 1, " "), vice))
      continue;
    if (len && g_str_has_prefix(pat, " owner ") && word_in(w, len, owner_of))
      continue;
    return TRUE;
  }
  return FALSE;
}


static void pattern_index_init(PatternIndex *x)
{
  x->patterns = g_ptr_array_new_with_free_func(g_free);
  x->tags = g_array_new(FALSE, FALSE, sizeof(guint));
  x->by_word = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  x->by_head = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  x->by_tail = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  x->wild = g_array_new(FALSE, FALSE, sizeof(guint));
}

static void pattern_index_clear(PatternIndex *x)
{
  g_ptr_array_unref(x->patterns);
  g_array_unref(x->tags);
  g_hash_table_unref(x->by_word);
  g_hash_table_unref(x->by_head);
  g_hash_table_unref(x->by_tail);
  g_array_unref(x->wild);
}

static void index_list_add(GHashTable *h, const char *key, gsize len, guint k)
{
  char *word = g_strndup(key, len);
  GArray *list = g_hash_table_lookup(h, word);
  if (!list) {
    list = g_array_new(FALSE, FALSE, sizeof(guint));
    g_hash_table_insert(h, word, list);
  } else
    g_free(word);
  g_array_append_val(list, k);
}

/* Adds a canonical pattern (taken) with its tag. */
static void pattern_index_add(PatternIndex *x, char *pattern, guint tag)
{
  guint k = x->patterns->len;
  g_ptr_array_add(x->patterns, pattern);
  g_array_append_val(x->tags, tag);
  const char *w = pattern + 1;
  gsize n = strcspn(w, " ");
  const char *star = memchr(w, '*', n);
  if (!star)
    index_list_add(x->by_word, w, n, k);
  else if (star == w + n - 1 && n >= 3 && !memchr(w, '*', n - 1))
    index_list_add(x->by_head, w, 2, k);
  else if (star == w && n >= 3 && !memchr(w + 1, '*', n - 1))
    index_list_add(x->by_tail, w + n - 2, 2, k);
  else
    g_array_append_val(x->wild, k);
}

static void pattern_try_list(const PatternIndex *x, const char *t, GHashTable *h, const char *key, gsize len,
                             const guint8 *skip, guint *best);

static void pattern_try(const PatternIndex *x, const char *t, guint k, const guint8 *skip, guint *best)
{
  guint tag = g_array_index(x->tags, guint, k);
  if (tag < *best && !(skip && skip[tag]) && title_has(t, x->patterns->pdata[k]))
    *best = tag;
}

/* Tries the patterns listed under a key (len bytes at key). */
static void pattern_try_list(const PatternIndex *x, const char *t, GHashTable *h, const char *key, gsize len,
                             const guint8 *skip, guint *best)
{
  char buf[128];
  if (len >= sizeof buf)
    return;
  memcpy(buf, key, len);
  buf[len] = 0;
  const GArray *list = g_hash_table_lookup(h, buf);
  for (guint i = 0; list && i < list->len; i++)
    pattern_try(x, t, g_array_index(list, guint, i), skip, best);
}

/* The smallest tag of a pattern the canonical title has, leaving out the
 * tags skip marks (may be NULL); G_MAXUINT when none. */
static guint pattern_index_first(const PatternIndex *x, const char *t, const guint8 *skip)
{
  guint best = G_MAXUINT;
  for (const char *w = t + 1; *w;) {
    gsize n = strcspn(w, " ");
    pattern_try_list(x, t, x->by_word, w, n, skip, &best);
    if (n >= 2) {
      pattern_try_list(x, t, x->by_head, w, 2, skip, &best);
      pattern_try_list(x, t, x->by_tail, w + n - 2, 2, skip, &best);
    }
    w += n;
    while (*w == ' ')
      w++;
  }
  for (guint i = 0; i < x->wild->len; i++)
    pattern_try(x, t, g_array_index(x->wild, guint, i), skip, &best);
  return best;
}

static void rule_clear(gpointer p)
{
  RoleRule *r = p;
  g_free(r->role);
  g_ptr_array_unref(r->excludes);
  g_ptr_array_unref(r->originals);
}

AuditRoleMap *audit_role_map_new(void)
{
  AuditRoleMap *m = g_new0(AuditRoleMap, 1);
  m->rules = g_array_new(FALSE, FALSE, sizeof(RoleRule));
  g_array_set_clear_func(m->rules, rule_clear);
  pattern_index_init(&m->index);
  return m;
}

void audit_role_map_add(AuditRoleMap *map, const char *role, const char *const *patterns)
{
  guint tag = 0;
  while (tag < map->rules->len && strcmp(g_array_index(map->rules, RoleRule, tag).role, role) != 0)
    tag++;
  if (tag == map->rules->len) {
    RoleRule n = {g_strdup(role), g_ptr_array_new_with_free_func(g_free), g_ptr_array_new_with_free_func(g_free)};
    g_ptr_array_add(n.originals, NULL);
    g_array_append_val(map->rules, n);
  }
  RoleRule *r = &g_array_index(map->rules, RoleRule, tag);
  for (guint i = 0; patterns[i]; i++) {
    g_ptr_array_insert(r->originals, (gint)r->originals->len - 1, g_strdup(patterns[i]));
    const char *p = patterns[i];
    while (g_ascii_isspace(*p))
      p++;
    gboolean exclude = *p == '!';
    char *f = title_canon(exclude ? p + 1 : p, FALSE, NULL);
    if (strlen(f) <= 1)
      g_free(f);
    else if (exclude)
      g_ptr_array_add(r->excludes, f);
    else
      pattern_index_add(&map->index, f, tag);
  }
}

/* The default mapping (CHECKS.md): data/title-roles.tsv, one line per role
 * and language, most specific first, merged into one rule per role in this
 * order. */
AuditRoleMap *audit_role_map_new_default(void)
{
  AuditRoleMap *m = audit_role_map_new();
  const char *const *roles = audit_data(AUDIT_DATA_TITLE_ROLES);
  for (guint i = 0; roles[i]; i += 2) {
    g_auto(GStrv) pats = g_strsplit(roles[i + 1], ";", -1);
    audit_role_map_add(m, roles[i], (const char *const *)pats);
  }
  return m;
}

const char *audit_role_map_lookup(const AuditRoleMap *map, const char *title)
{
  if (!title || audit_is_blank(title))
    return NULL;
  gboolean gone;
  g_autofree char *t = title_canon(title, TRUE, &gone);
  if (gone)
    return NULL; /* a former holder has no buying role */
  /* the rules an exclusion keeps this title out of (few have any) */
  guint n = map->rules->len;
  guint8 small[64];
  guint8 *skip = n <= sizeof small ? small : g_malloc(n);
  for (guint i = 0; i < n; i++) {
    const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
    skip[i] = FALSE;
    for (guint k = 0; k < r->excludes->len && !skip[i]; k++)
      skip[i] = title_has(t, r->excludes->pdata[k]);
  }
  guint first = pattern_index_first(&map->index, t, skip);
  if (skip != small)
    g_free(skip);
  return first == G_MAXUINT ? NULL : g_array_index(map->rules, RoleRule, first).role;
}

/* Seniority words, in the order they are tried (the first match decides):
 * the exceptions, then C-level, VP, Director and Manager; patterns are read
 * like the role map's. "Gerente", "jefe", "Leiter", "responsable",
 * "руководитель", "مدير" head a function: Director, as head does. */
static const struct {
  AuditSeniority level;
  const char *patterns;
} seniority_words[] = {
  {AUDIT_SENIORITY_VP, "chief of staff;general counsel"},
  {AUDIT_SENIORITY_C_LEVEL, "chief;president;founder;owner;managing director;chairman;chairwoman;chairperson"},
  {AUDIT_SENIORITY_C_LEVEL, "gerente general;director general;directora general;director ejecutivo;"
                            "directora ejecutiva;consejero delegado;consejera delegada;presidente;presidenta;"
                            "fundador;fundadora;cofundador*;propietario;propietaria;dueño;dueña"},
  {AUDIT_SENIORITY_C_LEVEL, "diretor geral;diretora geral;diretor-presidente;diretor executivo;diretora executiva;"
                            "proprietário;proprietária;dono;sócio-diretor"},
  {AUDIT_SENIORITY_C_LEVEL, "directeur général;directrice générale;PDG;président;présidente;fondateur;fondatrice;"
                            "cofondat*;chef d'entreprise;cheffe d'entreprise;propriétaire;gérant;gérante"},
  {AUDIT_SENIORITY_C_LEVEL, "Geschäftsführer*;Geschaeftsfuehrer*;vorstand;vorstandsvorsitzend*;vorstandsmitglied;"
                            "*vorstand;inhaber;inhaberin;gründer;gründerin;mitgründer*;präsident;präsidentin"},
  {AUDIT_SENIORITY_C_LEVEL, "amministratore delegato;amministratrice delegata;direttore generale;"
                            "direttrice generale;titolare;fondatore;fondatrice;proprietario"},
  {AUDIT_SENIORITY_C_LEVEL, "генеральн* директор*;гендиректор*;президент*;владел*;собственник*;основател*;"
                            "учредител*;председател*"},
  {AUDIT_SENIORITY_C_LEVEL, "المدير التنفيذي;الرئيس التنفيذي;المدير العام;رئيس مجلس;المالك;صاحب;المؤسس"},
  {AUDIT_SENIORITY_VP, "vice president;vicepresident*;vice-président*;vizepräsident*;вице-президент*;"
                       "نائب الرئيس"},
  /* a project or team lead is not the head of anything */
  {AUDIT_SENIORITY_MANAGER, "jefe de proyecto;jefa de proyecto;gerente de proyecto*;gerente de projeto*;"
                            "chef de projet;cheffe de projet;chef de produit;cheffe de produit;chef d'équipe;"
                            "cheffe d'équipe;projektleiter*;teamleiter*;gruppenleiter*;"
                            "responsabile di progetto;capo progetto;руководител* проект*;руководител* групп*;"
                            "مدير مشروع;مدير المشروع;مدير مشاريع"},
  {AUDIT_SENIORITY_DIRECTOR, "director;head;general manager"},
  {AUDIT_SENIORITY_DIRECTOR, "directora;gerente;jefe;jefa;diretor;diretora;chefe;directeur;directrice;"
                             "chef de service;cheffe de service;chef de département;chef des ventes;"
                             "responsable;leiter;leiterin;*leiter;*leiterin;direttore;direttrice;responsabile;"
                             "capo;директор*;руководител*;начальник*;مدير;مديرة;رئيس"},
  {AUDIT_SENIORITY_MANAGER, "manager;supervisor;lead;foreman;controller"},
  {AUDIT_SENIORITY_MANAGER, "supervisora;encargado;encargada;gestor;gestora;менеджер*;супервайзер*;مشرف"},
};

/* seniority_words' patterns, each tagged with its line in the table */
static const PatternIndex *seniority_index(void)
{
  static gsize once = 0;
  static PatternIndex index;
  if (g_once_init_enter(&once)) {
    pattern_index_init(&index);
    for (guint i = 0; i < G_N_ELEMENTS(seniority_words); i++) {
      g_auto(GStrv) ps = g_strsplit(seniority_words[i].patterns, ";", -1);
      for (guint k = 0; ps[k]; k++)
        pattern_index_add(&index, title_canon(ps[k], FALSE, NULL), i);
    }
    g_once_init_leave(&once, 1);
  }
  return &index;
}

AuditSeniority audit_title_seniority(const char *title)
{
  if (!title || audit_is_blank(title))
    return AUDIT_SENIORITY_NONE;
  const PatternIndex *index = seniority_index();
  g_autofree char *t = title_canon(title, TRUE, NULL);
  guint line = pattern_index_first(index, t, NULL);
  return line == G_MAXUINT ? AUDIT_SENIORITY_IC : seniority_words[line].level;
}

const char *audit_seniority_name(AuditSeniority s)
{
  static const char *const names[] = {"", "Individual contributor", "Manager", "Director", "VP", "C-level"};
  return s < G_N_ELEMENTS(names) ? names[s] : "";
}

guint audit_role_map_size(const AuditRoleMap *map)
{
  return map->rules->len;
}

const char *audit_role_map_role(const AuditRoleMap *map, guint i, const char *const **patterns)
{
  const RoleRule *r = &g_array_index(map->rules, RoleRule, i);
  if (patterns)
    *patterns = (const char *const *)r->originals->pdata;
  return r->role;
}

void audit_role_map_free(AuditRoleMap *map)
{
  if (!map)
    return;
  g_array_unref(map->rules);
  pattern_index_clear(&map->index);
  g_free(map);
}

/* ---- contact role names ---- */

/* The names other-language orgs give the standard contact roles
 * (OpportunityContactRole.Role): data/role-names.tsv, role and names. */
struct AuditRoleNames {
  GPtrArray *roles;  /* the standard names, owned */
  GHashTable *fold;  /* audit_fold_name form → role */
  GHashTable *canon; /* title_canon form → role */
};

AuditRoleNames *audit_role_names_new(void)
{
  AuditRoleNames *n = g_new0(AuditRoleNames, 1);
  n->roles = g_ptr_array_new_with_free_func(g_free);
  n->fold = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  n->canon = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  return n;
}

void audit_role_names_add(AuditRoleNames *n, const char *role, const char *const *names)
{
  const char *r = NULL;
  for (guint i = 0; i < n->roles->len && !r; i++)
    if (strcmp(n->roles->pdata[i], role) == 0)
      r = n->roles->pdata[i];
  if (!r) {
    r = g_strdup(role);
    g_ptr_array_add(n->roles, (gpointer)r);
  }
  for (guint i = 0; names[i]; i++) {
    char *f = audit_fold_name(names[i]);
    if (!*f) {
      g_free(f);
      continue;
    }
    g_hash_table_replace(n->fold, f, (gpointer)r);
    g_hash_table_replace(n->canon, title_canon(names[i], FALSE, NULL), (gpointer)r);
  }
}

AuditRoleNames *audit_role_names_new_default(void)
{
  AuditRoleNames *n = audit_role_names_new();
  const char *const *defaults = audit_data(AUDIT_DATA_ROLE_NAMES);
  for (guint i = 0; defaults[i]; i += 2) {
    g_auto(GStrv) names = g_strsplit(defaults[i + 1], ";", -1);
    audit_role_names_add(n, defaults[i], (const char *const *)names);
  }
  return n;
}

const char *audit_role_names_default(guint i, const char **names)
{
  if (i >= audit_data_rows(AUDIT_DATA_ROLE_NAMES))
    return NULL;
  const char *const *defaults = audit_data(AUDIT_DATA_ROLE_NAMES);
  if (names)
    *names = defaults[2 * i + 1];
  return defaults[2 * i];
}

const char *audit_role_names_canonical(const AuditRoleNames *n, const char *name)
{
  if (!n || !name)
    return NULL;
  char buf[256];
  audit_fold_name_to(name, buf, sizeof buf);
  if (!*buf)
    return NULL;
  const char *r = g_hash_table_lookup(n->fold, buf);
  if (r)
    return r;
  g_autofree char *c = title_canon(name, FALSE, NULL);
  return g_hash_table_lookup(n->canon, c);
}

void audit_role_names_free(AuditRoleNames *n)
{
  if (!n)
    return;
  g_hash_table_unref(n->fold);
  g_hash_table_unref(n->canon);
  g_ptr_array_unref(n->roles);
  g_free(n);
}
