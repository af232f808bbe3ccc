/* repair.sh: a trampoline to target_impl (repairable: ir_tramp_impl.c
 * defines it) and a call to genuinely_missing (which nothing defines). */
#include <stdio.h>
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
int tramp(int x);
int genuinely_missing(void);
int main(void)
{
	printf("tramp(14) = %d %d\n", tramp(14), genuinely_missing());
	return 0;
}
