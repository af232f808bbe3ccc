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
 */
#ifndef LTO_SAFE_ELFPEEK_H
#define LTO_SAFE_ELFPEEK_H

#include <stddef.h>

enum peek_result { PEEK_NO_LTO, PEEK_LTO, PEEK_UNSURE };

enum peek_result elfpeek(const unsigned char *data, size_t size);

#endif
