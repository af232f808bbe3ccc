/* Unit tests for lib/facts.c and lib/formats/classify.c. */
#include "testlib.h"
#include "formats/classify.h"
#include "facts.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

START_TEST(unit_arena_and_syms)
{
	struct unit u;
	unit_init(&u, "lib.a", "m.o", 3);
	ck_assert_str_eq(u.path, "lib.a");
	ck_assert_str_eq(u.member, "m.o");
	ck_assert_uint_eq(u.input, 3);
	char big[40000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (int i = 0; i < 3000; i++) {
		char name[32];
		snprintf(name, sizeof(name), "s%d", i);
		struct sym *s = unit_add_sym(&u, name, i % 2 ? ".text" : NULL, SYM_DEF, SRC_CODE);
		ck_assert_str_eq(s->name, name);
	}
	struct sym *s = unit_add_sym(&u, big, NULL, SYM_UNDEF, SRC_IR);
	ck_assert_uint_eq(strlen(s->name), sizeof(big) - 1);
	ck_assert_uint_eq(u.nsyms, 3001);
	ck_assert_str_eq(u.syms[1].section, ".text");
	ck_assert_ptr_null(u.syms[0].section);
	char *d = unit_describe(&u);
	ck_assert_str_eq(d, "lib.a(m.o)");
	free(d);
	unit_fail(&u, "bad %d", 1);
	unit_fail(&u, "second");
	ck_assert_str_eq(u.error, "bad 1");
	unit_release(&u);
}
END_TEST

START_TEST(classify_magic)
{
	static const unsigned char rel[18] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	static const unsigned char dyn[18] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0 };
	static const unsigned char be_rel[18] = { 0x7f, 'E', 'L', 'F', 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	ck_assert_int_eq(classify_bytes(rel, sizeof(rel)), FK_ELF_REL);
	ck_assert_int_eq(classify_bytes(dyn, sizeof(dyn)), FK_ELF_DYN);
	ck_assert_int_eq(classify_bytes(be_rel, sizeof(be_rel)), FK_ELF_REL);
	ck_assert_int_eq(classify_bytes(rel, 10), FK_UNKNOWN); /* truncated */
	ck_assert_int_eq(classify_bytes((const unsigned char *)"!<arch>\nxx", 10), FK_ARCHIVE);
	ck_assert_int_eq(classify_bytes((const unsigned char *)"!<thin>\n", 8), FK_THIN_ARCHIVE);
	ck_assert_int_eq(classify_bytes((const unsigned char *)"BC\xc0\xde\x35", 5), FK_BITCODE);
	ck_assert_int_eq(classify_bytes((const unsigned char *)"\xde\xc0\x17\x0b", 4), FK_BITCODE);
	const char *script = "/* GNU ld script */\nGROUP ( libc.so.6 )\n";
	ck_assert_int_eq(classify_bytes((const unsigned char *)script, strlen(script)), FK_SCRIPT);
	ck_assert_int_eq(classify_bytes((const unsigned char *)"\x01\x02", 2), FK_UNKNOWN);
	ck_assert_int_eq(classify_bytes(NULL, 0), FK_UNKNOWN);
}
END_TEST

START_TEST(classify_files)
{
	char dir[] = "/tmp/lto-safe-test.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[256];
	ck_assert_int_eq(classify_path("/nonexistent/file"), FK_MISSING);
	ck_assert_int_eq(classify_path(dir), FK_DIR);
	snprintf(path, sizeof(path), "%s/s", dir);
	FILE *f = fopen(path, "w");
	fputs("INPUT(a.o)\n", f);
	fclose(f);
	ck_assert_int_eq(classify_path(path), FK_SCRIPT);
	if (getuid() != 0) {
		chmod(path, 0);
		ck_assert_int_eq(classify_path(path), FK_UNREADABLE);
	}
	unlink(path);
	rmdir(dir);
	if (access("/bin/sh", R_OK) == 0)
		ck_assert_int_ne(classify_path("/bin/sh"), FK_ELF_REL);
}
END_TEST

static Suite *facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, unit_arena_and_syms);
	tcase_add_test(tc, classify_magic);
	tcase_add_test(tc, classify_files);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(facts_suite)
