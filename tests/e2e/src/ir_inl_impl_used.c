/* retention.sh: ir_inl_impl.c with the source fix, inl_target marked used:
 * what the retention object must not cost more than. */
__attribute__((used)) int inl_target(int x) { return 7 * x + 2; }
int unused_fn(int x) { return x * x - 5; }
