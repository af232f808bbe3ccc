/* libFuzzer harness: zstd and zlib sections (lib/formats/decompress), with a small
 * limit so that bombs are cut short. */
#include "formats/decompress.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *out = NULL;
	size_t n = 0;
	if (decompress(data, size, 0, 1 << 20, &out, &n) == 0)
		free(out);
	out = NULL;
	if (decompress(data, size, 16, 1 << 20, &out, &n) == 0)
		free(out);
	return 0;
}
