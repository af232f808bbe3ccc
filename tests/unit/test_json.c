/* Unit tests for lib/json.c: the strict, bounded JSON reader. */
#include "testlib.h"
#include "json.h"
#include "util.h"

#include <errno.h>
#include <string.h>

static char err[256];

static int parse(const char *s, struct json *j)
{
	return json_parse(s, strlen(s), 0, j, err, sizeof(err));
}

/* s must be rejected with a message containing want */
static void bad(const char *s, const char *want)
{
	struct json j;
	int r = parse(s, &j);
	ck_assert_msg(r == -EINVAL, "accepted: %s", s);
	ck_assert_msg(strstr(err, want) != NULL, "%s: message \"%s\" lacks \"%s\"", s, err, want);
	ck_assert_int_eq(j.type, JSON_NULL);
	ck_assert_ptr_null(j.v);
}

START_TEST(good_document)
{
	const char *s = " {\"a\": [1, -2.5e+3, 0, true, false, null],\n \"b\": {\"c\": \"x\\ty\\u00e9\\ud83d\\ude00\\/\"},"
			"\"\": \"\"}\r\n";
	struct json j;
	ck_assert_int_eq(parse(s, &j), 0);
	ck_assert_int_eq(j.type, JSON_OBJECT);
	ck_assert_uint_eq(j.nr, 3);
	const struct json *a = json_get(&j, "a");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->type, JSON_ARRAY);
	ck_assert_uint_eq(a->nr, 6);
	ck_assert_str_eq(a->v[0].str, "1");
	ck_assert_str_eq(a->v[1].str, "-2.5e+3");
	ck_assert_int_eq(a->v[3].type, JSON_TRUE);
	ck_assert_int_eq(a->v[4].type, JSON_FALSE);
	ck_assert_int_eq(a->v[5].type, JSON_NULL);
	ck_assert_uint_eq(a->line, 1);
	ck_assert_uint_eq(a->col, 8);
	const struct json *b = json_get(&j, "b");
	ck_assert_uint_eq(b->line, 2);
	ck_assert_uint_eq(b->col, 7);
	const struct json *c = json_get(b, "c");
	ck_assert_str_eq(c->str, "x\ty\xc3\xa9\xf0\x9f\x98\x80/");
	ck_assert_uint_eq(c->len, strlen(c->str));
	ck_assert_ptr_null(json_get(&j, "zz"));
	ck_assert_ptr_null(json_get(a, "a"));
	ck_assert_str_eq(json_get(&j, "")->str, "");
	json_release(&j);
	ck_assert_int_eq(j.type, JSON_NULL);

	ck_assert_int_eq(parse("[]", &j), 0);
	ck_assert_uint_eq(j.nr, 0);
	json_release(&j);
	ck_assert_int_eq(parse("\"\xe2\x82\xac\"", &j), 0);
	ck_assert_str_eq(j.str, "\xe2\x82\xac");
	json_release(&j);
}
END_TEST

START_TEST(byte_escapes)
{
	struct json j;
	const char *s = "\"m\\u00ff\\u0080.o \\u0100\"";
	ck_assert_int_eq(json_parse(s, strlen(s), JSON_BYTE_ESCAPES, &j, err, sizeof(err)), 0);
	ck_assert_str_eq(j.str, "m\xff\x80.o \xc4\x80");
	json_release(&j);
	ck_assert_int_eq(json_parse(s, strlen(s), 0, &j, err, sizeof(err)), 0);
	ck_assert_str_eq(j.str, "m\xc3\xbf\xc2\x80.o \xc4\x80");
	json_release(&j);
}
END_TEST

START_TEST(truncated)
{
	const char *doc = "{\"version\":1,\"kept\":[{\"symbol\":\"a\\u00e9\",\"n\":-1.5e3,\"t\":true,\"m\":null}]}";
	size_t n = strlen(doc);
	struct json j;
	for (size_t k = 0; k < n; k++) {
		ck_assert_msg(json_parse(doc, k, 0, &j, err, sizeof(err)) == -EINVAL, "prefix %zu accepted", k);
		ck_assert_msg(strstr(err, "line 1, column ") == err, "prefix %zu: %s", k, err);
	}
	ck_assert_int_eq(json_parse(doc, n, 0, &j, err, sizeof(err)), 0);
	json_release(&j);
	bad("", "unexpected end of the input");
	bad("   \n ", "line 2, column 2: unexpected end");
	bad("{\"a\":", "unexpected end");
	bad("[1,", "unexpected end");
	bad("\"abc", "string not closed");
	bad("\"abc\\", "string not closed");
	bad("\"\\u12\"", "bad escape");
}
END_TEST

