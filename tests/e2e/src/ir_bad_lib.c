/* gcc_ir.sh, case 11: a unit with top-level asm (a .gnu.lto_.asm section)
 * and a function with inline asm, both self-contained: the plain link
 * works until the test damages the object. */
asm(".text\n.globl asm_seven\n.type asm_seven,@function\nasm_seven:\n\tmovl $7, %eax\n\tret\n.size asm_seven,.-asm_seven\n");
int bad_work(int x)
{
	asm volatile("addl $1, %0" : "+r"(x));
	return x * 3;
}
