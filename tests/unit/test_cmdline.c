#include "cmdline.h"
#include "rsp.h"
#include "strvec.h"
#include "util.h"
#include "testlib.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static char tmp[64];

static void setup(void)
{
	scratch_make(tmp, sizeof(tmp), "cmdline");
}

static void teardown(void)
{
	scratch_remove(tmp);
}

/* split a space-separated command line (no quoting) into v */
static void words(struct strvec *v, const char *line)
{
	rsp_split(line, strlen(line), v);
}

/* parse line; checks that cmd_quick_action agrees */
static int parse(struct cmd *cmd, enum tool_flavor fl, const char *line)
{
	struct strvec v = STRVEC_INIT;
	words(&v, line);
	int ret = cmd_parse(cmd, fl, (int)v.nr, v.v);
	enum cmd_action quick = cmd_quick_action(fl, (int)v.nr, v.v);
	if (ret == 0)
		ck_assert_int_eq(quick, cmd->action);
	else
		ck_assert_int_eq(quick, ACT_LINK);
	strvec_clear(&v);
	return ret;
}

static enum cmd_action action(enum tool_flavor fl, const char *line)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, fl, line), 0);
	enum cmd_action a = cmd.action;
	cmd_release(&cmd);
	return a;
}

static void assert_vec(const struct strvec *v, const char *line)
{
	struct strvec want = STRVEC_INIT;
	words(&want, line);
	for (size_t i = 0; i < want.nr && i < v->nr; i++)
		ck_assert_str_eq(v->v[i], want.v[i]);
	ck_assert_uint_eq(v->nr, want.nr);
	strvec_clear(&want);
}

static char *put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmp, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

START_TEST(actions_pass)
{
	static const char *const pass[] = {
		"gcc -c a.c", "gcc -S a.c", "gcc -E a.c", "gcc -M a.c", "gcc -MM a.c",
		"gcc -fsyntax-only a.c", "gcc --version", "gcc -dumpversion",
		"gcc -dumpmachine", "gcc -dumpspecs", "gcc -print-search-dirs",
		"gcc -print-file-name=libc.a", "clang --print-resource-dir", "gcc -### a.o",
		"gcc --help", "gcc -v", "gcc", "gcc -O2 -Wall", "gcc -c a.c -o a.o -MD",
		"gcc -flto -c a.c", "gcc -c -x c -", "gcc -E -", "gcc a.o -c",
		"gcc -Wl,--version", "gcc -o out", "clang -c a.c -Xlinker foo.o",
	};
	for (size_t i = 0; i < sizeof(pass) / sizeof(pass[0]); i++)
		ck_assert_msg(action(FLAVOR_GCC, pass[i]) == ACT_PASS, "%s", pass[i]);
}
END_TEST

START_TEST(actions_link)
{
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc a.o b.o -o app"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -lm"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -shared a.o -o libx.so"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -MD a.o -o app"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -MMD -MF x.d a.o"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -v a.o"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -Wl,-v a.o"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -Wl,foo.o"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc a.c -o app"), ACT_COMPILE_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -O2 b.o x.cpp"), ACT_COMPILE_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -x c foo.in"), ACT_COMPILE_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -x c - -o app"), ACT_COMPILE_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc s.S"), ACT_COMPILE_LINK);
	/* .bc is compiled by clang, a linker input for gcc */
	ck_assert_int_eq(action(FLAVOR_CLANG, "clang a.bc"), ACT_COMPILE_LINK);
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc a.bc"), ACT_LINK);
	/* option values are not inputs */
	static const char *const none[] = {
		"gcc -o a.o", "gcc -I inc -D X -U Y -include a.h -imacros m.h -isystem s",
		"gcc -iquote q -idirafter d -MF d.c -MT t.c -MQ q.c", "gcc -Xlinker -v",
		"gcc -Xassembler a.o -Xpreprocessor b.c -Xclang c.c", "gcc -T s.ld -e main",
		"gcc -u sym -L dir -B dir -aux-info f.c", "clang -arch x86_64 -target t.o",
		"gcc --param max=1 -z now -x c", "gcc --sysroot /sr -specs f.specs",
		"clang -mllvm -x=1.c -Xarch_x86_64 a.c", "gcc -dumpdir d.o -dumpbase b.c",
	};
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		ck_assert_msg(action(FLAVOR_GCC, none[i]) == ACT_PASS, "%s", none[i]);
}
END_TEST

START_TEST(actions_ld)
{
	ck_assert_int_eq(action(FLAVOR_LD, "ld a.o -o app"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_LD, "ld --version"), ACT_PASS);
	ck_assert_int_eq(action(FLAVOR_LD, "ld -v a.o"), ACT_PASS);
	ck_assert_int_eq(action(FLAVOR_LD, "ld -V"), ACT_PASS);
	ck_assert_int_eq(action(FLAVOR_LD, "ld --help a.o"), ACT_PASS);
	ck_assert_int_eq(action(FLAVOR_LD, "ld -o app -L x"), ACT_PASS);
	ck_assert_int_eq(action(FLAVOR_LD, "ld -lc"), ACT_LINK);
	/* ld has no sources: a .c file is a linker input (a script) */
	ck_assert_int_eq(action(FLAVOR_LD, "ld a.c"), ACT_LINK);
	ck_assert_int_eq(action(FLAVOR_LD, "ld -soname libx.so -rpath /r -Map m --version-script v"),
			 ACT_PASS);
}
END_TEST

