#include "policy.h"
#include "linkuse.h"
#include "strmap.h"
#include "strvec.h"
#include "util.h"

#include <ctype.h>
#include <elf.h>
#include <fnmatch.h>
#include <libiberty/demangle.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *keep_reason_name(enum keep_reason r)
{
	switch (r) {
	case KEEP_REGISTRATION: return "registration";
	case KEEP_ASM_REF: return "asm-reference";
	case KEEP_ADDR_TAKEN: return "address-taken";
	case KEEP_LATE_REF: return "late-reference";
	case KEEP_USER_RULE: return "user-rule";
	case KEEP_LINK_COMMAND: return "link-command";
	case KEEP_REPAIR: return "repair";
	case KEEP_VAGUE_LINKAGE: return "vague-linkage";
	case KEEP_MEMBER_ASM_DEF: return "member-asm-definition";
	case KEEP_MEMBER_UNINDEXED: return "member-not-in-index";
	case KEEP_UNIT_NATIVE: return "native-for-wrap";
	}
	return "?";
}

static int is_global_def(const struct sym *s)
{
	return s->role == SYM_DEF && (s->bind == STB_GLOBAL || s->bind == STB_WEAK ||
				      s->bind == STB_GNU_UNIQUE);
}

static int is_strong_ref(const struct sym *s)
{
	return s->role == SYM_UNDEF && s->bind != STB_WEAK;
}

/* ---- what an archive's symbol index lists ---- */

enum { IX_UNREAD, IX_READ, IX_UNKNOWN };

/* per archive input, read on first use: the names its index lists */
struct indexes {
	const struct scan_set *set;
	struct strmap *names;
	unsigned char *state;
};

static int index_name(void *arg, const char *name, size_t offset)
{
	(void)offset;
	strmap_put(arg, name, 1, NULL);
	return 0;
}

/* 1 when input's index lists name, 0 when not, -1 when it cannot be read */
static int index_lists(struct indexes *ix, size_t input, const char *name)
{
	const struct scan_set *set = ix->set;
	if (!set->symtabs || !set->in || input >= set->in->nr)
		return -1;
	if (!ix->state) {
		ix->state = xcalloc(set->in->nr, 1);
		ix->names = xcalloc(set->in->nr, sizeof(*ix->names));
	}
	const struct scan_symtab *t = &set->symtabs[input];
	if (ix->state[input] == IX_UNREAD)
		ix->state[input] = t->data && !ar_symtab_walk(t->kind, t->data, t->size, index_name,
							      &ix->names[input])
					   ? IX_READ
					   : IX_UNKNOWN;
	if (ix->state[input] == IX_UNKNOWN)
		return -1;
	return strmap_get(&ix->names[input], name) != NULL;
}

static void indexes_release(struct indexes *ix)
{
	for (size_t i = 0; ix->state && i < ix->set->in->nr; i++)
		strmap_clear(&ix->names[i]);
	free(ix->names);
	free(ix->state);
}

/* ---- which units the plain link loads ---- */

struct sim {
	const struct scan_set *set;
	struct indexes *ix;
	struct strmap defined;
	struct strmap undef;
	unsigned char *loaded;
	const char **off_index; /* per unit, when given: the name a LOADED_OFF_INDEX member is loaded for */
	int pre_lto; /* the linker's view before the LTO step (see seen_before_lto) */
};

/*
 * What the linker sees of unit u before the LTO step: all of a regular
 * object; of an object the LTO plugin claims, the IR symbol table alone
 * (not the names asm text uses or defines, not the code half of a fat
 * object).
 */
static int seen_before_lto(const struct unit *u, const struct sym *s)
{
	return u->lto == LTO_NONE || (s->source == SRC_IR && !(s->how & REF_ASM));
}

static int in_view(const struct sim *sim, const struct unit *u, const struct sym *s)
{
	return !sim->pre_lto || seen_before_lto(u, s);
}

