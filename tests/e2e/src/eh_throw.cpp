// A C++ library with exceptions: its fat objects' code defines and uses
// DW.ref.__gxx_personality_v0 (for .eh_frame), a name their IR does not
// list; code generation makes it again in the LTO output.
#include <stdexcept>
int eh_check(int x)
{
	if (x < 0)
		throw std::runtime_error("negative");
	return x + 1;
}
