/* Asm statements of several shapes, for tests/matrix/asm_tag.py to
 * measure the GIMPLE_ASM tag of a GCC's LTO streams (fixtures.sh compiles
 * it with each GCC): operands, clobbers, labels, none. */
int g;
void m_plain(void) { __asm__ volatile("call tag_one\n\tnop"); }
int m_operands(int x)
{
	int r;
	__asm__ volatile("mov %1, %0\n\tcall tag_two" : "=r"(r) : "r"(x) : "rax", "memory");
	return r;
}
void m_goto(void)
{
	__asm__ goto("jmp %l0\n\tcall tag_three" :::: out);
out:
	g++;
}
int m_two(int x)
{
	__asm__ volatile("call tag_four\n\tnop" ::: "memory");
	__asm__ volatile("add %1, %0\n\tcall tag_five" : "+r"(x) : "r"(g));
	return x;
}
