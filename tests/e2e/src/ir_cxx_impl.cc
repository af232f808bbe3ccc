// gcc_ir.sh, case 9: reached only from the asm of ir_cxx_main.cc.
namespace app {
namespace detail {
int target(int x) { return 5 * x - 3; }
}
}
int unused_fn(int x) { return x * x - 5; }
