/*
 * core.c - lto-safe-link, the link helper the front end execs for links.
 *
 * Usage (internal): lto-safe-link gcc|clang|ld [--launcher=PATH]... REAL-TOOL ARGS...
 * Runs the link pipeline (lib/link.h), with the user's commands run through
 * the compiler launchers given (ccache, distcc ...), and ends the way the
 * real tool ended: the same exit status, or the same signal.
 */
#include "diag.h"
#include "link.h"
#include "child.h"

#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		diag_error("lto-safe-link is run by lto-safe-cc; usage: lto-safe-link gcc|clang|ld TOOL ARGS...");
		return 2;
	}
	enum tool_flavor flavor = !strcmp(argv[1], "ld") ? FLAVOR_LD
				  : !strcmp(argv[1], "clang") ? FLAVOR_CLANG
							      : FLAVOR_GCC;
	int first = 2;
	while (first < argc - 1 && !strncmp(argv[first], "--launcher=", 11)) {
		argv[first] += 11;
		first++;
	}
	int termsig = 0;
	int status = link_main(flavor, argv + 2, (size_t)(first - 2), argv[first], argc - first - 1, argv + first + 1,
			       &termsig);
	child_exit_like(status, termsig);
}
