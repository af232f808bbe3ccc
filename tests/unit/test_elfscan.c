#include "formats/elfscan.h"
#include "formats/archive.h"
#include "crosslist.h"
#include "testfiles.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- scaffolding: testfiles.h, and libelf ---- */

static void setup(void)
{
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	files_setup();
}

/*
 * Scan file name (relative to the scratch directory, or absolute) from a
 * read-only mapping: a write by libelf into the image would fault.
 */
static int scan_file(const char *name, enum scan_depth depth, struct unit *u)
{
	char path[512];
	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", scratch, name);
	int fd = open(path, O_RDONLY);
	ck_assert_msg(fd >= 0, "cannot open %s", path);
	struct stat st;
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_gt(st.st_size, 0);
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	close(fd);
	unit_init(u, path, NULL, 0);
	int rc = elfscan_unit(u, p, (size_t)st.st_size, depth);
	munmap(p, (size_t)st.st_size);
	ck_assert_msg((rc == 0) == (u->error == NULL), "%s: rc %d, error %s", name, rc,
		      u->error ? u->error : "(none)");
	return rc;
}

static const struct sym *find(const struct unit *u, const char *name, int role, int source)
{
	const struct sym *found = NULL;
	for (size_t i = 0; i < u->nsyms; i++) {
		const struct sym *s = &u->syms[i];
		if (s->role == role && s->source == source && !strcmp(s->name, name)) {
			ck_assert_msg(!found, "%s listed twice", name);
			found = s;
		}
	}
	return found;
}

static uint16_t how_of(const struct unit *u, const char *name)
{
	const struct sym *s = find(u, name, SYM_UNDEF, SRC_CODE);
	ck_assert_msg(s != NULL, "no reference to %s", name);
	return s->how;
}

#define ASSERT_HOW(u, name, want)                                                       \
	do {                                                                            \
		uint16_t h_ = how_of((u), (name));                                      \
		ck_assert_msg(h_ == (want), "%s: how %#x, want %#x", (name), h_, (want)); \
	} while (0)

/* ---- x86-64 ---- */

static const char x86_src[] =
	"extern void called(void);\n"
	"extern void addr_taken(void);\n"
	"extern void in_table(void);\n"
	"void (*table[])(void) = { in_table };\n"
	"void *get(void) { return (void *)addr_taken; }\n"
	"void use(void) { called(); __asm__ volatile(\"jmp asm_jmp\"); }\n"
	"__attribute__((noinline)) int f(int x) { return x * 3; }\n"
	"int g(int x) { return f(x) + 1; }\n"
	"void *pf(void) { return (void *)f; }\n"
	"int only_called(int x) { return x + 1; }\n"
	"int h(int x) { return only_called(x) * 2; }\n"
	/* R_X86_64_PC32 (not PLT32) after call, jmp, jcc and lea */
	"__asm__(\".text\\n.globl raw\\nraw:\\n"
	".byte 0xe9\\n.long pc32_jmp - . - 4\\n"
	".byte 0x0f, 0x84\\n.long pc32_jcc - . - 4\\n"
	"lea pc32_lea(%rip), %rax\\n"
	".byte 0xe8\\n.long pc32_call - . - 4\\n\");\n";

START_TEST(x86_64_call_vs_address)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", x86_src);
	const char *flags[] = { "", "-fno-pie", "-fPIC", "-O0" };
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		ck_assert_int_eq(run("gcc -O2 %s -fno-inline-small-functions -c x.c -o x.o", flags[i]), 0);
		struct unit u;
		ck_assert_int_eq(scan_file("x.o", SCAN_FULL, &u), 0);
		ck_assert_int_eq(u.kind, FK_ELF_REL);
		ck_assert_uint_eq(u.machine, EM_X86_64);
		ck_assert_uint_eq(u.elfclass, ELFCLASS64);
		ck_assert_uint_eq(u.elfdata, ELFDATA2LSB);
		ck_assert_int_eq(u.lto, LTO_NONE);
		ck_assert_int_eq(u.full, 1);
		ASSERT_HOW(&u, "called", REF_CALL);
		ASSERT_HOW(&u, "asm_jmp", REF_CALL);
		ASSERT_HOW(&u, "addr_taken", REF_ADDR);
		ASSERT_HOW(&u, "in_table", REF_DATA);
		ASSERT_HOW(&u, "pc32_jmp", REF_CALL);
		ASSERT_HOW(&u, "pc32_jcc", REF_CALL);
		ASSERT_HOW(&u, "pc32_call", REF_CALL);
		ASSERT_HOW(&u, "pc32_lea", REF_ADDR);
		/* a function of this unit: defined once, referenced once */
		const struct sym *d = find(&u, "f", SYM_DEF, SRC_CODE);
		ck_assert_ptr_nonnull(d);
		ck_assert_str_eq(d->section, ".text");
		ck_assert_int_eq(d->type, SYMT_FUNC);
		ck_assert_int_eq(d->bind, STB_GLOBAL);
		ck_assert_int_eq(d->how, 0);
		ASSERT_HOW(&u, "f", REF_CALL | REF_ADDR);
		/* called from this unit only: no address taken */
		if (find(&u, "only_called", SYM_UNDEF, SRC_CODE))
			ASSERT_HOW(&u, "only_called", REF_CALL);
		/* a defined symbol nobody references has no SYM_UNDEF entry */
		ck_assert_ptr_null(find(&u, "use", SYM_UNDEF, SRC_CODE));
		d = find(&u, "table", SYM_DEF, SRC_CODE);
		ck_assert_ptr_nonnull(d);
		ck_assert_int_eq(d->type, SYMT_DATA);
		unit_release(&u);
	}
}
END_TEST

