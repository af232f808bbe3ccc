/* Unit tests for lib/report.c and lib/diag.c. */
#include "testlib.h"
#include "diag.h"
#include "lto_safe_version.h"
#include "report.h"
#include "util.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	static char buf[8192];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void fixture(struct scan_set *set, struct keep_set *ks)
{
	memset(set, 0, sizeof(*set));
	memset(ks, 0, sizeof(*ks));
	set->units = xcalloc(2, sizeof(*set->units));
	set->nunits = 2;
	unit_init(&set->units[0], "main.o", NULL, 0);
	unit_init(&set->units[1], "lib\"x.a", "m\xff.o", 1);
	ks->v = xcalloc(2, sizeof(*ks->v));
	ks->nr = 2;
	ks->v[0] = (struct keep){ "cb", KEEP_ADDR_TAKEN, 0, 0, SYMT_FUNC, xstrdup("address taken in code in main.o") };
	ks->v[1] = (struct keep){ "_ZN1a1bEv", KEEP_REGISTRATION, 1, 0, SYMT_DATA, xstrdup("section \"s\"\n") };
}

static void release(struct scan_set *set, struct keep_set *ks)
{
	keep_set_release(ks);
	for (size_t i = 0; i < set->nunits; i++)
		unit_release(&set->units[i]);
	free(set->units);
}

START_TEST(json_report)
{
	struct scan_set set;
	struct keep_set ks;
	fixture(&set, &ks);
	char path[] = "/tmp/lto-safe-report.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(report_json(path, "app", "/usr/bin/gcc", 12.5, &set, &ks), 0);
	char *s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "{\"version\":1,\"lto_safe_version\":\"" LTO_SAFE_VERSION "\","
				       "\"own_ms\":12.5,\"output\":\"app\",\"tool\":\"/usr/bin/gcc\",\"kept\":["));
	ck_assert_ptr_nonnull(strstr(s, "{\"symbol\":\"cb\",\"reason\":\"address-taken\",\"kind\":\"function\","
				       "\"input\":\"main.o\",\"member\":null,"));
	ck_assert_ptr_nonnull(strstr(s, "\"input\":\"lib\\\"x.a\",\"member\":\"m\\u00ff.o\""));
	ck_assert_ptr_nonnull(strstr(s, "\"evidence\":\"section \\\"s\\\"\\n\""));
	unlink(path);
	ck_assert_int_lt(report_json("/nonexistent/dir/r.json", "a", "b", -1, &set, &ks), 0);
	release(&set, &ks);
}
END_TEST

START_TEST(table_aligned)
{
	struct scan_set set;
	struct keep_set ks;
	fixture(&set, &ks);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	report_table(f, &set, &ks, 0);
	fclose(f);
	/* header then one line per symbol, columns aligned */
	char *l1 = strstr(buf, "lto-safe:   symbol  ");
	ck_assert_ptr_nonnull(l1);
	char *reason_col = strstr(l1, "reason");
	char *l2 = strstr(buf, "\nlto-safe:   cb ");
	ck_assert_ptr_nonnull(l2);
	ck_assert_int_eq(strstr(l2, "address-taken") - (l2 + 1), reason_col - l1);
	/* bytes that are not UTF-8 and control characters are escaped */
	ck_assert_ptr_nonnull(strstr(buf, "lib\"x.a(m\\xff.o)"));
	ck_assert_ptr_nonnull(strstr(buf, "section \"s\"\\n\n"));
	free(buf);
	release(&set, &ks);
}
END_TEST

START_TEST(diag_fallback_and_strict)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_set_stream(f);
	diag_set_strict(0);
	ck_assert_int_eq(diag_fallback("cannot read %s", "x.o"), 0);
	diag_set_strict(1);
	ck_assert_int_eq(diag_fallback("cannot read %s", "y.o"), -1);
	diag_set_verbose(0);
	diag_note("hidden");
	diag_set_verbose(1);
	diag_note("shown %d", 1);
	diag_warn("w");
	diag_error("e");
	fclose(f);
	diag_set_stream(NULL);
	ck_assert_str_eq(buf, "lto-safe: warning: cannot read x.o; running the plain link\n"
			      "lto-safe: error: cannot read y.o (LTO_SAFE_STRICT=1)\n"
			      "lto-safe: shown 1\n"
			      "lto-safe: warning: w\n"
			      "lto-safe: error: e\n");
	free(buf);
}
END_TEST


