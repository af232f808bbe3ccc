/* libFuzzer harness: LLVM bitcode (lib/formats/bitstream, lib/formats/llvmbc, and the
 * asm text it hands to lib/asmrefs). */
#include "arch/arch.h"
#include "formats/llvmbc.h"

#include <elf.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit u;
	unit_init(&u, "fuzz.bc", NULL, 0);
	llvmbc_scan(&u, NULL, data, size);
	unit_release(&u);
	unit_init(&u, "fuzz.bc", NULL, 0);
	llvmbc_scan(&u, arch_find(EM_X86_64, ELFCLASS64), data, size);
	unit_release(&u);
	return 0;
}
