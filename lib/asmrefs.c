#include "asmrefs.h"
#include "strmap.h"
#include "util.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <pthread.h>
#include <string.h>

/* the compiled patterns of one architecture */
struct compiled {
	const struct asm_syntax *syn;
	pcre2_code **refs;
	size_t nrefs;
	pcre2_code *not_names;
	int failed;
};

#define MAX_SYNTAXES 8
static struct compiled cache[MAX_SYNTAXES];
static size_t ncache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static pcre2_code *compile(const char *pat, uint32_t flags)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				      flags | PCRE2_CASELESS | PCRE2_DOTALL, &err, &off, NULL);
	return c;
}

static const struct compiled *compiled_for(const struct asm_syntax *syn)
{
	const struct compiled *found = NULL;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].syn == syn)
			found = &cache[i];
	if (!found && ncache < MAX_SYNTAXES) {
		struct compiled *c = &cache[ncache++];
		c->syn = syn;
		while (syn->refs[c->nrefs])
			c->nrefs++;
		c->refs = xcalloc(c->nrefs, sizeof(*c->refs));
		for (size_t i = 0; i < c->nrefs; i++)
			if (!(c->refs[i] = compile(syn->refs[i], 0)))
				c->failed = 1;
		char *whole = xasprintf("(?:%s)", syn->not_names);
		if (!(c->not_names = compile(whole, PCRE2_ANCHORED | PCRE2_ENDANCHORED)))
			c->failed = 1;
		free(whole);
		found = c;
	}
	pthread_mutex_unlock(&cache_lock);
	return found;
}

struct work {
	const struct compiled *c;
	pcre2_match_data *md;
	struct strmap defs;  /* names the text defines */
	struct strmap refs;  /* candidate references */
	char **order;        /* the references, in order of appearance (owned) */
	size_t norder, aorder;
	char **defnames;     /* the keys of defs (owned) */
	size_t ndefs, adefs;
	struct strmap decl;  /* names declared by .globl (ASM_GLOBAL) or .weak (ASM_WEAK) */
};

/* '$' may be inside a name; at the start it marks an x86 immediate */
static int name_start(int ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.';
}

static int name_char(int ch)
{
	return name_start(ch) || (ch >= '0' && ch <= '9') || ch == '$';
}

static void add_def(struct work *w, const char *s, size_t n)
{
	char *name = xstrndup(s, n);
	int isnew;
	strmap_put(&w->defs, name, 1, &isnew);
	if (!isnew) {
		free(name);
		return;
	}
	GROW(w->defnames, w->adefs, w->ndefs + 1);
	w->defnames[w->ndefs++] = name;
}

/* every name in ops[0..n) that is not a register, keyword or local label;
 * with decl (ASM_GLOBAL or ASM_WEAK), each is also declared so */
static void add_refs(struct work *w, const char *ops, size_t n, enum asm_name decl)
{
	for (size_t i = 0; i < n;) {
		int prev = i ? (unsigned char)ops[i - 1] : ' ';
		if (!name_start((unsigned char)ops[i]) || (name_char(prev) && prev != '$') || prev == '%' ||
		    prev == '@') {
			i++;
			continue;
		}
		size_t b = i;
		while (i < n && name_char((unsigned char)ops[i]))
			i++;
		/* a relocation operator (:lo12:, FLAT:) is no name; ".L1", "." are local */
		if (ops[b] == '.' || (i < n && ops[i] == ':'))
			continue;
		if (pcre2_match(w->c->not_names, (PCRE2_SPTR)ops + b, i - b, 0, 0, w->md, NULL) >= 0)
			continue;
		char *name = xstrndup(ops + b, i - b);
		int isnew;
		size_t *at = strmap_put(&w->refs, name, w->norder, &isnew);
		if (isnew) {
			GROW(w->order, w->aorder, w->norder + 1);
			w->order[w->norder++] = name;
		} else {
			free(name);
		}
		if (decl != ASM_USE)
			strmap_put(&w->decl, w->order[*at], decl, NULL);
	}
}

/* is_def: the group names a definition; else operand text, with decl as in add_refs */
static void match_group(struct work *w, pcre2_code *re, const char *stmt, const char *group,
			int is_def, enum asm_name decl)
{
	int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)group);
	if (g < 0)
		return;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
	if (ov[2 * g] == PCRE2_UNSET)
		return;
	if (is_def) {
		const char *d = stmt + ov[2 * g];
		size_t n = ov[2 * g + 1] - ov[2 * g];
		if (n && name_start((unsigned char)*d))
			add_def(w, d, n);
	} else {
		add_refs(w, stmt + ov[2 * g], ov[2 * g + 1] - ov[2 * g], decl);
	}
}

