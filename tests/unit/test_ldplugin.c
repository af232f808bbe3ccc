/* Unit tests for lib/ldplugin.c: which links ld is given without the LTO
 * plugin they need, which GCC wrote the IR, reading the driver's answers,
 * and what ldplugin_add() adds (or the one error line it prints). */
#include "ldplugin.h"
#include "diag.h"
#include "resolve.h"
#include "scan.h"
#include "settings.h"
#include "testfiles.h"
#include "tmpdir.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <string.h>

static void setup(void)
{
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	files_setup();
	ck_assert_int_eq(chdir(scratch), 0);
	char *cache = xasprintf("%s/cache", scratch);
	setenv("LTO_SAFE_CACHE_DIR", cache, 1);
	free(cache);
	unsetenv("LTO_SAFE_STRICT");
	unsetenv("COLLECT_GCC");
	settings_load();
}

static void teardown(void)
{
	ck_assert_int_eq(chdir("/"), 0);
	files_teardown();
}

START_TEST(prefix_from_the_linker_name)
{
	static const char *const cases[][2] = {
		{ "ld", "" },
		{ "/usr/bin/ld", "" },
		{ "ld.bfd", "" },
		{ "/usr/bin/ld.gold", "" },
		{ "ld.mold", "" },
		{ "mold", "" },
		{ "/usr/bin/aarch64-linux-gnu-ld", "aarch64-linux-gnu-" },
		{ "x86_64-linux-gnu-ld.bfd", "x86_64-linux-gnu-" },
		{ "/opt/ld-tools/riscv64-linux-gnu-ld.gold", "riscv64-linux-gnu-" },
		{ "gold", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *p = ldplugin_prefix(cases[i][0]);
		ck_assert_msg(!strcmp(p, cases[i][1]), "%s: '%s', want '%s'", cases[i][0], p, cases[i][1]);
		free(p);
	}
}
END_TEST

/* -dumpversion, then GCC 12's -### answer for "-flto -Wl,MARK" */
static const char answer_tail[] =
	"Using built-in specs.\n"
	"COLLECT_GCC=gcc-12\n"
	"COLLECT_LTO_WRAPPER=/usr/lib/gcc/x86_64-linux-gnu/12/lto-wrapper\n"
	"gcc version 12.2.0 (Debian 12.2.0-14+deb12u1) \n"
	"COLLECT_GCC_OPTIONS='-flto' '-mtune=generic' '-march=x86-64' '-dumpdir' 'a-'\n"
	" /usr/lib/gcc/x86_64-linux-gnu/12/collect2 -plugin /usr/lib/gcc/x86_64-linux-gnu/12/liblto_plugin.so "
	"\"-plugin-opt=/usr/lib/gcc/x86_64-linux-gnu/12/lto-wrapper\" \"-plugin-opt=-fresolution=/tmp/cc.res\" "
	"\"-plugin-opt=-pass-through=-lgcc\" -flto --eh-frame-hdr -m elf_x86_64 -pie "
	"/usr/lib/x86_64-linux-gnu/Scrt1.o lto-safe-driver-mark.o -lgcc -lc /usr/lib/x86_64-linux-gnu/crtn.o\n"
	"COLLECT_GCC_OPTIONS='-flto' '-mtune=generic' '-march=x86-64' '-dumpdir' 'a-'\n";

START_TEST(parse_the_driver_answer)
{
	struct ldplugin_gcc g;
	char *text = xasprintf("12\n%s", answer_tail);
	ck_assert_int_eq(ldplugin_parse_answer(text, &g), 0);
	ck_assert_int_eq(g.major, 12);
	ck_assert_str_eq(g.plugin, "/usr/lib/gcc/x86_64-linux-gnu/12/liblto_plugin.so");
	ck_assert_str_eq(g.wrapper, "/usr/lib/gcc/x86_64-linux-gnu/12/lto-wrapper");
	ck_assert_ptr_null(g.driver);
	ldplugin_gcc_release(&g);
	free(text);
	/* a full version (GCC built without --with-gcc-major-version-only) */
	text = xasprintf("13.2.0\n%s", answer_tail);
	ck_assert_int_eq(ldplugin_parse_answer(text, &g), 0);
	ck_assert_int_eq(g.major, 13);
	ldplugin_gcc_release(&g);
	free(text);
}
END_TEST

START_TEST(driver_answers_without_what_is_needed)
{
	struct ldplugin_gcc g;
	static const char *const bad[] = {
		"", /* the cached answer of a driver that gave nothing */
		"12\n",
		"abc\n /usr/lib/collect2 -plugin /p.so -plugin-opt=/w lto-safe-driver-mark.o\n",
		"0\n /usr/lib/collect2 -plugin /p.so -plugin-opt=/w lto-safe-driver-mark.o\n",
		"12x\n /usr/lib/collect2 -plugin /p.so -plugin-opt=/w lto-safe-driver-mark.o\n",
		/* no plugin (a GCC built without it), no lto-wrapper, no job line */
		"12\n /usr/lib/collect2 -plugin-opt=/w lto-safe-driver-mark.o -lc\n",
		"12\n /usr/lib/collect2 -plugin /p.so -plugin-opt=-fresolution=/r lto-safe-driver-mark.o\n",
		"12\n /usr/lib/collect2 -plugin\n",
		"12\nUsing built-in specs.\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(ldplugin_parse_answer(bad[i], &g) == -EIO, "case %zu", i);
		ck_assert_ptr_null(g.plugin);
		ck_assert_ptr_null(g.wrapper);
	}
}
END_TEST

static unsigned majors_of(const char *name)
{
	size_t n;
	unsigned char *p = slurp(name, &n);
	unsigned m = ldplugin_majors(p, n);
	/* every shorter prefix of the file is read without a fault */
	for (size_t cut = 0; cut < n; cut += 1 + cut / 8)
		(void)ldplugin_majors(p, cut);
	free(p);
	return m;
}

START_TEST(stream_versions_of_gcc_objects)
{
	if (!have("gcc-12"))
		TEST_SKIP("gcc-12 not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	put_str("b.c", "int b(void) { return 2; }\n");
	ck_assert_int_eq(run("gcc-12 -O2 -flto -c a.c -o a12.o && gcc-12 -O2 -flto -ffat-lto-objects -c b.c "
			     "-o b12.o && gcc-12 -O2 -c b.c -o plain.o"), 0);
	ck_assert_uint_eq(majors_of("a12.o"), 1u << 12);
	ck_assert_uint_eq(majors_of("b12.o"), 1u << 12);
	ck_assert_uint_eq(majors_of("plain.o"), 0);
	put_str("junk.o", "\177ELF this is no object at all");
	ck_assert_uint_eq(majors_of("junk.o"), 0);
	if (!have("gcc-11"))
		TEST_SKIP("gcc-11 not installed");
	ck_assert_int_eq(run("gcc-11 -O2 -flto -c b.c -o b11.o && ld -r a12.o b11.o -o both.o"), 0);
	ck_assert_uint_eq(majors_of("b11.o"), 1u << 11);
	/* ld -r of objects of two GCCs: both units */
	ck_assert_uint_eq(majors_of("both.o"), 1u << 11 | 1u << 12);
}
END_TEST

/* an ELF64 object of byte order `data` with one section `sec` holding b[0..n) */
static void write_object(const char *name, int data, const char *sec, const unsigned char *b, size_t n)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(gelf_newehdr(e, ELFCLASS64));
	GElf_Ehdr eh;
	gelf_getehdr(e, &eh);
	eh.e_ident[EI_DATA] = (unsigned char)data;
	eh.e_type = ET_REL;
	eh.e_machine = EM_S390;
	eh.e_version = EV_CURRENT;
	char strtab[64];
	size_t len = (size_t)snprintf(strtab, sizeof(strtab), "%c%s%c.shstrtab", 0, sec, 0) + 1;
	Elf_Scn *s = elf_newscn(e), *str = elf_newscn(e);
	Elf_Data *d = elf_newdata(s);
	d->d_buf = (void *)b;
	d->d_size = n;
	d->d_type = ELF_T_BYTE;
	GElf_Shdr sh;
	gelf_getshdr(s, &sh);
	sh.sh_name = 1;
	sh.sh_type = SHT_PROGBITS;
	gelf_update_shdr(s, &sh);
	d = elf_newdata(str);
	d->d_buf = strtab;
	d->d_size = len;
	d->d_type = ELF_T_BYTE;
	gelf_getshdr(str, &sh);
	sh.sh_name = (unsigned)strlen(sec) + 2;
	sh.sh_type = SHT_STRTAB;
	gelf_update_shdr(str, &sh);
	eh.e_shstrndx = (unsigned short)elf_ndxscn(str);
	gelf_update_ehdr(e, &eh);
	ck_assert_int_ge(elf_update(e, ELF_C_WRITE), 0);
	elf_end(e);
	close(fd);
}

/* the stream header is in the byte order of the machine GCC ran on, not
 * the object's: GCC 13 on s390x writes 13.0 big-endian, a cross GCC on
 * x86-64 writes s390x objects little-endian (gcclto_version()) */
START_TEST(stream_versions_in_either_byte_order)
{
	static const unsigned char be13[] = { 0, 13, 0, 0 }, le13[] = { 13, 0, 0, 0 };
	write_object("be.o", ELFDATA2MSB, ".gnu.lto_.lto.1a2b", be13, sizeof(be13));
	write_object("le.o", ELFDATA2LSB, ".gnu.lto_.lto.1a2b", le13, sizeof(le13));
	write_object("cross.o", ELFDATA2MSB, ".gnu.lto_.lto.1a2b", le13, sizeof(le13));
	ck_assert_uint_eq(majors_of("be.o"), 1u << 13);
	ck_assert_uint_eq(majors_of("le.o"), 1u << 13);
	ck_assert_uint_eq(majors_of("cross.o"), 1u << 13);
	if (!run("command -v s390x-linux-gnu-gcc")) {
		put_str("a.c", "int a(void) { return 1; }\n");
		ck_assert_int_eq(run("s390x-linux-gnu-gcc -O2 -flto -c a.c -o s390x.o && "
				     "s390x-linux-gnu-gcc -dumpversion >ver"), 0);
		size_t n;
		char *ver = (char *)slurp("ver", &n);
		ck_assert_uint_eq(majors_of("s390x.o"), 1u << atoi(ver));
		free(ver);
	}
	/* not the version section, or one too short to hold a version */
	write_object("other.o", ELFDATA2LSB, ".gnu.lto_.symtab.1a2b", le13, sizeof(le13));
	write_object("short.o", ELFDATA2LSB, ".gnu.lto_.lto.1a2b", le13, 1);
	ck_assert_uint_eq(majors_of("other.o"), 0);
	ck_assert_uint_eq(majors_of("short.o"), 0);
}
END_TEST

/* the set of "TOOL ARGS..." (white-space separated) at classification depth */
struct parsed {
	struct cmd cmd;
	struct input_list in;
	struct scan_set set;
};

static void parse(struct parsed *p, enum tool_flavor flavor, const char *line)
{
	struct strvec v = STRVEC_INIT;
	char *copy = xstrdup(line);
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		strvec_push(&v, t);
	free(copy);
	p->cmd = (struct cmd)CMD_INIT;
	p->in = (struct input_list)INPUT_LIST_INIT;
	p->set = (struct scan_set)SCAN_SET_INIT;
	ck_assert_int_eq(cmd_parse(&p->cmd, flavor, (int)v.nr, v.v), 0);
	strvec_clear(&v);
	ck_assert_int_eq(resolve_inputs(&p->cmd, toolchain_default_dirs, &p->cmd, &p->in), 0);
	ck_assert_int_eq(scan_inputs(&p->in, SCAN_CLASSIFY, 1, &p->set), 0);
}

static void parsed_release(struct parsed *p)
{
	scan_set_release(&p->set);
	input_list_release(&p->in);
	cmd_release(&p->cmd);
}

static int needed(enum tool_flavor flavor, const char *line)
{
	struct parsed p;
	parse(&p, flavor, line);
	int r = ldplugin_needed(&p.cmd, &p.set);
	parsed_release(&p);
	return r;
}

START_TEST(which_links_need_the_plugin)
{
	if (!have("gcc") || !have("gcc-ar"))
		TEST_SKIP("gcc or gcc-ar not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	put_str("b.c", "int b(void) { return 2; }\n");
	ck_assert_int_eq(run("gcc -O2 -flto -c a.c -o slim.o && gcc -O2 -flto -ffat-lto-objects -c b.c -o fat.o && "
			     "gcc -O2 -c b.c -o plain.o && gcc-ar rcs libslim.a slim.o"),
			 0);
	/* a link (not -r) needs it for slim IR, loose or in an archive */
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -o x slim.o plain.o"), 1);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld.gold -o x plain.o -L. -lslim"), 1);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -o x fat.o slim.o"), 1);
	/* fat IR alone links its machine code; no IR, nothing */
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -o x fat.o plain.o"), 0);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -o x plain.o"), 0);
	/* a plugin of the command's own, or a driver's link */
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -plugin /x/liblto_plugin.so -o x slim.o"), 0);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld --plugin=/x/LLVMgold.so -o x slim.o"), 0);
	ck_assert_int_eq(needed(FLAVOR_GCC, "gcc -o x slim.o"), 0);
	/* ld -r: only GCC IR with a loose object without it */
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -r -o x slim.o"), 0);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -r -o x slim.o fat.o"), 0);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -r -o x plain.o"), 0);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -r -o x slim.o plain.o"), 1);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld --relocatable -o x plain.o fat.o"), 1);
	ck_assert_int_eq(needed(FLAVOR_LD, "ld -r -o x plain.o -L. -lslim"), 1);
}
END_TEST

