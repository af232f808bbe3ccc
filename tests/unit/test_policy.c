/* Unit tests for lib/policy.c: archive member selection and keep reasons,
 * on units built by hand (the scanners have their own tests). */
#include "testlib.h"
#include "policy.h"
#include "rules.h"
#include "util.h"

#include <elf.h>
#include <stdint.h>
#include <string.h>

struct fixture {
	struct scan_set set;
	struct input_list in;
};

static void add_input(struct fixture *f, const char *path, enum file_kind kind, int group, int whole)
{
	GROW(f->in.v, f->in.alloc, f->in.nr + 1);
	struct input *in = &f->in.v[f->in.nr++];
	memset(in, 0, sizeof(*in));
	in->path = xstrdup(path);
	in->spec = xstrdup(path);
	in->kind = kind;
	in->group = group;
	in->whole_archive = whole ? 1 : 0;
}

static struct unit *add_unit(struct fixture *f, const char *member, enum lto_kind lto)
{
	struct scan_set *s = &f->set;
	GROW(s->units, s->aunits, s->nunits + 1);
	struct unit *u = &s->units[s->nunits++];
	unit_init(u, f->in.v[f->in.nr - 1].path, member, f->in.nr - 1);
	u->kind = FK_ELF_REL;
	u->lto = lto;
	u->full = 1;
	return u;
}

static void def(struct unit *u, const char *name, enum sym_type t, const char *sec, enum sym_source src)
{
	struct sym *s = unit_add_sym(u, name, sec, SYM_DEF, src);
	s->type = (uint8_t)t;
	s->bind = STB_GLOBAL;
}

static void ref(struct unit *u, const char *name, unsigned how, enum sym_source src)
{
	struct sym *s = unit_add_sym(u, name, NULL, SYM_UNDEF, src);
	s->how = (uint16_t)how;
	s->bind = STB_GLOBAL;
}

static void release(struct fixture *f, struct keep_set *ks)
{
	keep_set_release(ks);
	for (size_t i = 0; i < f->set.nunits; i++)
		unit_release(&f->set.units[i]);
	free(f->set.units);
	input_list_release(&f->in);
}

static const struct keep *find(const struct keep_set *ks, const char *name)
{
	for (size_t i = 0; i < ks->nr; i++)
		if (!strcmp(ks->v[i].name, name))
			return &ks->v[i];
	return NULL;
}

