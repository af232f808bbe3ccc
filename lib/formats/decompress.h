/*
 * decompress.h - decompressing GCC LTO sections (zstd or zlib) under a
 * hard limit on the output size.
 *
 * decompress() recognises the format from the first bytes (a zstd frame
 * starts 28 b5 2f fd; a zlib stream has a valid two-byte header) and
 * writes the output into a new buffer (*out, *outlen; free() it).  It
 * stops after `want` bytes when want is not 0 (a caller that needs only a
 * header decompresses only that much), and fails with -EFBIG when the
 * output would exceed `limit` bytes: a hostile file cannot make it use
 * more memory than that.  -EINVAL for data that is not a complete, valid
 * stream (truncated or corrupt), -ENOTSUP for an unknown format.  Several
 * concatenated zstd frames are one output.  Safe to call from many threads.
 */
#ifndef LTO_SAFE_DECOMPRESS_H
#define LTO_SAFE_DECOMPRESS_H

#include <stddef.h>

/* the largest section lto-safe decompresses (GCC writes far smaller ones) */
#define DECOMPRESS_LIMIT ((size_t)256 << 20)

enum compression { COMP_UNKNOWN, COMP_ZSTD, COMP_ZLIB };

enum compression compression_of(const unsigned char *in, size_t inlen);
const char *compression_name(enum compression c);

int decompress(const unsigned char *in, size_t inlen, size_t want, size_t limit,
	       unsigned char **out, size_t *outlen);

#endif
