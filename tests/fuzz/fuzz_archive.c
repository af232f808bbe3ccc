/* libFuzzer harness: ar archives, regular, BSD and thin (lib/formats/archive). */
#include "formats/archive.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

volatile size_t fuzz_sink; /* the reads of members must happen */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ar ar;
	struct ar_member m;
	size_t sum = 0;
	int r = ar_open(&ar, data, size, "/fuzz/lib.a");
	while (r >= 0 && (r = ar_next(&ar, &m)) > 0) {
		sum += strlen(m.name) + m.size + (m.path ? strlen(m.path) : 0);
		if (m.data && m.size)
			sum += m.data[0] + m.data[m.size - 1];
	}
	ar_close(&ar);
	fuzz_sink = sum;
	return 0;
}
