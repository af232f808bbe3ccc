#define PCRE2_CODE_UNIT_WIDTH 8

#include "rules.h"

#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "settings.h"
#include "util.h"

#define RULE_MAX (64 * 1024)

/* open-addressing set of owned strings; cap is 0 or a power of two */
struct strset {
	char **slot;
	size_t cap;
	size_t nr;
};

struct pattern {
	char *text;
	pcre2_code *code;
};

struct patterns {
	struct pattern *v;
	size_t nr;
	size_t alloc;
};

struct rules {
	struct strset keep_lit, excl_lit;
	struct patterns keep_pat, excl_pat;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static const char *strset_find(const struct strset *set, const char *s)
{
	if (!set->cap)
		return NULL;
	size_t mask = set->cap - 1;
	for (size_t i = hash_str(s) & mask;; i = (i + 1) & mask) {
		if (!set->slot[i])
			return NULL;
		if (!strcmp(set->slot[i], s))
			return set->slot[i];
	}
}

static void strset_place(char **slot, size_t cap, char *s)
{
	size_t mask = cap - 1;
	size_t i = hash_str(s) & mask;
	while (slot[i])
		i = (i + 1) & mask;
	slot[i] = s;
}

static void strset_add(struct strset *set, const char *s)
{
	if (strset_find(set, s))
		return;
	if ((set->nr + 1) * 2 > set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		char **slot = xcalloc(cap, sizeof(*slot));
		for (size_t i = 0; i < set->cap; i++)
			if (set->slot[i])
				strset_place(slot, cap, set->slot[i]);
		free(set->slot);
		set->slot = slot;
		set->cap = cap;
	}
	strset_place(set->slot, set->cap, xstrdup(s));
	set->nr++;
}

static void strset_clear(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	memset(set, 0, sizeof(*set));
}

static void patterns_clear(struct patterns *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		free(p->v[i].text);
		pcre2_code_free(p->v[i].code);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

struct rules *rules_new(void)
{
	return xcalloc(1, sizeof(struct rules));
}

void rules_release(struct rules *r)
{
	if (!r)
		return;
	strset_clear(&r->keep_lit);
	strset_clear(&r->excl_lit);
	patterns_clear(&r->keep_pat);
	patterns_clear(&r->excl_pat);
	free(r);
}

static int is_literal(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '$' || c == '@'))
			return 0;
	}
	return 1;
}

static int add_rule(struct rules *r, const char *rule, int exclude, const char *origin)
{
	size_t len = strlen(rule);
	if (!len) {
		diag_error("empty rule from %s", origin);
		return -EINVAL;
	}
	if (len > RULE_MAX) {
		diag_error("rule from %s is longer than %d bytes", origin, RULE_MAX);
		return -EINVAL;
	}
	if (is_literal(rule)) {
		strset_add(exclude ? &r->excl_lit : &r->keep_lit, rule);
		return 0;
	}

	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)rule, len, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
					 &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		if (pcre2_get_error_message(err, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "PCRE2 error %d", err);
		diag_error("bad pattern '%s' from %s: %s at offset %zu", rule, origin, (char *)msg,
			   (size_t)off);
		return -EINVAL;
	}
	/* JIT is an optimization: without it pcre2_match() interprets */
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);

	struct patterns *p = exclude ? &r->excl_pat : &r->keep_pat;
	GROW(p->v, p->alloc, p->nr + 1);
	p->v[p->nr].text = xstrndup(rule, len);
	p->v[p->nr].code = code;
	p->nr++;
	return 0;
}

int rules_add_keep(struct rules *r, const char *rule, const char *origin)
{
	return add_rule(r, rule, 0, origin);
}

