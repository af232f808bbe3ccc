/* gcc_ir.sh, case 8: a program calling the trampoline exported by a
 * shared library built from ir_tramp_impl.c and ir_so_tramp.c. */
#include <stdio.h>
int tramp(int x);
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	return 0;
}
