/* cross.sh, mips64el (n64, PIC): the trampoline jumps through $25 loaded
 * from the GOT (dla), as a PIC callee expects; dla in inline asm. */
asm(".text\n.globl tramp\n.type tramp,@function\n.ent tramp\ntramp:\n\tdla $25, target_impl\n\tjr $25\n"
    ".end tramp\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("dla %0, inl_target" : "=r"(p));
	return p;
}
