/* rc9 of realworld_compare.sh: a program that exports crc32 only because
   the library it links defines it too (the linker exports the program's
   copy so that it interposes the library's), and cb_for_plugins because
   its link asks (--dynamic-list).  -DLOCAL makes both local, as LTO makes
   the first: compare.sh must count crc32 apart and cb_for_plugins as lost.
   -DNO_DEP: without the library, for a link against libz. */
#include <stdio.h>
#ifdef LOCAL
#define DEF static
#else
#define DEF
#endif
#ifdef NO_DEP
#define dep_use(x) (x)
#else
int dep_use(int);
#endif
DEF int crc32(int x) { return x * 5; }
DEF int cb_for_plugins(int x) { return x - 1; }
int main(int argc, char **argv)
{
	(void)argv;
	printf("%d %d %d\n", crc32(argc), cb_for_plugins(argc), dep_use(argc));
	return 0;
}
