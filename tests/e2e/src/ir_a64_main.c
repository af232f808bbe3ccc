/* gcc_ir.sh, case 12: the trampoline of case 1 for aarch64. */
#include <stdio.h>
asm(".text\n.globl tramp\n.type tramp,%function\ntramp:\n\tb target_impl\n.size tramp,.-tramp\n");
int tramp(int x);
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	return 0;
}
