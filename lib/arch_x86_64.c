#include "arch.h"

#include <elf.h>

/* Most frequent first: the lookup is linear. */
static const struct reloc_rule rules[] = {
	{ R_X86_64_PLT32, RC_CALL },
	{ R_X86_64_PC32, RC_PC32 },
	{ R_X86_64_REX_GOTPCRELX, RC_ADDR },
	{ R_X86_64_GOTPCRELX, RC_ADDR },
	{ R_X86_64_GOTPCREL, RC_ADDR },
	{ R_X86_64_64, RC_ADDR },
	{ R_X86_64_32, RC_ADDR },
	{ R_X86_64_32S, RC_ADDR },
	{ R_X86_64_GOT32, RC_ADDR },
	{ R_X86_64_GOTOFF64, RC_ADDR },
	{ R_X86_64_PC64, RC_ADDR },
};

const struct arch arch_x86_64 = {
	.name = "x86-64",
	.machine = EM_X86_64,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2LSB,
	.abs_ptr_reloc = R_X86_64_64,
	.rela = 1,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
};
