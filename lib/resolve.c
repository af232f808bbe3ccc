#include "resolve.h"
#include "cache.h"
#include "formats/classify.h"
#include "diag.h"
#include "driver.h"
#include "child.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* scripts naming scripts: deeper than this is a loop */
#define SCRIPT_MAX_DEPTH 16
/* scripts read in all: one that names itself twice would otherwise be read
 * 2^SCRIPT_MAX_DEPTH times */
#define SCRIPT_MAX_COUNT 1000
/* a linker script larger than this is not a list of inputs */
#define SCRIPT_MAX_SIZE (1 << 20)

/* what one look at a path found: a resolution opens each path once (the
 * driver names libgcc and libgcc_s twice, and -lc is a script) */
struct look {
	char *path;
	enum file_kind kind;
	int have_st;
	struct stat st;
	char *text; /* a script's whole text, or NULL with err */
	size_t len;
	int err;
};

struct resolver {
	const struct cmd *cmd;
	default_dirs_fn default_dirs;
	void *arg;
	struct strvec dirs;     /* -L dirs (sysroot applied), then default dirs */
	int have_defaults;
	int next_group;         /* next number for a script GROUP */
	unsigned scripts;       /* linker scripts read so far */
	int bounded;            /* a bound on scripts was reached: stop */
	int err;                /* first error */
	const struct clean_set *known;
	struct input_list *out;
	struct look **looks;
	size_t nlooks, alooks;
};

/* "=dir" and "$SYSROOT/dir" name a path under the sysroot */
static char *sysroot_path(const char *sysroot, const char *p)
{
	const char *rest = NULL;
	if (p[0] == '=')
		rest = p + 1;
	else if (str_starts(p, "$SYSROOT"))
		rest = p + strlen("$SYSROOT");
	if (!rest)
		return xstrdup(p);
	return xasprintf("%s%s", sysroot ? sysroot : "", rest);
}

static struct look *find_look(const struct resolver *r, const char *path)
{
	for (size_t i = 0; i < r->nlooks; i++)
		if (!strcmp(r->looks[i]->path, path))
			return r->looks[i];
	return NULL;
}

static char *read_script(int fd, size_t *len, int *err);

/* the file at path, classified (and a script read) the first time it is named */
static const struct look *look_at(struct resolver *r, const char *path)
{
	struct look *l = find_look(r, path);
	if (l)
		return l;
	l = xcalloc(1, sizeof(*l));
	l->path = xstrdup(path);
	int fd;
	l->kind = classify_open(path, &l->st, &fd);
	l->have_st = l->kind != FK_MISSING && l->kind != FK_UNREADABLE;
	if (fd >= 0 && l->kind == FK_SCRIPT)
		l->text = lseek(fd, 0, SEEK_SET) == 0 ? read_script(fd, &l->len, &l->err) : NULL;
	if (fd >= 0 && l->kind == FK_SCRIPT && !l->text && !l->err)
		l->err = -errno;
	if (fd >= 0)
		close(fd);
	GROW(r->looks, r->alooks, r->nlooks + 1);
	r->looks[r->nlooks++] = l;
	return l;
}

static int usable(struct resolver *r, const char *path)
{
	enum file_kind k = look_at(r, path)->kind;
	return k != FK_MISSING && k != FK_DIR && k != FK_UNREADABLE;
}

static void fail(struct resolver *r, int err)
{
	if (!r->err)
		r->err = err;
}

static void load_defaults(struct resolver *r)
{
	if (r->have_defaults)
		return;
	r->have_defaults = 1;
	if (!r->default_dirs || (r->cmd->flavor == FLAVOR_LD && r->cmd->nostdlib))
		return;
	struct strvec d = STRVEC_INIT;
	int ret = r->default_dirs(r->arg, &d);
	if (ret < 0)
		diag_warn("cannot learn the default library directories: %s", strerror(-ret));
	for (size_t i = 0; i < d.nr; i++)
		strvec_push(&r->dirs, d.v[i]);
	strvec_clear(&d);
}

