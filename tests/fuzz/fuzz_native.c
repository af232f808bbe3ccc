/* libFuzzer harness: lib/native's renaming of a fat GCC object's LTO
 * sections: never a write outside the object, only 'l' -> 'x' changes,
 * and a second pass finds nothing left. */
#include "fuzz.h"
#include "native.h"
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
	/* a copy of its own size: ASan sees an access past the object */
	unsigned char *copy = xmalloc(size ? size : 1);
	memcpy(copy, data, size);
	int n = native_hide_ir(copy, size);
	size_t changed = 0;
	for (size_t i = 0; i < size; i++) {
		if (copy[i] == data[i])
			continue;
		FUZZ_ASSERT(data[i] == 'l' && copy[i] == 'x');
		changed++;
	}
	FUZZ_ASSERT(n < 0 ? changed == 0 : changed <= (size_t)n);
	if (n >= 0)
		FUZZ_ASSERT(native_hide_ir(copy, size) == 0);
	free(copy);
	return 0;
}
