/* gcc_ir.sh, case 13: links against the default version, foo@@VERS_2. */
#include <stdio.h>
int foo(int);
int main(void)
{
	printf("foo(1) = %d\n", foo(1));
	return 0;
}
