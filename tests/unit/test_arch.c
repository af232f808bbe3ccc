#include "arch/arch.h"
#include "testlib.h"

#include <elf.h>

START_TEST(find_tables)
{
	const struct arch *a = arch_find(EM_X86_64, ELFCLASS64);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->name, "x86-64");

	a = arch_find(EM_AARCH64, ELFCLASS64);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->name, "aarch64");

	a = arch_find(EM_386, ELFCLASS32);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->name, "i386");

	/* x32 and unknown machines are not supported */
	ck_assert_ptr_null(arch_find(EM_X86_64, ELFCLASS32));
	ck_assert_ptr_null(arch_find(EM_MIPS, ELFCLASS32));
	ck_assert_ptr_null(arch_find(0, 0));
}
END_TEST

START_TEST(host_table)
{
	const struct arch *h = arch_host();
#if defined(__x86_64__) && !defined(__ILP32__)
	ck_assert_ptr_eq(h, arch_find(EM_X86_64, ELFCLASS64));
#elif defined(__aarch64__)
	ck_assert_ptr_eq(h, arch_find(EM_AARCH64, ELFCLASS64));
#elif defined(__i386__)
	ck_assert_ptr_eq(h, arch_find(EM_386, ELFCLASS32));
#else
	ck_assert_ptr_null(h);
#endif
}
END_TEST

START_TEST(tables_well_formed)
{
	const uint16_t machines[] = { EM_X86_64, EM_AARCH64, EM_386 };
	const uint8_t classes[] = { ELFCLASS64, ELFCLASS64, ELFCLASS32 };
	for (size_t m = 0; m < 3; m++) {
		const struct arch *a = arch_find(machines[m], classes[m]);
		ck_assert_ptr_nonnull(a);
		ck_assert_uint_gt(a->nrules, 0);
		ck_assert_int_eq(a->elfdata, ELFDATA2LSB);
		/* each type listed once */
		for (size_t i = 0; i < a->nrules; i++)
			for (size_t j = i + 1; j < a->nrules; j++)
				ck_assert_uint_ne(a->rules[i].type, a->rules[j].type);
		/* an absolute pointer is an address */
		static const uint32_t abs_ptr[] = { R_X86_64_64, R_AARCH64_ABS64, R_386_32 };
		ck_assert_int_eq(arch_classify(a, abs_ptr[m], NULL, 0, 0), RC_ADDR);
	}
}
END_TEST

START_TEST(x86_64_types)
{
	const struct arch *a = arch_find(EM_X86_64, ELFCLASS64);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PLT32, NULL, 0, 0), RC_CALL);
	const uint32_t addr[] = {
		R_X86_64_64, R_X86_64_32, R_X86_64_32S, R_X86_64_GOTPCREL,
		R_X86_64_GOTPCRELX, R_X86_64_REX_GOTPCRELX, R_X86_64_GOT32,
		R_X86_64_GOTOFF64, R_X86_64_PC64,
	};
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		ck_assert_int_eq(arch_classify(a, addr[i], NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_X86_64_NONE, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_X86_64_GOTPC32, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_X86_64_TPOFF32, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, 9999, NULL, 0, 0), RC_NONE);
}
END_TEST

START_TEST(x86_pc32_opcodes)
{
	const struct arch *a = arch_find(EM_X86_64, ELFCLASS64);
	/* call rel32 / jmp rel32 / je rel32 / lea sym(%rip),%rax / mov sym(%rip),%eax */
	static const unsigned char call[] = { 0xe8, 0, 0, 0, 0 };
	static const unsigned char jmp[] = { 0xe9, 0, 0, 0, 0 };
	static const unsigned char je[] = { 0x0f, 0x84, 0, 0, 0, 0 };
	static const unsigned char jg[] = { 0x0f, 0x8f, 0, 0, 0, 0 };
	static const unsigned char lea[] = { 0x48, 0x8d, 0x05, 0, 0, 0, 0 };
	static const unsigned char mov[] = { 0x8b, 0x05, 0, 0, 0, 0 };
	static const unsigned char not_jcc[] = { 0x0e, 0x84, 0, 0, 0, 0 };
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, call, sizeof(call), 1), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, jmp, sizeof(jmp), 1), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, je, sizeof(je), 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, jg, sizeof(jg), 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, lea, sizeof(lea), 3), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, mov, sizeof(mov), 2), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, not_jcc, sizeof(not_jcc), 2), RC_ADDR);
	/* no bytes, field at the start, offset past the end: address */
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, NULL, 0, 1), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, call, sizeof(call), 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, call, sizeof(call), 100), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, call, sizeof(call), UINT64_MAX), RC_ADDR);
	/* a field that ends the section (off == size) is still classified */
	ck_assert_int_eq(arch_classify(a, R_X86_64_PC32, call, 1, 1), RC_CALL);
}
END_TEST

START_TEST(aarch64_types)
{
	const struct arch *a = arch_find(EM_AARCH64, ELFCLASS64);
	ck_assert_int_eq(arch_classify(a, R_AARCH64_CALL26, NULL, 0, 0), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_AARCH64_JUMP26, NULL, 0, 0), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_AARCH64_CONDBR19, NULL, 0, 0), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_AARCH64_TSTBR14, NULL, 0, 0), RC_CALL);
	const uint32_t addr[] = {
		R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC,
		R_AARCH64_ADR_PREL_LO21, R_AARCH64_ADD_ABS_LO12_NC,
		R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST16_ABS_LO12_NC,
		R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC,
		R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_ABS64, R_AARCH64_ABS32,
		R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_ADR_GOT_PAGE,
		R_AARCH64_LD64_GOT_LO12_NC, R_AARCH64_MOVW_UABS_G0,
		R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1,
		R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2,
		R_AARCH64_MOVW_UABS_G2_NC, R_AARCH64_MOVW_UABS_G3,
	};
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		ck_assert_int_eq(arch_classify(a, addr[i], NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_AARCH64_NONE, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_AARCH64_TLSLE_ADD_TPREL_HI12, NULL, 0, 0), RC_NONE);
}
END_TEST

START_TEST(i386_types)
{
	const struct arch *a = arch_find(EM_386, ELFCLASS32);
	static const unsigned char call[] = { 0xe8, 0, 0, 0, 0 };
	static const unsigned char lea[] = { 0x8d, 0x83, 0, 0, 0, 0 };
	ck_assert_int_eq(arch_classify(a, R_386_PLT32, NULL, 0, 0), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_386_PC32, call, sizeof(call), 1), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_386_PC32, lea, sizeof(lea), 2), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_386_32, NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_386_GOT32, NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_386_GOT32X, NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_386_GOTOFF, NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_386_GOTPC, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_386_TLS_LE, NULL, 0, 0), RC_NONE);
}
END_TEST

static Suite *arch_suite(void)
{
	Suite *s = suite_create("arch");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, find_tables);
	tcase_add_test(tc, host_table);
	tcase_add_test(tc, tables_well_formed);
	tcase_add_test(tc, x86_64_types);
	tcase_add_test(tc, x86_pc32_opcodes);
	tcase_add_test(tc, aarch64_types);
	tcase_add_test(tc, i386_types);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(arch_suite)
