/* Unit tests for lib/driver.c: reading "-###" answers of GCC and clang,
 * merging the driver's inputs around the user's, and the cache key. */
#include "testlib.h"
#include "driver.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* as GCC 12 prints it: bare words, quotes around arguments with '=' or ',' */
static const char gcc_answer[] =
	"Using built-in specs.\n"
	"COLLECT_GCC=gcc\n"
	"COLLECT_GCC_OPTIONS='-v' '-mtune=generic'\n"
	" /usr/lib/gcc/x86_64-linux-gnu/12/collect2 -plugin /usr/lib/gcc/x86_64-linux-gnu/12/liblto_plugin.so "
	"\"-plugin-opt=-fresolution=/tmp/ccX.res\" \"-plugin-opt=-pass-through=-lgcc\" --build-id "
	"--eh-frame-hdr -m elf_x86_64 \"--hash-style=gnu\" --as-needed -dynamic-linker "
	"/lib64/ld-linux-x86-64.so.2 -pie /usr/lib/x86_64-linux-gnu/Scrt1.o /usr/lib/x86_64-linux-gnu/crti.o "
	"/usr/lib/gcc/x86_64-linux-gnu/12/crtbeginS.o -L/usr/lib/gcc/x86_64-linux-gnu/12 "
	"-L/usr/lib/x86_64-linux-gnu lto-safe-driver-mark.o -lgcc --push-state --as-needed -lgcc_s "
	"--pop-state -lc -lgcc /usr/lib/gcc/x86_64-linux-gnu/12/crtendS.o /usr/lib/x86_64-linux-gnu/crtn.o\n"
	"COLLECT_GCC_OPTIONS='-v' '-mtune=generic'\n";

/* as clang prints it: every argument quoted, \ before " \ and $ */
static const char clang_answer[] =
	"Debian clang version 14.0.6\n"
	"InstalledDir: /usr/bin\n"
	" \"/usr/bin/ld\" \"-pie\" \"-o\" \"a.out\" \"/lib/x86_64-linux-gnu/Scrt1.o\" "
	"\"/usr/lib/my dir/crt\\\"x\\\\.o\" \"-L/lib\" \"lto-safe-driver-mark.o\" \"-lgcc\" \"-lc\" "
	"\"/lib/x86_64-linux-gnu/crtn.o\"\n";

START_TEST(gcc_link_line)
{
	struct cmd ld;
	size_t mark;
	ck_assert_int_eq(driver_parse_answer(gcc_answer, &ld, &mark), 0);
	ck_assert_uint_eq(mark, 3);
	ck_assert_str_eq(ld.inputs[0].name, "/usr/lib/x86_64-linux-gnu/Scrt1.o");
	ck_assert_str_eq(ld.inputs[2].name, "/usr/lib/gcc/x86_64-linux-gnu/12/crtbeginS.o");
	ck_assert_str_eq(ld.inputs[mark + 1].name, "gcc");
	ck_assert_int_eq(ld.inputs[mark + 1].type, IN_LIB);
	ck_assert_str_eq(ld.inputs[mark + 2].name, "gcc_s");
	ck_assert_str_eq(ld.inputs[mark + 3].name, "c");
	ck_assert_str_eq(ld.inputs[ld.ninputs - 1].name, "/usr/lib/x86_64-linux-gnu/crtn.o");
	ck_assert_uint_eq(ld.ninputs, mark + 7);
	ck_assert_uint_eq(ld.libdirs.nr, 2);
	ck_assert_str_eq(ld.libdirs.v[1], "/usr/lib/x86_64-linux-gnu");
	cmd_release(&ld);
}
END_TEST