START_TEST(x86_64_symbol_kinds)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("k.c",
		"int common_var;\n"
		"__attribute__((weak)) int weak_fn(void) { return 1; }\n"
		"__attribute__((visibility(\"hidden\"))) int hidden_var = 2;\n"
		"__attribute__((visibility(\"protected\"))) int prot_fn(void) { return 3; }\n"
		"__thread int tls_var;\n"
		"static int local_fn(void) { return 4; }\n"
		"int (*use_local)(void) = local_fn;\n"
		"extern int weak_undef __attribute__((weak));\n"
		"int *pw(void) { return &weak_undef; }\n"
		"static int ifunc_impl(void) { return 5; }\n"
		"static void *resolve(void) { return (void *)ifunc_impl; }\n"
		"int ifn(void) __attribute__((ifunc(\"resolve\")));\n"
		"__asm__(\".globl abs_sym\\n.set abs_sym, 0x1234\\n\");\n");
	ck_assert_int_eq(run("gcc -O2 -fcommon -c k.c -o k.o"), 0);
	struct unit u;
	ck_assert_int_eq(scan_file("k.o", SCAN_FULL, &u), 0);
	const struct sym *s = find(&u, "common_var", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->common, 1);
	ck_assert_ptr_null(s->section);
	ck_assert_int_eq(s->type, SYMT_DATA);
	s = find(&u, "weak_fn", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->bind, STB_WEAK);
	ck_assert_int_eq(s->type, SYMT_FUNC);
	s = find(&u, "hidden_var", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->vis, STV_HIDDEN);
	ck_assert_str_eq(s->section, ".data");
	s = find(&u, "prot_fn", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->vis, STV_PROTECTED);
	s = find(&u, "tls_var", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->type, SYMT_TLS);
	ck_assert_str_eq(s->section, ".tbss");
	s = find(&u, "ifn", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->type, SYMT_FUNC);
	s = find(&u, "abs_sym", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_null(s->section);
	s = find(&u, "weak_undef", SYM_UNDEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->bind, STB_WEAK);
	ck_assert_int_ne(s->how & REF_ADDR, 0);
	/* locals are not facts, nor are relocations against them */
	ck_assert_ptr_null(find(&u, "local_fn", SYM_DEF, SRC_CODE));
	ck_assert_ptr_null(find(&u, "local_fn", SYM_UNDEF, SRC_CODE));
	ck_assert_ptr_null(find(&u, "ifunc_impl", SYM_DEF, SRC_CODE));
	unit_release(&u);
}
END_TEST

/* ---- aarch64 ---- */

START_TEST(aarch64_call_vs_address)
{
	if (!have("aarch64-linux-gnu-gcc"))
		TEST_SKIP("aarch64-linux-gnu-gcc not installed");
	put_str("a.c",
		"extern void called(void);\n"
		"extern void addr_taken(void);\n"
		"extern void in_table(void);\n"
		"void (*table[])(void) = { in_table };\n"
		"void *get(void) { return (void *)addr_taken; }\n"
		"void use(void) { called(); __asm__ volatile(\"b asm_jmp\"); }\n"
		"__asm__(\".text\\n.globl raw\\nraw:\\n"
		"bl bl_target\\n"
		"adrp x0, adrp_target\\nadd x0, x0, :lo12:adrp_target\\n"
		"adrp x1, :got:got_target\\nldr x1, [x1, :got_lo12:got_target]\\n"
		"ret\\n"
		".pushsection .data\\n.xword xword_target\\n.popsection\\n\");\n");
	const char *flags[] = { "", "-fPIC", "-fno-pie" };
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		ck_assert_int_eq(run("aarch64-linux-gnu-gcc -O2 %s -c a.c -o a.o", flags[i]), 0);
		struct unit u;
		ck_assert_int_eq(scan_file("a.o", SCAN_FULL, &u), 0);
		ck_assert_uint_eq(u.machine, EM_AARCH64);
		ck_assert_uint_eq(u.elfclass, ELFCLASS64);
		ASSERT_HOW(&u, "called", REF_CALL);
		ASSERT_HOW(&u, "asm_jmp", REF_CALL);
		ASSERT_HOW(&u, "bl_target", REF_CALL);
		ASSERT_HOW(&u, "addr_taken", REF_ADDR);
		ASSERT_HOW(&u, "adrp_target", REF_ADDR);
		ASSERT_HOW(&u, "got_target", REF_ADDR);
		ASSERT_HOW(&u, "in_table", REF_DATA);
		ASSERT_HOW(&u, "xword_target", REF_DATA);
		unit_release(&u);
	}
}
END_TEST

