#include <stdio.h>
#include "commands.h"

extern const struct command __start_commands[], __stop_commands[];
int tramp(void);

int main(void)
{
	int n = 0;
	for (const struct command *c = __start_commands; c < __stop_commands; c++, n++)
		c->run();
	printf("%d commands registered\n", n);
	return tramp();
}
