#include "linkuse.h"
#include "diag.h"
#include "mapfile.h"
#include "util.h"

#include <ctype.h>
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* the part of a script that is read; the linker reads the rest itself */
#define SCRIPT_READ_MAX (1u << 20)
/* SORT(SORT(...)) nesting followed inside KEEP */
#define KEEP_DEPTH_MAX 8

void link_uses_add(struct link_uses *u, enum link_use_kind kind, const char *name, const char *needs,
		   char *origin)
{
	GROW(u->v, u->alloc, u->nr + 1);
	struct link_use *e = &u->v[u->nr++];
	e->kind = kind;
	e->name = xstrdup(name);
	e->needs = needs ? xstrdup(needs) : NULL;
	e->origin = origin;
}

void link_uses_release(struct link_uses *u)
{
	for (size_t i = 0; i < u->nr; i++) {
		free(u->v[i].name);
		free(u->v[i].needs);
		free(u->v[i].origin);
	}
	free(u->v);
	memset(u, 0, sizeof(*u));
}

/* ---- linker script text ---- */

enum ltok { LT_END, LT_WORD, LT_LP, LT_RP, LT_OTHER };

struct lexer {
	const char *p, *end;
	const char *w; /* LT_WORD: the word, not NUL-terminated */
	size_t wlen;
};

static int word_char(char c)
{
	return !strchr(" \t\r\n\v\f(),;{}=\"", c);
}

static enum ltok lex(struct lexer *lx)
{
	for (;;) {
		while (lx->p < lx->end && *lx->p && strchr(" \t\r\n\v\f", *lx->p))
			lx->p++;
		if (lx->p + 1 < lx->end && lx->p[0] == '/' && lx->p[1] == '*') {
			const char *e = memmem(lx->p + 2, (size_t)(lx->end - lx->p - 2), "*/", 2);
			lx->p = e ? e + 2 : lx->end;
			continue;
		}
		break;
	}
	if (lx->p >= lx->end || !*lx->p)
		return LT_END;
	char c = *lx->p;
	if (c == '(' || c == ')') {
		lx->p++;
		return c == '(' ? LT_LP : LT_RP;
	}
	if (c == '"') {
		/* to the closing quote, else to the end of the text (a NUL ends it) */
		const char *q = lx->p + 1;
		while (q < lx->end && *q && *q != '"')
			q++;
		lx->w = lx->p + 1;
		lx->wlen = (size_t)(q - lx->w);
		lx->p = q < lx->end && *q == '"' ? q + 1 : q;
		/* "" names nothing */
		return lx->wlen ? LT_WORD : LT_OTHER;
	}
	if (!word_char(c)) {
		lx->p++;
		return LT_OTHER;
	}
	lx->w = lx->p;
	while (lx->p < lx->end && *lx->p && word_char(*lx->p))
		lx->p++;
	lx->wlen = (size_t)(lx->p - lx->w);
	return LT_WORD;
}

static int is_word(const struct lexer *lx, const char *w)
{
	return lx->wlen == strlen(w) && !memcmp(lx->w, w, lx->wlen);
}

/* the next token is '(' (consumed), else nothing is consumed */
static int next_lparen(struct lexer *lx)
{
	struct lexer save = *lx;
	if (lex(lx) == LT_LP)
		return 1;
	*lx = save;
	return 0;
}

/* skip to the ')' that closes an already opened '(' */
static void skip_parens(struct lexer *lx)
{
	for (size_t depth = 1;;) {
		enum ltok t = lex(lx);
		if (t == LT_END || (t == LT_RP && --depth == 0))
			return;
		depth += t == LT_LP;
	}
}

static int sort_word(const struct lexer *lx)
{
	return is_word(lx, "SORT") || is_word(lx, "SORT_BY_NAME") || is_word(lx, "SORT_BY_ALIGNMENT") ||
	       is_word(lx, "SORT_BY_INIT_PRIORITY") || is_word(lx, "SORT_NONE") || is_word(lx, "REVERSE");
}

