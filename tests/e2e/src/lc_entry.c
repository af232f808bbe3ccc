/* linkcmd.sh: a program whose entry point the link command chooses */
#include <unistd.h>
void lc_entry(void)
{
	write(1, "entry\n", 6);
	_exit(0);
}
int main(void)
{
	write(1, "main\n", 5);
	return 0;
}
