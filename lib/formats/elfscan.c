#include "elfscan.h"
#include "arch/arch.h"
#include "gcclto.h"
#include "llvmbc.h"
#include "util.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* large common symbols of the x86-64 medium model (not in glibc's elf.h) */
#define SHN_X86_64_LCOMMON_ 0xff02

#define GCC_LTO_PREFIX ".gnu.lto_"

/* what one ELF symbol became in u->syms (scan_syms -> scan_relocs) */
#define SLOT_NONE UINT32_MAX     /* local, section, marker: relocations ignored */
#define SLOT_DEF 0x80000000u     /* defined here: low bits index the SYM_DEF entry */

struct section {
	const char *name;
	GElf_Shdr shdr;
};

struct scan {
	struct unit *u;
	const unsigned char *data;
	size_t size;
	Elf *elf;
	size_t shnum;
	struct section *secs;  /* SCAN_FULL only */
	size_t symtab;         /* index of SHT_SYMTAB, 0 if none */
	size_t nsyms;
	uint32_t *slot;        /* per ELF symbol: SLOT_NONE, SLOT_DEF|i or an undef entry i */
	int slim;              /* __gnu_lto_slim seen */
	size_t bitcode;        /* index of the section with the IR that LTO links, or 0 */
};

static int fail_elf(struct unit *u, const char *what)
{
	unit_fail(u, "%s: %s", what, elf_errmsg(-1));
	return -EINVAL;
}

/* Bytes of section i inside the mapping (NULL for NOBITS), bounds-checked. */
static int section_bytes(struct scan *s, size_t i, const unsigned char **p, size_t *n)
{
	const GElf_Shdr *sh = &s->secs[i].shdr;
	*p = NULL;
	*n = 0;
	if (sh->sh_type == SHT_NOBITS)
		return 0;
	if (sh->sh_offset > s->size || sh->sh_size > s->size - sh->sh_offset) {
		unit_fail(s->u, "section %s extends past the end of the file", s->secs[i].name);
		return -EINVAL;
	}
	*p = s->data + sh->sh_offset;
	*n = sh->sh_size;
	return 0;
}

static uint8_t sym_type(unsigned t)
{
	switch (t) {
	case STT_NOTYPE: return SYMT_NOTYPE;
	case STT_FUNC:
	case STT_GNU_IFUNC: return SYMT_FUNC;
	case STT_OBJECT:
	case STT_COMMON: return SYMT_DATA;
	case STT_TLS: return SYMT_TLS;
	default: return SYMT_OTHER;
	}
}

/*
 * The ELF symbol table: global, weak and unique symbols, defined or not.
 * Fills s->slot so that relocations can find the entry of their symbol.
 */
