/*
 * bitwriter.h - writing LLVM bitstreams by hand in unit tests: fields
 * (putb, vbr), 32-bit alignment, blocks with their length words filled in
 * (begin, end), unabbreviated records.  Abbreviations are written with putb
 * and vbr by the tests themselves.
 */
#ifndef LTO_SAFE_BITWRITER_H
#define LTO_SAFE_BITWRITER_H

#include <check.h>
#include <stdint.h>
#include <string.h>

struct bw {
	unsigned char b[8192];
	uint64_t pos;
	uint64_t len_at[40]; /* bit position of each open block's length word */
	unsigned width[40];
	unsigned depth;
};

static inline void putb(struct bw *w, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, w->pos++) {
		ck_assert_uint_lt(w->pos / 8, sizeof(w->b));
		if ((v >> i) & 1)
			w->b[w->pos / 8] |= (unsigned char)(1u << (w->pos % 8));
	}
}

static inline void vbr(struct bw *w, uint64_t v, unsigned n)
{
	uint64_t hi = 1ull << (n - 1);
	while (v >= hi) {
		putb(w, (v & (hi - 1)) | hi, n);
		v >>= n - 1;
	}
	putb(w, v, n);
}

static inline void align(struct bw *w)
{
	w->pos = (w->pos + 31) & ~(uint64_t)31;
}

static inline unsigned cur_width(const struct bw *w)
{
	return w->depth ? w->width[w->depth - 1] : 2;
}

static inline void begin(struct bw *w, unsigned id, unsigned width)
{
	putb(w, 1, cur_width(w));
	vbr(w, id, 8);
	vbr(w, width, 4);
	align(w);
	w->len_at[w->depth] = w->pos;
	w->width[w->depth++] = width;
	putb(w, 0, 32);
}

static inline void end(struct bw *w)
{
	putb(w, 0, cur_width(w));
	align(w);
	w->depth--;
	uint64_t words = (w->pos - w->len_at[w->depth] - 32) / 32;
	uint64_t save = w->pos;
	w->pos = w->len_at[w->depth];
	putb(w, words, 32);
	w->pos = save;
}

static inline void unabbrev(struct bw *w, unsigned code, const uint64_t *ops, size_t n)
{
	putb(w, 3, cur_width(w));
	vbr(w, code, 6);
	vbr(w, n, 6);
	for (size_t i = 0; i < n; i++)
		vbr(w, ops[i], 6);
}

static inline size_t bytes(const struct bw *w)
{
	return (size_t)((w->pos + 31) / 32 * 4);
}

#endif