int rules_add_exclude(struct rules *r, const char *rule, const char *origin)
{
	return add_rule(r, rule, 1, origin);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int rules_add_list(struct rules *r, const char *list, int exclude, const char *origin)
{
	int ret = 0;
	const char *p = list;
	while (*p) {
		while (is_space(*p))
			p++;
		const char *start = p;
		while (*p && !is_space(*p))
			p++;
		if (p == start)
			break;
		char *rule = xstrndup(start, (size_t)(p - start));
		int rc = add_rule(r, rule, exclude, origin);
		free(rule);
		if (rc && !ret)
			ret = rc;
	}
	return ret;
}

/* strip comment and white space from line (modified in place); "" when nothing is left */
static char *clean_line(char *line)
{
	for (char *c = line; *c; c++) {
		if (*c == '#' && (c == line || is_space(c[-1]))) {
			*c = '\0';
			break;
		}
	}
	while (is_space(*line))
		line++;
	size_t len = strlen(line);
	while (len && is_space(line[len - 1]))
		line[--len] = '\0';
	return line;
}

static int load_line(struct rules *r, char *line, const char *path, unsigned long lineno)
{
	char *rule = clean_line(line);
	if (!*rule)
		return 0;
	int exclude = 0;
	if (*rule == '!') {
		exclude = 1;
		rule++;
		while (is_space(*rule))
			rule++;
	}
	char *origin = xasprintf("%s:%lu", path, lineno);
	int rc = add_rule(r, rule, exclude, origin);
	free(origin);
	return rc;
}

int rules_load_file(struct rules *r, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		diag_error("cannot read keep file %s: %s", path, strerror(e));
		return -e;
	}

	/* a line holds a rule of up to RULE_MAX bytes plus some white space and a comment */
	size_t cap = RULE_MAX + 1024;
	char *buf = xmalloc(cap + 1);
	size_t len = 0;
	unsigned long lineno = 1;
	int ret = 0;
	int c;
	errno = 0;
	while ((c = getc(f)) != EOF) {
		if (c == '\n') {
			buf[len] = '\0';
			int rc = load_line(r, buf, path, lineno);
			if (rc && !ret)
				ret = rc;
			len = 0;
			lineno++;
			continue;
		}
		if (c == '\0') {
			diag_error("%s:%lu: NUL byte in keep file", path, lineno);
			ret = -EINVAL;
			goto out;
		}
		if (len == cap) {
			diag_error("%s:%lu: line longer than %zu bytes", path, lineno, cap);
			ret = -EINVAL;
			goto out;
		}
		buf[len++] = (char)c;
	}
	if (ferror(f)) {
		int e = errno ? errno : EIO;
		diag_error("cannot read keep file %s: %s", path, strerror(e));
		ret = -e;
		goto out;
	}
	if (len) {
		buf[len] = '\0';
		int rc = load_line(r, buf, path, lineno);
		if (rc && !ret)
			ret = rc;
	}
out:
	free(buf);
	fclose(f);
	return ret;
}

int rules_empty(const struct rules *r)
{
	return r->keep_lit.nr == 0 && r->keep_pat.nr == 0;
}

/* the first pattern of p that matches the whole of name, or NULL */
static const char *match_any(const struct patterns *p, const char *name)
{
	if (!p->nr)
		return NULL;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (!md) {
		fputs("lto-safe: out of memory\n", stderr);
		abort();
	}
	const char *hit = NULL;
	size_t len = strlen(name);
	for (size_t i = 0; i < p->nr && !hit; i++)
		if (pcre2_match(p->v[i].code, (PCRE2_SPTR)name, len, 0, 0, md, NULL) >= 0)
			hit = p->v[i].text;
	pcre2_match_data_free(md);
	return hit;
}

int rules_excluded(const struct rules *r, const char *name)
{
	return strset_find(&r->excl_lit, name) || match_any(&r->excl_pat, name);
}

int rules_keep(const struct rules *r, const char *name, const char **which)
{
	const char *hit = strset_find(&r->keep_lit, name);
	if (!hit)
		hit = match_any(&r->keep_pat, name);
	if (!hit || rules_excluded(r, name))
		return 0;
	if (which)
		*which = hit;
	return 1;
}

int rules_load_env(struct rules *r)
{
	const char *v;
	int err = 0, e;
	if ((v = setting_str(SET_KEEP)) && *v && (e = rules_add_list(r, v, 0, "LTO_SAFE_KEEP")) && !err)
		err = e;
	if ((v = setting_str(SET_EXCLUDE)) && *v && (e = rules_add_list(r, v, 1, "LTO_SAFE_EXCLUDE")) &&
	    !err)
		err = e;
	if ((v = setting_str(SET_KEEP_FILE)) && *v && (e = rules_load_file(r, v)) && !err)
		err = e;
	return err;
}
