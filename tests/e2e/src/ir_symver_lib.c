/* gcc_ir.sh, case 13: two versions of foo in a shared library, bound by
 * .symver in top-level asm (the pre-GCC-10 idiom many libraries still
 * use).  Under the version script's "local: *", GCC LTO sees no user of
 * foo_v1 and foo_v2 and removes them; the assembler then fails. */
int foo_v1(int x) { return x + 1; }
int foo_v2(int x) { return x + 2; }
int unused_fn(int x) { return x * x - 5; }
__asm__(".symver foo_v1,foo@VERS_1");
__asm__(".symver foo_v2,foo@@VERS_2");
