/* libFuzzer harness: ELF objects (lib/formats/elfpeek's quick look, mapped
 * and read from a file, which must agree,
 * lib/formats/elfscan), with the GCC LTO sections they carry
 * (lib/formats/gcclto, lib/formats/decompress, lib/asmrefs) and embedded
 * bitcode (lib/formats/llvmbc), at both scan depths. */
#include "formats/elfpeek.h"
#include "formats/elfscan.h"

#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("fuzz-elf", 0)) < 0)
		__builtin_trap();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		__builtin_trap();
	static struct peek_buf buf;
	if (elfpeek(copy, size) != elfpeek_fd(fd, 0, size, copy, size < 64 ? size : 64, &buf))
		__builtin_trap();
	for (int depth = SCAN_CLASSIFY; depth <= SCAN_FULL; depth++) {
		struct unit u;
		unit_init(&u, "fuzz.o", NULL, 0);
		elfscan_unit(&u, copy, size, (enum scan_depth)depth);
		unit_release(&u);
	}
	free(copy);
	return 0;
}
