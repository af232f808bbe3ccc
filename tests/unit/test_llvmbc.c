#include "formats/llvmbc.h"
#include "formats/bitstream.h"
#include "bitwriter.h"
#include "mapfile.h"
#include "testfiles.h"
#include "util.h"

#include <elf.h>
#include <errno.h>
#include <string.h>

static const struct sym *find(const struct unit *u, const char *name, int role, unsigned how)
{
	const struct sym *found = NULL;
	for (size_t i = 0; i < u->nsyms; i++) {
		const struct sym *s = &u->syms[i];
		if (s->role == role && s->source == SRC_IR && !strcmp(s->name, name) && (s->how & how) == how &&
		    (how || !(s->how & (REF_ASM | REF_DATA)))) {
			ck_assert_msg(!found, "%s listed twice", name);
			found = s;
		}
	}
	return found;
}

#define DEF(u, n) find(u, n, SYM_DEF, 0)
#define UNDEF(u, n) find(u, n, SYM_UNDEF, 0)
#define ASMREF(u, n) find(u, n, SYM_UNDEF, REF_ASM)
#define TAKEN(u, n) find(u, n, SYM_UNDEF, REF_DATA)

static int scan_buf(const unsigned char *p, size_t n, struct unit *u)
{
	unit_init(u, "t.bc", NULL, 0);
	int rc = llvmbc_scan(u, NULL, p, n);
	ck_assert_msg((rc == 0) == (u->error == NULL), "rc %d, error %s", rc, u->error ? u->error : "(none)");
	return rc;
}

static int scan_bc(const char *name, struct unit *u)
{
	size_t n;
	unsigned char *p = slurp(name, &n);
	int rc = scan_buf(p, n, u);
	free(p);
	return rc;
}

static const char *const c_src =
	"struct ent { const char *name; int (*fn)(void); };\n"
	"static int two(void) { return 2; }\n"
	"extern int ext_fn(void);\n"
	"int pub_fn(void) { return 3; }\n"
	"const struct ent e_two __attribute__((section(\"regtab\"))) = { \"two\", two };\n"
	"const struct ent e_pub = { \"pub\", pub_fn };\n"
	"int (*fp)(void) = ext_fn;\n"
	"__attribute__((weak)) int weak_var = 1;\n"
	"__attribute__((visibility(\"hidden\"))) int hidden_fn(void) { return 4; }\n"
	"__thread int tls_var;\n"
	"extern int __start_regtab[];\n"
	"int *start(void) { return __start_regtab; }\n"
	"asm(\".globl tramp\\ntramp: jmp target_impl\");\n"
	"int caller(int x) { asm volatile(\"call inl_target\\n\\tlea table(%%rip), %%rax\" ::: \"rax\", \"memory\");"
	" return x + 1; }\n";

static void check_c_module(const struct unit *u)
{
	/* symbols */
	ck_assert_int_eq(DEF(u, "caller")->type, SYMT_FUNC);
	ck_assert_int_eq(DEF(u, "weak_var")->bind, STB_WEAK);
	ck_assert_int_eq(DEF(u, "hidden_fn")->vis, STV_HIDDEN);
	ck_assert_int_eq(DEF(u, "tls_var")->type, SYMT_TLS);
	ck_assert_ptr_nonnull(UNDEF(u, "ext_fn"));
	ck_assert_int_eq(UNDEF(u, "__start_regtab")->how, REF_PLAIN | REF_START_STOP);
	ck_assert_ptr_null(DEF(u, "two")); /* internal */
	/* sections */
	ck_assert_str_eq(DEF(u, "e_two")->section, "regtab");
	ck_assert_ptr_null(DEF(u, "e_pub")->section);
	/* asm text */
	ck_assert_str_eq(ASMREF(u, "target_impl")->where, "top-level asm");
	ck_assert_str_eq(ASMREF(u, "inl_target")->where, "caller");
	ck_assert_str_eq(ASMREF(u, "table")->where, "caller");
	ck_assert_ptr_null(ASMREF(u, "tramp"));
	ck_assert_ptr_null(ASMREF(u, "rax"));
	/* functions in initializers, not the static one */
	ck_assert_ptr_nonnull(TAKEN(u, "ext_fn"));
	ck_assert_ptr_nonnull(TAKEN(u, "pub_fn"));
	ck_assert_ptr_null(TAKEN(u, "two"));
	ck_assert_ptr_null(TAKEN(u, "caller"));
	ck_assert_uint_eq(u->machine, EM_X86_64);
}

