/* realworld_compare.sh, rc2/rc3: counts the entries of reg_tab; weak
 * references, so that a build that lost the section still links. */
#include <stdio.h>
struct entry { const char *name; int value; };
extern const struct entry __start_reg_tab[] __attribute__((weak));
extern const struct entry __stop_reg_tab[] __attribute__((weak));
int main(void)
{
	int n = 0;
	for (const struct entry *e = __start_reg_tab; e < __stop_reg_tab; e++)
		n++;
	printf("%d entries\n", n);
	return 0;
}