START_TEST(registration_members_kept)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_GCC_FAT);
	ref(m, "__start_myreg", REF_START_STOP | REF_ADDR, SRC_CODE);
	ref(m, "__stop_myreg", REF_START_STOP | REF_ADDR, SRC_CODE);
	add_input(&f, "reg.o", FK_ELF_REL, 0, 0);
	struct unit *g = add_unit(&f, NULL, LTO_GCC_FAT);
	def(g, "r2", SYMT_DATA, "myreg", SRC_CODE);
	def(g, "r1", SYMT_DATA, "myreg", SRC_CODE);
	def(g, "other", SYMT_DATA, ".data", SRC_CODE);
	def(g, "r1", SYMT_DATA, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 2);
	ck_assert_str_eq(ks.v[0].name, "r1"); /* sorted */
	ck_assert_str_eq(ks.v[1].name, "r2");
	ck_assert_int_eq(ks.v[0].reason, KEEP_REGISTRATION);
	ck_assert_uint_eq(ks.v[0].def_unit, 1);
	ck_assert_uint_eq(ks.v[0].evidence_unit, 0);
	ck_assert_int_eq(ks.v[0].type, SYMT_DATA);
	ck_assert_ptr_nonnull(strstr(ks.v[0].detail, "__start_myreg in main.o"));
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(registration_needs_lto_and_identifier)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_NONE);
	ref(m, "__start_myreg", REF_START_STOP, SRC_CODE);
	ref(m, "__start_.dotted", REF_START_STOP, SRC_CODE);
	add_input(&f, "plain.o", FK_ELF_REL, 0, 0);
	def(add_unit(&f, NULL, LTO_NONE), "r1", SYMT_DATA, "myreg", SRC_CODE);
	add_input(&f, "fat.o", FK_ELF_REL, 0, 0);
	def(add_unit(&f, NULL, LTO_GCC_FAT), "d1", SYMT_DATA, ".dotted", SRC_CODE);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 0);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(asm_reference_in_fat_object)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "tramp.o", FK_ELF_REL, 0, 0);
	struct unit *t = add_unit(&f, NULL, LTO_GCC_FAT);
	def(t, "main", SYMT_FUNC, ".text", SRC_CODE);
	def(t, "main", SYMT_FUNC, NULL, SRC_IR);
	ref(t, "target_impl", REF_CALL, SRC_CODE);  /* only in the code: asm */
	ref(t, "visible", REF_CALL, SRC_CODE);      /* also in the IR: LTO sees it */
	ref(t, "visible", REF_PLAIN, SRC_IR);
	ref(t, "puts", REF_CALL, SRC_CODE);         /* defined by no LTO unit */
	/* made by code generation: defined by fat code only, here and there */
	def(t, "DW.ref.__gxx_personality_v0", SYMT_DATA, ".data.rel.local.DW.ref", SRC_CODE);
	ref(t, "DW.ref.__gxx_personality_v0", REF_PLAIN, SRC_CODE);
	add_input(&f, "impl.o", FK_ELF_REL, 0, 0);
	struct unit *i = add_unit(&f, NULL, LTO_GCC_SLIM);
	def(i, "target_impl", SYMT_FUNC, NULL, SRC_IR);
	def(i, "visible", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 1);
	ck_assert_str_eq(ks.v[0].name, "target_impl");
	ck_assert_int_eq(ks.v[0].reason, KEEP_ASM_REF);
	ck_assert_uint_eq(ks.v[0].def_unit, 1);
	ck_assert_uint_eq(ks.v[0].evidence_unit, 0);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(names_used_by_asm_text)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "tramp.o", FK_ELF_REL, 0, 0);
	struct unit *t = add_unit(&f, NULL, LTO_GCC_SLIM);
	def(t, "main", SYMT_FUNC, NULL, SRC_IR);
	def(t, "same_unit", SYMT_FUNC, NULL, SRC_IR);
	ref(t, "target_impl", REF_ASM, SRC_IR);
	t->syms[t->nsyms - 1].where = "top-level asm";
	ref(t, "same_unit", REF_ASM, SRC_IR);
	t->syms[t->nsyms - 1].where = "caller";
	ref(t, "puts", REF_ASM, SRC_IR);        /* defined by no LTO unit */
	ref(t, "from_archive", REF_ASM, SRC_IR); /* pulls the member in, like -u */
	add_input(&f, "impl.o", FK_ELF_REL, 0, 0);
	struct unit *i = add_unit(&f, NULL, LTO_GCC_SLIM);
	def(i, "target_impl", SYMT_FUNC, NULL, SRC_IR);
	def(i, "really_dead", SYMT_FUNC, NULL, SRC_IR);
	add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
	struct unit *a = add_unit(&f, "m.o", LTO_GCC_SLIM);
	def(a, "from_archive", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 3);
	const struct keep *k = find(&ks, "target_impl");
	ck_assert_int_eq(k->reason, KEEP_ASM_REF);
	ck_assert_uint_eq(k->def_unit, 1);
	ck_assert_uint_eq(k->evidence_unit, 0);
	ck_assert_str_eq(k->detail, "named by top-level asm in tramp.o");
	k = find(&ks, "same_unit");
	ck_assert_uint_eq(k->def_unit, 0);
	ck_assert_str_eq(k->detail, "named by inline asm in caller() in tramp.o");
	k = find(&ks, "from_archive");
	ck_assert_uint_eq(k->def_unit, 2);
	ck_assert_int_eq(ks.loaded[2], 1);
	ck_assert_ptr_null(find(&ks, "really_dead"));
	ck_assert_ptr_null(find(&ks, "puts"));
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/* with POLICY_TOPLEVEL_ASM_SEEN (GCC 16's -flto-toplevel-asm-heuristics
 * at the link) a name top-level asm uses is seen, not kept, where LTO reads
 * it: defined by GCC IR that the linker loads before the LTO step.  Kept:
 * a name inline asm uses, one defined by a member only asm text wants, one
 * defined by bitcode; without the flag, all of them */
