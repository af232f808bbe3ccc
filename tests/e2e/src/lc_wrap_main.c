/* linkcmd.sh: the caller of a function that -Wl,--wrap=io_submit wraps */
#include <stdio.h>
int io_submit(void);
int main(void)
{
	printf("%d\n", io_submit());
	return 0;
}
