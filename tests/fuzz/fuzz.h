/*
 * fuzz.h - shared declarations for the libFuzzer harnesses in tests/fuzz/.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize) for one parser of lib/; it is built by "make fuzz"
 * with clang -fsanitize=fuzzer,address,undefined against the lib/ sources compiled
 * with the same sanitizers.  A harness checks the contract the module's
 * header states (bounds, ownership, properties such as "every name once")
 * and abort()s with a message when the contract is broken, so that
 * libFuzzer keeps the input.
 */
#ifndef LTO_SAFE_FUZZ_H
#define LTO_SAFE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                          \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, \
				__LINE__, #cond);                                  \
			abort();                                                   \
		}                                                                  \
	} while (0)

/*
 * 1 when the text may name a file that is not plain data: the fuzzer's
 * own stdout log (/proc/self/fd/1, which grows), a terminal, /dev/zero.
 * Only /proc/self/fd/1000 (the harness's own memfd) is let through.
 */
static inline int fuzz_names_special_file(const uint8_t *p, size_t n)
{
	static const char *const dirs[] = { "proc/", "dev/", "sys/" };
	static const char self[] = "proc/self/fd/1000";
	for (size_t d = 0; d < 3; d++) {
		size_t dl = strlen(dirs[d]);
		const uint8_t *q = p, *end = p + n;
		while ((q = memmem(q, (size_t)(end - q), dirs[d], dl))) {
			size_t left = (size_t)(end - q);
			if (d || left < sizeof(self) - 1 || memcmp(q, self, sizeof(self) - 1) ||
			    (left > sizeof(self) - 1 && q[sizeof(self) - 1] >= '0' &&
			     q[sizeof(self) - 1] <= '9'))
				return 1;
			q += dl;
		}
	}
	return 0;
}

#endif