struct script_ctx {
	const char *script;
	struct link_uses *out;
	char *file;  /* file pattern of the KEEP being read */
};

/* the next word inside the parentheses being read (nested ones skipped):
 * 1 with it in lx->w, 0 at their ')' or the end of the text */
static int next_word(struct lexer *lx)
{
	for (;;) {
		enum ltok t = lex(lx);
		if (t == LT_END || t == LT_RP)
			return 0;
		if (t == LT_LP)
			skip_parens(lx);
		else if (t == LT_WORD)
			return 1;
	}
}

/* the section list of KEEP(FILE(...)) after its '(' */
static void keep_sections(struct lexer *lx, struct script_ctx *c, int depth)
{
	while (next_word(lx)) {
		if (is_word(lx, "EXCLUDE_FILE") && next_lparen(lx)) {
			skip_parens(lx);
			continue;
		}
		if (sort_word(lx) && next_lparen(lx)) {
			if (depth < KEEP_DEPTH_MAX)
				keep_sections(lx, c, depth + 1);
			else
				skip_parens(lx);
			continue;
		}
		char *pat = xstrndup(lx->w, lx->wlen);
		link_uses_add(c->out, LU_SECTION, pat, NULL,
			      xasprintf("KEEP(%s(%s)) in %s", c->file ? c->file : "*", pat, c->script));
		free(pat);
	}
}

/* KEEP( ... ) after its '(': input section descriptions FILE(SECTIONS) */
static void keep(struct lexer *lx, struct script_ctx *c)
{
	for (;;) {
		enum ltok t = lex(lx);
		if (t == LT_END || t == LT_RP)
			break;
		if (t == LT_LP) {
			keep_sections(lx, c, 0);
			continue;
		}
		if (t != LT_WORD)
			continue;
		if (sort_word(lx) && next_lparen(lx)) {
			/* a sorted file pattern: SORT(*)(.ctors) */
			skip_parens(lx);
			if (next_lparen(lx))
				keep_sections(lx, c, 0);
			continue;
		}
		free(c->file);
		c->file = xstrndup(lx->w, lx->wlen);
		if (next_lparen(lx))
			keep_sections(lx, c, 0);
	}
	free(c->file);
	c->file = NULL;
}

/* ENTRY(sym) or EXTERN(sym sym ...) after its '(' */
static void names(struct lexer *lx, struct script_ctx *c, const char *cmd)
{
	while (next_word(lx)) {
		char *name = xstrndup(lx->w, lx->wlen);
		link_uses_add(c->out, LU_NAME, name, NULL, xasprintf("named by %s(%s) in %s", cmd, name, c->script));
		free(name);
	}
}

/* a word that can be a symbol's name: not a number, '.' or an operator */
static int symbol_word(const char *w, size_t n)
{
	if (!n || !(isalpha((unsigned char)w[0]) || w[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)w[i]) || w[i] == '_' || w[i] == '.' || w[i] == '$'))
			return 0;
	return 1;
}

/* the value of NAME = VALUE; after its '=': the symbols it names (a
 * function such as ALIGN(...) is not one).  ld.bfd and gold tell the
 * plugin about them; mold 2 and later do not, and LTO drops them. */
static void assignment(struct lexer *lx, struct script_ctx *c, const char *lhs)
{
	for (;;) {
		const char *at = lx->p;
		enum ltok t = lex(lx);
		if (t == LT_END || t == LT_RP || (t == LT_OTHER && strchr(";}", lx->p[-1]))) {
			lx->p = at;
			return;
		}
		if (t == LT_LP || (t == LT_WORD && next_lparen(lx))) {
			skip_parens(lx);
		} else if (t == LT_WORD && symbol_word(lx->w, lx->wlen)) {
			char *name = xstrndup(lx->w, lx->wlen);
			link_uses_add(c->out, LU_NAME, name, NULL, xasprintf("assigned to %s in %s", lhs, c->script));
			free(name);
		}
	}
}

