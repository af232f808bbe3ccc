/* The address of target_impl is taken only inside inline asm: no compiler
 * keeps target_impl for it under LTO. */
int main(void)
{
	int (*fp)(void);
	asm volatile("lea target_impl(%%rip), %0" : "=r"(fp));
	return fp();
}
