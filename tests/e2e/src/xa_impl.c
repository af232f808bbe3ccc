/* cross.sh: what only asm text and the registration section reach, and a
 * function nothing uses. */
struct ent { const char *name; int (*fn)(void); };
int target_impl(int x) { return 3 * x + 1; }
int inl_target(int x) { return 7 * x + 2; }
int unused_fn(int x) { return x * x - 5; }
static int alpha(void) { return 1; }
static int beta(void) { return 2; }
const struct ent reg_alpha __attribute__((section("xa_reg"))) = { "alpha", alpha };
const struct ent reg_beta __attribute__((section("xa_reg"))) = { "beta", beta };