START_TEST(inputs_in_order)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc a.o -lfoo -l bar -l:libbaz.a lib.a x.c -L/d1 -L /d2 -o app"), 0);
	ck_assert_int_eq(cmd.action, ACT_COMPILE_LINK);
	ck_assert_uint_eq(cmd.ninputs, 6);
	ck_assert_str_eq(cmd.inputs[0].name, "a.o");
	ck_assert_int_eq(cmd.inputs[0].type, IN_FILE);
	ck_assert_int_eq(cmd.inputs[0].argi, 1);
	ck_assert_str_eq(cmd.inputs[1].name, "foo");
	ck_assert_int_eq(cmd.inputs[1].type, IN_LIB);
	ck_assert_str_eq(cmd.inputs[2].name, "bar");
	ck_assert_int_eq(cmd.inputs[2].type, IN_LIB);
	ck_assert_str_eq(cmd.inputs[3].name, "libbaz.a");
	ck_assert_int_eq(cmd.inputs[3].type, IN_LIB_EXACT);
	ck_assert_str_eq(cmd.inputs[4].name, "lib.a");
	ck_assert_int_eq(cmd.inputs[4].type, IN_FILE);
	ck_assert_str_eq(cmd.inputs[5].name, "x.c");
	ck_assert_int_eq(cmd.inputs[5].type, IN_SOURCE);
	ck_assert_ptr_null(cmd.inputs[5].lang);
	ck_assert_int_eq(cmd.inputs[5].argi, 7);
	ck_assert_uint_eq(cmd.libdirs.nr, 2);
	ck_assert_str_eq(cmd.libdirs.v[0], "/d1");
	ck_assert_str_eq(cmd.libdirs.v[1], "/d2");
	ck_assert_str_eq(cmd.output, "app");
	ck_assert_uint_eq(cmd.argv.nr, 13);
	cmd_release(&cmd);
}
END_TEST

START_TEST(source_extensions)
{
	static const char *const src[] = {
		"a.c", "a.cc", "a.cpp", "a.cxx", "a.C", "a.c++", "a.m", "a.mm", "a.s", "a.S",
		"a.sx", "a.i", "a.ii", "a.f", "a.f90", "a.go", "dir.x/a.c",
	};
	static const char *const notsrc[] = {
		"a.o", "a.a", "a.so", "a.so.6", "a.rlib", "a.h", "a.ld", "a.rs", "a", ".c", "c.dir/a",
	};
	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		char *line = xasprintf("gcc %s", src[i]);
		ck_assert_msg(action(FLAVOR_GCC, line) == ACT_COMPILE_LINK, "%s", line);
		free(line);
	}
	for (size_t i = 0; i < sizeof(notsrc) / sizeof(notsrc[0]); i++) {
		char *line = xasprintf("gcc %s", notsrc[i]);
		ck_assert_msg(action(FLAVOR_GCC, line) == ACT_LINK, "%s", line);
		free(line);
	}
}
END_TEST

START_TEST(x_language_positions)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc a.o -x c b.in -xc++ c.o -lm -x none d.o e.c -x assembler-with-cpp -"),
			 0);
	ck_assert_uint_eq(cmd.ninputs, 7);
	ck_assert_int_eq(cmd.inputs[0].type, IN_FILE);
	ck_assert_int_eq(cmd.inputs[1].type, IN_SOURCE);
	ck_assert_str_eq(cmd.inputs[1].lang, "c");
	ck_assert_int_eq(cmd.inputs[2].type, IN_SOURCE);
	ck_assert_str_eq(cmd.inputs[2].lang, "c++");
	ck_assert_int_eq(cmd.inputs[3].type, IN_LIB);
	ck_assert_ptr_null(cmd.inputs[3].lang);
	ck_assert_int_eq(cmd.inputs[4].type, IN_FILE);
	ck_assert_int_eq(cmd.inputs[5].type, IN_SOURCE);
	ck_assert_ptr_null(cmd.inputs[5].lang);
	ck_assert_int_eq(cmd.inputs[6].type, IN_SOURCE);
	ck_assert_str_eq(cmd.inputs[6].name, "-");
	ck_assert_str_eq(cmd.inputs[6].lang, "assembler-with-cpp");
	ck_assert(cmd.has_stdin_source);
	ck_assert(!cmd.rsp_lang);
	cmd_release(&cmd);
}
END_TEST

