/* gcc_ir.sh, case 16: cb is used only by a regular archive member that
 * only this asm trampoline needs; the linker loads that member after the
 * LTO step, when cb is gone. */
#include <stdio.h>
int cb(void) { return 41; }
int cb_called(void) { return 100; }
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp helper_in_archive\n");
int tramp(void);
int main(void)
{
	printf("tramp() = %d\n", tramp());
	return 0;
}
