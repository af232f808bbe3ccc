/*
 * bitstream.h - a reader for LLVM's bitstream container format (the
 * layer under LLVM bitcode): blocks, abbreviations (literal, fixed, VBR,
 * array, char6, blob operands), the BLOCKINFO block, unabbreviated
 * records.  It knows nothing about what the blocks mean (llvmbc.c does).
 *
 * Bounded everywhere: every read is checked against the end of the data
 * and of the current block, nesting is at most BS_MAX_DEPTH blocks, a
 * record has at most BS_MAX_OPS operands, a block at most BS_MAX_ABBREVS
 * abbreviations.  A hostile stream gives an error (bs->error), never an
 * out-of-bounds read, a loop without progress or unbounded memory.
 *
 * A BLOCKINFO block replaces the one read before (as LLVM does: each
 * module of a multi-module file has its own).
 *
 * Usage:
 *	struct bitstream bs;
 *	bs_init(&bs, data, size);          // data after the 'BC' magic
 *	while (bs_next(&bs, &e) == BS_OK) switch (e.kind) {
 *	case BS_BLOCK:  bs_enter(&bs) or bs_skip(&bs); break;
 *	case BS_RECORD: bs_record(&bs, &rec) or bs_skip_record(&bs); break;
 *	case BS_END:    (left a block) break;
 *	}
 *	bs_release(&bs);
 */
#ifndef LTO_SAFE_BITSTREAM_H
#define LTO_SAFE_BITSTREAM_H

#include <stddef.h>
#include <stdint.h>

#define BS_MAX_DEPTH 32
#define BS_MAX_OPS (1u << 22)
#define BS_MAX_ABBREVS 4096
#define BS_MAX_ABBREV_OPS 255

enum bs_op_kind { BS_LITERAL, BS_FIXED, BS_VBR, BS_ARRAY, BS_CHAR6, BS_BLOB };

struct bs_abbrev {
	uint8_t nops;
	struct {
		uint8_t kind;   /* enum bs_op_kind */
		uint64_t value; /* literal value, or field width */
	} op[];
};

struct bs_abbrev_list {
	struct bs_abbrev **v;
	size_t nr, alloc;
};

struct bs_frame {
	uint64_t end;        /* bit position where the block ends */
	unsigned width;      /* abbreviation id width */
	unsigned id;         /* block id */
	struct bs_abbrev_list abbrevs; /* [0, borrowed) belong to the blockinfo */
	size_t borrowed;
};

enum bs_kind { BS_BLOCK, BS_RECORD, BS_END };

struct bs_entry {
	enum bs_kind kind;
	unsigned id;        /* block id, or the abbreviation id of a record */
};

struct bs_record {
	unsigned code;
	uint64_t *ops;
	size_t nops, aops;
	const unsigned char *blob; /* NULL when the record has none */
	size_t bloblen;
};

struct bs_blockinfo {
	unsigned id;
	struct bs_abbrev_list abbrevs;
};

struct bitstream {
	const unsigned char *data;
	uint64_t nbits, pos;
	struct bs_frame stack[BS_MAX_DEPTH + 1];
	unsigned depth;            /* 0: top level */
	unsigned pending;          /* abbreviation id of the record bs_next returned */
	unsigned pending_block;    /* id of the block bs_next returned */
	struct bs_blockinfo *info;
	size_t ninfo, ainfo;
	struct bs_abbrev_list retired; /* abbreviations of replaced BLOCKINFOs */
	char error[128];
};

/* data[0..size): the stream after its magic; top-level abbreviation width 2 */
void bs_init(struct bitstream *bs, const unsigned char *data, size_t size);
void bs_release(struct bitstream *bs);

/* BS_OK, BS_EOF at the end of the top level, BS_ERR (bs->error set) */
enum { BS_OK = 0, BS_EOF = 1, BS_ERR = -1 };

/* the next entry; BLOCKINFO blocks are read on the way, never returned */
int bs_next(struct bitstream *bs, struct bs_entry *e);
/* after BS_BLOCK: go into the block, or past it */
int bs_enter(struct bitstream *bs);
int bs_skip(struct bitstream *bs);
/* after BS_RECORD: read it (rec reused between calls; bs_record_free),
 * or only step over it */
int bs_record(struct bitstream *bs, struct bs_record *rec);
int bs_skip_record(struct bitstream *bs);
void bs_record_free(struct bs_record *rec);
/* the id of the block being read (0 at the top level) */
unsigned bs_block_id(const struct bitstream *bs);

#endif
