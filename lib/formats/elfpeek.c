#include "elfpeek.h"

#include <elf.h>
#include <stdint.h>
#include <string.h>

struct peek {
	const unsigned char *d;
	size_t size;
	int big, is64;
	int swap;  /* the file's byte order is not the host's */
};

/* n = 2, 4 or 8 bytes at off, in the file's byte order, any alignment */
static inline uint64_t rd(const struct peek *p, size_t off, unsigned n)
{
	const unsigned char *q = p->d + off;
	if (n == 2) {
		uint16_t v;
		memcpy(&v, q, 2);
		return p->swap ? __builtin_bswap16(v) : v;
	}
	if (n == 4) {
		uint32_t v;
		memcpy(&v, q, 4);
		return p->swap ? __builtin_bswap32(v) : v;
	}
	uint64_t v;
	memcpy(&v, q, 8);
	return p->swap ? __builtin_bswap64(v) : v;
}

/* header fields: offset in the 32-bit and the 64-bit layout, and width */
#define EH(p, f32, f64, w32, w64) rd(p, (p)->is64 ? (f64) : (f32), (p)->is64 ? (w64) : (w32))

enum peek_result elfpeek(const unsigned char *data, size_t size)
{
	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG) || data[EI_VERSION] != EV_CURRENT)
		return PEEK_UNSURE;
	struct peek p = { .d = data, .size = size };
	if (data[EI_CLASS] == ELFCLASS64)
		p.is64 = 1;
	else if (data[EI_CLASS] != ELFCLASS32)
		return PEEK_UNSURE;
	if (data[EI_DATA] == ELFDATA2MSB)
		p.big = 1;
	else if (data[EI_DATA] != ELFDATA2LSB)
		return PEEK_UNSURE;
	p.swap = p.big != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	size_t ehsize = p.is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t shentsize = p.is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (size < ehsize)
		return PEEK_UNSURE;
	uint64_t shoff = EH(&p, 32, 40, 4, 8);
	uint64_t entsize = EH(&p, 46, 58, 2, 2);
	uint64_t shnum = EH(&p, 48, 60, 2, 2);
	uint64_t shstrndx = EH(&p, 50, 62, 2, 2);
	/* no sections, or extended numbering (SHN_UNDEF with a table,
	 * SHN_XINDEX): leave it to libelf */
	if (!shoff || !shnum || entsize != shentsize || shstrndx == SHN_UNDEF ||
	    shstrndx >= SHN_LORESERVE || shstrndx >= shnum)
		return PEEK_UNSURE;
	if (shoff > size || shnum > (size - shoff) / shentsize)
		return PEEK_UNSURE;

	/* section header fields: sh_name 0, sh_type 4, sh_offset 16/24, sh_size 20/32 */
	size_t sh = (size_t)shoff + (size_t)shstrndx * shentsize;
	uint64_t st_type = rd(&p, sh + 4, 4);
	uint64_t st_off = p.is64 ? rd(&p, sh + 24, 8) : rd(&p, sh + 16, 4);
	uint64_t st_size = p.is64 ? rd(&p, sh + 32, 8) : rd(&p, sh + 20, 4);
	if (st_type != SHT_STRTAB || !st_size || st_off > size || st_size > size - st_off)
		return PEEK_UNSURE;
	const char *names = (const char *)data + st_off;
	/* a final NUL ends every name that starts inside the table */
	if (names[st_size - 1] != '\0')
		return PEEK_UNSURE;

	for (size_t i = 1; i < shnum; i++) {
		uint64_t off = rd(&p, (size_t)shoff + i * shentsize, 4);
		if (off >= st_size)
			return PEEK_UNSURE;
		const char *n = names + off;
		if (n[0] != '.' || (n[1] != 'g' && n[1] != 'l'))
			continue;
		if (!strncmp(n, ".gnu.lto_", 9) || !strcmp(n, ".llvmbc") || !strcmp(n, ".llvm.lto"))
			return PEEK_LTO;
	}
	return PEEK_NO_LTO;
}
