#include "arch/arch.h"
#include "testlib.h"

#include <elf.h>
#include <string.h>

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

	static const struct {
		uint16_t machine;
		uint8_t cls, data;
		const char *name;
	} more[] = {
		{ EM_RISCV, ELFCLASS64, ELFDATA2LSB, "riscv64" },
		{ EM_PPC64, ELFCLASS64, ELFDATA2LSB, "ppc64le" },
		{ EM_S390, ELFCLASS64, ELFDATA2MSB, "s390x" },
		{ EM_ARM, ELFCLASS32, ELFDATA2LSB, "arm" },
		{ EM_MIPS, ELFCLASS64, ELFDATA2LSB, "mips64el" },
	};
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		a = arch_find(more[i].machine, more[i].cls);
		ck_assert_ptr_nonnull(a);
		ck_assert_str_eq(a->name, more[i].name);
		ck_assert_int_eq(a->elfdata, more[i].data);
	}

	/* x32, 32-bit RISC-V, s390 and MIPS, unknown machines are not supported */
	ck_assert_ptr_null(arch_find(EM_X86_64, ELFCLASS32));
	ck_assert_ptr_null(arch_find(EM_MIPS, ELFCLASS32));
	ck_assert_ptr_null(arch_find(EM_RISCV, ELFCLASS32));
	ck_assert_ptr_null(arch_find(EM_S390, ELFCLASS32));
	ck_assert_ptr_null(arch_find(EM_ARM, ELFCLASS64));
	ck_assert_ptr_null(arch_find(EM_LOONGARCH, ELFCLASS64));
	ck_assert_ptr_null(arch_find(0, 0));
}
END_TEST