static void load_unit(struct sim *sim, size_t i)
{
	const struct unit *u = &sim->set->units[i];
	sim->loaded[i] = 1;
	for (size_t k = 0; k < u->nsyms; k++)
		if (is_global_def(&u->syms[k]) && in_view(sim, u, &u->syms[k]))
			strmap_put(&sim->defined, u->syms[k].name, 1, NULL);
	for (size_t k = 0; k < u->nsyms; k++) {
		const struct sym *s = &u->syms[k];
		if (is_strong_ref(s) && in_view(sim, u, s) && !strmap_get(&sim->defined, s->name))
			strmap_put(&sim->undef, s->name, 1, NULL);
	}
}

/* 1 when unit u's top-level asm defines name (facts.h: a SYM_DEF with REF_ASM) */
static int asm_defined(const struct unit *u, const char *name)
{
	for (size_t k = 0; k < u->nsyms; k++)
		if (u->syms[k].role == SYM_DEF && (u->syms[k].how & REF_ASM) && !strcmp(u->syms[k].name, name))
			return 1;
	return 0;
}

/*
 * 1 when the index of member u's archive lists s, a definition of u's.
 * Every archiver lists what an ELF symbol table defines; only a member
 * that holds GCC IR or is bitcode itself may be listed without the names
 * of its IR.  Where the index cannot be read, the names top-level asm
 * defines count as absent (no index written from the IR lists them).
 */
static int indexed(struct sim *sim, const struct unit *u, const struct sym *s)
{
	if (u->lto == LTO_NONE || (u->lto == LTO_LLVM && u->kind == FK_ELF_REL))
		return 1;
	int r = index_lists(sim->ix, u->input, s->name);
	return r >= 0 ? r : !asm_defined(u, s->name);
}

/* 1 when member i defines a name still undefined that its archive's index
 * lists; LOADED_OFF_INDEX when it defines such names but the index lists
 * none of them (the first in sim->off_index[i]) */
static int wanted_member(struct sim *sim, size_t i)
{
	const struct unit *u = &sim->set->units[i];
	const char *first = NULL;
	for (size_t k = 0; k < u->nsyms; k++) {
		const struct sym *s = &u->syms[k];
		if (!is_global_def(s) || s->common || !in_view(sim, u, s))
			continue;
		if (strmap_get(&sim->undef, s->name) && !strmap_get(&sim->defined, s->name)) {
			if (indexed(sim, u, s))
				return 1;
			if (!first)
				first = s->name;
		}
	}
	if (first && sim->off_index)
		sim->off_index[i] = first;
	return first ? LOADED_OFF_INDEX : 0;
}

/* units [b, e) are the members of one archive; returns 1 if any was loaded */
static int pass_archive(struct sim *sim, size_t b, size_t e, int whole)
{
	int any = 0, changed;
	do {
		changed = 0;
		for (size_t i = b; i < e; i++) {
			const struct unit *u = &sim->set->units[i];
			if (sim->loaded[i] || u->error || !u->member)
				continue;
			int want = whole ? 1 : wanted_member(sim, i);
			if (want) {
				load_unit(sim, i);
				sim->loaded[i] = (unsigned char)want;
				changed = any = 1;
			}
		}
	} while (changed && !whole);
	return any;
}

static int is_archive(const struct input *in)
{
	return in->kind == FK_ARCHIVE || in->kind == FK_THIN_ARCHIVE;
}

static void simulate(struct sim *sim, const struct input_list *in)
{
	const struct scan_set *set = sim->set;
	/* unit range of each input: units are in input order */
	size_t *first = xcalloc(in->nr + 1, sizeof(*first));
	size_t *last = xcalloc(in->nr + 1, sizeof(*last));
	for (size_t i = 0, u = 0; i < in->nr; i++) {
		first[i] = u;
		while (u < set->nunits && set->units[u].input == i)
			u++;
		last[i] = u;
	}
	for (size_t i = 0; i < in->nr;) {
		size_t j = i + 1;
		if (in->v[i].group)
			while (j < in->nr && in->v[j].group == in->v[i].group)
				j++;
		int changed;
		int round = 0;
		do {
			changed = 0;
			for (size_t k = i; k < j; k++) {
				if (is_archive(&in->v[k])) {
					changed |= pass_archive(sim, first[k], last[k], in->v[k].whole_archive);
				} else if (!round) {
					for (size_t x = first[k]; x < last[k]; x++)
						if (!set->units[x].error)
							load_unit(sim, x);
				}
			}
			round++;
		} while (changed && j - i > 1);
		i = j;
	}
	free(first);
	free(last);
}