/* ---- every cross toolchain installed ---- */

/*
 * Compiled code of each cross toolchain (no assembly of our own: the
 * relocations its compiler chooses), position-independent or not: a call
 * is a call, an address taken in code is an address (or, where the
 * compiler loads it from a TOC or GOT entry it writes in data, a pointer in
 * data: ppc64's .toc), a function pointer in an initialised table is data;
 * the header's machine, class, byte order and e_flags are the object's.
 */
START_TEST(cross_call_vs_address)
{
	put_str("c.c",
		"extern void called(void);\n"
		"extern void addr_taken(void);\n"
		"extern void in_table(void);\n"
		"void (*table[])(void) = { in_table };\n"
		"void *get(void) { return (void *)addr_taken; }\n"
		"void use(void) { called(); }\n"
		"__attribute__((noinline)) int f(int x) { return x * 3; }\n"
		"int g(int x) { return f(x) + 1; }\n"
		"void *pf(void) { return (void *)f; }\n");
	int ran = 0;
	for (size_t c = 0; c < NCROSSES; c++) {
		const char *t = crosses[c].triplet;
		char gcc[128];
		snprintf(gcc, sizeof(gcc), "%s-gcc", t);
		if (!have(gcc)) {
			printf("SKIP: %s not installed\n", gcc);
			continue;
		}
		ran++;
		const char *flags[] = { "", "-fPIC", "-fno-pie" };
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
			ck_assert_int_eq(run("%s -O2 %s -c c.c -o c.o && %s-readelf -h c.o | "
					     "sed -n 's/^ *Flags: *\\(0x[0-9a-f]*\\).*/\\1/p' >flags",
					     gcc, flags[i], t),
					 0);
			size_t n;
			char *fl = (char *)slurp("flags", &n);
			struct unit u;
			ck_assert_int_eq(scan_file("c.o", SCAN_FULL, &u), 0);
			ck_assert_uint_eq(u.machine, crosses[c].machine);
			ck_assert_uint_eq(u.elfclass, crosses[c].elfclass);
			ck_assert_uint_eq(u.elfdata, crosses[c].elfdata);
			ck_assert_uint_eq(u.eflags, strtoul(fl, NULL, 16));
			free(fl);
			ASSERT_HOW(&u, "called", REF_CALL);
			uint16_t h = how_of(&u, "addr_taken");
			ck_assert_msg((h & (REF_ADDR | REF_DATA)) && !(h & REF_CALL), "%s %s: addr_taken how %#x",
				      t, flags[i], h);
			ASSERT_HOW(&u, "in_table", REF_DATA);
			/* f's own address: armel's assembler resolves the
			 * pc-relative word itself, no relocation */
			ck_assert_msg(how_of(&u, "f") & REF_CALL, "%s %s: f not called", t, flags[i]);
			const struct sym *d = find(&u, "f", SYM_DEF, SRC_CODE);
			ck_assert_ptr_nonnull(d);
			ck_assert_int_eq(d->type, SYMT_FUNC);
			d = find(&u, "table", SYM_DEF, SRC_CODE);
			ck_assert_ptr_nonnull(d);
			ck_assert_int_eq(d->type, SYMT_DATA);
			unit_release(&u);
		}
	}
	if (!ran)
		TEST_SKIP("no cross toolchain installed");
}
END_TEST

/*
 * MIPS64 relocations name their symbol and type in an r_info of their own
 * layout, in the file's byte order: the same source compiled big-endian
 * (-EB: GPREL16, SUB and HI16 in one r_info) reads the same.
 */
START_TEST(mips64_rinfo_both_orders)
{
	if (!have("mips64el-linux-gnuabi64-gcc"))
		TEST_SKIP("mips64el-linux-gnuabi64-gcc not installed");
	put_str("m.c", "extern void called(void);\nextern int var;\n"
		       "int *get(void) { called(); return &var; }\n"
		       "void (*tab[])(void) = { called };\n");
	ck_assert_int_eq(run("mips64el-linux-gnuabi64-gcc -O2 -c m.c -o le.o && "
			     "mips64el-linux-gnuabi64-gcc -EB -O2 -c m.c -o be.o"),
			 0);
	const char *objs[] = { "le.o", "be.o" };
	for (size_t i = 0; i < 2; i++) {
		struct unit u;
		ck_assert_int_eq(scan_file(objs[i], SCAN_FULL, &u), 0);
		ck_assert_uint_eq(u.machine, EM_MIPS);
		ck_assert_uint_eq(u.elfdata, i ? ELFDATA2MSB : ELFDATA2LSB);
		ASSERT_HOW(&u, "called", REF_CALL | REF_DATA);
		ASSERT_HOW(&u, "var", REF_ADDR);
		/* the prologue's %gp_rel(get) is no use of get */
		ck_assert_ptr_null(find(&u, "get", SYM_UNDEF, SRC_CODE));
		unit_release(&u);
	}
}
END_TEST