/* the target triples clang and rustc write into bitcode */
START_TEST(triples)
{
	static const struct {
		const char *triple, *name;
	} t[] = {
		{ "x86_64-pc-linux-gnu", "x86-64" },
		{ "aarch64-unknown-linux-gnu", "aarch64" },
		{ "i686-pc-linux-gnu", "i386" },
		{ "riscv64-unknown-linux-gnu", "riscv64" },
		{ "powerpc64le-unknown-linux-gnu", "ppc64le" },
		{ "s390x-unknown-linux-gnu", "s390x" },
		{ "armv7-unknown-linux-gnueabihf", "arm" },
		{ "armv5e-unknown-linux-gnueabi", "arm" },
		{ "thumbv7-unknown-linux-gnueabihf", "arm" },
		{ "arm-unknown-linux-gnueabi", "arm" },
		{ "mips64el-unknown-linux-gnuabi64", "mips64el" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const struct arch *a = arch_from_triple(t[i].triple);
		ck_assert_msg(a && !strcmp(a->name, t[i].name), "%s", t[i].triple);
	}
	/* arm64 is aarch64, not arm; big-endian and 32-bit variants have no table */
	ck_assert_str_eq(arch_from_triple("arm64-apple-macosx")->name, "aarch64");
	ck_assert_ptr_null(arch_from_triple("armebv7-unknown-linux-gnueabi"));
	ck_assert_ptr_null(arch_from_triple("powerpc64-unknown-linux-gnu"));
	ck_assert_ptr_null(arch_from_triple("riscv32-unknown-elf"));
	ck_assert_ptr_null(arch_from_triple("x86_64-pc-linux-gnux32"));
	ck_assert_ptr_null(arch_from_triple("loongarch64-unknown-linux-gnu"));
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
	const uint16_t machines[] = { EM_X86_64, EM_AARCH64, EM_386, EM_RISCV, EM_PPC64, EM_S390, EM_ARM, EM_MIPS };
	const uint8_t classes[] = { ELFCLASS64, ELFCLASS64, ELFCLASS32, ELFCLASS64,
				    ELFCLASS64, ELFCLASS64, ELFCLASS32, ELFCLASS64 };
	/* an absolute pointer is an address */
	static const uint32_t abs_ptr[] = { R_X86_64_64, R_AARCH64_ABS64, R_386_32, R_RISCV_64,
					    R_PPC64_ADDR64, R_390_64, R_ARM_ABS32, R_MIPS_64 };
	for (size_t m = 0; m < sizeof(machines) / sizeof(machines[0]); m++) {
		const struct arch *a = arch_find(machines[m], classes[m]);
		ck_assert_ptr_nonnull(a);
		ck_assert_uint_gt(a->nrules, 0);
		ck_assert_ptr_nonnull(a->asm_syntax);
		/* each type listed once; RC_INSN only with a classifier */
		for (size_t i = 0; i < a->nrules; i++) {
			for (size_t j = i + 1; j < a->nrules; j++)
				ck_assert_uint_ne(a->rules[i].type, a->rules[j].type);
			ck_assert(a->rules[i].cls != RC_INSN || a->insn_class);
		}
		ck_assert_int_eq(arch_classify(a, abs_ptr[m], NULL, 0, 0), RC_ADDR);
		ck_assert_int_eq(a->mips64_rinfo, machines[m] == EM_MIPS);
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

START_TEST(riscv64_types)
{
	const struct arch *a = arch_find(EM_RISCV, ELFCLASS64);
	const uint32_t call[] = { R_RISCV_CALL_PLT, R_RISCV_CALL, R_RISCV_JAL, R_RISCV_BRANCH,
				  R_RISCV_RVC_JUMP, R_RISCV_RVC_BRANCH };
	const uint32_t addr[] = { R_RISCV_PCREL_HI20, R_RISCV_GOT_HI20, R_RISCV_HI20, R_RISCV_LO12_I,
				  R_RISCV_LO12_S, R_RISCV_64, R_RISCV_32, R_RISCV_32_PCREL };
	for (size_t i = 0; i < sizeof(call) / sizeof(call[0]); i++)
		ck_assert_int_eq(arch_classify(a, call[i], NULL, 0, 0), RC_CALL);
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		ck_assert_int_eq(arch_classify(a, addr[i], NULL, 0, 0), RC_ADDR);
	/* the low half of an auipc pair names the auipc's label */
	ck_assert_int_eq(arch_classify(a, R_RISCV_PCREL_LO12_I, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_RISCV_RELAX, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_RISCV_TPREL_HI20, NULL, 0, 0), RC_NONE);
}
END_TEST

START_TEST(ppc64_types)
{
	const struct arch *a = arch_find(EM_PPC64, ELFCLASS64);
	const uint32_t call[] = { R_PPC64_REL24, 116 /* REL24_NOTOC */, R_PPC64_REL14,
				  R_PPC64_REL14_BRTAKEN, R_PPC64_ADDR24 };
	const uint32_t addr[] = { R_PPC64_TOC16_HA, R_PPC64_TOC16_LO, R_PPC64_TOC16_LO_DS,
				  R_PPC64_GOT16_HA, R_PPC64_GOT16_LO_DS, R_PPC64_GOT16_DS,
				  R_PPC64_ADDR16_HA, R_PPC64_ADDR16_HIGHEST, 132 /* PCREL34 */,
				  133 /* GOT_PCREL34 */, R_PPC64_ADDR64, R_PPC64_ADDR32, R_PPC64_REL64 };
	for (size_t i = 0; i < sizeof(call) / sizeof(call[0]); i++)
		ck_assert_int_eq(arch_classify(a, call[i], NULL, 0, 0), RC_CALL);
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		ck_assert_int_eq(arch_classify(a, addr[i], NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_PPC64_TOC, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_PPC64_TLSGD, NULL, 0, 0), RC_NONE);
}
END_TEST

START_TEST(s390x_pc32dbl_opcodes)
{
	const struct arch *a = arch_find(EM_S390, ELFCLASS64);
	/* as GNU as encodes them (the field at offset 2) */
	static const unsigned char brasl[] = { 0xc0, 0xe5, 0, 0, 0, 0 };
	static const unsigned char jg[] = { 0xc0, 0xf4, 0, 0, 0, 0 };
	static const unsigned char jgne[] = { 0xc0, 0x74, 0, 0, 0, 0 };
	static const unsigned char larl[] = { 0xc0, 0x20, 0, 0, 0, 0 };
	static const unsigned char lgrl[] = { 0xc4, 0x38, 0, 0, 0, 0 };
	static const unsigned char exrl[] = { 0xc6, 0x10, 0, 0, 0, 0 };
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, brasl, 6, 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, jg, 6, 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, jgne, 6, 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, larl, 6, 2), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, lgrl, 6, 2), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, exrl, 6, 2), RC_ADDR);
	/* no bytes, too close to the start, past the end: address */
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, NULL, 0, 2), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, brasl, 6, 1), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, brasl, 6, 7), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_PC32DBL, brasl, 6, UINT64_MAX), RC_ADDR);
	/* PLT32DBL too: brasl fn@PLT calls, larl fn@PLT takes the address */
	ck_assert_int_eq(arch_classify(a, R_390_PLT32DBL, brasl, 6, 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_390_PLT32DBL, jg, 6, 2), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_390_PLT32DBL, larl, 6, 2), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_PC16DBL, NULL, 0, 0), RC_CALL);
	ck_assert_int_eq(arch_classify(a, R_390_GOTENT, NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_390_TLS_GDCALL, NULL, 0, 0), RC_NONE);
}
END_TEST

