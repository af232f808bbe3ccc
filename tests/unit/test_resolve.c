#include "resolve.h"
#include "settings.h"
#include "cache.h"
#include "formats/classify.h"
#include "diag.h"
#include "rsp.h"
#include "strvec.h"
#include "util.h"
#include "testlib.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[64];
static FILE *diag_out;

static void setup(void)
{
	scratch_make(tmp, sizeof(tmp), "resolve");
	/* toolchain_default_dirs() caches its answers: not in the user's home */
	setenv("LTO_SAFE_CACHE", "0", 1);
	settings_load();
	diag_out = tmpfile();
	ck_assert_ptr_nonnull(diag_out);
	diag_set_stream(diag_out);
}

static void teardown(void)
{
	scratch_remove(tmp);
	diag_set_stream(NULL);
	fclose(diag_out);
}

/* what was written through diag since setup */
static char *diag_text(void)
{
	fflush(diag_out);
	long n = ftell(diag_out);
	char *s = xmalloc((size_t)n + 1);
	rewind(diag_out);
	size_t got = fread(s, 1, (size_t)n, diag_out);
	s[got] = '\0';
	return s;
}

static char *path_of(const char *rel)
{
	return xasprintf("%s/%s", tmp, rel);
}

static void write_bytes(const char *rel, const void *p, size_t n)
{
	char *path = path_of(rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	char *mk = xasprintf("mkdir -p '%s'", path);
	ck_assert_int_eq(system(mk), 0);
	free(mk);
	*slash = '/';
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
	free(path);
}

static void put_text(const char *rel, const char *text)
{
	write_bytes(rel, text, strlen(text));
}

/* just enough of an ELF header for classify_bytes */
static void put_elf(const char *rel, int type)
{
	unsigned char h[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	h[16] = (unsigned char)type;
	h[18] = 62;
	write_bytes(rel, h, sizeof(h));
}

static void put_so(const char *rel) { put_elf(rel, 3); }
static void put_obj(const char *rel) { put_elf(rel, 1); }
static void put_ar(const char *rel) { put_text(rel, "!<arch>\n"); }

/* parse a command line in which "@T" stands for the temporary directory */
static void parse(struct cmd *cmd, enum tool_flavor fl, const char *fmt)
{
	struct strvec v = STRVEC_INIT;
	size_t len = strlen(fmt);
	char *line = xmalloc(len * 64 + 1), *o = line;
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '@' && p[1] == 'T') {
			o += sprintf(o, "%s", tmp);
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	rsp_split(line, strlen(line), &v);
	ck_assert_int_eq(cmd_parse(cmd, fl, (int)v.nr, v.v), 0);
	strvec_clear(&v);
	free(line);
}

static int ncalls;

/* a default_dirs_fn that answers <tmp>/def */
static int fake_defaults(void *arg, struct strvec *out)
{
	(void)arg;
	ncalls++;
	char *d = path_of("def");
	strvec_push(out, d);
	free(d);
	return 0;
}

static void assert_path(const struct input *in, const char *rel)
{
	char *want = path_of(rel);
	ck_assert_ptr_nonnull(in->path);
	ck_assert_str_eq(in->path, want);
	free(want);
}

START_TEST(lib_search)
{
	put_so("d1/libfoo.so");
	put_ar("d1/libfoo.a");
	put_ar("d1/libbar.a");
	put_so("d2/libbar.so");
	put_so("d2/libfoo.so.1");
	put_ar("def/libdef.a");
	put_obj("a.o");
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_GCC,
	      "gcc @T/a.o main.c -L@T/d1 -L @T/d2 -lfoo -lbar -l:libfoo.so.1 -Wl,-Bstatic -lfoo "
	      "-Wl,-Bdynamic -lnothere -ldef");
	struct input_list l = INPUT_LIST_INIT;
	ncalls = 0;
	ck_assert_int_eq(resolve_inputs(&cmd, fake_defaults, NULL, &l), 0);
	ck_assert_uint_eq(l.nr, 7);
	assert_path(&l.v[0], "a.o");
	ck_assert_int_eq(l.v[0].kind, FK_ELF_REL);
	ck_assert_uint_eq(l.v[0].cmd_index, 0);
	/* .so before .a in each directory */
	assert_path(&l.v[1], "d1/libfoo.so");
	ck_assert_int_eq(l.v[1].kind, FK_ELF_DYN);
	ck_assert_str_eq(l.v[1].spec, "-lfoo");
	ck_assert_uint_eq(l.v[1].cmd_index, 2);
	/* but directories come first: d1's .a wins over d2's .so */
	assert_path(&l.v[2], "d1/libbar.a");
	ck_assert_int_eq(l.v[2].kind, FK_ARCHIVE);
	assert_path(&l.v[3], "d2/libfoo.so.1");
	ck_assert_str_eq(l.v[3].spec, "-l:libfoo.so.1");
	/* -Bstatic picks the archive */
	assert_path(&l.v[4], "d1/libfoo.a");
	ck_assert_ptr_null(l.v[5].path);
	ck_assert_int_eq(l.v[5].kind, FK_MISSING);
	ck_assert_str_eq(l.v[5].spec, "-lnothere");
	assert_path(&l.v[6], "def/libdef.a");
	/* the defaults were asked for once, when -L was not enough */
	ck_assert_int_eq(ncalls, 1);
	input_list_release(&l);
	ck_assert_ptr_null(l.v);
	cmd_release(&cmd);

	/* -static: every -l is static; no default dirs without a callback */
	parse(&cmd, FLAVOR_GCC, "gcc -lfoo -static -L@T/d1 -ldef");
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	ck_assert_uint_eq(l.nr, 2);
	assert_path(&l.v[0], "d1/libfoo.a");
	ck_assert_int_eq(l.v[1].kind, FK_MISSING);
	input_list_release(&l);
	cmd_release(&cmd);

	/* ld -nostdlib: only the -L directories */
	ncalls = 0;
	parse(&cmd, FLAVOR_LD, "ld -nostdlib -ldef");
	ck_assert_int_eq(resolve_inputs(&cmd, fake_defaults, NULL, &l), 0);
	ck_assert_int_eq(l.v[0].kind, FK_MISSING);
	ck_assert_int_eq(ncalls, 0);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(input_state_carried)
{
	put_ar("w.a");
	put_ar("g.a");
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_GCC,
	      "gcc -Wl,--whole-archive @T/w.a -Wl,--no-whole-archive -Wl,--start-group @T/g.a "
	      "-Wl,--end-group -Wl,--as-needed @T/missing.so");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	ck_assert_uint_eq(l.nr, 3);
	ck_assert(l.v[0].whole_archive && !l.v[0].group);
	ck_assert(!l.v[1].whole_archive && l.v[1].group == 1);
	ck_assert(l.v[2].as_needed);
	ck_assert_int_eq(l.v[2].kind, FK_MISSING);
	ck_assert(!l.v[0].from_script);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

/* a file the clean set knows is an archive, not opened; others as before */
START_TEST(known_clean_archives)
{
	put_ar("k.a");
	put_ar("n.a");
	char *k = path_of("k.a");
	/* unreadable (but to root): only a stat can tell it is the archive
	 * that was recorded (chmod first: it changes the ctime) */
	ck_assert_int_eq(chmod(k, 0), 0);
	struct stat st;
	ck_assert_int_eq(stat(k, &st), 0);
	struct clean_set known = CLEAN_SET_INIT;
	struct clean_rec rec = { (uint64_t)st.st_dev, (uint64_t)st.st_ino, (uint64_t)st.st_size,
				 st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_ctim.tv_sec,
				 st.st_ctim.tv_nsec };
	known.v = &rec;
	known.nr = 1;
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_GCC, "gcc @T/k.a @T/n.a");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs_known(&cmd, NULL, NULL, &known, &l), 0);
	ck_assert_uint_eq(l.nr, 2);
	ck_assert_int_eq(l.v[0].kind, FK_ARCHIVE);
	ck_assert(l.v[0].known_clean);
	ck_assert_int_eq(l.v[1].kind, FK_ARCHIVE);
	ck_assert(!l.v[1].known_clean);
	input_list_release(&l);
	/* without the set: as before */
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	ck_assert(!l.v[0].known_clean && !l.v[1].known_clean);
	input_list_release(&l);
	cmd_release(&cmd);
	chmod(k, 0644);
	free(k);
}
END_TEST

