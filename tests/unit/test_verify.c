/* Unit tests for lib/verify.c, on programs built with the real gcc. */
#include "testfiles.h"
#include "diag.h"
#include "strvec.h"
#include "util.h"
#include "verify.h"

#include <elf.h>
#include <errno.h>

static const char prog[] =
	"int kept_fn(int x) { return x + 1; }\n"
	"int kept_data = 3;\n"
	"__attribute__((visibility(\"hidden\"))) int hidden_fn(int x) { return x * 2; }\n"
	"static int __attribute__((used)) local_fn(int x) { return x - 1; }\n"
	"int main(void) { return kept_fn(kept_data) + hidden_fn(1) - 6; }\n";

static const char *const names[] = { "kept_fn", "kept_data", "hidden_fn", "local_fn", "not_there",
				     "kept_fn@VERS_1" };
#define N (sizeof(names) / sizeof(names[0]))

static void path_of(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", scratch, name);
}

static void build(void)
{
	put_str("p.c", prog);
	ck_assert_int_eq(run("gcc -O2 -rdynamic p.c -o app && cp app app.s && strip app.s"), 0);
}

START_TEST(full_symtab)
{
	if (!have("gcc"))
		TEST_SKIP("verify: gcc missing");
	build();
	char path[512];
	path_of(path, sizeof(path), "app");
	unsigned char st[N];
	enum verify_table t;
	ck_assert_int_eq(verify_symbols(path, names, N, st, &t), 0);
	ck_assert_int_eq(t, VERIFY_SYMTAB);
	ck_assert_int_eq(st[0], VERIFY_PRESENT);
	ck_assert_int_eq(st[1], VERIFY_PRESENT);
	ck_assert_int_eq(st[2], VERIFY_PRESENT); /* hidden: still in .symtab */
	ck_assert_int_eq(st[3], VERIFY_PRESENT); /* local */
	ck_assert_int_eq(st[4], VERIFY_MISSING);
	ck_assert_int_eq(st[5], VERIFY_PRESENT); /* name@VERSION matches name */
	ck_assert_str_eq(verify_table_name(t), ".symtab");
}
END_TEST

START_TEST(stripped)
{
	if (!have("gcc"))
		TEST_SKIP("verify: gcc missing");
	build();
	char path[512];
	path_of(path, sizeof(path), "app.s");
	unsigned char st[N];
	enum verify_table t;
	ck_assert_int_eq(verify_symbols(path, names, N, st, &t), 0);
	ck_assert_int_eq(t, VERIFY_DYNSYM);
	/* -rdynamic exports the globals; hidden and local ones cannot be checked */
	ck_assert_int_eq(st[0], VERIFY_PRESENT);
	ck_assert_int_eq(st[1], VERIFY_PRESENT);
	ck_assert_int_eq(st[2], VERIFY_UNCHECKED);
	ck_assert_int_eq(st[3], VERIFY_UNCHECKED);
	ck_assert_int_eq(st[4], VERIFY_UNCHECKED);
}
END_TEST

START_TEST(not_elf)
{
	put_str("text", "hello\n");
	put_str("empty", "");
	char path[512];
	unsigned char st[N];
	enum verify_table t;
	path_of(path, sizeof(path), "text");
	ck_assert_int_eq(verify_symbols(path, names, N, st, &t), -ENOEXEC);
	path_of(path, sizeof(path), "empty");
	ck_assert_int_eq(verify_symbols(path, names, N, st, &t), -ENOEXEC);
	path_of(path, sizeof(path), "nothing-here");
	ck_assert_int_eq(verify_symbols(path, names, N, st, &t), -ENOENT);
	/* a truncated ELF header */
	put("short.elf", "\x7f" "ELF\2\1\1", 7);
	path_of(path, sizeof(path), "short.elf");
	int r = verify_symbols(path, names, N, st, &t);
	ck_assert(r == -ENOEXEC || (r == 0 && t == VERIFY_NONE));
}
END_TEST

/* a keep set of names[0..n) defined in unit 0 */
static void keep_fixture(struct scan_set *set, struct keep_set *ks, size_t n)
{
	memset(set, 0, sizeof(*set));
	memset(ks, 0, sizeof(*ks));
	set->units = xcalloc(1, sizeof(*set->units));
	set->nunits = 1;
	unit_init(&set->units[0], "libx.a", "p.o", 0);
	ks->v = xcalloc(n, sizeof(*ks->v));
	ks->nr = n;
	for (size_t i = 0; i < n; i++)
		ks->v[i] = (struct keep){ names[i], KEEP_ASM_REF, 0, 0, SYMT_FUNC, xstrdup("named by asm") };
}

