/* gcc_ir.sh, case 14: as case 13, but foo_v1 and foo_v2 are used by C code,
 * so LTO keeps them; when the link is split into partitions, the .symver
 * statements (top-level asm) and the functions land in different ones, and
 * the assembler rejects foo@@VERS_2 for a symbol its partition lacks. */
int foo_v1(int x) { return x + 1; }
int foo_v2(int x) { return x + 2; }
int bar(int x) { return foo_v2(x) * 3; }
int baz(int x) { return foo_v1(x) * 5; }
__asm__(".symver foo_v1,foo@VERS_1");
__asm__(".symver foo_v2,foo@@VERS_2");
