/* cross.sh, ppc64el (ELF V2): a b trampoline (same TOC), a TOC-relative
 * @toc@ha/@toc@l pair. */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tb target_impl\n.size tramp,.-tramp\n");
int (*inl_addr(void))(int)
{
	int (*p)(int);
	asm("addis %0,2,inl_target@toc@ha\n\taddi %0,%0,inl_target@toc@l" : "=b"(p));
	return p;
}
