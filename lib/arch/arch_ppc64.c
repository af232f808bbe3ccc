#include "arch.h"

#include <elf.h>

/* Power ISA 3.1 (power10) relocations of the 64-bit ELF V2 ABI that
 * glibc's elf.h lacks before 2.37 */
#define R_PPC64_REL24_NOTOC_ 116
#define R_PPC64_PCREL34_ 132
#define R_PPC64_GOT_PCREL34_ 133

/*
 * 64-bit PowerPC, ELF V2 ABI (ppc64el).  Branches (bl, b: REL24; bl
 * sym@notoc: REL24_NOTOC; conditional: REL14 and its hinted forms; the
 * absolute ba/bla) are calls; TOC-relative pairs (@toc@ha, @toc@l), GOT
 * entries (@got, @got@ha ...), absolute halves (@ha, @l, @higher ...),
 * prefixed pc-relative loads (@pcrel, @got@pcrel) and data words (TOC
 * entries included) use the address.
 */
static const struct reloc_rule rules[] = {
	{ R_PPC64_REL24, RC_CALL },
	{ R_PPC64_TOC16_HA, RC_ADDR },
	{ R_PPC64_TOC16_LO, RC_ADDR },
	{ R_PPC64_TOC16_LO_DS, RC_ADDR },
	{ R_PPC64_ADDR64, RC_ADDR },
	{ R_PPC64_REL24_NOTOC_, RC_CALL },
	{ R_PPC64_REL14, RC_CALL },
	{ R_PPC64_REL14_BRTAKEN, RC_CALL },
	{ R_PPC64_REL14_BRNTAKEN, RC_CALL },
	{ R_PPC64_ADDR24, RC_CALL },
	{ R_PPC64_ADDR14, RC_CALL },
	{ R_PPC64_ADDR14_BRTAKEN, RC_CALL },
	{ R_PPC64_ADDR14_BRNTAKEN, RC_CALL },
	{ R_PPC64_TOC16, RC_ADDR },
	{ R_PPC64_TOC16_HI, RC_ADDR },
	{ R_PPC64_TOC16_DS, RC_ADDR },
	{ R_PPC64_GOT16, RC_ADDR },
	{ R_PPC64_GOT16_LO, RC_ADDR },
	{ R_PPC64_GOT16_HI, RC_ADDR },
	{ R_PPC64_GOT16_HA, RC_ADDR },
	{ R_PPC64_GOT16_DS, RC_ADDR },
	{ R_PPC64_GOT16_LO_DS, RC_ADDR },
	{ R_PPC64_PCREL34_, RC_ADDR },
	{ R_PPC64_GOT_PCREL34_, RC_ADDR },
	{ R_PPC64_ADDR32, RC_ADDR },
	{ R_PPC64_ADDR16, RC_ADDR },
	{ R_PPC64_ADDR16_LO, RC_ADDR },
	{ R_PPC64_ADDR16_HI, RC_ADDR },
	{ R_PPC64_ADDR16_HA, RC_ADDR },
	{ R_PPC64_ADDR16_DS, RC_ADDR },
	{ R_PPC64_ADDR16_LO_DS, RC_ADDR },
	{ R_PPC64_ADDR16_HIGH, RC_ADDR },
	{ R_PPC64_ADDR16_HIGHA, RC_ADDR },
	{ R_PPC64_ADDR16_HIGHER, RC_ADDR },
	{ R_PPC64_ADDR16_HIGHERA, RC_ADDR },
	{ R_PPC64_ADDR16_HIGHEST, RC_ADDR },
	{ R_PPC64_ADDR16_HIGHESTA, RC_ADDR },
	{ R_PPC64_REL32, RC_ADDR },
	{ R_PPC64_REL64, RC_ADDR },
	{ R_PPC64_UADDR64, RC_ADDR },
	{ R_PPC64_UADDR32, RC_ADDR },
};

/*
 * PowerPC assembly (GNU as, 64-bit ELF V2 ABI): every mnemonic that starts
 * with b is a branch or has only registers (bpermd, brd); a name with an
 * operator suffix (sym@toc@ha, sym@got, sym@l, sym@notoc, sym@pcrel) is
 * an address load whatever the instruction; plain names in lis, addis,
 * addi, li and la; TOC entries (.tc NAME[TC], sym) and data words.
 * Registers are bare numbers, or r3, %r3, cr1, f1, v2, vs34 (-mregnames);
 * lt, gt, eq, so, un are condition bits in "4*cr1+eq".
 */
static const char *const ppc64_refs[] = {
	"^b[a-z]*[+-]?\\s+(?<ops>.+)",
	ASM_GAS_AT_SUFFIX_REF,
	"^(?:lis|addis|addi|li|la)\\s+[^,]+,(?<ops>.+)",
	"^\\.tc\\s+[^,]*,(?<ops>.+)",
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES "|llong)\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

static const struct asm_syntax asm_syntax_ppc64 = {
	.comment = "#",
	.line_comment = NULL,
	.separators = ";",
	.refs = ppc64_refs,
	.not_names = "r\\d{1,2}|f\\d{1,2}|v\\d{1,2}|vs\\d{1,2}|cr[0-7]|lt|gt|eq|so|un"
		     "|sp|rtoc|lr|ctr|xer",
};

static const char *const triples[] = { "powerpc64le", "ppc64le", NULL };

const struct arch arch_ppc64 = {
	.name = "ppc64le",
	.machine = EM_PPC64,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.triples = triples,
	.asm_syntax = &asm_syntax_ppc64,
};
