/* cross.sh, riscv64: a tail trampoline, an lla (auipc and addi). */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\ttail target_impl\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("lla %0, inl_target" : "=r"(p));
	return p;
}