/* ---- i386 ---- */

START_TEST(i386_call_vs_address)
{
	put_str("t.c", "int t;\n");
	if (!have("gcc") || run("gcc -m32 -c t.c -o t.o") != 0)
		TEST_SKIP("gcc -m32 does not work here");
	put_str("i.c",
		"extern void called(void);\n"
		"extern void addr_taken(void);\n"
		"extern void in_table(void);\n"
		"void (*table[])(void) = { in_table };\n"
		"void *get(void) { return (void *)addr_taken; }\n"
		"void use(void) { called(); }\n"
		"__attribute__((noinline)) int f(int x) { return x * 3; }\n"
		"int g(int x) { return f(x) + 1; }\n"
		"void *pf(void) { return (void *)f; }\n"
		"__asm__(\".text\\n.globl raw\\nraw:\\n"
		".byte 0xe8\\n.long pc32_call - . - 4\\n"
		"movl $abs_target, %eax\\n\");\n");
	const char *flags[] = { "", "-fno-pie", "-fPIC" };
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		ck_assert_int_eq(run("gcc -m32 -O2 %s -c i.c -o i.o", flags[i]), 0);
		struct unit u;
		ck_assert_int_eq(scan_file("i.o", SCAN_FULL, &u), 0);
		ck_assert_uint_eq(u.machine, EM_386);
		ck_assert_uint_eq(u.elfclass, ELFCLASS32);
		ASSERT_HOW(&u, "called", REF_CALL);
		ASSERT_HOW(&u, "addr_taken", REF_ADDR);
		ASSERT_HOW(&u, "in_table", REF_DATA);
		ASSERT_HOW(&u, "pc32_call", REF_CALL);
		ASSERT_HOW(&u, "abs_target", REF_ADDR);
		ASSERT_HOW(&u, "f", REF_CALL | REF_ADDR);
		unit_release(&u);
	}
}
END_TEST

/* ---- registration sections ---- */

static const char reg_src[] =
	"struct reg { const char *name; void (*fn)(void); };\n"
	"void handler(void) {}\n"
	"__attribute__((used, section(\"myreg\"))) const struct reg reg_one = { \"one\", handler };\n"
	"extern const struct reg __start_myreg[], __stop_myreg[];\n"
	"int count(void) { return (int)(__stop_myreg - __start_myreg); }\n";

START_TEST(registration_section)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("r.c", reg_src);
	ck_assert_int_eq(run("gcc -O2 -c r.c -o r.o"), 0);
	struct unit u;
	ck_assert_int_eq(scan_file("r.o", SCAN_FULL, &u), 0);
	const struct sym *s = find(&u, "reg_one", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->section, "myreg");
	ck_assert_int_eq(s->type, SYMT_DATA);
	ASSERT_HOW(&u, "__start_myreg", REF_START_STOP | REF_ADDR);
	ASSERT_HOW(&u, "__stop_myreg", REF_START_STOP | REF_ADDR);
	ASSERT_HOW(&u, "handler", REF_DATA);
	unit_release(&u);

	/* the IR references them too */
	ck_assert_int_eq(run("gcc -O2 -flto -c r.c -o rl.o"), 0);
	ck_assert_int_eq(scan_file("rl.o", SCAN_FULL, &u), 0);
	s = find(&u, "__start_myreg", SYM_UNDEF, SRC_IR);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->how, REF_PLAIN | REF_START_STOP);
	ck_assert_ptr_nonnull(find(&u, "reg_one", SYM_DEF, SRC_IR));
	unit_release(&u);
}
END_TEST

/* ---- GCC LTO ---- */

static const char ir_src[] =
	"extern int ext_var;\n"
	"extern void ext_fn(void);\n"
	"__attribute__((weak)) extern void weak_ref(void);\n"
	"int gvar = 3;\n"
	"int cvar;\n"
	"__attribute__((visibility(\"hidden\"))) int hid(void) { return 1; }\n"
	"__attribute__((visibility(\"protected\"))) int prot(void) { return 1; }\n"
	"__attribute__((visibility(\"internal\"))) int intern(void) { return 1; }\n"
	"__attribute__((weak)) int wdef(void) { return 2; }\n"
	"static int stat(void) { return ext_var; }\n"
	"int renamed(void) __asm__(\"real_name\");\n"
	"int renamed(void) { return 5; }\n"
	"int f(void) { ext_fn(); if (weak_ref) weak_ref(); return stat() + gvar; }\n";

