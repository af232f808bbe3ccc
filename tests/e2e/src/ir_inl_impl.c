/* gcc_ir.sh, case 3: called only from inline asm; and a function nothing uses. */
int inl_target(int x) { return 7 * x + 2; }
int unused_fn(int x) { return x * x - 5; }
