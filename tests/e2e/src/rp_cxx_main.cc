// repair.sh: inline asm in main calls app::detail::target(int) (defined in
// ir_cxx_impl.cc) by its mangled name; no C++ code names it.  x86-64 only.
#include <cstdio>
int main()
{
	int r, x = 14;
	asm volatile("call _ZN3app6detail6targetEi"
		     : "=a"(r), "+D"(x)
		     :
		     : "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "cc", "memory");
	std::printf("app::detail::target(14) = %d\n", r);
	return 0;
}