/* ldplugin_add() on "ld ARGS"; what it printed in *msg (malloc'd) */
static int add(const char *line, struct parsed *p, char **msg)
{
	size_t len;
	FILE *f = open_memstream(msg, &len);
	diag_set_stream(f);
	parse(p, FLAVOR_LD, line);
	int r = ldplugin_add(&p->cmd, &p->set);
	diag_set_stream(NULL);
	fclose(f);
	return r;
}

START_TEST(adds_what_collect2_would_give)
{
	if (!have("gcc-12") || !have("ld"))
		TEST_SKIP("gcc-12 or ld not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc-12 -O2 -flto -c a.c -o slim.o && gcc-12 -O2 -c a.c -o plain.o"), 0);
	char *msg;
	struct parsed p;
	for (int round = 0; round < 2; round++) { /* the second from the cache */
		ck_assert_int_eq(add("/usr/bin/ld -e a -o x slim.o", &p, &msg), LDPLUGIN_ADDED);
		ck_assert_str_eq(msg, "");
		free(msg);
		struct strvec *v = &p.cmd.argv;
		ck_assert_uint_eq(v->nr, 10);
		ck_assert_str_eq(v->v[0], "/usr/bin/ld");
		ck_assert_str_eq(v->v[1], "-plugin");
		ck_assert_msg(str_ends(v->v[2], "/12/liblto_plugin.so"), "%s", v->v[2]);
		ck_assert_msg(str_starts(v->v[3], "-plugin-opt=/") && str_ends(v->v[3], "/12/lto-wrapper"), "%s",
			      v->v[3]);
		ck_assert_msg(str_starts(v->v[4], "-plugin-opt=-fresolution=/") && str_ends(v->v[4], "/ld.res"), "%s",
			      v->v[4]);
		ck_assert_str_eq(v->v[5], "-e");
		/* the input is where its argi says */
		ck_assert_str_eq(v->v[p.cmd.inputs[0].argi], "slim.o");
		ck_assert_msg(str_ends(getenv("COLLECT_GCC"), "/gcc-12"), "%s", getenv("COLLECT_GCC"));
		ck_assert_str_eq(getenv("COLLECT_GCC_OPTIONS"), "'-flto'");
		parsed_release(&p);
		tmpdir_cleanup();
	}
	/* nothing to do: the command is left as it is */
	ck_assert_int_eq(add("/usr/bin/ld -o x plain.o", &p, &msg), LDPLUGIN_NONE);
	ck_assert_uint_eq(p.cmd.argv.nr, 4);
	parsed_release(&p);
	free(msg);
}
END_TEST