static void keep_release(struct scan_set *set, struct keep_set *ks)
{
	keep_set_release(ks);
	unit_release(&set->units[0]);
	free(set->units);
}

/* what was written to f since the last rewind is want; then rewind */
static void expect(FILE *f, char **buf, size_t *len, const char *want)
{
	fflush(f);
	ck_assert_msg(*len == strlen(want) && !memcmp(*buf, want, *len), "got \"%.*s\", want \"%s\"",
		      (int)*len, *buf, want);
	rewind(f);
	fflush(f);
}

START_TEST(after_link)
{
	if (!have("gcc"))
		TEST_SKIP("verify: gcc missing");
	build();
	struct scan_set set;
	struct keep_set ks;
	keep_fixture(&set, &ks, 5);
	char path[512], *buf = NULL;
	size_t len = 0;
	path_of(path, sizeof(path), "app");
	FILE *f = open_memstream(&buf, &len);
	diag_set_stream(f);
	diag_set_verbose(0);
	ck_assert_int_eq(verify_output(path, &set, &ks), 1);
	char want[700];
	snprintf(want, sizeof(want),
		 "lto-safe: warning: kept symbol not_there (asm-reference, defined in libx.a(p.o)) is not in %s\n",
		 path);
	expect(f, &buf, &len, want);

	/* all present: nothing at all */
	ks.nr = 2;
	ck_assert_int_eq(verify_output(path, &set, &ks), 0);
	expect(f, &buf, &len, "");

	/* stripped: no warning; verbose names what could not be checked */
	ks.nr = 5;
	path_of(path, sizeof(path), "app.s");
	ck_assert_int_eq(verify_output(path, &set, &ks), 0);
	expect(f, &buf, &len, "");
	diag_set_verbose(1);
	ck_assert_int_eq(verify_output(path, &set, &ks), 0);
	snprintf(want, sizeof(want),
		 "lto-safe: cannot check 3 kept symbols in %s (stripped, not in .dynsym): hidden_fn, local_fn, not_there\n",
		 path);
	expect(f, &buf, &len, want);

	/* not ELF: a verbose note, never a warning */
	ck_assert_int_eq(verify_output("/dev/null", &set, &ks), -ENOEXEC);
	expect(f, &buf, &len, "lto-safe: cannot check the kept symbols in /dev/null: not an ELF file\n");
	diag_set_verbose(0);
	diag_set_stream(NULL);
	fclose(f);
	free(buf);
	ks.nr = 5;
	keep_release(&set, &ks);
}
END_TEST

/* an IR definition in u */
static struct sym *ir_def(struct unit *u, const char *name, int vague, int vis)
{
	struct sym *e = unit_add_sym(u, name, NULL, SYM_DEF, SRC_IR);
	e->bind = STB_WEAK;
	e->vague = (uint8_t)vague;
	e->vis = (uint8_t)vis;
	e->type = SYMT_FUNC;
	return e;
}

/* verify_exports() on a real shared library, units made by hand: unit 0
 * (slim GCC IR), unit 1 (fat: its code exports only fat_code), unit 2 (a
 * regular object defining hid hidden), unit 3 (IR, not loaded) */