START_TEST(clang_full_and_thin)
{
	if (!have("clang"))
		TEST_SKIP("clang not installed");
	put_str("t.c", c_src);
	ck_assert_int_eq(run("clang -O2 -flto -c t.c -o full.bc && clang -O2 -flto=thin -c t.c -o thin.bc"), 0);
	struct unit u;
	ck_assert_int_eq(scan_bc("full.bc", &u), 0);
	check_c_module(&u);
	ck_assert(!u.thin_link_bitcode);
	unit_release(&u);
	ck_assert_int_eq(scan_bc("thin.bc", &u), 0);
	check_c_module(&u);
	ck_assert(!u.thin_link_bitcode);
	unit_release(&u);
}
END_TEST

/* clang 19's -fthin-link-bitcode: the minimized file has the IR symbol
 * table but no asm text, and says so; the full file beside it is whole */
START_TEST(thin_link_bitcode)
{
	if (!have("clang-19"))
		TEST_SKIP("clang-19 not installed");
	put_str("t.c", c_src);
	ck_assert_int_eq(run("clang-19 -O2 -flto=thin -c t.c -o full.o -fthin-link-bitcode=min.o"), 0);
	struct unit u;
	ck_assert_int_eq(scan_bc("full.o", &u), 0);
	check_c_module(&u);
	ck_assert(!u.thin_link_bitcode);
	unit_release(&u);
	ck_assert_int_eq(scan_bc("min.o", &u), 0);
	ck_assert(u.thin_link_bitcode);
	ck_assert_int_eq(DEF(&u, "caller")->type, SYMT_FUNC);
	ck_assert_int_eq(DEF(&u, "weak_var")->bind, STB_WEAK);
	ck_assert_ptr_nonnull(UNDEF(&u, "ext_fn"));
	ck_assert_ptr_null(ASMREF(&u, "inl_target"));
	ck_assert_ptr_null(ASMREF(&u, "target_impl"));
	unit_release(&u);
}
END_TEST

/* the wrapper: magic, version, offset, size, cputype; padding after */
/* the offset in a raw bitcode file p of its irsymtab (the first blob of
 * the SYMTAB block), whose first byte is its version */
static size_t symtab_at(const unsigned char *p, size_t n)
{
	struct bitstream bs;
	struct bs_entry e;
	struct bs_record rec = { 0 };
	bs_init(&bs, p + 4, n - 4);
	size_t at = 0;
	while (!at && bs_next(&bs, &e) == BS_OK) {
		if (e.kind == BS_BLOCK && e.id == 25) {
			ck_assert_int_eq(bs_enter(&bs), BS_OK);
		} else if (e.kind == BS_BLOCK) {
			ck_assert_int_eq(bs_skip(&bs), BS_OK);
		} else if (e.kind == BS_RECORD) {
			ck_assert_int_eq(bs_record(&bs, &rec), BS_OK);
			if (rec.blob)
				at = (size_t)(rec.blob - p);
		}
	}
	bs_record_free(&rec);
	bs_release(&bs);
	ck_assert_uint_gt(at, 0);
	return at;
}

