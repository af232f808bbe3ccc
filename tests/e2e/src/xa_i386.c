/* cross.sh, i386 (position-independent): a jmp trampoline, the address
 * from the GOT pointer and @GOTOFF. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("call 1f\n1:\tpop %0\n\taddl $_GLOBAL_OFFSET_TABLE_+(.-1b), %0\n\tleal inl_target@GOTOFF(%0), %0"
	    : "=r"(p));
	return p;
}
