#include "verify.h"
#include "diag.h"
#include "report.h"
#include "strmap.h"
#include "strvec.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *verify_table_name(enum verify_table t)
{
	switch (t) {
	case VERIFY_SYMTAB: return ".symtab";
	case VERIFY_DYNSYM: return ".dynsym";
	case VERIFY_NONE: break;
	}
	return "no symbol table";
}

/* the defined names of one symbol table; versioned names also without "@..." */
static void collect(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, struct strmap *defined,
		    struct strvec *copies)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !sh->sh_entsize)
		return;
	size_t n = d->d_size / sh->sh_entsize;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_name)
			continue;
		const char *name = elf_strptr(elf, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		strmap_put(defined, name, 0, NULL);
		const char *at = strchr(name, '@');
		if (at && at > name) {
			strvec_push_nodup(copies, xstrndup(name, (size_t)(at - name)));
			strmap_put(defined, copies->v[copies->nr - 1], 0, NULL);
		}
	}
}

static int is_defined(const struct strmap *defined, const char *name)
{
	if (strmap_get(defined, name))
		return 1;
	const char *at = strchr(name, '@');
	if (!at || at == name)
		return 0;
	char *base = xstrndup(name, (size_t)(at - name));
	int r = strmap_get(defined, base) != NULL;
	free(base);
	return r;
}

/* the defined names of one ELF file's table; the names point into the
 * file's string table, which lives until defined_release() */
struct defined {
	struct strmap names;
	struct strvec copies; /* versioned names without "@..." */
	enum verify_table table;
	Elf *elf;
	int fd;
};

static void defined_release(struct defined *d)
{
	strmap_clear(&d->names);
	strvec_clear(&d->copies);
	if (d->elf)
		elf_end(d->elf);
	if (d->fd >= 0)
		close(d->fd);
}

/* path's .symtab (unless dynsym_only) or .dynsym into d; 0 or a negative
 * errno (d is then empty, and still to be released) */
static int defined_load(struct defined *d, const char *path, int dynsym_only)
{
	*d = (struct defined){ STRMAP_INIT, STRVEC_INIT, VERIFY_NONE, NULL, -1 };
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	d->elf = elf_begin(d->fd, ELF_C_READ_MMAP, NULL);
	if (!d->elf || elf_kind(d->elf) != ELF_K_ELF)
		return -ENOEXEC;
	Elf_Scn *symtab = NULL, *dynsym = NULL;
	GElf_Shdr sh_sym, sh_dyn, sh;
	for (Elf_Scn *scn = elf_nextscn(d->elf, NULL); scn; scn = elf_nextscn(d->elf, scn)) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symtab && !dynsym_only) {
			symtab = scn;
			sh_sym = sh;
		} else if (sh.sh_type == SHT_DYNSYM && !dynsym) {
			dynsym = scn;
			sh_dyn = sh;
		}
	}
	if (symtab) {
		d->table = VERIFY_SYMTAB;
		collect(d->elf, symtab, &sh_sym, &d->names, &d->copies);
	} else if (dynsym) {
		d->table = VERIFY_DYNSYM;
		collect(d->elf, dynsym, &sh_dyn, &d->names, &d->copies);
	}
	return 0;
}

int verify_symbols(const char *path, const char *const *names, size_t n, unsigned char *state,
		   enum verify_table *table)
{
	struct defined d;
	int r = defined_load(&d, path, 0);
	*table = d.table;
	for (size_t i = 0; !r && i < n; i++) {
		if (is_defined(&d.names, names[i]))
			state[i] = VERIFY_PRESENT;
		else
			state[i] = d.table == VERIFY_SYMTAB ? VERIFY_MISSING : VERIFY_UNCHECKED;
	}
	defined_release(&d);
	return r;
}

/* "a, b, c" and "and N more" beyond the names given */
char *verify_join_names(const struct strvec *names, size_t total)
{
	size_t len = 32;
	for (size_t i = 0; i < names->nr; i++)
		len += strlen(names->v[i]) + 2;
	char *s = xmalloc(len), *p = s;
	*p = '\0';
	for (size_t i = 0; i < names->nr; i++)
		p += sprintf(p, "%s%s", i ? ", " : "", names->v[i]);
	if (total > names->nr)
		sprintf(p, " and %zu more", total - names->nr);
	return s;
}

