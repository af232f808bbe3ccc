/* libFuzzer harness: linker script text (link_uses_script in lib/linkuse). */
#include "fuzz.h"
#include "linkuse.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_uses u = LINK_USES_INIT;
	link_uses_script((const char *)data, size, "fuzz.ld", &u);
	for (size_t i = 0; i < u.nr; i++) {
		/* every name and section pattern is a non-empty piece of the text */
		size_t n = strlen(u.v[i].name);
		FUZZ_ASSERT(n > 0 && n <= size);
		FUZZ_ASSERT(memmem(data, size, u.v[i].name, n));
		FUZZ_ASSERT(u.v[i].origin && strstr(u.v[i].origin, "fuzz.ld"));
	}
	link_uses_release(&u);
	return 0;
}
