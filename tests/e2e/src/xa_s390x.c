/* cross.sh, s390x: a jg trampoline, a larl. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjg target_impl@PLT\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("larl %0,inl_target" : "=d"(p));
	return p;
}