int verify_output(const char *path, const struct scan_set *set, const struct keep_set *ks)
{
	if (!ks->nr)
		return 0;
	const char **names = xcalloc(ks->nr, sizeof(*names));
	unsigned char *state = xcalloc(ks->nr, 1);
	for (size_t i = 0; i < ks->nr; i++)
		names[i] = ks->v[i].name;
	enum verify_table table;
	int r = verify_symbols(path, names, ks->nr, state, &table);
	if (r < 0) {
		diag_note("cannot check the kept symbols in %s: %s", path,
			  r == -ENOEXEC ? "not an ELF file" : strerror(-r));
	} else {
		size_t unchecked = 0;
		struct strvec un = STRVEC_INIT;
		for (size_t i = 0; i < ks->nr; i++) {
			const struct keep *k = &ks->v[i];
			if (state[i] == VERIFY_UNCHECKED) {
				if (un.nr < VERIFY_NAMES_SHOWN)
					strvec_push(&un, k->name);
				unchecked++;
			} else if (state[i] == VERIFY_MISSING) {
				char *where = unit_describe(&set->units[k->def_unit]);
				diag_warn("kept symbol %s (%s, defined in %s) is not in %s", k->name,
					  keep_reason_name(k->reason), where, path);
				free(where);
				r++;
			}
		}
		if (unchecked) {
			char *list = verify_join_names(&un, unchecked);
			diag_note("cannot check %zu kept symbol%s in %s (%s): %s", unchecked,
				  unchecked == 1 ? "" : "s", path,
				  table == VERIFY_DYNSYM ? "stripped, not in .dynsym" : "no symbol table", list);
			free(list);
		}
		strvec_clear(&un);
	}
	free(names);
	free(state);
	return r;
}

/* an IR definition that a shared library exports, unless LTO leaves it out */
static int exported_vague(const struct sym *s)
{
	return s->role == SYM_DEF && s->source == SRC_IR && s->vague &&
	       (s->vis == STV_DEFAULT || s->vis == STV_PROTECTED);
}

int verify_exports(const char *path, const struct scan_set *set, struct keep_set *ks)
{
	/* the candidates, once each: a loaded LTO unit's exported_vague()
	 * definitions, less the kept names and any name some loaded unit
	 * defines hidden (the linker would not export it either) */
	struct strmap seen = STRMAP_INIT, hidden = STRMAP_INIT;
	struct { const struct sym *s; size_t unit; } *cand = NULL;
	size_t ncand = 0, acand = 0;
	for (size_t i = 0; i < ks->nr; i++)
		strmap_put(&hidden, ks->v[i].name, 1, NULL);
	for (size_t i = 0; i < set->nunits && i < ks->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!ks->loaded[i])
			continue;
		/* a fat object's code is what a build without LTO links: there
		 * a candidate must be exported by the code too (GCC's IR symbol
		 * table also lists what the compiler would not have emitted) */
		struct strmap code = STRMAP_INIT;
		for (size_t j = 0; u->lto == LTO_GCC_FAT && j < u->nsyms; j++) {
			const struct sym *s = &u->syms[j];
			if (s->role == SYM_DEF && s->source == SRC_CODE &&
			    (s->vis == STV_DEFAULT || s->vis == STV_PROTECTED))
				strmap_put(&code, s->name, 1, NULL);
		}
		for (size_t j = 0; j < u->nsyms; j++) {
			const struct sym *s = &u->syms[j];
			int isnew = 0;
			if (s->role == SYM_DEF && (s->vis == STV_HIDDEN || s->vis == STV_INTERNAL))
				strmap_put(&hidden, s->name, 1, NULL);
			else if (u->lto != LTO_NONE && exported_vague(s) &&
				 (u->lto != LTO_GCC_FAT || strmap_get(&code, s->name)))
				strmap_put(&seen, s->name, 1, &isnew);
			if (isnew) {
				GROW(cand, acand, ncand + 1);
				cand[ncand].s = s;
				cand[ncand++].unit = i;
			}
		}
		strmap_clear(&code);
	}
	int r = 0, err = 0;
	struct strvec shown = STRVEC_INIT;
	struct defined d = { STRMAP_INIT, STRVEC_INIT, VERIFY_NONE, NULL, -1 };
	if (ncand)
		err = defined_load(&d, path, 1);
	if (err < 0)
		diag_note("cannot check the exports of %s: %s", path,
			  err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	for (size_t i = 0; d.table == VERIFY_DYNSYM && i < ncand; i++) {
		const struct sym *s = cand[i].s;
		if (strmap_get(&hidden, s->name) || is_defined(&d.names, s->name))
			continue;
		GROW(ks->seen, ks->aseen, ks->nseen + 1);
		ks->seen[ks->nseen++] = (struct keep){
			.name = s->name, .reason = KEEP_VAGUE_LINKAGE, .def_unit = cand[i].unit,
			.evidence_unit = cand[i].unit, .type = s->type,
			.detail = set->units[cand[i].unit].lto == LTO_GCC_FAT
				? xasprintf("exported by the code (a link without LTO), not by %s: LTO "
					    "left it out (each user has its own copy)", path_base(path))
				: xasprintf("in the IR, not exported by %s: LTO left it out (each user "
					    "has its own copy; a build without LTO may not emit it "
					    "either)", path_base(path)),
		};
		if (shown.nr < VERIFY_NAMES_SHOWN)
			strvec_push(&shown, s->name);
		r++;
	}
	if (r > 0) {
		keep_set_sort_seen(ks);
		char *list = verify_join_names(&shown, (size_t)r);
		diag_note("LTO left %d definition%s of vague linkage out of the exports of %s (C++ "
			  "inline functions, template instances, vtables, typeinfo: each user has its "
			  "own copy; not kept): %s", r, r == 1 ? "" : "s", path, list);
		free(list);
	}
	strvec_clear(&shown);
	defined_release(&d);
	strmap_clear(&seen);
	strmap_clear(&hidden);
	free(cand);
	return err < 0 ? err : r;
}
