/* gcc_ir.sh, case 11: uses ir_bad_lib.c. */
#include <stdio.h>
int asm_seven(void);
int bad_work(int x);
int main(void)
{
	printf("%d %d\n", asm_seven(), bad_work(5));
	return 0;
}