START_TEST(wl_state_tracking)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc a.o -Wl,--whole-archive w.a -Wl,--no-whole-archive "
			       "-Wl,-Bstatic -ls1 -Xlinker -Bdynamic -ld1 "
			       "-Wl,--start-group g1.a -lg2 -Wl,--end-group "
			       "-Wl,--as-needed -lan -Wl,--no-as-needed -lnot "
			       "-Wl,-(,x.a,-) -Wl,--push-state,--as-needed,-Bstatic -lps "
			       "-Wl,--pop-state -lafter -Wl,--whole-archive,inner.o,--no-whole-archive"),
			 0);
	ck_assert_int_eq(cmd.action, ACT_LINK);
	ck_assert_uint_eq(cmd.ninputs, 12);
	const struct cmd_input *in = cmd.inputs;
	ck_assert(!in[0].whole_archive && !in[0].static_only && !in[0].group);
	ck_assert_str_eq(in[1].name, "w.a");
	ck_assert(in[1].whole_archive);
	ck_assert_str_eq(in[2].name, "s1");
	ck_assert(!in[2].whole_archive && in[2].static_only);
	ck_assert_str_eq(in[3].name, "d1");
	ck_assert(!in[3].static_only);
	ck_assert_str_eq(in[4].name, "g1.a");
	ck_assert_int_eq(in[4].group, 1);
	ck_assert_str_eq(in[5].name, "g2");
	ck_assert_int_eq(in[5].group, 1);
	ck_assert_str_eq(in[6].name, "an");
	ck_assert(in[6].as_needed && !in[6].group);
	ck_assert_str_eq(in[7].name, "not");
	ck_assert(!in[7].as_needed);
	ck_assert_str_eq(in[8].name, "x.a");
	ck_assert_int_eq(in[8].group, 2);
	ck_assert_int_eq(in[8].argi, -1);
	ck_assert_str_eq(in[9].name, "ps");
	ck_assert(in[9].as_needed && in[9].static_only);
	ck_assert_str_eq(in[10].name, "after");
	ck_assert(!in[10].as_needed && !in[10].static_only);
	ck_assert_str_eq(in[11].name, "inner.o");
	ck_assert(in[11].whole_archive);
	ck_assert_int_eq(in[11].type, IN_FILE);
	ck_assert_int_eq(in[11].argi, -1);
	cmd_release(&cmd);
}
END_TEST

START_TEST(wl_values_not_inputs)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc a.o -Wl,-rpath,/r/lib.so -Wl,-soname,libx.so.1 -Wl,-rpath "
			       "-Wl,/x.so -Xlinker --version-script -Xlinker v.map -Wl,-z,relro,-z,now "
			       "-Wl,--defsym,foo=bar -Wl,-Map,m.o -Wl,-T,s.ld -Wl,-e,start "
			       "-Wl,-u,usym -Wl,--undefined=usym2 -Wl,-m,elf_i386 -Wl,-o,out.o "
			       "-Wl,-plugin,lto.so -Wl,--sysroot=/sr -Wl,-L,/ld1 -Wl,-L/ld2 "
			       "-Wl,--library-path=/ld3 -Wl,-l,wl1 -Wl,--library=wl2 -Wl,-y,sym "
			       "-Wl,-dynamic-linker,/lib/ld.so -Wl,--dynamic-list,dl.o"),
			 0);
	ck_assert_uint_eq(cmd.ninputs, 3);
	ck_assert_str_eq(cmd.inputs[0].name, "a.o");
	ck_assert_str_eq(cmd.inputs[1].name, "wl1");
	ck_assert_int_eq(cmd.inputs[1].type, IN_LIB);
	ck_assert_str_eq(cmd.inputs[2].name, "wl2");
	ck_assert_str_eq(cmd.linker_script, "s.ld");
	ck_assert_str_eq(cmd.entry, "start");
	ck_assert_uint_eq(cmd.undefs.nr, 2);
	ck_assert_str_eq(cmd.undefs.v[0], "usym");
	ck_assert_str_eq(cmd.undefs.v[1], "usym2");
	ck_assert_str_eq(cmd.emulation, "elf_i386");
	ck_assert_str_eq(cmd.output, "out.o");
	ck_assert_str_eq(cmd.sysroot, "/sr");
	ck_assert(cmd.lto);
	ck_assert_uint_eq(cmd.libdirs.nr, 3);
	ck_assert_str_eq(cmd.libdirs.v[2], "/ld3");
	cmd_release(&cmd);
}
END_TEST

START_TEST(rustc_link_line)
{
	static const char line[] =
		"cc -m64 /tmp/rustcXYZ/symbols.o app.app.abc-cgu.0.rcgu.o app.app.abc-cgu.1.rcgu.o "
		"app.4x2.rcgu.o -Wl,--as-needed -Wl,-Bstatic "
		"/r/lib/rustlib/x86_64-unknown-linux-gnu/lib/libstd-8a1b.rlib "
		"/r/lib/rustlib/x86_64-unknown-linux-gnu/lib/libcore-77aa.rlib "
		"/r/lib/rustlib/x86_64-unknown-linux-gnu/lib/libcompiler_builtins-1d.rlib "
		"-Wl,-Bdynamic -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -Wl,--eh-frame-hdr "
		"-Wl,-z,noexecstack -L /r/lib/rustlib/x86_64-unknown-linux-gnu/lib -o target/app "
		"-Wl,--gc-sections -pie -Wl,-z,relro,-z,now -nodefaultlibs -fuse-ld=lld "
		"-B/r/lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld";
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), 0);
	ck_assert_int_eq(cmd.action, ACT_LINK);
	ck_assert_uint_eq(cmd.ninputs, 14);
	for (size_t i = 0; i < 7; i++)
		ck_assert_int_eq(cmd.inputs[i].type, IN_FILE);
	ck_assert_str_eq(cmd.inputs[0].name, "/tmp/rustcXYZ/symbols.o");
	ck_assert(!cmd.inputs[0].as_needed && !cmd.inputs[0].static_only);
	ck_assert(str_ends(cmd.inputs[4].name, "libstd-8a1b.rlib"));
	ck_assert(cmd.inputs[4].static_only && cmd.inputs[4].as_needed);
	ck_assert(cmd.inputs[6].static_only);
	ck_assert_str_eq(cmd.inputs[7].name, "gcc_s");
	ck_assert_int_eq(cmd.inputs[7].type, IN_LIB);
	ck_assert(!cmd.inputs[7].static_only && cmd.inputs[7].as_needed);
	ck_assert_str_eq(cmd.inputs[13].name, "c");
	ck_assert_uint_eq(cmd.libdirs.nr, 1);
	ck_assert_str_eq(cmd.libdirs.v[0], "/r/lib/rustlib/x86_64-unknown-linux-gnu/lib");
	ck_assert_str_eq(cmd.output, "target/app");
	ck_assert_str_eq(cmd.fuse_ld, "lld");
	ck_assert_uint_eq(cmd.bdirs.nr, 1);
	ck_assert(str_ends(cmd.bdirs.v[0], "/bin/gcc-ld"));
	ck_assert(cmd.pie && !cmd.no_pie && cmd.nodefaultlibs && !cmd.nostdlib);
	ck_assert(cmd.m64 && !cmd.m32 && !cmd.shared && !cmd.lto);
	cmd_release(&cmd);
}
END_TEST

