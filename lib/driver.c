#include "driver.h"
#include "cache.h"
#include "child.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *driver_which(const char *tool)
{
	if (strchr(tool, '/'))
		return xstrdup(tool);
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = n ? xasprintf("%.*s/%s", (int)n, p, tool) : xasprintf("./%s", tool);
		struct stat st;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!colon)
			return NULL;
		p = colon + 1;
	}
}

/* ---- the cache key ---- */

static void push_identity(struct strvec *k, const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		strvec_pushf(k, "path %s missing", path);
		return;
	}
	strvec_pushf(k, "path %s %llu %llu %lld.%09ld %lld.%09ld", path, (unsigned long long)st.st_dev,
		     (unsigned long long)st.st_ino, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
		     (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir's identity, and its subdirectories' down to depth more levels, sorted */
static void push_tree(struct strvec *k, const char *dir, int depth)
{
	push_identity(k, dir);
	DIR *d = depth > 0 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct strvec sub = STRVEC_INIT;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && (e->d_type == DT_DIR || e->d_type == DT_LNK || e->d_type == DT_UNKNOWN))
			strvec_pushf(&sub, "%s/%s", dir, e->d_name);
	closedir(d);
	if (sub.nr)
		qsort(sub.v, sub.nr, sizeof(*sub.v), cmp_str);
	for (size_t i = 0; i < sub.nr; i++) {
		struct stat st;
		if (stat(sub.v[i], &st) == 0 && S_ISDIR(st.st_mode))
			push_tree(k, sub.v[i], depth - 1);
	}
	strvec_clear(&sub);
}

/* the GCC installations clang may pick from (its GCC detection) */
static void push_gcc_installations(struct strvec *k, const struct cmd *cmd, const char *real)
{
	struct strvec prefixes = STRVEC_INIT;
	for (size_t i = 0; i < cmd->args.nr; i++)
		if (str_starts(cmd->args.v[i], "--gcc-toolchain="))
			strvec_push(&prefixes, cmd->args.v[i] + strlen("--gcc-toolchain="));
	if (!prefixes.nr) {
		const char *sr = cmd->sysroot ? cmd->sysroot : "";
		strvec_pushf(&prefixes, "%s/usr", sr);
		if (*sr)
			strvec_push(&prefixes, sr);
		char *dir = xstrdup(real);
		char *slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			strvec_pushf(&prefixes, "%s/..", dir);
		}
		free(dir);
	}
	static const char *const sub[] = { "lib/gcc", "lib/gcc-cross", "lib64/gcc", "lib32/gcc" };
	for (size_t i = 0; i < prefixes.nr; i++)
		for (size_t j = 0; j < sizeof(sub) / sizeof(sub[0]); j++) {
			char *d = xasprintf("%s/%s", prefixes.v[i], sub[j]);
			push_tree(k, d, 2);
			free(d);
		}
	strvec_clear(&prefixes);
}

char *driver_query_key(const struct cmd *cmd, char *const *q, size_t n)
{
	char *real = realpath(q[0], NULL);
	struct stat st;
	if (!real || stat(real, &st) < 0) {
		free(real);
		return NULL;
	}
	struct strvec k = STRVEC_INIT;
	strvec_pushf(&k, "lto-safe query v2\n%s\n%llu %llu %lld %lld.%09ld %lld.%09ld", real,
		     (unsigned long long)st.st_dev, (unsigned long long)st.st_ino, (long long)st.st_size,
		     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
		     st.st_ctim.tv_nsec);
	for (size_t i = 0; i < n; i++)
		strvec_pushf(&k, "arg %s", q[i]);
	static const char *const env[] = { "GCC_EXEC_PREFIX", "COMPILER_PATH", "LIBRARY_PATH" };
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		const char *v = getenv(env[i]);
		strvec_pushf(&k, "env %s%s%s", env[i], v ? "=" : "", v ? v : "");
	}
	if (cmd->flavor != FLAVOR_LD) {
		for (size_t i = 0; i < cmd->bdirs.nr; i++)
			push_identity(&k, cmd->bdirs.v[i]);
		if (cmd->sysroot)
			push_identity(&k, cmd->sysroot);
		for (size_t i = 0; i < cmd->args.nr; i++) {
			const char *a = cmd->args.v[i];
			if (str_starts(a, "--specs="))
				a++;
			if (str_starts(a, "-specs="))
				push_identity(&k, a + strlen("-specs="));
		}
	}
	if (cmd->flavor == FLAVOR_CLANG)
		push_gcc_installations(&k, cmd, real);
	free(real);
	size_t len = 0;
	for (size_t i = 0; i < k.nr; i++)
		len += strlen(k.v[i]) + 1;
	char *key = xmalloc(len + 1), *p = key;
	*p = '\0';
	for (size_t i = 0; i < k.nr; i++)
		p += sprintf(p, "%s\n", k.v[i]);
	strvec_clear(&k);
	return key;
}