START_TEST(toplevel_asm_heuristics)
{
	for (int flag = 0; flag < 2; flag++) {
		struct fixture f = { 0 };
		struct keep_set ks;
		struct rules *r = rules_new();
		add_input(&f, "tramp.o", FK_ELF_REL, 0, 0);
		struct unit *t = add_unit(&f, NULL, LTO_GCC_SLIM);
		def(t, "main", SYMT_FUNC, NULL, SRC_IR);
		def(t, "same_unit", SYMT_FUNC, NULL, SRC_IR);
		const char *top[] = { "target_impl", "same_unit", "from_archive", "in_loaded_member" };
		for (size_t k = 0; k < sizeof(top) / sizeof(*top); k++) {
			ref(t, top[k], REF_ASM, SRC_IR);
			t->syms[t->nsyms - 1].where = "top-level asm";
		}
		ref(t, "inl_target", REF_ASM, SRC_IR);
		t->syms[t->nsyms - 1].where = "caller";
		ref(t, "other", 0, SRC_IR);
		add_input(&f, "impl.o", FK_ELF_REL, 0, 0);
		struct unit *i = add_unit(&f, NULL, LTO_GCC_FAT);
		def(i, "target_impl", SYMT_FUNC, NULL, SRC_IR);
		def(i, "inl_target", SYMT_FUNC, NULL, SRC_IR);
		add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
		def(add_unit(&f, "m.o", LTO_GCC_SLIM), "from_archive", SYMT_FUNC, NULL, SRC_IR);
		struct unit *o = add_unit(&f, "o.o", LTO_GCC_SLIM);
		def(o, "other", SYMT_FUNC, NULL, SRC_IR);
		def(o, "in_loaded_member", SYMT_FUNC, NULL, SRC_IR);
		ck_assert_int_eq(policy_decide_flags(&f.set, &f.in, r, flag ? POLICY_TOPLEVEL_ASM_SEEN : 0, &ks), 0);
		ck_assert_ptr_nonnull(find(&ks, "inl_target"));
		ck_assert_ptr_nonnull(find(&ks, "from_archive"));
		ck_assert_uint_eq(ks.nr, flag ? 2 : 5);
		if (flag) {
			ck_assert_uint_eq(ks.nseen, 3);
			ck_assert_str_eq(ks.seen[0].name, "in_loaded_member");
			ck_assert_str_eq(ks.seen[1].name, "same_unit");
			ck_assert_str_eq(ks.seen[2].name, "target_impl");
			ck_assert_int_eq(ks.seen[2].reason, KEEP_ASM_REF);
			ck_assert_str_eq(ks.seen[2].detail, "named by top-level asm in tramp.o: "
							    "-flto-toplevel-asm-heuristics lets LTO see this use");
		} else {
			ck_assert_uint_eq(ks.nseen, 0);
		}
		rules_release(r);
		release(&f, &ks);
	}
}
END_TEST

/* bitcode is not read by GCC's heuristic: its top-level asm stays kept */
START_TEST(toplevel_asm_heuristics_gcc_only)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "tramp.bc", FK_BITCODE, 0, 0);
	struct unit *t = add_unit(&f, NULL, LTO_LLVM);
	def(t, "main", SYMT_FUNC, NULL, SRC_IR);
	ref(t, "target_impl", REF_ASM, SRC_IR);
	t->syms[t->nsyms - 1].where = "top-level asm";
	add_input(&f, "impl.bc", FK_BITCODE, 0, 0);
	def(add_unit(&f, NULL, LTO_LLVM), "target_impl", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide_flags(&f.set, &f.in, r, POLICY_TOPLEVEL_ASM_SEEN, &ks), 0);
	ck_assert_uint_eq(ks.nr, 1);
	ck_assert_uint_eq(ks.nseen, 0);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(loose_sections_are_conservative)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_GCC_SLIM);
	ref(m, "__start_regtab", REF_START_STOP | REF_PLAIN, SRC_IR);
	add_input(&f, "reg.o", FK_ELF_REL, 0, 0);
	struct unit *g = add_unit(&f, NULL, LTO_GCC_SLIM);
	def(g, "exact", SYMT_DATA, "regtab", SRC_IR);
	def(g, "elsewhere", SYMT_DATA, "other", SRC_IR);
	def(g, "unknown", SYMT_DATA, NULL, SRC_IR);
	unit_add_loose_section(g, "regtab");
	unit_add_loose_section(g, "regtab");
	ck_assert_uint_eq(g->nloose, 1);
	add_input(&f, "other.o", FK_ELF_REL, 0, 0);
	struct unit *o = add_unit(&f, NULL, LTO_GCC_SLIM);
	def(o, "not_here", SYMT_DATA, NULL, SRC_IR);
	unit_add_loose_section(o, "unreached");
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 2);
	ck_assert_int_eq(find(&ks, "exact")->reason, KEEP_REGISTRATION);
	const struct keep *k = find(&ks, "unknown");
	ck_assert_int_eq(k->reason, KEEP_REGISTRATION);
	ck_assert_ptr_nonnull(strstr(k->detail, "conservative"));
	ck_assert_ptr_null(find(&ks, "elsewhere"));
	ck_assert_ptr_null(find(&ks, "not_here"));
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/* a function whose address a fat object's code takes: LTO sees the use
 * (the code mirrors the IR), so it is seen, not kept; data is not listed */
