/* The C half of hello-sys, compiled with $CC $CFLAGS by build.rs.
 * hello_format() calls helper_impl() from inline asm only: under LTO no
 * compiler sees a user of helper_impl and deletes it.  x86-64 only. */
#include <stdio.h>

int helper_impl(int x) { return 3 * x + 1; }

/* Writes "hello from C: helper_impl(X) = 3X+1" into buf (len bytes). */
int hello_format(char *buf, unsigned long len, int x)
{
	int r, arg = x;
	/* in a function that makes a real call (snprintf): its frame is
	 * 16-byte aligned here and it has no red zone for the call to
	 * overwrite */
	asm volatile("call helper_impl"
		     : "=a"(r), "+D"(arg)
		     :
		     : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11",
		       "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
		       "cc", "memory");
	return snprintf(buf, len, "hello from C: helper_impl(%d) = %d", x, r);
}
