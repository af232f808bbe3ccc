/* cross.sh, 32-bit Arm (armhf: Thumb-2, armel: Arm state, clang: Arm
 * state): a b trampoline in the current state; the address pc-relative,
 * by movw/movt halves where the architecture has them (Armv7), else by a
 * literal word.  The pc reads 4 (Thumb) or 8 (Arm) bytes ahead. */
#ifdef __thumb__
#define PC_AHEAD "4"
#else
#define PC_AHEAD "8"
#endif
asm(".text\n.globl tramp\n.type tramp,%function\ntramp:\n\tb target_impl\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
#if __ARM_ARCH >= 7
	asm("movw %0, #:lower16:inl_target - (1f + " PC_AHEAD ")\n\t"
	    "movt %0, #:upper16:inl_target - (1f + " PC_AHEAD ")\n"
	    "1:\tadd %0, pc" : "=r"(p));
#else
	asm("ldr %0, 1f\n2:\tadd %0, pc\n\tb 3f\n\t.p2align 2\n1:\t.word inl_target - (2b + " PC_AHEAD ")\n3:"
	    : "=r"(p));
#endif
	return p;
}