static void statement(struct work *w, const char *s, size_t n)
{
	/* labels: "name:" and "1:" at the start, several allowed */
	for (;;) {
		while (n && (*s == ' ' || *s == '\t'))
			s++, n--;
		size_t i = 0;
		while (i < n && name_char((unsigned char)s[i]))
			i++;
		if (!i || i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] == ':'))
			break;
		if (name_start((unsigned char)*s))
			add_def(w, s, i);
		s += i + 1;
		n -= i + 1;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return;
	char *stmt = xstrndup(s, n);
	for (size_t k = 0; k < w->c->nrefs; k++) {
		pcre2_code *re = w->c->refs[k];
		PCRE2_SIZE start = 0;
		while (start <= n && pcre2_match(re, (PCRE2_SPTR)stmt, n, start, 0, w->md, NULL) >= 0) {
			match_group(w, re, stmt, "def", 1, ASM_USE);
			match_group(w, re, stmt, "ops", 0, ASM_USE);
			match_group(w, re, stmt, "global", 0, ASM_GLOBAL);
			match_group(w, re, stmt, "weak", 0, ASM_WEAK);
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->md);
			start = ov[1] > start ? ov[1] : start + 1;
		}
	}
	free(stmt);
}

/*
 * The text without comments and string literals, inline-asm placeholders
 * blanked and "%%" read as "%", cut into statements.
 */
static void split(struct work *w, const char *text, size_t len)
{
	const struct asm_syntax *syn = w->c->syn;
	size_t clen = strlen(syn->comment), llen = syn->line_comment ? strlen(syn->line_comment) : 0;
	char *buf = xmalloc(len + 1);
	size_t n = 0, stmt = 0;
	int line_start = 1;
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (line_start && (ch == ' ' || ch == '\t')) {
			buf[n++] = ch;
			continue;
		}
		int at_line_start = line_start;
		line_start = 0;
		if ((clen && len - i >= clen && !memcmp(text + i, syn->comment, clen)) ||
		    (at_line_start && llen && len - i >= llen && !memcmp(text + i, syn->line_comment, llen))) {
			while (i + 1 < len && text[i + 1] != '\n')
				i++;
			continue;
		}
		if (ch == '/' && i + 1 < len && text[i + 1] == '*') {
			const char *end = memmem(text + i + 2, len - i - 2, "*/", 2);
			i = end ? (size_t)(end - text) + 1 : len;
			buf[n++] = ' ';
			continue;
		}
		if (ch == '"') {
			for (i++; i < len && text[i] != '"' && text[i] != '\n'; i++)
				if (text[i] == '\\')
					i++;
			buf[n++] = ' ';
			continue;
		}
		if (ch == '%') {
			if (i + 1 < len && text[i + 1] == '%') {
				buf[n++] = '%';
				i++;
				continue;
			}
			/* %0 %l1 %P2 %[name] %c[name] */
			size_t j = i + 1;
			if (j < len && ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z')))
				j++;
			if (j < len && text[j] >= '0' && text[j] <= '9') {
				while (j < len && text[j] >= '0' && text[j] <= '9')
					j++;
				i = j - 1;
				buf[n++] = ' ';
				continue;
			}
			if (j < len && text[j] == '[') {
				const char *end = memchr(text + j, ']', len - j);
				if (end) {
					i = (size_t)(end - text);
					buf[n++] = ' ';
					continue;
				}
			}
		}
		if (ch == '\n' || ch == '\0' || strchr(syn->separators, ch)) {
			statement(w, buf + stmt, n - stmt);
			stmt = n;
			line_start = ch == '\n';
			continue;
		}
		buf[n++] = ch;
	}
	statement(w, buf + stmt, n - stmt);
	free(buf);
}

int asmrefs_scan(const struct arch *a, const char *text, size_t len, asmref_fn fn, void *arg)
{
	if (!a || !a->asm_syntax)
		return -ENOTSUP;
	struct work w = { .c = compiled_for(a->asm_syntax) };
	if (!w.c || w.c->failed)
		return -EINVAL;
	w.md = pcre2_match_data_create(16, NULL);
	if (!w.md)
		return -ENOMEM;
	split(&w, text, len);
	int n = 0;
	for (size_t i = 0; i < w.norder; i++) {
		if (!strmap_get(&w.defs, w.order[i])) {
			fn(arg, w.order[i], ASM_USE);
			n++;
		}
	}
	for (size_t i = 0; i < w.ndefs; i++) {
		if (!str_starts(w.defnames[i], ".L"))
			fn(arg, w.defnames[i], ASM_DEFINED);
		free(w.defnames[i]);
	}
	for (size_t i = 0; i < w.norder; i++) {
		size_t *d = strmap_get(&w.decl, w.order[i]);
		if (d)
			fn(arg, w.order[i], (enum asm_name)*d);
		free(w.order[i]);
	}
	free(w.order);
	free(w.defnames);
	strmap_clear(&w.defs);
	strmap_clear(&w.refs);
	strmap_clear(&w.decl);
	pcre2_match_data_free(w.md);
	return n;
}
