/*
 * testlib.h - shared scaffolding for the Check unit tests.
 *
 * Each tests/unit/test_MODULE.c defines its Suite and ends with
 * TEST_MAIN(module_suite).  The binary runs the suite and exits non-zero
 * on any failure; tests/run.sh adds up the counts Check prints.
 * Tests that need a tool that is missing mark themselves skipped by printing
 * "SKIP: reason" on stdout (tests/run.sh counts those) and returning.
 */
#ifndef LTO_SAFE_TESTLIB_H
#define LTO_SAFE_TESTLIB_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* A scratch directory for one test: scratch_make() creates it from a
 * template naming the test, scratch_remove() deletes it and its contents. */
static inline void scratch_make(char *buf, size_t n, const char *tag)
{
	snprintf(buf, n, "/tmp/lto-safe-%s.XXXXXX", tag);
	ck_assert_ptr_nonnull(mkdtemp(buf));
}

static inline void scratch_remove(const char *dir)
{
	char cmd[320];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

#define TEST_SKIP(...) do { printf("SKIP: " __VA_ARGS__); printf("\n"); fflush(stdout); return; } while (0)

#define TEST_MAIN(suite_fn)                                              \
	int main(void)                                                   \
	{                                                                \
		SRunner *sr = srunner_create(suite_fn());                \
		srunner_set_fork_status(sr, CK_FORK);                    \
		srunner_run_all(sr, CK_NORMAL);                          \
		int failed = srunner_ntests_failed(sr);                  \
		srunner_free(sr);                                        \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;             \
	}

#endif