/* ---- the keep set ---- */

struct decide {
	const struct scan_set *set;
	const struct rules *rules;
	const unsigned char *loaded;
	struct strmap lto_def;   /* name -> unit+1 of a loaded LTO unit defining it */
	struct strmap ir_def;    /* the same, defined by its IR or asm text (not fat code only) */
	struct strmap any_def;   /* name -> unit+1 of any unit defining it (rules) */
	struct strmap kept;      /* name -> index in out */
	struct strmap seen;      /* names in out->seen */
	const unsigned char *late; /* per unit: loaded only after the LTO step */
	const unsigned char *pre;  /* per unit: loaded before the LTO step */
	unsigned flags;            /* POLICY_* */
	struct keep_set *out;
};

static enum sym_type def_type(const struct unit *u, const char *name)
{
	enum sym_type t = SYMT_NOTYPE;
	for (size_t k = 0; k < u->nsyms; k++) {
		const struct sym *s = &u->syms[k];
		if (is_global_def(s) && strcmp(s->name, name) == 0 && s->type != SYMT_NOTYPE) {
			t = (enum sym_type)s->type;
			if (s->source == SRC_CODE)
				break;
		}
	}
	return t;
}

static void add_keep(struct decide *d, const char *name, enum keep_reason reason, size_t def_unit,
		     size_t evidence_unit, char *detail)
{
	int isnew;
	if (rules_excluded(d->rules, name)) {
		free(detail);
		return;
	}
	strmap_put(&d->kept, name, d->out->nr, &isnew);
	if (!isnew) {
		free(detail);
		return;
	}
	GROW(d->out->v, d->out->alloc, d->out->nr + 1);
	struct keep *k = &d->out->v[d->out->nr++];
	k->name = name;
	k->reason = reason;
	k->def_unit = def_unit;
	k->evidence_unit = evidence_unit;
	k->type = def_type(&d->set->units[def_unit], name);
	k->detail = detail;
}

static int lto_defined(const struct decide *d, const char *name, size_t *unit)
{
	size_t *v = strmap_get(&d->lto_def, name);
	if (!v)
		return 0;
	*unit = *v - 1;
	return 1;
}

static int c_identifier(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static void registration(struct decide *d)
{
	const struct scan_set *set = d->set;
	struct strmap secs = STRMAP_INIT; /* section -> unit+1 that reaches it */
	for (size_t i = 0; i < set->nunits; i++) {
		if (!d->loaded[i])
			continue;
		const struct unit *u = &set->units[i];
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			if (s->role != SYM_UNDEF)
				continue;
			const char *sec = NULL;
			if (str_starts(s->name, "__start_"))
				sec = s->name + 8;
			else if (str_starts(s->name, "__stop_"))
				sec = s->name + 7;
			if (sec && c_identifier(sec))
				strmap_put(&secs, sec, i + 1, NULL);
		}
	}
	for (size_t i = 0; secs.nr && i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!d->loaded[i] || u->lto == LTO_NONE)
			continue;
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			if (!is_global_def(s) || !s->section)
				continue;
			size_t *ev = strmap_get(&secs, s->section);
			if (!ev)
				continue;
			char *where = unit_describe(&set->units[*ev - 1]);
			add_keep(d, s->name, KEEP_REGISTRATION, i, *ev - 1,
				 xasprintf("section \"%s\", reached through __start_%s in %s",
					   s->section, s->section, where));
			free(where);
		}
		/* sections the IR names without saying for which symbol */
		for (size_t l = 0; l < u->nloose; l++) {
			size_t *ev = strmap_get(&secs, u->loose_sections[l]);
			if (!ev)
				continue;
			char *where = unit_describe(&set->units[*ev - 1]);
			for (size_t k = 0; k < u->nsyms; k++) {
				const struct sym *s = &u->syms[k];
				if (!is_global_def(s) || s->section || s->source != SRC_IR)
					continue;
				add_keep(d, s->name, KEEP_REGISTRATION, i, *ev - 1,
					 xasprintf("perhaps in section \"%s\", reached through __start_%s in %s "
						   "(conservative: the IR names the section but not its symbols)",
						   u->loose_sections[l], u->loose_sections[l], where));
			}
			free(where);
		}
	}
	strmap_clear(&secs);
}

