/* Unit tests for lib/linkuse.c (names the link command uses: script text,
 * command model) and policy_link_uses() on units built by hand. */
#include "testlib.h"
#include "cmdline.h"
#include "diag.h"
#include "linkuse.h"
#include "policy.h"
#include "rsp.h"
#include "rules.h"
#include "util.h"

#include <elf.h>
#include <string.h>
#include <sys/stat.h>

static char tmp[64];

static void setup(void)
{
	scratch_make(tmp, sizeof(tmp), "linkuse");
}

static void teardown(void)
{
	scratch_remove(tmp);
}

/* the uses as "KIND:NAME" words, space-separated */
static char *uses_line(const struct link_uses *u)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < u->nr; i++) {
		char *n = xasprintf("%s%s%s:%s", s, i ? " " : "", u->v[i].kind == LU_NAME ? "name" : "sec",
				    u->v[i].name);
		free(s);
		s = n;
	}
	return s;
}

static void assert_script_n(const char *text, size_t len, const char *want)
{
	struct link_uses u = LINK_USES_INIT;
	link_uses_script(text, len, "t.ld", &u);
	char *got = uses_line(&u);
	ck_assert_str_eq(got, want);
	free(got);
	link_uses_release(&u);
}

static void assert_script(const char *text, const char *want)
{
	assert_script_n(text, strlen(text), want);
}

START_TEST(script_commands)
{
	assert_script("ENTRY(lc_entry)", "name:lc_entry");
	assert_script("EXTERN(a b, c)\nENTRY ( \"quoted\" )", "name:a name:b name:c name:quoted");
	assert_script("SECTIONS { .t : { lc_tab_begin = .; KEEP(*(.lc_tab)) lc_tab_end = .; } } INSERT AFTER .rodata;",
		      "sec:.lc_tab");
	/* several patterns, SORT unwrapped, EXCLUDE_FILE skipped, a file pattern */
	assert_script("KEEP (*(SORT_BY_INIT_PRIORITY(.init_array.*) .init_array EXCLUDE_FILE (*crtend.o) .ctors))",
		      "sec:.init_array.* sec:.init_array sec:.ctors");
	assert_script("KEEP (*crtbegin.o(.ctors)) KEEP(SORT(*)(.dtors)) KEEP(*(SORT(SORT(.x))))",
		      "sec:.ctors sec:.dtors sec:.x");
	/* comments give nothing; nor does a keyword that is not a command */
	assert_script("/* ENTRY(no) */ KEEP; ENTRY", "");
	/* the symbols an assignment's value names, PROVIDE's too; not '.',
	 * numbers, functions and their arguments, comparisons */
	assert_script("a = b; PROVIDE(c = d); PROVIDE_HIDDEN ( e=f ) g = 0x10;", "name:b name:d name:f");
	assert_script("SECTIONS { .t : { s = .; . = ALIGN(8); x = ADDR(.t) + y; } z = w }", "name:y name:w");
	assert_script("ASSERT(a == b, \"msg\") p = DEFINED(q) ? r : 0; t += u;", "name:r");
	assert_script("a =", "");
	/* unterminated text ends quietly */
	assert_script("KEEP(*(.a", "sec:.a");
	assert_script("ENTRY(\"open", "name:open");
	assert_script("/* open", "");
	/* an empty quoted word is no name; a NUL ends the text */
	assert_script("ENTRY(\"\") KEEP(*(\"\" .k))", "sec:.k");
	assert_script_n("ENTRY(a)\0ENTRY(b)", 17, "name:a");
	assert_script_n("ENTRY(\"a\0b\")", 12, "name:a");
	assert_script("", "");
}
END_TEST

START_TEST(script_origins)
{
	struct link_uses u = LINK_USES_INIT;
	const char *t = "ENTRY(go) EXTERN(x) KEEP(*(.k)) alias = impl;";
	link_uses_script(t, strlen(t), "s.ld", &u);
	ck_assert_uint_eq(u.nr, 4);
	ck_assert_str_eq(u.v[0].origin, "named by ENTRY(go) in s.ld");
	ck_assert_str_eq(u.v[1].origin, "named by EXTERN(x) in s.ld");
	ck_assert_str_eq(u.v[2].origin, "KEEP(*(.k)) in s.ld");
	ck_assert_str_eq(u.v[3].origin, "assigned to alias in s.ld");
	ck_assert_ptr_null(u.v[0].needs);
	link_uses_release(&u);
}
END_TEST

