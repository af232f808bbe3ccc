/* libFuzzer harness: the clean-archive cache file (lib/cache). */
#include "cache.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clean_set s = CLEAN_SET_INIT;
	if (clean_parse(&s, data, size) == 0) {
		struct stat st;
		memset(&st, 0, sizeof(st));
		st.st_size = 4096;
		clean_has(&s, &st);
	}
	clean_release(&s);
	return 0;
}
