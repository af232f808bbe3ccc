/*
 * fuzz_cmdline - the command model (lib/cmdline.c) and response files
 * (lib/rsp.c).
 *
 * Input: one byte choosing the flavor (gcc, clang, ld), then arguments
 * separated by NUL bytes; after an empty argument (two NULs in a row) the
 * rest is the text of a response file.  An argument that starts with "@"
 * names that response file (a memfd at descriptor RSP_FD; the text may
 * name itself as "@/proc/self/fd/1000", which tests the nesting limit).  Checks: cmd_parse and cmd_quick_action agree,
 * the compile and link vectors can be built for every source, and
 * rsp_split(rsp_quote(x)) gives x back for every argument of the text.
 */
#include "fuzz.h"
#include "cmdline.h"
#include "rsp.h"
#include "strvec.h"
#include "util.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RSP_FD 1000
static int rsp_fd = -1;
static char rsp_arg[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	int fd = memfd_create("fuzz-rsp", MFD_CLOEXEC);
	if (fd < 0 || (rsp_fd = dup3(fd, RSP_FD, O_CLOEXEC)) < 0)
		abort();
	close(fd);
	snprintf(rsp_arg, sizeof(rsp_arg), "@/proc/self/fd/%d", rsp_fd);
	return 0;
}

static void write_rsp(const uint8_t *p, size_t n)
{
	if (ftruncate(rsp_fd, 0) < 0 || (n && pwrite(rsp_fd, p, n, 0) != (ssize_t)n))
		abort();
}

static void check_quote_roundtrip(const uint8_t *p, size_t n)
{
	struct strvec v = STRVEC_INIT;
	rsp_split((const char *)p, n, &v);
	for (size_t i = 0; i < v.nr; i++) {
		char *q = rsp_quote(v.v[i]);
		struct strvec back = STRVEC_INIT;
		rsp_split(q, strlen(q), &back);
		FUZZ_ASSERT(back.nr == 1 && !strcmp(back.v[0], v.v[i]));
		strvec_clear(&back);
		free(q);
	}
	strvec_clear(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	enum tool_flavor flavor = (enum tool_flavor)(data[0] % 3);
	const uint8_t *p = data + 1, *end = data + size;
	struct strvec args = STRVEC_INIT;
	strvec_push(&args, flavor == FLAVOR_LD ? "ld" : flavor == FLAVOR_CLANG ? "clang" : "gcc");
	const uint8_t *rsp = end;
	while (p < end) {
		const uint8_t *z = memchr(p, 0, (size_t)(end - p));
		size_t n = z ? (size_t)(z - p) : (size_t)(end - p);
		if (!n && z) {
			rsp = z + 1;
			break;
		}
		if (p[0] == '@')
			strvec_push(&args, rsp_arg);
		else
			strvec_push_nodup(&args, xstrndup((const char *)p, n));
		p += n + (z != NULL);
	}
	if (fuzz_names_special_file(rsp, (size_t)(end - rsp))) {
		strvec_clear(&args);
		return 0;
	}
	write_rsp(rsp, (size_t)(end - rsp));
	check_quote_roundtrip(rsp, (size_t)(end - rsp));

	(void)cmd_flavor_of(args.v[args.nr > 1 ? 1 : 0]);
	enum cmd_action quick = cmd_quick_action(flavor, (int)args.nr, args.v);
	struct cmd cmd = CMD_INIT;
	int r = cmd_parse(&cmd, flavor, (int)args.nr, args.v);
	if (r == 0) {
		FUZZ_ASSERT((quick == ACT_PASS) == (cmd.action == ACT_PASS));
		FUZZ_ASSERT(cmd.argv.nr >= 1);
		size_t nsrc = 0;
		for (size_t i = 0; i < cmd.ninputs; i++)
			nsrc += cmd.inputs[i].type == IN_SOURCE;
		char **objs = xcalloc(nsrc + 1, sizeof(*objs));
		for (size_t i = 0, k = 0; i < cmd.ninputs; i++) {
			if (cmd.inputs[i].type != IN_SOURCE)
				continue;
			objs[k] = xasprintf("/tmp/obj%zu.o", k);
			/* the first few only: n sources make n commands of every
			 * option, which is the output's size, not a bug */
			if (k < 8) {
				struct strvec cv = STRVEC_INIT;
				cmd_compile_argv(&cmd, i, objs[k], &cv);
				FUZZ_ASSERT(cv.nr >= 1);
				strvec_clear(&cv);
			}
			k++;
		}
		struct strvec lv = STRVEC_INIT;
		cmd_link_argv(&cmd, objs, &lv);
		FUZZ_ASSERT(lv.nr >= 1);
		strvec_clear(&lv);
		for (size_t k = 0; k < nsrc; k++)
			free(objs[k]);
		free(objs);
	} else {
		FUZZ_ASSERT(cmd.error != NULL);
		FUZZ_ASSERT(quick != ACT_PASS);
	}
	cmd_release(&cmd);
	strvec_clear(&args);
	return 0;
}
