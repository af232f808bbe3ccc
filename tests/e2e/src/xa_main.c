/* cross.sh: one program per architecture.  tramp() is a trampoline in
 * top-level asm, inl_addr() loads an address in inline asm (xa_ARCH.c,
 * each in its architecture's own forms); the registration table is walked
 * through __start_xa_reg/__stop_xa_reg.  Their targets and entries are in
 * xa_impl.c, which nothing else names. */
#include <stdio.h>
struct ent { const char *name; int (*fn)(void); };
int tramp(int x);
int (*inl_addr(void))(int);
static int main_fn(void) { return 8; }
static const struct ent reg_main __attribute__((used, section("xa_reg"))) = { "main", main_fn };
extern const struct ent __start_xa_reg[], __stop_xa_reg[];
int main(void)
{
	printf("tramp(14) = %d\n", tramp(14));
	printf("inl_target(9) = %d\n", inl_addr()(9));
	int n = 0, sum = 0;
	for (const struct ent *e = __start_xa_reg; e < __stop_xa_reg; e++, n++)
		sum += e->fn();
	printf("%d entries, sum %d\n", n, sum);
	return 0;
}
