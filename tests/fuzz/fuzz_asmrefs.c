/* libFuzzer harness: names in assembly text (lib/asmrefs), for each
 * architecture table; the first byte picks it. */
#include "arch/arch.h"
#include "asmrefs.h"

#include <elf.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(void *arg, const char *name, enum asm_name what)
{
	*(size_t *)arg += strlen(name) + (size_t)what;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { uint16_t m; uint8_t c; } archs[] = {
		{ EM_X86_64, ELFCLASS64 }, { EM_AARCH64, ELFCLASS64 }, { EM_386, ELFCLASS32 },
		{ EM_RISCV, ELFCLASS64 }, { EM_PPC64, ELFCLASS64 }, { EM_S390, ELFCLASS64 },
		{ EM_ARM, ELFCLASS32 }, { EM_MIPS, ELFCLASS64 },
	};
	enum { N = sizeof(archs) / sizeof(archs[0]) };
	if (!size)
		return 0;
	const struct arch *a = arch_find(archs[data[0] % N].m, archs[data[0] % N].c);
	size_t n = 0;
	asmrefs_scan(a, (const char *)data + 1, size - 1, count, &n);
	return 0;
}