/* name in ks->seen, once: a use LTO sees, not kept; takes detail */
static void see(struct decide *d, const char *name, enum keep_reason why, size_t def, size_t unit,
		enum sym_type t, char *detail)
{
	int isnew;
	strmap_put(&d->seen, name, 1, &isnew);
	if (!isnew) {
		free(detail);
		return;
	}
	GROW(d->out->seen, d->out->aseen, d->out->nseen + 1);
	d->out->seen[d->out->nseen++] = (struct keep){
		.name = name, .reason = why, .def_unit = def, .evidence_unit = unit, .type = t, .detail = detail,
	};
}

static int gcc_ir(const struct unit *u)
{
	return u->lto == LTO_GCC_SLIM || u->lto == LTO_GCC_FAT;
}

/* names that assembly text in IR uses: LTO does not see those uses (but
 * those of top-level asm with POLICY_TOPLEVEL_ASM_SEEN, policy.h) */
static void asm_text(struct decide *d)
{
	const struct scan_set *set = d->set;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!d->loaded[i])
			continue;
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			size_t def;
			if (s->role != SYM_UNDEF || !(s->how & REF_ASM) || !lto_defined(d, s->name, &def))
				continue;
			char *where = unit_describe(u);
			if (s->how & REF_ASM_LTO_SEES) {
				see(d, s->name, KEEP_ASM_REF, def, i, def_type(&set->units[def], s->name),
				    xasprintf("bound to %s by .symver in top-level asm in %s, a version the unit's IR "
					      "defines too (symver attribute): LTO sees this use", s->where, where));
				free(where);
				continue;
			}
			const char *text = s->where ? s->where : "asm";
			if ((d->flags & POLICY_TOPLEVEL_ASM_SEEN) && !strcmp(text, "top-level asm") &&
			    gcc_ir(u) && gcc_ir(&set->units[def]) && d->pre[def]) {
				see(d, s->name, KEEP_ASM_REF, def, i, def_type(&set->units[def], s->name),
				    xasprintf("named by top-level asm in %s: -flto-toplevel-asm-heuristics lets "
					      "LTO see this use", where));
				free(where);
				continue;
			}
			add_keep(d, s->name, KEEP_ASM_REF, def, i,
				 !strcmp(text, "top-level asm")
					 ? xasprintf("named by top-level asm in %s", where)
					 : xasprintf("named by inline asm in %s() in %s", text, where));
			free(where);
		}
	}
}

/* fat GCC objects: a reference the code has and the IR does not list, to a
 * name that IR or asm text defines */
static void asm_references(struct decide *d)
{
	const struct scan_set *set = d->set;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!d->loaded[i] || u->lto != LTO_GCC_FAT)
			continue;
		struct strmap ir = STRMAP_INIT;
		for (size_t k = 0; k < u->nsyms; k++)
			if (u->syms[k].source == SRC_IR && !(u->syms[k].how & REF_ASM))
				strmap_put(&ir, u->syms[k].name, 1, NULL);
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			size_t def;
			if (s->role != SYM_UNDEF || s->source != SRC_CODE || strmap_get(&ir, s->name))
				continue;
			if (s->how & REF_START_STOP)
				continue;
			/* a name only fat code defines is made by code generation
			 * (DW.ref.__gxx_personality_v0 for .eh_frame): the LTO
			 * output makes it again where it needs it */
			size_t *v = strmap_get(&d->ir_def, s->name);
			if (!v)
				continue;
			def = *v - 1;
			char *where = unit_describe(u);
			add_keep(d, s->name, KEEP_ASM_REF, def, i,
				 xasprintf("referenced by the code of %s, absent from its IR symbol table", where));
			free(where);
		}
		strmap_clear(&ir);
	}
}

