/* gcc_ir case 18: a real inline asm statement that names tgt. */
int check(const char *s);
static void __attribute__((noinline)) via_asm(void)
{
	__asm__ volatile("call tgt" ::: "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
}
int main(void)
{
	via_asm();
	return check("ab");
}
