/* Unit tests for lib/report.c and lib/diag.c. */
#include "testlib.h"
#include "diag.h"
#include "report.h"
#include "util.h"

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
	ck_assert_int_eq(report_json(path, "app", "/usr/bin/gcc", &set, &ks), 0);
	char *s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s, "{\"version\":1,\"output\":\"app\",\"tool\":\"/usr/bin/gcc\",\"kept\":["));
	ck_assert_ptr_nonnull(strstr(s, "{\"symbol\":\"cb\",\"reason\":\"address-taken\",\"kind\":\"function\","
				       "\"input\":\"main.o\",\"member\":null,"));
	ck_assert_ptr_nonnull(strstr(s, "\"input\":\"lib\\\"x.a\",\"member\":\"m\\u00ff.o\""));
	ck_assert_ptr_nonnull(strstr(s, "\"evidence\":\"section \\\"s\\\"\\n\""));
	unlink(path);
	ck_assert_int_lt(report_json("/nonexistent/dir/r.json", "a", "b", &set, &ks), 0);
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
	report_table(f, &set, &ks);
	fclose(f);
	/* header then one line per symbol, columns aligned */
	char *l1 = strstr(buf, "lto-safe:   symbol  ");
	ck_assert_ptr_nonnull(l1);
	char *reason_col = strstr(l1, "reason");
	char *l2 = strstr(buf, "\nlto-safe:   cb ");
	ck_assert_ptr_nonnull(l2);
	ck_assert_int_eq(strstr(l2, "address-taken") - (l2 + 1), reason_col - l1);
	ck_assert_ptr_nonnull(strstr(buf, "lib\"x.a(m\xff.o)"));
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

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, json_report);
	tcase_add_test(tc, table_aligned);
	tcase_add_test(tc, diag_fallback_and_strict);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(report_suite)