/*
 * References LTO does not see: those of a regular object that the linker
 * loads only after the LTO step (an archive member that only asm text,
 * or another such member, needs), to a definition in IR, which LTO has
 * already dropped or localized by then.
 */
static void late_references(struct decide *d)
{
	const struct scan_set *set = d->set;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!d->loaded[i] || !d->late[i])
			continue;
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			size_t def;
			if (s->role != SYM_UNDEF || !lto_defined(d, s->name, &def))
				continue;
			char *where = unit_describe(u);
			add_keep(d, s->name, KEEP_LATE_REF, def, i,
				 xasprintf("%s %s, which the linker loads only after the LTO step",
					   s->how & (REF_ADDR | REF_DATA) ? "address taken in" : "referenced by", where));
			free(where);
		}
	}
}

/*
 * Functions whose address a loaded unit takes, where LTO sees the use: in
 * IR, in the code half of a fat object (which mirrors its IR), or in a
 * regular object the linker reports to the LTO plugin.  Not kept, but
 * shown (keep_set.seen), so that the explanation stays complete.
 */
static void address_taken_seen(struct decide *d)
{
	const struct scan_set *set = d->set;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!d->loaded[i] || d->late[i])
			continue;
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			size_t def;
			if (s->role != SYM_UNDEF || !(s->how & (REF_ADDR | REF_DATA)))
				continue;
			if (!lto_defined(d, s->name, &def) || strmap_get(&d->kept, s->name))
				continue;
			enum sym_type t = def_type(&set->units[def], s->name);
			if (t != SYMT_FUNC && t != SYMT_NOTYPE)
				continue;
			char *where = unit_describe(u);
			see(d, s->name, KEEP_ADDR_TAKEN, def, i, t,
			    xasprintf("address taken %s in %s: LTO sees this use",
				      s->how & REF_DATA ? "by a pointer in data" : "in code", where));
			free(where);
		}
	}
}

static void user_rules(struct decide *d)
{
	const struct scan_set *set = d->set;
	if (rules_empty(d->rules))
		return;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			const char *which;
			if (!is_global_def(s) || strmap_get(&d->kept, s->name))
				continue;
			/* prefer the definition the plain link loads */
			size_t *any = strmap_get(&d->any_def, s->name);
			size_t def = any ? *any - 1 : i;
			if (!rules_keep(d->rules, s->name, &which))
				continue;
			add_keep(d, s->name, KEEP_USER_RULE, def, def,
				 xasprintf("matches keep rule \"%s\"", which));
		}
	}
}

static int cmp_keep(const void *a, const void *b)
{
	return strcmp(((const struct keep *)a)->name, ((const struct keep *)b)->name);
}

void keep_set_sort_seen(struct keep_set *ks)
{
	if (ks->nseen)
		qsort(ks->seen, ks->nseen, sizeof(*ks->seen), cmp_keep);
}

/*
 * ks->given: each member loaded off its archive's index, with the name it
 * is loaded for, and another member of the archive defining that name
 * too, if any (the linker would take one of them by a correct index).
 */
