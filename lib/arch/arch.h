/*
 * arch.h - what lto-safe knows about each target architecture, one small
 * table per architecture.
 *
 * For each relocation type the table says whether it is a call/jump
 * (RC_CALL), a use of an address (RC_ADDR), a field whose instruction
 * decides (RC_INSN: the table's insn_class() reads the opcode before it;
 * x86: a PC-relative 32-bit field after a call or jump opcode, s390x: a
 * PC32DBL field of brasl/brcl) or nothing of interest (RC_NONE, the default
 * for types not listed).  It also gives how its assembly text names symbols
 * (struct asm_syntax, read by asmrefs.c).
 *
 * lib/arch/ holds one file per target architecture (arch_x86_64.c,
 * arch_aarch64.c, arch_i386.c, arch_riscv64.c, arch_ppc64.c, arch_s390x.c,
 * arch_arm.c, arch_mips64.c), each defining one struct arch, and arch.c,
 * the table of them: adding an architecture is adding its file here and
 * one row to the table in arch.c.
 *
 * A table is found by machine and class alone: the byte order is the
 * input's (every reader honours it), so a big-endian variant of an
 * architecture (ppc64 ELFv1, mips64, armeb) is read with the same table.
 * The table's elfdata is the byte order of its usual variant, used only
 * where no object tells it (an LLVM target triple, the host).
 */
#ifndef LTO_SAFE_ARCH_H
#define LTO_SAFE_ARCH_H

#include <stddef.h>
#include <stdint.h>

enum reloc_class { RC_NONE = 0, RC_CALL, RC_ADDR, RC_INSN };

struct reloc_rule {
	uint32_t type;
	enum reloc_class cls;
};

/*
 * How assembly text (GNU as syntax) names symbols.  Each statement of the
 * text (a line or a part between separators, comments and strings removed,
 * labels it defines taken off) is matched against every pattern in refs:
 * PCRE2, case-insensitive, every match (a pattern that starts with ^ is
 * anchored at the start of the statement).  In a match,
 * the group named "ops" is operand text: every name in it that is not a
 * register or operator keyword (not_names, matched whole and
 * case-insensitively) is a reference.  A group named "def" is a name the
 * statement defines (.set, .equ, "name = value").  Groups named "global"
 * and "weak" are operand text too, whose names the statement also declares
 * global or weak (.globl, .weak).
 */
struct asm_syntax {
	const char *comment;          /* starts a comment anywhere on a line */
	const char *line_comment;     /* starts a comment at the start of a line, or NULL */
	const char *separators;       /* end a statement besides the newline */
	const char *const *refs;      /* NULL-terminated */
	const char *not_names;        /* PCRE2 */
};

/* GNU as directives every architecture shares, for the refs tables */
#define ASM_GAS_DATA_DIRECTIVES "quad|long|int|8byte|4byte|2byte|sleb128|uleb128"
/* a name with an operator suffix: "sym@plt", "sym@toc@ha", "sym@GOTENT" */
#define ASM_GAS_AT_SUFFIX_REF "(?<![\\w.$@])(?<ops>[A-Za-z_][\\w.$]*)@\\w+"
/* a relocation operator around a name: "%hi(sym)", "%pcrel_hi(sym)",
 * "%got_disp(sym)", "%hi(%neg(%gp_rel(sym)))" */
#define ASM_GAS_PERCENT_OPERATOR_REF "%\\w+\\((?<ops>[^()]*)\\)"
#define ASM_GAS_COMMON_REFS \
	"^\\.(?:set|equ|equiv|eqv)\\s+(?<def>[^,\\s]+)\\s*,(?<ops>.*)", \
	"^(?<def>[A-Za-z_.$][\\w.$]*)\\s*=(?<ops>.*)", \
	"^\\.(?:globl|global)\\s+(?<global>.*)", \
	"^\\.weak\\s+(?<weak>.*)", \
	"^\\.symver\\s+(?<ops>[^,\\s]+)\\s*,", \
	"^\\.reloc\\s+[^,]+,[^,]+,(?<ops>.*)"

struct arch {
	const char *name;          /* "x86-64", "aarch64", "i386", "riscv64", "ppc64le",
				    * "s390x", "arm", "mips64el" */
	uint16_t machine;          /* EM_* */
	uint8_t elfclass;          /* ELFCLASS32 / ELFCLASS64 */
	uint8_t elfdata;           /* ELFDATA2LSB / MSB of its usual variant (see above) */
	const struct reloc_rule *rules;
	size_t nrules;
	/* for RC_INSN types: RC_CALL or RC_ADDR for the field at off of the
	 * code sec[0..secsize); RC_ADDR when the bytes cannot tell (sec NULL,
	 * off out of range) */
	enum reloc_class (*insn_class)(const unsigned char *sec, size_t secsize, uint64_t off);
	/* r_info of its 64-bit relocations is laid out as the MIPS64 ABI
	 * says (a 32-bit symbol index, then the bytes ssym, type3, type2,
	 * type, in the file's order) instead of (sym << 32 | type): the ELF
	 * reader decodes it from the file's bytes, whatever libelf does */
	int mips64_rinfo;
	const struct asm_syntax *asm_syntax;
	/* first components of its target triples, NULL-terminated; one that
	 * ends in '*' matches every component it starts ("armv*": armv7) */
	const char *const *triples;
};

/* the table for (machine, class), or NULL when unsupported */
const struct arch *arch_find(uint16_t machine, uint8_t elfclass);
/* the table for an LLVM target triple ("x86_64-pc-linux-gnu"), or NULL */
const struct arch *arch_from_triple(const char *triple);
/* the architecture this program was built for */
const struct arch *arch_host(void);

/*
 * Classify a relocation of type at offset off in a code section whose bytes
 * are sec[0..secsize) (sec may be NULL for SHT_NOBITS): RC_CALL, RC_ADDR or
 * RC_NONE (RC_INSN is resolved here by the table's insn_class()).
 */
enum reloc_class arch_classify(const struct arch *a, uint32_t type,
			       const unsigned char *sec, size_t secsize, uint64_t off);

#endif