/* the options that hide exports, in every form a driver passes them; the
 * ones that only add exports or touch .symtab do not count */
START_TEST(exports_chosen)
{
	static const char *const hides[] = {
		"gcc -shared a.o -Wl,--version-script=v.map -o l.so",
		"gcc -shared a.o -Wl,--version-script,v.map -o l.so",
		"gcc -shared a.o -Xlinker --version-script -Xlinker v.map -o l.so",
		"g++ -shared a.o -Wl,--exclude-libs,ALL -o l.so",
		"ld -shared a.o --exclude-symbols=f,g -o l.so",
		"ld -shared a.o -version-script v.map -o l.so",
	};
	static const char *const keeps[] = {
		"gcc -shared a.o -o l.so",
		"gcc -shared a.o -Wl,--dynamic-list=d.lst -o l.so",
		"gcc -shared a.o -Wl,--export-dynamic-symbol=f -Wl,--retain-symbols-file=r.txt -o l.so",
	};
	for (size_t i = 0; i < sizeof(hides) / sizeof(*hides); i++) {
		struct cmd cmd = CMD_INIT;
		ck_assert_int_eq(parse(&cmd, hides[i][0] == 'l' ? FLAVOR_LD : FLAVOR_GCC, hides[i]), 0);
		ck_assert_msg(cmd.exports_chosen && cmd.shared, "%s", hides[i]);
		cmd_release(&cmd);
	}
	for (size_t i = 0; i < sizeof(keeps) / sizeof(*keeps); i++) {
		struct cmd cmd = CMD_INIT;
		ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, keeps[i]), 0);
		ck_assert_msg(!cmd.exports_chosen && cmd.shared, "%s", keeps[i]);
		cmd_release(&cmd);
	}
}
END_TEST

START_TEST(link_flags)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_CLANG,
			       "clang -flto=thin -fno-lto -flto -flto-partition=none a.o -shared -r "
			       "-static-pie -no-pie -nostdlib -nostartfiles -m64 -m32 --sysroot /s "
			       "--ld-path=/usr/bin/ld.lld -u f1 -uf2 -T x.ld -e go -B /b1 -Bstatic"),
			 0);
	ck_assert(cmd.lto && cmd.shared && cmd.relocatable && cmd.static_pie && cmd.no_pie);
	ck_assert(!cmd.pie && cmd.nostdlib && cmd.nostartfiles && cmd.m32 && !cmd.m64);
	ck_assert(!cmd.static_link && !cmd.exports_chosen);
	ck_assert_str_eq(cmd.sysroot, "/s");
	ck_assert_str_eq(cmd.ld_path, "/usr/bin/ld.lld");
	ck_assert_uint_eq(cmd.undefs.nr, 2);
	ck_assert_str_eq(cmd.undefs.v[1], "f2");
	ck_assert_str_eq(cmd.linker_script, "x.ld");
	ck_assert_str_eq(cmd.entry, "go");
	/* the driver reads -Bstatic as -B static, as gcc and clang do */
	ck_assert_uint_eq(cmd.bdirs.nr, 2);
	ck_assert_str_eq(cmd.bdirs.v[1], "static");
	ck_assert(cmd.inputs[0].static_only);
	cmd_release(&cmd);

	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, "gcc -flto a.o -fno-lto -lfoo -static --sysroot=/t"), 0);
	ck_assert(!cmd.lto && cmd.static_link);
	/* -static applies to every -l, wherever it is written */
	ck_assert(cmd.inputs[0].static_only && cmd.inputs[1].static_only);
	ck_assert_str_eq(cmd.sysroot, "/t");
	ck_assert(!cmd.toplevel_asm_seen);
	cmd_release(&cmd);

	/* GCC 16's heuristic: the last of the pair wins; it does not end LTO */
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, "gcc -flto -flto-toplevel-asm-heuristics a.o"), 0);
	ck_assert(cmd.toplevel_asm_seen && cmd.lto);
	cmd_release(&cmd);
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc -flto-toplevel-asm-heuristics -flto a.o -fno-lto-toplevel-asm-heuristics"),
			 0);
	ck_assert(!cmd.toplevel_asm_seen && cmd.lto);
	cmd_release(&cmd);
}
END_TEST

