// One more command, registered from C++ in the same "commands" section as
// ../c-trampoline/cmds.c; nothing names it either.
#include <cstdio>
#include "../c-trampoline/commands.h"

static int shout() { std::puts("  shout: registered from C++ and found"); return 0; }

// a const variable at namespace scope has internal linkage unless declared extern
extern const struct command cmd_shout;
COMMAND(cmd_shout, shout);