START_TEST(gcc_slim_and_fat)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", ir_src);
	ck_assert_int_eq(run("gcc -O2 -flto -c x.c -o slim.o && "
			     "gcc -O2 -flto -ffat-lto-objects -c x.c -o fat.o && "
			     "gcc -O2 -c x.c -o plain.o && "
			     "printf 'extern int x;' > empty.c && gcc -flto -c empty.c -o empty.o"), 0);
	struct unit u;
	ck_assert_int_eq(scan_file("slim.o", SCAN_CLASSIFY, &u), 0);
	ck_assert_int_eq(u.lto, LTO_GCC_SLIM);
	ck_assert_int_eq(u.kind, FK_ELF_REL);
	ck_assert_int_eq(u.full, 0);
	ck_assert_uint_eq(u.nsyms, 0);
	unit_release(&u);
	ck_assert_int_eq(scan_file("slim.o", SCAN_FULL, &u), 0);
	ck_assert_int_eq(u.lto, LTO_GCC_SLIM);
	ck_assert_int_eq(u.full, 1);
	ck_assert_ptr_null(find(&u, "__gnu_lto_slim", SYM_DEF, SRC_CODE));
	for (size_t i = 0; i < u.nsyms; i++)
		ck_assert_int_eq(u.syms[i].source, SRC_IR);
	unit_release(&u);

	ck_assert_int_eq(scan_file("fat.o", SCAN_CLASSIFY, &u), 0);
	ck_assert_int_eq(u.lto, LTO_GCC_FAT);
	unit_release(&u);
	ck_assert_int_eq(scan_file("fat.o", SCAN_FULL, &u), 0);
	ck_assert_int_eq(u.lto, LTO_GCC_FAT);
	ck_assert_ptr_nonnull(find(&u, "f", SYM_DEF, SRC_CODE));
	ck_assert_ptr_nonnull(find(&u, "f", SYM_DEF, SRC_IR));
	ASSERT_HOW(&u, "ext_fn", REF_CALL);
	unit_release(&u);

	ck_assert_int_eq(scan_file("plain.o", SCAN_CLASSIFY, &u), 0);
	ck_assert_int_eq(u.lto, LTO_NONE);
	unit_release(&u);

	/* nothing defined: still slim */
	ck_assert_int_eq(scan_file("empty.o", SCAN_CLASSIFY, &u), 0);
	ck_assert_int_eq(u.lto, LTO_GCC_SLIM);
	unit_release(&u);
	ck_assert_int_eq(scan_file("empty.o", SCAN_FULL, &u), 0);
	ck_assert_int_eq(u.lto, LTO_GCC_SLIM);
	unit_release(&u);
}
END_TEST

static const struct sym *ir(const struct unit *u, const char *name, int role)
{
	const struct sym *s = find(u, name, role, SRC_IR);
	ck_assert_msg(s != NULL, "no IR %s for %s", role == SYM_DEF ? "definition" : "reference", name);
	return s;
}

START_TEST(gcc_ir_symtab)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", ir_src);
	ck_assert_int_eq(run("gcc -O2 -flto -fcommon -c x.c -o x.o"), 0);
	struct unit u;
	ck_assert_int_eq(scan_file("x.o", SCAN_FULL, &u), 0);
	const struct sym *s = ir(&u, "hid", SYM_DEF);
	ck_assert_int_eq(s->type, SYMT_FUNC);
	ck_assert_int_eq(s->vis, STV_HIDDEN);
	ck_assert_int_eq(s->bind, STB_GLOBAL);
	ck_assert_int_eq(s->how, 0);
	ck_assert_ptr_null(s->section);
	ck_assert_int_eq(ir(&u, "prot", SYM_DEF)->vis, STV_PROTECTED);
	ck_assert_int_eq(ir(&u, "intern", SYM_DEF)->vis, STV_INTERNAL);
	ck_assert_int_eq(ir(&u, "f", SYM_DEF)->vis, STV_DEFAULT);
	ck_assert_int_eq(ir(&u, "wdef", SYM_DEF)->bind, STB_WEAK);
	/* the assembler name, as the linker sees it */
	ir(&u, "real_name", SYM_DEF);
	ck_assert_ptr_null(find(&u, "renamed", SYM_DEF, SRC_IR));
	ck_assert_ptr_null(find(&u, "*real_name", SYM_DEF, SRC_IR));
	s = ir(&u, "gvar", SYM_DEF);
	ck_assert_int_eq(s->type, SYMT_DATA);
	ck_assert_int_eq(s->common, 0);
	s = ir(&u, "cvar", SYM_DEF);
	ck_assert_int_eq(s->type, SYMT_DATA);
	ck_assert_int_eq(s->common, 1);
	s = ir(&u, "ext_fn", SYM_UNDEF);
	ck_assert_int_eq(s->type, SYMT_FUNC);
	ck_assert_int_eq(s->bind, STB_GLOBAL);
	ck_assert_int_eq(s->how, REF_PLAIN);
	s = ir(&u, "ext_var", SYM_UNDEF);
	ck_assert_int_eq(s->type, SYMT_DATA);
	s = ir(&u, "weak_ref", SYM_UNDEF);
	ck_assert_int_eq(s->bind, STB_WEAK);
	ck_assert_ptr_null(find(&u, "stat", SYM_DEF, SRC_IR));
	ck_assert_uint_eq(u.nsyms, 11);
	unit_release(&u);

	/* GCC drops the '*' of an assembler name that has one */
	put_str("st.c", "int g(void) __asm__(\"*starred\");\nint g(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -flto -c st.c -o st.o"), 0);
	ck_assert_int_eq(scan_file("st.o", SCAN_FULL, &u), 0);
	ir(&u, "starred", SYM_DEF);
	ck_assert_uint_eq(u.nsyms, 1);
	unit_release(&u);
}
END_TEST