/* one line, an error, that names the inputs and the driver to link with */
static void one_error(const char *msg, const char *a, const char *b)
{
	ck_assert_msg(str_starts(msg, "lto-safe: error: ") && strchr(msg, '\n') == msg + strlen(msg) - 1, "%s", msg);
	ck_assert_msg(strstr(msg, a) && strstr(msg, b) && strstr(msg, " -flto -nostdlib "), "%s", msg);
}

START_TEST(cannot_decide_one_error_line)
{
	if (!have("gcc-12") || !have("gcc-11"))
		TEST_SKIP("gcc-12 or gcc-11 not installed");
	put_str("a.c", "int a(void) { return 1; }\n");
	ck_assert_int_eq(run("gcc-12 -O2 -flto -c a.c -o a12.o && gcc-11 -O2 -flto -c a.c -o a11.o"), 0);
	char *msg;
	struct parsed p;
	/* IR of two GCCs; the command is left as it is */
	ck_assert_int_eq(add("ld -o x a11.o a12.o", &p, &msg), LDPLUGIN_PLAIN);
	one_error(msg, "GCC 11 LTO IR (a11.o)", "GCC 12 LTO IR (a12.o)");
	ck_assert_uint_eq(p.cmd.argv.nr, 5);
	ck_assert_ptr_null(getenv("COLLECT_GCC"));
	parsed_release(&p);
	free(msg);
	/* strict: -1 */
	setenv("LTO_SAFE_STRICT", "1", 1);
	settings_load();
	diag_set_strict(1);
	ck_assert_int_eq(add("ld -o x a11.o a12.o", &p, &msg), -1);
	one_error(msg, "GCC 11", "GCC 12");
	parsed_release(&p);
	free(msg);
	diag_set_strict(0);
	/* lld loads no GCC plugin */
	ck_assert_int_eq(add("/usr/bin/ld.lld -o x a12.o", &p, &msg), LDPLUGIN_PLAIN);
	one_error(msg, "ld.lld", "gcc-12");
	parsed_release(&p);
	free(msg);
	/* no GCC 12 on PATH */
	char *path = xstrdup(getenv("PATH"));
	setenv("PATH", scratch, 1);
	ck_assert_int_eq(add("/usr/bin/ld -o x a12.o", &p, &msg), LDPLUGIN_PLAIN);
	setenv("PATH", path, 1);
	free(path);
	one_error(msg, "GCC 12 LTO IR (a12.o)", "no gcc-12 or gcc");
	parsed_release(&p);
	free(msg);
}
END_TEST

static Suite *ldplugin_suite(void)
{
	Suite *s = suite_create("ldplugin");
	TCase *t = tcase_create("core");
	tcase_set_timeout(t, 60);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, prefix_from_the_linker_name);
	tcase_add_test(t, parse_the_driver_answer);
	tcase_add_test(t, driver_answers_without_what_is_needed);
	tcase_add_test(t, stream_versions_of_gcc_objects);
	tcase_add_test(t, stream_versions_in_either_byte_order);
	tcase_add_test(t, which_links_need_the_plugin);
	tcase_add_test(t, adds_what_collect2_would_give);
	tcase_add_test(t, cannot_decide_one_error_line);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(ldplugin_suite)
