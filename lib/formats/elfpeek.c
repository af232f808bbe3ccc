#include "elfpeek.h"
#include "util.h"

#include <elf.h>
#include <stdint.h>
#include <string.h>

/* what the ELF header says, checked against the object's size */
struct peek {
	int is64;
	int swap;  /* the file's byte order is not the host's */
	size_t shoff, shnum, shentsize, shstrndx;
	size_t str_off, str_size;  /* the name table, from its section header */
};

/* n = 2, 4 or 8 bytes at q, in the file's byte order, any alignment */
static inline uint64_t rd(const struct peek *p, const unsigned char *q, unsigned n)
{
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
#define EH(p, h, f32, f64, w32, w64) \
	rd(p, (h) + ((p)->is64 ? (f64) : (f32)), (p)->is64 ? (w64) : (w32))

/* the ELF header in head[0..n) of an object of size bytes: 0, or -1 when
 * anything is out of the ordinary */
static int header(struct peek *p, const unsigned char *head, size_t n, size_t size)
{
	if (n < EI_NIDENT || memcmp(head, ELFMAG, SELFMAG) || head[EI_VERSION] != EV_CURRENT)
		return -1;
	memset(p, 0, sizeof(*p));
	int big = 0;
	if (head[EI_CLASS] == ELFCLASS64)
		p->is64 = 1;
	else if (head[EI_CLASS] != ELFCLASS32)
		return -1;
	if (head[EI_DATA] == ELFDATA2MSB)
		big = 1;
	else if (head[EI_DATA] != ELFDATA2LSB)
		return -1;
	p->swap = big != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	size_t ehsize = p->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	p->shentsize = p->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (n < ehsize || size < ehsize)
		return -1;
	uint64_t shoff = EH(p, head, 32, 40, 4, 8);
	uint64_t entsize = EH(p, head, 46, 58, 2, 2);
	uint64_t shnum = EH(p, head, 48, 60, 2, 2);
	uint64_t shstrndx = EH(p, head, 50, 62, 2, 2);
	/* no sections, or extended numbering (SHN_UNDEF with a table,
	 * SHN_XINDEX): leave it to libelf */
	if (!shoff || !shnum || entsize != p->shentsize || shstrndx == SHN_UNDEF ||
	    shstrndx >= SHN_LORESERVE || shstrndx >= shnum)
		return -1;
	if (shoff > size || shnum > (size - shoff) / p->shentsize)
		return -1;
	p->shoff = (size_t)shoff;
	p->shnum = (size_t)shnum;
	p->shstrndx = (size_t)shstrndx;
	return 0;
}

/* the name table's section header sh, checked against the object's size: 0 or -1 */
static int name_table(struct peek *p, const unsigned char *sh, size_t size)
{
	/* section header fields: sh_name 0, sh_type 4, sh_offset 16/24, sh_size 20/32 */
	uint64_t type = rd(p, sh + 4, 4);
	uint64_t off = p->is64 ? rd(p, sh + 24, 8) : rd(p, sh + 16, 4);
	uint64_t n = p->is64 ? rd(p, sh + 32, 8) : rd(p, sh + 20, 4);
	if (type != SHT_STRTAB || !n || off > size || n > size - off)
		return -1;
	p->str_off = (size_t)off;
	p->str_size = (size_t)n;
	return 0;
}

/* every section's name: shdrs is the whole header table, names the name table */
static enum peek_result names(const struct peek *p, const unsigned char *shdrs, const char *names)
{
	/* a final NUL ends every name that starts inside the table */
	if (names[p->str_size - 1] != '\0')
		return PEEK_UNSURE;
	for (size_t i = 1; i < p->shnum; i++) {
		uint64_t off = rd(p, shdrs + i * p->shentsize, 4);
		if (off >= p->str_size)
			return PEEK_UNSURE;
		const char *n = names + off;
		if (n[0] != '.' || (n[1] != 'g' && n[1] != 'l'))
			continue;
		if (!strncmp(n, ".gnu.lto_", 9) || !strcmp(n, ".llvmbc") || !strcmp(n, ".llvm.lto"))
			return PEEK_LTO;
	}
	return PEEK_NO_LTO;
}

enum peek_result elfpeek(const unsigned char *data, size_t size)
{
	struct peek p;
	if (header(&p, data, size, size) < 0 ||
	    name_table(&p, data + p.shoff + p.shstrndx * p.shentsize, size) < 0)
		return PEEK_UNSURE;
	return names(&p, data + p.shoff, (const char *)data + p.str_off);
}

enum peek_result elfpeek_fd(int fd, size_t base, size_t size, const unsigned char *head,
			    size_t head_size, struct peek_buf *buf)
{
	struct peek p;
	if (header(&p, head, head_size, size) < 0)
		return PEEK_UNSURE;
	size_t table = p.shnum * p.shentsize;
	if (table > ELFPEEK_READ_MAX)
		return PEEK_UNSURE;
	GROW(buf->v, buf->alloc, table);
	if (pread_all(fd, buf->v, table, base + p.shoff) < 0 ||
	    name_table(&p, buf->v + p.shstrndx * p.shentsize, size) < 0 ||
	    p.str_size > ELFPEEK_READ_MAX - table)
		return PEEK_UNSURE;
	GROW(buf->v, buf->alloc, table + p.str_size);
	if (pread_all(fd, buf->v + table, p.str_size, base + p.str_off) < 0)
		return PEEK_UNSURE;
	return names(&p, buf->v, (const char *)buf->v + table);
}
