/* gcc_ir.sh, case 19: elfutils' COMPAT_VERSION idiom: each version bound
 * twice, by GCC's symver attribute (which the IR symbol table records as
 * foo@VERS_1 and foo@@VERS_2) and by .symver in top-level asm.  LTO sees
 * the attribute: the plain link exports both versions, and there is
 * nothing to keep. */
__attribute__((symver("foo@VERS_1"))) int foo_v1(int x) { return x + 1; }
__attribute__((symver("foo@@VERS_2"))) int foo_v2(int x) { return x + 2; }
int unused_fn(int x) { return x * x - 5; }
__asm__(".symver foo_v1,foo@VERS_1");
__asm__(".symver foo_v2,foo@@VERS_2");
