/*
 * child.h - running the real tool and other children, without a shell.
 *
 * child_run() starts argv[0] (a path) with the environment of the caller,
 * standard streams untouched, forwards SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * to it while it runs, and waits.  It returns the exit status (0..255), or
 * 128+N when the child was killed by signal N, in which case *termsig is N.
 * A child that cannot be started gives 127 with a message, like a shell.
 * child_run_err() does the same with the child's standard error sent to
 * errfd (the caller's descriptor stays open and its own).
 * A signal that arrives while no child runs removes the temporary directory
 * (tmpdir.h) and ends the process with that signal.
 *
 * child_capture() runs a query command (for example "gcc -print-search-dirs")
 * and returns its standard output in a malloc'd, NUL-terminated buffer,
 * with stderr sent to /dev/null; it returns the exit status or -errno.
 */
#ifndef LTO_SAFE_CHILD_H
#define LTO_SAFE_CHILD_H

#include <stddef.h>

/* install the forwarding handlers; call once, early, in link mode */
void child_install_signals(void);
int child_run(char *const argv[], int *termsig);
int child_run_err(char *const argv[], int errfd, int *termsig);
int child_capture(char *const argv[], char **out, size_t *len);
/* end the process the way the child ended: exit(status) or raise(termsig) */
void child_exit_like(int status, int termsig) __attribute__((noreturn));

#endif
