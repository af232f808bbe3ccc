#include "formats/decompress.h"
#include "testlib.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

static unsigned char plain[100000];

static void fill(void)
{
	for (size_t i = 0; i < sizeof(plain); i++)
		plain[i] = (unsigned char)("call target_impl\n"[i % 17] ^ (i / 1000));
}

static size_t zstd_of(const void *src, size_t n, unsigned char *dst, size_t cap)
{
	size_t r = ZSTD_compress(dst, cap, src, n, 3);
	ck_assert(!ZSTD_isError(r));
	return r;
}

static size_t zlib_of(const void *src, size_t n, unsigned char *dst, size_t cap)
{
	uLongf len = cap;
	ck_assert_int_eq(compress2(dst, &len, src, n, 6), Z_OK);
	return len;
}

START_TEST(round_trips)
{
	static unsigned char z[200000];
	fill();
	for (int kind = 0; kind < 2; kind++) {
		size_t zn = kind ? zlib_of(plain, sizeof(plain), z, sizeof(z))
				 : zstd_of(plain, sizeof(plain), z, sizeof(z));
		ck_assert_int_eq(compression_of(z, zn), kind ? COMP_ZLIB : COMP_ZSTD);
		unsigned char *out;
		size_t n;
		ck_assert_int_eq(decompress(z, zn, 0, DECOMPRESS_LIMIT, &out, &n), 0);
		ck_assert_uint_eq(n, sizeof(plain));
		ck_assert(memcmp(out, plain, n) == 0);
		free(out);
		/* only a header: stops early, returns exactly that much */
		ck_assert_int_eq(decompress(z, zn, 16, DECOMPRESS_LIMIT, &out, &n), 0);
		ck_assert_uint_eq(n, 16);
		ck_assert(memcmp(out, plain, 16) == 0);
		free(out);
	}
}
END_TEST

START_TEST(empty_and_concatenated)
{
	unsigned char z[512];
	size_t a = zstd_of("first ", 6, z, sizeof(z));
	size_t b = zstd_of("second", 6, z + a, sizeof(z) - a);
	unsigned char *out;
	size_t n;
	ck_assert_int_eq(decompress(z, a + b, 0, DECOMPRESS_LIMIT, &out, &n), 0);
	ck_assert_uint_eq(n, 12);
	ck_assert(memcmp(out, "first second", 12) == 0);
	free(out);
	size_t e = zstd_of("", 0, z, sizeof(z));
	ck_assert_int_eq(decompress(z, e, 0, DECOMPRESS_LIMIT, &out, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(out);
}
END_TEST

START_TEST(limit_stops_bombs)
{
	/* 64 MiB of zeros compress to a few KiB: with a 1 MiB limit, -EFBIG */
	size_t big = (size_t)64 << 20;
	unsigned char *zeros = calloc(1, big);
	ck_assert_ptr_nonnull(zeros);
	size_t cap = ZSTD_compressBound(big);
	unsigned char *z = malloc(cap);
	ck_assert_ptr_nonnull(z);
	for (int kind = 0; kind < 2; kind++) {
		size_t zn = kind ? zlib_of(zeros, big, z, cap) : zstd_of(zeros, big, z, cap);
		ck_assert_uint_lt(zn, 1 << 20);
		unsigned char *out = (unsigned char *)1;
		size_t n = 1;
		ck_assert_int_eq(decompress(z, zn, 0, 1 << 20, &out, &n), -EFBIG);
		ck_assert_ptr_null(out);
		ck_assert_uint_eq(n, 0);
	}
	free(z);
	free(zeros);
}
END_TEST

START_TEST(truncated_corrupt_unknown)
{
	static unsigned char z[200000];
	fill();
	unsigned char *out;
	size_t n;
	for (int kind = 0; kind < 2; kind++) {
		size_t zn = kind ? zlib_of(plain, sizeof(plain), z, sizeof(z))
				 : zstd_of(plain, sizeof(plain), z, sizeof(z));
		/* every truncation is an error, never a crash or a short success */
		for (size_t cut = 1; cut < zn; cut += zn / 50 + 1)
			ck_assert_int_eq(decompress(z, cut, 0, DECOMPRESS_LIMIT, &out, &n),
					 cut < 2 || (!kind && cut < 4) ? -ENOTSUP : -EINVAL);
		/* corrupt bytes past the header */
		for (size_t i = 6; i < zn; i += 7)
			z[i] ^= 0x5a;
		ck_assert_int_eq(decompress(z, zn, 0, DECOMPRESS_LIMIT, &out, &n), -EINVAL);
	}
	ck_assert_int_eq(decompress((const unsigned char *)"plain text", 10, 0, 100, &out, &n), -ENOTSUP);
	ck_assert_int_eq(compression_of((const unsigned char *)"", 0), COMP_UNKNOWN);
	ck_assert_str_eq(compression_name(COMP_ZLIB), "zlib");
}
END_TEST

static Suite *decompress_suite(void)
{
	Suite *s = suite_create("decompress");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, round_trips);
	tcase_add_test(tc, empty_and_concatenated);
	tcase_add_test(tc, limit_stops_bombs);
	tcase_add_test(tc, truncated_corrupt_unknown);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(decompress_suite)
