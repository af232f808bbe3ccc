/* gcc_ir.sh, case 4: registration entries reached only through
 * __start_regtab/__stop_regtab: global, not "used", pointing at static
 * functions.  reg_not_in_table is a global outside the section. */
struct ent { const char *name; int (*fn)(void); };
static int alpha(void) { return 1; }
static int beta(void) { return 2; }
const struct ent reg_alpha __attribute__((section("regtab"))) = { "alpha", alpha };
const struct ent reg_beta __attribute__((section("regtab"))) = { "beta", beta };
int reg_not_in_table = 17;
int unused_fn(int x) { return x * x - 5; }
