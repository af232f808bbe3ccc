#include "arch.h"

#include <elf.h>

/*
 * A PC32DBL or PLT32DBL field is bytes 2-5 of a 6-byte RIL instruction.
 * The branches brcl (jg and its conditional forms: c0 x4) and brasl (c0
 * x5) call; larl (c0 x0: GCC takes a function's address as larl
 * fn@PLT), the relative loads and stores (lrl, lgrl, strl ...: c4 xN, c6
 * xN) and exrl use the address.  Without the bytes: address.
 */
static enum reloc_class s390x_pc32dbl(const unsigned char *sec, size_t secsize, uint64_t off)
{
	if (!sec || off < 2 || off > secsize)
		return RC_ADDR;
	unsigned op = sec[off - 2], sub = sec[off - 1] & 0x0f;
	return op == 0xc0 && (sub == 4 || sub == 5) ? RC_CALL : RC_ADDR;
}

/*
 * s390x (z/Architecture, ELF ABI).  PC32DBL and PLT32DBL decide by their
 * opcode (above); PC16DBL and PLT16DBL (j, jne, bras, brc) are calls; GOT
 * forms (sym@GOTENT, sym@GOT) and data words use the address.
 */
static const struct reloc_rule rules[] = {
	{ R_390_PLT32DBL, RC_INSN },
	{ R_390_PC32DBL, RC_INSN },
	{ R_390_GOTENT, RC_ADDR },
	{ R_390_64, RC_ADDR },
	{ R_390_PC16DBL, RC_CALL },
	{ R_390_PLT16DBL, RC_CALL },
	{ R_390_32, RC_ADDR },
	{ R_390_PC32, RC_ADDR },
	{ R_390_PC64, RC_ADDR },
	{ R_390_GOT12, RC_ADDR },
	{ R_390_GOT16, RC_ADDR },
	{ R_390_GOT20, RC_ADDR },
	{ R_390_GOT32, RC_ADDR },
	{ R_390_GOT64, RC_ADDR },
	{ R_390_GOTOFF16, RC_ADDR },
	{ R_390_GOTOFF32, RC_ADDR },
	{ R_390_GOTOFF64, RC_ADDR },
	{ R_390_GOTPLTENT, RC_ADDR },
	{ R_390_PLT32, RC_ADDR },
	{ R_390_PLT64, RC_ADDR },
};

/*
 * s390x assembly (GNU as): the relative branches (j, jg and their
 * condition forms, brasl, bras, brc, brcl, brct ...), the relative address
 * loads, loads and stores (larl, lgrl, strl ... every mnemonic ending in
 * rl, and exrl), names with an operator suffix (sym@PLT, sym@GOTENT,
 * sym@GOT) and data words.  Registers carry a %, which keeps them out of
 * the names.
 */
static const char *const s390x_refs[] = {
	"^(?:j[a-z]*|br[a-z]*)\\s+(?<ops>.+)",
	"^[a-z]+rl\\s+[^,]+,(?<ops>.+)",
	ASM_GAS_AT_SUFFIX_REF,
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES ")\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

static const struct asm_syntax asm_syntax_s390x = {
	.comment = "#",
	.line_comment = NULL,
	.separators = ";",
	.refs = s390x_refs,
	.not_names = "r\\d{1,2}|f\\d{1,2}|a\\d{1,2}|c\\d{1,2}|v\\d{1,2}",
};

static const char *const triples[] = { "s390x", "systemz", NULL };

const struct arch arch_s390x = {
	.name = "s390x",
	.machine = EM_S390,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2MSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.insn_class = s390x_pc32dbl,
	.triples = triples,
	.asm_syntax = &asm_syntax_s390x,
};