/* the file -lNAME (exact: -l:NAME) names, or NULL */
static char *find_lib(struct resolver *r, const char *name, int exact, int static_only)
{
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			load_defaults(r);
		for (size_t i = 0; i < r->dirs.nr; i++) {
			const char *dir = r->dirs.v[i];
			char *p;
			if (exact) {
				p = xasprintf("%s/%s", dir, name);
			} else {
				if (!static_only) {
					p = xasprintf("%s/lib%s.so", dir, name);
					if (usable(r, p))
						return p;
					free(p);
				}
				p = xasprintf("%s/lib%s.a", dir, name);
			}
			if (usable(r, p))
				return p;
			free(p);
		}
		if (r->have_defaults)
			break;
	}
	return NULL;
}

struct state {
	const char *spec_prefix; /* "libc.so:" for entries of a script, "" otherwise */
	size_t cmd_index;
	unsigned whole_archive : 1, as_needed : 1, static_only : 1, from_script : 1, driver : 1;
	int group;
};

static void add(struct resolver *r, const struct state *st, char *path, const char *spec,
		enum file_kind kind)
{
	struct input_list *l = r->out;
	GROW(l->v, l->alloc, l->nr + 1);
	struct input *in = &l->v[l->nr++];
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->spec = xasprintf("%s%s", st->spec_prefix, spec);
	in->kind = kind;
	in->cmd_index = st->cmd_index;
	in->whole_archive = st->whole_archive;
	in->as_needed = st->as_needed;
	in->from_script = st->from_script;
	in->driver = st->driver;
	in->group = st->group;
}

static void add_file(struct resolver *r, const struct state *st, char *path, const char *spec,
		     int depth);

static void add_lib(struct resolver *r, const struct state *st, const char *name, int exact,
		    const char *spec, int depth)
{
	char *path = find_lib(r, name, exact, st->static_only);
	if (path)
		add_file(r, st, path, spec, depth);
	else
		add(r, st, NULL, spec, FK_MISSING);
}

/* ---- linker scripts ---- */

enum tok { T_END, T_WORD, T_LPAREN, T_RPAREN, T_OTHER };

struct lexer {
	const char *p, *end;
	char *word; /* current T_WORD, malloc'd */
};

static enum tok lex(struct lexer *lx)
{
	free(lx->word);
	lx->word = NULL;
	for (;;) {
		while (lx->p < lx->end && strchr(" \t\r\n\f\v,", *lx->p))
			lx->p++;
		if (lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '*') {
			const char *close = NULL;
			for (const char *q = lx->p + 2; q + 1 < lx->end; q++)
				if (q[0] == '*' && q[1] == '/') {
					close = q;
					break;
				}
			lx->p = close ? close + 2 : lx->end;
			continue;
		}
		break;
	}
	if (lx->p >= lx->end)
		return T_END;
	char c = *lx->p;
	if (c == '(' || c == ')') {
		lx->p++;
		return c == '(' ? T_LPAREN : T_RPAREN;
	}
	if (c == '"') {
		const char *s = ++lx->p;
		while (lx->p < lx->end && *lx->p != '"')
			lx->p++;
		lx->word = xstrndup(s, (size_t)(lx->p - s));
		if (lx->p < lx->end)
			lx->p++;
		return T_WORD;
	}
	if (strchr("{};", c)) {
		lx->p++;
		return T_OTHER;
	}
	const char *s = lx->p;
	while (lx->p < lx->end && !strchr(" \t\r\n\f\v,(){};\"", *lx->p) &&
	       !(lx->end - lx->p >= 2 && lx->p[0] == '/' && lx->p[1] == '*'))
		lx->p++;
	lx->word = xstrndup(s, (size_t)(lx->p - s));
	return T_WORD;
}

/* skip to the ')' that closes an already opened '(' */
static void skip_parens(struct lexer *lx)
{
	size_t depth = 1;
	for (;;) {
		enum tok t = lex(lx);
		if (t == T_END)
			return;
		if (t == T_LPAREN)
			depth++;
		else if (t == T_RPAREN && --depth == 0)
			return;
	}
}

struct script {
	const char *path;    /* the script file */
	const char *dir;     /* its directory */
	int in_sysroot;      /* the script lies under the sysroot */
};

