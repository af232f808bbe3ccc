#include "decompress.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

enum compression compression_of(const unsigned char *in, size_t inlen)
{
	if (inlen >= 4 && in[0] == 0x28 && in[1] == 0xb5 && in[2] == 0x2f && in[3] == 0xfd)
		return COMP_ZSTD;
	/* RFC 1950: deflate, window at most 32 KiB, header check multiple of 31 */
	if (inlen >= 2 && (in[0] & 0x0f) == 8 && (in[0] >> 4) <= 7 && ((in[0] << 8) | in[1]) % 31 == 0)
		return COMP_ZLIB;
	return COMP_UNKNOWN;
}

const char *compression_name(enum compression c)
{
	switch (c) {
	case COMP_ZSTD: return "zstd";
	case COMP_ZLIB: return "zlib";
	case COMP_UNKNOWN: break;
	}
	return "unknown";
}

/* the output buffer: grows geometrically, never past cap */
struct obuf {
	unsigned char *p;
	size_t len, alloc, cap;
};

/* room for at least one more byte; -EFBIG at the cap */
static int obuf_room(struct obuf *o)
{
	if (o->len < o->alloc)
		return 0;
	if (o->alloc >= o->cap)
		return -EFBIG;
	size_t n = o->alloc ? o->alloc * 2 : 4096;
	if (n > o->cap || n < o->alloc)
		n = o->cap;
	o->p = xrealloc(o->p, n);
	o->alloc = n;
	return 0;
}

/*
 * One decompression stream per thread, kept between calls: creating one per
 * section allocated (and the kernel zeroed) a new window buffer for every
 * function body of every GCC LTO object.  Freed when the thread ends.
 */
static pthread_key_t zkey;
static pthread_once_t zonce = PTHREAD_ONCE_INIT;

static void zfree(void *z)
{
	ZSTD_freeDStream(z);
}

static void zkey_make(void)
{
	if (pthread_key_create(&zkey, zfree))
		abort();
}

static ZSTD_DStream *thread_dstream(void)
{
	pthread_once(&zonce, zkey_make);
	ZSTD_DStream *z = pthread_getspecific(zkey);
	if (!z && (z = ZSTD_createDStream()) && pthread_setspecific(zkey, z)) {
		ZSTD_freeDStream(z);
		z = NULL;
	}
	return z;
}

static int unzstd(const unsigned char *in, size_t inlen, struct obuf *o, size_t want)
{
	ZSTD_DStream *z = thread_dstream();
	if (!z)
		return -ENOMEM;
	ZSTD_inBuffer ib = { in, inlen, 0 };
	/* a reset stream, whatever the last call left in it */
	size_t r = ZSTD_DCtx_reset(z, ZSTD_reset_session_only);
	if (!ZSTD_isError(r))
		r = ZSTD_initDStream(z);
	int err = 0;
	while (!ZSTD_isError(r)) {
		if ((err = obuf_room(o)))
			break;
		ZSTD_outBuffer ob = { o->p, o->alloc, o->len };
		r = ZSTD_decompressStream(z, &ob, &ib);
		o->len = ob.pos;
		if (want && o->len >= want)
			break;
		if (r == 0 && ib.pos == ib.size)
			break; /* last frame complete, input used up */
		if (ib.pos == ib.size && ob.pos < ob.size) {
			err = -EINVAL; /* truncated: more expected, no more input */
			break;
		}
	}
	if (!err && ZSTD_isError(r))
		err = -EINVAL;
	return err;
}

static int unzlib(const unsigned char *in, size_t inlen, struct obuf *o, size_t want)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return -ENOMEM;
	z.next_in = (unsigned char *)in; /* zlib does not write through it */
	int err = 0;
	for (;;) {
		if ((err = obuf_room(o)))
			break;
		/* avail_in/avail_out are 32-bit: feed at most 1 GiB at a time */
		size_t left = inlen - (size_t)(z.next_in - in);
		z.avail_in = (uInt)(left > (1u << 30) ? 1u << 30 : left);
		size_t room = o->alloc - o->len;
		z.avail_out = (uInt)(room > (1u << 30) ? 1u << 30 : room);
		z.next_out = o->p + o->len;
		int r = inflate(&z, Z_NO_FLUSH);
		o->len = (size_t)(z.next_out - o->p);
		if (want && o->len >= want)
			break;
		if (r == Z_STREAM_END)
			break;
		if (r == Z_BUF_ERROR && z.avail_out)
			r = Z_DATA_ERROR; /* needs input that is not there */
		if (r != Z_OK && r != Z_BUF_ERROR) {
			err = r == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
			break;
		}
	}
	inflateEnd(&z);
	return err;
}

int decompress(const unsigned char *in, size_t inlen, size_t want, size_t limit,
	       unsigned char **out, size_t *outlen)
{
	struct obuf o = { NULL, 0, 0, limit };
	int err;
	*out = NULL;
	*outlen = 0;
	switch (compression_of(in, inlen)) {
	case COMP_ZSTD:
		err = unzstd(in, inlen, &o, want);
		break;
	case COMP_ZLIB:
		err = unzlib(in, inlen, &o, want);
		break;
	default:
		return -ENOTSUP;
	}
	if (err) {
		free(o.p);
		return err;
	}
	*out = o.p;
	*outlen = want && o.len > want ? want : o.len;
	return 0;
}
