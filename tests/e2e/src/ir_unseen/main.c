/* ir_unseen.sh: calls the library's unseen_value (lib.c). */
#include <stdio.h>
int unseen_value(int x);
int main(void)
{
	printf("unseen_value(14) = %d\n", unseen_value(14));
	return 0;
}
