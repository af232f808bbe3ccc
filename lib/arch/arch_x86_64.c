#include "arch.h"

#include <elf.h>

/* Most frequent first: the lookup is linear. */
static const struct reloc_rule rules[] = {
	{ R_X86_64_PLT32, RC_CALL },
	{ R_X86_64_PC32, RC_INSN },
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

/*
 * An x86 32-bit PC-relative field is a branch target when the byte before
 * it is a call (e8) or jmp (e9) opcode, or the two bytes before it are a
 * jcc (0f 80..8f).  Anything else (lea, mov, push ... with a rip-relative
 * operand) uses the address.  Without the bytes we cannot tell: address.
 * Shared with i386.
 */
enum reloc_class x86_pc32(const unsigned char *sec, size_t secsize, uint64_t off);
enum reloc_class x86_pc32(const unsigned char *sec, size_t secsize, uint64_t off)
{
	if (!sec || off > secsize || off < 1)
		return RC_ADDR;
	unsigned char op = sec[off - 1];
	if (op == 0xe8 || op == 0xe9)
		return RC_CALL;
	if (off >= 2 && sec[off - 2] == 0x0f && (op & 0xf0) == 0x80)
		return RC_CALL;
	return RC_ADDR;
}

/*
 * x86 assembly, AT&T and Intel syntax (shared with i386).  Prefixes such
 * as notrack and bnd may come first.  Branches, address loads, moves and
 * arithmetic name symbols in their operands; any instruction may use a
 * rip-relative one.  AT&T registers carry a %, which keeps them out of the
 * names; Intel ones are listed in not_names with the operand keywords.
 */
#define X86_PREFIX "^(?:(?:notrack|bnd|rep[a-z]*|lock|data16|addr32)\\s+)*"
static const char *const x86_refs[] = {
	X86_PREFIX "(?:call|jmp|j[a-z]{1,4}|loop[a-z]{0,3}|xbegin)[wlq]?\\s+(?<ops>.+)",
	X86_PREFIX "(?:lea|mov[a-z]*|push|cmp|test|add|sub|and|or|xor|adc|sbb|xchg|cmpxchg)[bwlq]?\\s+(?<ops>.+)",
	"(?<![\\w.$@])(?<ops>[A-Za-z_][\\w.$]*)(?:@\\w+)?(?:[-+]\\w+)?\\(%rip\\)",
	"\\[\\s*rip\\s*\\+\\s*(?<ops>[A-Za-z_][\\w.$]*)",
	"(?<![\\w.$@])(?<ops>[A-Za-z_][\\w.$]*)\\[rip\\]",
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES "|word|short|value|slong)\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

const struct asm_syntax asm_syntax_x86 = {
	.comment = "#",
	.line_comment = NULL,
	.separators = ";",
	.refs = x86_refs,
	.not_names = "[re]?[abcd]x|[abcd][lh]|[re]?(?:si|di|bp|sp|ip)|(?:si|di|bp|sp)l"
		     "|r(?:[89]|1[0-5])[dwb]?|[xyz]mm\\d+|k[0-7]|mm[0-7]|[cdefgs]s|[cd]r\\d+|st"
		     "|(?:byte|word|dword|fword|qword|tbyte|oword|xmmword|ymmword|zmmword)"
		     "|ptr|offset|flat|short|near|far|rel|abs",
};

static const char *const triples[] = { "x86_64", "amd64", NULL };

const struct arch arch_x86_64 = {
	.name = "x86-64",
	.machine = EM_X86_64,
	.elfclass = ELFCLASS64,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.insn_class = x86_pc32,
	.triples = triples,
	.asm_syntax = &asm_syntax_x86,
};
