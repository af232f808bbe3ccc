/* realworld_compare rc8: a program that reads libc's stderr and
 * program_invocation_short_name (an alias of __progname); built as PIE from
 * non-PIC code it gets copy relocations (stderr@GLIBC_2.2.5 and both names
 * defined in its .dynsym), built from PIC code it reads them through the
 * GOT.  With -DTWO its glibc-named section __libc_rc has two entries, else
 * one. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#ifdef TWO
__attribute__((section("__libc_rc"), used)) static const int rc_entries[2] = { 1, 2 };
#else
__attribute__((section("__libc_rc"), used)) static const int rc_entries[1] = { 1 };
#endif
int main(void)
{
	fprintf(stderr, "rc8 %s %d\n", program_invocation_short_name, rc_entries[0]);
	return 0;
}
