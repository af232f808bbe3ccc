/* libFuzzer harness: linker diagnostics (lib/lddiag). */
#include "lddiag.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strvec v = STRVEC_INIT;
	lddiag_undefined((const char *)data, size, &v);
	strvec_clear(&v);
	return 0;
}
