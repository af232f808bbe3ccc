/* cross.sh, aarch64: a b trampoline, an adrp/add :lo12: pair. */
asm(".text\n.globl tramp\n.type tramp,%function\ntramp:\n\tb target_impl\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("adrp %0, inl_target\n\tadd %0, %0, :lo12:inl_target" : "=r"(p));
	return p;
}
