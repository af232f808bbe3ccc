#include "facts.h"
#include "strmap.h"
#include "util.h"

#include <elf.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	char mem[];
};

const char *file_kind_name(enum file_kind k)
{
	switch (k) {
	case FK_MISSING: return "missing";
	case FK_UNREADABLE: return "unreadable";
	case FK_DIR: return "directory";
	case FK_ELF_REL: return "ELF object";
	case FK_ELF_DYN: return "shared object";
	case FK_ELF_OTHER: return "ELF file";
	case FK_ARCHIVE: return "archive";
	case FK_THIN_ARCHIVE: return "thin archive";
	case FK_BITCODE: return "LLVM bitcode";
	case FK_SCRIPT: return "linker script";
	case FK_UNKNOWN: break;
	}
	return "unknown";
}

const char *lto_kind_name(enum lto_kind k)
{
	switch (k) {
	case LTO_GCC_SLIM: return "gcc-slim";
	case LTO_GCC_FAT: return "gcc-fat";
	case LTO_LLVM: return "llvm";
	case LTO_NONE: break;
	}
	return "none";
}

void unit_init(struct unit *u, const char *path, const char *member, size_t input)
{
	memset(u, 0, sizeof(*u));
	u->input = input;
	u->path = path ? unit_strdup(u, path) : NULL;
	u->member = member ? unit_strdup(u, member) : NULL;
}

void unit_release(struct unit *u)
{
	struct arena_chunk *c = u->arena;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	free(u->syms);
	free(u->loose_sections);
	free(u->error);
	memset(u, 0, sizeof(*u));
}

const char *unit_strndup(struct unit *u, const char *s, size_t n)
{
	struct arena_chunk *c = u->arena;
	if (!c || c->size - c->used < n + 1) {
		/* chunks double from 256 bytes to 16 KiB: a unit with a few
		 * names costs a few hundred bytes */
		size_t size = c ? c->size * 2 : 256;
		if (size > 16384)
			size = 16384;
		if (size < n + 1)
			size = n + 1;
		c = xmalloc(sizeof(*c) + size);
		c->used = 0;
		c->size = size;
		c->next = u->arena;
		u->arena = c;
	}
	char *p = c->mem + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

const char *unit_strdup(struct unit *u, const char *s)
{
	return unit_strndup(u, s, strlen(s));
}

struct sym *unit_add_sym(struct unit *u, const char *name, const char *section,
			 enum sym_role role, enum sym_source source)
{
	GROW(u->syms, u->asyms, u->nsyms + 1);
	struct sym *s = &u->syms[u->nsyms++];
	memset(s, 0, sizeof(*s));
	size_t nl = strlen(name), sl = section ? strlen(section) : 0;
	if (section && sl > nl && !memcmp(section + sl - nl, name, nl)) {
		/* ".text.NAME" (-ffunction-sections): one copy holds both */
		s->section = unit_strndup(u, section, sl);
		s->name = s->section + sl - nl;
	} else {
		s->name = unit_strndup(u, name, nl);
		s->section = section ? unit_strndup(u, section, sl) : NULL;
	}
	s->role = (uint8_t)role;
	s->source = (uint8_t)source;
	return s;
}

void unit_shrink(struct unit *u)
{
	if (u->asyms > u->nsyms) {
		u->syms = xrealloc(u->syms, (u->nsyms ? u->nsyms : 1) * sizeof(*u->syms));
		u->asyms = u->nsyms ? u->nsyms : 1;
	}
}

void unit_fail(struct unit *u, const char *fmt, ...)
{
	if (u->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	u->error = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(u->error, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
}

void unit_add_asm_ref(struct unit *u, struct strmap *seen, const char *name, const char *where)
{
	if (strmap_get(seen, name))
		return;
	struct sym *e = unit_add_sym(u, name, NULL, SYM_UNDEF, SRC_IR);
	strmap_put(seen, e->name, 1, NULL);
	e->how = REF_ASM;
	e->bind = STB_GLOBAL;
	e->where = where;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void asm_defs_note(struct unit *u, struct asm_defs *d, const char *name, enum asm_name what)
{
	if (what == ASM_USE)
		return;
	struct strmap *m = what == ASM_DEFINED ? &d->defined : &d->declared;
	if (strmap_get(m, name))
		return;
	strmap_put(m, unit_strdup(u, name), what == ASM_WEAK ? STB_WEAK : STB_GLOBAL, NULL);
}

void asm_defs_finish(struct unit *u, struct asm_defs *d)
{
	if (d->defined.nr && d->declared.nr) {
		struct strmap listed = STRMAP_INIT;
		for (size_t k = 0; k < u->nsyms; k++)
			if (u->syms[k].role == SYM_DEF && u->syms[k].source == SRC_IR)
				strmap_put(&listed, u->syms[k].name, 1, NULL);
		/* slots in hash order: sorted by name for a deterministic unit */
		const char **names = xcalloc(d->declared.nr, sizeof(*names));
		size_t n = 0;
		for (size_t i = 0; i < d->declared.cap; i++) {
			const char *name = d->declared.slots[i].key;
			if (name && strmap_get(&d->defined, name) && !strmap_get(&listed, name))
				names[n++] = name;
		}
		qsort(names, n, sizeof(*names), cmp_names);
		for (size_t i = 0; i < n; i++) {
			struct sym *e = unit_add_sym(u, names[i], NULL, SYM_DEF, SRC_IR);
			e->bind = (uint8_t)*strmap_get(&d->declared, names[i]);
			e->how = REF_ASM;
			e->where = "top-level asm";
		}
		free(names);
		strmap_clear(&listed);
	}
	strmap_clear(&d->defined);
	strmap_clear(&d->declared);
}

void unit_add_loose_section(struct unit *u, const char *name)
{
	for (size_t i = 0; i < u->nloose; i++)
		if (!strcmp(u->loose_sections[i], name))
			return;
	GROW(u->loose_sections, u->aloose, u->nloose + 1);
	u->loose_sections[u->nloose++] = unit_strdup(u, name);
}

int is_start_stop_name(const char *name)
{
	return (!strncmp(name, "__start_", 8) && name[8]) || (!strncmp(name, "__stop_", 7) && name[7]);
}

char *unit_describe(const struct unit *u)
{
	if (u->member)
		return xasprintf("%s(%s)", u->path ? u->path : "?", u->member);
	return xstrdup(u->path ? u->path : "?");
}
