#include "bitstream.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { END_BLOCK = 0, ENTER_SUBBLOCK = 1, DEFINE_ABBREV = 2, UNABBREV_RECORD = 3 };
enum { BLOCKINFO_ID = 0, BLOCKINFO_SETBID = 1 };

static int fail(struct bitstream *bs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct bitstream *bs, const char *fmt, ...)
{
	if (!bs->error[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(bs->error, sizeof(bs->error), fmt, ap);
		va_end(ap);
	}
	return BS_ERR;
}

static uint64_t limit(const struct bitstream *bs)
{
	return bs->depth ? bs->stack[bs->depth].end : bs->nbits;
}

static int bits(struct bitstream *bs, unsigned n, uint64_t *v)
{
	*v = 0;
	if (n > 64)
		return fail(bs, "field of %u bits", n);
	if (bs->pos > limit(bs) || n > limit(bs) - bs->pos)
		return fail(bs, "read past the end of %s at bit %llu", bs->depth ? "a block" : "the stream",
			    (unsigned long long)bs->pos);
	uint64_t r = 0, p = bs->pos;
	for (unsigned got = 0; got < n;) {
		unsigned off = (unsigned)(p & 7), take = 8 - off < n - got ? 8 - off : n - got;
		r |= (uint64_t)((bs->data[p >> 3] >> off) & ((1u << take) - 1)) << got;
		got += take;
		p += take;
	}
	bs->pos = p;
	*v = r;
	return BS_OK;
}

static int vbr(struct bitstream *bs, unsigned width, uint64_t *v)
{
	*v = 0;
	if (width < 2 || width > 32)
		return fail(bs, "VBR field of width %u", width);
	uint64_t hi = 1ull << (width - 1), chunk;
	for (unsigned shift = 0;; shift += width - 1) {
		if (bits(bs, width, &chunk))
			return BS_ERR;
		if (shift >= 64 && (chunk & (hi - 1)))
			return fail(bs, "VBR value wider than 64 bits");
		if (shift < 64)
			*v |= (chunk & (hi - 1)) << shift;
		if (!(chunk & hi))
			return BS_OK;
		if (shift > 70)
			return fail(bs, "VBR value wider than 64 bits");
	}
}

static int align32(struct bitstream *bs)
{
	uint64_t to = (bs->pos + 31) & ~(uint64_t)31;
	if (to > limit(bs))
		return fail(bs, "alignment past the end");
	bs->pos = to;
	return BS_OK;
}

void bs_init(struct bitstream *bs, const unsigned char *data, size_t size)
{
	memset(bs, 0, sizeof(*bs));
	bs->data = data;
	bs->nbits = (uint64_t)size * 8;
	bs->stack[0].width = 2;
	bs->stack[0].end = bs->nbits;
}

static void list_free(struct bs_abbrev_list *l, size_t from)
{
	for (size_t i = from; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void frame_pop(struct bitstream *bs)
{
	struct bs_frame *f = &bs->stack[bs->depth];
	list_free(&f->abbrevs, f->borrowed);
	bs->depth--;
}

void bs_release(struct bitstream *bs)
{
	while (bs->depth)
		frame_pop(bs);
	list_free(&bs->stack[0].abbrevs, 0);
	for (size_t i = 0; i < bs->ninfo; i++)
		list_free(&bs->info[i].abbrevs, 0);
	free(bs->info);
	list_free(&bs->retired, 0);
	memset(bs, 0, sizeof(*bs));
}

static int read_abbrev(struct bitstream *bs, struct bs_abbrev_list *to)
{
	uint64_t n, lit, enc, w;
	if (vbr(bs, 5, &n))
		return BS_ERR;
	if (n == 0 || n > BS_MAX_ABBREV_OPS)
		return fail(bs, "abbreviation with %llu operands", (unsigned long long)n);
	if (to->nr >= BS_MAX_ABBREVS)
		return fail(bs, "more than %u abbreviations in a block", BS_MAX_ABBREVS);
	struct bs_abbrev *a = xcalloc(1, sizeof(*a) + (size_t)n * sizeof(a->op[0]));
	size_t k = 0;
	for (uint64_t i = 0; i < n; i++, k++) {
		if (bits(bs, 1, &lit))
			goto bad;
		if (lit) {
			a->op[k].kind = BS_LITERAL;
			if (vbr(bs, 8, &a->op[k].value))
				goto bad;
			continue;
		}
		if (bits(bs, 3, &enc))
			goto bad;
		switch (enc) {
		case 1:
		case 2:
			if (vbr(bs, 5, &w))
				goto bad;
			if ((enc == 1 && w > 64) || (enc == 2 && (w < 2 || w > 32))) {
				fail(bs, "%s operand of width %llu", enc == 1 ? "fixed" : "VBR", (unsigned long long)w);
				goto bad;
			}
			a->op[k].kind = enc == 1 ? BS_FIXED : BS_VBR;
			a->op[k].value = w;
			break;
		case 3:
			/* an array: its element type follows, and nothing after that */
			if (i + 2 != n) {
				fail(bs, "array operand not second to last");
				goto bad;
			}
			a->op[k].kind = BS_ARRAY;
			break;
		case 4:
			a->op[k].kind = BS_CHAR6;
			break;
		case 5:
			if (i + 1 != n) {
				fail(bs, "blob operand not last");
				goto bad;
			}
			a->op[k].kind = BS_BLOB;
			break;
		default:
			fail(bs, "unknown operand encoding %llu", (unsigned long long)enc);
			goto bad;
		}
	}
	for (size_t i = 0; i + 1 < k; i++)
		if (a->op[i].kind == BS_ARRAY && (a->op[i + 1].kind == BS_ARRAY || a->op[i + 1].kind == BS_BLOB)) {
			fail(bs, "array of arrays or blobs");
			goto bad;
		}
	if (a->op[k - 1].kind == BS_ARRAY) {
		fail(bs, "array without an element type");
		goto bad;
	}
	a->nops = (uint8_t)k;
	GROW(to->v, to->alloc, to->nr + 1);
	to->v[to->nr++] = a;
	return BS_OK;
bad:
	free(a);
	return BS_ERR;
}

/* a block header after its id: width, alignment, length in 32-bit words */
static int block_header(struct bitstream *bs, unsigned *width, uint64_t *end)
{
	uint64_t w, words;
	if (vbr(bs, 4, &w) || align32(bs) || bits(bs, 32, &words))
		return BS_ERR;
	if (w < 1 || w > 32)
		return fail(bs, "abbreviation width %llu", (unsigned long long)w);
	if (words * 32 > limit(bs) - bs->pos)
		return fail(bs, "block of %llu words runs past its parent", (unsigned long long)words);
	*width = (unsigned)w;
	*end = bs->pos + words * 32;
	return BS_OK;
}

static struct bs_blockinfo *info_for(struct bitstream *bs, unsigned id)
{
	for (size_t i = 0; i < bs->ninfo; i++)
		if (bs->info[i].id == id)
			return &bs->info[i];
	if (bs->ninfo >= 256)
		return NULL;
	GROW(bs->info, bs->ainfo, bs->ninfo + 1);
	struct bs_blockinfo *b = &bs->info[bs->ninfo++];
	memset(b, 0, sizeof(*b));
	b->id = id;
	return b;
}

static int read_fields(struct bitstream *bs, unsigned id, struct bs_record *rec);

/* BLOCKINFO: SETBID records choose the block that DEFINE_ABBREVs add to */
static int read_blockinfo(struct bitstream *bs)
{
	unsigned width;
	uint64_t end, v;
	if (bs->depth >= BS_MAX_DEPTH)
		return fail(bs, "blocks nested more than %u deep", BS_MAX_DEPTH);
	if (block_header(bs, &width, &end))
		return BS_ERR;
	/* the abbreviations of the one replaced stay alive: open blocks use them */
	for (size_t i = 0; i < bs->ninfo; i++) {
		struct bs_abbrev_list *l = &bs->info[i].abbrevs;
		if (l->nr) {
			GROW(bs->retired.v, bs->retired.alloc, bs->retired.nr + l->nr);
			memcpy(bs->retired.v + bs->retired.nr, l->v, l->nr * sizeof(*l->v));
			bs->retired.nr += l->nr;
		}
		free(l->v);
	}
	bs->ninfo = 0;
	struct bs_frame *f = &bs->stack[++bs->depth];
	memset(f, 0, sizeof(*f));
	f->end = end;
	f->width = width;
	struct bs_blockinfo *cur = NULL;
	struct bs_record rec = { 0 };
	int r = BS_OK;
	for (;;) {
		if ((r = bits(bs, width, &v)))
			break;
		if (v == END_BLOCK) {
			r = align32(bs);
			break;
		}
		if (v == DEFINE_ABBREV) {
			if (!cur) {
				r = fail(bs, "abbreviation in BLOCKINFO before SETBID");
				break;
			}
			/* blockinfo abbreviations are inherited: they must not be freed
			 * with a frame, so they live only in the blockinfo list */
			if ((r = read_abbrev(bs, &cur->abbrevs)))
				break;
			continue;
		}
		if (v == ENTER_SUBBLOCK) {
			r = fail(bs, "block inside BLOCKINFO");
			break;
		}
		if ((r = read_fields(bs, (unsigned)v, &rec)))
			break;
		if (rec.code == BLOCKINFO_SETBID) {
			if (rec.nops < 1 || rec.ops[0] > UINT32_MAX) {
				r = fail(bs, "bad SETBID record");
				break;
			}
			if (!(cur = info_for(bs, (unsigned)rec.ops[0]))) {
				r = fail(bs, "too many BLOCKINFO entries");
				break;
			}
		}
	}
	bs_record_free(&rec);
	frame_pop(bs);
	return r;
}

int bs_next(struct bitstream *bs, struct bs_entry *e)
{
	if (bs->error[0])
		return BS_ERR;
	for (;;) {
		struct bs_frame *f = &bs->stack[bs->depth];
		/* the top level ends with the data (or its 32-bit padding) */
		if (!bs->depth && bs->nbits - bs->pos < 32)
			return BS_EOF;
		uint64_t id;
		if (bits(bs, f->width, &id))
			return BS_ERR;
		switch (id) {
		case END_BLOCK:
			if (!bs->depth)
				return BS_EOF;
			if (align32(bs))
				return BS_ERR;
			e->kind = BS_END;
			e->id = f->id;
			frame_pop(bs);
			return BS_OK;
		case ENTER_SUBBLOCK: {
			uint64_t bid;
			if (vbr(bs, 8, &bid))
				return BS_ERR;
			if (bid > UINT32_MAX)
				return fail(bs, "block id %llu", (unsigned long long)bid);
			if (bid == BLOCKINFO_ID) {
				if (read_blockinfo(bs))
					return BS_ERR;
				continue;
			}
			e->kind = BS_BLOCK;
			e->id = bs->pending_block = (unsigned)bid;
			return BS_OK;
		}
		case DEFINE_ABBREV:
			if (read_abbrev(bs, &f->abbrevs))
				return BS_ERR;
			continue;
		default:
			bs->pending = (unsigned)id;
			e->kind = BS_RECORD;
			e->id = (unsigned)id;
			return BS_OK;
		}
	}
}

int bs_enter(struct bitstream *bs)
{
	unsigned width;
	uint64_t end;
	if (bs->error[0])
		return BS_ERR;
	if (bs->depth >= BS_MAX_DEPTH)
		return fail(bs, "blocks nested more than %u deep", BS_MAX_DEPTH);
	if (block_header(bs, &width, &end))
		return BS_ERR;
	struct bs_frame *f = &bs->stack[++bs->depth];
	memset(f, 0, sizeof(*f));
	f->end = end;
	f->width = width;
	f->id = bs->pending_block;
	for (size_t i = 0; i < bs->ninfo; i++)
		if (bs->info[i].id == f->id && bs->info[i].abbrevs.nr) {
			const struct bs_abbrev_list *l = &bs->info[i].abbrevs;
			f->abbrevs.v = xmalloc(l->nr * sizeof(*l->v));
			memcpy(f->abbrevs.v, l->v, l->nr * sizeof(*l->v));
			f->abbrevs.nr = f->abbrevs.alloc = f->borrowed = l->nr;
		}
	return BS_OK;
}

int bs_skip(struct bitstream *bs)
{
	unsigned width;
	uint64_t end;
	if (bs->error[0] || block_header(bs, &width, &end))
		return BS_ERR;
	bs->pos = end;
	return BS_OK;
}

unsigned bs_block_id(const struct bitstream *bs)
{
	return bs->stack[bs->depth].id;
}

void bs_record_free(struct bs_record *rec)
{
	free(rec->ops);
	memset(rec, 0, sizeof(*rec));
}

static int push(struct bitstream *bs, struct bs_record *rec, uint64_t v)
{
	if (!rec)
		return BS_OK;
	if (rec->nops >= BS_MAX_OPS)
		return fail(bs, "record with more than %u operands", BS_MAX_OPS);
	GROW(rec->ops, rec->aops, rec->nops + 1);
	rec->ops[rec->nops++] = v;
	return BS_OK;
}

static const char char6[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._";

static int scalar(struct bitstream *bs, uint8_t kind, uint64_t value, uint64_t *v)
{
	switch (kind) {
	case BS_LITERAL:
		*v = value;
		return BS_OK;
	case BS_FIXED:
		return bits(bs, (unsigned)value, v);
	case BS_VBR:
		return vbr(bs, (unsigned)value, v);
	case BS_CHAR6:
		if (bits(bs, 6, v))
			return BS_ERR;
		*v = (unsigned char)char6[*v];
		return BS_OK;
	}
	return fail(bs, "bad scalar operand");
}

/*
 * One record with abbreviation id `id` into rec (or only past it when
 * rec is NULL): its code, operands and blob.  The first value of an
 * abbreviated record is its code.
 */
static int read_fields(struct bitstream *bs, unsigned id, struct bs_record *rec)
{
	uint64_t v, n;
	int have_code = 0;
	if (rec) {
		rec->nops = 0;
		rec->blob = NULL;
		rec->bloblen = 0;
	}
	if (id == UNABBREV_RECORD) {
		if (vbr(bs, 6, &v) || vbr(bs, 6, &n))
			return BS_ERR;
		if (rec)
			rec->code = (unsigned)v;
		if (n > BS_MAX_OPS)
			return fail(bs, "record with %llu operands", (unsigned long long)n);
		for (uint64_t i = 0; i < n; i++)
			if (vbr(bs, 6, &v) || push(bs, rec, v))
				return BS_ERR;
		return BS_OK;
	}
	const struct bs_frame *f = &bs->stack[bs->depth];
	if (id < 4 || id - 4 >= f->abbrevs.nr)
		return fail(bs, "undefined abbreviation %u", id);
	const struct bs_abbrev *a = f->abbrevs.v[id - 4];
	for (size_t i = 0; i < a->nops; i++) {
		uint8_t kind = a->op[i].kind;
		if (kind == BS_ARRAY) {
			if (vbr(bs, 6, &n))
				return BS_ERR;
			if (n > BS_MAX_OPS)
				return fail(bs, "array of %llu elements", (unsigned long long)n);
			i++;
			for (uint64_t k = 0; k < n; k++) {
				if (scalar(bs, a->op[i].kind, a->op[i].value, &v))
					return BS_ERR;
				if (!have_code) {
					have_code = 1;
					if (rec)
						rec->code = (unsigned)v;
				} else if (push(bs, rec, v)) {
					return BS_ERR;
				}
			}
			continue;
		}
		if (kind == BS_BLOB) {
			if (vbr(bs, 6, &n) || align32(bs))
				return BS_ERR;
			if (n > (limit(bs) - bs->pos) / 8)
				return fail(bs, "blob of %llu bytes runs past the end", (unsigned long long)n);
			if (rec) {
				rec->blob = bs->data + bs->pos / 8;
				rec->bloblen = (size_t)n;
			}
			bs->pos += n * 8;
			if (align32(bs))
				return BS_ERR;
			continue;
		}
		if (scalar(bs, kind, a->op[i].value, &v))
			return BS_ERR;
		if (!have_code) {
			have_code = 1;
			if (rec)
				rec->code = (unsigned)v;
		} else if (push(bs, rec, v)) {
			return BS_ERR;
		}
	}
	return BS_OK;
}

int bs_record(struct bitstream *bs, struct bs_record *rec)
{
	if (bs->error[0])
		return BS_ERR;
	return read_fields(bs, bs->pending, rec);
}

int bs_skip_record(struct bitstream *bs)
{
	if (bs->error[0])
		return BS_ERR;
	return read_fields(bs, bs->pending, NULL);
}
