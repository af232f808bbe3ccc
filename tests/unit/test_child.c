/* Unit tests for lib/child.c and lib/tmpdir.c. */
#include "testlib.h"
#include "child.h"
#include "tmpdir.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

START_TEST(run_status_and_signal)
{
	int sig = -1;
	char *ok[] = { "/bin/sh", "-c", "exit 3", NULL };
	ck_assert_int_eq(child_run(ok, &sig), 3);
	ck_assert_int_eq(sig, 0);
	char *killed[] = { "/bin/sh", "-c", "kill -TERM $$", NULL };
	ck_assert_int_eq(child_run(killed, &sig), 128 + SIGTERM);
	ck_assert_int_eq(sig, SIGTERM);
	char *missing[] = { "/nonexistent/tool", NULL };
	ck_assert_int_eq(child_run(missing, &sig), 127);
}
END_TEST

START_TEST(capture_output)
{
	char *out = NULL;
	size_t len = 0;
	char *argv[] = { "/bin/sh", "-c", "printf 'libraries: =/a:/b\\n'; echo noise >&2; exit 0", NULL };
	ck_assert_int_eq(child_capture(argv, &out, &len), 0);
	ck_assert_str_eq(out, "libraries: =/a:/b\n");
	ck_assert_uint_eq(len, strlen(out));
	free(out);
	char *missing[] = { "/nonexistent/tool", NULL };
	ck_assert_int_lt(child_capture(missing, &out, &len), 0);
}
END_TEST

START_TEST(forwarded_signal_reaches_child)
{
	/* the child kills its parent (us) with SIGTERM: we must forward it and
	 * report that the child died of it, not die ourselves */
	child_install_signals();
	int sig = 0;
	char *argv[] = { "/bin/sh", "-c", "trap 'exit 42' TERM; kill -TERM $PPID; sleep 5 & wait", NULL };
	ck_assert_int_eq(child_run(argv, &sig), 42);
	ck_assert_int_eq(sig, 0);
}
END_TEST

START_TEST(tmpdir_private_and_cleaned)
{
	char base[] = "/tmp/lto-safe-test.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(base));
	setenv("TMPDIR", base, 1);
	ck_assert_int_eq(tmpdir_create(), 0);
	const char *dir = tmpdir_get();
	ck_assert_ptr_nonnull(dir);
	ck_assert(strncmp(dir, base, strlen(base)) == 0);
	struct stat st;
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	const char *p = NULL;
	int fd = tmpdir_open("keep.o", &p);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* O_EXCL: an existing name is refused */
	ck_assert_int_lt(tmpdir_open("keep.o", NULL), 0);
	char *saved = strdup(dir);
	tmpdir_cleanup();
	ck_assert_ptr_null(tmpdir_get());
	ck_assert_int_ne(stat(saved, &st), 0);
	free(saved);
	rmdir(base);
}
END_TEST

START_TEST(tmpdir_unwritable)
{
	setenv("TMPDIR", "/nonexistent/dir", 1);
	ck_assert_int_lt(tmpdir_create(), 0);
	ck_assert_ptr_null(tmpdir_get());
	ck_assert_ptr_null(tmpdir_path("x"));
}
END_TEST

static Suite *child_suite(void)
{
	Suite *s = suite_create("child");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, run_status_and_signal);
	tcase_add_test(tc, capture_output);
	tcase_add_test(tc, forwarded_signal_reaches_child);
	tcase_add_test(tc, tmpdir_private_and_cleaned);
	tcase_add_test(tc, tmpdir_unwritable);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(child_suite)
