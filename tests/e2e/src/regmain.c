#include <stdio.h>
struct reg { const char *name; int (*fn)(void); };
extern const struct reg __start_myreg[], __stop_myreg[];
int main(void)
{
	int n = 0, sum = 0;
	for (const struct reg *r = __start_myreg; r < __stop_myreg; r++, n++)
		sum += r->fn();
	printf("%d entries, sum %d\n", n, sum);
	return 0;
}