/* --wrap and every linker script, from the driver and from ld syntax */
START_TEST(wraps_and_scripts)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc -flto a.o -Wl,--wrap=io_submit -Xlinker --wrap -Xlinker malloc "
			       "-Wl,-wrap,free -T one.ld -Wl,-T,two.ld -Wl,--script=three.ld b.o"),
			 0);
	assert_vec(&cmd.wraps, "io_submit malloc free");
	assert_vec(&cmd.defsyms, "");
	assert_vec(&cmd.scripts, "one.ld two.ld three.ld");
	ck_assert_str_eq(cmd.linker_script, "three.ld");
	/* neither a wrapped name nor a script is an input */
	ck_assert_uint_eq(cmd.ninputs, 2);
	cmd_release(&cmd);

	ck_assert_int_eq(parse(&cmd, FLAVOR_LD, "ld --wrap x --wrap=y -wrap z -Tmap.ld -dT d.ld a.o "
					       "--defsym io=alt --defsym=base=0x1000 -defsym noequals"),
			 0);
	assert_vec(&cmd.wraps, "x y z");
	assert_vec(&cmd.defsyms, "io base");
	assert_vec(&cmd.scripts, "map.ld d.ld");
	ck_assert_uint_eq(cmd.ninputs, 1);
	ck_assert_str_eq(cmd.inputs[0].name, "a.o");
	cmd_release(&cmd);
}
END_TEST

START_TEST(ld_flavor)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_LD,
			       "ld.bfd -plugin /p/liblto_plugin.so -plugin-opt=-fresolution=x.res "
			       "--build-id -m elf_x86_64 -dynamic-linker /lib64/ld-linux-x86-64.so.2 "
			       "-pie -o app crt1.o -L/l1 -L /l2 a.o --whole-archive w.a "
			       "--no-whole-archive -lgcc --push-state --as-needed -lgcc_s --pop-state "
			       "-( -lc x.a -) -Bstatic -lz -dy -lm -z relro -soname so.o -rpath r.o "
			       "-export-dynamic -eh-frame-hdr -e _start -T link.ld -u sym -hash-style=gnu "
			       "--version-script v.o -nostdlib -static -lq -call_shared -lr --sysroot=/s"),
			 0);
	ck_assert_int_eq(cmd.action, ACT_LINK);
	ck_assert(cmd.lto && cmd.pie && cmd.nostdlib);
	ck_assert(cmd.exports_chosen); /* --version-script */
	ck_assert_str_eq(cmd.emulation, "elf_x86_64");
	ck_assert_str_eq(cmd.output, "app");
	ck_assert_str_eq(cmd.entry, "_start");
	ck_assert_str_eq(cmd.linker_script, "link.ld");
	ck_assert_str_eq(cmd.sysroot, "/s");
	ck_assert_uint_eq(cmd.undefs.nr, 1);
	ck_assert_uint_eq(cmd.libdirs.nr, 2);
	static const char *const names[] = {
		"crt1.o", "a.o", "w.a", "gcc", "gcc_s", "c", "x.a", "z", "m", "q", "r",
	};
	ck_assert_uint_eq(cmd.ninputs, 11);
	for (size_t i = 0; i < 11; i++)
		ck_assert_str_eq(cmd.inputs[i].name, names[i]);
	ck_assert(cmd.inputs[2].whole_archive);
	ck_assert(!cmd.inputs[3].whole_archive && !cmd.inputs[3].as_needed);
	ck_assert(cmd.inputs[4].as_needed);
	ck_assert(!cmd.inputs[5].as_needed);
	ck_assert_int_eq(cmd.inputs[5].group, 1);
	ck_assert_int_eq(cmd.inputs[6].group, 1);
	ck_assert(cmd.inputs[7].static_only && !cmd.inputs[7].group);
	ck_assert(!cmd.inputs[8].static_only);
	ck_assert(cmd.inputs[9].static_only);
	ck_assert(!cmd.inputs[10].static_only);
	/* argi points at the argument in argv */
	ck_assert_str_eq(cmd.argv.v[cmd.inputs[1].argi], "a.o");
	cmd_release(&cmd);

	ck_assert_int_eq(parse(&cmd, FLAVOR_LD, "ld -r -omagic x.o --relocatable -shared"), 0);
	ck_assert(cmd.relocatable && cmd.shared);
	/* single-dash names starting with 'o' are -o */
	ck_assert_str_eq(cmd.output, "magic");
	ck_assert_uint_eq(cmd.ninputs, 1);
	cmd_release(&cmd);
}
END_TEST