static int scan_syms(struct scan *s)
{
	struct unit *u = s->u;
	Elf_Scn *scn = elf_getscn(s->elf, s->symtab);
	Elf_Data *data = scn ? elf_getdata(scn, NULL) : NULL;
	if (!data)
		return fail_elf(u, "cannot read the symbol table");
	size_t strndx = s->secs[s->symtab].shdr.sh_link;
	if (strndx == 0 || strndx >= s->shnum) {
		unit_fail(u, "symbol table has no string table");
		return -EINVAL;
	}
	Elf_Data *xdata = NULL;
	for (size_t i = 1; i < s->shnum; i++)
		if (s->secs[i].shdr.sh_type == SHT_SYMTAB_SHNDX && s->secs[i].shdr.sh_link == s->symtab) {
			Elf_Scn *xs = elf_getscn(s->elf, i);
			xdata = xs ? elf_getdata(xs, NULL) : NULL;
			if (!xdata)
				return fail_elf(u, "cannot read the extended section indexes");
		}

	size_t esz = gelf_fsize(s->elf, ELF_T_SYM, 1, EV_CURRENT);
	if (!esz)
		return fail_elf(u, "bad symbol entry size");
	s->nsyms = data->d_size / esz;
	if (s->nsyms >= SLOT_DEF) {
		unit_fail(u, "too many symbols (%zu)", s->nsyms);
		return -E2BIG;
	}
	s->slot = xmalloc((s->nsyms ? s->nsyms : 1) * sizeof(*s->slot));
	GROW(u->syms, u->asyms, u->nsyms + s->nsyms);

	for (size_t i = 0; i < s->nsyms; i++) {
		s->slot[i] = SLOT_NONE;
		GElf_Sym sym;
		Elf32_Word xndx = 0;
		if (!gelf_getsymshndx(data, xdata, (int)i, &sym, &xndx))
			return fail_elf(u, "cannot read a symbol");
		if (i == 0)
			continue;
		unsigned bind = GELF_ST_BIND(sym.st_info), type = GELF_ST_TYPE(sym.st_info);
		if (bind == STB_GNU_UNIQUE)
			bind = STB_GLOBAL;
		if ((bind != STB_GLOBAL && bind != STB_WEAK) || type == STT_SECTION || type == STT_FILE)
			continue;
		const char *name = elf_strptr(s->elf, strndx, sym.st_name);
		if (!name) {
			unit_fail(u, "symbol %zu: bad name index %lu", i, (unsigned long)sym.st_name);
			return -EINVAL;
		}
		if (!*name)
			continue;
		if (!strcmp(name, "__gnu_lto_slim")) {
			s->slim = 1;
			continue;
		}
		if (!strcmp(name, "__gnu_lto_v1"))
			continue;

		size_t shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
		const char *section = NULL;
		int common = 0;
		if (shndx == SHN_UNDEF) {
			s->slot[i] = (uint32_t)u->nsyms;
			struct sym *e = unit_add_sym(u, name, NULL, SYM_UNDEF, SRC_CODE);
			e->type = sym_type(type);
			e->bind = (uint8_t)bind;
			e->vis = (uint8_t)GELF_ST_VISIBILITY(sym.st_other);
			e->how = REF_PLAIN | (is_start_stop_name(name) ? REF_START_STOP : 0);
			continue;
		}
		if (shndx == SHN_COMMON ||
		    (shndx == SHN_X86_64_LCOMMON_ && u->machine == EM_X86_64))
			common = 1;
		else if (sym.st_shndx == SHN_XINDEX || shndx < SHN_LORESERVE) {
			if (shndx >= s->shnum) {
				unit_fail(u, "symbol %s: section index %zu out of range", name, shndx);
				return -EINVAL;
			}
			section = s->secs[shndx].name;
		}
		s->slot[i] = SLOT_DEF | (uint32_t)u->nsyms;
		struct sym *e = unit_add_sym(u, name, section, SYM_DEF, SRC_CODE);
		e->type = common && type == STT_NOTYPE ? SYMT_DATA : sym_type(type);
		e->bind = (uint8_t)bind;
		e->vis = (uint8_t)GELF_ST_VISIBILITY(sym.st_other);
		e->common = (uint8_t)common;
	}
	return 0;
}

/* The SYM_UNDEF entry that collects references to ELF symbol i. */
static struct sym *ref_entry(struct scan *s, size_t i)
{
	struct unit *u = s->u;
	uint32_t v = s->slot[i];
	if (!(v & SLOT_DEF))
		return &u->syms[v];
	const struct sym def = u->syms[v & ~SLOT_DEF];
	s->slot[i] = (uint32_t)u->nsyms;
	struct sym *e = unit_add_sym(u, "", NULL, SYM_UNDEF, SRC_CODE);
	e->name = def.name; /* already in the unit's arena */
	e->type = def.type;
	e->bind = def.bind;
	e->vis = def.vis;
	return e;
}

/*
 * A 64-bit MIPS relocation at p in the file's byte order: r_offset (8
 * bytes), then r_info as a 32-bit symbol index and the bytes r_ssym,
 * r_type3, r_type2, r_type.  rel gets the offset and r_info in the usual
 * form (sym << 32 | type), the first type only (arch_mips64.c).
 */
static void rinfo_mips64(const unsigned char *p, int big, GElf_Rela *rel)
{
	uint64_t off = 0;
	uint32_t sym = 0;
	for (int k = 0; k < 8; k++)
		off |= (uint64_t)p[big ? k : 7 - k] << (8 * (7 - k));
	for (int k = 0; k < 4; k++)
		sym |= (uint32_t)p[8 + (big ? k : 3 - k)] << (8 * (3 - k));
	rel->r_offset = off;
	rel->r_info = GELF_R_INFO(sym, p[15]);
}

