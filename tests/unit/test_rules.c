#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rules.h"
#include "testlib.h"

/* diagnostics captured in memory */
static char *diag_buf;
static size_t diag_len;
static FILE *diag_f;

static void capture(void)
{
	diag_f = open_memstream(&diag_buf, &diag_len);
	ck_assert_ptr_nonnull(diag_f);
	diag_set_stream(diag_f);
}

/* stop capturing; returns the text, which the caller frees */
static char *captured(void)
{
	diag_set_stream(NULL);
	fclose(diag_f);
	diag_f = NULL;
	return diag_buf;
}

static char *write_tmp(const char *text, size_t len)
{
	char *path = strdup("/tmp/lto-safe-rules-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

START_TEST(literal_and_pattern)
{
	struct rules *r = rules_new();
	ck_assert(rules_empty(r));
	ck_assert_int_eq(rules_add_keep(r, "target_impl", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "plugin_.*_init", "test"), 0);
	ck_assert(!rules_empty(r));

	const char *which = NULL;
	ck_assert_int_eq(rules_keep(r, "target_impl", &which), 1);
	ck_assert_str_eq(which, "target_impl");
	ck_assert_int_eq(rules_keep(r, "plugin_foo_init", &which), 1);
	ck_assert_str_eq(which, "plugin_.*_init");
	ck_assert_int_eq(rules_keep(r, "other", &which), 0);
	ck_assert_int_eq(rules_keep(r, "plugin_foo_init", NULL), 1);
	rules_release(r);
}
END_TEST

START_TEST(literal_chars)
{
	/* '.', '$' and '@' are literal characters, not regex syntax */
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_keep(r, "foo.bar", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "sym@VER", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "a$b", "test"), 0);
	ck_assert_int_eq(rules_keep(r, "foo.bar", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "fooXbar", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "sym@VER", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "a$b", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "a", NULL), 0);
	rules_release(r);
}
END_TEST

START_TEST(full_match)
{
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_keep(r, "foo", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "ba[rz]", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "x|yy", "test"), 0);
	ck_assert_int_eq(rules_keep(r, "foo", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "foo2", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "xfoo", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "bar", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "bar2", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "abar", NULL), 0);
	/* alternation is anchored as a whole */
	ck_assert_int_eq(rules_keep(r, "x", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "yy", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "xyy", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "x1", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "1yy", NULL), 0);
	rules_release(r);
}
END_TEST

START_TEST(exclude_wins)
{
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_keep(r, "plugin_.*", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "lit", "test"), 0);
	ck_assert_int_eq(rules_add_exclude(r, "plugin_debug", "test"), 0);
	ck_assert_int_eq(rules_add_exclude(r, "plugin_test_.*", "test"), 0);
	ck_assert_int_eq(rules_add_exclude(r, "l[i]t", "test"), 0);
	ck_assert_int_eq(rules_keep(r, "plugin_a", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "plugin_debug", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "plugin_test_x", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "lit", NULL), 0);
	ck_assert_int_eq(rules_excluded(r, "plugin_debug"), 1);
	ck_assert_int_eq(rules_excluded(r, "plugin_test_x"), 1);
	ck_assert_int_eq(rules_excluded(r, "plugin_a"), 0);
	rules_release(r);

	/* excludes alone are not keep rules */
	r = rules_new();
	ck_assert_int_eq(rules_add_exclude(r, "x", "test"), 0);
	ck_assert(rules_empty(r));
	rules_release(r);
}
END_TEST

START_TEST(list_splitting)
{
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_list(r, "  a\tb\n  c_.* \r\n", 0, "LTO_SAFE_KEEP"), 0);
	ck_assert_int_eq(rules_add_list(r, "c_no d", 1, "LTO_SAFE_EXCLUDE"), 0);
	ck_assert_int_eq(rules_add_list(r, "", 0, "LTO_SAFE_KEEP"), 0);
	ck_assert_int_eq(rules_add_list(r, "   ", 0, "LTO_SAFE_KEEP"), 0);
	ck_assert_int_eq(rules_keep(r, "a", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "b", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "c_yes", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "c_no", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "a b", NULL), 0);
	ck_assert_int_eq(rules_excluded(r, "d"), 1);
	rules_release(r);

	r = rules_new();
	ck_assert(rules_empty(r));
	ck_assert_int_eq(rules_add_list(r, " \t ", 0, "LTO_SAFE_KEEP"), 0);
	ck_assert(rules_empty(r));
	rules_release(r);
}
END_TEST

START_TEST(keep_file)
{
	static const char text[] =
		"# keep list\r\n"
		"\r\n"
		"target_impl\r\n"
		"   helper_.*   # trailing comment\n"
		"\t\n"
		"!helper_debug\n"
		"! helper_x\n"
		"with#hash\n"
		"last_no_newline";
	char *path = write_tmp(text, sizeof(text) - 1);
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_load_file(r, path), 0);
	const char *which = NULL;
	ck_assert_int_eq(rules_keep(r, "target_impl", &which), 1);
	ck_assert_str_eq(which, "target_impl");
	ck_assert_int_eq(rules_keep(r, "helper_a", &which), 1);
	ck_assert_str_eq(which, "helper_.*");
	ck_assert_int_eq(rules_keep(r, "helper_debug", NULL), 0);
	ck_assert_int_eq(rules_keep(r, "helper_x", NULL), 0);
	ck_assert_int_eq(rules_excluded(r, "helper_debug"), 1);
	/* '#' not after white space is part of the rule */
	ck_assert_int_eq(rules_keep(r, "with#hash", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "last_no_newline", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "keep", NULL), 0);
	rules_release(r);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(keep_file_only_comments)
{
	char *path = write_tmp("# nothing\n\n   # more\n", 21);
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_load_file(r, path), 0);
	ck_assert(rules_empty(r));
	rules_release(r);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(bad_pattern)
{
	struct rules *r = rules_new();
	capture();
	ck_assert_int_eq(rules_add_keep(r, "foo(bar", "LTO_SAFE_KEEP"), -EINVAL);
	char *msg = captured();
	ck_assert_ptr_nonnull(strstr(msg, "lto-safe: error: "));
	ck_assert_ptr_nonnull(strstr(msg, "foo(bar"));
	ck_assert_ptr_nonnull(strstr(msg, "LTO_SAFE_KEEP"));
	ck_assert_ptr_nonnull(strstr(msg, "parenthesis"));
	ck_assert_ptr_nonnull(strstr(msg, "offset 7"));
	free(msg);
	ck_assert(rules_empty(r));
	rules_release(r);
}
END_TEST