START_TEST(wrapper_and_fallback)
{
	if (!have("clang"))
		TEST_SKIP("clang not installed");
	put_str("t.c", c_src);
	ck_assert_int_eq(run("clang -O2 -flto -c t.c -o full.bc"), 0);
	size_t n;
	unsigned char *p = slurp("full.bc", &n);
	unsigned char *w = calloc(1, n + 40);
	static const unsigned char hdr[20] = { 0xde, 0xc0, 0x17, 0x0b, 0, 0, 0, 0, 20, 0, 0, 0 };
	memcpy(w, hdr, 20);
	w[12] = (unsigned char)n, w[13] = (unsigned char)(n >> 8), w[14] = (unsigned char)(n >> 16);
	memcpy(w + 20, p, n);
	struct unit u;
	ck_assert_int_eq(scan_buf(w, n + 40, &u), 0);
	check_c_module(&u);
	unit_release(&u);
	/* a wrapper whose size runs past the file */
	w[14] = 0x7f;
	ck_assert_int_eq(scan_buf(w, n + 40, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "wrapper"));
	unit_release(&u);
	free(w);

	/* an irsymtab of an unknown version: the module records give the
	 * same symbols */
	size_t at = symtab_at(p, n);
	ck_assert_uint_eq(p[at], 3); /* version 3 */
	p[at] = 99;
	ck_assert_int_eq(scan_buf(p, n, &u), 0);
	check_c_module(&u);
	unit_release(&u);
	free(p);
}
END_TEST

/* C++ definitions of vague linkage (linkonce_odr, weak_odr: a comdat each)
 * are marked, from the irsymtab and from the module records alike; a
 * plain weak or global definition is not */
START_TEST(vague_linkage)
{
	if (!have("clang++"))
		TEST_SKIP("clang++ not installed");
	put_str("v.cpp", "inline int in_fn(int x) { return x + 1; }\n"
			 "int (*pf)(int) = in_fn;\n"
			 "template <class T> T tw(T t) { return t + t; }\n"
			 "template int tw<int>(int);\n"
			 "__attribute__((weak)) int weak_fn(int x) { return x; }\n"
			 "int plain_fn(int x) { return x * 2; }\n");
	ck_assert_int_eq(run("clang++ -O2 -flto -c v.cpp -o v.bc"), 0);
	size_t n;
	unsigned char *p = slurp("v.bc", &n);
	for (int pass = 0; pass < 2; pass++) {
		struct unit u;
		ck_assert_int_eq(scan_buf(p, n, &u), 0);
		ck_assert_int_eq(DEF(&u, "_Z5in_fni")->vague, 1);
		ck_assert_int_eq(DEF(&u, "_Z2twIiET_S0_")->vague, 1);
		ck_assert_int_eq(DEF(&u, "_Z7weak_fni")->vague, 0);
		ck_assert_int_eq(DEF(&u, "_Z7weak_fni")->bind, STB_WEAK);
		ck_assert_int_eq(DEF(&u, "_Z8plain_fni")->vague, 0);
		ck_assert_int_eq(UNDEF(&u, "_Z5in_fni") ? UNDEF(&u, "_Z5in_fni")->vague : 0, 0);
		unit_release(&u);
		p[symtab_at(p, n)] = 99; /* then the module records */
	}
	free(p);
}
END_TEST

START_TEST(several_modules)
{
	if (!have("clang") || !have("llvm-cat"))
		TEST_SKIP("clang or llvm-cat not installed");
	put_str("a.c", "void a_fn(void) { asm volatile(\"call from_a\"); }\n");
	put_str("b.c", "int b_var = 1;\nasm(\"jmp from_b\");\n");
	ck_assert_int_eq(run("clang -O2 -flto -c a.c b.c && llvm-cat -b a.o b.o -o ab.bc"), 0);
	struct unit u;
	ck_assert_int_eq(scan_bc("ab.bc", &u), 0);
	ck_assert_str_eq(ASMREF(&u, "from_a")->where, "a_fn");
	ck_assert_str_eq(ASMREF(&u, "from_b")->where, "top-level asm");
	ck_assert_ptr_nonnull(DEF(&u, "a_fn"));
	ck_assert_ptr_nonnull(DEF(&u, "b_var"));
	unit_release(&u);
}
END_TEST

START_TEST(aarch64_triple)
{
	if (!have("clang"))
		TEST_SKIP("clang not installed");
	put_str("t.c", "void f(void) { asm volatile(\"bl helper_impl\\n\\tadrp x0, table\"); }\n");
	if (run("clang --target=aarch64-linux-gnu -O2 -flto -c t.c -o a64.bc"))
		TEST_SKIP("clang cannot target aarch64");
	struct unit u;
	ck_assert_int_eq(scan_bc("a64.bc", &u), 0);
	ck_assert_uint_eq(u.machine, EM_AARCH64);
	ck_assert_ptr_nonnull(ASMREF(&u, "helper_impl"));
	ck_assert_ptr_nonnull(ASMREF(&u, "table"));
	ck_assert_ptr_null(ASMREF(&u, "x0"));
	unit_release(&u);
}
END_TEST

