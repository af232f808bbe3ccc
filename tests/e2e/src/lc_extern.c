/* linkcmd.sh: lc_extern_kept is used only by -u or EXTERN */
#include <stdio.h>
int lc_extern_kept(int x)
{
	return x + 7;
}
int main(void)
{
	puts("main");
	return 0;
}
