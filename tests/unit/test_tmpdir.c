/* Unit tests for lib/tmpdir.c: the name of the directory, its safety, and
 * cleaning up. */
#include "testlib.h"
#include "tmpdir.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static char base[64];

static void setup(void)
{
	scratch_make(base, sizeof(base), "tmpdir");
	setenv("TMPDIR", base, 1);
}

static void teardown(void)
{
	tmpdir_cleanup();
	scratch_remove(base);
}

static char *made(void)
{
	ck_assert_int_eq(tmpdir_create(), 0);
	char *d = xstrdup(tmpdir_get());
	tmpdir_cleanup();
	return d;
}

START_TEST(same_key_same_name)
{
	char *argv1[] = { "gcc", "-flto", "a.o", "-o", "app" };
	char *argv2[] = { "gcc", "-flto", "a.o", "-o", "app2" };
	char *argv3[] = { "gcc", "-flto", "a.", "o", "-o", "app" }; /* boundaries count */
	tmpdir_set_key(argv1, 5);
	char *a = made(), *b = made();
	ck_assert_str_eq(a, b);
	char *want = xasprintf("%s/lto-safe-%lu/", base, (unsigned long)getuid());
	ck_assert_msg(str_starts(a, want), "%s", a);
	tmpdir_set_key(argv2, 5);
	char *c = made();
	tmpdir_set_key(argv3, 6);
	char *d = made();
	ck_assert_str_ne(a, c);
	ck_assert_str_ne(a, d);
	/* cleaned up: the per-user directory too, once empty */
	struct stat st;
	want[strlen(want) - 1] = '\0';
	ck_assert_int_lt(stat(want, &st), 0);
	free(a), free(b), free(c), free(d), free(want);
}
END_TEST

START_TEST(taken_name_gets_the_next)
{
	char *argv[] = { "cc", "x.o" };
	tmpdir_set_key(argv, 2);
	char *first = made();
	/* the same command is running: its directory is there */
	char *u = xasprintf("%s/lto-safe-%lu", base, (unsigned long)getuid());
	ck_assert_int_eq(mkdir(u, 0700), 0);
	ck_assert_int_eq(mkdir(first, 0700), 0);
	char *second = made();
	char *want = xasprintf("%s-1", first);
	ck_assert_str_eq(second, want);
	rmdir(first);
	free(first), free(u), free(second), free(want);
}
END_TEST

START_TEST(unsafe_user_dir_is_not_used)
{
	char *argv[] = { "cc", "y.o" };
	char *u = xasprintf("%s/lto-safe-%lu", base, (unsigned long)getuid());
	ck_assert_int_eq(mkdir(u, 0777), 0);
	ck_assert_int_eq(chmod(u, 0777), 0); /* others may write in it */
	tmpdir_set_key(argv, 2);
	char *d = made();
	char *want = xasprintf("%s/lto-safe.", base);
	ck_assert_msg(str_starts(d, want), "%s", d);
	rmdir(u);
	/* a symlink in its place is not followed */
	char *target = xasprintf("%s/elsewhere", base);
	ck_assert_int_eq(mkdir(target, 0700), 0);
	ck_assert_int_eq(symlink(target, u), 0);
	free(d);
	d = made();
	ck_assert_msg(str_starts(d, want), "%s", d);
	unlink(u);
	rmdir(target);
	free(u), free(d), free(want), free(target);
}
END_TEST

static Suite *tmpdir_suite(void)
{
	Suite *s = suite_create("tmpdir");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, same_key_same_name);
	tcase_add_test(tc, taken_name_gets_the_next);
	tcase_add_test(tc, unsafe_user_dir_is_not_used);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(tmpdir_suite)