static void given_members(const struct scan_set *set, const char *const *off_index, struct keep_set *ks)
{
	for (size_t i = 0; i < set->nunits; i++) {
		const char *name = off_index[i];
		if (ks->loaded[i] != LOADED_OFF_INDEX || !name)
			continue;
		const struct unit *u = &set->units[i];
		int asm_def = asm_defined(u, name);
		size_t other = SIZE_MAX;
		for (size_t j = 0; j < set->nunits && other == SIZE_MAX; j++) {
			const struct unit *v = &set->units[j];
			if (j == i || v->input != u->input || !v->member)
				continue;
			for (size_t k = 0; k < v->nsyms && other == SIZE_MAX; k++)
				if (is_global_def(&v->syms[k]) && !v->syms[k].common && !strcmp(v->syms[k].name, name))
					other = j;
		}
		GROW(ks->given, ks->agiven, ks->ngiven + 1);
		ks->given[ks->ngiven++] = (struct keep){
			.name = name, .reason = asm_def ? KEEP_MEMBER_ASM_DEF : KEEP_MEMBER_UNINDEXED,
			.def_unit = i, .evidence_unit = other, .type = def_type(u, name),
			.detail = xasprintf("%s %s; the archive's symbol index does not list it",
					    asm_def ? "defined by top-level asm of" : "defined by the IR of",
					    u->member),
		};
	}
}

int policy_decide(const struct scan_set *set, const struct input_list *in,
		  const struct rules *rules, struct keep_set *out)
{
	return policy_decide_flags(set, in, rules, 0, out);
}

int policy_decide_flags(const struct scan_set *set, const struct input_list *in,
			const struct rules *rules, unsigned flags, struct keep_set *out)
{
	memset(out, 0, sizeof(*out));
	out->nunits = set->nunits;
	out->loaded = xcalloc(set->nunits ? set->nunits : 1, 1);

	struct indexes ix = { .set = set };
	const char **off_index = xcalloc(set->nunits ? set->nunits : 1, sizeof(*off_index));
	struct sim sim = { .set = set, .ix = &ix, .loaded = out->loaded, .off_index = off_index };
	simulate(&sim, in);
	strmap_clear(&sim.defined);
	strmap_clear(&sim.undef);
	/* the units loaded in the linker's view before LTO; the others late */
	unsigned char *pre_loaded = xcalloc(set->nunits ? set->nunits : 1, 1);
	unsigned char *late = xcalloc(set->nunits ? set->nunits : 1, 1);
	struct sim pre = { .set = set, .ix = &ix, .loaded = pre_loaded, .pre_lto = 1 };
	simulate(&pre, in);
	strmap_clear(&pre.defined);
	strmap_clear(&pre.undef);
	indexes_release(&ix);
	given_members(set, off_index, out);
	free(off_index);
	for (size_t i = 0; i < set->nunits; i++)
		late[i] = out->loaded[i] && !pre_loaded[i] && set->units[i].lto == LTO_NONE;

	struct decide d = { .set = set, .rules = rules, .loaded = out->loaded, .late = late, .pre = pre_loaded,
			    .flags = flags, .out = out };
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			if (!is_global_def(s))
				continue;
			if (out->loaded[i] && u->lto != LTO_NONE)
				strmap_put(&d.lto_def, s->name, i + 1, NULL);
			if (out->loaded[i] && u->lto != LTO_NONE && s->source == SRC_IR)
				strmap_put(&d.ir_def, s->name, i + 1, NULL);
			size_t *any = strmap_put(&d.any_def, s->name, i + 1, NULL);
			if (out->loaded[i] && !out->loaded[*any - 1])
				*any = i + 1;
		}
	}
	if (!(flags & POLICY_RULES_ONLY)) {
		registration(&d);
		asm_text(&d);
		asm_references(&d);
		late_references(&d);
	}
	user_rules(&d);
	if (!(flags & POLICY_RULES_ONLY))
		address_taken_seen(&d);
	strmap_clear(&d.lto_def);
	strmap_clear(&d.ir_def);
	strmap_clear(&d.any_def);
	strmap_clear(&d.kept);
	strmap_clear(&d.seen);
	free(late);
	free(pre_loaded);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_keep);
	keep_set_sort_seen(out);
	return 0;
}

/* name -> unit+1 of a global definition in a unit that takes part in LTO
 * (loaded or not: the -u flag loads an archive member); with demangle, the
 * demangled C++ and Rust names of those definitions, owned by names, -> the
 * same, and *mangled the mangled name of each */
