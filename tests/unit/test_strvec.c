/* Unit tests for lib/strvec.c and lib/util.c helpers. */
#include "testlib.h"
#include "strvec.h"
#include "util.h"

#include <string.h>

START_TEST(push_insert_remove)
{
	struct strvec sv = STRVEC_INIT;
	strvec_push(&sv, "a");
	strvec_pushf(&sv, "%s-%d", "b", 2);
	strvec_insert(&sv, 1, "mid");
	strvec_insert(&sv, 99, "end");
	ck_assert_uint_eq(sv.nr, 4);
	ck_assert_str_eq(sv.v[0], "a");
	ck_assert_str_eq(sv.v[1], "mid");
	ck_assert_str_eq(sv.v[2], "b-2");
	ck_assert_str_eq(sv.v[3], "end");
	ck_assert_ptr_null(sv.v[4]);
	strvec_remove(&sv, 0);
	ck_assert_str_eq(sv.v[0], "mid");
	ck_assert_ptr_null(sv.v[3]);
	strvec_clear(&sv);
	ck_assert_uint_eq(sv.nr, 0);
	ck_assert_ptr_null(sv.v);
	strvec_push(&sv, "again");
	ck_assert_str_eq(sv.v[0], "again");
	strvec_clear(&sv);
}
END_TEST

START_TEST(many)
{
	struct strvec sv = STRVEC_INIT;
	for (int i = 0; i < 100000; i++)
		strvec_pushf(&sv, "%d", i);
	ck_assert_uint_eq(sv.nr, 100000);
	ck_assert_str_eq(sv.v[99999], "99999");
	ck_assert_ptr_null(sv.v[100000]);
	strvec_clear(&sv);
}
END_TEST

START_TEST(string_helpers)
{
	ck_assert(str_starts("__start_x", "__start_"));
	ck_assert(!str_starts("__sta", "__start_"));
	ck_assert(str_ends("libfoo.a", ".a"));
	ck_assert(!str_ends("a", ".a"));
	ck_assert_str_eq(path_base("/usr/bin/gcc"), "gcc");
	ck_assert_str_eq(path_base("gcc"), "gcc");
	char *s = xasprintf("%s/%zu", "dir", (size_t)7);
	ck_assert_str_eq(s, "dir/7");
	free(s);
	s = xstrndup("abcdef", 3);
	ck_assert_str_eq(s, "abc");
	free(s);
}
END_TEST

static Suite *strvec_suite(void)
{
	Suite *s = suite_create("strvec");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, push_insert_remove);
	tcase_add_test(tc, many);
	tcase_add_test(tc, string_helpers);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(strvec_suite)
