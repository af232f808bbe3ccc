/*
 * gcclto.h - what LTO cannot see in GCC LTO IR: the symbol table, the
 * names assembly text uses, and the sections of IR variables.
 *
 * A GCC LTO object (slim or fat) holds one or more units of IR, each a set
 * of ".gnu.lto_*" sections sharing a hash suffix.  gcclto_scan() reads
 * each unit's sections (given by the ELF scanner, already bounds-checked)
 * into u as SRC_IR facts:
 *  - ".gnu.lto_.lto.H": the stream version and byte order
 *    (gcclto_version()); one that GCC 10 to 16 did not write (GCC 10
 *    wrote 9, later ones their own major version) is an error, as is a
 *    unit without it (GCC 9 and older);
 *  - ".gnu.lto_.symtab.H" and ".ext_symtab.H" (uncompressed): defined and
 *    undefined symbols with kind, visibility and function/variable type;
 *  - ".gnu.lto_.asm.H" (top-level asm) and the function body sections
 *    ".gnu.lto_NAME.N.H" (inline asm among their strings: for GCC 11 and
 *    12 only the strings asm statements name, string literals left out;
 *    for other versions every string with white space), decompressed
 *    (decompress.h, with its size limit): every name the text refers to
 *    (asmrefs.h) becomes a SYM_UNDEF entry with REF_ASM, where = "top-level
 *    asm" or the function's name; one entry per name and unit;
 *  - ".gnu.lto_.symbol_nodes.H" with the global decl state of
 *    ".gnu.lto_.decls.H": the section named by each variable's node,
 *    tied to its symbol through the decl's tree slot (which the symbol
 *    table records).  A section name the nodes carry but that cannot be
 *    tied to a symbol goes to u->loose_sections.
 * a may be NULL (a machine without a table): asm text is then not read.
 * Corrupt, truncated or oversized sections set u->error and return
 * -EINVAL (-EFBIG past the decompression limit).  Never reads outside the
 * given sections.
 */
#ifndef LTO_SAFE_GCCLTO_H
#define LTO_SAFE_GCCLTO_H

#include <stddef.h>
#include "arch/arch.h"
#include "facts.h"

struct gcclto_section {
	const char *name;          /* full ELF section name, ".gnu.lto_..." */
	const unsigned char *data;
	size_t size;
};

/* stream major versions read: GCC 10 (9) to GCC 16 */
#define GCCLTO_MAJOR_MIN 9
#define GCCLTO_MAJOR_MAX 16

/*
 * The stream version at the start of a ".gnu.lto_.lto.H" section p[0..n):
 * two 16-bit numbers, major and minor.  GCC writes every multi-byte field
 * of its LTO streams in the byte order of the machine it runs on, not the
 * target's (a cross compiler on x86-64 writes s390x IR little-endian, and
 * lto-plugin reads it in its own order), so the stream's order is the one
 * in which the major version is one GCC 10 to 16 writes.  Sets *major and
 * *minor and returns 1 (big-endian) or 0 (little-endian); -1 when n < 4 or
 * no order gives such a version (*major and *minor are then read
 * little-endian, or 0 when n < 4).  Every other multi-byte field of the
 * unit's streams (symbol table slots, stream sizes, decl states) is read
 * in the order this returns.
 */
int gcclto_version(const unsigned char *p, size_t n, int *major, int *minor);

int gcclto_scan(struct unit *u, const struct arch *a, const struct gcclto_section *secs, size_t n);

/*
 * One symbol table section (symtab, size bytes) and, when not NULL, its
 * ext_symtab into u as SRC_IR symbols: defined (kind DEF, WEAKDEF, COMMON)
 * and undefined (UNDEF, WEAKUNDEF) with visibility and, from ext_symtab,
 * function or variable.  0 or -EINVAL on a malformed table (u->error set).
 */
int gcc_lto_symtab(struct unit *u, const unsigned char *symtab, size_t size,
		   const unsigned char *ext, size_t extsize);

#endif
