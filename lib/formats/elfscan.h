/*
 * elfscan.h - the scanner for ELF relocatable objects (libelf), including
 * what is visible of GCC LTO objects without decompressing anything.
 *
 * elfscan_unit() reads the object in data[0..size) (a mapping kept alive by
 * the caller) into u:
 *  - always (depth SCAN_CLASSIFY): u->kind, machine, class, data encoding,
 *    and u->lto: LTO_GCC_SLIM / LTO_GCC_FAT from ".gnu.lto_" sections and
 *    __gnu_lto_slim, LTO_LLVM for an embedded ".llvmbc" (or clang's
 *    fat-LTO ".llvm.lto") section.  Classification reads the ELF header
 *    and section headers only: a GCC object is fat when an allocated
 *    section other than a note is not empty; SCAN_FULL then decides by
 *    the __gnu_lto_slim symbol.
 *  - with SCAN_FULL, also the facts: every global and weak symbol defined
 *    (type, binding, visibility, section name; common symbols) and every
 *    undefined symbol (SRC_CODE); for each relocation in an allocated
 *    section against a named global/weak symbol, the REF_* kind: REF_CALL or
 *    REF_ADDR in executable sections (through arch_classify), REF_DATA in
 *    the others; undefined __start_SEC/__stop_SEC carry REF_START_STOP.
 *    Relocation facts for one symbol in one unit are merged into a single
 *    SYM_UNDEF entry whose how mask is the union (a reference to a symbol
 *    the unit defines itself is also recorded that way).  For GCC LTO
 *    objects, the ".gnu.lto_*" sections go to gcclto_scan() (gcclto.h),
 *    which adds the IR's facts.
 * Errors (corrupt or truncated objects) set u->error and return a negative
 * errno; the caller decides.  An object for a machine without an arch
 * table is no error: its symbols are collected, its relocations ignored.
 * Objects other than ET_REL are classified only.  data is only read (libelf
 * gets it through elf_memory, which does not write to the image); never
 * reads out of bounds.
 */
#ifndef LTO_SAFE_ELFSCAN_H
#define LTO_SAFE_ELFSCAN_H

#include <stddef.h>
#include "facts.h"

enum scan_depth { SCAN_CLASSIFY, SCAN_FULL };

int elfscan_unit(struct unit *u, const unsigned char *data, size_t size, enum scan_depth depth);

#endif