START_TEST(wrapper_options)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc --lto-safe-keep=foo_* a.o --lto-safe-exclude=bar "
			       "--lto-safe-keep-file=k.txt --lto-safe-dry-run -o app --lto-safe-keep=x"),
			 0);
	assert_vec(&cmd.argv, "gcc a.o -o app");
	assert_vec(&cmd.args, "a.o -o app");
	assert_vec(&cmd.keep, "foo_* x");
	assert_vec(&cmd.keep_files, "k.txt");
	assert_vec(&cmd.exclude, "bar");
	ck_assert(cmd.dry_run);
	ck_assert_int_eq(cmd.inputs[0].argi, 1);
	cmd_release(&cmd);

	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, "gcc a.o --lto-safe-bogus"), -EINVAL);
	ck_assert_ptr_nonnull(strstr(cmd.error, "--lto-safe-bogus"));
	cmd_release(&cmd);
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, "gcc -c a.c --lto-safe-keep"), -EINVAL);
	ck_assert_ptr_nonnull(cmd.error);
	cmd_release(&cmd);
	ck_assert_int_eq(parse(&cmd, FLAVOR_LD, "ld a.o --lto-safe-keep="), -EINVAL);
	cmd_release(&cmd);
	ck_assert_int_eq(parse(&cmd, FLAVOR_LD, "ld a.o --lto-safe-dry-run"), 0);
	ck_assert(cmd.dry_run);
	assert_vec(&cmd.argv, "ld a.o");
	cmd_release(&cmd);

	/* wrapper options are not values of the option before them */
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, "gcc -x --lto-safe-dry-run c in.txt"), 0);
	ck_assert_int_eq(cmd.action, ACT_COMPILE_LINK);
	ck_assert_str_eq(cmd.inputs[0].lang, "c");
	cmd_release(&cmd);

	ck_assert(cmd_is_wrapper_option("--lto-safe-keep=x"));
	ck_assert(!cmd_is_wrapper_option("--lto-safe"));
	ck_assert(!cmd_is_wrapper_option("-flto"));
}
END_TEST

START_TEST(response_files)
{
	char *inner = put("inner.rsp", "-Wl,--whole-archive w.a -Wl,--no-whole-archive\n");
	char *text = xasprintf("a.o 'sp ace.o' --lto-safe-keep=k1 @%s -lm", inner);
	char *outer = put("args.rsp", text);
	char *line = xasprintf("gcc -o app @%s b.o @/nonexistent.rsp", outer);
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), 0);
	ck_assert_int_eq(cmd.action, ACT_LINK);
	ck_assert_uint_eq(cmd.argv.nr, 6);
	char *at = xasprintf("@%s", outer);
	ck_assert_str_eq(cmd.argv.v[3], at);
	free(at);
	ck_assert_uint_eq(cmd.args.nr, 10);
	assert_vec(&cmd.keep, "k1");
	ck_assert_uint_eq(cmd.ninputs, 6);
	ck_assert_str_eq(cmd.inputs[0].name, "a.o");
	ck_assert_int_eq(cmd.inputs[0].argi, -1);
	ck_assert_int_eq(cmd.inputs[0].argx, 2);
	ck_assert_str_eq(cmd.inputs[1].name, "sp ace.o");
	ck_assert_str_eq(cmd.inputs[2].name, "w.a");
	ck_assert(cmd.inputs[2].whole_archive);
	ck_assert_str_eq(cmd.inputs[3].name, "m");
	ck_assert_str_eq(cmd.inputs[4].name, "b.o");
	ck_assert_int_eq(cmd.inputs[4].argi, 4);
	/* an unreadable @file is kept literally, as gcc does */
	ck_assert_str_eq(cmd.inputs[5].name, "@/nonexistent.rsp");
	ck_assert_int_eq(cmd.inputs[5].argi, 5);
	cmd_release(&cmd);
	free(line);

	/* a response file that only says -c makes it a compile */
	char *c = put("c.rsp", "-c");
	line = xasprintf("gcc a.c @%s", c);
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), 0);
	ck_assert_int_eq(cmd.action, ACT_PASS);
	cmd_release(&cmd);
	free(line);

	/* nested too deep */
	char *self = xasprintf("%s/self.rsp", tmp);
	char *selftext = xasprintf("@%s", self);
	free(put("self.rsp", selftext));
	line = xasprintf("gcc a.o @%s", self);
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), -ELOOP);
	ck_assert_ptr_nonnull(strstr(cmd.error, "self.rsp"));
	cmd_release(&cmd);
	free(line);
	free(self);
	free(selftext);
	free(c);
	free(inner);
	free(text);
	free(outer);
}
END_TEST

START_TEST(compile_and_link_argv)
{
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "gcc -O2 -flto -I inc -DX=1 a.c b.o -x c g.in -x none -lm -L/l -Wl,-z,now "
			       "-Xlinker -x -o app -shared -static -pie -rdynamic -u s -T l.ld -e m "
			       "-nostdlib -fuse-ld=gold -MD -MF dep.d -m32 -B /b --sysroot=/sr -g"),
			 0);
	ck_assert_int_eq(cmd.action, ACT_COMPILE_LINK);
	ck_assert_uint_eq(cmd.ninputs, 4);
	struct strvec v = STRVEC_INIT;
	cmd_compile_argv(&cmd, 0, "/tmp/a.o", &v);
	assert_vec(&v, "gcc -O2 -flto -I inc -DX=1 -MD -MF dep.d -m32 -B /b --sysroot=/sr -g "
		       "-c a.c -o /tmp/a.o");
	strvec_clear(&v);
	cmd_compile_argv(&cmd, 2, "/tmp/g.o", &v);
	assert_vec(&v, "gcc -O2 -flto -I inc -DX=1 -MD -MF dep.d -m32 -B /b --sysroot=/sr -g "
		       "-x c -c g.in -o /tmp/g.o");
	strvec_clear(&v);
	char *objs[] = { "/tmp/a.o", "/tmp/g.o" };
	cmd_link_argv(&cmd, objs, &v);
	assert_vec(&v, "gcc -O2 -flto -I inc -DX=1 /tmp/a.o b.o /tmp/g.o -lm -L/l -Wl,-z,now "
		       "-Xlinker -x -o app -shared -static -pie -rdynamic -u s -T l.ld -e m "
		       "-nostdlib -fuse-ld=gold -MD -MF dep.d -m32 -B /b --sysroot=/sr -g");
	strvec_clear(&v);
	cmd_release(&cmd);
}
END_TEST

