/* gcc_ir.sh, case 1: a trampoline in top-level asm; the only use of
 * target_impl (defined in ir_tramp_impl.c) is the asm text. */
#include <stdio.h>
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
int tramp(int x);
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	return 0;
}
