/* gcc_ir.sh, case 4: walks the regtab section.  reg_gamma is a global
 * entry without "used"; reg_main is static and "used", so the compiler
 * keeps it by itself (and the section exists after a plain link). */
#include <stdio.h>
struct ent { const char *name; int (*fn)(void); };
static int gamma_fn(void) { return 4; }
static int main_fn(void) { return 8; }
const struct ent reg_gamma __attribute__((section("regtab"))) = { "gamma", gamma_fn };
static const struct ent reg_main __attribute__((used, section("regtab"))) = { "main", main_fn };
extern const struct ent __start_regtab[], __stop_regtab[];
int main(void)
{
	int n = 0, sum = 0;
	for (const struct ent *e = __start_regtab; e < __stop_regtab; e++, n++)
		sum += e->fn();
	printf("%d entries, sum %d\n", n, sum);
	return 0;
}