START_TEST(script_group_as_needed)
{
	put_so("lib/libx.so.1");
	put_ar("lib/libx_nonshared.a");
	put_so("lib/ld.so");
	put_obj("lib/rel.o");
	put_ar("d/libfoo.a");
	char *text = xasprintf("/* GNU ld script\n   with a comment */\n"
			       "OUTPUT_FORMAT(elf64-x86-64)\n"
			       "GROUP ( %s/lib/libx.so.1 %s/lib/libx_nonshared.a  AS_NEEDED ( %s/lib/ld.so ) )\n",
			       tmp, tmp, tmp);
	put_text("lib/libx.so", text);
	free(text);
	put_text("lib/inputs.ld", "INPUT(rel.o,-lfoo , \"rel.o\")\n");
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_GCC, "gcc -L@T/lib -L@T/d -Wl,--start-group a.o -Wl,--end-group -lx "
				"@T/lib/inputs.ld");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	ck_assert_uint_eq(l.nr, 7);
	ck_assert_int_eq(l.v[0].kind, FK_MISSING);
	ck_assert_int_eq(l.v[0].group, 1);
	assert_path(&l.v[1], "lib/libx.so.1");
	ck_assert_int_eq(l.v[1].kind, FK_ELF_DYN);
	ck_assert(l.v[1].from_script && !l.v[1].as_needed);
	/* a fresh group number, after those of the command line */
	ck_assert_int_eq(l.v[1].group, 2);
	ck_assert_uint_eq(l.v[1].cmd_index, 1);
	ck_assert(str_starts(l.v[1].spec, "libx.so:/"));
	assert_path(&l.v[2], "lib/libx_nonshared.a");
	ck_assert_int_eq(l.v[2].group, 2);
	assert_path(&l.v[3], "lib/ld.so");
	ck_assert(l.v[3].as_needed);
	ck_assert_int_eq(l.v[3].group, 2);
	/* INPUT: relative names next to the script, -l through -L; no group */
	assert_path(&l.v[4], "lib/rel.o");
	ck_assert_str_eq(l.v[4].spec, "inputs.ld:rel.o");
	ck_assert(!l.v[4].group && l.v[4].from_script);
	assert_path(&l.v[5], "d/libfoo.a");
	ck_assert_str_eq(l.v[5].spec, "inputs.ld:-lfoo");
	assert_path(&l.v[6], "lib/rel.o");
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(script_nested_and_other_commands)
{
	put_obj("x.o");
	char *inner = xasprintf("INPUT(%s/x.o)", tmp);
	put_text("inner.ld", inner);
	char *outer = xasprintf("INPUT ( %s/inner.ld )\nSECTIONS { .foo : { *(.foo) } }\n", tmp);
	put_text("outer.ld", outer);
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_LD, "ld @T/outer.ld");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	/* outer has SECTIONS: it stays, followed by what it names */
	ck_assert_uint_eq(l.nr, 2);
	assert_path(&l.v[0], "outer.ld");
	ck_assert_int_eq(l.v[0].kind, FK_SCRIPT);
	assert_path(&l.v[1], "x.o");
	ck_assert_int_eq(l.v[1].kind, FK_ELF_REL);
	ck_assert(str_starts(l.v[1].spec, "outer.ld:inner.ld:"));
	ck_assert(l.v[1].from_script);
	input_list_release(&l);
	cmd_release(&cmd);
	free(inner);
	free(outer);
}
END_TEST