void link_uses_script(const char *text, size_t len, const char *script, struct link_uses *out)
{
	struct lexer lx = { text, text + (len < SCRIPT_READ_MAX ? len : SCRIPT_READ_MAX), NULL, 0 };
	struct script_ctx c = { script, out, NULL };
	char *lhs = NULL; /* the word just read, while it can be assigned to */
	for (;;) {
		enum ltok t = lex(&lx);
		if (t == LT_END) {
			free(lhs);
			return;
		}
		if (t == LT_OTHER && lx.p[-1] == '=' && lhs && (lx.p >= lx.end || *lx.p != '='))
			assignment(&lx, &c, lhs);
		free(lhs);
		lhs = t == LT_WORD && symbol_word(lx.w, lx.wlen) ? xstrndup(lx.w, lx.wlen) : NULL;
		if (t != LT_WORD)
			continue;
		if (is_word(&lx, "ENTRY") && next_lparen(&lx))
			names(&lx, &c, "ENTRY");
		else if (is_word(&lx, "EXTERN") && next_lparen(&lx))
			names(&lx, &c, "EXTERN");
		else if (is_word(&lx, "KEEP") && next_lparen(&lx))
			keep(&lx, &c);
	}
}

/* ---- a whole link ---- */

static void read_script(const char *path, const char *shown, struct link_uses *out)
{
	struct mapped m = MAPPED_INIT;
	if (map_file(path, &m) < 0)
		return;
	link_uses_script((const char *)m.data, m.size, shown, out);
	unmap_file(&m);
}

/* -T FILE: as given, else in the -L directories, as ld looks for it */
static void read_t_script(const struct cmd *cmd, const char *name, struct link_uses *out)
{
	if (name[0] == '/' || access(name, R_OK) == 0) {
		read_script(name, name, out);
		return;
	}
	for (size_t i = 0; i < cmd->libdirs.nr; i++) {
		char *p = xasprintf("%s/%s", cmd->libdirs.v[i], name);
		int ok = access(p, R_OK) == 0;
		if (ok)
			read_script(p, name, out);
		free(p);
		if (ok)
			return;
	}
}

void link_uses_collect(const struct cmd *cmd, const struct input_list *in, struct link_uses *out)
{
	if (cmd->entry)
		link_uses_add(out, LU_NAME, cmd->entry, NULL, xasprintf("the entry point (-e %s)", cmd->entry));
	for (size_t i = 0; i < cmd->undefs.nr; i++)
		link_uses_add(out, LU_NAME, cmd->undefs.v[i], NULL, xasprintf("forced undefined by -u %s", cmd->undefs.v[i]));
	for (size_t i = 0; i < cmd->wraps.nr; i++) {
		const char *sym = cmd->wraps.v[i];
		char *wrap = xasprintf("__wrap_%s", sym), *real = xasprintf("__real_%s", sym);
		link_uses_add(out, LU_NAME, wrap, sym,
			      xasprintf("--wrap=%s sends references to %s here", sym, sym));
		link_uses_add(out, LU_NAME, sym, real,
			      xasprintf("--wrap=%s sends references to %s here", sym, real));
		free(wrap);
		free(real);
	}
	for (size_t i = 0; i < cmd->scripts.nr; i++)
		read_t_script(cmd, cmd->scripts.v[i], out);
	for (size_t i = 0; i < in->nr; i++)
		if (in->v[i].kind == FK_SCRIPT && in->v[i].path)
			read_script(in->v[i].path, in->v[i].spec ? in->v[i].spec : in->v[i].path, out);
}

/* ---- --wrap that LTO bypasses ---- */

