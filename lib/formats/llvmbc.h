/*
 * llvmbc.h - what LTO cannot see in LLVM bitcode: the IR symbol table,
 * the names assembly text uses, the sections of globals and the functions
 * stored in global initializers.
 *
 * llvmbc_scan() reads bitcode in data[0..size) (raw "BC\xC0\xDE", or in
 * the 0x0B17C0DE wrapper; one or several modules with their shared
 * string table) through bitstream.h, and adds SRC_IR facts to u:
 *  - symbols from the irsymtab (SYMTAB_BLOCK, versions 1 to 3) with
 *    binding, visibility, function/data/TLS, common, and section; when it
 *    is missing or of another version, from the module's own GLOBALVAR,
 *    FUNCTION, ALIAS and IFUNC records (linkage, visibility, definition or
 *    declaration).  Internal and private symbols are left out;
 *  - SYM_UNDEF REF_ASM entries for names used by module-level asm
 *    (where "top-level asm") and by inline asm in function bodies (every
 *    INLINEASM constants record layout, LLVM 3 to 22; where is the
 *    function's name), through asmrefs.h, one per name and unit;
 *  - SYM_UNDEF REF_DATA entries for non-local functions whose address a
 *    module-level constant or a global's initializer holds;
 *  - the section of every global (MODULE_CODE_SECTIONNAME);
 *  - u->thin_link_bitcode when a module has global values but no type
 *    table and no function body: the minimized bitcode clang writes for a thin link
 *    (-fthin-link-bitcode=FILE), which keeps the IR symbol table and the
 *    summary but no function body, no module asm and no target triple, so
 *    that no asm text is seen in it (thinlto.h finds the full bitcode).
 * The architecture for asm text comes from the module's target triple
 * (u->machine and u->elfclass are set from it when still unknown), else
 * from a.  Errors (corrupt, truncated, not bitcode, bitcode older than
 * string tables, LLVM 4 and before) set u->error and return -EINVAL.
 * Never reads outside data[0..size).
 */
#ifndef LTO_SAFE_LLVMBC_H
#define LTO_SAFE_LLVMBC_H

#include <stddef.h>
#include "arch/arch.h"
#include "facts.h"

int llvmbc_scan(struct unit *u, const struct arch *a, const unsigned char *data, size_t size);

#endif
