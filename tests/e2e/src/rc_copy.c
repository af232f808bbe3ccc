/* realworld_compare rc8: a program that reads libc's stderr; built as PIE
 * from non-PIC code it gets a copy relocation (stderr@GLIBC_2.2.5 defined
 * in its .dynsym), built from PIC code it reads stderr through the GOT. */
#include <stdio.h>
int main(void)
{
	fputs("rc8\n", stderr);
	return 0;
}