START_TEST(garbage)
{
	bad("{\"a\":1,}", "expected a string key");
	bad("[1,]", "unexpected ']'");
	bad("[1 2]", "expected ',' or ']'");
	bad("{\"a\" 1}", "expected ':'");
	bad("{\"a\":1 \"b\":2}", "expected ',' or '}'");
	bad("{\"a\":1,\"a\":2}", "duplicate key \"a\"");
	bad("{} {}", "'{' after the JSON value");
	bad("nul", "unexpected 'n'");
	bad("True", "unexpected 'T'");
	bad("NaN", "unexpected 'N'");
	bad("01", "'1' after the JSON value");
	bad("-", "bad number");
	bad("1.", "bad number");
	bad("1e", "bad number");
	bad(".5", "unexpected '.'");
	bad("+1", "unexpected '+'");
	bad("// c\n1", "unexpected '/'");
	bad("\"a\tb\"", "control character (byte 0x09)");
	bad("\"\\x41\"", "bad escape");
	bad("\"\\u0000\"", "\\u0000 in a string");
	bad("\"\\udc00\"", "lone low surrogate");
	bad("\"\\ud800x\"", "without its low half");
	bad("\"\\ud800\\u0041\"", "without its low half");
	bad("\"\xff\"", "invalid UTF-8 (byte 0xff)");
	bad("\"\xc0\x80\"", "invalid UTF-8");
	bad("\"\xe2\x82\"", "invalid UTF-8");
	bad("\xef\xbb\xbf{}", "unexpected byte 0xef");
	bad("[1]\n\n  x", "line 3, column 3: 'x' after");

	/* a NUL byte inside the input is just a bad byte */
	struct json j;
	ck_assert_int_eq(json_parse("[1,\0 2]", 7, 0, &j, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "byte 0x00"));

	/* pseudo-random bytes: never a crash, always a clean answer */
	static const char alphabet[] = "{}[]\":,0123456789-.eE+tfnrulase\\ \n\x80\xc3\xff";
	unsigned long x = 12345;
	char buf[64];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 63) + 1;
		for (size_t i = 0; i < n; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			buf[i] = alphabet[(x >> 33) % (sizeof(alphabet) - 1)];
		}
		int r = json_parse(buf, n, JSON_BYTE_ESCAPES, &j, err, sizeof(err));
		ck_assert(r == 0 || r == -EINVAL);
		if (!r)
			json_release(&j);
		else
			ck_assert_ptr_nonnull(strstr(err, "line "));
	}

	/* a tiny error buffer is still terminated */
	char small[8];
	ck_assert_int_eq(json_parse("[", 1, 0, &j, small, sizeof(small)), -EINVAL);
	ck_assert_uint_lt(strlen(small), sizeof(small));
}
END_TEST

START_TEST(deep_nesting)
{
	char buf[4 * JSON_DEPTH_MAX + 8];
	struct json j;
	/* exactly JSON_DEPTH_MAX levels are fine */
	size_t n = 0;
	for (int i = 0; i < JSON_DEPTH_MAX; i++)
		buf[n++] = '[';
	for (int i = 0; i < JSON_DEPTH_MAX; i++)
		buf[n++] = ']';
	ck_assert_int_eq(json_parse(buf, n, 0, &j, err, sizeof(err)), 0);
	json_release(&j);
	/* one more is refused, arrays or objects */
	bad("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nested deeper than 32 levels");
	size_t big = 1000000;
	char *deep = xmalloc(big);
	for (size_t i = 0; i < big; i++)
		deep[i] = i % 5 == 4 ? ':' : "{\"a\":"[i % 5];
	ck_assert_int_eq(json_parse(deep, big, 0, &j, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "nested deeper"));
	memset(deep, '[', big);
	ck_assert_int_eq(json_parse(deep, big, 0, &j, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "nested deeper"));
	free(deep);
}
END_TEST

START_TEST(too_many_values)
{
	size_t n = 2 * (size_t)JSON_NODES_MAX + 8;
	char *buf = xmalloc(n);
	size_t k = 0;
	buf[k++] = '[';
	while (k + 4 <= n) {
		buf[k++] = '0';
		buf[k++] = ',';
	}
	buf[k++] = '0';
	buf[k++] = ']';
	struct json j;
	ck_assert_int_eq(json_parse(buf, k, 0, &j, err, sizeof(err)), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "more than 4000000 values"));
	free(buf);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, good_document);
	tcase_add_test(tc, byte_escapes);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, garbage);
	tcase_add_test(tc, deep_nesting);
	tcase_add_test(tc, too_many_values);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(json_suite)
