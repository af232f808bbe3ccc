#include "gcclto.h"
#include "asmrefs.h"
#include "decompress.h"
#include "strmap.h"
#include "util.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX ".gnu.lto_"
#define PREFIX_LEN 9

/* LTO_symtab_variable in GCC's symbol node stream (GCC 5 to 16) */
#define NODE_TAG_VARIABLE 5

/* one IR unit of the object: its sections, by kind */
struct irunit {
	struct unit *u;
	const struct arch *a;
	const char *hash;
	const struct gcclto_section *secs;
	size_t nsecs;
	int big_endian;         /* the streams' byte order (gcclto_version()) */
	/* per definition in the symbol table: its tree slot and u->syms index */
	struct slot {
		uint32_t slot;
		size_t sym;
	} *slots;
	size_t nslots, aslots;
	struct strmap asm_seen; /* names already recorded as REF_ASM */
	/* local names of top-level .symver whose version the IR defines too
	 * (symver_pairs): the index of that definition in u->syms */
	struct strmap symver_seen;
	struct asm_defs asm_defs; /* what top-level asm defines */
	const char *where;      /* the text being read */
	int toplevel;           /* it is top-level asm */
	int major;              /* the stream's major version */
	/* in a function body whose statements can be told apart (asm_tags):
	 * asm_text[i] is set when the string at offset i - 1 of the string
	 * stream is a GIMPLE_ASM statement's text; NULL: read every string */
	unsigned char *asm_text;
};

static uint8_t gcc_vis(unsigned v)
{
	switch (v) {
	case 1: return STV_PROTECTED;
	case 2: return STV_INTERNAL;
	case 3: return STV_HIDDEN;
	default: return STV_DEFAULT;
	}
}

