/*
 * front.c - lto-safe-cc, lto-safe-c++, lto-safe-ld and masquerade symlinks.
 *
 * Decides from argv[0] (and argv[1] for the prefix form) which real tool to
 * run, then either execs it with the user's arguments (every invocation
 * that is not a link, and every link that quick.h finds has nothing for
 * lto-safe to do) or execs the link helper, lto-safe-link, installed in
 * ../libexec/lto-safe/ relative to this program.  The front end links
 * against libc only, so that a compile step costs one exec and nothing
 * else: no ELF, regex or decompression library is loaded here.
 */
#include "cmdline.h"
#include "lto_safe_version.h"
#include "quick.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 8

static char self[PATH_MAX];

static int is_wrapper(const char *real)
{
	return !strcmp(real, self) || str_starts(path_base(real), "lto-safe");
}

static int executable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* path to run for cand (as found), or NULL when it is missing or a wrapper;
 * real receives its canonical path */
static char *usable(const char *cand, char *real)
{
	if (!executable_file(cand) || !realpath(cand, real) || is_wrapper(real))
		return NULL;
	return xstrdup(cand);
}

/* compiler launchers: they take the compiler as their first argument */
static const char *const launcher_names[] = { "ccache", "sccache", "distcc", "icecc", "icerun" };
#define MAX_LAUNCHERS 8

static int is_launcher(const char *real)
{
	const char *b = path_base(real);
	for (size_t i = 0; i < sizeof(launcher_names) / sizeof(launcher_names[0]); i++)
		if (!strcmp(b, launcher_names[i]))
			return 1;
	return 0;
}

/* the real tool and the compiler launchers to run it through, in order */
struct chain {
	char *launcher[MAX_LAUNCHERS];
	int n;
};

/*
 * The first real tool called name on PATH that is not an lto-safe wrapper
 * (real: its canonical path, PATH_MAX bytes).  With ch, a launcher found
 * under the compiler's name (Debian's /usr/lib/ccache/gcc -> ccache) on
 * PATH after this wrapper joins ch, and the search goes on for the
 * compiler itself: the launcher is then run by its own path and given the
 * compiler's, since by name it would find this wrapper again ahead of the
 * compiler.  One
 * found ahead of this wrapper is the launcher that ran it: it is skipped.
 */
static char *find_tool(const char *name, char *real, struct chain *ch)
{
	if (strchr(name, '/')) {
		char *p = usable(name, real);
		return p ? p : find_tool(path_base(name), real, ch);
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	char *launcher = NULL;
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		/* on the stack: musl's malloc would map and unmap a page for each */
		char cand[PATH_MAX];
		int n = len ? snprintf(cand, sizeof(cand), "%.*s/%s", (int)len, p, name)
			    : snprintf(cand, sizeof(cand), "./%s", name);
		char *found = NULL;
		if (n > 0 && (size_t)n < sizeof(cand) && executable_file(cand) && realpath(cand, real)) {
			if (is_wrapper(real)) {
				free(launcher); /* it ran this wrapper */
				launcher = NULL;
			} else if (ch && !ch->n && strcmp(name, path_base(real)) && is_launcher(real)) {
				/* by its own name: under the compiler's it would masquerade */
				if (!launcher)
					launcher = xstrdup(real);
			} else {
				found = xstrdup(cand);
			}
		}
		if (found || !colon) {
			if (found && launcher)
				ch->launcher[ch->n++] = launcher;
			else if (launcher && !realpath(launcher, real)) /* no compiler after it: the launcher itself */
				launcher = NULL;
			return found ? found : launcher;
		}
		p = colon + 1;
	}
}

