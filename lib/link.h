/*
 * link.h - the link pipeline: command model, inputs, scan, policy,
 * retention object, real link.
 *
 * link_main() handles one invocation that the front end judged to be a
 * link (or a compile-and-link).  tool is the real tool's path, argv the
 * user's arguments after it (wrapper options included); the commands it
 * runs for the user (compiles, the link) go through the compiler launchers
 * launchers[0..nlaunchers) (ccache, distcc ... paths, in order), its own
 * queries to the tool directly.  It reads the
 * LTO_SAFE_* environment, and runs either the plain command (no LTO input
 * and no matching rule, or anything it cannot understand: one warning) or
 * the command with the retention object and -u flags added.  It returns
 * the exit status to end with, and sets *termsig when the real tool was
 * killed by a signal.  It may replace the process with the plain command
 * (execv) when it has created nothing that needs cleaning up.  Temporary
 * files are removed before it returns.
 */
#ifndef LTO_SAFE_LINK_H
#define LTO_SAFE_LINK_H

#include "cmdline.h"

int link_main(enum tool_flavor flavor, char *const *launchers, size_t nlaunchers, const char *tool, int argc,
	      char *const *argv, int *termsig);

#endif
