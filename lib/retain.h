/*
 * retain.h - the retention object, written with libelf.
 *
 * retain_write() writes an ET_REL object for architecture a at path with:
 * one section ".lto_safe_keep" (SHT_PROGBITS, SHF_ALLOC | SHF_WRITE |
 * SHF_GNU_RETAIN, pointer-aligned) holding one zeroed pointer per name, an
 * absolute pointer relocation (a->abs_ptr_reloc, REL or RELA as the
 * architecture uses) against each name as an undefined global symbol, a
 * symbol table and string tables.  The section is writable so that a PIE
 * or shared link needs no text relocation; its name is not a C identifier
 * so no __start_/__stop_ symbols are made for it.  The output depends only
 * on a and names (no time, path or randomness): same input, same bytes.
 * Names must be unique.  Returns 0 or a negative errno.
 */
#ifndef LTO_SAFE_RETAIN_H
#define LTO_SAFE_RETAIN_H

#include <stddef.h>
#include "arch.h"

#define RETAIN_SECTION ".lto_safe_keep"

int retain_write(const char *path, const struct arch *a, const char *const *names, size_t n);

#endif