/*
 * Bitcode for the other architectures (clang 19 targets them all; clang
 * 14 lacks nothing here either): the triple gives the machine, class and
 * byte order (s390x big-endian: the bitstream and the IR symbol table stay
 * little-endian, as LLVM writes them for every target), and the inline asm
 * is read with that architecture's syntax.
 */
START_TEST(cross_triples)
{
	static const struct {
		const char *target, *asm_text, *name;
		uint16_t machine;
		uint8_t data;
	} t[] = {
		{ "s390x-linux-gnu", "brasl %%r14,helper_impl@PLT\\n\\tlarl %%r1,table", "s390x", EM_S390,
		  ELFDATA2MSB },
		{ "riscv64-linux-gnu", "call helper_impl\\n\\tlla a0, table", "riscv64", EM_RISCV, ELFDATA2LSB },
		{ "powerpc64le-linux-gnu", "bl helper_impl\\n\\taddis 3,2,table@toc@ha", "ppc64le", EM_PPC64,
		  ELFDATA2LSB },
		{ "arm-linux-gnueabihf", "bl helper_impl\\n\\tldr r0, =table", "arm", EM_ARM, ELFDATA2LSB },
		{ "mips64el-linux-gnuabi64", "jal helper_impl\\n\\tdla $4, table", "mips64el", EM_MIPS,
		  ELFDATA2LSB },
	};
	const char *clang = have("clang-19") ? "clang-19" : "clang";
	if (!have(clang))
		TEST_SKIP("clang not installed");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char src[256];
		snprintf(src, sizeof(src), "void f(void) { asm volatile(\"%s\"); }\nint g(void) { return 1; }\n",
			 t[i].asm_text);
		put_str("t.c", src);
		if (run("%s --target=%s -O2 -flto -c t.c -o t.bc", clang, t[i].target)) {
			printf("SKIP: %s cannot target %s\n", clang, t[i].target);
			continue;
		}
		struct unit u;
		ck_assert_int_eq(scan_bc("t.bc", &u), 0);
		ck_assert_uint_eq(u.machine, t[i].machine);
		ck_assert_uint_eq(u.elfdata, t[i].data);
		ck_assert_msg(ASMREF(&u, "helper_impl") && ASMREF(&u, "table"), "%s", t[i].name);
		ck_assert_ptr_nonnull(DEF(&u, "g"));
		ck_assert_ptr_nonnull(DEF(&u, "f"));
		unit_release(&u);
	}
}
END_TEST

START_TEST(rust_bitcode)
{
	if (!have("rustc"))
		TEST_SKIP("rustc not installed");
	put_str("x.rs", "#[no_mangle]\npub extern \"C\" fn rust_entry(x: i32) -> i32 {\n"
			"    unsafe { core::arch::asm!(\"call helper_impl\", out(\"rax\") _, clobber_abi(\"C\")); }\n"
			"    x + 1\n}\n"
			"#[no_mangle]\npub static TABLE: [extern \"C\" fn(i32) -> i32; 1] = [rust_entry];\n"
			"core::arch::global_asm!(\".globl rtramp\\nrtramp: jmp rust_target\");\n");
	ck_assert_int_eq(run("rustc --crate-type=lib --emit=obj -Clinker-plugin-lto -O x.rs -o x.bc"), 0);
	struct unit u;
	ck_assert_int_eq(scan_bc("x.bc", &u), 0);
	ck_assert_str_eq(ASMREF(&u, "helper_impl")->where, "rust_entry");
	ck_assert_str_eq(ASMREF(&u, "rust_target")->where, "top-level asm");
	ck_assert_ptr_nonnull(TAKEN(&u, "rust_entry"));
	ck_assert_ptr_nonnull(DEF(&u, "TABLE"));
	unit_release(&u);
}
END_TEST

/* ---- hand-made modules ---- */

