#include <stdio.h>
struct reg { const char *name; int (*fn)(void); };
static int f1(void) { return 1; }
static int f2(void) { return 2; }
static int f3(void) { return 3; }
const struct reg r_one __attribute__((section("myreg"))) = { "one", f1 };
const struct reg r_two __attribute__((section("myreg"))) = { "two", f2 };
const struct reg r_three __attribute__((section("myreg"))) = { "three", f3 };