/* hostile nesting neither recurses without bound nor loses the rest */
START_TEST(script_deep_nesting)
{
	size_t n = 100000;
	char *t = xmalloc(n * 6 + 64);
	char *p = t + sprintf(t, "KEEP(*(");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "SORT(");
	p += sprintf(p, ".deep");
	for (size_t i = 0; i < n + 2; i++)
		*p++ = ')';
	strcpy(p, " ENTRY(after)");
	struct link_uses u = LINK_USES_INIT;
	link_uses_script(t, strlen(t), "t.ld", &u);
	ck_assert_uint_eq(u.nr, 1);
	ck_assert_str_eq(u.v[0].name, "after");
	link_uses_release(&u);
	free(t);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(collect_from_command)
{
	char *dir = xasprintf("%s/lib", tmp), *script = xasprintf("%s/keep.ld", dir);
	char *implicit = xasprintf("%s/implicit.ld", tmp);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	write_file(script, "KEEP(*(.k))");
	write_file(implicit, "EXTERN(ext)");
	char *line = xasprintf("gcc -flto a.o -e go -u u1 -Wl,--wrap=io -L%s -T keep.ld", dir);
	struct strvec v = STRVEC_INIT;
	rsp_split(line, strlen(line), &v);
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_GCC, (int)v.nr, v.v), 0);
	struct input_list in = INPUT_LIST_INIT;
	GROW(in.v, in.alloc, 1);
	memset(&in.v[0], 0, sizeof(in.v[0]));
	in.v[0].path = xstrdup(implicit);
	in.v[0].spec = xstrdup("implicit.ld");
	in.v[0].kind = FK_SCRIPT;
	in.nr = 1;
	struct link_uses u = LINK_USES_INIT;
	link_uses_collect(&cmd, &in, &u);
	char *got = uses_line(&u);
	/* -T keep.ld is found in the -L directory, as ld finds it */
	ck_assert_str_eq(got, "name:go name:u1 name:__wrap_io name:io sec:.k name:ext");
	ck_assert_str_eq(u.v[2].needs, "io");
	ck_assert_str_eq(u.v[3].needs, "__real_io");
	ck_assert_str_eq(u.v[0].origin, "the entry point (-e go)");
	ck_assert_str_eq(u.v[2].origin, "--wrap=io sends references to io here");
	ck_assert_str_eq(u.v[4].origin, "KEEP(*(.k)) in keep.ld");
	ck_assert_str_eq(u.v[5].origin, "named by EXTERN(ext) in implicit.ld");
	free(got);
	link_uses_release(&u);
	input_list_release(&in);
	cmd_release(&cmd);
	strvec_clear(&v);
	free(line);
	free(dir);
	free(script);
	free(implicit);
}
END_TEST

/* ---- policy_link_uses and the --wrap warning ---- */

struct fixture {
	struct scan_set set;
	struct input_list in;
};

static struct unit *add_unit(struct fixture *f, const char *path, enum lto_kind lto)
{
	GROW(f->in.v, f->in.alloc, f->in.nr + 1);
	struct input *in = &f->in.v[f->in.nr++];
	memset(in, 0, sizeof(*in));
	in->path = xstrdup(path);
	in->spec = xstrdup(path);
	in->kind = FK_ELF_REL;
	struct scan_set *s = &f->set;
	GROW(s->units, s->aunits, s->nunits + 1);
	struct unit *u = &s->units[s->nunits++];
	unit_init(u, in->path, NULL, f->in.nr - 1);
	u->kind = FK_ELF_REL;
	u->lto = lto;
	u->full = 1;
	return u;
}

static void def(struct fixture *f, size_t unit, const char *name, const char *sec)
{
	struct sym *s = unit_add_sym(&f->set.units[unit], name, sec, SYM_DEF, SRC_IR);
	s->type = SYMT_FUNC;
	s->bind = STB_GLOBAL;
}

static void ref(struct fixture *f, size_t unit, const char *name)
{
	struct sym *s = unit_add_sym(&f->set.units[unit], name, NULL, SYM_UNDEF, SRC_IR);
	s->how = REF_CALL;
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

static char *kept_line(const struct keep_set *ks)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < ks->nr; i++) {
		char *n = xasprintf("%s%s%s", s, i ? " " : "", ks->v[i].name);
		free(s);
		s = n;
	}
	return s;
}

