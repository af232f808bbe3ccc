/* A command registers itself by defining a `struct command` in the
 * "commands" section; main.c finds them all through __start_commands and
 * __stop_commands, which the linker makes.  Nothing names the entries. */
struct command {
	const char *name;
	int (*run)(void);
};

#define COMMAND(id, fn) \
	const struct command id __attribute__((section("commands"), aligned(sizeof(void *)))) = { #id, fn }
