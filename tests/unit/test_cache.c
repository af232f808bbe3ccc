#include "cache.h"
#include "settings.h"
#include "testfiles.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

static void setup(void)
{
	files_setup();
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/cache/lto-safe", scratch);
	setenv("LTO_SAFE_CACHE_DIR", dir, 1);
	unsetenv("LTO_SAFE_CACHE");
	settings_load();
}

static struct stat old_file(uint64_t ino, int64_t mtime)
{
	struct stat st;
	memset(&st, 0, sizeof(st));
	st.st_dev = 42;
	st.st_ino = (ino_t)ino;
	st.st_size = 1000;
	st.st_mtim.tv_sec = mtime;
	st.st_mtim.tv_nsec = 5;
	st.st_ctim.tv_sec = mtime;
	st.st_ctim.tv_nsec = 7;
	return st;
}

START_TEST(clean_round_trip)
{
	struct clean_set s;
	clean_load(&s);
	ck_assert_uint_eq(s.nr, 0);
	struct stat a = old_file(1, 1000), b = old_file(2, 1000);
	ck_assert_int_eq(clean_add(&s, &a), 1);
	ck_assert_int_eq(clean_add(&s, &a), 0);
	ck_assert(clean_has(&s, &a));
	ck_assert(!clean_has(&s, &b));
	ck_assert_int_eq(clean_save(&s), 0);
	clean_release(&s);

	/* another link adds b meanwhile: both survive */
	struct clean_set t, u;
	clean_load(&t);
	clean_load(&u);
	ck_assert(clean_has(&t, &a));
	ck_assert_int_eq(clean_add(&u, &b), 1);
	ck_assert_int_eq(clean_save(&u), 0);
	struct stat c = old_file(3, 1000);
	ck_assert_int_eq(clean_add(&t, &c), 1);
	ck_assert_int_eq(clean_save(&t), 0);
	clean_release(&t);
	clean_release(&u);
	clean_load(&s);
	ck_assert(clean_has(&s, &a) && clean_has(&s, &b) && clean_has(&s, &c));

	/* any change of identity is a miss */
	struct stat d = a;
	d.st_size++;
	ck_assert(!clean_has(&s, &d));
	d = a;
	d.st_mtim.tv_nsec++;
	ck_assert(!clean_has(&s, &d));
	d = a;
	d.st_ctim.tv_sec++;
	ck_assert(!clean_has(&s, &d));
	d = a;
	d.st_dev++;
	ck_assert(!clean_has(&s, &d));
	clean_release(&s);
}
END_TEST

START_TEST(clean_racy_not_recorded)
{
	struct clean_set s;
	clean_load(&s);
	struct stat now = old_file(1, s.start.tv_sec);
	ck_assert_int_eq(clean_add(&s, &now), 0);
	struct stat recent = old_file(2, s.start.tv_sec - CLEAN_RACY_SECONDS);
	ck_assert_int_eq(clean_add(&s, &recent), 0);
	struct stat changed = old_file(3, 1000);
	changed.st_ctim.tv_sec = s.start.tv_sec; /* chmod or write just now */
	ck_assert_int_eq(clean_add(&s, &changed), 0);
	struct stat old = old_file(4, s.start.tv_sec - CLEAN_RACY_SECONDS - 1);
	ck_assert_int_eq(clean_add(&s, &old), 1);
	clean_release(&s);
}
END_TEST

START_TEST(clean_malformed_files)
{
	struct clean_set s = CLEAN_SET_INIT;
	unsigned char buf[16 + 3 * 56];
	memcpy(buf, "LTOSAFE-CLEAN-1\n", 16);
	memset(buf + 16, 0xab, sizeof(buf) - 16);
	ck_assert_int_eq(clean_parse(&s, buf, sizeof(buf)), 0);
	ck_assert_uint_eq(s.nr, 1); /* three equal records */
	for (size_t n = 0; n < sizeof(buf); n++) {
		int want = n == 16 || n == 16 + 56 || n == 16 + 112 ? 0 : -EINVAL;
		ck_assert_msg(clean_parse(&s, buf, n) == want, "%zu bytes", n);
	}
	buf[3] = 'X';
	ck_assert_int_eq(clean_parse(&s, buf, sizeof(buf)), -EINVAL);
	ck_assert_uint_eq(s.nr, 0);
	clean_release(&s);

	/* garbage on disk: ignored, then replaced */
	ck_assert_int_eq(run("mkdir -p cache/lto-safe && head -c 1000 /dev/urandom > "
			     "cache/lto-safe/clean-archives"), 0);
	clean_load(&s);
	ck_assert_uint_eq(s.nr, 0);
	struct stat a = old_file(1, 1000);
	clean_add(&s, &a);
	ck_assert_int_eq(clean_save(&s), 0);
	clean_release(&s);
	clean_load(&s);
	ck_assert(clean_has(&s, &a));
	clean_release(&s);
}
END_TEST

START_TEST(text_keyed_exactly)
{
	ck_assert_ptr_null(cache_get_text("dirs", "k1"));
	ck_assert_int_eq(cache_put_text("dirs", "k1", "libraries: =/a:/b\n"), 0);
	char *t = cache_get_text("dirs", "k1");
	ck_assert_str_eq(t, "libraries: =/a:/b\n");
	free(t);
	ck_assert_ptr_null(cache_get_text("dirs", "k2"));
	ck_assert_ptr_null(cache_get_text("other", "k1"));
	/* a file whose stored key differs (a hash collision, or tampering) */
	ck_assert_int_eq(run("for f in cache/lto-safe/dirs-*; do printf 'k9\\0x' > $f; done"), 0);
	ck_assert_ptr_null(cache_get_text("dirs", "k1"));
	ck_assert_int_eq(run("for f in cache/lto-safe/dirs-*; do printf 'k1\\0a\\0b' > $f; done"), 0);
	ck_assert_ptr_null(cache_get_text("dirs", "k1"));
	ck_assert_int_eq(run("for f in cache/lto-safe/dirs-*; do printf 'k1' > $f; done"), 0);
	ck_assert_ptr_null(cache_get_text("dirs", "k1"));
}
END_TEST

START_TEST(cache_off)
{
	setenv("LTO_SAFE_CACHE", "0", 1);
	settings_load();
	ck_assert_ptr_null(cache_dir());
	struct clean_set s;
	clean_load(&s);
	struct stat a = old_file(1, 1000);
	clean_add(&s, &a);
	ck_assert_int_eq(clean_save(&s), 0);
	clean_release(&s);
	ck_assert_int_eq(cache_put_text("dirs", "k", "t"), 0);
	ck_assert_int_ne(run("test -e cache"), 0);
	unsetenv("LTO_SAFE_CACHE_DIR");
	unsetenv("LTO_SAFE_CACHE");
	settings_load();
	setenv("HOME", "relative", 1);
	unsetenv("XDG_CACHE_HOME");
	ck_assert_ptr_null(cache_dir());
	setenv("XDG_CACHE_HOME", "/x", 1);
	ck_assert_str_eq(cache_dir(), "/x/lto-safe");
}
END_TEST

static Suite *cache_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *tc = tcase_create("cache");
	tcase_add_checked_fixture(tc, setup, files_teardown);
	tcase_add_test(tc, clean_round_trip);
	tcase_add_test(tc, clean_racy_not_recorded);
	tcase_add_test(tc, clean_malformed_files);
	tcase_add_test(tc, text_keyed_exactly);
	tcase_add_test(tc, cache_off);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(cache_suite)
