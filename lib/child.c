#include "child.h"
#include "tmpdir.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static volatile sig_atomic_t child_pid;
/* SIGPIPE: a reader of the verbose output that stops early (| grep -q)
 * ends lto-safe as it would any tool, and the temporary directory goes */
static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };

static void on_signal(int sig)
{
	pid_t pid = child_pid;
	if (pid > 0) {
		kill(pid, sig);
		return;
	}
	tmpdir_cleanup_from_signal();
	signal(sig, SIG_DFL);
	raise(sig);
}

void child_install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
		struct sigaction old;
		if (sigaction(forwarded[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue; /* keep what nohup and friends asked for */
		sigaction(forwarded[i], &sa, NULL);
	}
}

/* exit status 0..255, or 128+N with *termsig = N for a signal */
static int decode(int st, int *termsig)
{
	if (termsig)
		*termsig = 0;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st)) {
		if (termsig)
			*termsig = WTERMSIG(st);
		return 128 + WTERMSIG(st);
	}
	return 1;
}

static int wait_child(pid_t pid, int *termsig)
{
	int st;
	for (;;) {
		pid_t r = waitpid(pid, &st, 0);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
	return decode(st, termsig);
}

/* start argv with stderr on errfd (when >= 0); 0 or 127 with a message */
static int spawn(char *const argv[], int errfd, int *termsig)
{
	pid_t pid;
	sigset_t block, old;
	if (termsig)
		*termsig = 0;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&block, forwarded[i]);
	/* no signal may slip between spawning and recording the pid */
	sigprocmask(SIG_BLOCK, &block, &old);
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	sigset_t def;
	sigemptyset(&def);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++) {
		struct sigaction cur;
		if (sigaction(forwarded[i], NULL, &cur) == 0 && cur.sa_handler != SIG_IGN)
			sigaddset(&def, forwarded[i]);
	}
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &old);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (errfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	int err = posix_spawn(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (err) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		fprintf(stderr, "lto-safe: error: cannot run %s: %s\n", argv[0], strerror(err));
		return 127;
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

int child_run(char *const argv[], int *termsig)
{
	if (spawn(argv, -1, termsig))
		return 127;
	int status = wait_child(child_pid, termsig);
	child_pid = 0;
	return status < 0 ? 127 : status;
}

/* keep chunk in *c, or once over CHILD_ERR_MAX write it all to stderr */
static void keep_err(struct child_err *c, const char *chunk, size_t n)
{
	if (!c->spilled && c->len + n > CHILD_ERR_MAX) {
		c->spilled = 1;
		if (c->len)
			write_all(2, c->text, c->len);
		free(c->text);
		c->text = NULL;
		c->len = c->alloc = 0;
	}
	if (c->spilled) {
		write_all(2, chunk, n);
		return;
	}
	GROW(c->text, c->alloc, c->len + n + 1);
	memcpy(c->text + c->len, chunk, n);
	c->len += n;
	c->text[c->len] = '\0';
}

int child_run_err(char *const argv[], struct child_err *c, int *termsig)
{
	int fds[2];
	memset(c, 0, sizeof(*c));
	if (pipe2(fds, O_CLOEXEC) < 0)
		return child_run(argv, termsig);
	int r = spawn(argv, fds[1], termsig);
	close(fds[1]);
	if (r) {
		close(fds[0]);
		return 127;
	}
	pid_t pid = child_pid;
	int st = 0, exited = 0;
	char chunk[65536];
	/* until the pipe ends, or the child has ended and nothing more comes
	 * (a process it left behind may hold the pipe open) */
	for (;;) {
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		int pr = poll(&pfd, 1, exited ? 0 : 100);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr > 0) {
			ssize_t n = read(fds[0], chunk, sizeof(chunk));
			if (n > 0) {
				keep_err(c, chunk, (size_t)n);
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		if (pr < 0 || exited)
			break;
		if (waitpid(pid, &st, WNOHANG) == pid)
			exited = 1;
	}
	close(fds[0]);
	int status = exited ? decode(st, termsig) : wait_child(pid, termsig);
	child_pid = 0;
	return status < 0 ? 127 : status;
}

void child_err_release(struct child_err *c)
{
	free(c->text);
	memset(c, 0, sizeof(*c));
}

int child_capture(char *const argv[], char **out, size_t *len)
{
	return child_capture_fd(argv, 1, out, len);
}

static int queries_off;

void child_queries_off(void)
{
	queries_off = 1;
}

int child_capture_fd(char *const argv[], int fd, char **out, size_t *len)
{
	int fds[2];
	*out = NULL;
	if (len)
		*len = 0;
	if (queries_off)
		return -EAGAIN;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], fd);
	posix_spawn_file_actions_addopen(&fa, fd == 1 ? 2 : 1, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		return -err;
	}
	size_t n = 0, alloc = 0;
	char *buf = NULL;
	for (;;) {
		GROW(buf, alloc, n + 4096 + 1);
		ssize_t r = read(fds[0], buf + n, alloc - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fds[0]);
	if (!buf)
		buf = xmalloc(1);
	buf[n] = '\0';
	int status = wait_child(pid, NULL);
	*out = buf;
	if (len)
		*len = n;
	return status;
}

void child_exit_like(int status, int termsig)
{
	if (termsig > 0) {
		signal(termsig, SIG_DFL);
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, termsig);
		sigprocmask(SIG_UNBLOCK, &s, NULL);
		raise(termsig);
	}
	exit(status);
}
