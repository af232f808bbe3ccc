/* Unit tests for lib/native.c: a fat GCC object's code half (its LTO
 * sections renamed, in its own byte order; bad input refused), and the
 * command that compiles one unit's IR alone. */
#include "native.h"
#include "rsp.h"
#include "testfiles.h"
#include "util.h"

#include <errno.h>
#include <gelf.h>
#include <string.h>

static void setup(void)
{
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	files_setup();
	ck_assert_int_eq(chdir(scratch), 0);
}

static void teardown(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	files_teardown();
}

/* the number of sections of the object in data whose names start with prefix */
static size_t named(const unsigned char *data, size_t n, const char *prefix)
{
	Elf *e = elf_memory((char *)data, n);
	size_t shstrndx, count = 0;
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(elf_getshdrstrndx(e, &shstrndx), 0);
	for (Elf_Scn *s = NULL; (s = elf_nextscn(e, s));) {
		GElf_Shdr sh;
		ck_assert_ptr_nonnull(gelf_getshdr(s, &sh));
		count += str_starts(elf_strptr(e, shstrndx, sh.sh_name), prefix);
	}
	elf_end(e);
	return count;
}

/* fat.o's IR hidden: no .gnu.lto_ section left, as many .gnu.xto_, the
 * rest of the file unchanged; ld links its code without the plugin's LTO */
static void check_fat(const char *cc, const char *obj)
{
	size_t n;
	unsigned char *data = slurp(obj, &n), *orig = xmalloc(n);
	memcpy(orig, data, n);
	size_t lto = named(data, n, ".gnu.lto_");
	ck_assert_uint_gt(lto, 2);
	ck_assert_int_eq(native_hide_ir(data, n), (int)lto);
	ck_assert_uint_eq(named(data, n, ".gnu.lto_"), 0);
	ck_assert_uint_eq(named(data, n, ".gnu.xto_"), lto);
	size_t changed = 0;
	for (size_t i = 0; i < n; i++)
		changed += data[i] != orig[i];
	ck_assert_uint_eq(changed, lto);
	/* once more: nothing left to rename */
	ck_assert_int_eq(native_hide_ir(data, n), 0);
	free(orig);
	if (cc) {
		put("code.o", data, n);
		ck_assert_int_eq(run("%s -c main.c -o main.o && %s main.o code.o -o prog && ./prog", cc, cc), 0);
	}
	free(data);
}

START_TEST(fat_object_code_half)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("f.c", "int f(int x) { return x + 1; }\n");
	put_str("main.c", "int f(int); int main(void) { return f(1) != 2; }\n");
	ck_assert_int_eq(run("gcc -O2 -flto -ffat-lto-objects -c f.c -o fat.o"), 0);
	check_fat("gcc", "fat.o");
	/* big-endian: s390x's cross compiler, when installed */
	if (have("s390x-linux-gnu-gcc")) {
		ck_assert_int_eq(run("s390x-linux-gnu-gcc -O2 -flto -ffat-lto-objects -c f.c -o fat-be.o"), 0);
		check_fat(NULL, "fat-be.o");
	}
}
END_TEST

START_TEST(not_an_object)
{
	unsigned char junk[64] = "not an ELF file at all";
	ck_assert_int_eq(native_hide_ir(junk, sizeof(junk)), -EINVAL);
	ck_assert_int_eq(native_hide_ir(junk, 0), -EINVAL);
	if (!have("gcc"))
		return;
	put_str("f.c", "int f(int x) { return x + 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -flto -ffat-lto-objects -c f.c -o fat.o"), 0);
	size_t n;
	unsigned char *data = slurp("fat.o", &n);
	/* cut before its section headers: refused, nothing written */
	unsigned char *cut = xmalloc(n / 2);
	memcpy(cut, data, n / 2);
	ck_assert_int_eq(native_hide_ir(cut, n / 2), -EINVAL);
	ck_assert(!memcmp(cut, data, n / 2));
	free(cut);
	free(data);
}
END_TEST

/* v's strings joined by spaces (malloc'd) */
static char *joined(const struct strvec *v)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < v->nr; i++) {
		char *t = xasprintf("%s%s%s", s, i ? " " : "", v->v[i]);
		free(s);
		s = t;
	}
	return s;
}

static void check_argv(const char *line, enum lto_kind lto, int want, const char *expect)
{
	struct strvec v = STRVEC_INIT, out = STRVEC_INIT;
	rsp_split(line, strlen(line), &v);
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, cmd_flavor_of(v.v[0]), (int)v.nr, v.v), 0);
	ck_assert_int_eq(native_compile_argv(&cmd, lto, "in.o", "out.o", &out), want);
	if (!want) {
		char *got = joined(&out);
		ck_assert_str_eq(got, expect);
		free(got);
	}
	cmd_release(&cmd);
	strvec_clear(&v);
	strvec_clear(&out);
}

START_TEST(compile_alone)
{
	check_argv("gcc -O2 -march=x86-64-v2 -flto=auto -fPIC -g a.o b.o -Wl,--wrap=f -shared -lm -L. -o x.so",
		   LTO_GCC_SLIM, 0,
		   "gcc -O2 -march=x86-64-v2 -fPIC -g -r -flinker-output=nolto-rel in.o -o out.o");
	check_argv("clang -O2 -flto=thin -fuse-ld=gold a.o -o x", LTO_LLVM, 0,
		   "clang -O2 -fno-lto -x ir -c in.o -o out.o");
	check_argv("clang -O2 -flto a.o -o x", LTO_GCC_SLIM, -ENOTSUP, NULL);
	check_argv("gcc -O2 -flto a.o -o x", LTO_LLVM, -ENOTSUP, NULL);
	check_argv("ld a.o -o x", LTO_GCC_FAT, -ENOTSUP, NULL);
	check_argv("gcc a.o -o x", LTO_NONE, -ENOTSUP, NULL);
}
END_TEST

static Suite *native_suite(void)
{
	Suite *s = suite_create("native");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fat_object_code_half);
	tcase_add_test(tc, not_an_object);
	tcase_add_test(tc, compile_alone);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(native_suite)
