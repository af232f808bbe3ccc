/*
 * arch.h - what lto-safe knows about each target architecture, one small
 * table per architecture (arch_x86_64.c, arch_aarch64.c, arch_i386.c).
 *
 * For each relocation type the table says whether it is a call/jump
 * (RC_CALL), a use of an address (RC_ADDR), a PC-relative 32-bit field that
 * is a call when the preceding opcode is a call or jump (RC_PC32, x86:
 * e8/e9/0f 8x) or nothing of interest (RC_NONE, the default for types not
 * listed).  It also gives the absolute pointer relocation the retention
 * object uses.  Adding an architecture is adding a table and one line in
 * arch.c.
 */
#ifndef LTO_SAFE_ARCH_H
#define LTO_SAFE_ARCH_H

#include <stddef.h>
#include <stdint.h>

enum reloc_class { RC_NONE = 0, RC_CALL, RC_ADDR, RC_PC32 };

struct reloc_rule {
	uint32_t type;
	enum reloc_class cls;
};

struct arch {
	const char *name;          /* "x86-64", "aarch64", "i386" */
	uint16_t machine;          /* EM_* */
	uint8_t elfclass;          /* ELFCLASS32 / ELFCLASS64 */
	uint8_t elfdata;           /* ELFDATA2LSB / MSB */
	uint32_t abs_ptr_reloc;    /* R_X86_64_64, R_AARCH64_ABS64, R_386_32 */
	int rela;                  /* retention object uses SHT_RELA (1) or SHT_REL (0) */
	const struct reloc_rule *rules;
	size_t nrules;
};

/* the table for (machine, class), or NULL when unsupported */
const struct arch *arch_find(uint16_t machine, uint8_t elfclass);
/* the architecture this program was built for */
const struct arch *arch_host(void);

/*
 * Classify a relocation of type at offset off in a code section whose bytes
 * are sec[0..secsize) (sec may be NULL for SHT_NOBITS): RC_CALL, RC_ADDR or
 * RC_NONE (RC_PC32 is resolved here by looking at the opcode).
 */
enum reloc_class arch_classify(const struct arch *a, uint32_t type,
			       const unsigned char *sec, size_t secsize, uint64_t off);

#endif
