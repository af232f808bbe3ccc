/* libFuzzer harness: ar archives, regular, BSD and thin (lib/formats/archive),
 * read mapped and from a file: both walks must agree member for member and
 * on the kind of symbol index; the mapped walk's index is then read, each
 * name within the table. */
#include "formats/archive.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

volatile size_t fuzz_sink; /* the reads of members must happen */

static int index_entry(void *arg, const char *name, size_t offset)
{
	const struct ar *ar = arg;
	if ((const unsigned char *)name < ar->symtab || (const unsigned char *)name >= ar->symtab + ar->symtab_size)
		__builtin_trap();
	fuzz_sink += strlen(name) + offset;
	return 0;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	if (fd < 0 && (fd = memfd_create("fuzz-ar", 0)) < 0)
		__builtin_trap();
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		__builtin_trap();
	struct ar ar, far;
	struct ar_member m, fm;
	size_t sum = 0;
	int r = ar_open(&ar, data, size, "/fuzz/lib.a");
	int fr = ar_open_fd(&far, fd, size, "/fuzz/lib.a");
	if (r != fr)
		__builtin_trap();
	while (r >= 0) {
		r = ar_next(&ar, &m);
		if (ar_next(&far, &fm) != r)
			__builtin_trap();
		if (r <= 0)
			break;
		if (!same(m.name, fm.name) || !same(m.path, fm.path) || m.size != fm.size ||
		    m.offset != fm.offset || m.header != fm.header || m.head_size != fm.head_size ||
		    (m.head && memcmp(m.head, fm.head, m.head_size)))
			__builtin_trap();
		sum += strlen(m.name) + m.size + (m.path ? strlen(m.path) : 0);
		if (m.data && m.size)
			sum += m.data[0] + m.data[m.size - 1];
	}
	if (strcmp(ar.error, far.error) || ar.symtab_kind != far.symtab_kind)
		__builtin_trap();
	if (ar.symtab)
		ar_symtab_walk(ar.symtab_kind, ar.symtab, ar.symtab_size, index_entry, &ar);
	ar_close(&ar);
	ar_close(&far);
	fuzz_sink = sum;
	return 0;
}