START_TEST(policy_keeps_link_uses)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	add_unit(&f, "main.o", LTO_GCC_SLIM);
	ref(&f, 0, "io");
	ref(&f, 0, "lc_tab_begin");
	add_unit(&f, "io.o", LTO_GCC_SLIM);
	def(&f, 1, "io", NULL);
	def(&f, 1, "go", NULL);
	def(&f, 1, "t1", ".lc_tab");
	def(&f, 1, "t2", ".lc_tab.two");
	def(&f, 1, "other", ".data.other");
	add_unit(&f, "wrap.o", LTO_GCC_SLIM);
	def(&f, 2, "__wrap_io", NULL);
	def(&f, 2, "__wrap_unused", NULL);
	add_unit(&f, "plain.o", LTO_NONE);
	def(&f, 3, "in_plain", NULL);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	ck_assert_uint_eq(ks.nr, 0);

	struct link_uses u = LINK_USES_INIT;
	link_uses_add(&u, LU_NAME, "go", NULL, xstrdup("the entry point (-e go)"));
	link_uses_add(&u, LU_NAME, "go", NULL, xstrdup("named by ENTRY(go) in s.ld"));
	link_uses_add(&u, LU_NAME, "__wrap_io", "io", xstrdup("--wrap=io"));
	link_uses_add(&u, LU_NAME, "io", "__real_io", xstrdup("--wrap=io"));
	link_uses_add(&u, LU_NAME, "__wrap_unused", "unused", xstrdup("--wrap=unused"));
	link_uses_add(&u, LU_NAME, "in_plain", NULL, xstrdup("-u in_plain"));
	link_uses_add(&u, LU_NAME, "nowhere", NULL, xstrdup("-u nowhere"));
	link_uses_add(&u, LU_SECTION, ".lc_tab*", NULL, xstrdup("KEEP(*(.lc_tab*)) in s.ld"));
	/* __wrap_io: main.o references io; io itself: nothing references
	 * __real_io; __wrap_unused: nothing references unused; in_plain is
	 * not LTO's to lose; nowhere is defined nowhere */
	ck_assert_uint_eq(policy_link_uses(&f.set, r, &u, &ks), 4);
	char *got = kept_line(&ks);
	ck_assert_str_eq(got, "__wrap_io go t1 t2");
	free(got);
	ck_assert_int_eq(ks.v[1].reason, KEEP_LINK_COMMAND);
	ck_assert_str_eq(keep_reason_name(ks.v[1].reason), "link-command");
	/* the first use of a name is the evidence */
	ck_assert_str_eq(ks.v[1].detail, "the entry point (-e go)");
	ck_assert_uint_eq(ks.v[1].def_unit, 1);
	ck_assert_str_eq(ks.v[2].detail, "in section \".lc_tab\", which KEEP(*(.lc_tab*)) in s.ld keeps");
	/* already kept: nothing added twice */
	ck_assert_uint_eq(policy_link_uses(&f.set, r, &u, &ks), 0);
	link_uses_release(&u);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

START_TEST(policy_excludes_and_real)
{
	struct fixture f = { 0 };
	struct keep_set ks;
	struct rules *r = rules_new();
	ck_assert_int_eq(rules_add_exclude(r, "go", "test"), 0);
	add_unit(&f, "main.o", LTO_NONE);
	ref(&f, 0, "__real_io");
	add_unit(&f, "io.o", LTO_LLVM);
	def(&f, 1, "io", NULL);
	def(&f, 1, "go", NULL);
	ck_assert_int_eq(policy_decide(&f.set, &f.in, r, &ks), 0);
	struct link_uses u = LINK_USES_INIT;
	link_uses_add(&u, LU_NAME, "io", "__real_io", xstrdup("--wrap=io sends references to __real_io here"));
	link_uses_add(&u, LU_NAME, "go", NULL, xstrdup("-u go"));
	ck_assert_uint_eq(policy_link_uses(&f.set, r, &u, &ks), 1);
	ck_assert_str_eq(ks.v[0].name, "io");
	link_uses_release(&u);
	rules_release(r);
	release(&f, &ks);
}
END_TEST

/* the warnings of link_uses_warn_wrap for each bypassed --wrap of the
 * command line, as one string */
