/* realworld_compare.sh, rc1: compat versions bound in top-level asm, as
 * fuse 2.9 does.  foo_v1 and bar_v1 are used by C code, so LTO keeps them;
 * split into partitions, the .symver lines (all top-level asm, one
 * partition) and the functions (others) part, the versions are lost and the
 * library links all the same. */
int foo_v1(int x) { return x + 1; }
int bar_v1(int x) { return x * 3; }
int foo(int x) { return foo_v1(x) + 2; }
int bar(int x) { return bar_v1(x) + 4; }
__asm__(".symver foo_v1,foo@VERS_1");
__asm__(".symver bar_v1,bar@VERS_1");
