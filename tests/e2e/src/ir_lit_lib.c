/* gcc_ir case 18: starts_with is called from IR (LTO sees the calls);
 * tgt only from inline asm; unused_fn by nothing. */
#include <stdio.h>
int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}
void tgt(void) { puts("tgt"); }
void unused_fn(void) { puts("unused"); }
