/* gcc_ir.sh, case 7: two trampolines in top-level asm, to target_impl and
 * to the GLOBAL helper of ir_part_impl.c, while ir_part_local.c has a
 * static helper of its own that main reaches through ordinary C. */
#include <stdio.h>
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n"
    ".globl tramp_helper\n.type tramp_helper,@function\ntramp_helper:\n\tjmp helper\n.size tramp_helper,.-tramp_helper\n");
int tramp(int x);
int tramp_helper(int x);
int use_local_helper(int x);
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	printf("global helper(5) = %d\n", tramp_helper(5));
	printf("static helper(5) = %d\n", use_local_helper(5));
	return 0;
}
