#include "llvmbc.h"
#include "asmrefs.h"
#include "bitstream.h"
#include "strmap.h"
#include "util.h"

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* block ids and record codes (llvm/Bitcode/LLVMBitCodes.h, stable since LLVM 5) */
enum {
	MODULE_BLOCK = 8, CONSTANTS_BLOCK = 11, FUNCTION_BLOCK = 12, TYPE_BLOCK = 17,
	STRTAB_BLOCK = 23, SYMTAB_BLOCK = 25,
};
enum {
	MODULE_VERSION = 1, MODULE_TRIPLE = 2, MODULE_ASM = 4, MODULE_SECTIONNAME = 5,
	MODULE_GLOBALVAR = 7, MODULE_FUNCTION = 8, MODULE_ALIAS = 14, MODULE_IFUNC = 18,
};
enum {
	CST_SETTYPE = 1, CST_AGGREGATE = 7, CST_CE_CAST = 11, CST_INLINEASM_OLD = 18,
	CST_INLINEASM_OLD2 = 23, CST_INLINEASM_OLD3 = 28, CST_INLINEASM = 30,
};
enum { BLOB_RECORD = 1 }; /* STRTAB_BLOB, SYMTAB_BLOB */

/* linkage codes that make a symbol local, weak, or common */
static int linkage_local(uint64_t l)
{
	return l == 3 || l == 9 || l == 13 || l == 14;
}

static int linkage_weak(uint64_t l)
{
	return l == 1 || l == 4 || l == 7 || l == 10 || l == 11 || l == 15 || (l >= 16 && l <= 19);
}

/* linkonce and the ODR linkages: vague linkage (facts.h) */
static int linkage_vague(uint64_t l)
{
	return l == 4 || l == 10 || l == 11 || l == 15 || (l >= 17 && l <= 19);
}

/* one global value of a module, in value-number order */
struct gv {
	uint64_t name_off, name_len;
	uint8_t kind;        /* MODULE_GLOBALVAR, MODULE_FUNCTION, ... */
	uint8_t def;         /* a definition, not a declaration */
	uint8_t local;       /* internal or private linkage */
	uint8_t weak;
	uint8_t common;
	uint8_t vague;       /* linkonce or ODR linkage */
	uint8_t vis;         /* STV_* */
	uint8_t tls;
	uint64_t section;    /* 1-based index into the section names, 0 = none */
	uint64_t init;       /* 1-based value number of the initializer, 0 = none */
};

/* an inline asm text and the function body it was found in */
struct asmtext {
	char *text;
	size_t len;
	size_t fn;           /* index into gvs of the function, or SIZE_MAX: top-level */
};

struct module {
	uint64_t version;
	char *triple;
	struct gv *gvs;
	size_t ngvs, agvs;
	char **sections;
	size_t nsections, asections;
	struct asmtext *asms;
	size_t nasms, aasms;
	uint64_t *taken;     /* value numbers of functions stored in constants */
	size_t ntaken, ataken;
	size_t bodies;       /* function blocks seen so far */
	int types;           /* a type table was seen */
	const unsigned char *strtab; /* the STRTAB block that follows the module */
	size_t strtab_len;
};

struct reader {
	struct unit *u;
	const struct arch *a;
	struct bitstream bs;
	struct bs_record rec;
	struct module *mods;
	size_t nmods, amods;
	const unsigned char *symtab;
	size_t symtab_len;
	unsigned nstrtabs, nsymtabs;
	struct strmap seen;  /* asm references recorded */
	struct asm_defs defs; /* what module asm defines */
	const char *where;
};

static int fail(struct reader *r, const char *what)
{
	if (r->bs.error[0])
		unit_fail(r->u, "LLVM bitcode: %s: %s", what, r->bs.error);
	else
		unit_fail(r->u, "LLVM bitcode: %s", what);
	return -EINVAL;
}

/* the operands [from, from + n) as a string of characters */
static char *ops_string(const struct bs_record *rec, size_t from, size_t n)
{
	char *s = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)rec->ops[from + i];
	s[n] = '\0';
	return s;
}