/* ---- LLVM ---- */

START_TEST(llvm_embedded_bitcode)
{
	if (!have("clang") || !have("objcopy"))
		TEST_SKIP("clang or objcopy not installed");
	put_str("r.c", reg_src);
	ck_assert_int_eq(run("clang -O2 -fembed-bitcode -c r.c -o emb.o && clang -O2 -flto -c r.c -o bc.o && "
			     "objcopy --rename-section .llvmbc=.llvm.lto emb.o fat.o"), 0);
	struct unit u;
	/* .llvmbc beside machine code (-fembed-bitcode, Rust rlibs): the
	 * linker links the code, the bitcode plays no part */
	ck_assert_int_eq(scan_file("emb.o", SCAN_CLASSIFY, &u), 0);
	ck_assert_int_eq(u.lto, LTO_NONE);
	unit_release(&u);
	ck_assert_int_eq(scan_file("emb.o", SCAN_FULL, &u), 0);
	ck_assert_int_eq(u.lto, LTO_NONE);
	ck_assert_ptr_nonnull(find(&u, "reg_one", SYM_DEF, SRC_CODE));
	ck_assert_ptr_null(find(&u, "reg_one", SYM_DEF, SRC_IR));
	unit_release(&u);
	/* clang's fat LTO objects: .llvm.lto is the IR LTO links, and is read */
	ck_assert_int_eq(scan_file("fat.o", SCAN_FULL, &u), 0);
	ck_assert_int_eq(u.lto, LTO_LLVM);
	ck_assert_ptr_nonnull(find(&u, "reg_one", SYM_DEF, SRC_CODE));
	ck_assert_ptr_nonnull(find(&u, "reg_one", SYM_DEF, SRC_IR));
	unit_release(&u);
	/* raw bitcode is not ELF */
	ck_assert_int_eq(scan_file("bc.o", SCAN_CLASSIFY, &u), -EINVAL);
	ck_assert_ptr_nonnull(u.error);
	unit_release(&u);
}
END_TEST

/* ---- against nm ---- */

struct nmsyms {
	char names[512][256];
	char kind[512]; /* 'D' defined, 'U' undefined */
	size_t n;
};

static void read_nm(const char *obj, struct nmsyms *out)
{
	ck_assert_int_eq(run("nm -P -g '%s' > nm.out", obj), 0);
	char path[512];
	snprintf(path, sizeof(path), "%s/nm.out", scratch);
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[512];
	out->n = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[256], type;
		if (sscanf(line, "%255s %c", name, &type) != 2)
			continue;
		if (!strncmp(name, "__gnu_lto_", 10))
			continue;
		ck_assert_uint_lt(out->n, 512);
		snprintf(out->names[out->n], sizeof(out->names[0]), "%s", name);
		out->kind[out->n] = type == 'U' || type == 'w' || type == 'v' ? 'U' : 'D';
		out->n++;
	}
	fclose(f);
}

/*
 * nm lists the ELF symbol table of a regular object and, through the
 * LTO plugin, the IR symbol table of a GCC LTO object (slim or fat).
 */
static void compare_nm(const char *obj, int source)
{
	struct nmsyms *nm = malloc(sizeof(*nm));
	read_nm(obj, nm);
	struct unit u;
	ck_assert_int_eq(scan_file(obj, SCAN_FULL, &u), 0);
	/* every nm symbol is seen, with the same role */
	for (size_t i = 0; i < nm->n; i++) {
		int role = nm->kind[i] == 'D' ? SYM_DEF : SYM_UNDEF;
		ck_assert_msg(find(&u, nm->names[i], role, source) != NULL, "%s: %s (%c) missing",
			      obj, nm->names[i], nm->kind[i]);
	}
	/* and nothing else: references to own definitions and names that asm
	 * text uses (no symbol table lists them) aside */
	for (size_t j = 0; j < u.nsyms; j++) {
		const struct sym *s = &u.syms[j];
		if (s->source != source || (s->how & REF_ASM))
			continue;
		if (s->role == SYM_UNDEF && find(&u, s->name, SYM_DEF, source))
			continue;
		int seen = 0;
		for (size_t i = 0; i < nm->n && !seen; i++)
			seen = !strcmp(nm->names[i], s->name) &&
			       (nm->kind[i] == 'D') == (s->role == SYM_DEF);
		ck_assert_msg(seen, "%s: %s not listed by nm", obj, s->name);
	}
	unit_release(&u);
	free(nm);
}

