/* The source of the IR fixtures (tests/unit/data/ir/README): what each
 * GCC and clang writes for it is read by test_gcclto.c and test_llvmbc.c,
 * which check the same facts in every version's output. */
#include <stdio.h>

struct ent {
	const char *name;
	int (*fn)(void);
};
static int two(void) { return 2; }
extern int ext_fn(void);
int pub_fn(void) { return 3; }
/* a registration table entry, and an entry in no named section */
const struct ent e_two __attribute__((section("regtab"))) = { "two", two };
const struct ent e_pub = { "pub", pub_fn };
int (*fp)(void) = ext_fn;
__attribute__((weak)) int weak_var = 1;
__attribute__((visibility("hidden"))) int hidden_fn(void) { return 4; }
extern int __start_regtab[];
int *start(void) { return __start_regtab; }

/* top-level asm: defines tramp, names target_impl */
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n");

/* inline asm naming inl_target */
int caller(int x)
{
	int r;
	asm volatile("mov %1, %%edi\n\tcall inl_target\n\tmov %%eax, %0"
		     : "=r"(r)
		     : "r"(x)
		     : "rdi", "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory");
	return r;
}

/* a string literal that reads like asm: text, nothing to keep */
void show(int x)
{
	printf("call helper_impl %d\n", x);
}

/* both in one function: only the asm statement's text names anything */
void mixed(int x)
{
	printf("jmp helper_two\t%d\n", x);
	asm volatile("call inl_two" ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
}
