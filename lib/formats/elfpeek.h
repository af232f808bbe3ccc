/*
 * elfpeek.h - a quick, dependency-free "is there LTO IR in this ELF
 * object?" look at its section headers.
 *
 * elfpeek() reads the ELF header, the section header table and the section
 * name table of data[0..size) directly (both classes, both byte orders, any
 * alignment) and never reads outside data[0..size).  It answers:
 *  - PEEK_NO_LTO: a well-formed object none of whose sections is named
 *    ".gnu.lto_*", ".llvmbc" or ".llvm.lto": no LTO IR, nothing to scan
 *    at classification depth;
 *  - PEEK_LTO: some section has one of those names;
 *  - PEEK_UNSURE: anything out of the ordinary (not ELF, truncated tables,
 *    extended section numbering, a name table that is not SHT_STRTAB or
 *    not NUL-terminated, a name index out of range ...).
 * Only PEEK_NO_LTO lets a caller skip the full reader: PEEK_LTO and
 * PEEK_UNSURE go to elfscan_unit(), which classifies and reports errors.
 * It decides nothing else (fat or slim, errors): see elfscan.h.
 *
 * elfpeek_fd() gives the same answer for the object of size bytes at offset
 * base of the open file fd, without mapping it, when the caller has read
 * its first head_size bytes (an ELF header needs 52 or 64) into head: it
 * reads the section header table and the name table with two pread()s into
 * *buf (grown as needed; the caller frees buf->v), and answers PEEK_UNSURE
 * also when a read fails or comes short, or when the two tables take more
 * than ELFPEEK_READ_MAX bytes.
 */
#ifndef LTO_SAFE_ELFPEEK_H
#define LTO_SAFE_ELFPEEK_H

#include <stddef.h>

enum peek_result { PEEK_NO_LTO, PEEK_LTO, PEEK_UNSURE };

enum peek_result elfpeek(const unsigned char *data, size_t size);

#define ELFPEEK_READ_MAX (16u << 20)
struct peek_buf {
	unsigned char *v;
	size_t alloc;
};
enum peek_result elfpeek_fd(int fd, size_t base, size_t size, const unsigned char *head,
			    size_t head_size, struct peek_buf *buf);

#endif
