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

#endif
