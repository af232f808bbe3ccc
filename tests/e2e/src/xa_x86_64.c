/* cross.sh, x86-64: a jmp trampoline, a rip-relative lea. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("lea inl_target(%%rip), %0" : "=r"(p));
	return p;
}
