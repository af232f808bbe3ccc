#include "rsp.h"
#include "strvec.h"
#include "util.h"
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[64];

static void setup(void)
{
	scratch_make(tmp, sizeof(tmp), "rsp");
}

static void teardown(void)
{
	scratch_remove(tmp);
}

static char *put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmp, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void split(const char *text, struct strvec *out)
{
	rsp_split(text, strlen(text), out);
}

START_TEST(split_whitespace)
{
	struct strvec v = STRVEC_INIT;
	split("  a\tb\n\nc\r\n  d  ", &v);
	ck_assert_uint_eq(v.nr, 4);
	ck_assert_str_eq(v.v[0], "a");
	ck_assert_str_eq(v.v[1], "b");
	ck_assert_str_eq(v.v[2], "c");
	ck_assert_str_eq(v.v[3], "d");
	ck_assert_ptr_null(v.v[4]);
	strvec_clear(&v);
	split("   \n\t ", &v);
	ck_assert_uint_eq(v.nr, 0);
	split("", &v);
	ck_assert_uint_eq(v.nr, 0);
}
END_TEST

START_TEST(split_quotes)
{
	struct strvec v = STRVEC_INIT;
	split("'a b' \"c d\" e'f g'h \"\" '' \"it's\" 'say \"hi\"'", &v);
	ck_assert_uint_eq(v.nr, 7);
	ck_assert_str_eq(v.v[0], "a b");
	ck_assert_str_eq(v.v[1], "c d");
	ck_assert_str_eq(v.v[2], "ef gh");
	ck_assert_str_eq(v.v[3], "");
	ck_assert_str_eq(v.v[4], "");
	ck_assert_str_eq(v.v[5], "it's");
	ck_assert_str_eq(v.v[6], "say \"hi\"");
	strvec_clear(&v);
}
END_TEST

START_TEST(split_backslash)
{
	struct strvec v = STRVEC_INIT;
	split("a\\ b c\\\\d \"e\\\"f\" 'g\\'h' i\\\nj end\\", &v);
	ck_assert_uint_eq(v.nr, 6);
	ck_assert_str_eq(v.v[0], "a b");
	ck_assert_str_eq(v.v[1], "c\\d");
	ck_assert_str_eq(v.v[2], "e\"f");
	ck_assert_str_eq(v.v[3], "g'h");
	ck_assert_str_eq(v.v[4], "i\nj");
	ck_assert_str_eq(v.v[5], "end");
	strvec_clear(&v);
}
END_TEST

START_TEST(split_stops_at_nul_and_len)
{
	struct strvec v = STRVEC_INIT;
	static const char text[] = "a b\0c d";
	rsp_split(text, sizeof(text) - 1, &v);
	ck_assert_uint_eq(v.nr, 2);
	ck_assert_str_eq(v.v[1], "b");
	strvec_clear(&v);
	/* len bounds the read: an unterminated quote at the end is fine */
	rsp_split("x 'yz", 4, &v);
	ck_assert_uint_eq(v.nr, 2);
	ck_assert_str_eq(v.v[1], "y");
	strvec_clear(&v);
}
END_TEST

START_TEST(expand_nested)
{
	char *inner = put("inner.rsp", "-lfoo 'two words'\n");
	char *outer_text = xasprintf("a.o @%s b.o", inner);
	char *outer = put("outer.rsp", outer_text);
	char *at = xasprintf("@%s", outer);
	char *argv[] = { "first", at, "last", NULL };
	struct strvec v = STRVEC_INIT;
	char *err = NULL;
	ck_assert_int_eq(rsp_expand(3, argv, &v, &err), 0);
	ck_assert_ptr_null(err);
	ck_assert_uint_eq(v.nr, 6);
	ck_assert_str_eq(v.v[0], "first");
	ck_assert_str_eq(v.v[1], "a.o");
	ck_assert_str_eq(v.v[2], "-lfoo");
	ck_assert_str_eq(v.v[3], "two words");
	ck_assert_str_eq(v.v[4], "b.o");
	ck_assert_str_eq(v.v[5], "last");
	strvec_clear(&v);
	free(inner);
	free(outer_text);
	free(outer);
	free(at);
}
END_TEST

START_TEST(expand_missing_is_literal)
{
	char *dirat = xasprintf("@%s", tmp);
	char *argv[] = { "@/nonexistent/lto-safe.rsp", "@", dirat, NULL };
	struct strvec v = STRVEC_INIT;
	ck_assert_int_eq(rsp_expand(3, argv, &v, NULL), 0);
	ck_assert_uint_eq(v.nr, 3);
	ck_assert_str_eq(v.v[0], "@/nonexistent/lto-safe.rsp");
	ck_assert_str_eq(v.v[1], "@");
	ck_assert_str_eq(v.v[2], dirat);
	strvec_clear(&v);
	free(dirat);
}
END_TEST

