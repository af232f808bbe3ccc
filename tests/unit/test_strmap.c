/* Unit tests for lib/strmap.c. */
#include "testlib.h"
#include "strmap.h"
#include "strvec.h"

START_TEST(put_get_grow)
{
	struct strmap m = STRMAP_INIT;
	struct strvec keys = STRVEC_INIT;
	ck_assert_ptr_null(strmap_get(&m, "absent"));
	for (int i = 0; i < 5000; i++)
		strvec_pushf(&keys, "sym_%d", i);
	for (size_t i = 0; i < keys.nr; i++) {
		int isnew = 0;
		size_t *v = strmap_put(&m, keys.v[i], i * 3, &isnew);
		ck_assert(isnew);
		ck_assert_uint_eq(*v, i * 3);
	}
	ck_assert_uint_eq(m.nr, 5000);
	for (size_t i = 0; i < keys.nr; i++) {
		size_t *v = strmap_get(&m, keys.v[i]);
		ck_assert_ptr_nonnull(v);
		ck_assert_uint_eq(*v, i * 3);
	}
	int isnew = 1;
	size_t *v = strmap_put(&m, "sym_7", 0, &isnew);
	ck_assert(!isnew);
	ck_assert_uint_eq(*v, 21);
	ck_assert_ptr_null(strmap_get(&m, "sym_5000"));
	strmap_clear(&m);
	ck_assert_ptr_null(strmap_get(&m, "sym_1"));
	strvec_clear(&keys);
}
END_TEST

static Suite *strmap_suite(void)
{
	Suite *s = suite_create("strmap");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, put_get_grow);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(strmap_suite)
