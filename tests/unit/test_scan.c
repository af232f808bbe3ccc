#include "scan.h"
#include "settings.h"
#include "cache.h"
#include "testfiles.h"
#include "util.h"

#include <libelf.h>
#include <string.h>

static void setup(void)
{
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	files_setup();
}

static void add_input(struct input_list *l, const char *name, enum file_kind kind)
{
	GROW(l->v, l->alloc, l->nr + 1);
	struct input *in = &l->v[l->nr++];
	memset(in, 0, sizeof(*in));
	in->path = xasprintf("%s/%s", scratch, name);
	in->spec = xstrdup(name);
	in->kind = kind;
}

static void same_units(const struct scan_set *a, const struct scan_set *b)
{
	ck_assert_uint_eq(a->nunits, b->nunits);
	for (size_t i = 0; i < a->nunits; i++) {
		const struct unit *x = &a->units[i], *y = &b->units[i];
		ck_assert_str_eq(x->path, y->path);
		ck_assert_str_eq(x->member ? x->member : "-", y->member ? y->member : "-");
		ck_assert_uint_eq(x->input, y->input);
		ck_assert_int_eq(x->lto, y->lto);
		ck_assert_int_eq(x->full, y->full);
		ck_assert_uint_eq(x->nsyms, y->nsyms);
		for (size_t k = 0; k < x->nsyms; k++)
			ck_assert_str_eq(x->syms[k].name, y->syms[k].name);
	}
}

/*
 * Classification leaves out the objects without LTO IR; raising the set to
 * SCAN_FULL gives exactly what a full scan from the start gives, in link
 * order.
 */
START_TEST(classify_skips_plain_objects)
{
	if (!have("gcc") || !have("gcc-ar"))
		TEST_SKIP("gcc or gcc-ar not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	put_str("b.c", "extern int a(void); int b(void) { return a() + 1; }\n");
	put_str("c.c", "extern int b(void); int c(void) { return b() + 1; }\n");
	put_str("m.c", "extern int c(void); int main(void) { return c(); }\n");
	ck_assert_int_eq(run("gcc -O2 -c a.c && gcc -O2 -flto -c b.c && gcc -O2 -c c.c && "
			     "gcc -O2 -c m.c && gcc-ar rcs lib.a a.o b.o c.o"), 0);
	for (int thin = 0; thin < 2; thin++) {
		if (thin)
			ck_assert_int_eq(run("rm -f lib.a && gcc-ar rcsT lib.a a.o b.o c.o"), 0);
		struct input_list in = INPUT_LIST_INIT;
		add_input(&in, "m.o", FK_ELF_REL);
		add_input(&in, "lib.a", thin ? FK_THIN_ARCHIVE : FK_ARCHIVE);
		add_input(&in, "c.o", FK_ELF_REL);

		struct scan_set part = SCAN_SET_INIT, full = SCAN_SET_INIT;
		ck_assert_int_eq(scan_inputs(&in, SCAN_CLASSIFY, 1, &part), 0);
		ck_assert_uint_eq(part.nunits, 1);
		ck_assert_int_eq(part.partial, 1);
		ck_assert_str_eq(part.units[0].member, "b.o");
		ck_assert_int_eq(part.units[0].lto, LTO_GCC_SLIM);
		ck_assert_uint_eq(scan_count_lto(&part), 1);

		ck_assert_int_eq(scan_rescan(&part, SCAN_FULL), 0);
		ck_assert_int_eq(part.partial, 0);
		ck_assert_int_eq(scan_inputs(&in, SCAN_FULL, 2, &full), 0);
		ck_assert_uint_eq(full.nunits, 5);
		same_units(&part, &full);
		ck_assert_str_eq(full.units[1].member, "a.o");
		ck_assert_str_eq(full.units[3].member, "c.o");
		scan_set_release(&part);
		scan_set_release(&full);
		input_list_release(&in);
	}
}
END_TEST

/* a corrupt object is kept at classification depth, with its error */
START_TEST(classify_keeps_unreadable_objects)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -c a.c && head -c 100 a.o > cut.o"), 0);
	struct input_list in = INPUT_LIST_INIT;
	add_input(&in, "a.o", FK_ELF_REL);
	add_input(&in, "cut.o", FK_ELF_REL);
	struct scan_set s = SCAN_SET_INIT;
	ck_assert_int_eq(scan_inputs(&in, SCAN_CLASSIFY, 1, &s), 0);
	ck_assert_uint_eq(s.nunits, 1);
	ck_assert_ptr_nonnull(s.units[0].error);
	ck_assert_uint_eq(s.units[0].input, 1);
	scan_set_release(&s);
	input_list_release(&in);
}
END_TEST

/* add an input by absolute path */
static void add_abs(struct input_list *l, const char *path, enum file_kind kind)
{
	GROW(l->v, l->alloc, l->nr + 1);
	struct input *in = &l->v[l->nr++];
	memset(in, 0, sizeof(*in));
	in->path = xstrdup(path);
	in->spec = xstrdup(path);
	in->kind = kind;
}

/*
 * An old archive without LTO IR is recorded as clean, and the next
 * classification does not read it; a fresh one is not recorded (racy), and
 * an archive with LTO IR never is.  An archive without LTO IR is never
 * mapped: its member heads are read from the file.
 */
