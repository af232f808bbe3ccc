/*
 * fuzz_resolve - linker scripts (lib/resolve.c): INPUT, GROUP, AS_NEEDED,
 * STARTUP, comments, quotes, nesting.
 *
 * Input: the text of a linker script, given to "ld" as its only input
 * through a memfd at descriptor 1000, so that the script may name itself
 * ("/proc/self/fd/1000"), which tests the nesting bound.  Texts naming
 * other files under /proc, /dev or /sys are skipped (a terminal or a FIFO
 * would block).  Checks: every input of the result has a spec, a path
 * unless it is missing, and link order keeps the script's entries after
 * the script.
 */
#include "fuzz.h"
#include "cmdline.h"
#include "diag.h"
#include "resolve.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define SCRIPT_FD 1000
static int script_fd = -1;
static char script_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int fd = memfd_create("fuzz-script", MFD_CLOEXEC);
	if (fd < 0 || (script_fd = dup3(fd, SCRIPT_FD, O_CLOEXEC)) < 0)
		abort();
	close(fd);
	snprintf(script_path, sizeof(script_path), "/proc/self/fd/%d", script_fd);
	/* the resolver's warnings (unreadable scripts, nesting) are expected */
	diag_set_stream(fopen("/dev/null", "w"));
	return 0;
}

/* no toolchain is asked: -l entries search the script's -L only */
static int no_dirs(void *arg, struct strvec *out)
{
	(void)arg;
	(void)out;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fuzz_names_special_file(data, size))
		return 0;
	if (ftruncate(script_fd, 0) < 0 || (size && pwrite(script_fd, data, size, 0) != (ssize_t)size))
		abort();
	char *argv[] = { "ld", script_path, NULL };
	struct cmd cmd = CMD_INIT;
	if (cmd_parse(&cmd, FLAVOR_LD, 2, argv) == 0) {
		struct input_list l = INPUT_LIST_INIT;
		resolve_inputs(&cmd, no_dirs, NULL, &l);
		for (size_t i = 0; i < l.nr; i++) {
			FUZZ_ASSERT(l.v[i].spec != NULL);
			FUZZ_ASSERT(l.v[i].path != NULL || l.v[i].kind == FK_MISSING);
			FUZZ_ASSERT(l.v[i].from_script || i == 0);
		}
		input_list_release(&l);
	}
	cmd_release(&cmd);
	return 0;
}