static int links_with_lld(const struct cmd *cmd)
{
	if (cmd->flavor == FLAVOR_LD)
		return strstr(path_base(cmd->argv.v[0]), "lld") != NULL;
	if (cmd->ld_path)
		return strstr(path_base(cmd->ld_path), "lld") != NULL;
	return cmd->fuse_ld && strstr(cmd->fuse_ld, "lld");
}

/* GCC IR and LLVM bitcode are optimized apart: 1 and 2 */
static int lto_family(const struct unit *u)
{
	return u->lto == LTO_LLVM ? 2 : u->lto == LTO_NONE ? 0 : 1;
}

/* first loaded LTO unit that defines name (global or weak), else SIZE_MAX */
static size_t lto_definer(const struct scan_set *set, const unsigned char *loaded, const char *name)
{
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!loaded[i] || u->lto == LTO_NONE)
			continue;
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			if (s->role == SYM_DEF && s->bind != STB_LOCAL && !strcmp(s->name, name))
				return i;
		}
	}
	return SIZE_MAX;
}

/* another loaded unit of the same LTO family that references name */
static size_t lto_referrer(const struct scan_set *set, const unsigned char *loaded, const char *name,
			   size_t def)
{
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!loaded[i] || i == def || lto_family(u) != lto_family(&set->units[def]))
			continue;
		for (size_t k = 0; k < u->nsyms; k++)
			if (u->syms[k].role == SYM_UNDEF && !strcmp(u->syms[k].name, name))
				return i;
	}
	return SIZE_MAX;
}

/* each distinct name of names[0..n) that LTO binds inside LTO (linkuse.h)
 * into *out, as the option opt */
static void bypassed(const struct scan_set *set, const unsigned char *loaded, int lld, const char *opt,
		     char *const *names, size_t n, struct wrap_bypass **out, size_t *nout)
{
	for (size_t i = 0; i < n; i++) {
		const char *sym = names[i];
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(names[j], sym);
		size_t def = seen ? SIZE_MAX : lto_definer(set, loaded, sym);
		if (def == SIZE_MAX || (lld && set->units[def].lto == LTO_LLVM))
			continue;
		size_t ref = lto_referrer(set, loaded, sym, def);
		if (ref == SIZE_MAX)
			continue;
		*out = xrealloc(*out, (*nout + 1) * sizeof(**out));
		(*out)[(*nout)++] = (struct wrap_bypass){ opt, sym, def, ref };
	}
}

size_t link_uses_bypassed_wraps(const struct cmd *cmd, const struct scan_set *set,
				const unsigned char *loaded, struct wrap_bypass **out)
{
	size_t n = 0;
	int lld = links_with_lld(cmd);
	*out = NULL;
	bypassed(set, loaded, lld, "--wrap", cmd->wraps.v, cmd->wraps.nr, out, &n);
	bypassed(set, loaded, lld, "--defsym", cmd->defsyms.v, cmd->defsyms.nr, out, &n);
	return n;
}

void link_uses_warn_wrap(const struct scan_set *set, const struct wrap_bypass *b, const char *why)
{
	const char *sym = b->sym;
	int wrap = !strcmp(b->opt, "--wrap");
	char *d = unit_describe(&set->units[b->def]), *r = unit_describe(&set->units[b->ref]);
	diag_warn("%s=%s%s is bypassed: %s is defined in LTO IR (%s) and referenced from LTO IR (%s), "
		  "so LTO binds those references to %s itself and the linker never sends them to "
		  "%s%s%s%s; fix: compile the unit that defines %s (%s) without LTO (-fno-lto)%s",
		  b->opt, sym, wrap ? "" : "=...", sym, d, r, sym, wrap ? "__wrap_" : "the --defsym value", wrap ? sym : "",
		  why ? "; lto-safe cannot link it as machine code: " : "", why ? why : "",
		  sym, d, set->units[b->def].lto == LTO_LLVM ? ", or link with lld (-fuse-ld=lld)" : "");
	free(d);
	free(r);
}