/* the diagnostics hold the warning "what" and no lto-safe line after it */
static void assert_one_warning(const char *what)
{
	char *msg = diag_text();
	const char *at = strstr(msg, what);
	ck_assert_ptr_nonnull(at);
	ck_assert_ptr_null(strstr(at + 1, "lto-safe:"));
	free(msg);
}

/* "INPUT(T/name T/name ...)", n names */
static char *input_of(const char *name, int n)
{
	char *text = xstrdup("INPUT(");
	for (int i = 0; i < n; i++) {
		char *more = xasprintf("%s %s/%s", text, tmp, name);
		free(text);
		text = more;
	}
	char *done = xasprintf("%s)", text);
	free(text);
	return done;
}

START_TEST(script_doubling)
{
	/* a script naming itself twice would be read 2^16 times within the
	 * nesting bound: the number of scripts read is bounded instead */
	char *twice = xasprintf("GROUP(%s/twice.ld %s/twice.ld)", tmp, tmp);
	put_text("twice.ld", twice);
	free(twice);
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_LD, "ld @T/twice.ld");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), -ELOOP);
	/* one warning, for the first bound reached (depth, on the first branch) */
	assert_one_warning("linker scripts nested deeper than 16 at");
	/* without the bound on scripts in all: 2^16 entries */
	ck_assert_uint_le(l.nr, 2000);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(script_count_stops)
{
	/* top.ld names mid.ld 64 times and mid.ld names leaf.ld 64 times:
	 * 4,161 scripts at depth 3.  The 1001st stops resolution before the
	 * rest are looked at, and y.o after top.ld is not reached */
	char *text = input_of("mid.ld", 64);
	put_text("top.ld", text);
	free(text);
	text = input_of("leaf.ld", 64);
	put_text("mid.ld", text);
	free(text);
	text = input_of("x.o", 1);
	put_text("leaf.ld", text);
	free(text);
	put_obj("x.o");
	put_obj("y.o");
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_LD, "ld @T/top.ld @T/y.o");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), -ELOOP);
	assert_one_warning("more than 1000 linker scripts at");
	/* about one entry per leaf read, and the script past the bound */
	ck_assert_uint_ge(l.nr, 900);
	ck_assert_uint_le(l.nr, 1001);
	for (size_t i = 0; i < l.nr; i++)
		ck_assert_uint_eq(l.v[i].cmd_index, 0);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(script_loop_and_garbage)
{
	char *self = xasprintf("INPUT(%s/self.ld)", tmp);
	put_text("self.ld", self);
	free(self);
	put_text("junk.ld", "GROUP ( AS_NEEDED x.o ( ( ) /* unterminated");
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_LD, "ld @T/self.ld @T/junk.ld");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), -ELOOP);
	char *msg = diag_text();
	ck_assert_ptr_nonnull(strstr(msg, "nested deeper"));
	free(msg);
	/* the innermost self.ld stays, as a script, and resolution stops
	 * there: junk.ld is not read (the caller runs the plain link) */
	ck_assert_uint_eq(l.nr, 1);
	ck_assert_int_eq(l.v[0].kind, FK_SCRIPT);
	ck_assert(str_starts(l.v[0].spec, "self.ld:self.ld:"));
	input_list_release(&l);
	cmd_release(&cmd);

	cmd = (struct cmd)CMD_INIT;
	parse(&cmd, FLAVOR_LD, "ld @T/junk.ld");
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	/* AS_NEEDED without a list is a file name; an unclosed list ends the
	 * script */
	ck_assert_uint_eq(l.nr, 2);
	ck_assert_int_eq(l.v[0].kind, FK_MISSING);
	ck_assert_str_eq(l.v[0].spec, "junk.ld:AS_NEEDED");
	ck_assert_str_eq(l.v[1].spec, "junk.ld:x.o");
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(script_too_big)
{
	size_t n = (1 << 20) + 10;
	char *big = xmalloc(n);
	memset(big, ' ', n);
	memcpy(big, "INPUT(a.o)", 10);
	write_bytes("big.ld", big, n);
	free(big);
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_LD, "ld @T/big.ld");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), -EFBIG);
	ck_assert_uint_eq(l.nr, 1);
	ck_assert_int_eq(l.v[0].kind, FK_UNREADABLE);
	char *msg = diag_text();
	ck_assert_ptr_nonnull(strstr(msg, "big.ld"));
	free(msg);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(sysroot)
{
	put_so("sr/lib/libz.so.1");
	put_ar("sr/usr/lib/libq.a");
	put_obj("sr/crt1.o");
	put_text("sr/usr/lib/libz.so", "GROUP(/lib/libz.so.1 =/crt1.o $SYSROOT/crt1.o)");
	struct cmd cmd = CMD_INIT;
	parse(&cmd, FLAVOR_GCC, "gcc --sysroot=@T/sr -L=/usr/lib -L$SYSROOT/lib -lz -lq =/crt1.o");
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	ck_assert_uint_eq(l.nr, 5);
	/* the script is inside the sysroot: its absolute names are too */
	assert_path(&l.v[0], "sr/lib/libz.so.1");
	assert_path(&l.v[1], "sr/crt1.o");
	assert_path(&l.v[2], "sr/crt1.o");
	assert_path(&l.v[3], "sr/usr/lib/libq.a");
	assert_path(&l.v[4], "sr/crt1.o");
	ck_assert_str_eq(l.v[4].spec, "=/crt1.o");
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(real_libc_script)
{
	const char *libc = "/usr/lib/x86_64-linux-gnu/libc.so";
	if (classify_path(libc) != FK_SCRIPT)
		TEST_SKIP("%s is not a linker script here", libc);
	char *argv[] = { "ld", (char *)libc, NULL };
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_LD, 2, argv), 0);
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, NULL, NULL, &l), 0);
	ck_assert_uint_ge(l.nr, 2);
	int shared = 0, nonshared = 0, as_needed = 0;
	for (size_t i = 0; i < l.nr; i++) {
		ck_assert(l.v[i].from_script);
		ck_assert_int_ne(l.v[i].kind, FK_SCRIPT);
		ck_assert_int_ne(l.v[i].kind, FK_MISSING);
		if (l.v[i].kind == FK_ELF_DYN && strstr(l.v[i].path, "libc.so.6"))
			shared = 1;
		if (l.v[i].kind == FK_ARCHIVE && strstr(l.v[i].path, "libc_nonshared.a"))
			nonshared = 1;
		as_needed |= l.v[i].as_needed;
		ck_assert_int_eq(l.v[i].group, 1);
	}
	ck_assert(shared && nonshared);
	ck_assert(as_needed);
	ck_assert(!l.v[0].as_needed);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