static void lto_definitions(const struct scan_set *set, struct strmap *exact, struct strmap *demangled,
			    struct strvec *names, struct strvec *mangled)
{
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (u->lto == LTO_NONE)
			continue;
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			if (!is_global_def(s))
				continue;
			strmap_put(exact, s->name, i + 1, NULL);
			if (!demangled || (!str_starts(s->name, "_Z") && !str_starts(s->name, "_R")))
				continue;
			char *d = cplus_demangle(s->name, DMGL_PARAMS | DMGL_ANSI);
			if (!d)
				continue;
			int isnew;
			strvec_push_nodup(names, d);
			strmap_put(demangled, d, mangled->nr, &isnew);
			if (isnew)
				strvec_push(mangled, s->name);
			else
				strvec_remove(names, names->nr - 1);
		}
	}
}

/* a name as linkers print it demangled (C++ parameters, Rust paths) */
static int looks_demangled(const char *name)
{
	return strpbrk(name, "(:< ") != NULL;
}

size_t policy_repair(const struct scan_set *set, const struct rules *rules, char *const *names,
		     size_t n, struct keep_set *ks)
{
	struct decide d = { .set = set, .rules = rules, .loaded = ks->loaded, .out = ks };
	struct strmap demangled = STRMAP_INIT;
	struct strvec dnames = STRVEC_INIT, mangled = STRVEC_INIT;
	int need_demangle = 0;
	for (size_t i = 0; i < n; i++)
		need_demangle |= looks_demangled(names[i]);
	lto_definitions(set, &d.lto_def, need_demangle ? &demangled : NULL, &dnames, &mangled);
	for (size_t i = 0; i < ks->nr; i++)
		strmap_put(&d.kept, ks->v[i].name, i, NULL);
	size_t before = ks->nr;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		size_t *v = strmap_get(&d.lto_def, name);
		if (!v && need_demangle && looks_demangled(name)) {
			size_t *m = strmap_get(&demangled, name);
			if (m) {
				name = mangled.v[*m];
				v = strmap_get(&d.lto_def, name);
			}
		}
		if (!v)
			continue;
		const struct unit *u = &set->units[*v - 1];
		/* the name as the unit holds it: keep_set names point into units */
		for (size_t k = 0; k < u->nsyms; k++)
			if (is_global_def(&u->syms[k]) && !strcmp(u->syms[k].name, name)) {
				name = u->syms[k].name;
				break;
			}
		char *where = unit_describe(u);
		add_keep(&d, name, KEEP_REPAIR, *v - 1, *v - 1,
			 strcmp(name, names[i])
				 ? xasprintf("the link failed: the linker reported %s (%s) undefined; defined in %s",
					     names[i], name, where)
				 : xasprintf("the link failed: the linker reported it undefined; defined in %s",
					     where));
		free(where);
	}
	size_t added = ks->nr - before;
	if (ks->nr)
		qsort(ks->v, ks->nr, sizeof(*ks->v), cmp_keep);
	strmap_clear(&d.lto_def);
	strmap_clear(&d.kept);
	strmap_clear(&demangled);
	strvec_clear(&dnames);
	strvec_clear(&mangled);
	return added;
}

/* ---- uses the link command makes ---- */

