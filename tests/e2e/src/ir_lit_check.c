/* gcc_ir case 18: the names of starts_with in these string literals are
 * text, not asm: an assert's message, printf formats (one reads as an
 * instruction, "call starts_with"), and the description
 * in a table of tests that reads like an instruction (kmod's testsuite:
 * "test hash_add / hash_get_count"), in a variable's initializer. */
#include <assert.h>
#include <stdio.h>
int starts_with(const char *s, const char *prefix);
struct test {
	const char *name, *description;
};
__attribute__((used)) static const struct test test_starts = { "test_starts", "test starts_with / check" };
int check(const char *s)
{
	assert(starts_with(s, "a") == !starts_with(s, "b"));
	printf("h == 0 || starts_with(t) = %d\n", starts_with(s, "ab"));
	printf("call starts_with %d\n", starts_with(s, "x"));
	return 0;
}