static int scan_reloc_section(struct scan *s, size_t r, const struct arch *a)
{
	struct unit *u = s->u;
	const GElf_Shdr *rsh = &s->secs[r].shdr;
	size_t target = rsh->sh_info;
	if (target == 0 || target >= s->shnum) {
		unit_fail(u, "relocation section %s: bad target section %zu", s->secs[r].name, target);
		return -EINVAL;
	}
	const GElf_Shdr *tsh = &s->secs[target].shdr;
	if (!(tsh->sh_flags & SHF_ALLOC))
		return 0;
	if (rsh->sh_link != s->symtab || !s->symtab) {
		unit_fail(u, "relocation section %s: not linked to the symbol table", s->secs[r].name);
		return -EINVAL;
	}
	int exec = (tsh->sh_flags & SHF_EXECINSTR) != 0;
	const unsigned char *bytes = NULL;
	size_t nbytes = 0;
	if (exec && section_bytes(s, target, &bytes, &nbytes))
		return -EINVAL;

	Elf_Scn *scn = elf_getscn(s->elf, r);
	Elf_Data *data = scn ? elf_getdata(scn, NULL) : NULL;
	if (!data)
		return fail_elf(u, "cannot read relocations");
	int rela = rsh->sh_type == SHT_RELA;
	size_t esz = gelf_fsize(s->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	if (!esz)
		return fail_elf(u, "bad relocation entry size");
	size_t n = data->d_size / esz;
	/* MIPS64 r_info: read from the file's bytes (rinfo_mips64) */
	const unsigned char *raw = NULL;
	size_t nraw = 0;
	if (a->mips64_rinfo && u->elfclass == ELFCLASS64) {
		if (section_bytes(s, r, &raw, &nraw))
			return -EINVAL;
		n = nraw / esz;
	}
	for (size_t i = 0; i < n; i++) {
		GElf_Rela rel;
		if (raw) {
			rinfo_mips64(raw + i * esz, u->elfdata == ELFDATA2MSB, &rel);
		} else if (rela) {
			if (!gelf_getrela(data, (int)i, &rel))
				return fail_elf(u, "cannot read a relocation");
		} else {
			GElf_Rel r0;
			if (!gelf_getrel(data, (int)i, &r0))
				return fail_elf(u, "cannot read a relocation");
			rel.r_offset = r0.r_offset;
			rel.r_info = r0.r_info;
		}
		size_t symi = GELF_R_SYM(rel.r_info);
		if (symi == 0)
			continue;
		if (symi >= s->nsyms) {
			unit_fail(u, "relocation section %s: symbol index %zu out of range",
				  s->secs[r].name, symi);
			return -EINVAL;
		}
		if (s->slot[symi] == SLOT_NONE)
			continue;
		uint16_t how = REF_DATA;
		if (exec) {
			enum reloc_class c = arch_classify(a, (uint32_t)GELF_R_TYPE(rel.r_info),
							   bytes, nbytes, rel.r_offset);
			if (c == RC_NONE)
				continue;
			how = c == RC_CALL ? REF_CALL : REF_ADDR;
		}
		struct sym *e = ref_entry(s, symi);
		e->how = (uint16_t)((e->how & ~REF_PLAIN) | how);
	}
	return 0;
}

static int scan_relocs(struct scan *s)
{
	const struct arch *a = arch_find(s->u->machine, s->u->elfclass);
	if (!a || !s->slot)
		return 0;
	for (size_t i = 1; i < s->shnum; i++) {
		unsigned t = s->secs[i].shdr.sh_type;
		if ((t == SHT_RELA || t == SHT_REL) && scan_reloc_section(s, i, a))
			return -EINVAL;
	}
	return 0;
}

/* every ".gnu.lto_" section, for gcclto_scan() */
static int scan_gcc_ir(struct scan *s)
{
	struct gcclto_section *v = xcalloc(s->shnum ? s->shnum : 1, sizeof(*v));
	size_t n = 0;
	int r = 0;
	for (size_t i = 1; i < s->shnum && !r; i++) {
		if (strncmp(s->secs[i].name, GCC_LTO_PREFIX, sizeof(GCC_LTO_PREFIX) - 1))
			continue;
		if (s->secs[i].shdr.sh_flags & SHF_COMPRESSED) {
			unit_fail(s->u, "%s is compressed", s->secs[i].name);
			r = -EINVAL;
		} else if (!(r = section_bytes(s, i, &v[n].data, &v[n].size))) {
			v[n++].name = s->secs[i].name;
		}
	}
	if (!r && n)
		r = gcclto_scan(s->u, arch_find(s->u->machine, s->u->elfclass), v, n);
	free(v);
	return r ? -EINVAL : 0;
}

/*
 * Section names decide the LTO kind.  Slim GCC objects have no machine
 * code: their allocated sections (notes aside) are all empty.  With
 * SCAN_FULL the __gnu_lto_slim symbol has the last word.
 */
static int scan_sections(struct scan *s, const GElf_Ehdr *eh, enum scan_depth depth)
{
	struct unit *u = s->u;
	size_t shstrndx;
	if (elf_getshdrnum(s->elf, &s->shnum) || elf_getshdrstrndx(s->elf, &shstrndx))
		return fail_elf(u, "cannot read the section headers");
	/* libelf quietly reports no sections when their table is cut off */
	size_t shsz = gelf_fsize(s->elf, ELF_T_SHDR, 1, EV_CURRENT);
	if (!shsz || (eh->e_shnum && s->shnum != eh->e_shnum) || (eh->e_shoff && !s->shnum) ||
	    eh->e_shoff > s->size || s->shnum > (s->size - eh->e_shoff) / shsz) {
		unit_fail(u, "section header table extends past the end of the file");
		return -EINVAL;
	}
	if (depth == SCAN_FULL) {
		s->secs = xcalloc(s->shnum ? s->shnum : 1, sizeof(*s->secs));
		s->secs[0].name = "";
	}
	int gcc = 0, code = 0;
	size_t llvmbc = 0, llvmlto = 0;
	for (size_t i = 1; i < s->shnum; i++) {
		GElf_Shdr sh;
		Elf_Scn *scn = elf_getscn(s->elf, i);
		if (!scn || !gelf_getshdr(scn, &sh))
			return fail_elf(u, "cannot read a section header");
		const char *name = elf_strptr(s->elf, shstrndx, sh.sh_name);
		if (!name) {
			unit_fail(u, "section %zu: bad name index %lu", i, (unsigned long)sh.sh_name);
			return -EINVAL;
		}
		if (!strncmp(name, GCC_LTO_PREFIX, sizeof(GCC_LTO_PREFIX) - 1))
			gcc = 1;
		else if (!strcmp(name, ".llvmbc"))
			llvmbc = i;
		else if (!strcmp(name, ".llvm.lto"))
			llvmlto = i;
		else if ((sh.sh_flags & SHF_ALLOC) && sh.sh_size && sh.sh_type != SHT_NOTE)
			code = 1;
		if (depth == SCAN_FULL) {
			s->secs[i].name = name;
			s->secs[i].shdr = sh;
			if (sh.sh_type == SHT_SYMTAB && !s->symtab)
				s->symtab = i;
		}
	}
	if (gcc)
		u->lto = code ? LTO_GCC_FAT : LTO_GCC_SLIM;
	/* clang's fat LTO objects carry their IR in .llvm.lto; .llvmbc next to
	 * machine code (clang -fembed-bitcode, Rust's rlibs) is not linked */
	s->bitcode = llvmlto ? llvmlto : code ? 0 : llvmbc;
	if (s->bitcode)
		u->lto = LTO_LLVM;
	return 0;
}

static int scan_bitcode(struct scan *s)
{
	const unsigned char *p;
	size_t n;
	if (!s->bitcode)
		return 0;
	if (section_bytes(s, s->bitcode, &p, &n))
		return -EINVAL;
	return llvmbc_scan(s->u, arch_find(s->u->machine, s->u->elfclass), p, n) ? -EINVAL : 0;
}

int elfscan_unit(struct unit *u, const unsigned char *data, size_t size, enum scan_depth depth)
{
	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG)) {
		unit_fail(u, "not an ELF file");
		return -EINVAL;
	}
	/* ELF_C_READ_MMAP_PRIVATE: libelf reads the image and never writes to it */
	struct scan s = { .u = u, .data = data, .size = size };
	s.elf = elf_memory((char *)data, size);
	if (!s.elf)
		return fail_elf(u, "cannot read ELF");
	int err = -EINVAL;
	GElf_Ehdr eh;
	if (elf_kind(s.elf) != ELF_K_ELF || !gelf_getehdr(s.elf, &eh)) {
		fail_elf(u, "bad ELF header");
		goto out;
	}
	u->machine = eh.e_machine;
	u->elfclass = eh.e_ident[EI_CLASS];
	u->elfdata = eh.e_ident[EI_DATA];
	u->eflags = (uint32_t)eh.e_flags;
	u->kind = eh.e_type == ET_REL ? FK_ELF_REL : eh.e_type == ET_DYN ? FK_ELF_DYN : FK_ELF_OTHER;
	if (scan_sections(&s, &eh, depth))
		goto out;
	if (depth == SCAN_FULL && u->kind == FK_ELF_REL) {
		if (s.symtab && scan_syms(&s))
			goto out;
		if (scan_relocs(&s) || scan_gcc_ir(&s) || scan_bitcode(&s))
			goto out;
		if (u->lto == LTO_GCC_SLIM || u->lto == LTO_GCC_FAT)
			u->lto = s.slim ? LTO_GCC_SLIM : LTO_GCC_FAT;
		u->full = 1;
	}
	err = 0;
out:
	free(s.slot);
	free(s.secs);
	elf_end(s.elf);
	return err;
}