static char *wrap_warnings(struct fixture *f, const char *line, size_t *n)
{
	struct strvec v = STRVEC_INIT;
	rsp_split(line, strlen(line), &v);
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, cmd_flavor_of(v.v[0]), (int)v.nr, v.v), 0);
	unsigned char loaded[8];
	memset(loaded, 1, sizeof(loaded));
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(out);
	diag_set_stream(out);
	struct wrap_bypass *b;
	*n = link_uses_bypassed_wraps(&cmd, &f->set, loaded, &b);
	for (size_t i = 0; i < *n; i++)
		link_uses_warn_wrap(&f->set, &b[i], NULL);
	free(b);
	diag_set_stream(NULL);
	fclose(out);
	cmd_release(&cmd);
	strvec_clear(&v);
	return buf;
}

START_TEST(wrap_warning)
{
	struct fixture f = { 0 };
	add_unit(&f, "main.o", LTO_GCC_SLIM);
	ref(&f, 0, "io");
	ref(&f, 0, "self");
	add_unit(&f, "io.o", LTO_GCC_FAT);
	def(&f, 1, "io", NULL);
	def(&f, 1, "self", NULL);
	def(&f, 1, "local_use", NULL);
	ref(&f, 1, "local_use");
	add_unit(&f, "plain.o", LTO_NONE);
	def(&f, 2, "plain_fn", NULL);
	ref(&f, 2, "plain_ref");
	add_unit(&f, "bc.o", LTO_LLVM);
	def(&f, 3, "plain_ref", NULL);
	def(&f, 3, "bc_fn", NULL);
	add_unit(&f, "bc2.o", LTO_LLVM);
	ref(&f, 4, "bc_fn");

	size_t n;
	/* io twice: one warning; local_use is referenced only by its own unit
	 * (no wrap without LTO either); plain_fn is not IR; plain_ref is
	 * referenced only from a regular object, which the linker wraps */
	char *w = wrap_warnings(&f, "gcc -flto main.o -Wl,--wrap=io,--wrap=io,--wrap=local_use,--wrap=plain_fn "
				    "-Wl,--wrap=plain_ref -Wl,--wrap=missing", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(w, "lto-safe: warning: --wrap=io is bypassed: io is defined in LTO IR (io.o) and "
			    "referenced from LTO IR (main.o), so LTO binds those references to io itself and the "
			    "linker never sends them to __wrap_io; fix: compile the unit that defines io (io.o) "
			    "without LTO (-fno-lto)\n");
	free(w);
	/* LLVM bitcode: bypassed unless lld links, and lld is named in the fix */
	w = wrap_warnings(&f, "clang -flto bc2.o -Wl,--wrap=bc_fn", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(w, "(bc.o) without LTO (-fno-lto), or link with lld (-fuse-ld=lld)\n"));
	free(w);
	w = wrap_warnings(&f, "clang -flto -fuse-ld=lld bc2.o -Wl,--wrap=bc_fn", &n);
	ck_assert_uint_eq(n, 0);
	free(w);
	w = wrap_warnings(&f, "ld.lld bc2.o --wrap bc_fn", &n);
	ck_assert_uint_eq(n, 0);
	free(w);
	/* GCC IR is bypassed whatever the linker */
	w = wrap_warnings(&f, "gcc -flto -fuse-ld=lld main.o -Wl,--wrap=self", &n);
	ck_assert_uint_eq(n, 1);
	free(w);
	/* --defsym over an IR definition another IR unit calls: the same;
	 * over a name no IR defines, nothing */
	w = wrap_warnings(&f, "gcc -flto main.o -Wl,--defsym=io=alt,--defsym=base=0x10,--defsym=plain_fn=x", &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(w, "lto-safe: warning: --defsym=io=... is bypassed: io is defined in LTO IR (io.o) and "
			    "referenced from LTO IR (main.o), so LTO binds those references to io itself and the "
			    "linker never sends them to the --defsym value; fix: compile the unit that defines io "
			    "(io.o) without LTO (-fno-lto)\n");
	free(w);
	struct keep_set ks = KEEP_SET_INIT;
	release(&f, &ks);
}
END_TEST

static Suite *linkuse_suite(void)
{
	Suite *s = suite_create("linkuse");
	TCase *tc = tcase_create("linkuse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, script_commands);
	tcase_add_test(tc, script_origins);
	tcase_add_test(tc, script_deep_nesting);
	tcase_add_test(tc, collect_from_command);
	tcase_add_test(tc, policy_keeps_link_uses);
	tcase_add_test(tc, policy_excludes_and_real);
	tcase_add_test(tc, wrap_warning);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(linkuse_suite)
