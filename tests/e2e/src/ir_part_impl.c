/* gcc_ir.sh, case 7: reached only from the asm of ir_part_main.c. */
int target_impl(int x) { return 3 * x + 1; }
int helper(int x) { return x + 1000; }
int unused_fn(int x) { return x * x - 5; }