START_TEST(clean_archives_cached)
{
	static const char *sys = "/usr/lib/x86_64-linux-gnu/libc_nonshared.a";
	if (!have("gcc") || !have("gcc-ar") || access(sys, R_OK))
		TEST_SKIP("gcc, gcc-ar or %s missing", sys);
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/cache", scratch);
	setenv("LTO_SAFE_CACHE_DIR", dir, 1);
	settings_load();
	put_str("a.c", "int a(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -c a.c -o a.o && gcc -O2 -flto -c a.c -o l.o && "
			     "gcc-ar rcs fresh.a a.o && gcc-ar rcs lto.a l.o"), 0);
	struct input_list in = INPUT_LIST_INIT;
	add_abs(&in, sys, FK_ARCHIVE);
	add_input(&in, "fresh.a", FK_ARCHIVE);
	add_input(&in, "lto.a", FK_ARCHIVE);
	for (int round = 0; round < 2; round++) {
		struct clean_set clean;
		clean_load(&clean);
		ck_assert_uint_eq(clean.nr, (size_t)round);
		struct scan_set s = SCAN_SET_INIT;
		ck_assert_int_eq(scan_classify_cached(&in, 1, &clean, &s), 0);
		ck_assert_uint_eq(s.nunits, 1);
		ck_assert_uint_eq(s.units[0].input, 2);
		/* only the archive with LTO IR was mapped */
		ck_assert_uint_eq(s.nmaps, 1);
		ck_assert_uint_eq(clean.added, round ? 0 : 1);
		ck_assert_int_eq(clean_save(&clean), 0);
		clean_release(&clean);
		/* raising the set to full reads everything again */
		ck_assert_int_eq(scan_rescan(&s, SCAN_FULL), 0);
		ck_assert_uint_gt(s.nunits, 2);
		scan_set_release(&s);
	}
	input_list_release(&in);
}
END_TEST

/*
 * The cold walk (member heads read from the file, the mapping only where
 * they show something) finds every member with LTO IR, in archives of every
 * kind: GNU (gcc-ar, long names), llvm-ar's GNU and BSD formats, thin; GCC
 * slim and fat objects, clang bitcode, a plain object before and after; and
 * it finds exactly what a full scan finds.
 */
START_TEST(cold_walk_finds_ir_everywhere)
{
	if (!have("gcc") || !have("gcc-ar") || !have("clang") || !have("llvm-ar"))
		TEST_SKIP("gcc, gcc-ar, clang or llvm-ar not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -c a.c -o plain_object_with_a_long_name.o && "
			     "gcc -O2 -flto -c a.c -o slim.o && "
			     "gcc -O2 -flto -ffat-lto-objects -c a.c -o fat_object_with_a_long_name.o && "
			     "clang -O2 -flto -c a.c -o bc.o && clang -O2 -c a.c -o p.o"), 0);
	static const struct {
		const char *make;    /* in the scratch directory, makes x.a */
		enum file_kind kind;
		const char *ir[3];   /* the members with IR, in order */
	} t[] = {
		{ "gcc-ar rcs x.a plain_object_with_a_long_name.o slim.o p.o", FK_ARCHIVE, { "slim.o" } },
		{ "gcc-ar rcs x.a p.o fat_object_with_a_long_name.o", FK_ARCHIVE,
		  { "fat_object_with_a_long_name.o" } },
		{ "llvm-ar rcs x.a p.o bc.o plain_object_with_a_long_name.o", FK_ARCHIVE, { "bc.o" } },
		{ "llvm-ar --format=bsd rcs x.a plain_object_with_a_long_name.o p.o bc.o slim.o", FK_ARCHIVE,
		  { "bc.o", "slim.o" } },
		{ "gcc-ar rcsT x.a p.o slim.o fat_object_with_a_long_name.o", FK_THIN_ARCHIVE,
		  { "slim.o", "fat_object_with_a_long_name.o" } },
		{ "gcc-ar rcs x.a plain_object_with_a_long_name.o p.o", FK_ARCHIVE, { NULL } },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(run("rm -f x.a && %s", t[i].make), 0);
		struct input_list in = INPUT_LIST_INIT;
		add_input(&in, "x.a", t[i].kind);
		struct scan_set cls = SCAN_SET_INIT, full = SCAN_SET_INIT;
		ck_assert_int_eq(scan_inputs(&in, SCAN_CLASSIFY, 2, &cls), 0);
		ck_assert_int_eq(scan_inputs(&in, SCAN_FULL, 2, &full), 0);
		size_t n = 0;
		for (size_t k = 0; k < full.nunits; k++)
			if (full.units[k].lto != LTO_NONE) {
				ck_assert_msg(n < cls.nunits, "%s: %s not found", t[i].make,
					      full.units[k].member);
				ck_assert_str_eq(cls.units[n].member, full.units[k].member);
				ck_assert_msg(t[i].ir[n] && !strcmp(t[i].ir[n], full.units[k].member),
					      "%s: member %zu is %s", t[i].make, n, full.units[k].member);
				ck_assert_int_eq(cls.units[n].lto, full.units[k].lto);
				n++;
			}
		ck_assert_msg(n == cls.nunits, "%s: %zu units, %zu with IR", t[i].make, cls.nunits, n);
		if (n < 3)
			ck_assert_msg(!t[i].ir[n], "%s: %s not found", t[i].make, t[i].ir[n]);
		/* an archive without IR is never mapped */
		if (!n && t[i].kind == FK_ARCHIVE)
			ck_assert_uint_eq(cls.nmaps, 0);
		scan_set_release(&cls);
		scan_set_release(&full);
		input_list_release(&in);
	}
}
END_TEST

static Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("scan");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, files_teardown);
	tcase_add_test(tc, classify_skips_plain_objects);
	tcase_add_test(tc, classify_keeps_unreadable_objects);
	tcase_add_test(tc, clean_archives_cached);
	tcase_add_test(tc, cold_walk_finds_ir_everywhere);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(scan_suite)
