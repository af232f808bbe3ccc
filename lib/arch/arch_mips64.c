#include "arch.h"

#include <elf.h>

/* MIPS R6 and pc-relative types that glibc's elf.h lacks */
#define R_MIPS_PC21_S2_ 60
#define R_MIPS_PC26_S2_ 61
#define R_MIPS_PC32_ 248

/*
 * 64-bit MIPS, n64 ABI (mips64el).  A relocation names up to three types;
 * the first one decides.  Calls: jal and j (26), PIC calls through the GOT
 * (CALL16, CALL_HI16/LO16, and the JALR hint on the jalr), branches (PC16,
 * and R6's PC21_S2/PC26_S2).  Addresses: GOT entries (GOT_DISP, GOT_PAGE,
 * GOT_OFST, GOT16, GOT_HI16/LO16), absolute parts (HI16, LO16, HIGHER,
 * HIGHEST) and data words.  GPREL16 is not a use: in code it is the
 * prologue's "%hi(%neg(%gp_rel(fn)))" that computes $gp from the
 * function's own address (or a small-data access).
 */
static const struct reloc_rule rules[] = {
	{ R_MIPS_CALL16, RC_CALL },
	{ R_MIPS_JALR, RC_CALL },
	{ R_MIPS_GOT_DISP, RC_ADDR },
	{ R_MIPS_64, RC_ADDR },
	{ R_MIPS_GOT_PAGE, RC_ADDR },
	{ R_MIPS_GOT_OFST, RC_ADDR },
	{ R_MIPS_26, RC_CALL },
	{ R_MIPS_PC16, RC_CALL },
	{ R_MIPS_CALL_HI16, RC_CALL },
	{ R_MIPS_CALL_LO16, RC_CALL },
	{ R_MIPS_PC21_S2_, RC_CALL },
	{ R_MIPS_PC26_S2_, RC_CALL },
	{ R_MIPS_GOT16, RC_ADDR },
	{ R_MIPS_GOT_HI16, RC_ADDR },
	{ R_MIPS_GOT_LO16, RC_ADDR },
	{ R_MIPS_HI16, RC_ADDR },
	{ R_MIPS_LO16, RC_ADDR },
	{ R_MIPS_HIGHER, RC_ADDR },
	{ R_MIPS_HIGHEST, RC_ADDR },
	{ R_MIPS_32, RC_ADDR },
	{ R_MIPS_PC32_, RC_ADDR },
};

/*
 * MIPS assembly (GNU as): jumps and branches (j, jal, bal, b, beq ...
 * bgezal: the name is the last operand), the address macros la and dla,
 * loads and stores of a name (ld $2, sym), relocation operators (%hi,
 * %lo, %higher, %highest, %got_disp, %call16 ...: the name inside) and
 * data words.  Registers carry a $ ($4, $sp, $t9), which a name may also
 * start with; their names are not names.
 */
static const char *const mips_refs[] = {
	"^(?:j|jal|jalx|bal|b[a-z]*)\\s+(?<ops>.+)",
	"^d?la\\s+[^,]+,(?<ops>.+)",
	"^(?:l[bhwd]u?|lwu|s[bhwd]|l[wd]c1|s[wd]c1)\\s+[^,]+,(?<ops>.+)",
	ASM_GAS_PERCENT_OPERATOR_REF,
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES "|dword|word|gpword|gpdword)\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

static const struct asm_syntax asm_syntax_mips = {
	.comment = "#",
	.line_comment = NULL,
	.separators = ";",
	.refs = mips_refs,
	.not_names = "zero|at|v[01]|a[0-7]|t\\d|s[0-8]|k[01]|gp|sp|fp|ra|f\\d{1,2}|fcc[0-7]",
};

static const char *const triples[] = { "mips64el", "mipsisa64r6el", NULL };

const struct arch arch_mips64 = {
	.name = "mips64el",
	.machine = EM_MIPS,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.mips64_rinfo = 1,
	.triples = triples,
	.asm_syntax = &asm_syntax_mips,
};