static int have_tool(const char *tool)
{
	char *cmd = xasprintf("command -v %s >/dev/null 2>&1", tool);
	int ok = system(cmd) == 0;
	free(cmd);
	return ok;
}

START_TEST(gcc_default_dirs)
{
	if (!have_tool("gcc"))
		TEST_SKIP("gcc not found");
	char *argv[] = { "gcc", "-m64", "-lc", NULL };
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_GCC, 3, argv), 0);
	struct strvec dirs = STRVEC_INIT;
	ck_assert_int_eq(toolchain_default_dirs(&cmd, &dirs), 0);
	ck_assert_uint_gt(dirs.nr, 0);
	for (size_t i = 0; i < dirs.nr; i++) {
		struct stat st;
		ck_assert_int_eq(stat(dirs.v[i], &st), 0);
		ck_assert(S_ISDIR(st.st_mode));
		ck_assert(!str_ends(dirs.v[i], "/"));
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(dirs.v[i], dirs.v[j]);
	}
	strvec_clear(&dirs);

	/* end to end: -lc through gcc's directories finds the C library */
	struct input_list l = INPUT_LIST_INIT;
	ck_assert_int_eq(resolve_inputs(&cmd, toolchain_default_dirs, &cmd, &l), 0);
	ck_assert_uint_ge(l.nr, 1);
	ck_assert_ptr_nonnull(l.v[0].path);
	ck_assert(l.v[0].kind == FK_ELF_DYN || l.v[0].kind == FK_ARCHIVE);
	input_list_release(&l);
	cmd_release(&cmd);
}
END_TEST

