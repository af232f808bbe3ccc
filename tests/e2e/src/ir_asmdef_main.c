/* gcc_ir.sh, case 15: calls tramp, which an archive member defines in asm. */
#include <stdio.h>
int tramp(int x);
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	return 0;
}