START_TEST(link_argv_from_response_file)
{
	char *rsp = put("src.rsp", "-xc p.in -xnone --lto-safe-dry-run q.o");
	char *line = xasprintf("gcc -O1 @%s s.c -o app", rsp);
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), 0);
	ck_assert(cmd.rsp_lang && cmd.dry_run);
	ck_assert_int_eq(cmd.action, ACT_COMPILE_LINK);
	ck_assert_uint_eq(cmd.ninputs, 3);
	ck_assert_str_eq(cmd.inputs[0].lang, "c");
	ck_assert_int_eq(cmd.inputs[1].type, IN_FILE);
	ck_assert_ptr_null(cmd.inputs[2].lang);
	struct strvec v = STRVEC_INIT;
	char *objs[] = { "1.o", "2.o" };
	cmd_link_argv(&cmd, objs, &v);
	assert_vec(&v, "gcc -O1 1.o q.o 2.o -o app");
	strvec_clear(&v);
	cmd_compile_argv(&cmd, 0, "1.o", &v);
	assert_vec(&v, "gcc -O1 -x c -c p.in -o 1.o");
	strvec_clear(&v);
	cmd_release(&cmd);
	free(line);

	/* sources outside response files: the @file stays in the link command */
	char *objsrsp = put("objs.rsp", "x.o y.o");
	line = xasprintf("gcc @%s m.c -o app", objsrsp);
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), 0);
	ck_assert(!cmd.rsp_lang);
	cmd_link_argv(&cmd, objs, &v);
	ck_assert_uint_eq(v.nr, 5);
	char *at = xasprintf("@%s", objsrsp);
	ck_assert_str_eq(v.v[1], at);
	free(at);
	ck_assert_str_eq(v.v[2], "1.o");
	strvec_clear(&v);
	cmd_release(&cmd);
	free(line);

	/* a response file ending in -o takes the next argument as the output;
	 * the "-L" that follows the @file must not swallow the source */
	char *tail = put("tail.rsp", "x.o -o");
	line = xasprintf("gcc @%s -L m.c", tail);
	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC, line), 0);
	ck_assert_str_eq(cmd.output, "-L");
	ck_assert_uint_eq(cmd.ninputs, 2);
	ck_assert_uint_eq(cmd.libdirs.nr, 0);
	cmd_link_argv(&cmd, objs, &v);
	ck_assert_uint_eq(v.nr, 4);
	ck_assert_str_eq(v.v[2], "-L");
	ck_assert_str_eq(v.v[3], "1.o");
	strvec_clear(&v);
	cmd_release(&cmd);
	free(line);
	free(tail);
	free(objsrsp);
	free(rsp);
}
END_TEST

