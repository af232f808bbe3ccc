/*
 * driver.h - what a compiler driver does that its command line does not
 * show: the inputs it adds to a link, and what its answers depend on.
 *
 * driver_link_line() asks the driver of cmd (FLAVOR_GCC or FLAVOR_CLANG)
 * for the link it would run, "DRIVER OPTIONS -Wl,MARK -###" with OPTIONS
 * from cmd_driver_options(), reads the last command of the answer (collect2
 * or the linker, with GCC's or clang's quoting) and parses it in GNU ld
 * syntax into *ld: the inputs before the one named DRIVER_MARK are the start
 * files (crt1.o, crti.o, crtbegin.o, or what a -specs file names), those
 * after it the libraries and end files (-lgcc, -lc, crtend.o, crtn.o); its
 * -L directories are the driver's own.  The answer is cached (cache.h)
 * under driver_query_key(), also when it has no link line (the driver
 * failed on the options, or is no driver): such a driver is asked once.  Returns 0 with *mark the index of the marker
 * in ld->inputs, or a negative errno (the driver cannot be run, fails, or
 * prints no link line; *ld is then empty).
 *
 * driver_parse_answer() is that reading of an answer (exposed for tests
 * and fuzzing): text is what "-###" printed, or its job line alone; same
 * returns, and *ld owns all it holds.
 *
 * driver_merge() puts those inputs into cmd->inputs around the user's, in
 * link order, with `driver` set, argi and argx -1, and group numbers after
 * the user's; the driver's -L directories not already in cmd->libdirs are
 * appended to it.
 *
 * driver_query_key() is the cache key of any toolchain query q[0..n) (q[0]
 * the tool, as run) made for cmd: the query, the tool's file through
 * symlinks and its identity, the environment GCC reads (GCC_EXEC_PREFIX,
 * COMPILER_PATH, LIBRARY_PATH), and the identity (device, inode, times in
 * nanoseconds, or "missing") of every place the answer is looked up in:
 * the -B directories, the sysroot, -specs files (as the driver finds them
 * first: from the current directory when relative) and, for
 * clang, the GCC installation directories it chooses from (lib/gcc,
 * lib/gcc-cross, lib64/gcc and two levels of entries under each, below the
 * --gcc-toolchain, the sysroot's /usr and the clang installation's parent):
 * installing or removing a GCC version or a file in a -B directory changes
 * a directory's times.  Returns a malloc'd string, or NULL when the tool's
 * file cannot be found.
 */
#ifndef LTO_SAFE_DRIVER_H
#define LTO_SAFE_DRIVER_H

#include <stddef.h>
#include "cmdline.h"
#include "strvec.h"

#define DRIVER_MARK "lto-safe-driver-mark.o"

int driver_link_line(const struct cmd *cmd, struct cmd *ld, size_t *mark);
int driver_parse_answer(const char *text, struct cmd *ld, size_t *mark);
void driver_merge(struct cmd *cmd, const struct cmd *ld, size_t mark);
char *driver_query_key(const struct cmd *cmd, char *const *q, size_t n);

/* the tool's path: itself when it has a slash, else found on PATH; malloc'd or NULL */
char *driver_which(const char *tool);

#endif
