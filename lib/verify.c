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

int verify_symbols(const char *path, const char *const *names, size_t n, unsigned char *state,
		   enum verify_table *table)
{
	*table = VERIFY_NONE;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		if (elf)
			elf_end(elf);
		close(fd);
		return -ENOEXEC;
	}
	Elf_Scn *symtab = NULL, *dynsym = NULL;
	GElf_Shdr sh_sym, sh_dyn, sh;
	for (Elf_Scn *scn = elf_nextscn(elf, NULL); scn; scn = elf_nextscn(elf, scn)) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symtab) {
			symtab = scn;
			sh_sym = sh;
		} else if (sh.sh_type == SHT_DYNSYM && !dynsym) {
			dynsym = scn;
			sh_dyn = sh;
		}
	}
	struct strmap defined = STRMAP_INIT;
	struct strvec copies = STRVEC_INIT;
	if (symtab) {
		*table = VERIFY_SYMTAB;
		collect(elf, symtab, &sh_sym, &defined, &copies);
	} else if (dynsym) {
		*table = VERIFY_DYNSYM;
		collect(elf, dynsym, &sh_dyn, &defined, &copies);
	}
	for (size_t i = 0; i < n; i++) {
		if (is_defined(&defined, names[i]))
			state[i] = VERIFY_PRESENT;
		else
			state[i] = *table == VERIFY_SYMTAB ? VERIFY_MISSING : VERIFY_UNCHECKED;
	}
	strmap_clear(&defined);
	strvec_clear(&copies);
	elf_end(elf);
	close(fd);
	return 0;
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
