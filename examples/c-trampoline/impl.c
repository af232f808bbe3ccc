#include <stdio.h>

int target_impl(void)
{
	puts("target_impl reached through the asm trampoline");
	return 0;
}