static void script_entry(struct resolver *r, const struct script *sc, const struct state *st,
			 const char *name, int depth)
{
	if (str_starts(name, "-l")) {
		const char *lib = name + 2;
		int exact = lib[0] == ':';
		add_lib(r, st, exact ? lib + 1 : lib, exact, name, depth);
		return;
	}
	const char *sysroot = r->cmd->sysroot;
	char *path;
	if (name[0] == '=' || str_starts(name, "$SYSROOT"))
		path = sysroot_path(sysroot, name);
	else if (name[0] == '/' && sc->in_sysroot)
		path = xasprintf("%s%s", sysroot, name);
	else
		path = xstrdup(name);
	if (path[0] != '/' && !usable(r, path)) {
		/* relative: the current directory, the script's directory, then -L */
		char *p = xasprintf("%s/%s", sc->dir, path);
		if (!usable(r, p)) {
			free(p);
			p = find_lib(r, path, 1, 0);
		}
		if (p) {
			free(path);
			path = p;
		}
	}
	add_file(r, st, path, name, depth);
}

/* entries of INPUT( or GROUP( up to the closing ')' */
static void script_list(struct resolver *r, struct lexer *lx, const struct script *sc,
			const struct state *st, int depth)
{
	for (;;) {
		enum tok t = lex(lx);
		if (t == T_END || t == T_RPAREN || r->bounded)
			return;
		if (t == T_LPAREN) {
			skip_parens(lx);
			continue;
		}
		if (t != T_WORD)
			continue;
		if (!strcmp(lx->word, "AS_NEEDED")) {
			const char *save = lx->p;
			if (lex(lx) == T_LPAREN) {
				struct state sub = *st;
				sub.as_needed = 1;
				script_list(r, lx, sc, &sub, depth);
				continue;
			}
			lx->p = save;
			script_entry(r, sc, st, "AS_NEEDED", depth);
			continue;
		}
		char *word = lx->word;
		lx->word = NULL;
		script_entry(r, sc, st, word, depth);
		free(word);
	}
}

