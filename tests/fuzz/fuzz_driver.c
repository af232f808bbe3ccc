/* libFuzzer harness: the compiler driver's "-###" answers (lib/driver). */
#include "driver.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct cmd ld;
	size_t mark;
	if (driver_parse_answer(text, &ld, &mark) == 0) {
		/* merged around a user's command as a link would */
		struct cmd cmd = CMD_INIT;
		char *argv[] = { "gcc", "main.o", "-lfoo", NULL };
		if (mark >= ld.ninputs || strcmp(ld.inputs[mark].name, DRIVER_MARK) ||
		    cmd_parse(&cmd, FLAVOR_GCC, 3, argv))
			__builtin_trap();
		driver_merge(&cmd, &ld, mark);
		if (cmd.ninputs != ld.ninputs + 1)
			__builtin_trap();
		cmd_release(&cmd);
		cmd_release(&ld);
	}
	free(text);
	return 0;
}
