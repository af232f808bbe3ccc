/* gcc_ir.sh, case 17: a function table in a fat LTO object: the code half
 * takes the functions' addresses, as its IR does, so LTO sees every use. */
#include <stdio.h>
int one(void);
int two(void);
int (*const table[])(void) = { one, two };
int main(void)
{
	int s = 0;
	for (unsigned i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		s += table[i]();
	printf("sum %d\n", s);
	return 0;
}
