/* gcc_ir.sh, case 7: a static helper with the same name as a global one
 * that only asm uses; under partitioning GCC may promote this one. */
__attribute__((noinline, noclone)) static int helper(int x) { return 2 * x + 7; }
int use_local_helper(int x) { return helper(x) + helper(x + 1); }