START_TEST(same_symbols_as_nm)
{
	if (!have("gcc") || !have("nm"))
		TEST_SKIP("gcc or nm not installed");
	put_str("x.c", x86_src);
	put_str("r.c", reg_src);
	put_str("y.c", ir_src);
	ck_assert_int_eq(run("gcc -O2 -c x.c -o x.o && gcc -O2 -c r.c -o r.o && "
			     "gcc -O2 -fcommon -flto -ffat-lto-objects -c y.c -o y.o && "
			     "gcc -O2 -flto -c x.c -o xl.o && gcc -O2 -flto -c r.c -o rl.o"), 0);
	compare_nm("x.o", SRC_CODE);
	compare_nm("r.o", SRC_CODE);
	compare_nm("y.o", SRC_IR);
	compare_nm("xl.o", SRC_IR);
	compare_nm("rl.o", SRC_IR);
	const char *sys[] = { "crt1.o", "crti.o", "crtbeginS.o", "crtendS.o" };
	char cmd[128];
	for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]); i++) {
		snprintf(cmd, sizeof(cmd), "cp \"$(gcc -print-file-name=%s)\" sys_%s", sys[i], sys[i]);
		if (run("%s", cmd) == 0) {
			char name[64];
			snprintf(name, sizeof(name), "sys_%s", sys[i]);
			compare_nm(name, SRC_CODE);
		}
	}
}
END_TEST

/* Members of a real static library, through the archive reader. */
START_TEST(static_library_members)
{
	if (!have("gcc") || !have("ar"))
		TEST_SKIP("gcc or ar not installed");
	put_str("x.c", x86_src);
	put_str("a_much_longer_file_name_for_registration.c", reg_src);
	ck_assert_int_eq(run("gcc -O2 -c x.c -o x.o && "
			     "gcc -O2 -c a_much_longer_file_name_for_registration.c && "
			     "ar rcs lib.a x.o a_much_longer_file_name_for_registration.o"), 0);
	size_t n;
	unsigned char *data = slurp("lib.a", &n);
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open(&ar, data, n, "lib.a"), 0);
	int count = 0;
	while (ar_next(&ar, &m) == 1) {
		struct unit u;
		unit_init(&u, "lib.a", m.name, 0);
		/* members sit at 2-byte alignment inside the archive */
		ck_assert_int_eq(elfscan_unit(&u, m.data, m.size, SCAN_FULL), 0);
		if (!strcmp(m.name, "x.o"))
			ASSERT_HOW(&u, "in_table", REF_DATA);
		else
			ASSERT_HOW(&u, "__start_myreg", REF_START_STOP | REF_ADDR);
		unit_release(&u);
		count++;
	}
	ck_assert_int_eq(count, 2);
	ar_close(&ar);
	free(data);
}
END_TEST

/* ---- bad input ---- */

static void scan_bytes_ok(const unsigned char *p, size_t n, int expect_fail)
{
	/* an exact-size copy: reading past the end shows under valgrind */
	unsigned char *copy = malloc(n ? n : 1);
	memcpy(copy, p, n);
	struct unit u;
	unit_init(&u, "bad.o", NULL, 0);
	int rc = elfscan_unit(&u, copy, n, SCAN_FULL);
	ck_assert_msg((rc == 0) == (u.error == NULL), "rc %d but error %s", rc, u.error ? u.error : "-");
	if (rc)
		ck_assert_int_lt(rc, 0);
	if (expect_fail)
		ck_assert_msg(rc < 0, "truncated object of %zu bytes accepted", n);
	unit_release(&u);
	free(copy);
}

START_TEST(truncated_objects)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", x86_src);
	put_str("y.c", ir_src);
	ck_assert_int_eq(run("gcc -O2 -c x.c -o x.o && gcc -O2 -flto -ffat-lto-objects -c y.c -o y.o"), 0);
	const char *objs[] = { "x.o", "y.o" };
	for (size_t o = 0; o < 2; o++) {
		size_t n;
		unsigned char *data = slurp(objs[o], &n);
		/* the section headers come last: any truncation loses some */
		for (size_t len = 0; len < n; len++)
			scan_bytes_ok(data, len, 1);
		free(data);
	}
}
END_TEST

START_TEST(corrupted_objects)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", x86_src);
	put_str("y.c", ir_src);
	ck_assert_int_eq(run("gcc -O2 -c x.c -o x.o && gcc -O2 -flto -ffat-lto-objects -c y.c -o y.o"), 0);
	const char *objs[] = { "x.o", "y.o" };
	static const unsigned char flips[] = { 0xff, 0x80, 0x01 };
	for (size_t o = 0; o < 2; o++) {
		size_t n;
		unsigned char *data = slurp(objs[o], &n);
		for (size_t i = 0; i < n; i++)
			for (size_t f = 0; f < sizeof(flips); f++) {
				data[i] ^= flips[f];
				scan_bytes_ok(data, n, 0);
				data[i] ^= flips[f];
			}
		free(data);
	}
	static const unsigned char junk[] = "\177ELF\2\1\1\0garbage garbage garbage garbage garbage"
					     "garbage garbage garbage garbage garbage garbage";
	scan_bytes_ok(junk, sizeof(junk), 1);
	scan_bytes_ok((const unsigned char *)"hello", 5, 1);
	scan_bytes_ok((const unsigned char *)"", 0, 1);
}
END_TEST

