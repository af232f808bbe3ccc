/*
 * retain.h - the retention object, written with libelf.
 *
 * retain_write() writes an ET_REL object for target t at path whose
 * symbol table holds each name as an undefined global symbol, and nothing
 * else but an empty .note.GNU-stack and the string tables: no section
 * that reaches the output.  A regular object that references a name is
 * all the LTO plugin needs to keep it (the linker reports it referenced
 * from a regular object: LDPR_PREVAILING_DEF, so GCC and LLVM keep the
 * definition and its name), and all archive member selection needs; the
 * -u flag lto-safe adds for each name makes it a root of --gc-sections.
 * Measured with GCC 12 (bfd, gold, mold) and clang 14 (lld, bfd, gold), with
 * and without --gc-sections, definitions in loose objects and archive
 * members: this keeps every name the earlier form (a SHF_GNU_RETAIN
 * section of pointers with a relocation each) kept, without its 8 bytes and,
 * in a PIE, its 24-byte dynamic relocation per name; -u alone does not
 * under mold.  The object has the machine and class of t->arch, and the
 * byte order and e_flags of t: a linker compares them with the link's
 * other objects (RISC-V float ABI and RVC, ARM EABI version, ppc64 ABI
 * version, MIPS ABI and ISA), so the caller takes them from one of the
 * link's own objects.  The output depends only on t and names (no time,
 * path or randomness): same input, same bytes.  Names must be unique.
 * Returns 0 or a negative errno (-EINVAL for a target without a table or
 * an unknown class or byte order).
 */
#ifndef LTO_SAFE_RETAIN_H
#define LTO_SAFE_RETAIN_H

#include <stddef.h>
#include <stdint.h>
#include "arch/arch.h"

/* the ELF identity the retention object shares with the link's objects */
struct retain_target {
	const struct arch *arch; /* machine and class */
	uint8_t elfdata;         /* ELFDATA2LSB / MSB */
	uint32_t flags;          /* e_flags */
};

int retain_write(const char *path, const struct retain_target *t, const char *const *names, size_t n);

#endif