START_TEST(bad_pattern_in_file)
{
	char *path = write_tmp("good\n[bad\nalso_good\n", 20);
	struct rules *r = rules_new();
	capture();
	ck_assert_int_eq(rules_load_file(r, path), -EINVAL);
	char *msg = captured();
	char *origin = NULL;
	ck_assert_int_gt(asprintf(&origin, "%s:2", path), 0);
	ck_assert_ptr_nonnull(strstr(msg, "'[bad'"));
	ck_assert_ptr_nonnull(strstr(msg, origin));
	free(origin);
	free(msg);
	/* the other lines are still loaded */
	ck_assert_int_eq(rules_keep(r, "good", NULL), 1);
	ck_assert_int_eq(rules_keep(r, "also_good", NULL), 1);
	rules_release(r);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(missing_file)
{
	struct rules *r = rules_new();
	capture();
	ck_assert_int_eq(rules_load_file(r, "/nonexistent/lto-safe/keep.txt"), -ENOENT);
	char *msg = captured();
	ck_assert_ptr_nonnull(strstr(msg, "/nonexistent/lto-safe/keep.txt"));
	ck_assert_ptr_nonnull(strstr(msg, strerror(ENOENT)));
	free(msg);

	capture();
	ck_assert_int_eq(rules_load_file(r, "/"), -EISDIR);
	msg = captured();
	ck_assert_ptr_nonnull(strstr(msg, strerror(EISDIR)));
	free(msg);
	rules_release(r);
}
END_TEST

START_TEST(limits)
{
	struct rules *r = rules_new();
	size_t big = 64 * 1024 + 1;
	char *rule = malloc(big + 1);
	memset(rule, 'a', big);
	rule[big] = '\0';
	capture();
	ck_assert_int_eq(rules_add_keep(r, rule, "test"), -EINVAL);
	ck_assert_int_eq(rules_add_keep(r, "", "test"), -EINVAL);
	ck_assert_int_eq(rules_add_keep(r, rule + 1, "test"), 0);
	free(captured());

	/* a line far over the limit stops the file with an error */
	size_t huge = 1024 * 1024;
	char *text = malloc(huge);
	memset(text, 'b', huge);
	char *path = write_tmp(text, huge);
	capture();
	ck_assert_int_eq(rules_load_file(r, path), -EINVAL);
	char *msg = captured();
	ck_assert_ptr_nonnull(strstr(msg, "longer than"));
	free(msg);
	unlink(path);
	free(path);

	/* NUL bytes are refused */
	path = write_tmp("a\0b\n", 4);
	capture();
	ck_assert_int_eq(rules_load_file(r, path), -EINVAL);
	free(captured());
	unlink(path);
	free(path);
	free(text);
	free(rule);
	rules_release(r);
}
END_TEST

struct thread_arg {
	const struct rules *r;
	int errors;
};

static void *matcher(void *p)
{
	struct thread_arg *t = p;
	char name[64];
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "plugin_%d_init", i);
		const char *which = NULL;
		int want = i % 10 != 3;
		if (rules_keep(t->r, name, &which) != want || (want && strcmp(which, "plugin_[0-9]+_init")))
			t->errors++;
		snprintf(name, sizeof(name), "lit_%d", i % 5);
		if (rules_keep(t->r, name, NULL) != (i % 5 == 1))
			t->errors++;
	}
	return NULL;
}

START_TEST(threads)
{
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_keep(r, "plugin_[0-9]+_init", "test"), 0);
	ck_assert_int_eq(rules_add_exclude(r, "plugin_[0-9]*3_init", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "lit_1", "test"), 0);
	struct thread_arg a[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		a[i].r = r;
		a[i].errors = 0;
		ck_assert_int_eq(pthread_create(&th[i], NULL, matcher, &a[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(a[i].errors, 0);
	}
	rules_release(r);
}
END_TEST

START_TEST(many_literals)
{
	struct rules *r = rules_new();
	char name[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "sym_%d", i);
		ck_assert_int_eq(rules_add_keep(r, name, "test"), 0);
	}
	/* duplicates are harmless */
	ck_assert_int_eq(rules_add_keep(r, "sym_7", "test"), 0);
	for (int i = 0; i < 10000; i++) {
		snprintf(name, sizeof(name), "sym_%d", i);
		ck_assert_int_eq(rules_keep(r, name, NULL), i < 5000);
	}
	rules_release(r);
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, literal_and_pattern);
	tcase_add_test(tc, literal_chars);
	tcase_add_test(tc, full_match);
	tcase_add_test(tc, exclude_wins);
	tcase_add_test(tc, list_splitting);
	tcase_add_test(tc, keep_file);
	tcase_add_test(tc, keep_file_only_comments);
	tcase_add_test(tc, bad_pattern);
	tcase_add_test(tc, bad_pattern_in_file);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, limits);
	tcase_add_test(tc, threads);
	tcase_add_test(tc, many_literals);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(rules_suite)
