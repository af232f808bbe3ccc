#include "arch.h"

#include <elf.h>

static const struct reloc_rule rules[] = {
	{ R_386_PLT32, RC_CALL },
	{ R_386_PC32, RC_INSN },
	{ R_386_GOT32X, RC_ADDR },
	{ R_386_GOTOFF, RC_ADDR },
	{ R_386_GOT32, RC_ADDR },
	{ R_386_32, RC_ADDR },
};

/* the assembly syntax and the PC32 classifier are x86's (arch_x86_64.c) */
extern const struct asm_syntax asm_syntax_x86;
enum reloc_class x86_pc32(const unsigned char *sec, size_t secsize, uint64_t off);

static const char *const triples[] = { "i386", "i486", "i586", "i686", NULL };

const struct arch arch_i386 = {
	.name = "i386",
	.machine = EM_386,
	.elfclass = ELFCLASS32,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.insn_class = x86_pc32,
	.triples = triples,
	.asm_syntax = &asm_syntax_x86,
};