START_TEST(exports_after_link)
{
	if (!have("gcc"))
		TEST_SKIP("verify: gcc missing");
	put_str("l.c", "int exported(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -fPIC -shared l.c -o l.so && gcc -O2 -static l.c -nostdlib -e exported -o st"
			     " && strip -R .dynsym st"), 0);
	struct scan_set set = { 0 };
	struct keep_set ks = KEEP_SET_INIT;
	set.units = xcalloc(4, sizeof(*set.units));
	set.nunits = 4;
	static const enum lto_kind kinds[] = { LTO_GCC_SLIM, LTO_GCC_FAT, LTO_NONE, LTO_GCC_SLIM };
	for (size_t i = 0; i < 4; i++) {
		unit_init(&set.units[i], "x.o", NULL, i);
		set.units[i].lto = kinds[i];
	}
	ir_def(&set.units[0], "lost", 1, STV_DEFAULT);
	ir_def(&set.units[0], "exported", 1, STV_DEFAULT);  /* in .dynsym */
	ir_def(&set.units[0], "not_vague", 0, STV_DEFAULT);
	ir_def(&set.units[0], "prot", 1, STV_PROTECTED);
	ir_def(&set.units[0], "hidden_ir", 1, STV_HIDDEN);
	ir_def(&set.units[0], "hid", 1, STV_DEFAULT);        /* hidden in unit 2 */
	ir_def(&set.units[0], "kept", 1, STV_DEFAULT);
	ir_def(&set.units[1], "fat_code", 1, STV_DEFAULT);
	ir_def(&set.units[1], "fat_ir_only", 1, STV_DEFAULT); /* the code does not emit it */
	ir_def(&set.units[1], "lost", 1, STV_DEFAULT);        /* listed once */
	struct sym *c = unit_add_sym(&set.units[1], "fat_code", ".text", SYM_DEF, SRC_CODE);
	c->bind = STB_WEAK;
	c = unit_add_sym(&set.units[2], "hid", ".text", SYM_DEF, SRC_CODE);
	c->vis = STV_HIDDEN;
	ir_def(&set.units[3], "not_loaded", 1, STV_DEFAULT);
	ks.nunits = 4;
	ks.loaded = xcalloc(4, 1);
	ks.loaded[0] = ks.loaded[1] = ks.loaded[2] = 1;
	ks.v = xcalloc(1, sizeof(*ks.v));
	ks.nr = 1;
	ks.v[0] = (struct keep){ "kept", KEEP_USER_RULE, 0, 0, SYMT_FUNC, xstrdup("rule") };

	char path[512], *buf = NULL, want[900];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_set_stream(f);
	diag_set_verbose(1);
	path_of(path, sizeof(path), "l.so");
	ck_assert_int_eq(verify_exports(path, &set, &ks), 3);
	ck_assert_uint_eq(ks.nseen, 3);
	static const char *const seen[] = { "fat_code", "lost", "prot" };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_str_eq(ks.seen[i].name, seen[i]);
		ck_assert_int_eq(ks.seen[i].reason, KEEP_VAGUE_LINKAGE);
	}
	ck_assert_uint_eq(ks.seen[0].def_unit, 1);
	ck_assert_ptr_nonnull(strstr(ks.seen[0].detail, "exported by the code"));
	ck_assert_uint_eq(ks.seen[1].def_unit, 0);
	ck_assert_ptr_nonnull(strstr(ks.seen[1].detail, "may not emit it either"));
	snprintf(want, sizeof(want),
		 "lto-safe: LTO left 3 definitions of vague linkage out of the exports of %s (C++ inline "
		 "functions, template instances, vtables, typeinfo: each user has its own copy; not kept): "
		 "lost, prot, fat_code\n", path);
	expect(f, &buf, &len, want);

	/* no .dynsym (a static program): nothing, quietly */
	path_of(path, sizeof(path), "st");
	ck_assert_int_eq(verify_exports(path, &set, &ks), 0);
	expect(f, &buf, &len, "");
	/* not ELF, missing: a verbose note and the error */
	ck_assert_int_eq(verify_exports("/dev/null", &set, &ks), -ENOEXEC);
	expect(f, &buf, &len, "lto-safe: cannot check the exports of /dev/null: not an ELF file\n");
	path_of(path, sizeof(path), "nothing-here");
	ck_assert_int_eq(verify_exports(path, &set, &ks), -ENOENT);
	snprintf(want, sizeof(want), "lto-safe: cannot check the exports of %s: No such file or directory\n", path);
	expect(f, &buf, &len, want);
	ck_assert_uint_eq(ks.nseen, 3);
	/* no candidate: the output is not even opened */
	ks.loaded[0] = ks.loaded[1] = 0;
	ck_assert_int_eq(verify_exports(path, &set, &ks), 0);
	expect(f, &buf, &len, "");
	diag_set_verbose(0);
	diag_set_stream(NULL);
	fclose(f);
	free(buf);
	keep_set_release(&ks);
	for (size_t i = 0; i < 4; i++)
		unit_release(&set.units[i]);
	free(set.units);
}
END_TEST

START_TEST(join_names)
{
	struct strvec v = STRVEC_INIT;
	char *s = verify_join_names(&v, 0);
	ck_assert_str_eq(s, "");
	free(s);
	strvec_push(&v, "a");
	strvec_push(&v, "b");
	s = verify_join_names(&v, 2);
	ck_assert_str_eq(s, "a, b");
	free(s);
	s = verify_join_names(&v, 12);
	ck_assert_str_eq(s, "a, b and 10 more");
	free(s);
	strvec_clear(&v);
}
END_TEST

static Suite *verify_suite(void)
{
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, full_symtab);
	tcase_add_test(tc, stripped);
	tcase_add_test(tc, exports_after_link);
	tcase_add_test(tc, not_elf);
	tcase_add_test(tc, after_link);
	tcase_add_test(tc, join_names);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(verify_suite)
