/* gcc_ir.sh, case 3: inline asm in a function body calls inl_target
 * (ir_inl_impl.c); no C code names it.  x86-64 only. */
#include <stdio.h>
int main(void)
{
	int r, x = 9;
	/* in main, which makes real calls: its frame is 16-byte aligned here
	 * and it has no red zone for the call to overwrite */
	asm volatile("call inl_target"
		     : "=a"(r), "+D"(x)
		     :
		     : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11",
		       "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
		       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
		       "cc", "memory");
	printf("inl_target(9) = %d\n", r);
	return 0;
}