START_TEST(clang_link_line_and_quotes)
{
	struct cmd ld;
	size_t mark;
	ck_assert_int_eq(driver_parse_answer(clang_answer, &ld, &mark), 0);
	ck_assert_uint_eq(mark, 2);
	ck_assert_str_eq(ld.inputs[1].name, "/usr/lib/my dir/crt\"x\\.o");
	ck_assert_str_eq(ld.output, "a.out");
	ck_assert_str_eq(ld.inputs[mark + 2].name, "c");
	cmd_release(&ld);
	/* the job line alone, as the cache keeps it */
	const char *line = strchr(clang_answer, '\n');
	line = strchr(line + 1, '\n') + 1;
	ck_assert_int_eq(driver_parse_answer(line, &ld, &mark), 0);
	ck_assert_uint_eq(mark, 2);
	cmd_release(&ld);
}
END_TEST

START_TEST(answers_without_a_link_line)
{
	struct cmd ld;
	size_t mark;
	ck_assert_int_eq(driver_parse_answer("", &ld, &mark), -EIO);
	ck_assert_int_eq(driver_parse_answer("gcc: error: bad option\n", &ld, &mark), -EIO);
	/* a link line without the marker (the driver dropped -Wl options) */
	ck_assert_int_eq(driver_parse_answer(" /usr/bin/ld crt1.o -lc\n", &ld, &mark), -EIO);
	/* an unterminated quote ends the argument */
	ck_assert_int_eq(driver_parse_answer(" \"/usr/bin/ld\" lto-safe-driver-mark.o \"-lc", &ld, &mark), 0);
	ck_assert_str_eq(ld.inputs[1].name, "c");
	cmd_release(&ld);
}
END_TEST

START_TEST(merge_around_user_inputs)
{
	struct cmd cmd = CMD_INIT, ld;
	char *argv[] = { "gcc", "main.o", "-Wl,--start-group", "-lfoo", "-Wl,--end-group", "-L/user", "-o", "app", NULL };
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_GCC, 8, argv), 0);
	size_t mark;
	ck_assert_int_eq(driver_parse_answer(" ld crt1.o -L/drv -L/user lto-safe-driver-mark.o --start-group -lc "
					     "-lgcc --end-group crtn.o\n", &ld, &mark), 0);
	driver_merge(&cmd, &ld, mark);
	ck_assert_uint_eq(cmd.ninputs, 6);
	ck_assert_str_eq(cmd.inputs[0].name, "crt1.o");
	ck_assert(cmd.inputs[0].driver);
	ck_assert_int_eq(cmd.inputs[0].argi, -1);
	ck_assert_str_eq(cmd.inputs[1].name, "main.o");
	ck_assert(!cmd.inputs[1].driver);
	ck_assert_str_eq(cmd.inputs[2].name, "foo");
	ck_assert_int_eq(cmd.inputs[2].group, 1);
	/* the driver's group is another one */
	ck_assert_str_eq(cmd.inputs[3].name, "c");
	ck_assert_int_eq(cmd.inputs[3].group, 2);
	ck_assert_int_eq(cmd.inputs[4].group, 2);
	ck_assert_str_eq(cmd.inputs[5].name, "crtn.o");
	ck_assert_int_eq(cmd.inputs[5].group, 0);
	/* -L: the user's first, the driver's own after, once */
	ck_assert_uint_eq(cmd.libdirs.nr, 2);
	ck_assert_str_eq(cmd.libdirs.v[0], "/user");
	ck_assert_str_eq(cmd.libdirs.v[1], "/drv");
	/* argv, what runs, is untouched */
	ck_assert_uint_eq(cmd.argv.nr, 8);
	cmd_release(&ld);
	cmd_release(&cmd);
}
END_TEST

static char *key_for(char **argv, int argc)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, cmd_flavor_of(argv[0]), argc, argv), 0);
	char *tool = driver_which(argv[0]);
	ck_assert_ptr_nonnull(tool);
	char *q[] = { tool, "-###", NULL };
	char *key = driver_query_key(&cmd, q, 2);
	free(tool);
	cmd_release(&cmd);
	return key;
}

static void touch_later(const char *path)
{
	struct timespec t[2];
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec += 5;
	t[1] = t[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, path, t, 0), 0);
}