/* ---- the link line ---- */

/* the last command of a "-###" answer: the line of the link job */
static char *last_job(const char *text)
{
	const char *best = NULL;
	for (const char *l = text; l && *l;) {
		if (l[0] == ' ' && l[1] && l[1] != ' ')
			best = l;
		l = strchr(l, '\n');
		if (l)
			l++;
	}
	if (!best)
		return NULL;
	return xstrndup(best, strcspn(best, "\n"));
}

/* GCC and clang print each argument bare or in double quotes, with \ before
 * a quote, a backslash or a dollar sign inside the quotes */
static void split_job(const char *line, struct strvec *out)
{
	for (const char *p = line; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t n = strlen(p);
		char *arg = xmalloc(n + 1), *w = arg;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				*w++ = *p;
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ' ' && *p != '\t')
				*w++ = *p++;
		}
		*w = '\0';
		strvec_push_nodup(out, arg);
	}
}

int driver_parse_answer(const char *text, struct cmd *ld, size_t *mark)
{
	memset(ld, 0, sizeof(*ld));
	*mark = 0;
	char *line = last_job(text);
	if (!line)
		return -EIO;
	struct strvec argv = STRVEC_INIT;
	split_job(line, &argv);
	free(line);
	int r = argv.nr ? cmd_parse(ld, FLAVOR_LD, (int)argv.nr, argv.v) : -EIO;
	strvec_clear(&argv);
	if (r == 0) {
		r = -EIO;
		for (size_t i = 0; i < ld->ninputs; i++)
			if (ld->inputs[i].type == IN_FILE && !strcmp(ld->inputs[i].name, DRIVER_MARK)) {
				*mark = i;
				r = 0;
				break;
			}
	}
	if (r < 0)
		cmd_release(ld);
	return r;
}

int driver_link_line(const struct cmd *cmd, struct cmd *ld, size_t *mark)
{
	memset(ld, 0, sizeof(*ld));
	*mark = 0;
	char *tool = cmd->argv.nr ? driver_which(cmd->argv.v[0]) : NULL;
	if (!tool)
		return -ENOENT;
	struct strvec q = STRVEC_INIT;
	strvec_push_nodup(&q, tool);
	cmd_driver_options(cmd, &q);
	strvec_push(&q, "-Wl," DRIVER_MARK);
	strvec_push(&q, "-###");
	char *key = driver_query_key(cmd, q.v, q.nr);
	char *line = key ? cache_get_text("driver", key) : NULL;
	if (!line) {
		char *text = NULL;
		int status = child_capture_fd(q.v, 2, &text, NULL);
		line = status == 0 && text ? last_job(text) : NULL;
		free(text);
		if (status < 0) {
			free(key);
			strvec_clear(&q);
			return status;
		}
		/* a driver that failed or printed no link line is not asked again:
		 * the empty answer is kept too */
		if (!line)
			line = xstrdup("");
		if (key)
			cache_put_text("driver", key, line);
	}
	free(key);
	strvec_clear(&q);
	int r = driver_parse_answer(line, ld, mark);
	free(line);
	return r;
}

static void copy_input(struct cmd_input *to, const struct cmd_input *from, int group_base)
{
	*to = *from;
	to->name = xstrdup(from->name);
	to->lang = NULL;
	to->argi = to->argx = -1;
	to->driver = 1;
	to->group = from->group ? from->group + group_base : 0;
}

void driver_merge(struct cmd *cmd, const struct cmd *ld, size_t mark)
{
	int base = 0;
	for (size_t i = 0; i < cmd->ninputs; i++)
		if (cmd->inputs[i].group > base)
			base = cmd->inputs[i].group;
	size_t n = ld->ninputs - 1 + cmd->ninputs;
	struct cmd_input *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < mark; i++)
		copy_input(&v[k++], &ld->inputs[i], base);
	for (size_t i = 0; i < cmd->ninputs; i++)
		v[k++] = cmd->inputs[i];
	for (size_t i = mark + 1; i < ld->ninputs; i++)
		copy_input(&v[k++], &ld->inputs[i], base);
	free(cmd->inputs);
	cmd->inputs = v;
	cmd->ninputs = cmd->ainputs = n;
	for (size_t i = 0; i < ld->libdirs.nr; i++) {
		int have = 0;
		for (size_t j = 0; j < cmd->libdirs.nr && !have; j++)
			have = !strcmp(cmd->libdirs.v[j], ld->libdirs.v[i]);
		if (!have)
			strvec_push(&cmd->libdirs, ld->libdirs.v[i]);
	}
}
