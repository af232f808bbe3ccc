/* driver.sh: the user's program; it shows that the C library's start-up ran. */
#include <stdio.h>
extern int myc_started;
int main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	printf("started %d\n", myc_started);
	return 0;
}