START_TEST(json_string_long)
{
	/* a 16 MiB name: one pass over it (the writer once measured the rest
	 * of the string at every character, 10^14 steps here, past the
	 * test's timeout) */
	size_t n = 16u << 20;
	char *name = xmalloc(n + 1);
	memset(name, 'z', n);
	name[n] = '\0';
	name[n / 2] = '"';
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	report_json_string(f, name);
	fclose(f);
	ck_assert_uint_eq(len, n + 3);
	ck_assert_int_eq(buf[0], '"');
	ck_assert_int_eq(buf[n / 2 + 1], '\\');
	ck_assert_int_eq(buf[n / 2 + 2], '"');
	ck_assert_int_eq(buf[len - 1], '"');
	free(buf);
	free(name);
}
END_TEST

START_TEST(json_round_trip)
{
	struct scan_set set;
	struct keep_set ks;
	fixture(&set, &ks);
	char path[] = "/tmp/lto-safe-report.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(report_json(path, "app", NULL, -1, &set, &ks), 0);
	struct report rep;
	char err[256];
	ck_assert_int_eq(report_load(path, &rep, err, sizeof(err)), 0);
	ck_assert_str_eq(rep.output, "app");
	ck_assert_ptr_null(rep.tool);
	ck_assert_str_eq(rep.lto_safe_version, LTO_SAFE_VERSION);
	ck_assert_uint_eq(rep.nr, 2);
	ck_assert_str_eq(rep.v[0].symbol, "cb");
	ck_assert_str_eq(rep.v[0].reason, "address-taken");
	ck_assert_str_eq(rep.v[0].kind, "function");
	ck_assert_str_eq(rep.v[0].input, "main.o");
	ck_assert_ptr_null(rep.v[0].member);
	ck_assert_str_eq(rep.v[1].input, "lib\"x.a");
	ck_assert_str_eq(rep.v[1].member, "m\xff.o"); /* the byte, back */
	ck_assert_str_eq(rep.v[1].evidence, "section \"s\"\n");
	ck_assert_uint_eq(rep.nseen, 0);

	/* written again, byte for byte the same file */
	char *first = xstrdup(slurp(path));
	FILE *f = fopen(path, "w");
	report_write_json(f, &rep);
	fclose(f);
	ck_assert_str_eq(slurp(path), first);
	free(first);
	report_release(&rep);
	unlink(path);

	/* with uses seen and not kept: a "seen" array, read back, written back */
	ks.seen = xcalloc(1, sizeof(*ks.seen));
	ks.nseen = 1;
	ks.seen[0] = (struct keep){ "main", KEEP_ADDR_TAKEN, 0, 0, SYMT_FUNC, xstrdup("address taken in code in Scrt1.o: LTO sees this use") };
	ck_assert_int_eq(report_json(path, "app", NULL, -1, &set, &ks), 0);
	first = xstrdup(slurp(path));
	ck_assert_ptr_nonnull(strstr(first, "\n],\"seen\":[\n  {\"symbol\":\"main\",\"reason\":\"address-taken\""));
	ck_assert_int_eq(report_load(path, &rep, err, sizeof(err)), 0);
	ck_assert_uint_eq(rep.nr, 2);
	ck_assert_uint_eq(rep.nseen, 1);
	ck_assert_str_eq(rep.seen[0].symbol, "main");
	ck_assert_str_eq(rep.seen[0].evidence, "address taken in code in Scrt1.o: LTO sees this use");
	f = fopen(path, "w");
	report_write_json(f, &rep);
	fclose(f);
	ck_assert_str_eq(slurp(path), first);
	free(first);
	report_release(&rep);
	unlink(path);

	ck_assert_int_eq(report_load("/nonexistent/r.json", &rep, err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "No such file or directory");
	ck_assert_int_eq(report_load("/dev/null", &rep, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "empty file: not a report");
	release(&set, &ks);
}
END_TEST

static void bad_report(const char *s, const char *want)
{
	struct report rep;
	char err[256];
	int r = report_parse(s, strlen(s), &rep, err, sizeof(err));
	ck_assert_msg(r == -EINVAL, "accepted: %s", s);
	ck_assert_msg(strstr(err, want) != NULL, "%s: message \"%s\" lacks \"%s\"", s, err, want);
	ck_assert_uint_eq(rep.nr, 0);
	ck_assert_ptr_null(rep.v);
}

#define ENTRY "{\"symbol\":\"f\",\"reason\":\"user-rule\",\"kind\":\"function\",\"input\":\"a.o\",\"member\":null,\"evidence\":\"e\"}"

START_TEST(json_schema)
{
	struct report rep;
	char err[256];
	const char *ok = "{\"version\":1,\"kept\":[" ENTRY "],\"future\":{\"x\":[1]}}";
	ck_assert_int_eq(report_parse(ok, strlen(ok), &rep, err, sizeof(err)), 0);
	ck_assert_uint_eq(rep.nr, 1);
	ck_assert_ptr_null(rep.output);
	ck_assert_ptr_null(rep.lto_safe_version);
	report_release(&rep);
	/* a report without "lto_safe_version" (an earlier writer) is written
	 * back without one; another writer's version is kept */
	char *buf = NULL;
	size_t len = 0;
	const char *old = "{\"version\":1,\"output\":\"a\",\"tool\":null,\"kept\":[]}\n";
	const char *other = "{\"version\":1,\"lto_safe_version\":\"9.8.7-rc1\",\"output\":\"a\",\"tool\":null,\"kept\":[]}\n";
	const char *timed = "{\"version\":1,\"own_ms\":3.5,\"output\":\"a\",\"tool\":null,\"kept\":[]}\n";
	const char *docs[] = { old, other, timed };
	for (int i = 0; i < 3; i++) {
		const char *doc = docs[i];
		ck_assert_int_eq(report_parse(doc, strlen(doc), &rep, err, sizeof(err)), 0);
		FILE *f = open_memstream(&buf, &len);
		report_write_json(f, &rep);
		fclose(f);
		ck_assert_str_eq(buf, doc);
		free(buf);
		ck_assert(i == 2 ? rep.own_ms == 3.5 : rep.own_ms < 0);
		report_release(&rep);
	}

	bad_report("[]", "not an lto-safe report: an array, not an object");
	bad_report("{\"kept\":[]}", "line 1, column 1: not an lto-safe report: no \"version\"");
	bad_report("{\"version\":2,\"kept\":[]}", "line 1, column 12: unsupported report version 2: this lto-safe reads version 1");
	bad_report("{\"version\":1.0,\"kept\":[]}", "unsupported report version 1.0");
	bad_report("{\"version\":\"1\",\"kept\":[]}", "\"version\" is a string, not a number");
	bad_report("{\"version\":1}", "no \"kept\" array");
	bad_report("{\"version\":1,\"kept\":{}}", "\"kept\" is an object, not an array");
	bad_report("{\"version\":1,\"kept\":[],\"output\":3}", "\"output\" is a number, not a string or null");
	bad_report("{\"version\":1,\"lto_safe_version\":[],\"kept\":[]}",
		   "\"lto_safe_version\" is an array, not a string or null");
	bad_report("{\"version\":1,\"own_ms\":\"3\",\"kept\":[]}", "\"own_ms\" is a string, not a number >= 0");
	bad_report("{\"version\":1,\"own_ms\":-1,\"kept\":[]}", "\"own_ms\" is -1, not a number >= 0");
	bad_report("{\"version\":1,\"kept\":[" ENTRY ",7]}", "kept[1] is a number, not an object");
	bad_report("{\"version\":1,\"kept\":[{\"symbol\":\"f\"}]}", "kept[0] has no \"reason\"");
	bad_report("{\"version\":1,\"kept\":[{\"symbol\":\"\",\"reason\":\"r\",\"kind\":\"k\",\"input\":\"i\",\"member\":null,"
		   "\"evidence\":\"\"}]}", "kept[0].\"symbol\" is empty");
	bad_report("{\"version\":1,\"kept\":[{\"symbol\":\"f\",\"reason\":\"r\",\"kind\":\"k\",\"input\":null,\"member\":null,"
		   "\"evidence\":\"\"}]}", "kept[0].\"input\" is null, not a string");
	bad_report("{\"version\":1,\"kept\":[" ENTRY "]", "expected ',' or '}'");
	bad_report("\x7f" "ELF", "unexpected byte 0x7f");
	bad_report("{\"version\":1,\"kept\":[],\"seen\":{}}", "\"seen\" is an object, not an array");
	bad_report("{\"version\":1,\"kept\":[],\"seen\":[3]}", "seen[0] is a number, not an object");
	bad_report("{\"version\":1,\"kept\":[" ENTRY "],\"seen\":[" ENTRY ",{}]}", "seen[1] has no \"symbol\"");
	bad_report("{\"version\":1,\"kept\":[],\"given\":7}", "\"given\" is a number, not an array");
	bad_report("{\"version\":1,\"kept\":[],\"given\":[{}]}", "given[0] has no \"symbol\"");
	/* archive members given as objects: read back, written back */
	const char *given = "{\"version\":1,\"output\":\"a\",\"tool\":null,\"kept\":[],\"given\":[\n  "
			    "{\"symbol\":\"foo\",\"reason\":\"member-not-in-index\",\"kind\":\"function\","
			    "\"input\":\"libfoolib.rlib\",\"member\":\"foo.o\",\"evidence\":\"e\"}\n]}\n";
	ck_assert_int_eq(report_parse(given, strlen(given), &rep, err, sizeof(err)), 0);
	ck_assert_uint_eq(rep.ngiven, 1);
	ck_assert_str_eq(rep.given[0].member, "foo.o");
	FILE *f = open_memstream(&buf, &len);
	report_write_json(f, &rep);
	fclose(f);
	ck_assert_str_eq(buf, given);
	free(buf);
	report_release(&rep);
}
END_TEST

START_TEST(print_styles)
{
	struct report rep = REPORT_INIT;
	char err[256];
	const char *doc = "{\"version\":1,\"output\":\"app\",\"tool\":null,\"kept\":["
			  "{\"symbol\":\"target_impl\",\"reason\":\"asm-reference\",\"kind\":\"function\",\"input\":\"libt.a\","
			  "\"member\":\"impl.o\",\"evidence\":\"named by top-level asm in main.o\"},"
			  "{\"symbol\":\"r\xc3\xa9g\",\"reason\":\"registration\",\"kind\":\"data\",\"input\":\"reg.o\","
			  "\"member\":null,\"evidence\":\"a\\tb\\\\c\\u001b[2J\"}]}";
	ck_assert_int_eq(report_parse(doc, strlen(doc), &rep, err, sizeof(err)), 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	report_print(f, &rep, REPORT_TABLE);
	fclose(f);
	ck_assert_str_eq(buf, "symbol       reason         kind      defined in      evidence\n"
			      "target_impl  asm-reference  function  libt.a(impl.o)  named by top-level asm in main.o\n"
			      "r\xc3\xa9g          registration   data      reg.o           a\\tb\\\\c\\x1b[2J\n");
	free(buf);
	f = open_memstream(&buf, &len);
	report_print(f, &rep, REPORT_TSV);
	fclose(f);
	ck_assert_str_eq(buf, "symbol\treason\tkind\tinput\tmember\tevidence\n"
			      "target_impl\tasm-reference\tfunction\tlibt.a\timpl.o\tnamed by top-level asm in main.o\n"
			      "r\xc3\xa9g\tregistration\tdata\treg.o\t\ta\\tb\\\\c\\x1b[2J\n");
	free(buf);
	f = open_memstream(&buf, &len);
	report_print(f, &rep, REPORT_COLOR);
	fclose(f);
	ck_assert(strncmp(buf, "\033[1msymbol ", 11) == 0);
	free(buf);
	report_release(&rep);

	f = open_memstream(&buf, &len);
	report_print(f, &rep, REPORT_TABLE);
	fclose(f);
	ck_assert_str_eq(buf, "symbol  reason  kind  defined in  evidence\n(no symbol kept)\n");
	free(buf);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, json_report);
	tcase_add_test(tc, table_aligned);
	tcase_add_test(tc, json_string_long);
	tcase_add_test(tc, json_round_trip);
	tcase_add_test(tc, json_schema);
	tcase_add_test(tc, print_styles);
	tcase_add_test(tc, diag_fallback_and_strict);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(report_suite)