START_TEST(arm_types)
{
	const struct arch *a = arch_find(EM_ARM, ELFCLASS32);
	const uint32_t call[] = { R_ARM_CALL, R_ARM_JUMP24, R_ARM_THM_PC22, R_ARM_THM_JUMP24,
				  R_ARM_THM_JUMP19, R_ARM_PC24, R_ARM_PLT32 };
	const uint32_t addr[] = { R_ARM_ABS32, R_ARM_REL32, R_ARM_MOVW_ABS_NC, R_ARM_MOVT_ABS,
				  R_ARM_THM_MOVW_ABS_NC, R_ARM_THM_MOVT_ABS, R_ARM_THM_MOVW_PREL_NC,
				  R_ARM_THM_MOVT_PREL, R_ARM_GOT_PREL, R_ARM_GOT32, R_ARM_GOTOFF };
	for (size_t i = 0; i < sizeof(call) / sizeof(call[0]); i++)
		ck_assert_int_eq(arch_classify(a, call[i], NULL, 0, 0), RC_CALL);
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		ck_assert_int_eq(arch_classify(a, addr[i], NULL, 0, 0), RC_ADDR);
	ck_assert_int_eq(arch_classify(a, R_ARM_NONE, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_ARM_V4BX, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_ARM_TLS_GD32, NULL, 0, 0), RC_NONE);
}
END_TEST

START_TEST(mips64_types)
{
	const struct arch *a = arch_find(EM_MIPS, ELFCLASS64);
	const uint32_t call[] = { R_MIPS_CALL16, R_MIPS_JALR, R_MIPS_26, R_MIPS_PC16, R_MIPS_CALL_HI16 };
	const uint32_t addr[] = { R_MIPS_GOT_DISP, R_MIPS_GOT_PAGE, R_MIPS_GOT_OFST, R_MIPS_HI16,
				  R_MIPS_LO16, R_MIPS_HIGHEST, R_MIPS_64, R_MIPS_32 };
	for (size_t i = 0; i < sizeof(call) / sizeof(call[0]); i++)
		ck_assert_int_eq(arch_classify(a, call[i], NULL, 0, 0), RC_CALL);
	for (size_t i = 0; i < sizeof(addr) / sizeof(addr[0]); i++)
		ck_assert_int_eq(arch_classify(a, addr[i], NULL, 0, 0), RC_ADDR);
	/* the prologue's %hi(%neg(%gp_rel(fn))) */
	ck_assert_int_eq(arch_classify(a, R_MIPS_GPREL16, NULL, 0, 0), RC_NONE);
	ck_assert_int_eq(arch_classify(a, R_MIPS_NONE, NULL, 0, 0), RC_NONE);
}
END_TEST

static Suite *arch_suite(void)
{
	Suite *s = suite_create("arch");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, find_tables);
	tcase_add_test(tc, triples);
	tcase_add_test(tc, host_table);
	tcase_add_test(tc, tables_well_formed);
	tcase_add_test(tc, x86_64_types);
	tcase_add_test(tc, x86_pc32_opcodes);
	tcase_add_test(tc, aarch64_types);
	tcase_add_test(tc, riscv64_types);
	tcase_add_test(tc, ppc64_types);
	tcase_add_test(tc, s390x_pc32dbl_opcodes);
	tcase_add_test(tc, arm_types);
	tcase_add_test(tc, mips64_types);
	tcase_add_test(tc, i386_types);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(arch_suite)