START_TEST(unknown_machine)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", x86_src);
	ck_assert_int_eq(run("gcc -O2 -c x.c -o x.o"), 0);
	size_t n;
	unsigned char *data = slurp("x.o", &n);
	data[18] = EM_LOONGARCH & 0xff; /* e_machine, little-endian: no table */
	data[19] = EM_LOONGARCH >> 8;
	struct unit u;
	unit_init(&u, "x.o", NULL, 0);
	ck_assert_int_eq(elfscan_unit(&u, data, n, SCAN_FULL), 0);
	ck_assert_ptr_null(u.error);
	ck_assert_uint_eq(u.machine, EM_LOONGARCH);
	ck_assert_ptr_nonnull(find(&u, "f", SYM_DEF, SRC_CODE));
	ASSERT_HOW(&u, "called", REF_PLAIN);
	ck_assert_ptr_null(find(&u, "f", SYM_UNDEF, SRC_CODE));
	unit_release(&u);
	free(data);
}
END_TEST

START_TEST(shared_object_classified_only)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("s.c", "int so_fn(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc -shared -fPIC s.c -o s.so"), 0);
	struct unit u;
	ck_assert_int_eq(scan_file("s.so", SCAN_FULL, &u), 0);
	ck_assert_int_eq(u.kind, FK_ELF_DYN);
	ck_assert_int_eq(u.full, 0);
	ck_assert_uint_eq(u.nsyms, 0);
	unit_release(&u);
}
END_TEST

/* More sections than fit in e_shnum: SHN_XINDEX and SHT_SYMTAB_SHNDX. */
START_TEST(extended_section_indexes)
{
	if (!have("as") || !have("awk"))
		TEST_SKIP("as or awk not installed");
	ck_assert_int_eq(run("awk 'BEGIN { for (i = 0; i < 66000; i++) "
			     "printf(\".section .s%%d,\\\"a\\\"\\n.byte 1\\n\", i); "
			     "print \".globl last_sym\\nlast_sym: .quad far_target\" }' > big.s && "
			     "as big.s -o big.o"), 0);
	struct unit u;
	ck_assert_int_eq(scan_file("big.o", SCAN_FULL, &u), 0);
	const struct sym *s = find(&u, "last_sym", SYM_DEF, SRC_CODE);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->section, ".s65999");
	ASSERT_HOW(&u, "far_target", REF_DATA);
	unit_release(&u);
}
END_TEST

/* Scanners run in parallel on different units. */
struct job {
	const unsigned char *data;
	size_t size;
	size_t nsyms;
	int rc;
};

static void *scan_job(void *arg)
{
	struct job *j = arg;
	for (int i = 0; i < 50; i++) {
		struct unit u;
		unit_init(&u, "x.o", NULL, 0);
		j->rc |= elfscan_unit(&u, j->data, j->size, SCAN_FULL);
		j->nsyms = u.nsyms;
		unit_release(&u);
	}
	return NULL;
}

START_TEST(parallel_scans)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("x.c", x86_src);
	ck_assert_int_eq(run("gcc -O2 -c x.c -o x.o"), 0);
	size_t n;
	unsigned char *data = slurp("x.o", &n);
	struct unit ref;
	unit_init(&ref, "x.o", NULL, 0);
	ck_assert_int_eq(elfscan_unit(&ref, data, n, SCAN_FULL), 0);
	pthread_t th[4];
	struct job jobs[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ .data = data, .size = n };
		ck_assert_int_eq(pthread_create(&th[i], NULL, scan_job, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
		ck_assert_int_eq(jobs[i].rc, 0);
		ck_assert_uint_eq(jobs[i].nsyms, ref.nsyms);
	}
	unit_release(&ref);
	free(data);
}
END_TEST

static Suite *elfscan_suite(void)
{
	Suite *s = suite_create("elfscan");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 600);
	tcase_add_checked_fixture(tc, setup, files_teardown);
	tcase_add_test(tc, x86_64_call_vs_address);
	tcase_add_test(tc, x86_64_symbol_kinds);
	tcase_add_test(tc, aarch64_call_vs_address);
	tcase_add_test(tc, cross_call_vs_address);
	tcase_add_test(tc, mips64_rinfo_both_orders);
	tcase_add_test(tc, i386_call_vs_address);
	tcase_add_test(tc, registration_section);
	tcase_add_test(tc, gcc_slim_and_fat);
	tcase_add_test(tc, gcc_ir_symtab);
	tcase_add_test(tc, llvm_embedded_bitcode);
	tcase_add_test(tc, same_symbols_as_nm);
	tcase_add_test(tc, static_library_members);
	tcase_add_test(tc, truncated_objects);
	tcase_add_test(tc, corrupted_objects);
	tcase_add_test(tc, unknown_machine);
	tcase_add_test(tc, shared_object_classified_only);
	tcase_add_test(tc, extended_section_indexes);
	tcase_add_test(tc, parallel_scans);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(elfscan_suite)
