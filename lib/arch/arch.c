#include "arch.h"

#include <string.h>

/* The table of architectures: one row per arch_*.c file of lib/arch/
 * (arch.h says what belongs in the folder). */
extern const struct arch arch_x86_64;
extern const struct arch arch_aarch64;
extern const struct arch arch_i386;
extern const struct arch arch_riscv64;
extern const struct arch arch_ppc64;
extern const struct arch arch_s390x;
extern const struct arch arch_arm;
extern const struct arch arch_mips64;

static const struct arch *const arches[] = {
	&arch_x86_64,
	&arch_aarch64,
	&arch_i386,
	&arch_riscv64,
	&arch_ppc64,
	&arch_s390x,
	&arch_arm,
	&arch_mips64,
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
		for (const char *const *t = arches[i]->triples; t && *t; t++) {
			size_t len = strlen(*t);
			int prefix = len && (*t)[len - 1] == '*';
			if (prefix ? n >= len - 1 && !strncmp(*t, triple, len - 1)
				   : len == n && !strncmp(*t, triple, n))
				return arches[i];
		}
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
#elif defined(__riscv) && __riscv_xlen == 64
	return &arch_riscv64;
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return &arch_ppc64;
#elif defined(__s390x__)
	return &arch_s390x;
#elif defined(__arm__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return &arch_arm;
#elif defined(__mips64) && defined(_ABI64) && _MIPS_SIM == _ABI64 && \
	__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return &arch_mips64;
#else
	return NULL;
#endif
}

enum reloc_class arch_classify(const struct arch *a, uint32_t type,
			       const unsigned char *sec, size_t secsize, uint64_t off)
{
	for (size_t i = 0; i < a->nrules; i++) {
		if (a->rules[i].type != type)
			continue;
		if (a->rules[i].cls == RC_INSN)
			return a->insn_class ? a->insn_class(sec, secsize, off) : RC_ADDR;
		return a->rules[i].cls;
	}
	return RC_NONE;
}
