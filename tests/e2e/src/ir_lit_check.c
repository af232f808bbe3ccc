/* gcc_ir case 18: the names of starts_with in these string literals are
 * text, not asm: an assert's message and a printf format. */
#include <assert.h>
#include <stdio.h>
int starts_with(const char *s, const char *prefix);
int check(const char *s)
{
	assert(starts_with(s, "a") == !starts_with(s, "b"));
	printf("h == 0 || starts_with(t) = %d\n", starts_with(s, "ab"));
	return 0;
}
