#include "arch.h"

#include <elf.h>

/*
 * Branches (bl, b, b.cond, tbz/tbnz) are calls; everything that
 * materialises or stores an address (adrp/add/ldr pairs, GOT loads,
 * movz/movk sequences, data words) uses the address.
 */
static const struct reloc_rule rules[] = {
	{ R_AARCH64_CALL26, RC_CALL },
	{ R_AARCH64_JUMP26, RC_CALL },
	{ R_AARCH64_ADR_PREL_PG_HI21, RC_ADDR },
	{ R_AARCH64_ADD_ABS_LO12_NC, RC_ADDR },
	{ R_AARCH64_ADR_GOT_PAGE, RC_ADDR },
	{ R_AARCH64_LD64_GOT_LO12_NC, RC_ADDR },
	{ R_AARCH64_LDST8_ABS_LO12_NC, RC_ADDR },
	{ R_AARCH64_LDST16_ABS_LO12_NC, RC_ADDR },
	{ R_AARCH64_LDST32_ABS_LO12_NC, RC_ADDR },
	{ R_AARCH64_LDST64_ABS_LO12_NC, RC_ADDR },
	{ R_AARCH64_LDST128_ABS_LO12_NC, RC_ADDR },
	{ R_AARCH64_ADR_PREL_PG_HI21_NC, RC_ADDR },
	{ R_AARCH64_ADR_PREL_LO21, RC_ADDR },
	{ R_AARCH64_LD_PREL_LO19, RC_ADDR },
	{ R_AARCH64_LD64_GOTPAGE_LO15, RC_ADDR },
	{ R_AARCH64_ABS64, RC_ADDR },
	{ R_AARCH64_ABS32, RC_ADDR },
	{ R_AARCH64_PREL64, RC_ADDR },
	{ R_AARCH64_PREL32, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G0, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G0_NC, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G1, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G1_NC, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G2, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G2_NC, RC_ADDR },
	{ R_AARCH64_MOVW_UABS_G3, RC_ADDR },
	{ R_AARCH64_CONDBR19, RC_CALL },
	{ R_AARCH64_TSTBR14, RC_CALL },
};

/*
 * AArch64 assembly: branches (b, bl, b.cond, cbz, tbz...), adr/adrp,
 * "ldr xN, =sym", and the low 12 bits of an address (":lo12:sym",
 * ":got_lo12:sym") in add, ldr and str.  // starts a comment, and # does
 * at the start of a line only (elsewhere it marks an immediate).
 */
static const char *const aarch64_refs[] = {
	"^(?:b|bl|b\\.[a-z]{2}|bc\\.[a-z]{2}|cbn?z|tbn?z)\\s+(?<ops>.+)",
	"^adrp?\\s+[^,]+,\\s*(?::[a-z0-9_]+:)?(?<ops>.+)",
	"^ldr[a-z]*\\s+[^,]+,\\s*=(?<ops>.+)",
	"#?:[a-z0-9_]+:(?<ops>[A-Za-z_$][\\w.$]*)",
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES "|xword|dword|word|hword)\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

static const struct asm_syntax asm_syntax_aarch64 = {
	.comment = "//",
	.line_comment = "#",
	.separators = ";",
	.refs = aarch64_refs,
	.not_names = "[xwbhsdqvz]\\d{1,2}(?:\\.\\w+)?|[xw]zr|w?sp|lr|fp|pc|nzcv"
		     "|lsl|lsr|asr|ror|msl|[us]xt[bhwx]",
};

static const char *const triples[] = { "aarch64", "arm64", NULL };

const struct arch arch_aarch64 = {
	.name = "aarch64",
	.machine = EM_AARCH64,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.triples = triples,
	.asm_syntax = &asm_syntax_aarch64,
};
