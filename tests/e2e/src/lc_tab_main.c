/* linkcmd.sh: walks the table a linker script builds with KEEP */
#include <stdio.h>
extern const int lc_tab_begin[], lc_tab_end[];
int main(void)
{
	int n = 0, sum = 0;
	for (const int *p = lc_tab_begin; p < lc_tab_end; p++)
		n++, sum += *p;
	printf("%d entries, sum %d\n", n, sum);
	return 0;
}
