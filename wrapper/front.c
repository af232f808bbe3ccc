/*
 * front.c - lto-safe-cc, lto-safe-c++, lto-safe-ld and masquerade symlinks.
 *
 * Decides from argv[0] (and argv[1] for the prefix form) which real tool to
 * run, then either execs it with the user's arguments (every invocation
 * that is not a link) or execs the link helper, lto-safe-link, installed
 * in ../libexec/lto-safe/ relative to this program.  This file links
 * against libc only, so that a compile step costs one exec and nothing
 * else: no ELF, regex or decompression library is loaded here.
 */
#include "cmdline.h"
#include "lto_safe_version.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* the first real tool called name on PATH that is not an lto-safe wrapper
 * (real: its canonical path, PATH_MAX bytes) */
static char *find_tool(const char *name, char *real)
{
	if (strchr(name, '/')) {
		char *p = usable(name, real);
		return p ? p : find_tool(path_base(name), real);
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		/* on the stack: musl's malloc would map and unmap a page for each */
		char cand[PATH_MAX];
		int n = len ? snprintf(cand, sizeof(cand), "%.*s/%s", (int)len, p, name)
			    : snprintf(cand, sizeof(cand), "./%s", name);
		char *found = n > 0 && (size_t)n < sizeof(cand) ? usable(cand, real) : NULL;
		if (found)
			return found;
		if (!colon)
			return NULL;
		p = colon + 1;
	}
}

static const char *const source_ext[] = {
	".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".o", ".a", ".so", ".s", ".S", ".i", ".ii", ".m", ".mm",
};

/* prefix form: "lto-safe-cc gcc ..." names the compiler first */
static char *prefix_tool(const char *arg, char *real)
{
	if (!arg || !*arg || *arg == '-' || *arg == '@')
		return NULL;
	for (size_t i = 0; i < sizeof(source_ext) / sizeof(source_ext[0]); i++)
		if (str_ends(arg, source_ext[i]))
			return NULL;
	if (strchr(arg, '/') && !executable_file(arg))
		return NULL;
	return find_tool(arg, real);
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
	int ld = 0;

	if (!strcmp(name, "lto-safe-ld")) {
		const char *env = getenv("LTO_SAFE_LD");
		tool = find_tool(env && *env ? env : "ld", real);
		ld = 1;
		if (!tool)
			return fail("no real linker found (%s)", env && *env ? env : "ld on PATH");
	} else if (!strcmp(name, "lto-safe-cc") || !strcmp(name, "lto-safe-c++")) {
		int cxx = !strcmp(name, "lto-safe-c++");
		tool = prefix_tool(argc > 1 ? argv[1] : NULL, real);
		if (tool) {
			shift = 2;
		} else {
			const char *env = getenv(cxx ? "LTO_SAFE_CXX" : "LTO_SAFE_CC");
			const char *want = env && *env ? env : cxx ? "c++" : "cc";
			tool = find_tool(want, real);
			/* LTO_SAFE_CC naming the wrapper itself means the default */
			if (!tool && env && *env && str_starts(path_base(env), "lto-safe"))
				tool = find_tool(want = cxx ? "c++" : "cc", real);
			if (!tool)
				return fail("no real compiler found (%s)", want);
		}
	} else {
		tool = find_tool(name, real);
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
	const char *disable = getenv("LTO_SAFE_DISABLE");
	const char *active = getenv("LTO_SAFE_ACTIVE");
	int pass = (disable && *disable && strcmp(disable, "0")) || (active && *active) ||
		   cmd_quick_action(flavor, nargs + 1, argv + shift - 1) == ACT_PASS;

	if (pass && !(disable && *disable && strcmp(disable, "0")) && !(active && *active))
		pass = !rsp_wrapper_options(flavor, nargs + 1, argv + shift - 1);
	if (pass) {
		/* argv[shift-1] becomes the tool; wrapper options are dropped */
		int w = shift;
		for (int r = shift; r < argc; r++)
			if (!cmd_is_wrapper_option(argv[r]))
				argv[w++] = argv[r];
		argv[w] = NULL;
		argv[shift - 1] = tool;
		execv(tool, argv + shift - 1);
		return fail("cannot run %s", tool);
	}

	char *dir = xstrdup(self);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	char *helper = xasprintf("%s/../libexec/lto-safe/lto-safe-link", dir);
	char **hv = xcalloc((size_t)nargs + 4, sizeof(*hv));
	hv[0] = helper;
	hv[1] = (char *)flavor_arg(flavor);
	hv[2] = tool;
	memcpy(hv + 3, args, (size_t)nargs * sizeof(*hv));
	execv(helper, hv);
	int e = errno;
	fprintf(stderr, "lto-safe: error: cannot run %s: %s\n", helper, strerror(e));
	return 127;
}
