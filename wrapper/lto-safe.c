/*
 * lto-safe.c - the lto-safe command: scan, explain, verify (lib/explain.h,
 * lto-safe(1)).  Exit status: 0 success, 1 verify found a kept symbol
 * missing, 2 usage or read errors.
 */
#include "explain.h"

int main(int argc, char **argv)
{
	return explain_main(argc - 1, argv + 1);
}