START_TEST(ld_default_dirs)
{
	if (!have_tool("ld"))
		TEST_SKIP("ld not found");
	char *argv[] = { "ld", "-lc", NULL };
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_LD, 2, argv), 0);
	struct strvec dirs = STRVEC_INIT;
	ck_assert_int_eq(toolchain_default_dirs(&cmd, &dirs), 0);
	ck_assert_uint_gt(dirs.nr, 0);
	for (size_t i = 0; i < dirs.nr; i++) {
		ck_assert(dirs.v[i][0] == '/');
		ck_assert_ptr_null(strchr(dirs.v[i], '"'));
	}
	strvec_clear(&dirs);
	cmd_release(&cmd);

	char *bad[] = { "/nonexistent/ld", NULL };
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_LD, 1, bad), 0);
	ck_assert_int_lt(toolchain_default_dirs(&cmd, &dirs), 0);
	ck_assert_uint_eq(dirs.nr, 0);
	cmd_release(&cmd);
}
END_TEST

static Suite *resolve_suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("resolve");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, lib_search);
	tcase_add_test(tc, input_state_carried);
	tcase_add_test(tc, known_clean_archives);
	tcase_add_test(tc, script_group_as_needed);
	tcase_add_test(tc, script_nested_and_other_commands);
	tcase_add_test(tc, script_doubling);
	tcase_add_test(tc, script_count_stops);
	tcase_add_test(tc, script_loop_and_garbage);
	tcase_add_test(tc, script_too_big);
	tcase_add_test(tc, sysroot);
	tcase_add_test(tc, real_libc_script);
	tcase_add_test(tc, gcc_default_dirs);
	tcase_add_test(tc, ld_default_dirs);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(resolve_suite)
