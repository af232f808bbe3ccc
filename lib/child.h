/*
 * child.h - running the real tool and other children, without a shell.
 *
 * child_run() starts argv[0] (a path) with the environment of the caller,
 * standard streams untouched, forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT and
 * SIGPIPE to it while it runs, and waits.  It returns the exit status (0..255), or
 * 128+N when the child was killed by signal N, in which case *termsig is N.
 * A child that cannot be started gives 127 with a message, like a shell.
 * child_run_err() does the same with the child's standard error read into
 * memory (c->text, NUL-terminated, c->len bytes) for the caller to show
 * later; past CHILD_ERR_MAX bytes it gives up keeping it: what it has and
 * the rest go to stderr as they come, and c->spilled is set.  The caller
 * frees c with child_err_release().
 * A signal that arrives while no child runs removes the temporary directory
 * (tmpdir.h) and ends the process with that signal (SIGPIPE too: a reader
 * of lto-safe's own messages that stops early, as grep -q does).
 *
 * child_capture() runs a query command (for example "gcc -print-search-dirs")
 * and returns its standard output in a malloc'd, NUL-terminated buffer,
 * with stderr sent to /dev/null; it returns the exit status or -errno.
 * child_capture_fd() is the same for output fd (1 or 2), the other one
 * going to /dev/null ("gcc -###" prints on stderr).  After
 * child_queries_off() both return -EAGAIN without running anything: the
 * front end's quick decision (quick.h) takes answers from the cache only.
 */
#ifndef LTO_SAFE_CHILD_H
#define LTO_SAFE_CHILD_H

#include <stddef.h>

/* install the forwarding handlers; call once, early, in link mode */
void child_install_signals(void);
int child_run(char *const argv[], int *termsig);
#define CHILD_ERR_MAX (64u << 20)
struct child_err {
	char *text;
	size_t len, alloc;
	int spilled;
};
int child_run_err(char *const argv[], struct child_err *c, int *termsig);
void child_err_release(struct child_err *c);
int child_capture(char *const argv[], char **out, size_t *len);
int child_capture_fd(char *const argv[], int fd, char **out, size_t *len);
void child_queries_off(void);
/* end the process the way the child ended: exit(status) or raise(termsig) */
void child_exit_like(int status, int termsig) __attribute__((noreturn));

#endif
