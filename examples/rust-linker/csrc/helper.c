/* The C half of the example: a static library built with clang -flto=thin.
 * c_entry() calls helper_impl() from inline asm only, so LTO sees no user
 * of helper_impl and deletes it. */
int helper_impl(int x) { return 3 * x + 1; }

int c_entry(int x)
{
	int r;
	asm volatile("call helper_impl"
		     : "=a"(r), "+D"(x)
		     :
		     : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "cc", "memory");
	return r;
}
