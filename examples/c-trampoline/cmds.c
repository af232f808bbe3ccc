#include <stdio.h>
#include "commands.h"

static int hello(void) { puts("  hello: registered and found"); return 0; }
static int bye(void) { puts("  bye: registered and found"); return 0; }

COMMAND(cmd_hello, hello);
COMMAND(cmd_bye, bye);
