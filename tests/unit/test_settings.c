/* Unit tests for lib/settings.c: the table and the reading of values. */
#include "testlib.h"
#include "settings.h"

#include <stdlib.h>
#include <string.h>

static void clear(void)
{
	for (size_t i = 0; i < SET_COUNT; i++)
		unsetenv(settings_table[i].env);
}

START_TEST(table_complete)
{
	for (size_t i = 0; i < SET_COUNT; i++) {
		const struct setting_def *d = &settings_table[i];
		ck_assert_msg(d->env && !strncmp(d->env, "LTO_SAFE_", 9), "entry %zu has no LTO_SAFE_ name", i);
		ck_assert_msg(d->def && d->meaning && *d->meaning, "%s: no default or meaning", d->env);
		ck_assert_msg(!d->option || !strncmp(d->option, "--lto-safe-", 11), "%s: option %s", d->env, d->option);
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(d->env, settings_table[j].env);
	}
}
END_TEST

START_TEST(defaults)
{
	clear();
	settings_load();
	const struct settings *s = settings();
	ck_assert_int_eq(s->verbose, 0);
	ck_assert_int_eq(s->strict, 0);
	ck_assert_int_eq(s->repair, 1);
	ck_assert_int_eq(s->scan, 1);
	ck_assert_int_eq(s->cache, 1);
	ck_assert_uint_eq(s->threads, 0);
	for (size_t i = 0; i < SET_COUNT; i++) {
		ck_assert_ptr_null(s->value[i]);
		ck_assert_int_eq(s->origin[i], FROM_DEFAULT);
	}
}
END_TEST

START_TEST(booleans_and_numbers)
{
	static const char *const on[] = { "1", "yes", "TRUE", "On" }, *const off[] = { "0", "no", "False", "OFF" };
	for (size_t i = 0; i < 4; i++) {
		clear();
		setenv("LTO_SAFE_VERBOSE", on[i], 1);
		setenv("LTO_SAFE_REPAIR", off[i], 1);
		settings_load();
		ck_assert_int_eq(settings()->verbose, 1);
		ck_assert_int_eq(settings()->repair, 0);
		ck_assert_int_eq(settings()->origin[SET_REPAIR], FROM_ENV);
		ck_assert_str_eq(setting_str(SET_REPAIR), off[i]);
	}
	clear();
	setenv("LTO_SAFE_THREADS", "3", 1);
	setenv("LTO_SAFE_KEEP", "a b", 1);
	setenv("LTO_SAFE_CACHE", "", 1); /* empty: the default */
	settings_load();
	ck_assert_uint_eq(settings()->threads, 3);
	ck_assert_str_eq(setting_str(SET_KEEP), "a b");
	ck_assert_int_eq(settings()->cache, 1);
	ck_assert_ptr_null(setting_str(SET_CACHE));
	clear();
}
END_TEST

START_TEST(bad_values)
{
	/* each bad value: the default, not the value */
	static const char *const bad[][2] = {
		{ "LTO_SAFE_THREADS", "abc" }, { "LTO_SAFE_THREADS", "-1" }, { "LTO_SAFE_THREADS", "4x" },
		{ "LTO_SAFE_THREADS", "99999" }, { "LTO_SAFE_REPAIR", "maybe" }, { "LTO_SAFE_VERBOSE", "2" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		clear();
		setenv(bad[i][0], bad[i][1], 1);
		settings_load();
		const struct settings *s = settings();
		ck_assert_uint_eq(s->threads, 0);
		ck_assert_int_eq(s->repair, 1);
		ck_assert_int_eq(s->verbose, 0);
		for (size_t k = 0; k < SET_COUNT; k++)
			ck_assert_msg(!s->value[k], "%s=%s was taken", bad[i][0], bad[i][1]);
	}
	clear();
}
END_TEST

static Suite *settings_suite(void)
{
	Suite *s = suite_create("settings");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, table_complete);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, booleans_and_numbers);
	tcase_add_test(tc, bad_values);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(settings_suite)