/* every place the answer is looked up in is in the key */
START_TEST(key_follows_what_the_answer_depends_on)
{
	char dir[64], bopt[96], specs[96], sopt[112], sys[96], sysopt[112];
	scratch_make(dir, sizeof(dir), "driver");
	snprintf(bopt, sizeof(bopt), "-B%s/", dir);
	snprintf(specs, sizeof(specs), "%s/my.specs", dir);
	snprintf(sopt, sizeof(sopt), "-specs=%s", specs);
	snprintf(sys, sizeof(sys), "%s/sysroot", dir);
	snprintf(sysopt, sizeof(sysopt), "--sysroot=%s", sys);
	FILE *f = fopen(specs, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(mkdir(sys, 0700), 0);

	char *gb[] = { "gcc", bopt, "x.o", NULL };
	char *k1 = key_for(gb, 3), *k2 = key_for(gb, 3);
	ck_assert_ptr_nonnull(k1);
	ck_assert_str_eq(k1, k2);
	touch_later(dir); /* a file added to the -B directory */
	char *k3 = key_for(gb, 3);
	ck_assert_str_ne(k1, k3);

	char *gs[] = { "gcc", sopt, "x.o", NULL };
	char *k4 = key_for(gs, 3);
	touch_later(specs);
	char *k5 = key_for(gs, 3);
	ck_assert_str_ne(k4, k5);

	char *gr[] = { "gcc", sysopt, "x.o", NULL };
	char *k6 = key_for(gr, 3);
	touch_later(sys);
	char *k7 = key_for(gr, 3);
	ck_assert_str_ne(k6, k7);

	const char *old = getenv("LIBRARY_PATH");
	char *saved = old ? xstrdup(old) : NULL;
	setenv("LIBRARY_PATH", dir, 1);
	char *k8 = key_for(gb, 3);
	if (saved)
		setenv("LIBRARY_PATH", saved, 1);
	else
		unsetenv("LIBRARY_PATH");
	free(saved);
	ck_assert_str_ne(k3, k8);

	/* clang: the GCC installations under its sysroot */
	char *ck = NULL, *ck2 = NULL;
	char *tool = driver_which("clang");
	if (tool) {
		char *cr[] = { "clang", sysopt, "x.o", NULL };
		char gccdir[128];
		snprintf(gccdir, sizeof(gccdir), "%s/usr", sys);
		ck_assert_int_eq(mkdir(gccdir, 0700), 0);
		snprintf(gccdir, sizeof(gccdir), "%s/usr/lib", sys);
		ck_assert_int_eq(mkdir(gccdir, 0700), 0);
		snprintf(gccdir, sizeof(gccdir), "%s/usr/lib/gcc", sys);
		ck_assert_int_eq(mkdir(gccdir, 0700), 0);
		ck = key_for(cr, 3);
		snprintf(gccdir, sizeof(gccdir), "%s/usr/lib/gcc/x86_64-linux-gnu", sys);
		ck_assert_int_eq(mkdir(gccdir, 0700), 0); /* a GCC installed */
		ck2 = key_for(cr, 3);
		ck_assert_str_ne(ck, ck2);
		free(tool);
	} else {
		printf("SKIP: clang not installed (the clang part of the key test)\n");
	}
	free(k1), free(k2), free(k3), free(k4), free(k5), free(k6), free(k7), free(k8), free(ck), free(ck2);
	scratch_remove(dir);
}
END_TEST

/* the key of the query driver_link_line() makes for argv */
static char *link_line_key(char **argv, int argc)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(cmd_parse(&cmd, cmd_flavor_of(argv[0]), argc, argv), 0);
	struct strvec q = STRVEC_INIT;
	strvec_push_nodup(&q, driver_which(argv[0]));
	cmd_driver_options(&cmd, &q);
	strvec_push(&q, "-Wl," DRIVER_MARK);
	strvec_push(&q, "-###");
	char *key = driver_query_key(&cmd, q.v, q.nr);
	strvec_clear(&q);
	cmd_release(&cmd);
	ck_assert_ptr_nonnull(key);
	return key;
}

