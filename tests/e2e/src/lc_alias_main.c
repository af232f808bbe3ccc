/* linkcmd.sh: calls lc_alias, which --defsym or a script assignment binds to lc_target */
#include <stdio.h>
int lc_alias(int);
int main(void)
{
	printf("%d\n", lc_alias(2));
	return 0;
}