static char *read_script(int fd, size_t *len, int *err)
{
	/* scripts are small: the buffer grows as they are read */
	char *buf = NULL;
	size_t n = 0, alloc = 0;
	while (n < SCRIPT_MAX_SIZE) {
		GROW(buf, alloc, n + 4096);
		size_t room = alloc - n;
		if (room > SCRIPT_MAX_SIZE - n)
			room = SCRIPT_MAX_SIZE - n;
		ssize_t got = read(fd, buf + n, room);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*err = -errno;
			free(buf);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n == SCRIPT_MAX_SIZE) {
		*err = -EFBIG;
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n > 1 && !strncmp(path, dir, n) && path[n] == '/';
}

/* read the script at path; 1 when it only lists inputs, 0 when it has other
 * commands, -errno when it cannot be read */
static int expand_script(struct resolver *r, const struct state *st, const struct look *l, int depth)
{
	const char *path = l->path, *text = l->text;
	size_t len = l->len;
	if (!text) {
		diag_warn("cannot read linker script %s: %s", path, strerror(-l->err));
		return l->err;
	}
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	const char *sysroot = r->cmd->sysroot;
	struct script sc = { path, dir, sysroot && under(path, sysroot) };
	char *prefix = xasprintf("%s%s:", st->spec_prefix, path_base(path));
	struct state sub = *st;
	sub.spec_prefix = prefix;
	sub.from_script = 1;

	static const char *const harmless[] = {
		"OUTPUT_FORMAT", "OUTPUT_ARCH", "TARGET", "SEARCH_DIR",
	};
	int only_inputs = 1;
	struct lexer lx = { text, text + len, NULL };
	for (enum tok t = lex(&lx); t != T_END && !r->bounded; t = lex(&lx)) {
		if (t != T_WORD) {
			if (t != T_OTHER || lx.p[-1] != ';')
				only_inputs = 0;
			continue;
		}
		char *word = lx.word;
		lx.word = NULL;
		const char *save = lx.p;
		if (lex(&lx) != T_LPAREN) {
			only_inputs = 0;
			lx.p = save;
		} else if (!strcmp(word, "INPUT") || !strcmp(word, "STARTUP")) {
			struct state in = sub;
			script_list(r, &lx, &sc, &in, depth + 1);
		} else if (!strcmp(word, "GROUP")) {
			struct state g = sub;
			if (!g.group)
				g.group = r->next_group++;
			script_list(r, &lx, &sc, &g, depth + 1);
		} else {
			size_t i = 0;
			while (i < sizeof(harmless) / sizeof(harmless[0]) && strcmp(word, harmless[i]))
				i++;
			if (i == sizeof(harmless) / sizeof(harmless[0]))
				only_inputs = 0;
			skip_parens(&lx);
		}
		free(word);
	}
	free(lx.word);
	free(prefix);
	free(dir);
	return only_inputs;
}

static void add_file(struct resolver *r, const struct state *st, char *path, const char *spec,
		     int depth)
{
	/* a clean archive costs one stat, not an open and a read */
	const struct look *l = find_look(r, path);
	struct stat sb;
	const struct stat *known = l ? (l->have_st ? &l->st : NULL) : (r->known && stat(path, &sb) == 0 ? &sb : NULL);
	if (r->known && known && S_ISREG(known->st_mode) && clean_has(r->known, known)) {
		add(r, st, path, spec, FK_ARCHIVE);
		r->out->v[r->out->nr - 1].known_clean = 1;
		return;
	}
	l = look_at(r, path);
	enum file_kind kind = l->kind;
	if (kind != FK_SCRIPT) {
		add(r, st, path, spec, kind);
		return;
	}
	if (depth >= SCRIPT_MAX_DEPTH) {
		r->bounded = 1;
		diag_warn("linker scripts nested deeper than %d at %s", SCRIPT_MAX_DEPTH, path);
		fail(r, -ELOOP);
		add(r, st, path, spec, kind);
		return;
	}
	if (++r->scripts > SCRIPT_MAX_COUNT) {
		r->bounded = 1;
		diag_warn("more than %d linker scripts at %s", SCRIPT_MAX_COUNT, path);
		fail(r, -ELOOP);
		add(r, st, path, spec, kind);
		return;
	}
	/* the script comes first so that the entries follow it in link order */
	size_t at = r->out->nr;
	add(r, st, path, spec, kind);
	int ret = expand_script(r, st, l, depth);
	if (ret < 0) {
		fail(r, ret);
		r->out->v[at].kind = FK_UNREADABLE;
	} else if (ret == 1) {
		struct input *in = &r->out->v[at];
		free(in->path);
		free(in->spec);
		memmove(in, in + 1, (r->out->nr - at - 1) * sizeof(*in));
		r->out->nr--;
	}
}

int resolve_inputs(const struct cmd *cmd, default_dirs_fn default_dirs, void *arg,
		   struct input_list *out)
{
	return resolve_inputs_known(cmd, default_dirs, arg, NULL, out);
}

int resolve_inputs_known(const struct cmd *cmd, default_dirs_fn default_dirs, void *arg,
			 const struct clean_set *known, struct input_list *out)
{
	struct resolver r = { .cmd = cmd, .default_dirs = default_dirs, .arg = arg, .out = out,
			      .known = known };
	for (size_t i = 0; i < cmd->libdirs.nr; i++)
		strvec_push_nodup(&r.dirs, sysroot_path(cmd->sysroot, cmd->libdirs.v[i]));
	for (size_t i = 0; i < cmd->ninputs; i++)
		if (cmd->inputs[i].group >= r.next_group)
			r.next_group = cmd->inputs[i].group + 1;
	if (!r.next_group)
		r.next_group = 1;
	for (size_t i = 0; i < cmd->ninputs && !r.bounded; i++) {
		const struct cmd_input *ci = &cmd->inputs[i];
		struct state st = {
			.spec_prefix = "", .cmd_index = i, .whole_archive = ci->whole_archive,
			.as_needed = ci->as_needed, .static_only = ci->static_only, .driver = ci->driver,
			.group = ci->group,
		};
		switch (ci->type) {
		case IN_SOURCE:
			break;
		case IN_FILE:
			add_file(&r, &st, sysroot_path(cmd->sysroot, ci->name), ci->name, 0);
			break;
		case IN_LIB:
		case IN_LIB_EXACT: {
			int exact = ci->type == IN_LIB_EXACT;
			char *spec = xasprintf(exact ? "-l:%s" : "-l%s", ci->name);
			add_lib(&r, &st, ci->name, exact, spec, 0);
			free(spec);
			break;
		}
		}
	}
	strvec_clear(&r.dirs);
	for (size_t i = 0; i < r.nlooks; i++) {
		free(r.looks[i]->path);
		free(r.looks[i]->text);
		free(r.looks[i]);
	}
	free(r.looks);
	return r.err;
}

void input_list_release(struct input_list *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		free(l->v[i].path);
		free(l->v[i].spec);
	}
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

/* ---- default directories ---- */

/* add dir unless missing, not a directory or already listed (same inode) */
static void add_dir(struct strvec *out, const char *dir, dev_t *devs, ino_t *inos, size_t *n)
{
	struct stat st;
	if (!dir[0] || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return;
	for (size_t i = 0; i < *n; i++)
		if (devs[i] == st.st_dev && inos[i] == st.st_ino)
			return;
	devs[*n] = st.st_dev;
	inos[*n] = st.st_ino;
	(*n)++;
	strvec_push(out, dir);
}

/* "libraries: =a:b:c" from -print-search-dirs */
static void parse_search_dirs(const char *text, struct strvec *dirs)
{
	const char *line = text;
	while (line && !str_starts(line, "libraries: ")) {
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	if (!line)
		return;
	line += strlen("libraries: ");
	if (*line == '=')
		line++;
	const char *end = strchr(line, '\n');
	if (!end)
		end = line + strlen(line);
	while (line < end) {
		const char *colon = memchr(line, ':', (size_t)(end - line));
		const char *stop = colon ? colon : end;
		size_t n = (size_t)(stop - line);
		while (n > 1 && line[n - 1] == '/')
			n--;
		strvec_push_nodup(dirs, xstrndup(line, n));
		line = stop + 1;
	}
}

/* SEARCH_DIR("=/usr/lib"); entries from ld --verbose */
static void parse_ld_verbose(const char *text, const char *sysroot, struct strvec *dirs)
{
	for (const char *p = strstr(text, "SEARCH_DIR("); p; p = strstr(p, "SEARCH_DIR(")) {
		p += strlen("SEARCH_DIR(");
		if (*p == '"')
			p++;
		size_t n = strcspn(p, "\")\n");
		char *raw = xstrndup(p, n);
		strvec_push_nodup(dirs, raw[0] == '=' ? sysroot_path(sysroot, raw) : xstrdup(raw));
		free(raw);
		p += n;
	}
}

int toolchain_default_dirs(void *arg, struct strvec *out)
{
	const struct cmd *cmd = arg;
	if (!cmd->argv.nr)
		return -EINVAL;
	char *tool = driver_which(cmd->argv.v[0]);
	if (!tool)
		return -ENOENT;
	struct strvec q = STRVEC_INIT;
	strvec_push_nodup(&q, tool);
	if (cmd->flavor == FLAVOR_LD) {
		if (cmd->emulation) {
			strvec_push(&q, "-m");
			strvec_push(&q, cmd->emulation);
		}
		strvec_push(&q, "--verbose");
	} else {
		if (cmd->m32)
			strvec_push(&q, "-m32");
		if (cmd->m64)
			strvec_push(&q, "-m64");
		if (cmd->sysroot)
			strvec_pushf(&q, "--sysroot=%s", cmd->sysroot);
		for (size_t i = 0; i < cmd->bdirs.nr; i++)
			strvec_pushf(&q, "-B%s", cmd->bdirs.v[i]);
		strvec_push(&q, "-print-search-dirs");
	}
	char *key = driver_query_key(cmd, q.v, q.nr);
	char *text = key ? cache_get_text("dirs", key) : NULL;
	if (!text) {
		int status = child_capture(q.v, &text, NULL);
		if (status != 0) {
			free(text);
			free(key);
			strvec_clear(&q);
			return status < 0 ? status : -EIO;
		}
		if (key && text)
			cache_put_text("dirs", key, text);
	}
	free(key);
	strvec_clear(&q);
	struct strvec raw = STRVEC_INIT;
	if (cmd->flavor == FLAVOR_LD)
		parse_ld_verbose(text, cmd->sysroot, &raw);
	else
		parse_search_dirs(text, &raw);
	free(text);
	dev_t *devs = xcalloc(raw.nr, sizeof(*devs));
	ino_t *inos = xcalloc(raw.nr, sizeof(*inos));
	size_t n = 0;
	for (size_t i = 0; i < raw.nr; i++)
		add_dir(out, raw.v[i], devs, inos, &n);
	free(devs);
	free(inos);
	strvec_clear(&raw);
	return 0;
}
