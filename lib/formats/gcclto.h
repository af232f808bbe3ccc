/*
 * gcclto.h - what LTO cannot see in GCC LTO IR: the symbol table, the
 * names assembly text uses, and the sections of IR variables.
 *
 * A GCC LTO object (slim or fat) holds one or more units of IR, each a set
 * of ".gnu.lto_*" sections sharing a hash suffix.  gcclto_scan() reads
 * each unit's sections (given by the ELF scanner, already bounds-checked)
 * into u as SRC_IR facts:
 *  - ".gnu.lto_.lto.H": the stream version; one that GCC 10 to 16 did not
 *    write (GCC 10 wrote 9, later ones their own major version) is an
 *    error, as is a unit without it (GCC 9 and older);
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
