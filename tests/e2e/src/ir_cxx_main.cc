// gcc_ir.sh, case 9: a top-level asm trampoline to a C++ function in a
// namespace, named by its mangled name: app::detail::target(int).
#include <cstdio>
asm(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp _ZN3app6detail6targetEi\n.size tramp,.-tramp\n");
extern "C" int tramp(int x);
int main()
{
	std::printf("app::detail::target(14) = %d\n", tramp(14));
	return 0;
}
