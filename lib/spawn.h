/*
 * spawn.h - running the real tool and other children, without a shell.
 *
 * spawn_run() starts argv[0] (a path) with the environment of the caller,
 * standard streams untouched, forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * to it while it runs, and waits.  It returns the exit status (0..255), or
 * 128+N when the child was killed by signal N, in which case *termsig is N.
 * A child that cannot be started gives 127 with a message, like a shell.
 * A signal that arrives while no child runs removes the temporary directory
 * (tmpdir.h) and ends the process with that signal.
 *
 * spawn_capture() runs a query command (for example "gcc -print-search-dirs")
 * and returns its standard output in a malloc'd, NUL-terminated buffer,
 * with stderr sent to /dev/null; it returns the exit status or -errno.
 */
#ifndef LTO_SAFE_SPAWN_H
#define LTO_SAFE_SPAWN_H

#include <stddef.h>

/* install the forwarding handlers; call once, early, in link mode */
void spawn_install_signals(void);
int spawn_run(char *const argv[], int *termsig);
int spawn_capture(char *const argv[], char **out, size_t *len);
/* end the process the way the child ended: exit(status) or raise(termsig) */
void spawn_exit_like(int status, int termsig) __attribute__((noreturn));

#endif
