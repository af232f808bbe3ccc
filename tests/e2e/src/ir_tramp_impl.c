/* gcc_ir.sh: the target of the asm trampolines, and a function nothing uses. */
int target_impl(int x) { return 3 * x + 1; }
int unused_fn(int x) { return x * x - 5; }