START_TEST(flavor_of)
{
	ck_assert_int_eq(cmd_flavor_of("ld"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("/usr/bin/ld.bfd"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("ld.gold"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("ld.lld"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("ld.mold"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("x86_64-linux-gnu-ld"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("x86_64-linux-gnu-ld.bfd"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("/opt/bin/aarch64-linux-gnu-ld.gold"), FLAVOR_LD);
	ck_assert_int_eq(cmd_flavor_of("clang"), FLAVOR_CLANG);
	ck_assert_int_eq(cmd_flavor_of("/usr/bin/clang++-14"), FLAVOR_CLANG);
	ck_assert_int_eq(cmd_flavor_of("x86_64-linux-gnu-clang"), FLAVOR_CLANG);
	ck_assert_int_eq(cmd_flavor_of("gcc"), FLAVOR_GCC);
	ck_assert_int_eq(cmd_flavor_of("cc"), FLAVOR_GCC);
	ck_assert_int_eq(cmd_flavor_of("/usr/bin/x86_64-linux-gnu-g++-12"), FLAVOR_GCC);
	ck_assert_int_eq(cmd_flavor_of("/ld/gcc"), FLAVOR_GCC);
	ck_assert_int_eq(cmd_flavor_of("lto-safe-cc"), FLAVOR_GCC);
	ck_assert_int_eq(cmd_flavor_of("ldd"), FLAVOR_GCC);
}
END_TEST

START_TEST(odd_input_is_safe)
{
	/* options missing their values at the end, empty -Wl, pieces */
	static const char *const lines[] = {
		"gcc -o", "gcc a.o -x", "gcc a.o -Xlinker", "gcc a.o -Wl,", "gcc a.o -Wl,,,",
		"gcc a.o -Wl,-rpath", "gcc a.o -l", "ld a.o -o", "ld a.o -l", "ld --pop-state a.o",
		"ld -) a.o -( -( b.o", "gcc -L", "gcc a.o -Wl,--push-state,--push-state",
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct cmd cmd = CMD_INIT;
		enum tool_flavor fl = lines[i][0] == 'l' ? FLAVOR_LD : FLAVOR_GCC;
		ck_assert_int_eq(parse(&cmd, fl, lines[i]), 0);
		cmd_release(&cmd);
	}
	/* a -Wl, option waiting for a value takes the next input, as ld would */
	ck_assert_int_eq(action(FLAVOR_GCC, "gcc -Wl,-rpath /dir"), ACT_PASS);
	struct cmd cmd = CMD_INIT;
	char *argv0[] = { NULL };
	ck_assert_int_eq(cmd_parse(&cmd, FLAVOR_GCC, 0, argv0), -EINVAL);
	cmd_release(&cmd);
	ck_assert_int_eq(cmd_quick_action(FLAVOR_GCC, 0, argv0), ACT_PASS);
}
END_TEST

/* the thin link of distributed ThinLTO, in the forms lld, gold and the
 * drivers pass it; and the suffix that names the full bitcode */
START_TEST(thinlto_index_only)
{
	static const char *const thin[] = {
		"clang -flto=thin -fuse-ld=lld -Wl,--thinlto-index-only a.o b.o -o app",
		"clang -fuse-ld=lld -Wl,--thinlto-index-only=idx/list.txt a.o -o app",
		"clang -fuse-ld=lld -Xlinker -thinlto-index-only=list a.o",
		"clang -fuse-ld=gold -Wl,-plugin-opt,thinlto-index-only a.o -o app",
		"clang -fuse-ld=gold -Wl,-plugin-opt=thinlto-index-only=list a.o -o app",
		"clang -fuse-ld=gold -Xlinker -plugin-opt -Xlinker thinlto-index-only a.o",
		"clang -Wl,--plugin-opt=thinlto-index-only a.o",
	};
	for (size_t i = 0; i < sizeof(thin) / sizeof(thin[0]); i++) {
		struct cmd cmd = CMD_INIT;
		ck_assert_int_eq(parse(&cmd, FLAVOR_CLANG, thin[i]), 0);
		ck_assert_msg(cmd.thinlto_index_only, "%s", thin[i]);
		ck_assert_int_eq(cmd.action, ACT_LINK);
		/* the list file is the option's value, not an input */
		ck_assert_str_eq(cmd.inputs[0].name, "a.o");
		cmd_release(&cmd);
	}
	struct cmd cmd = CMD_INIT;
	ck_assert_int_eq(parse(&cmd, FLAVOR_LD,
			       "ld.lld --thinlto-index-only=list --thinlto-emit-imports-files "
			       "--thinlto-prefix-replace=obj/;idx/ --thinlto-object-suffix-replace=.min.o;.o "
			       "a.min.o b.min.o -o app"),
			 0);
	ck_assert(cmd.thinlto_index_only);
	ck_assert_str_eq(cmd.thinlto_suffix_replace, ".min.o;.o");
	ck_assert_uint_eq(cmd.ninputs, 2);
	ck_assert_str_eq(cmd.inputs[1].name, "b.min.o");
	ck_assert_str_eq(cmd.output, "app");
	cmd_release(&cmd);

	ck_assert_int_eq(parse(&cmd, FLAVOR_GCC,
			       "cc -fuse-ld=gold -Wl,-plugin-opt,thinlto-object-suffix-replace=.thinlink.bc;.o "
			       "-Wl,-plugin-opt,thinlto-index-only a.thinlink.bc"),
			 0);
	ck_assert(cmd.thinlto_index_only);
	ck_assert_str_eq(cmd.thinlto_suffix_replace, ".thinlink.bc;.o");
	cmd_release(&cmd);

	/* not a thin link: other plugin options, an index written beside the
	 * output, a name that only starts like the option */
	static const char *const full[] = {
		"clang -flto=thin -fuse-ld=lld a.o b.o -o app",
		"clang -fuse-ld=gold -Wl,-plugin-opt=O2,-plugin-opt,thinlto-index-onlyx a.o",
		"clang -fuse-ld=lld -Wl,--thinlto-emit-index-files a.o",
		"gcc -flto -Wl,-plugin-opt=-fresolution=x.res a.o",
	};
	for (size_t i = 0; i < sizeof(full) / sizeof(full[0]); i++) {
		ck_assert_int_eq(parse(&cmd, FLAVOR_CLANG, full[i]), 0);
		ck_assert_msg(!cmd.thinlto_index_only, "%s", full[i]);
		ck_assert_ptr_null(cmd.thinlto_suffix_replace);
		cmd_release(&cmd);
	}
}
END_TEST

static Suite *cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("cmdline");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, actions_pass);
	tcase_add_test(tc, actions_link);
	tcase_add_test(tc, actions_ld);
	tcase_add_test(tc, inputs_in_order);
	tcase_add_test(tc, source_extensions);
	tcase_add_test(tc, x_language_positions);
	tcase_add_test(tc, wl_state_tracking);
	tcase_add_test(tc, wl_values_not_inputs);
	tcase_add_test(tc, rustc_link_line);
	tcase_add_test(tc, link_flags);
	tcase_add_test(tc, exports_chosen);
	tcase_add_test(tc, wraps_and_scripts);
	tcase_add_test(tc, ld_flavor);
	tcase_add_test(tc, wrapper_options);
	tcase_add_test(tc, response_files);
	tcase_add_test(tc, compile_and_link_argv);
	tcase_add_test(tc, link_argv_from_response_file);
	tcase_add_test(tc, flavor_of);
	tcase_add_test(tc, odd_input_is_safe);
	tcase_add_test(tc, thinlto_index_only);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(cmdline_suite)