/*
 * lto-safe-gcc-ar, lto-safe-llvm-ranlib ...: CMake reads "lto-safe-" in
 * "lto-safe-cc" as a toolchain prefix and archives LTO objects with
 * <prefix>gcc-ar (GCC) or <prefix>llvm-ar (clang).  Each of these names runs
 * the tool of the real compiler: the first of LTO_SAFE_CC, LTO_SAFE_CXX, cc
 * and c++ whose canonical name has the family's word gets the tool of the
 * same name beside it (x86_64-linux-gnu-gcc-12 -> x86_64-linux-gnu-gcc-ar-12,
 * /usr/lib/llvm-14/bin/clang -> /usr/lib/llvm-14/bin/llvm-ar); else the
 * tool (gcc-ar, llvm-ar ...) on PATH.
 */
static const char *const binutils[] = {
	"gcc-ar", "gcc-ranlib", "gcc-nm", "llvm-ar", "llvm-ranlib", "llvm-nm",
};

/* the tool that NAME stands for ("gcc-ar" for lto-safe-gcc-ar), or NULL */
static const char *binutil_of(const char *name)
{
	if (!str_starts(name, "lto-safe-"))
		return NULL;
	for (size_t i = 0; i < sizeof(binutils) / sizeof(binutils[0]); i++)
		if (!strcmp(name + strlen("lto-safe-"), binutils[i]))
			return binutils[i];
	return NULL;
}

static char *binutil_tool(const char *tool, char *real)
{
	int llvm = str_starts(tool, "llvm-");
	const char *const words[] = { llvm ? "clang++" : "g++", llvm ? "clang" : "gcc" };
	const char *const compilers[] = { getenv("LTO_SAFE_CC"), getenv("LTO_SAFE_CXX"), "cc", "c++" };
	for (size_t i = 0; i < sizeof(compilers) / sizeof(compilers[0]); i++) {
		/* the compiler itself, not a launcher's masquerade of it */
		struct chain ch = { .n = 0 };
		char *cc = compilers[i] && *compilers[i] ? find_tool(compilers[i], real, &ch) : NULL;
		for (int l = 0; l < ch.n; l++)
			free(ch.launcher[l]);
		if (!cc)
			continue;
		free(cc);
		const char *base = path_base(real);
		for (size_t w = 0; w < 2; w++) {
			const char *at = strstr(base, words[w]);
			if (!at)
				continue;
			char cand[PATH_MAX];
			int n = snprintf(cand, sizeof(cand), "%.*s%s%s", (int)(at - real), real, tool,
					 at + strlen(words[w]));
			char *found = n > 0 && (size_t)n < sizeof(cand) ? usable(cand, real) : NULL;
			if (found)
				return found;
			break;
		}
	}
	return find_tool(tool, real, NULL);
}

static const char *const source_ext[] = {
	".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".o", ".a", ".so", ".s", ".S", ".i", ".ii", ".m", ".mm",
};

/* prefix form: "lto-safe-cc gcc ..." may name the compiler first */
static int tool_word(const char *arg)
{
	if (!arg || !*arg || *arg == '-' || *arg == '@')
		return 0;
	for (size_t i = 0; i < sizeof(source_ext) / sizeof(source_ext[0]); i++)
		if (str_ends(arg, source_ext[i]))
			return 0;
	return !strchr(arg, '/') || executable_file(arg);
}

/*
 * words[0..n) naming compiler launchers and then the tool ("gcc", "ccache
 * gcc", "ccache distcc gcc"): the tool's path (real: canonical), the
 * launchers in ch, *used the number of words taken; NULL when words[0]
 * names no tool.  A launcher followed by no tool is the tool.
 */
static char *find_chain(char *const *words, int n, char *real, struct chain *ch, int *used)
{
	for (int i = 0; i < n && tool_word(words[i]); i++) {
		char *t = find_tool(words[i], real, ch);
		if (!t)
			break;
		if (i + 1 < n && ch->n < MAX_LAUNCHERS && is_launcher(real) && tool_word(words[i + 1])) {
			ch->launcher[ch->n++] = t;
			continue;
		}
		*used = i + 1;
		return t;
	}
	return NULL;
}