/*
 * clang: each input its answer depends on changes the key, and what does
 * not (an input file, -L, -l, -o) leaves it: the target, --gcc-toolchain and
 * a GCC installed below it (a triple, then a version under it), -B and its
 * contents, the sysroot, and the driver's own file.
 */
START_TEST(clang_key_inputs)
{
	char *tool = driver_which("clang");
	if (!tool) {
		printf("SKIP: clang not installed (clang_key_inputs)\n");
		return;
	}
	free(tool);
	char dir[64], tc[96], tcopt[128], bopt[96], gcc[160];
	scratch_make(dir, sizeof(dir), "ckey");
	snprintf(tc, sizeof(tc), "%s/toolchain", dir);
	snprintf(tcopt, sizeof(tcopt), "--gcc-toolchain=%s", tc);
	snprintf(bopt, sizeof(bopt), "-B%s/", dir);
	ck_assert_int_eq(mkdir(tc, 0700), 0);

	char *a[] = { "clang", "x.o", "-o", "app", NULL };
	char *b[] = { "clang", "y.o", "-L/opt/lib", "-lfoo", "-o", "other", NULL };
	char *t[] = { "clang", "-target", "aarch64-linux-gnu", "x.o", NULL };
	char *k_a = link_line_key(a, 4), *k_b = link_line_key(b, 6), *k_t = link_line_key(t, 4);
	ck_assert_str_eq(k_a, k_b);
	ck_assert_str_ne(k_a, k_t);

	char *g[] = { "clang", tcopt, "x.o", NULL };
	char *k_g = link_line_key(g, 3);
	ck_assert_str_ne(k_a, k_g);
	snprintf(gcc, sizeof(gcc), "%s/lib", tc);
	ck_assert_int_eq(mkdir(gcc, 0700), 0);
	snprintf(gcc, sizeof(gcc), "%s/lib/gcc", tc);
	ck_assert_int_eq(mkdir(gcc, 0700), 0);
	char *k_g1 = link_line_key(g, 3);
	ck_assert_str_ne(k_g, k_g1);
	snprintf(gcc, sizeof(gcc), "%s/lib/gcc/x86_64-linux-gnu", tc);
	ck_assert_int_eq(mkdir(gcc, 0700), 0);
	char *k_g2 = link_line_key(g, 3);
	ck_assert_str_ne(k_g1, k_g2);
	snprintf(gcc, sizeof(gcc), "%s/lib/gcc/x86_64-linux-gnu/13", tc);
	ck_assert_int_eq(mkdir(gcc, 0700), 0); /* a GCC version installed */
	char *k_g3 = link_line_key(g, 3);
	ck_assert_str_ne(k_g2, k_g3);
	char *k_g4 = link_line_key(g, 3);
	ck_assert_str_eq(k_g3, k_g4);

	char *bb[] = { "clang", bopt, "x.o", NULL };
	char *k_b1 = link_line_key(bb, 3);
	ck_assert_str_ne(k_a, k_b1);
	touch_later(dir);
	char *k_b2 = link_line_key(bb, 3);
	ck_assert_str_ne(k_b1, k_b2);

	/* another driver: the same command with clang++ */
	char *k_pp = NULL, *pptool = driver_which("clang++");
	if (pptool) {
		char *pp[] = { "clang++", "x.o", "-o", "app", NULL };
		k_pp = link_line_key(pp, 4);
		ck_assert_str_ne(k_a, k_pp);
		free(pptool);
	}

	free(k_a), free(k_b), free(k_t), free(k_g), free(k_g1), free(k_g2), free(k_g3), free(k_g4);
	free(k_b1), free(k_b2), free(k_pp);
	scratch_remove(dir);
}
END_TEST

static Suite *driver_suite(void)
{
	Suite *s = suite_create("driver");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, gcc_link_line);
	tcase_add_test(tc, clang_link_line_and_quotes);
	tcase_add_test(tc, answers_without_a_link_line);
	tcase_add_test(tc, merge_around_user_inputs);
	tcase_add_test(tc, key_follows_what_the_answer_depends_on);
	tcase_add_test(tc, clang_key_inputs);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(driver_suite)
