/* libFuzzer harness: ELF objects (lib/formats/elfpeek's quick look,
 * lib/formats/elfscan), with the GCC LTO sections they carry
 * (lib/formats/gcclto, lib/formats/decompress, lib/asmrefs) and embedded
 * bitcode (lib/formats/llvmbc), at both scan depths. */
#include "formats/elfpeek.h"
#include "formats/elfscan.h"

#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		elf_version(EV_CURRENT);
		init = 1;
	}
	/* libelf may want aligned data, as a mapping gives it */
	unsigned char *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	elfpeek(copy, size);
	for (int depth = SCAN_CLASSIFY; depth <= SCAN_FULL; depth++) {
		struct unit u;
		unit_init(&u, "fuzz.o", NULL, 0);
		elfscan_unit(&u, copy, size, (enum scan_depth)depth);
		unit_release(&u);
	}
	free(copy);
	return 0;
}