static uint32_t rd32(const unsigned char *p, int big)
{
	return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
		   : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t rd16(const unsigned char *p, int big)
{
	return big ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

/*
 * Entries, as GCC's lto-plugin reads them: name NUL, comdat NUL, kind
 * (0 def, 1 weak def, 2 undef, 3 weak undef, 4 common), visibility
 * (0 default, 1 protected, 2 internal, 3 hidden), 8-byte size, 4-byte slot.
 * ext_symtab: a version byte (1), then per entry a symbol type (0 unknown,
 * 1 function, 2 variable) and a section kind.
 */
static int read_symtab(struct unit *u, const unsigned char *symtab, size_t size,
		       const unsigned char *ext, size_t extsize, struct irunit *ir)
{
	size_t next = 0;
	if (ext && extsize >= 1 && ext[0] == 1)
		next = (extsize - 1) / 2;
	size_t pos = 0, n = 0;
	while (pos < size) {
		const unsigned char *p = symtab + pos;
		const unsigned char *nul = memchr(p, '\0', size - pos);
		if (!nul)
			goto bad;
		const char *name = (const char *)p;
		size_t namelen = (size_t)(nul - p);
		pos += namelen + 1;
		nul = pos < size ? memchr(symtab + pos, '\0', size - pos) : NULL;
		if (!nul)
			goto bad;
		int comdat = nul > symtab + pos;
		pos = (size_t)(nul - symtab) + 1;
		if (size - pos < 14)
			goto bad;
		unsigned kind = symtab[pos], vis = symtab[pos + 1];
		uint32_t slot = rd32(symtab + pos + 10, ir && ir->big_endian);
		pos += 14;
		if (kind > 4 || vis > 3 || !namelen)
			goto bad;
		uint8_t type = SYMT_NOTYPE;
		if (n < next) {
			unsigned t = ext[1 + 2 * n];
			if (t > 2) {
				unit_fail(u, "GCC LTO ext_symtab: bad symbol type %u", t);
				return -EINVAL;
			}
			type = t == 1 ? SYMT_FUNC : t == 2 ? SYMT_DATA : SYMT_NOTYPE;
		}
		n++;
		int def = kind == 0 || kind == 1 || kind == 4;
		if (ir && def) {
			GROW(ir->slots, ir->aslots, ir->nslots + 1);
			ir->slots[ir->nslots].slot = slot;
			ir->slots[ir->nslots++].sym = u->nsyms;
		}
		struct sym *e = unit_add_sym(u, name, NULL, def ? SYM_DEF : SYM_UNDEF, SRC_IR);
		e->type = kind == 4 && type == SYMT_NOTYPE ? SYMT_DATA : type;
		e->bind = kind == 1 || kind == 3 ? STB_WEAK : STB_GLOBAL;
		e->vis = gcc_vis(vis);
		e->common = kind == 4;
		e->vague = def && comdat;
		if (!def)
			e->how = REF_PLAIN | (is_start_stop_name(name) ? REF_START_STOP : 0);
	}
	return 0;
bad:
	unit_fail(u, "malformed GCC LTO symbol table at offset %zu", pos);
	return -EINVAL;
}

int gcc_lto_symtab(struct unit *u, const unsigned char *symtab, size_t size,
		   const unsigned char *ext, size_t extsize)
{
	return read_symtab(u, symtab, size, ext, extsize, NULL);
}

/* the section ".gnu.lto_" KIND "." hash of this unit, or NULL */
static const struct gcclto_section *find(const struct irunit *ir, const char *kind)
{
	size_t kl = strlen(kind), hl = strlen(ir->hash);
	for (size_t i = 0; i < ir->nsecs; i++) {
		const char *n = ir->secs[i].name + PREFIX_LEN;
		if (!strncmp(n, kind, kl) && n[kl] == '.' && !strncmp(n + kl + 1, ir->hash, hl) && !n[kl + 1 + hl])
			return &ir->secs[i];
	}
	return NULL;
}

static int inflate_section(struct irunit *ir, const struct gcclto_section *s, size_t want,
			   unsigned char **out, size_t *n)
{
	int r = decompress(s->data, s->size, want, DECOMPRESS_LIMIT, out, n);
	if (r == -EFBIG)
		unit_fail(ir->u, "%s: decompresses to more than %zu MiB (the limit)", s->name,
			  DECOMPRESS_LIMIT >> 20);
	else if (r == -ENOTSUP)
		unit_fail(ir->u, "%s: neither zstd nor zlib data", s->name);
	else if (r)
		unit_fail(ir->u, "%s: truncated or corrupt compressed data", s->name);
	if (!r && want && *n < want) {
		unit_fail(ir->u, "%s: shorter than its header", s->name);
		free(*out);
		*out = NULL;
		return -EINVAL;
	}
	return r == -EFBIG ? -EFBIG : r ? -EINVAL : 0;
}

int gcclto_version(const unsigned char *p, size_t n, int *major, int *minor)
{
	*major = *minor = 0;
	if (n < 4)
		return -1;
	for (int big = 0; big < 2; big++) {
		*major = (int16_t)rd16(p, big);
		*minor = (int16_t)rd16(p + 2, big);
		if (*major >= GCCLTO_MAJOR_MIN && *major <= GCCLTO_MAJOR_MAX)
			return big;
	}
	*major = (int16_t)rd16(p, 0);
	*minor = (int16_t)rd16(p + 2, 0);
	return -1;
}

static int check_version(struct irunit *ir)
{
	const struct gcclto_section *s = find(ir, ".lto");
	if (!s || s->size < 8) {
		unit_fail(ir->u, "GCC LTO unit %s has no valid version section (GCC 9 or older?)", ir->hash);
		return -EINVAL;
	}
	int major, minor;
	ir->big_endian = gcclto_version(s->data, s->size, &major, &minor);
	ir->major = major;
	if (ir->big_endian < 0) {
		unit_fail(ir->u, "GCC LTO stream version %d.%d is not one this version of lto-safe reads "
			  "(GCC 10 to 16)", major, minor);
		return -EINVAL;
	}
	return 0;
}

static void asm_ref(void *arg, const char *name, enum asm_name what)
{
	struct irunit *ir = arg;
	size_t *v = ir->toplevel && what == ASM_USE ? strmap_get(&ir->symver_seen, name) : NULL;
	if (v && !strmap_get(&ir->asm_seen, name)) {
		unit_add_asm_ref(ir->u, &ir->asm_seen, name, ir->u->syms[*v].name);
		ir->u->syms[ir->u->nsyms - 1].how |= REF_ASM_LTO_SEES;
	} else if (what == ASM_USE)
		unit_add_asm_ref(ir->u, &ir->asm_seen, name, ir->where);
	else if (ir->toplevel)
		asm_defs_note(ir->u, &ir->asm_defs, name, what);
}

static size_t uleb_len(uint64_t v)
{
	size_t n = 1;
	while (v >>= 7)
		n++;
	return n;
}

static int uleb(const unsigned char *p, size_t n, size_t *pos, uint64_t *v)
{
	*v = 0;
	for (unsigned shift = 0; *pos < n && shift < 64; shift += 7) {
		unsigned char b = p[(*pos)++];
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return 0;
	}
	return -1;
}

/* the unit's IR symbol table defines the n bytes at name */
static size_t ir_defines(const struct unit *u, const char *name, size_t n)
{
	for (size_t k = 0; k < u->nsyms; k++) {
		const struct sym *s = &u->syms[k];
		if (s->source == SRC_IR && s->role == SYM_DEF && !strncmp(s->name, name, n) && !s->name[n])
			return k;
	}
	return SIZE_MAX;
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* where a symbol name of asm text ends */
static int name_end(char c)
{
	return c == ',' || blank(c) || c == '\n' || c == ';' || c == '\0';
}

/*
 * Each ".symver NAME, N@V" (or N@@V, N@@@V) of top-level asm whose N@V the
 * IR symbol table of the unit defines too: GCC's symver attribute made
 * the same binding (elfutils' COMPAT_VERSION writes both), so LTO sees it,
 * and NAME goes to ir->symver_seen.  Returns 1 when some .symver of the
 * text is not such a pair: its binding is the asm's alone.
 */
static int symver_pairs(struct irunit *ir, const char *t, size_t n)
{
	int alone = 0;
	const char *end = t + n;
	for (const char *p = memmem(t, n, ".symver", 7); p; p = memmem(p, (size_t)(end - p), ".symver", 7)) {
		const char *q = p += 7, *a, *b;
		if (q >= end || !blank(*q))
			continue;
		while (q < end && blank(*q))
			q++;
		for (a = q; q < end && !name_end(*q); q++)
			;
		size_t al = (size_t)(q - a);
		while (q < end && blank(*q))
			q++;
		if (!al || q >= end || *q != ',') {
			alone = 1;
			continue;
		}
		for (q++; q < end && blank(*q); q++)
			;
		for (b = q; q < end && !name_end(*q); q++)
			;
		size_t def = ir_defines(ir->u, b, (size_t)(q - b));
		if (!memchr(b, '@', (size_t)(q - b)) || def == SIZE_MAX) {
			alone = 1;
			continue;
		}
		*strmap_put(&ir->symver_seen, unit_strndup(ir->u, a, al), 0, NULL) = def;
	}
	return alone;
}

/*
 * The strings of a stream section: after the header and the other streams,
 * a table of (ULEB128 length, bytes).  Every string that looks like asm
 * (it has white space) goes through the extractor; in a function body read
 * with asm_statements(), only the texts of asm statements do.
 */
static int read_strings(struct irunit *ir, const struct gcclto_section *s, const unsigned char *t,
			size_t len)
{
	for (size_t pos = 0; pos < len;) {
		uint64_t l;
		if (uleb(t, len, &pos, &l) || l > len - pos) {
			unit_fail(ir->u, "%s: malformed string table", s->name);
			return -EINVAL;
		}
		const char *str = (const char *)t + pos;
		size_t index = pos - uleb_len(l) + 1; /* how the main stream names it */
		if ((!memchr(str, ' ', l) && !memchr(str, '\t', l)) || (ir->asm_text && !ir->asm_text[index])) {
			pos += l;
			continue;
		}
		if (ir->toplevel && memmem(str, l, ".symver", 7) && symver_pairs(ir, str, l))
			ir->u->asm_symver = 1;
		if (asmrefs_scan(ir->a, str, l, asm_ref, ir) == -EINVAL) {
			unit_fail(ir->u, "internal error: the %s asm patterns do not compile", ir->a->name);
			return -EINVAL;
		}
		pos += l;
	}
	return 0;
}

/*
 * Which strings of a function body are asm text.  A function body's main
 * stream is a sequence of LEB128 numbers (records, tree references,
 * bitpacks).  It starts with the LTO_function tag, and a GIMPLE_ASM
 * statement is its tag, the statement header (one bitpack word; up to
 * three allowed), the counts of inputs, outputs, clobbers and labels, then
 * the index of its text in the string stream (offset + 1).  The same
 * sections also hold variables' initializers, which have no statements.  A string
 * literal (an assert's text, a printf format) is a STRING_CST tree
 * instead, and is not asm.  The tags depend on GCC's version (and
 * LTO_function on the languages GCC was built with, as the tree codes
 * do): asm_tags gives, per stream major version checked against GCC's
 * output, LTO_function minus the GIMPLE_ASM tag (measured by
 * tests/matrix/asm_tag.py on objects of Debian's GCC 11 to 16; their
 * fixtures are in tests/unit/data/ir).  Other versions keep reading every
 * string (asm_text stays NULL).
 */
static const struct {
	int major;
	uint64_t function_minus_asm;
} asm_tags[] = {
	{ 11, 37 }, /* GCC 11 */
	{ 12, 39 }, /* GCC 12 (two GIMPLE codes more) */
	{ 13, 40 }, /* GCC 13 */
	{ 14, 41 }, /* GCC 14 */
	{ 15, 43 }, /* GCC 15 */
	{ 16, 43 }, /* GCC 16 */
};

static void asm_statements(struct irunit *ir, const unsigned char *m, size_t n, size_t nstrings)
{
	uint64_t delta = 0;
	for (size_t i = 0; i < sizeof(asm_tags) / sizeof(asm_tags[0]); i++)
		if (asm_tags[i].major == ir->major)
			delta = asm_tags[i].function_minus_asm;
	uint64_t tok[9] = { 0 }; /* the last nine numbers, tok[8] the newest */
	size_t seen = 0, pos = 0;
	uint64_t tag = 0;
	if (!delta)
		return;
	ir->asm_text = xcalloc(nstrings + 2, 1);
	/* a stream that does not start with LTO_function is a variable's
	 * initializer (kmod's test tables, __PRETTY_FUNCTION__): its first
	 * record is a tree (LTO_trees, a STRING_CST ...), whose tags are below
	 * 256 where LTO_function is above (GCC 12: 423, GCC 11: 418); it holds
	 * no asm statement, and none of its strings is read */
	if (uleb(m, n, &pos, &tag) || tag < 256)
		return;
	tag -= delta;
	pos = 0;
	while (pos < n) {
		uint64_t v;
		if (uleb(m, n, &pos, &v)) /* overlong, or cut by the end: neither tag nor index */
			v = UINT64_MAX;
		memmove(tok, tok + 1, 8 * sizeof(tok[0]));
		tok[8] = v;
		if (++seen < 7 || v == 0 || v > nstrings)
			continue;
		int counts = 1;
		for (int k = 4; k < 8; k++)
			counts &= tok[k] < 1024;
		if (counts && (tok[2] == tag || (seen > 7 && tok[1] == tag) || (seen > 8 && tok[0] == tag)))
			ir->asm_text[v] = 1;
	}
}

/*
 * A section of streams: a header of 32-bit sizes (main, strings, and for
 * function bodies cfg), then the cfg stream, the main stream and the
 * strings, which must fill the section exactly.  Its strings are read as
 * asm text found in `where`.
 */
static int read_stream_section(struct irunit *ir, const struct gcclto_section *s, size_t nwords,
			       const char *where)
{
	unsigned char *d;
	size_t n;
	int r = inflate_section(ir, s, 0, &d, &n);
	if (r)
		return r;
	uint64_t size[3] = { 0, 0, 0 }; /* main, strings, cfg */
	for (size_t i = 0; i < nwords && 4 * nwords <= n; i++)
		size[i] = rd32(d + 4 * i, ir->big_endian);
	if (4 * nwords > n || 4 * nwords + size[0] + size[1] + size[2] != n) {
		unit_fail(ir->u, "%s: stream sizes do not match the section", s->name);
		free(d);
		return -EINVAL;
	}
	ir->where = where;
	if (nwords == 3)
		asm_statements(ir, d + 4 * nwords + size[2], (size_t)size[0], (size_t)size[1]);
	r = read_strings(ir, s, d + 4 * nwords + size[2] + size[0], (size_t)size[1]);
	free(ir->asm_text);
	ir->asm_text = NULL;
	free(d);
	return r;
}

static int read_toplevel_asm(struct irunit *ir)
{
	const struct gcclto_section *s = find(ir, ".asm");
	if (!s || !ir->a)
		return 0;
	ir->toplevel = 1;
	int r = read_stream_section(ir, s, 2, "top-level asm");
	ir->toplevel = 0;
	return r;
}

static int read_functions(struct irunit *ir)
{
	if (!ir->a)
		return 0;
	size_t hl = strlen(ir->hash);
	for (size_t i = 0; i < ir->nsecs; i++) {
		const char *n = ir->secs[i].name + PREFIX_LEN;
		size_t len = strlen(n);
		/* NAME.N.HASH: not one of the ".kind" sections, this unit's hash */
		if (*n == '.' || len <= hl + 1 || n[len - hl - 1] != '.' || strcmp(n + len - hl, ir->hash))
			continue;
		const char *dot = memrchr(n, '.', len - hl - 1);
		if (!dot || dot == n)
			continue;
		const char *fname = unit_strndup(ir->u, n, (size_t)(dot - n));
		int r = read_stream_section(ir, &ir->secs[i], 3, fname);
		if (r)
			return r;
	}
	return 0;
}

/* the ULEB128 that ends at p[end - 1], read backwards; its start in *start */
static int uleb_before(const unsigned char *p, size_t end, size_t *start, uint64_t *v)
{
	if (!end || (p[end - 1] & 0x80))
		return -1;
	size_t b = end - 1;
	while (b && (p[b - 1] & 0x80) && end - b < 10)
		b--;
	size_t pos = b;
	if (uleb(p, end, &pos, v) || pos != end)
		return -1;
	*start = b;
	return 0;
}

/* a character of a section name as C code writes them: C identifiers
 * (registration sections) and dotted names (".isr_vector", ".data.keep"
 * for linker scripts) */
static int section_char(int ch, int first)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '.' ||
	       (!first && ((ch >= '0' && ch <= '9') || ch == '$' || ch == '-'));
}

/*
 * The global decl state of the decls section: after the 16-byte header,
 * the number of states, then each state as its function's slot and, for
 * each decl stream, a count and that many tree slots.  GCC 11 to 16 have
 * one decl stream; the layout must add up exactly or it is not used.
 */
static int global_decls(struct irunit *ir, uint32_t **decls, size_t *ndecls)
{
	const struct gcclto_section *s = find(ir, ".decls");
	*decls = NULL;
	*ndecls = 0;
	if (!s)
		return 1;
	unsigned char *d;
	size_t n;
	int r = inflate_section(ir, s, 16, &d, &n);
	if (r)
		return r;
	uint32_t state_size = rd32(d + 8, ir->big_endian);
	free(d);
	if (state_size < 4 || state_size % 4 || state_size > DECOMPRESS_LIMIT - 16)
		return 1;
	if ((r = inflate_section(ir, s, 16 + (size_t)state_size, &d, &n)))
		return r;
	const unsigned char *w = d + 16;
	size_t nw = state_size / 4, k = 0;
	uint32_t nstates = rd32(w, ir->big_endian);
	int ok = nstates >= 1;
	size_t gbegin = 0, gcount = 0;
	k = 1;
	for (uint32_t st = 0; ok && st < nstates; st++) {
		if (k + 2 > nw) {
			ok = 0;
			break;
		}
		uint32_t cnt = rd32(w + 4 * (k + 1), ir->big_endian);
		if (cnt > nw - k - 2) {
			ok = 0;
			break;
		}
		if (st == 0) {
			gbegin = k + 2;
			gcount = cnt;
		}
		k += 2 + cnt;
	}
	if (ok && k == nw) {
		*decls = xmalloc((gcount ? gcount : 1) * sizeof(**decls));
		for (size_t i = 0; i < gcount; i++)
			(*decls)[i] = rd32(w + 4 * (gbegin + i), ir->big_endian);
		*ndecls = gcount;
	}
	free(d);
	return ok && k == nw ? 0 : 1;
}

/*
 * Sections of variables.  A variable's node in the symbol nodes stream
 * ends: tag, order, decl index, flags (each LEB128), comdat group NUL,
 * section NUL, resolution.  For every "\0NAME\0" in the stream, reading
 * four LEB128 fields backwards from the comdat's NUL must give the
 * variable tag; the decl index then leads through the global decl state
 * to a tree slot, and the symbol table entry with that slot is the
 * variable.  Names that do not decode that way are loose sections.
 */
static int read_sections(struct irunit *ir)
{
	const struct gcclto_section *s = find(ir, ".symbol_nodes");
	if (!s)
		return 0;
	unsigned char *d;
	size_t n;
	int r = inflate_section(ir, s, 0, &d, &n);
	if (r)
		return r;
	uint32_t *decls = NULL;
	size_t ndecls = 0;
	r = global_decls(ir, &decls, &ndecls);
	if (r < 0) {
		free(d);
		return r;
	}
	for (size_t p = 5; p < n; p++) {
		if (d[p - 1] || !section_char(d[p], 1))
			continue;
		size_t q = p;
		while (q < n && section_char(d[q], 0))
			q++;
		if (q >= n || d[q])
			continue;
		const char *sec = unit_strndup(ir->u, (const char *)d + p, q - p);
		size_t at = p - 1, start;
		uint64_t f[4];
		int ok = 1;
		for (int i = 0; ok && i < 4; i++) {
			ok = !uleb_before(d, at, &start, &f[i]);
			at = start;
		}
		/* f[3] tag, f[1] decl index */
		ok = ok && f[3] == NODE_TAG_VARIABLE && f[1] < ndecls;
		size_t hit = SIZE_MAX;
		for (size_t i = 0; ok && i < ir->nslots; i++)
			if (ir->slots[i].slot == decls[f[1]])
				hit = ir->slots[i].sym;
		if (hit != SIZE_MAX)
			ir->u->syms[hit].section = sec;
		else if (!ok)
			unit_add_loose_section(ir->u, sec);
		/* ok but no symbol entry: a static variable, not ours to keep */
		p = q;
	}
	free(decls);
	free(d);
	return 0;
}

static int read_unit(struct irunit *ir)
{
	int r = check_version(ir);
	if (r)
		return r;
	const struct gcclto_section *tab = find(ir, ".symtab"), *ext = find(ir, ".ext_symtab");
	if (tab && (r = read_symtab(ir->u, tab->data, tab->size, ext ? ext->data : NULL,
				    ext ? ext->size : 0, ir)))
		return r;
	if ((r = read_toplevel_asm(ir)) || (r = read_functions(ir)))
		return r;
	return read_sections(ir);
}

int gcclto_scan(struct unit *u, const struct arch *a, const struct gcclto_section *secs, size_t n)
{
	int r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		const char *name = secs[i].name;
		if (strncmp(name, PREFIX ".lto.", PREFIX_LEN + 5))
			continue;
		struct irunit ir = {
			.u = u, .a = a, .hash = name + PREFIX_LEN + 5, .secs = secs, .nsecs = n,
		};
		r = read_unit(&ir);
		asm_defs_finish(u, &ir.asm_defs);
		free(ir.slots);
		strmap_clear(&ir.asm_seen);
		strmap_clear(&ir.symver_seen);
	}
	if (r)
		return r;
	/* IR sections but no version section at all: GCC 9 or older */
	for (size_t i = 0; i < n; i++)
		if (!strncmp(secs[i].name, PREFIX ".symtab", PREFIX_LEN + 7)) {
			int have = 0;
			for (size_t k = 0; k < n; k++)
				have |= !strncmp(secs[k].name, PREFIX ".lto.", PREFIX_LEN + 5);
			if (!have) {
				unit_fail(u, "GCC LTO IR without a version section (GCC 9 or older?)");
				return -EINVAL;
			}
			break;
		}
	return 0;
}