START_TEST(address_taken_functions_only)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "a.o", FK_ELF_REL, 0, 0);
	struct unit *a = add_unit(&f, NULL, LTO_GCC_FAT);
	def(a, "cb", SYMT_FUNC, ".text", SRC_CODE);
	def(a, "called", SYMT_FUNC, ".text", SRC_CODE);
	def(a, "var", SYMT_DATA, ".data", SRC_CODE);
	def(a, "cb", SYMT_FUNC, NULL, SRC_IR);
	def(a, "called", SYMT_FUNC, NULL, SRC_IR);
	def(a, "var", SYMT_DATA, NULL, SRC_IR);
	ref(a, "cb", REF_DATA, SRC_CODE);
	ref(a, "called", REF_CALL, SRC_CODE);
	ref(a, "var", REF_ADDR, SRC_CODE);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 0);
	ck_assert_uint_eq(ks.nseen, 1);
	ck_assert_str_eq(ks.seen[0].name, "cb");
	ck_assert_int_eq(ks.seen[0].reason, KEEP_ADDR_TAKEN);
	ck_assert_ptr_nonnull(strstr(ks.seen[0].detail, "pointer in data"));
	ck_assert_ptr_nonnull(strstr(ks.seen[0].detail, "LTO sees this use"));
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/*
 * A regular archive member that only asm text needs is loaded after the
 * LTO step: what it references in IR is kept (late-reference), by address
 * or by call.  One loaded before LTO (an IR symbol table or a regular
 * object needs it) only shows its address-taken uses as seen.
 */
START_TEST(late_members_keep_what_they_reference)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_GCC_SLIM);
	def(m, "cb", SYMT_FUNC, NULL, SRC_IR);
	def(m, "cb2", SYMT_FUNC, NULL, SRC_IR);
	def(m, "cb3", SYMT_FUNC, NULL, SRC_IR);
	ref(m, "helper", REF_ASM, SRC_IR);
	ref(m, "early", REF_PLAIN, SRC_IR);
	add_input(&f, "libh.a", FK_ARCHIVE, 0, 0);
	struct unit *h = add_unit(&f, "helper.o", LTO_NONE);
	def(h, "helper", SYMT_FUNC, ".text", SRC_CODE);
	ref(h, "cb", REF_DATA, SRC_CODE);
	ref(h, "next", REF_CALL, SRC_CODE);
	struct unit *n = add_unit(&f, "next.o", LTO_NONE);
	def(n, "next", SYMT_FUNC, ".text", SRC_CODE);
	ref(n, "cb2", REF_CALL, SRC_CODE);
	struct unit *e = add_unit(&f, "early.o", LTO_NONE);
	def(e, "early", SYMT_FUNC, ".text", SRC_CODE);
	ref(e, "cb3", REF_ADDR, SRC_CODE);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.loaded[1], 1);
	ck_assert_uint_eq(ks.loaded[2], 1);
	ck_assert_uint_eq(ks.loaded[3], 1);
	ck_assert_uint_eq(ks.nr, 2);
	ck_assert_str_eq(ks.v[0].name, "cb");
	ck_assert_int_eq(ks.v[0].reason, KEEP_LATE_REF);
	ck_assert_ptr_nonnull(strstr(ks.v[0].detail, "address taken in libh.a(helper.o), which the linker loads only after the LTO step"));
	ck_assert_str_eq(ks.v[1].name, "cb2");
	ck_assert_int_eq(ks.v[1].reason, KEEP_LATE_REF);
	ck_assert_ptr_nonnull(strstr(ks.v[1].detail, "referenced by libh.a(next.o)"));
	ck_assert_uint_eq(ks.nseen, 1);
	ck_assert_str_eq(ks.seen[0].name, "cb3");
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/* an archive member the plain link does not load is never made to load */
START_TEST(unloaded_member_not_kept)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_NONE);
	ref(m, "needed", REF_CALL, SRC_CODE);
	ref(m, "__start_myreg", REF_START_STOP, SRC_CODE);
	add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
	struct unit *used = add_unit(&f, "used.o", LTO_GCC_FAT);
	def(used, "needed", SYMT_FUNC, ".text", SRC_CODE);
	def(used, "in_used", SYMT_DATA, "myreg", SRC_CODE);
	ref(used, "chained", REF_CALL, SRC_CODE);
	struct unit *unused = add_unit(&f, "unused.o", LTO_GCC_FAT);
	def(unused, "in_unused", SYMT_DATA, "myreg", SRC_CODE);
	struct unit *chain = add_unit(&f, "chain.o", LTO_GCC_FAT);
	def(chain, "chained", SYMT_FUNC, ".text", SRC_CODE);
	def(chain, "in_chain", SYMT_DATA, "myreg", SRC_CODE);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.loaded[1], 1);
	ck_assert_uint_eq(ks.loaded[2], 0);
	ck_assert_uint_eq(ks.loaded[3], 1);
	ck_assert_ptr_nonnull(find(&ks, "in_used"));
	ck_assert_ptr_nonnull(find(&ks, "in_chain"));
	ck_assert_ptr_null(find(&ks, "in_unused"));
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/* a member wanted only for a name its top-level asm defines is marked so;
 * one wanted for a name its IR lists, or a regular member, is not */
