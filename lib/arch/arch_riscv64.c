#include "arch.h"

#include <elf.h>

/*
 * RISC-V (RV64, lp64 and lp64d).  call/tail (CALL_PLT, CALL in older
 * assemblers), jal/j (JAL), conditional branches (BRANCH; to an undefined
 * name the assembler turns them into a branch around a jal) and their
 * compressed forms are calls; auipc pairs (lla, la, loads and stores of a
 * name: PCREL_HI20, and GOT_HI20 for la under -fpic), lui pairs (HI20,
 * LO12) and data words use the address.  The low part of an auipc pair
 * (PCREL_LO12_*) names the label of its auipc, not the symbol.
 */
static const struct reloc_rule rules[] = {
	{ R_RISCV_CALL_PLT, RC_CALL },
	{ R_RISCV_PCREL_HI20, RC_ADDR },
	{ R_RISCV_64, RC_ADDR },
	{ R_RISCV_GOT_HI20, RC_ADDR },
	{ R_RISCV_CALL, RC_CALL },
	{ R_RISCV_JAL, RC_CALL },
	{ R_RISCV_BRANCH, RC_CALL },
	{ R_RISCV_RVC_JUMP, RC_CALL },
	{ R_RISCV_RVC_BRANCH, RC_CALL },
	{ R_RISCV_HI20, RC_ADDR },
	{ R_RISCV_LO12_I, RC_ADDR },
	{ R_RISCV_LO12_S, RC_ADDR },
	{ R_RISCV_32, RC_ADDR },
	{ R_RISCV_32_PCREL, RC_ADDR },
};

/*
 * RISC-V assembly (the RISC-V assembly programmer's manual, GNU as): call,
 * tail, jal, j and jump; branches (beq ... bgtu, beqz ... bgtz); lla and
 * la; loads and stores whose operand is a name (ld a0, sym; sd a0, sym,
 * t0); relocation operators (%hi, %lo, %pcrel_hi, %got_pcrel_hi: the name
 * inside; %pcrel_lo names a label); "sym@plt"; data words (.dword, .word
 * is 4 bytes, .half).  Registers have no prefix: their ABI and x names are
 * not names.
 */
static const char *const riscv_refs[] = {
	"^(?:call|tail|jal|j|jump)\\s+(?<ops>.+)",
	"^b[a-z]*\\s+(?<ops>.+)",
	"^l?la\\s+[^,]+,(?<ops>.+)",
	"^(?:l[bhwd]u?|s[bhwd]|fl[hwdq]|fs[hwdq])\\s+[^,]+,(?<ops>.+)",
	ASM_GAS_PERCENT_OPERATOR_REF,
	ASM_GAS_AT_SUFFIX_REF,
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES "|dword|word|half)\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

static const struct asm_syntax asm_syntax_riscv = {
	.comment = "#",
	.line_comment = NULL,
	.separators = ";",
	.refs = riscv_refs,
	.not_names = "x\\d{1,2}|zero|ra|sp|gp|tp|fp|t[0-6]|s\\d|s1[01]|a[0-7]"
		     "|f\\d{1,2}|ft\\d|ft1[01]|fs\\d|fs1[01]|fa[0-7]|v\\d{1,2}",
};

static const char *const triples[] = { "riscv64", NULL };

const struct arch arch_riscv64 = {
	.name = "riscv64",
	.machine = EM_RISCV,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.triples = triples,
	.asm_syntax = &asm_syntax_riscv,
};