static void module_free(struct module *m)
{
	free(m->triple);
	free(m->gvs);
	for (size_t i = 0; i < m->nsections; i++)
		free(m->sections[i]);
	free(m->sections);
	for (size_t i = 0; i < m->nasms; i++)
		free(m->asms[i].text);
	free(m->asms);
	free(m->taken);
}

static void add_asm(struct module *m, char *text, size_t len, size_t fn)
{
	GROW(m->asms, m->aasms, m->nasms + 1);
	m->asms[m->nasms].text = text;
	m->asms[m->nasms].len = len;
	m->asms[m->nasms++].fn = fn;
}

static void add_taken(struct module *m, uint64_t value)
{
	GROW(m->taken, m->ataken, m->ntaken + 1);
	m->taken[m->ntaken++] = value;
}

/*
 * A global value record (strtab names, module version 2); fields after the
 * linkage may be missing (then 0):
 *   GLOBALVAR [name, size, type, isconst, initid, linkage, align, section, vis, tls, ...]
 *   FUNCTION  [name, size, type, cc, isproto, linkage, attrs, align, section, vis, ...]
 *   ALIAS     [name, size, type, addrspace, aliasee, linkage, vis, ...]
 *   IFUNC     [name, size, type, addrspace, resolver, linkage, vis, ...]
 */
static int global_value(struct reader *r, struct module *m)
{
	const struct bs_record *rec = &r->rec;
	/* trailing fields at their default values may be left out */
#define OP(i) (rec->nops > (i) ? rec->ops[i] : 0)
	if (rec->nops < 6)
		return fail(r, "short global value record");
	struct gv g = { .name_off = rec->ops[0], .name_len = rec->ops[1], .kind = (uint8_t)rec->code };
	uint64_t linkage = rec->ops[5], vis;
	switch (rec->code) {
	case MODULE_GLOBALVAR:
		g.init = rec->ops[4];
		g.section = OP(7);
		vis = OP(8);
		g.tls = OP(9) != 0;
		g.common = linkage == 8;
		g.def = g.init != 0 || g.common;
		break;
	case MODULE_FUNCTION:
		g.def = rec->ops[4] == 0;
		g.section = OP(8);
		vis = OP(9);
		break;
	default:
		vis = OP(6);
		g.def = 1;
		break;
	}
#undef OP
	g.local = (uint8_t)linkage_local(linkage);
	g.weak = (uint8_t)linkage_weak(linkage);
	g.vague = (uint8_t)linkage_vague(linkage);
	g.vis = vis == 1 ? STV_HIDDEN : vis == 2 ? STV_PROTECTED : STV_DEFAULT;
	if (g.init)
		add_taken(m, g.init - 1);
	GROW(m->gvs, m->agvs, m->ngvs + 1);
	m->gvs[m->ngvs++] = g;
	return 0;
}

/*
 * INLINEASM, by layout:
 *   OLD, OLD2, OLD3  [flags, asmlen, asm..., constraintlen, constraints...]
 *   INLINEASM (15+)  [fnty, flags, asmlen, asm..., ...]
 */
static int inline_asm(struct reader *r, struct module *m, size_t fn)
{
	const struct bs_record *rec = &r->rec;
	size_t at = rec->code == CST_INLINEASM ? 2 : 1;
	if (rec->nops <= at || rec->ops[at] > rec->nops - at - 1)
		return fail(r, "malformed inline asm record");
	size_t len = (size_t)rec->ops[at];
	add_asm(m, ops_string(rec, at + 1, len), len, fn);
	return 0;
}

/*
 * The next record of the current block in r->rec, nested blocks skipped:
 * 1 for a record, 0 at the end of the block, -EINVAL with the message bad
 * for a bad record or unclosed for a block that does not close.
 */
