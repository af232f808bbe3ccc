#include "arch.h"

#include <elf.h>

/*
 * 32-bit Arm, EABI (armhf: Thumb-2 by default, armel: Arm state).  bl,
 * blx and b in Arm (CALL, JUMP24, the older PC24 and PLT32) and Thumb
 * (THM_CALL, THM_JUMP24, THM_JUMP19 and the short THM_JUMP11/8/6) are
 * calls; movw/movt pairs (absolute and pc-relative), literal words (ldr
 * r0, =sym; .word sym), GOT forms (GOT_BREL, GOT_PREL, GOTOFF32) and
 * pc-relative address arithmetic (ALU_PC_G0, LDR_PC_G0) use the address.
 * elf.h names some of them by their older names: THM_PC22 (THM_CALL),
 * THM_PC11 and THM_PC9 (THM_JUMP11, THM_JUMP8), GOT32 (GOT_BREL), GOTOFF
 * (GOTOFF32), PC13 (LDR_PC_G0).
 */
static const struct reloc_rule rules[] = {
	{ R_ARM_THM_PC22, RC_CALL },
	{ R_ARM_CALL, RC_CALL },
	{ R_ARM_JUMP24, RC_CALL },
	{ R_ARM_THM_JUMP24, RC_CALL },
	{ R_ARM_ABS32, RC_ADDR },
	{ R_ARM_THM_JUMP19, RC_CALL },
	{ R_ARM_THM_PC11, RC_CALL },
	{ R_ARM_THM_PC9, RC_CALL },
	{ R_ARM_THM_JUMP6, RC_CALL },
	{ R_ARM_PC24, RC_CALL },
	{ R_ARM_PLT32, RC_CALL },
	{ R_ARM_REL32, RC_ADDR },
	{ R_ARM_MOVW_ABS_NC, RC_ADDR },
	{ R_ARM_MOVT_ABS, RC_ADDR },
	{ R_ARM_MOVW_PREL_NC, RC_ADDR },
	{ R_ARM_MOVT_PREL, RC_ADDR },
	{ R_ARM_THM_MOVW_ABS_NC, RC_ADDR },
	{ R_ARM_THM_MOVT_ABS, RC_ADDR },
	{ R_ARM_THM_MOVW_PREL_NC, RC_ADDR },
	{ R_ARM_THM_MOVT_PREL, RC_ADDR },
	{ R_ARM_GOT32, RC_ADDR },
	{ R_ARM_GOT_PREL, RC_ADDR },
	{ R_ARM_GOTOFF, RC_ADDR },
	{ R_ARM_TARGET1, RC_ADDR },
	{ R_ARM_TARGET2, RC_ADDR },
	{ R_ARM_ABS12, RC_ADDR },
	{ R_ARM_THM_PC8, RC_ADDR },
	{ R_ARM_THM_PC12, RC_ADDR },
	{ R_ARM_THM_ALU_PREL_11_0, RC_ADDR },
	{ R_ARM_ALU_PC_G0_NC, RC_ADDR },
	{ R_ARM_ALU_PC_G0, RC_ADDR },
	{ R_ARM_PC13, RC_ADDR },
};

/*
 * Arm assembly, unified syntax (GNU as): b, bl, blx, bx with a condition
 * and a width (beq.w), cbz/cbnz; adr; "ldr r0, =sym"; the halves of an
 * address (#:lower16:sym, #:upper16:sym); data words, relocation suffixes
 * in parentheses (.word sym(GOT), bl sym(PLT)) not being names.  @ starts
 * a comment, and # does at the start of a line (elsewhere it marks an
 * immediate).
 */
#define ARM_COND "(?:eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(?:\\.[nw])?"
static const char *const arm_refs[] = {
	"^(?:b|bl|blx|bx)" ARM_COND "\\s+(?<ops>.+)",
	"^cbn?z\\s+[^,]+,(?<ops>.+)",
	"^adr[a-z]*(?:\\.[nw])?\\s+[^,]+,(?<ops>.+)",
	"^ldr[a-z]*(?:\\.[nw])?\\s+[^,]+,\\s*=(?<ops>.+)",
	"#?:[a-z0-9_]+:(?<ops>[A-Za-z_$][\\w.$]*)",
	"^\\.(?:" ASM_GAS_DATA_DIRECTIVES "|word|short|hword)\\s+(?<ops>.+)",
	ASM_GAS_COMMON_REFS,
	NULL,
};

static const struct asm_syntax asm_syntax_arm = {
	.comment = "@",
	.line_comment = "#",
	.separators = ";",
	.refs = arm_refs,
	.not_names = "r\\d{1,2}|a[1-4]|v[1-8]|sp|lr|pc|ip|fp|sl|sb|tr|[sd]\\d{1,2}|q\\d{1,2}"
		     "|apsr(?:_\\w+)?|cpsr|spsr|fpscr|lsl|lsr|asr|ror|rrx"
		     "|got|gotoff|got_prel|plt|target1|target2|prel31|sbrel"
		     "|tlsgd|tlsldm|tlsldo|gottpoff|tpoff|tlsdesc|tlscall",
};

static const char *const triples[] = { "arm", "armv*", "thumb", "thumbv*", NULL };

const struct arch arch_arm = {
	.name = "arm",
	.machine = EM_ARM,
	.elfclass = ELFCLASS32,
	.elfdata = ELFDATA2LSB,
	.rules = rules,
	.nrules = sizeof(rules) / sizeof(rules[0]),
	.triples = triples,
	.asm_syntax = &asm_syntax_arm,
};