/* wrapper options hidden in a response file: only the link helper can
 * take them out, so such a command goes to it even when it is no link */
static int rsp_wrapper_options(enum tool_flavor flavor, int argc, char **argv)
{
	int at = 0, direct = 0;
	for (int i = 1; i < argc; i++) {
		at |= argv[i][0] == '@';
		direct += cmd_is_wrapper_option(argv[i]);
	}
	if (!at)
		return 0;
	struct cmd cmd = CMD_INIT;
	int hidden = 0;
	if (cmd_parse(&cmd, flavor, argc, argv) == 0)
		hidden = cmd.keep.nr + cmd.keep_files.nr + cmd.exclude.nr + cmd.dry_run > (size_t)direct;
	cmd_release(&cmd);
	return hidden;
}

static const char *flavor_arg(enum tool_flavor f)
{
	return f == FLAVOR_LD ? "ld" : f == FLAVOR_CLANG ? "clang" : "gcc";
}

static int fail(const char *fmt, const char *arg)
{
	fputs("lto-safe: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 127;
}

/* LTO_SAFE_CC="ccache gcc": the words of the value, in place */
static int split_words(char *v, char **words, int max)
{
	int n = 0;
	for (char *t = strtok(v, " \t"); t && n < max; t = strtok(NULL, " \t"))
		words[n++] = t;
	return n;
}

/* a boolean setting by lib/settings.c's rule (the front end reads its own
 * few settings without that module): 1, yes, true, on or 0, no, false,
 * off in any case; anything else a warning and the default, off */
static int env_bool(const char *name)
{
	static const char *const on[] = { "1", "yes", "true", "on" }, *const off[] = { "0", "no", "false", "off" };
	const char *v = getenv(name);
	if (!v || !*v)
		return 0;
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, on[i]))
			return 1;
		if (!strcasecmp(v, off[i]))
			return 0;
	}
	fprintf(stderr, "lto-safe: warning: %s=%s: not a boolean (1, yes, true, on or 0, no, false, off); "
		"using the default (0)\n", name, v);
	return 0;
}

/* [launchers...] tool args, without wrapper options: argv[shift..] are the
 * user's nargs arguments, and argv itself is reused when it has room */
static int run_plain(const struct chain *ch, char *tool, char **argv, int shift, int nargs)
{
	char **args = argv + shift, **v = argv;
	if (ch->n >= shift)
		v = xcalloc((size_t)(ch->n + 1 + nargs + 1), sizeof(*v));
	int w = ch->n + 1;
	for (int r = 0; r < nargs; r++)
		if (!cmd_is_wrapper_option(args[r]))
			v[w++] = args[r];
	v[w] = NULL;
	for (int i = 0; i < ch->n; i++)
		v[i] = ch->launcher[i];
	v[ch->n] = tool;
	execv(v[0], v);
	return fail("cannot run %s", v[0]);
}

