/*
 * fuzz_resolve - linker scripts (lib/resolve.c): INPUT, GROUP, AS_NEEDED,
 * STARTUP, comments, quotes, nesting.
 *
 * Input: the text of a linker script, given to "ld" as its only input.
 * The script is the regular file "script" in a private directory made
 * with mkdtemp (removed at exit), so that the script may name itself
 * ("script", relative names are also looked up in the script's
 * directory), which tests the nesting and count bounds, and so that no
 * other relative name reaches a special file: under /proc/self/fd, "1"
 * was the fuzzer's own growing log, read up to 1,000 times per input.
 * Texts naming files under /proc, /dev or /sys are skipped (a terminal
 * or a FIFO would block).  Checks: every input of the result has a spec,
 * a path unless it is missing, and link order keeps the script's entries
 * after the script.
 */
#include "fuzz.h"
#include "cmdline.h"
#include "diag.h"
#include "resolve.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int script_fd = -1;
static char script_dir[4096];
static char script_path[4096 + 8];

static void remove_script(void)
{
	unlink(script_path);
	rmdir(script_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	snprintf(script_dir, sizeof(script_dir), "%s/fuzz-resolve-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(script_dir))
		abort();
	snprintf(script_path, sizeof(script_path), "%s/script", script_dir);
	script_fd = open(script_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (script_fd < 0)
		abort();
	atexit(remove_script);
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