/* LU_NAME uses: the definition each one keeps (loaded unit preferred) */
static void link_use_names(struct decide *d, const struct link_uses *uses)
{
	const struct scan_set *set = d->set;
	struct strmap byname = STRMAP_INIT, needs = STRMAP_INIT;
	size_t *def = xcalloc(uses->nr + 1, sizeof(*def));   /* unit+1 */
	const char **held = xcalloc(uses->nr + 1, sizeof(*held));
	for (size_t i = 0; i < uses->nr; i++) {
		if (uses->v[i].kind != LU_NAME)
			continue;
		strmap_put(&byname, uses->v[i].name, i, NULL);
		if (uses->v[i].needs)
			strmap_put(&needs, uses->v[i].needs, 0, NULL);
	}
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		for (size_t k = 0; k < u->nsyms; k++) {
			const struct sym *s = &u->syms[k];
			size_t *v;
			if (d->loaded[i] && s->role == SYM_UNDEF && (v = strmap_get(&needs, s->name)))
				*v = 1;
			if (u->lto == LTO_NONE || !is_global_def(s) || !(v = strmap_get(&byname, s->name)))
				continue;
			if (!def[*v] || (d->loaded[i] && !d->loaded[def[*v] - 1])) {
				def[*v] = i + 1;
				held[*v] = s->name;
			}
		}
	}
	for (size_t i = 0; i < uses->nr; i++) {
		const struct link_use *e = &uses->v[i];
		size_t *first = e->kind == LU_NAME ? strmap_get(&byname, e->name) : NULL;
		if (!first || *first != i || !def[i])
			continue;
		size_t *need = e->needs ? strmap_get(&needs, e->needs) : NULL;
		if (need && !*need)
			continue;
		add_keep(d, held[i], KEEP_LINK_COMMAND, def[i] - 1, def[i] - 1,
			 xstrdup(e->origin));
	}
	free(def);
	free(held);
	strmap_clear(&byname);
	strmap_clear(&needs);
}

/* LU_SECTION uses: definitions of loaded LTO units in a section KEEP keeps */
static void link_use_sections(struct decide *d, const struct link_uses *uses)
{
	const struct scan_set *set = d->set;
	for (size_t i = 0; i < set->nunits; i++) {
		const struct unit *u = &set->units[i];
		if (!d->loaded[i] || u->lto == LTO_NONE)
			continue;
		for (size_t j = 0; j < uses->nr; j++) {
			const struct link_use *e = &uses->v[j];
			if (e->kind != LU_SECTION)
				continue;
			for (size_t k = 0; k < u->nsyms; k++) {
				const struct sym *s = &u->syms[k];
				if (is_global_def(s) && s->section && !fnmatch(e->name, s->section, 0))
					add_keep(d, s->name, KEEP_LINK_COMMAND, i, i,
						 xasprintf("in section \"%s\", which %s keeps", s->section, e->origin));
			}
			for (size_t l = 0; l < u->nloose; l++) {
				if (fnmatch(e->name, u->loose_sections[l], 0))
					continue;
				for (size_t k = 0; k < u->nsyms; k++) {
					const struct sym *s = &u->syms[k];
					if (is_global_def(s) && !s->section && s->source == SRC_IR)
						add_keep(d, s->name, KEEP_LINK_COMMAND, i, i,
							 xasprintf("perhaps in section \"%s\", which %s keeps "
								   "(conservative: the IR names the section but not its symbols)",
								   u->loose_sections[l], e->origin));
				}
			}
		}
	}
}

size_t policy_link_uses(const struct scan_set *set, const struct rules *rules,
			const struct link_uses *uses, struct keep_set *ks)
{
	struct decide d = { .set = set, .rules = rules, .loaded = ks->loaded, .out = ks };
	for (size_t i = 0; i < ks->nr; i++)
		strmap_put(&d.kept, ks->v[i].name, i, NULL);
	size_t before = ks->nr;
	link_use_names(&d, uses);
	link_use_sections(&d, uses);
	if (ks->nr)
		qsort(ks->v, ks->nr, sizeof(*ks->v), cmp_keep);
	strmap_clear(&d.kept);
	return ks->nr - before;
}

void keep_set_release(struct keep_set *ks)
{
	for (size_t i = 0; i < ks->nr; i++)
		free(ks->v[i].detail);
	free(ks->v);
	for (size_t i = 0; i < ks->nseen; i++)
		free(ks->seen[i].detail);
	free(ks->seen);
	for (size_t i = 0; i < ks->ngiven; i++)
		free(ks->given[i].detail);
	free(ks->given);
	free(ks->loaded);
	memset(ks, 0, sizeof(*ks));
}
