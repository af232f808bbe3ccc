/* The trampoline for clang: clang keeps the names that top-level asm (as in
 * ../c-trampoline/tramp.c) uses, but not a name used by inline asm inside a
 * function body.  Here only the asm text names target_impl: LTO drops it,
 * or never loads the archive member that defines it.  x86-64. */
__attribute__((visibility("default"))) int tramp(void)
{
	int (*fn)(void);
	__asm__("movq target_impl@GOTPCREL(%%rip), %0" : "=r"(fn));
	return fn();
}