START_TEST(member_loaded_for_asm_definition)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_GCC_SLIM);
	ref(m, "tramp", REF_PLAIN, SRC_IR);
	ref(m, "listed", REF_PLAIN, SRC_IR);
	ref(m, "plain_asm", REF_PLAIN, SRC_IR);
	add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
	struct unit *t = add_unit(&f, "tramp.o", LTO_GCC_FAT);
	def(t, "tramp", SYMT_FUNC, ".text", SRC_CODE); /* the code half lists it */
	def(t, "tramp", SYMT_NOTYPE, NULL, SRC_IR);
	t->syms[t->nsyms - 1].how = REF_ASM;
	ref(t, "target_impl", REF_ASM, SRC_IR);
	struct unit *both = add_unit(&f, "both.o", LTO_GCC_SLIM);
	def(both, "listed", SYMT_FUNC, NULL, SRC_IR);
	def(both, "also_asm", SYMT_NOTYPE, NULL, SRC_IR);
	both->syms[both->nsyms - 1].how = REF_ASM;
	struct unit *reg = add_unit(&f, "regular.o", LTO_NONE);
	def(reg, "plain_asm", SYMT_FUNC, ".text", SRC_CODE);
	struct unit *impl = add_unit(&f, "impl.o", LTO_GCC_SLIM);
	def(impl, "target_impl", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.loaded[1], LOADED_OFF_INDEX);
	ck_assert_uint_eq(ks.loaded[2], 1);
	ck_assert_uint_eq(ks.loaded[3], 1);
	ck_assert_uint_eq(ks.loaded[4], 1);
	/* what the member's asm uses is kept */
	ck_assert_ptr_nonnull(find(&ks, "target_impl"));
	ck_assert_uint_eq(find(&ks, "target_impl")->reason, KEEP_ASM_REF);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/* a GNU symbol index (archive.h) listing names[0..n), each at header
 * offset 100 * (i + 1), into buf */
static size_t gnu_index(unsigned char *buf, size_t cap, const char *const *names, size_t n)
{
	size_t pos = 4 + 4 * n;
	ck_assert_uint_le(pos, cap);
	buf[0] = buf[1] = buf[2] = 0;
	buf[3] = (unsigned char)n;
	for (size_t i = 0; i < n; i++) {
		size_t off = 100 * (i + 1);
		unsigned char *o = buf + 4 + 4 * i;
		o[0] = o[1] = 0;
		o[2] = (unsigned char)(off >> 8);
		o[3] = (unsigned char)off;
		ck_assert_uint_le(pos + strlen(names[i]) + 1, cap);
		memcpy(buf + pos, names[i], strlen(names[i]) + 1);
		pos += strlen(names[i]) + 1;
	}
	return pos;
}

/*
 * The archive's symbol index decides which members the linker finds: a
 * GCC IR or bitcode member whose names it lacks (rustc's rlibs, llvm-ar on
 * GCC IR) is loaded off the index and given, with the name; one the index
 * lists, a regular member and an ELF object with embedded bitcode are not;
 * two members defining the missing name: the first is given, the other
 * named.  An index that lists every IR name gives nothing.
 */