static void chars(struct bw *w, unsigned code, const char *s)
{
	uint64_t ops[64];
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		ops[i] = (unsigned char)s[i];
	unabbrev(w, code, ops, n);
}

/* "BC\xc0\xde", a module with the given records, a string table */
static size_t module(struct bw *w, uint64_t version, const uint64_t *gv, size_t ngv, const char *strtab,
		     int inline_asm_len)
{
	memset(w, 0, sizeof(*w));
	putb(w, 'B', 8), putb(w, 'C', 8), putb(w, 0xc0, 8), putb(w, 0xde, 8);
	begin(w, 8, 3);
	unabbrev(w, 1, &version, 1);
	chars(w, 2, "x86_64-pc-linux-gnu");
	chars(w, 4, "call asm_target");
	if (gv)
		unabbrev(w, 8, gv, ngv);
	if (inline_asm_len >= 0) {
		begin(w, 12, 4);
		begin(w, 11, 4);
		uint64_t ia[] = { 0, 0, (uint64_t)inline_asm_len, 'c', 'a', 'l', 'l', ' ', 'z' };
		unabbrev(w, 30, ia, sizeof(ia) / sizeof(ia[0]));
		end(w);
		end(w);
	}
	end(w);
	if (strtab) {
		begin(w, 23, 3);
		/* abbrev [literal 1, blob] */
		putb(w, 2, 3), vbr(w, 2, 5);
		putb(w, 1, 1), vbr(w, 1, 8);
		putb(w, 0, 1), putb(w, 5, 3);
		putb(w, 4, 3);
		vbr(w, strlen(strtab), 6);
		align(w);
		for (const char *c = strtab; *c; c++)
			putb(w, (unsigned char)*c, 8);
		align(w);
		end(w);
	}
	return bytes(w);
}

START_TEST(hand_made_modules)
{
	struct bw w;
	struct unit u;
	/* FUNCTION [name 0+4, type, cc, isproto 0, linkage 0, attrs, align, section 0, vis 1] */
	static const uint64_t fn[] = { 0, 4, 0, 0, 0, 0, 0, 0, 0, 1 };
	size_t n = module(&w, 2, fn, 10, "func", 6);
	ck_assert_int_eq(scan_buf(w.b, n, &u), 0);
	ck_assert_int_eq(DEF(&u, "func")->vis, STV_HIDDEN);
	ck_assert_str_eq(ASMREF(&u, "asm_target")->where, "top-level asm");
	ck_assert_str_eq(ASMREF(&u, "z")->where, "func");
	unit_release(&u);

	/* errors, each a clear message */
	n = module(&w, 1, fn, 10, "func", -1);
	ck_assert_int_eq(scan_buf(w.b, n, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "string table"));
	unit_release(&u);
	n = module(&w, 2, fn, 3, "func", -1);
	ck_assert_int_eq(scan_buf(w.b, n, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "short global value record"));
	unit_release(&u);
	n = module(&w, 2, fn, 10, "func", 50);
	ck_assert_int_eq(scan_buf(w.b, n, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "inline asm"));
	unit_release(&u);
	n = module(&w, 2, fn, 10, NULL, -1);
	ck_assert_int_eq(scan_buf(w.b, n, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "no string table"));
	unit_release(&u);
	/* a name outside the string table */
	n = module(&w, 2, fn, 10, "fu", -1);
	ck_assert_int_eq(scan_buf(w.b, n, &u), -EINVAL);
	unit_release(&u);
	ck_assert_int_eq(scan_buf((const unsigned char *)"BC\xc0\xde", 4, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "no module"));
	unit_release(&u);
	ck_assert_int_eq(scan_buf((const unsigned char *)"\x7f" "ELF", 4, &u), -EINVAL);
	ck_assert_ptr_nonnull(strstr(u.error, "not LLVM bitcode"));
	unit_release(&u);
}
END_TEST

