/* Unit tests for lib/lddiag.c: undefined symbols in the diagnostics of
 * ld.bfd, gold, lld and mold, as those linkers print them. */
#include "testlib.h"
#include "lddiag.h"
#include "util.h"

#include "mapfile.h"

#include <string.h>

static void parse(const char *text, struct strvec *out)
{
	lddiag_undefined(text, strlen(text), out);
}

START_TEST(bfd_and_gold)
{
	struct strvec v = STRVEC_INIT;
	parse("/usr/bin/ld: /tmp/ccAb12.ltrans0.ltrans.o: in function `main':\n"
	      "<artificial>:(.text.startup+0x5): undefined reference to `target_impl'\n"
	      "/usr/bin/ld: ld-temp.o:(.text+0x9): undefined reference to `app::detail::target(int)'\n"
	      "/usr/bin/ld.gold: error: /tmp/ccX.ltrans0.ltrans.o: undefined reference to 'gold_one'\n"
	      "main.c:3: undefined reference to \xe2\x80\x98translated\xe2\x80\x99\n"
	      "collect2: error: ld returned 1 exit status\n",
	      &v);
	ck_assert_uint_eq(v.nr, 4);
	ck_assert_str_eq(v.v[0], "target_impl");
	ck_assert_str_eq(v.v[1], "app::detail::target(int)");
	ck_assert_str_eq(v.v[2], "gold_one");
	ck_assert_str_eq(v.v[3], "translated");
	strvec_clear(&v);
}
END_TEST

START_TEST(lld_and_mold)
{
	struct strvec v = STRVEC_INIT;
	parse("ld.lld: error: undefined symbol: inl_target\n"
	      ">>> referenced by ld-temp.o\n"
	      ">>>               lto.tmp:(main)\n"
	      "ld.lld: error: undefined hidden symbol: hidden_one  \r\n"
	      "ld.lld: error: relocation R_X86_64_PLT32 cannot refer to absolute symbol: abs_one\n"
	      ">>> defined in libinl.a(ir_inl_impl.o)\n"
	      "rust-lld: error: undefined symbol: operator new(unsigned long, std::nothrow_t const&)\n"
	      "mold: error: undefined symbol: mold_one\n"
	      "ld.lld: error: undefined symbol: inl_target\n",
	      &v);
	ck_assert_uint_eq(v.nr, 5);
	ck_assert_str_eq(v.v[0], "inl_target");
	ck_assert_str_eq(v.v[1], "hidden_one");
	ck_assert_str_eq(v.v[2], "abs_one");
	ck_assert_str_eq(v.v[3], "operator new(unsigned long, std::nothrow_t const&)");
	ck_assert_str_eq(v.v[4], "mold_one");
	strvec_clear(&v);
}
END_TEST

START_TEST(not_undefined_symbols)
{
	struct strvec v = STRVEC_INIT;
	strvec_push(&v, "given"); /* already there: not added again */
	parse("ld: warning: creating DT_TEXTREL in a PIE\n"
	      "undefined reference to `'\n"             /* empty */
	      "undefined reference to target_impl\n"    /* no quote */
	      "undefined reference to `unclosed\n"
	      "error: undefined symbol: \n"
	      "undefined reference to `given'\n"
	      "multiple definition of `dup'\n"
	      "undefined reference to `last'",         /* no final newline */
	      &v);
	ck_assert_uint_eq(v.nr, 2);
	ck_assert_str_eq(v.v[0], "given");
	ck_assert_str_eq(v.v[1], "last");
	strvec_clear(&v);
}
END_TEST

START_TEST(binary_and_huge_input)
{
	struct strvec v = STRVEC_INIT;
	/* a NUL inside a name: not a name; bytes that are not UTF-8: kept as they are */
	static const char bin[] = "undefined symbol: a\0b\nundefined symbol: \xff\xfe\n";
	lddiag_undefined(bin, sizeof(bin) - 1, &v);
	ck_assert_uint_eq(v.nr, 1);
	ck_assert_str_eq(v.v[0], "\xff\xfe");
	strvec_clear(&v);

	/* a name longer than the limit, then more names than the limit */
	size_t big = LDDIAG_MAX_NAME + 100, n = LDDIAG_MAX_NAMES + 10;
	size_t cap = big + 64 + n * 40;
	char *t = xmalloc(cap), *p = t;
	p += sprintf(p, "undefined symbol: ");
	memset(p, 'x', big);
	p += big;
	*p++ = '\n';
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "undefined symbol: s%zu\n", i);
	lddiag_undefined(t, (size_t)(p - t), &v);
	ck_assert_uint_eq(v.nr, LDDIAG_MAX_NAMES);
	ck_assert_str_eq(v.v[0], "s0");
	free(t);
	strvec_clear(&v);
}
END_TEST

/* Diagnostics captured from the real linkers of this toolchain (see
 * data/lddiag/README): each file and the one name it must give. */
static const struct {
	const char *file, *name;
} captured[] = {
	{ "gcc-bfd-c.txt", "target_impl" },
	{ "gcc-gold-c.txt", "target_impl" },
	{ "gcc-mold-c.txt", "target_impl" },
	{ "gcc-bfd-cxx.txt", "app::detail::target(int)" },
	{ "gcc-gold-cxx.txt", "app::detail::target(int)" },
	{ "gcc-mold-cxx.txt", "app::detail::target(int)" },
	{ "gcc-bfd-missing.txt", "genuinely_missing" },
	{ "clang-lld-c.txt", "inl_target" },
	{ "clang-bfd-c.txt", "inl_target" },
	{ "clang-gold-c.txt", "inl_target" },
	{ "clang-mold-c.txt", "inl_target" },
	{ "clang-lld-cxx.txt", "app::detail::target(int)" },
	{ "clang-bfd-cxx.txt", "app::detail::target(int)" },
	{ "clang-gold-cxx.txt", "app::detail::target(int)" },
	{ "clang-mold-cxx.txt", "app::detail::target(int)" },
	{ "clang-lld-absolute.txt", "inl_target" },
};

START_TEST(captured_diagnostics)
{
	for (size_t i = 0; i < sizeof(captured) / sizeof(captured[0]); i++) {
		char *path = xasprintf("tests/unit/data/lddiag/%s", captured[i].file);
		struct mapped m = MAPPED_INIT;
		ck_assert_msg(map_file(path, &m) == 0, "cannot read %s", path);
		struct strvec v = STRVEC_INIT;
		lddiag_undefined((const char *)m.data, m.size, &v);
		ck_assert_msg(v.nr == 1, "%s: %zu names", path, v.nr);
		ck_assert_str_eq(v.v[0], captured[i].name);
		strvec_clear(&v);
		unmap_file(&m);
		free(path);
	}
}
END_TEST

static Suite *lddiag_suite(void)
{
	Suite *s = suite_create("lddiag");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, captured_diagnostics);
	tcase_add_test(tc, bfd_and_gold);
	tcase_add_test(tc, lld_and_mold);
	tcase_add_test(tc, not_undefined_symbols);
	tcase_add_test(tc, binary_and_huge_input);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(lddiag_suite)