static int next_record(struct reader *r, const char *bad, const char *unclosed)
{
	struct bs_entry e;
	while (bs_next(&r->bs, &e) == BS_OK) {
		if (e.kind == BS_END)
			return 0;
		if (e.kind == BS_BLOCK) {
			if (bs_skip(&r->bs))
				return fail(r, "cannot skip a block");
			continue;
		}
		return bs_record(&r->bs, &r->rec) ? fail(r, bad) : 1;
	}
	return fail(r, unclosed);
}

/* a constants block: module-level (fn SIZE_MAX) or of a function body */
static int constants(struct reader *r, struct module *m, size_t fn)
{
	int st;
	while ((st = next_record(r, "bad constant", "constants block not closed")) > 0) {
		switch (r->rec.code) {
		case CST_INLINEASM_OLD:
		case CST_INLINEASM_OLD2:
		case CST_INLINEASM_OLD3:
		case CST_INLINEASM:
			if (inline_asm(r, m, fn))
				return -EINVAL;
			break;
		case CST_AGGREGATE:
			if (fn == SIZE_MAX)
				for (size_t i = 0; i < r->rec.nops; i++)
					add_taken(m, r->rec.ops[i]);
			break;
		case CST_CE_CAST:
			if (fn == SIZE_MAX && r->rec.nops >= 3)
				add_taken(m, r->rec.ops[2]);
			break;
		}
	}
	return st;
}

/* the index in gvs of the n-th function with a body */
static size_t nth_body(const struct module *m, size_t n)
{
	for (size_t i = 0; i < m->ngvs; i++)
		if (m->gvs[i].kind == MODULE_FUNCTION && m->gvs[i].def && n-- == 0)
			return i;
	return SIZE_MAX;
}

/* a function body: only its constants blocks matter (inline asm) */
static int function_body(struct reader *r, struct module *m)
{
	size_t fn = nth_body(m, m->bodies++);
	struct bs_entry e;
	int st;
	while ((st = bs_next(&r->bs, &e)) == BS_OK) {
		if (e.kind == BS_END)
			return 0;
		if (e.kind == BS_RECORD) {
			if (bs_skip_record(&r->bs))
				return fail(r, "bad record in a function");
		} else if (e.id == CONSTANTS_BLOCK) {
			if (bs_enter(&r->bs) || constants(r, m, fn == SIZE_MAX ? SIZE_MAX - 1 : fn))
				return fail(r, "bad constants block in a function");
		} else if (bs_skip(&r->bs)) {
			return fail(r, "cannot skip a block");
		}
	}
	return fail(r, "function block not closed");
}

static int module(struct reader *r)
{
	GROW(r->mods, r->amods, r->nmods + 1);
	struct module *m = &r->mods[r->nmods++];
	memset(m, 0, sizeof(*m));
	struct bs_entry e;
	int st;
	while ((st = bs_next(&r->bs, &e)) == BS_OK) {
		if (e.kind == BS_END)
			break;
		if (e.kind == BS_BLOCK) {
			int rc;
			if (e.id == CONSTANTS_BLOCK)
				rc = bs_enter(&r->bs) ? fail(r, "bad constants block") : constants(r, m, SIZE_MAX);
			else if (e.id == FUNCTION_BLOCK)
				rc = bs_enter(&r->bs) ? fail(r, "bad function block") : function_body(r, m);
			else
				rc = bs_skip(&r->bs) ? fail(r, "cannot skip a block") : 0;
			m->types |= e.id == TYPE_BLOCK;
			if (rc)
				return rc;
			continue;
		}
		if (bs_record(&r->bs, &r->rec))
			return fail(r, "bad module record");
		const struct bs_record *rec = &r->rec;
		switch (rec->code) {
		case MODULE_VERSION:
			m->version = rec->nops ? rec->ops[0] : 0;
			break;
		case MODULE_TRIPLE:
			free(m->triple);
			m->triple = ops_string(rec, 0, rec->nops);
			break;
		case MODULE_ASM:
			add_asm(m, ops_string(rec, 0, rec->nops), rec->nops, SIZE_MAX);
			break;
		case MODULE_SECTIONNAME:
			GROW(m->sections, m->asections, m->nsections + 1);
			m->sections[m->nsections++] = ops_string(rec, 0, rec->nops);
			break;
		case MODULE_GLOBALVAR:
		case MODULE_FUNCTION:
		case MODULE_ALIAS:
		case MODULE_IFUNC:
			if (m->version < 2)
				return fail(r, "module without a string table (LLVM 4 or older)");
			if (global_value(r, m))
				return -EINVAL;
			break;
		}
	}
	return st == BS_OK ? 0 : fail(r, "module block not closed");
}