/* every cut and many changed bytes of real bitcode: a result or an error */
START_TEST(damaged_bitcode)
{
	if (!have("clang"))
		TEST_SKIP("clang not installed");
	put_str("t.c", c_src);
	ck_assert_int_eq(run("clang -O2 -flto -c t.c -o full.bc"), 0);
	size_t n;
	unsigned char *p = slurp("full.bc", &n);
	unsigned char *copy = malloc(n);
	struct unit u;
	for (size_t cut = 0; cut < n; cut += 7) {
		scan_buf(p, cut, &u);
		unit_release(&u);
	}
	for (size_t i = 4; i < n; i += 3) {
		memcpy(copy, p, n);
		copy[i] ^= 0xff;
		scan_buf(copy, n, &u);
		unit_release(&u);
	}
	free(copy);
	free(p);
}
END_TEST

/* ---- the IR fixtures: tests/unit/data/ir/facts.c as each clang wrote it
 * (full and thin LTO; data/ir/PRODUCERS, tests/matrix/fixtures.sh) ---- */
static const char *const clang_fixtures[] = {
	"clang-19.bc", "clang-19-thin.bc", "clang-21.bc", "clang-21-thin.bc", "clang-22.bc", "clang-22-thin.bc",
};

START_TEST(fixtures_of_each_clang)
{
	for (size_t i = 0; i < sizeof(clang_fixtures) / sizeof(clang_fixtures[0]); i++) {
		const char *f = clang_fixtures[i];
		char *path = xasprintf("tests/unit/data/ir/%s", f);
		struct mapped m = MAPPED_INIT;
		ck_assert_msg(map_file(path, &m) == 0, "cannot read %s", path);
		struct unit u;
		ck_assert_msg(scan_buf(m.data, m.size, &u) == 0, "%s: %s", f, u.error);
		/* symbols */
		ck_assert_int_eq(DEF(&u, "caller")->type, SYMT_FUNC);
		ck_assert_int_eq(DEF(&u, "weak_var")->bind, STB_WEAK);
		ck_assert_int_eq(DEF(&u, "hidden_fn")->vis, STV_HIDDEN);
		ck_assert_ptr_null(DEF(&u, "two")); /* internal */
		ck_assert_int_eq(UNDEF(&u, "__start_regtab")->how, REF_PLAIN | REF_START_STOP);
		/* sections */
		ck_assert_str_eq(DEF(&u, "e_two")->section, "regtab");
		ck_assert_ptr_null(DEF(&u, "e_pub")->section);
		/* asm text: module asm, and the inline asm of caller and mixed */
		ck_assert_str_eq(ASMREF(&u, "target_impl")->where, "top-level asm");
		ck_assert_str_eq(ASMREF(&u, "inl_target")->where, "caller");
		ck_assert_str_eq(ASMREF(&u, "inl_two")->where, "mixed");
		ck_assert_ptr_null(ASMREF(&u, "tramp"));
		ck_assert_ptr_null(ASMREF(&u, "edi"));
		/* printf formats that read like asm are constants, not asm */
		ck_assert_msg(!ASMREF(&u, "helper_impl"), "%s: helper_impl read as asm", f);
		ck_assert_msg(!ASMREF(&u, "helper_two"), "%s: helper_two read as asm", f);
		/* functions in initializers, not the static one */
		ck_assert_ptr_nonnull(TAKEN(&u, "ext_fn"));
		ck_assert_ptr_nonnull(TAKEN(&u, "pub_fn"));
		ck_assert_ptr_null(TAKEN(&u, "two"));
		ck_assert_uint_eq(u.machine, EM_X86_64);
		unit_release(&u);
		unmap_file(&m);
		free(path);
	}
}
END_TEST

static Suite *llvmbc_suite(void)
{
	Suite *s = suite_create("llvmbc");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	tcase_add_test(tc, clang_full_and_thin);
	tcase_add_test(tc, vague_linkage);
	tcase_add_test(tc, thin_link_bitcode);
	tcase_add_test(tc, wrapper_and_fallback);
	tcase_add_test(tc, several_modules);
	tcase_add_test(tc, aarch64_triple);
	tcase_add_test(tc, cross_triples);
	tcase_add_test(tc, rust_bitcode);
	tcase_add_test(tc, hand_made_modules);
	tcase_add_test(tc, damaged_bitcode);
	tcase_add_test(tc, fixtures_of_each_clang);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(llvmbc_suite)
