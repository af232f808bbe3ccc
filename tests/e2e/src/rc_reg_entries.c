/* realworld_compare.sh, rc2/rc3: registration entries that only
 * __start_reg_tab / __stop_reg_tab reach (rc_reg_main.c); plain LTO drops
 * them.  -DONE_ENTRY leaves one out (a smaller section). */
struct entry { const char *name; int value; };
const struct entry reg_one __attribute__((section("reg_tab"))) = { "one", 1 };
#ifndef ONE_ENTRY
const struct entry reg_two __attribute__((section("reg_tab"))) = { "two", 2 };
#endif