START_TEST(members_off_the_index)
{
	for (int correct = 0; correct < 2; correct++) {
		struct fixture f = { 0 };
		struct keep_set ks;
		struct rules *r = rules_new();
		add_input(&f, "main.o", FK_ELF_REL, 0, 0);
		struct unit *m = add_unit(&f, NULL, LTO_NONE);
		ref(m, "slim_fn", REF_CALL, SRC_CODE);
		ref(m, "listed_fn", REF_CALL, SRC_CODE);
		ref(m, "bc_fn", REF_CALL, SRC_CODE);
		ref(m, "reg_fn", REF_CALL, SRC_CODE);
		ref(m, "emb_fn", REF_CALL, SRC_CODE);
		ref(m, "dup_fn", REF_CALL, SRC_CODE);
		add_input(&f, "lib.rlib", FK_ARCHIVE, 0, 0);
		struct unit *slim = add_unit(&f, "slim.o", LTO_GCC_SLIM);
		def(slim, "slim_fn", SYMT_FUNC, NULL, SRC_IR);
		struct unit *listed = add_unit(&f, "listed.o", LTO_GCC_SLIM);
		def(listed, "listed_fn", SYMT_FUNC, NULL, SRC_IR);
		struct unit *bc = add_unit(&f, "bc.o", LTO_LLVM);
		bc->kind = FK_BITCODE;
		def(bc, "bc_fn", SYMT_FUNC, NULL, SRC_IR);
		struct unit *reg = add_unit(&f, "reg.o", LTO_NONE);
		def(reg, "reg_fn", SYMT_FUNC, ".text", SRC_CODE);
		struct unit *emb = add_unit(&f, "emb.o", LTO_LLVM); /* ELF with .llvmbc */
		def(emb, "emb_fn", SYMT_FUNC, ".text", SRC_CODE);
		struct unit *dup1 = add_unit(&f, "dup1.o", LTO_GCC_SLIM);
		def(dup1, "dup_fn", SYMT_FUNC, NULL, SRC_IR);
		struct unit *dup2 = add_unit(&f, "dup2.o", LTO_GCC_SLIM);
		def(dup2, "dup_fn", SYMT_FUNC, NULL, SRC_IR);
		for (size_t i = 1; i < f.set.nunits; i++)
			f.set.units[i].ar_header = 100 * i;
		static const char *const rustc_style[] = { "__gnu_lto_slim", "listed_fn", "reg_fn" };
		static const char *const right[] = { "slim_fn", "listed_fn", "bc_fn", "reg_fn", "emb_fn", "dup_fn" };
		unsigned char table[256];
		struct scan_symtab t[2] = { { AR_SYMTAB_NONE, NULL, 0 }, { AR_SYMTAB_GNU, table, 0 } };
		t[1].size = correct ? gnu_index(table, sizeof(table), right, 6) : gnu_index(table, sizeof(table), rustc_style, 3);
		f.set.symtabs = t;
		f.set.in = &f.in;
		ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
		ck_assert_uint_eq(ks.loaded[7], 0); /* dup2: dup_fn is defined by then */
		if (correct) {
			ck_assert_uint_eq(ks.ngiven, 0);
			for (size_t i = 1; i < 7; i++)
				ck_assert_uint_eq(ks.loaded[i], 1);
		} else {
			ck_assert_uint_eq(ks.loaded[1], LOADED_OFF_INDEX); /* slim */
			ck_assert_uint_eq(ks.loaded[2], 1);                /* listed */
			ck_assert_uint_eq(ks.loaded[3], LOADED_OFF_INDEX); /* bitcode */
			ck_assert_uint_eq(ks.loaded[4], 1);                /* regular */
			ck_assert_uint_eq(ks.loaded[5], 1);                /* embedded bitcode */
			ck_assert_uint_eq(ks.loaded[6], LOADED_OFF_INDEX); /* dup1 */
			ck_assert_uint_eq(ks.ngiven, 3);
			ck_assert_str_eq(ks.given[0].name, "slim_fn");
			ck_assert_uint_eq(ks.given[0].def_unit, 1);
			ck_assert_uint_eq(ks.given[0].reason, KEEP_MEMBER_UNINDEXED);
			ck_assert_uint_eq(ks.given[0].evidence_unit, SIZE_MAX);
			ck_assert_str_eq(ks.given[1].name, "bc_fn");
			ck_assert_str_eq(ks.given[2].name, "dup_fn");
			ck_assert_uint_eq(ks.given[2].def_unit, 6);
			ck_assert_uint_eq(ks.given[2].evidence_unit, 7);
		}
		f.set.symtabs = NULL;
		rules_release(r);
		release(&f, &ks);
	}
}
END_TEST

