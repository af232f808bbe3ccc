/* libFuzzer harness: lib/ldplugin's readers: the LTO stream versions in an
 * ELF object (never reading outside it), and a driver's -dumpversion line
 * with its "-###" answer. */
#include "fuzz.h"
#include "ldplugin.h"
#include "util.h"

#include <libelf.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	elf_version(EV_CURRENT);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of its own size: ASan sees a read past the object */
	unsigned char *copy = xmalloc(size ? size : 1);
	memcpy(copy, data, size);
	unsigned m = ldplugin_majors(copy, size);
	FUZZ_ASSERT(!(m & 1u));
	free(copy);
	char *text = xstrndup((const char *)data, size);
	struct ldplugin_gcc g;
	if (ldplugin_parse_answer(text, &g) == 0) {
		FUZZ_ASSERT(g.major > 0 && g.plugin && g.wrapper && g.wrapper[0] != '-' && !g.driver);
		ldplugin_gcc_release(&g);
	} else {
		FUZZ_ASSERT(!g.plugin && !g.wrapper && !g.driver);
	}
	free(text);
	return 0;
}
