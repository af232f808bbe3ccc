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