/* members of a later archive in a group satisfy an earlier one's members */
START_TEST(groups_and_whole_archive)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	ref(add_unit(&f, NULL, LTO_NONE), "a_fn", REF_CALL, SRC_CODE);
	add_input(&f, "liba.a", FK_ARCHIVE, 1, 0);
	struct unit *a1 = add_unit(&f, "a1.o", LTO_NONE);
	def(a1, "a_fn", SYMT_FUNC, ".text", SRC_CODE);
	ref(a1, "b_fn", REF_CALL, SRC_CODE);
	struct unit *a2 = add_unit(&f, "a2.o", LTO_NONE);
	def(a2, "a2_fn", SYMT_FUNC, ".text", SRC_CODE);
	add_input(&f, "libb.a", FK_ARCHIVE, 1, 0);
	struct unit *b1 = add_unit(&f, "b1.o", LTO_NONE);
	def(b1, "b_fn", SYMT_FUNC, ".text", SRC_CODE);
	ref(b1, "a2_fn", REF_CALL, SRC_CODE);
	add_input(&f, "libw.a", FK_ARCHIVE, 0, 1);
	def(add_unit(&f, "w.o", LTO_NONE), "w_fn", SYMT_FUNC, ".text", SRC_CODE);
	add_input(&f, "libz.a", FK_ARCHIVE, 0, 0);
	def(add_unit(&f, "z.o", LTO_NONE), "z_fn", SYMT_FUNC, ".text", SRC_CODE);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.loaded[1], 1); /* a1 */
	ck_assert_uint_eq(ks.loaded[2], 1); /* a2, needed by b1 after a first pass */
	ck_assert_uint_eq(ks.loaded[3], 1); /* b1 */
	ck_assert_uint_eq(ks.loaded[4], 1); /* whole archive */
	ck_assert_uint_eq(ks.loaded[5], 0); /* nothing needs z */
	ck_assert_uint_eq(ks.nr, 0);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(weak_reference_pulls_nothing)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_NONE);
	ref(m, "opt", REF_CALL, SRC_CODE);
	m->syms[0].bind = STB_WEAK;
	add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
	def(add_unit(&f, "opt.o", LTO_NONE), "opt", SYMT_FUNC, ".text", SRC_CODE);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.loaded[1], 0);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(user_rules_and_excludes)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_keep(r, "keep_.*", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "in_member", "test"), 0);
	ck_assert_int_eq(rules_add_keep(r, "nowhere", "test"), 0);
	ck_assert_int_eq(rules_add_exclude(r, "keep_not", "test"), 0);
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_NONE);
	def(m, "keep_me", SYMT_FUNC, ".text", SRC_CODE);
	def(m, "keep_not", SYMT_FUNC, ".text", SRC_CODE);
	def(m, "other", SYMT_FUNC, ".text", SRC_CODE);
	ref(m, "nowhere", REF_CALL, SRC_CODE);
	add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
	def(add_unit(&f, "m.o", LTO_GCC_SLIM), "in_member", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 2);
	ck_assert_str_eq(ks.v[0].name, "in_member"); /* a rule may pull a member */
	ck_assert_str_eq(ks.v[1].name, "keep_me");
	ck_assert_int_eq(ks.v[1].reason, KEEP_USER_RULE);
	ck_assert_ptr_nonnull(strstr(ks.v[1].detail, "keep_.*"));
	ck_assert_ptr_null(find(&ks, "nowhere")); /* defined by no input */
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(rules_only_ignores_scanned_evidence)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_keep(r, "by_rule", "test"), 0);
	add_input(&f, "tramp.o", FK_ELF_REL, 0, 0);
	struct unit *t = add_unit(&f, NULL, LTO_GCC_SLIM);
	ref(t, "target_impl", REF_ASM, SRC_IR);
	def(t, "by_rule", SYMT_FUNC, NULL, SRC_IR);
	add_input(&f, "impl.o", FK_ELF_REL, 0, 0);
	def(add_unit(&f, NULL, LTO_GCC_SLIM), "target_impl", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(policy_decide_flags(&f.set, &f.in, r, POLICY_RULES_ONLY, &ks), 0);
	ck_assert_uint_eq(ks.nr, 1);
	ck_assert_str_eq(ks.v[0].name, "by_rule");
	keep_set_release(&ks);
	ck_assert_int_eq(policy_decide_flags(&f.set, &f.in, r, 0, &ks), 0);
	ck_assert_uint_eq(ks.nr, 2);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(repair_adds_lto_definitions_only)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_exclude(r, "excluded_fn", "test"), 0);
	add_input(&f, "main.o", FK_ELF_REL, 0, 0);
	struct unit *m = add_unit(&f, NULL, LTO_NONE);
	def(m, "in_plain_object", SYMT_FUNC, ".text", SRC_CODE);
	add_input(&f, "impl.o", FK_ELF_REL, 0, 0);
	struct unit *i = add_unit(&f, NULL, LTO_LLVM);
	def(i, "target_impl", SYMT_FUNC, NULL, SRC_IR);
	def(i, "_ZN3app6detail6targetEi", SYMT_FUNC, NULL, SRC_IR);
	def(i, "_RNvCs1234_5crate6helper", SYMT_FUNC, NULL, SRC_IR);
	def(i, "excluded_fn", SYMT_FUNC, NULL, SRC_IR);
	def(i, "already", SYMT_FUNC, NULL, SRC_IR);
	add_input(&f, "lib.a", FK_ARCHIVE, 0, 0);
	def(add_unit(&f, "m.o", LTO_GCC_SLIM), "in_member", SYMT_FUNC, NULL, SRC_IR);
	ck_assert_int_eq(rules_add_keep(r, "already", "test"), 0);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 1);
	char *names[] = { "target_impl", "genuinely_missing", "in_plain_object", "app::detail::target(int)",
			  "crate::helper", "excluded_fn", "already", "in_member", "app::detail::other(int)" };
	ck_assert_uint_eq(policy_repair(&f.set, r, names, sizeof(names) / sizeof(names[0]), &ks), 4);
	ck_assert_uint_eq(ks.nr, 5);
	for (size_t k = 1; k < ks.nr; k++) /* still sorted */
		ck_assert_int_lt(strcmp(ks.v[k - 1].name, ks.v[k].name), 0);
	const struct keep *k = find(&ks, "target_impl");
	ck_assert_int_eq(k->reason, KEEP_REPAIR);
	ck_assert_uint_eq(k->def_unit, 1);
	ck_assert_str_eq(k->detail, "the link failed: the linker reported it undefined; defined in impl.o");
	k = find(&ks, "_ZN3app6detail6targetEi");
	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(strstr(k->detail, "reported app::detail::target(int) (_ZN3app6detail6targetEi)"));
	ck_assert_ptr_nonnull(find(&ks, "_RNvCs1234_5crate6helper"));
	k = find(&ks, "in_member");
	ck_assert_uint_eq(k->def_unit, 2);
	ck_assert_int_eq(find(&ks, "already")->reason, KEEP_USER_RULE);
	ck_assert_ptr_null(find(&ks, "excluded_fn"));
	ck_assert_ptr_null(find(&ks, "in_plain_object"));
	ck_assert_ptr_null(find(&ks, "genuinely_missing"));
	/* nothing new the second time */
	ck_assert_uint_eq(policy_repair(&f.set, r, names, sizeof(names) / sizeof(names[0]), &ks), 0);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

static Suite *policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, registration_members_kept);
	tcase_add_test(tc, registration_needs_lto_and_identifier);
	tcase_add_test(tc, asm_reference_in_fat_object);
	tcase_add_test(tc, address_taken_functions_only);
	tcase_add_test(tc, late_members_keep_what_they_reference);
	tcase_add_test(tc, unloaded_member_not_kept);
	tcase_add_test(tc, member_loaded_for_asm_definition);
	tcase_add_test(tc, members_off_the_index);
	tcase_add_test(tc, groups_and_whole_archive);
	tcase_add_test(tc, weak_reference_pulls_nothing);
	tcase_add_test(tc, user_rules_and_excludes);
	tcase_add_test(tc, names_used_by_asm_text);
	tcase_add_test(tc, toplevel_asm_heuristics);
	tcase_add_test(tc, toplevel_asm_heuristics_gcc_only);
	tcase_add_test(tc, loose_sections_are_conservative);
	tcase_add_test(tc, rules_only_ignores_scanned_evidence);
	tcase_add_test(tc, repair_adds_lto_definitions_only);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(policy_suite)