int main(int argc, char **argv)
{
	/* the kernel's name for this program is already canonical */
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';

	const char *name = path_base(argv[0]);
	/* "lto-safe-cc --lto-safe-version", "gcc --lto-safe-version" through
	 * a masquerade link: no real tool is looked for */
	if (argc == 2 && !strcmp(argv[1], "--lto-safe-version")) {
		printf("%s (lto-safe) %s\n", name, LTO_SAFE_VERSION);
		return 0;
	}
	char real[PATH_MAX]; /* the tool's canonical path */
	int shift = 1; /* argv[shift] is the first user argument */
	char *tool = NULL;
	struct chain ch = { .n = 0 };
	int ld = 0;
	const char *binutil;

	if (!strcmp(name, "lto-safe-ld")) {
		const char *env = getenv("LTO_SAFE_LD");
		tool = find_tool(env && *env ? env : "ld", real, NULL);
		ld = 1;
		if (!tool)
			return fail("no real linker found (%s)", env && *env ? env : "ld on PATH");
	} else if (!strcmp(name, "lto-safe-cc") || !strcmp(name, "lto-safe-c++")) {
		int cxx = !strcmp(name, "lto-safe-c++"), used = 0;
		tool = find_chain(argv + 1, argc - 1, real, &ch, &used);
		if (tool) {
			shift = 1 + used;
		} else {
			const char *env = getenv(cxx ? "LTO_SAFE_CXX" : "LTO_SAFE_CC");
			const char *want = env && *env ? env : cxx ? "c++" : "cc";
			char *words[MAX_LAUNCHERS + 1], *copy = xstrdup(want);
			int nw = split_words(copy, words, MAX_LAUNCHERS + 1);
			ch.n = 0;
			tool = nw ? find_chain(words, nw, real, &ch, &used) : NULL;
			free(copy);
			if (tool && used != nw)
				tool = NULL;
			/* LTO_SAFE_CC naming the wrapper itself means the default */
			if (!tool && env && *env && str_starts(path_base(env), "lto-safe")) {
				ch.n = 0;
				tool = find_tool(want = cxx ? "c++" : "cc", real, &ch);
			}
			if (!tool)
				return fail("no real compiler found (%s)", want);
		}
	} else if ((binutil = binutil_of(name))) {
		tool = binutil_tool(binutil, real);
		if (!tool)
			return fail("no real %s found", binutil);
		argv[0] = tool;
		execv(tool, argv);
		return fail("cannot run %s", tool);
	} else {
		tool = find_tool(name, real, &ch);
		if (!tool)
			return fail("no real %s found on PATH after the lto-safe wrapper", name);
	}

	const char *d = getenv("LTO_SAFE_DEPTH");
	int depth = d ? atoi(d) : 0;
	if (depth >= MAX_DEPTH)
		return fail("%s: lto-safe wrappers call each other in a loop (check PATH)", tool);
	char dbuf[16];
	snprintf(dbuf, sizeof(dbuf), "%d", depth + 1);
	setenv("LTO_SAFE_DEPTH", dbuf, 1);

	enum tool_flavor flavor = ld ? FLAVOR_LD : cmd_flavor_of(path_base(tool));
	if (!ld && flavor == FLAVOR_GCC)
		flavor = cmd_flavor_of(path_base(real));
	if (flavor == FLAVOR_LD)
		ld = 1;

	char **args = argv + shift;
	int nargs = argc - shift;
	int off = env_bool("LTO_SAFE_DISABLE") || env_bool("LTO_SAFE_ACTIVE");
	int pass = off || cmd_quick_action(flavor, nargs + 1, argv + shift - 1) == ACT_PASS;

	if (pass && !off)
		pass = !rsp_wrapper_options(flavor, nargs + 1, argv + shift - 1);
	/* a link with nothing for lto-safe to do runs as the helper would run
	 * it, without starting the helper */
	if (!pass && quick_plain(flavor, tool, nargs, args)) {
		setenv("LTO_SAFE_ACTIVE", "1", 1);
		pass = 1;
	}
	if (pass)
		return run_plain(&ch, tool, argv, shift, nargs);

	char *dir = xstrdup(self);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	char *helper = xasprintf("%s/../libexec/lto-safe/lto-safe-link", dir);
	char **hv = xcalloc((size_t)(nargs + ch.n + 4), sizeof(*hv));
	int h = 0;
	hv[h++] = helper;
	hv[h++] = (char *)flavor_arg(flavor);
	for (int i = 0; i < ch.n; i++)
		hv[h++] = xasprintf("--launcher=%s", ch.launcher[i]);
	hv[h++] = tool;
	memcpy(hv + h, args, (size_t)nargs * sizeof(*hv));
	execv(helper, hv);
	int e = errno;
	fprintf(stderr, "lto-safe: error: cannot run %s: %s\n", helper, strerror(e));
	return 127;
}
