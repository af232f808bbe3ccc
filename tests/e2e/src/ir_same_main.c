/* gcc_ir.sh, case 2: calls the trampoline of ir_same_tramp.c. */
#include <stdio.h>
int tramp(int x);
int unused_fn(int x) { return x * x - 5; }
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	return 0;
}
