/* libFuzzer harness: the command model (lib/cmdline) for each flavor, on
 * NUL-separated arguments, and response-file text (lib/rsp).  Arguments
 * naming response files are dropped: the harness reads no files. */
#include "cmdline.h"
#include "rsp.h"
#include "strvec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec split = STRVEC_INIT;
	rsp_split((const char *)data, size, &split);
	strvec_clear(&split);

	struct strvec args = STRVEC_INIT;
	strvec_push(&args, "/usr/bin/gcc");
	for (size_t i = 0; i < size;) {
		const uint8_t *z = memchr(data + i, 0, size - i);
		size_t len = z ? (size_t)(z - (data + i)) : size - i;
		char *a = strndup((const char *)data + i, len);
		if (a[0] != '@')
			strvec_push(&args, a);
		free(a);
		i += len + 1;
	}
	for (int f = FLAVOR_GCC; f <= FLAVOR_LD; f++) {
		struct cmd cmd = CMD_INIT;
		cmd_quick_action((enum tool_flavor)f, (int)args.nr, args.v);
		cmd_parse(&cmd, (enum tool_flavor)f, (int)args.nr, args.v);
		cmd_release(&cmd);
	}
	strvec_clear(&args);
	return 0;
}