START_TEST(expand_depth_limit)
{
	/* a file that names itself never ends */
	char *path = xasprintf("%s/self.rsp", tmp);
	char *text = xasprintf("x @%s", path);
	free(put("self.rsp", text));
	char *at = xasprintf("@%s", path);
	char *argv[] = { at, NULL };
	struct strvec v = STRVEC_INIT;
	char *err = NULL;
	ck_assert_int_eq(rsp_expand(1, argv, &v, &err), -ELOOP);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_nonnull(strstr(err, "self.rsp"));
	ck_assert_uint_eq(v.nr, RSP_MAX_DEPTH);
	free(err);
	strvec_clear(&v);

	/* exactly RSP_MAX_DEPTH levels are fine */
	char *prev = NULL;
	for (int i = 0; i < RSP_MAX_DEPTH; i++) {
		char *name = xasprintf("d%d.rsp", i);
		char *body = prev ? xasprintf("y @%s", prev) : xstrdup("leaf");
		free(prev);
		prev = put(name, body);
		free(name);
		free(body);
	}
	char *top = xasprintf("@%s", prev);
	char *argv2[] = { top, NULL };
	ck_assert_int_eq(rsp_expand(1, argv2, &v, &err), 0);
	ck_assert_uint_eq(v.nr, RSP_MAX_DEPTH);
	ck_assert_str_eq(v.v[RSP_MAX_DEPTH - 1], "leaf");
	strvec_clear(&v);
	free(top);
	free(prev);
	free(at);
	free(text);
	free(path);
}
END_TEST

START_TEST(expand_file_limit)
{
	/* f0 names f1 twice, f1 names f2 twice, ...: 2^24 reads within the
	 * depth limit; the number of files read is bounded instead */
	char *prev = put("f24.rsp", "leaf");
	for (int i = 23; i >= 0; i--) {
		char *name = xasprintf("f%d.rsp", i);
		char *body = xasprintf("@%s @%s", prev, prev);
		free(prev);
		prev = put(name, body);
		free(name);
		free(body);
	}
	char *at = xasprintf("@%s", prev);
	char *argv[] = { at, NULL };
	struct strvec v = STRVEC_INIT;
	char *err = NULL;
	ck_assert_int_eq(rsp_expand(1, argv, &v, &err), -ELOOP);
	ck_assert_ptr_nonnull(err);
	ck_assert_ptr_nonnull(strstr(err, ".rsp: more than 2000 response files"));
	ck_assert_uint_le(v.nr, RSP_MAX_FILES);
	free(err);
	strvec_clear(&v);

	/* exactly RSP_MAX_FILES files are fine */
	char *one = put("one.rsp", "o");
	char **many = xcalloc(RSP_MAX_FILES, sizeof(*many));
	char *at1 = xasprintf("@%s", one);
	for (int i = 0; i < RSP_MAX_FILES; i++)
		many[i] = at1;
	ck_assert_int_eq(rsp_expand(RSP_MAX_FILES, many, &v, &err), 0);
	ck_assert_uint_eq(v.nr, RSP_MAX_FILES);
	strvec_clear(&v);
	free(many);
	free(at1);
	free(one);
	free(at);
	free(prev);
}
END_TEST

START_TEST(expand_size_limit)
{
	/* a device never ends: the read stops at RSP_MAX_BYTES */
	char *argv[] = { "@/dev/zero", NULL };
	struct strvec v = STRVEC_INIT;
	char *err = NULL;
	ck_assert_int_eq(rsp_expand(1, argv, &v, &err), -EFBIG);
	ck_assert_str_eq(err, "response file /dev/zero: more than 64 MiB of response files");
	ck_assert_uint_eq(v.nr, 0);
	free(err);
	strvec_clear(&v);
}
END_TEST

START_TEST(quote_round_trip)
{
	static const char *const cases[] = {
		"plain", "", "two words", "tab\there", "new\nline", "back\\slash", "dq\"x",
		"sq'x", "'\"\\ mix \\\"'", "\\", "-Wl,--version-script=a b.map", "@notafile",
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	char *q = rsp_quote("plain");
	ck_assert_str_eq(q, "plain");
	free(q);
	for (size_t i = 0; i < n; i++) {
		struct strvec v = STRVEC_INIT;
		q = rsp_quote(cases[i]);
		rsp_split(q, strlen(q), &v);
		ck_assert_uint_eq(v.nr, 1);
		ck_assert_str_eq(v.v[0], cases[i]);
		strvec_clear(&v);
		free(q);
	}
}
END_TEST

START_TEST(write_round_trip)
{
	char *args[] = { "a.o", "with space", "", "q'\"\\", "-lfoo" };
	char *path = xasprintf("%s/out.rsp", tmp);
	ck_assert_int_eq(rsp_write(path, args, 5), 0);
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	char *at = xasprintf("@%s", path);
	char *argv[] = { at, NULL };
	struct strvec v = STRVEC_INIT;
	ck_assert_int_eq(rsp_expand(1, argv, &v, NULL), 0);
	ck_assert_uint_eq(v.nr, 5);
	for (size_t i = 0; i < 5; i++)
		ck_assert_str_eq(v.v[i], args[i]);
	strvec_clear(&v);
	ck_assert_int_eq(rsp_write("/nonexistent-dir/x.rsp", args, 1), -ENOENT);
	free(at);
	free(path);
}
END_TEST

static Suite *rsp_suite(void)
{
	Suite *s = suite_create("rsp");
	TCase *tc = tcase_create("rsp");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, split_whitespace);
	tcase_add_test(tc, split_quotes);
	tcase_add_test(tc, split_backslash);
	tcase_add_test(tc, split_stops_at_nul_and_len);
	tcase_add_test(tc, expand_nested);
	tcase_add_test(tc, expand_missing_is_literal);
	tcase_add_test(tc, expand_depth_limit);
	tcase_add_test(tc, expand_file_limit);
	tcase_add_test(tc, expand_size_limit);
	tcase_add_test(tc, quote_round_trip);
	tcase_add_test(tc, write_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(rsp_suite)
