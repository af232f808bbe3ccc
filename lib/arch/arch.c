#include "arch.h"

#include <string.h>

/* The table of architectures: one row per arch_*.c file of lib/arch/
 * (arch.h says what belongs in the folder). */
extern const struct arch arch_x86_64;
extern const struct arch arch_aarch64;
extern const struct arch arch_i386;

static const struct arch *const arches[] = {
	&arch_x86_64,
	&arch_aarch64,
	&arch_i386,
};

const struct arch *arch_find(uint16_t machine, uint8_t elfclass)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (arches[i]->machine == machine && arches[i]->elfclass == elfclass)
			return arches[i];
	return NULL;
}

const struct arch *arch_from_triple(const char *triple)
{
	size_t n = strcspn(triple, "-");
	/* x32 ("x86_64-...-gnux32") is a 32-bit ABI without a table */
	if (strstr(triple, "gnux32"))
		return NULL;
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		for (const char *const *t = arches[i]->triples; t && *t; t++)
			if (strlen(*t) == n && !strncmp(*t, triple, n))
				return arches[i];
	return NULL;
}

const struct arch *arch_host(void)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	return &arch_x86_64;
#elif defined(__aarch64__) && !defined(__ILP32__)
	return &arch_aarch64;
#elif defined(__i386__)
	return &arch_i386;
#else
	return NULL;
#endif
}

/*
 * An x86 32-bit PC-relative field is a branch target when the byte before
 * it is a call (e8) or jmp (e9) opcode, or the two bytes before it are a
 * jcc (0f 80..8f).  Anything else (lea, mov, push ... with a rip-relative
 * operand) uses the address.  Without the bytes we cannot tell: address.
 */
static enum reloc_class x86_pc32(const unsigned char *sec, size_t secsize, uint64_t off)
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

enum reloc_class arch_classify(const struct arch *a, uint32_t type,
			       const unsigned char *sec, size_t secsize, uint64_t off)
{
	for (size_t i = 0; i < a->nrules; i++) {
		if (a->rules[i].type != type)
			continue;
		if (a->rules[i].cls == RC_PC32)
			return x86_pc32(sec, secsize, off);
		return a->rules[i].cls;
	}
	return RC_NONE;
}
