/*
 * core.c - lto-safe-link, the link helper the front end execs for links.
 *
 * Usage (internal): lto-safe-link gcc|clang|ld REAL-TOOL ARGS...
 * Runs the link pipeline (lib/link.h) and ends the way the real tool
 * ended: the same exit status, or the same signal.
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
	int termsig = 0;
	int status = link_main(flavor, argv[2], argc - 3, argv + 3, &termsig);
	child_exit_like(status, termsig);
}