/* a block holding one blob record (STRTAB, SYMTAB) */
static int blob_block(struct reader *r, const unsigned char **blob, size_t *len)
{
	int st;
	while ((st = next_record(r, "bad record", "block not closed")) > 0)
		if (r->rec.code == BLOB_RECORD && r->rec.blob) {
			*blob = r->rec.blob;
			*len = r->rec.bloblen;
		}
	return st;
}

static const char *strtab_name(const struct module *m, uint64_t off, uint64_t len, char *buf, size_t bufsz)
{
	if (!m->strtab || off > m->strtab_len || len > m->strtab_len - off || len >= bufsz)
		return NULL;
	memcpy(buf, m->strtab + off, (size_t)len);
	buf[len] = '\0';
	return buf;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* name -> section (as a pointer) of every non-local global with one */
static void map_sections(struct reader *r, struct strmap *map)
{
	char buf[4096];
	for (size_t k = 0; k < r->nmods; k++) {
		const struct module *m = &r->mods[k];
		for (size_t i = 0; i < m->ngvs; i++) {
			const struct gv *g = &m->gvs[i];
			if (!g->section || g->section > m->nsections || g->local)
				continue;
			const char *n = strtab_name(m, g->name_off, g->name_len, buf, sizeof(buf));
			if (n)
				strmap_put(map, unit_strdup(r->u, n), (size_t)(uintptr_t)m->sections[g->section - 1], NULL);
		}
	}
}

/*
 * irsymtab (llvm/Object/IRSymtab.h): a header of 32-bit words (version,
 * producer, then ranges {offset, count} of modules, comdats, symbols,
 * uncommons, ...); a symbol is {name, irname, comdat, flags}, names as
 * {offset, size} in the string table, comdat the index of its comdat or
 * -1 (a member of one is of vague linkage).  Flags: visibility (2 bits),
 * has_uncommon, undefined, weak, common, indirect, used, tls, may_omit,
 * global, format_specific, unnamed_addr, executable.
 */
enum { FB_UNCOMMON = 1 << 2, FB_UNDEF = 1 << 3, FB_WEAK = 1 << 4, FB_COMMON = 1 << 5,
       FB_TLS = 1 << 8, FB_GLOBAL = 1 << 10, FB_EXEC = 1 << 13 };

static int symtab_symbols(struct reader *r)
{
	const unsigned char *s = r->symtab;
	size_t n = r->symtab_len;
	/* one symbol table for one string table (several files of modules
	 * concatenated are read from their records) */
	if (!s || n < 64 || r->nsymtabs != 1 || r->nstrtabs != 1)
		return 1;
	uint32_t version = le32(s);
	if (version < 1 || version > 3)
		return 1;
	uint32_t soff = le32(s + 28), scount = le32(s + 32);
	if (soff > n || scount > (n - soff) / 24)
		return 1;
	char buf[4096];
	/* every name must be readable before any symbol is taken from here */
	for (uint32_t i = 0; i < scount; i++) {
		const unsigned char *p = s + soff + 24 * (size_t)i;
		if ((le32(p + 20) & FB_GLOBAL) && !strtab_name(r->mods, le32(p), le32(p + 4), buf, sizeof(buf)))
			return 1;
	}
	struct strmap sections = STRMAP_INIT;
	map_sections(r, &sections);
	for (uint32_t i = 0; i < scount; i++) {
		const unsigned char *p = s + soff + 24 * (size_t)i;
		uint32_t flags = le32(p + 20);
		if (!(flags & FB_GLOBAL))
			continue;
		const char *name = strtab_name(r->mods, le32(p), le32(p + 4), buf, sizeof(buf));
		if (!*name)
			continue;
		int def = !(flags & FB_UNDEF);
		size_t *sec = def ? strmap_get(&sections, name) : NULL;
		struct sym *e = unit_add_sym(r->u, name, sec ? (const char *)(uintptr_t)*sec : NULL,
					     def ? SYM_DEF : SYM_UNDEF, SRC_IR);
		e->bind = flags & FB_WEAK ? STB_WEAK : STB_GLOBAL;
		unsigned v = flags & 3;
		e->vis = v == 1 ? STV_HIDDEN : v == 2 ? STV_PROTECTED : STV_DEFAULT;
		e->type = flags & FB_TLS ? SYMT_TLS : flags & FB_EXEC ? SYMT_FUNC : def ? SYMT_DATA : SYMT_NOTYPE;
		e->common = (flags & FB_COMMON) != 0;
		e->vague = def && le32(p + 16) != UINT32_MAX;
		if (!def)
			e->how = REF_PLAIN | (is_start_stop_name(name) ? REF_START_STOP : 0);
	}
	strmap_clear(&sections);
	return 0;
}

static int record_symbols(struct reader *r)
{
	char buf[4096];
	for (size_t k = 0; k < r->nmods; k++) {
		const struct module *m = &r->mods[k];
		for (size_t i = 0; i < m->ngvs; i++) {
			const struct gv *g = &m->gvs[i];
			if (g->local)
				continue;
			const char *name = strtab_name(m, g->name_off, g->name_len, buf, sizeof(buf));
			if (!name)
				return fail(r, "symbol name outside the string table");
			if (!*name || !strncmp(name, "llvm.", 5))
				continue;
			const char *sec = g->section && g->section <= m->nsections ? m->sections[g->section - 1] : NULL;
			struct sym *e = unit_add_sym(r->u, name, g->def ? sec : NULL, g->def ? SYM_DEF : SYM_UNDEF, SRC_IR);
			e->bind = g->weak ? STB_WEAK : STB_GLOBAL;
			e->vis = g->vis;
			e->type = g->tls ? SYMT_TLS : g->kind == MODULE_FUNCTION ? SYMT_FUNC : g->def ? SYMT_DATA : SYMT_NOTYPE;
			e->common = g->common;
			e->vague = g->def && g->vague;
			if (!g->def)
				e->how = REF_PLAIN | (is_start_stop_name(name) ? REF_START_STOP : 0);
		}
	}
	return 0;
}

static void asm_ref(void *arg, const char *name, enum asm_name what)
{
	struct reader *r = arg;
	if (what == ASM_USE)
		unit_add_asm_ref(r->u, &r->seen, name, r->where);
	else if (!strcmp(r->where, "top-level asm"))
		asm_defs_note(r->u, &r->defs, name, what);
}

static int asm_and_addresses(struct reader *r)
{
	char buf[4096];
	for (size_t k = 0; k < r->nmods; k++) {
		const struct module *m = &r->mods[k];
		const struct arch *a = m->triple ? arch_from_triple(m->triple) : NULL;
		if (!a)
			a = r->a;
		if (a && !r->u->machine) {
			r->u->machine = a->machine;
			r->u->elfclass = a->elfclass;
			r->u->elfdata = a->elfdata;
		}
		for (size_t i = 0; a && i < m->nasms; i++) {
			const struct asmtext *t = &m->asms[i];
			r->where = "top-level asm";
			if (t->fn != SIZE_MAX) {
				const struct gv *g = t->fn < m->ngvs ? &m->gvs[t->fn] : NULL;
				const char *fname = g ? strtab_name(m, g->name_off, g->name_len, buf, sizeof(buf)) : NULL;
				r->where = unit_strdup(r->u, fname ? fname : "?");
			}
			if (asmrefs_scan(a, t->text, t->len, asm_ref, r) == -EINVAL)
				return fail(r, "internal error: the asm patterns do not compile");
		}
		for (size_t i = 0; i < m->ntaken; i++) {
			uint64_t v = m->taken[i];
			if (v >= m->ngvs || m->gvs[v].kind != MODULE_FUNCTION || m->gvs[v].local)
				continue;
			const char *name = strtab_name(m, m->gvs[v].name_off, m->gvs[v].name_len, buf, sizeof(buf));
			if (!name || !*name)
				continue;
			struct sym *e = unit_add_sym(r->u, name, NULL, SYM_UNDEF, SRC_IR);
			e->how = REF_DATA;
			e->bind = STB_GLOBAL;
			e->type = SYMT_FUNC;
		}
	}
	return 0;
}

/* the stream after the magic, inside the wrapper if there is one */
static int unwrap(struct unit *u, const unsigned char *data, size_t size, const unsigned char **out,
		  size_t *outlen)
{
	if (size >= 20 && le32(data) == 0x0B17C0DEu) {
		uint32_t off = le32(data + 8), len = le32(data + 12);
		if (off > size || len > size - off) {
			unit_fail(u, "LLVM bitcode wrapper points past the end of the file");
			return -EINVAL;
		}
		data += off;
		size = len;
	}
	if (size < 4 || memcmp(data, "BC\xc0\xde", 4)) {
		unit_fail(u, "not LLVM bitcode");
		return -EINVAL;
	}
	*out = data + 4;
	*outlen = size - 4;
	return 0;
}

int llvmbc_scan(struct unit *u, const struct arch *a, const unsigned char *data, size_t size)
{
	const unsigned char *stream;
	size_t len;
	if (unwrap(u, data, size, &stream, &len))
		return -EINVAL;
	struct reader r = { .u = u, .a = a };
	bs_init(&r.bs, stream, len);
	struct bs_entry e;
	int st, rc = 0;
	while (!rc && (st = bs_next(&r.bs, &e)) == BS_OK) {
		if (e.kind != BS_BLOCK) {
			rc = fail(&r, "record outside a block");
		} else if (e.id == MODULE_BLOCK) {
			rc = bs_enter(&r.bs) ? fail(&r, "bad module block") : module(&r);
		} else if (e.id == STRTAB_BLOCK) {
			const unsigned char *tab = NULL;
			size_t tablen = 0;
			rc = bs_enter(&r.bs) ? fail(&r, "bad string table") : blob_block(&r, &tab, &tablen);
			for (size_t i = r.nmods; i-- > 0 && !r.mods[i].strtab;) {
				r.mods[i].strtab = tab;
				r.mods[i].strtab_len = tablen;
			}
			r.nstrtabs++;
		} else if (e.id == SYMTAB_BLOCK) {
			rc = bs_enter(&r.bs) ? fail(&r, "bad symbol table") : blob_block(&r, &r.symtab, &r.symtab_len);
			r.nsymtabs++;
		} else if (bs_skip(&r.bs)) {
			rc = fail(&r, "cannot skip a block");
		}
	}
	if (!rc && st == BS_ERR)
		rc = fail(&r, "bad stream");
	if (!rc && !r.nmods)
		rc = fail(&r, "no module");
	for (size_t i = 0; !rc && i < r.nmods; i++)
		if (!r.mods[i].strtab)
			rc = fail(&r, "no string table");
	if (!rc && symtab_symbols(&r))
		rc = record_symbols(&r);
	if (!rc)
		rc = asm_and_addresses(&r);
	asm_defs_finish(r.u, &r.defs);
	/* every global value record names a type: a module with globals, no
	 * type table and no function body is the minimized bitcode of
	 * -fthin-link-bitcode */
	for (size_t i = 0; !rc && i < r.nmods; i++)
		if (r.mods[i].ngvs && !r.mods[i].types && !r.mods[i].bodies)
			u->thin_link_bitcode = 1;
	for (size_t i = 0; i < r.nmods; i++)
		module_free(&r.mods[i]);
	free(r.mods);
	bs_record_free(&r.rec);
	bs_release(&r.bs);
	strmap_clear(&r.seen);
	return rc ? -EINVAL : 0;
}
