#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch/arch.h"
#include "crosslist.h"
#include "retain.h"
#include "testlib.h"

/* the target of an architecture's usual variant, e_flags 0 */
static struct retain_target target_of(uint16_t machine, uint8_t cls)
{
	const struct arch *a = arch_find(machine, cls);
	ck_assert_ptr_nonnull(a);
	return (struct retain_target){ a, a->elfdata, 0 };
}
#define X86_64 target_of(EM_X86_64, ELFCLASS64)
#define AARCH64 target_of(EM_AARCH64, ELFCLASS64)
#define I386 target_of(EM_386, ELFCLASS32)

static char *tmp_make(void)
{
	char *dir = strdup("/tmp/lto-safe-retain-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd = NULL;
	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&cmd, fmt, ap), 0);
	va_end(ap);
	int st = system(cmd);
	free(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void tmp_remove(char *dir)
{
	sh("rm -rf '%s'", dir);
	free(dir);
}

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;
	ck_assert_int_gt(asprintf(&p, "%s/%s", dir, name), 0);
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(buf);
		}
		got = fread(buf + n, 1, 4096, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int have(const char *tool)
{
	return sh("command -v %s >/dev/null 2>&1", tool) == 0;
}

/* read path back with libelf and check every structural promise of retain.h */
static void check_object(const char *path, struct retain_target t, const char *const *names, size_t n)
{
	const struct arch *a = t.arch;
	ck_assert(elf_version(EV_CURRENT) != EV_NONE);
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(elf_kind(e), ELF_K_ELF);
	ck_assert_int_eq(gelf_getclass(e), a->elfclass);
	GElf_Ehdr eh;
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_int_eq(eh.e_ident[EI_DATA], t.elfdata);
	ck_assert_int_eq(eh.e_type, ET_REL);
	ck_assert_int_eq(eh.e_machine, a->machine);
	ck_assert_uint_eq(eh.e_flags, t.flags);
	size_t shstrndx;
	ck_assert_int_eq(elf_getshdrstrndx(e, &shstrndx), 0);

	Elf_Scn *symtab = NULL, *stack = NULL;
	GElf_Shdr sym_sh, sh;
	memset(&sym_sh, 0, sizeof(sym_sh));
	for (Elf_Scn *scn = elf_nextscn(e, NULL); scn; scn = elf_nextscn(e, scn)) {
		ck_assert_ptr_nonnull(gelf_getshdr(scn, &sh));
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		ck_assert_ptr_nonnull(name);
		/* nothing reaches the output: no allocated section, no relocation */
		ck_assert_uint_eq(sh.sh_flags & SHF_ALLOC, 0);
		ck_assert_int_ne(sh.sh_type, SHT_REL);
		ck_assert_int_ne(sh.sh_type, SHT_RELA);
		if (sh.sh_type == SHT_SYMTAB) {
			symtab = scn;
			sym_sh = sh;
		} else if (!strcmp(name, ".note.GNU-stack")) {
			stack = scn;
			ck_assert_int_eq(sh.sh_size, 0);
			ck_assert_int_eq(sh.sh_flags, 0);
		} else {
			ck_assert_int_eq(sh.sh_type, SHT_STRTAB);
		}
	}
	ck_assert_ptr_nonnull(symtab);
	ck_assert_ptr_nonnull(stack);

	/* the null symbol, then one undefined global per name, in order */
	ck_assert_uint_eq(sym_sh.sh_info, 1);
	ck_assert_uint_eq(sym_sh.sh_size / sym_sh.sh_entsize, n + 1);
	Elf_Data *sd = elf_getdata(symtab, NULL);
	ck_assert_ptr_nonnull(sd);
	GElf_Sym s;
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(gelf_getsym(sd, (int)i + 1, &s));
		ck_assert_int_eq(GELF_ST_BIND(s.st_info), STB_GLOBAL);
		ck_assert_int_eq(GELF_ST_TYPE(s.st_info), STT_NOTYPE);
		ck_assert_uint_eq(s.st_shndx, SHN_UNDEF);
		const char *sname = elf_strptr(e, sym_sh.sh_link, s.st_name);
		ck_assert_ptr_nonnull(sname);
		ck_assert_str_eq(sname, names[i]);
	}
	elf_end(e);
	close(fd);
}

/* readelf must read the object without complaint, find no relocation,
 * and list name (unless NULL) as undefined */
static void check_readelf(const char *dir, const char *obj, const char *name)
{
	if (!have("readelf"))
		TEST_SKIP("readelf not found");
	ck_assert_int_eq(sh("readelf -SrsW '%s' >'%s/re.out' 2>'%s/re.err'", obj, dir, dir), 0);
	char *p = path_in(dir, "re.out");
	char *out = slurp(p, NULL);
	free(p);
	p = path_in(dir, "re.err");
	char *err = slurp(p, NULL);
	free(p);
	ck_assert_msg(!*err, "readelf complained: %s", err);
	ck_assert_msg(strstr(out, "There are no relocations in this file."), "relocations in:\n%s", out);
	if (name) {
		char want[128];
		snprintf(want, sizeof(want), "GLOBAL DEFAULT  UND %s", name);
		ck_assert_msg(strstr(out, want), "no \"%s\" in:\n%s", want, out);
	}
	free(out);
	free(err);
}

static const char *const three[] = { "target_impl", "_ZN6plugin8registerEv", "helper.part.0" };

static void write_and_check(struct retain_target t)
{
	char *dir = tmp_make();
	char *obj = path_in(dir, "keep.o");
	ck_assert_int_eq(retain_write(obj, &t, three, 3), 0);
	check_object(obj, t, three, 3);
	/* lld links every target: a shared library made of it alone gets no
	 * relocation and nothing of it but the undefined names */
	if (have("ld.lld")) {
		ck_assert_int_eq(sh("cd '%s' && ld.lld -shared -z text keep.o -o keep.so", dir), 0);
		ck_assert_int_eq(sh("cd '%s' && readelf -rW keep.so | grep -q 'There are no relocations'", dir), 0);
	} else {
		printf("SKIP: ld.lld not found, %s object not linked\n", t.arch->name);
	}
	check_readelf(dir, obj, "target_impl");
	free(obj);
	tmp_remove(dir);
}

START_TEST(write_x86_64)
{
	write_and_check(X86_64);
}
END_TEST

START_TEST(write_aarch64)
{
	write_and_check(AARCH64);
}
END_TEST

START_TEST(write_i386)
{
	write_and_check(I386);
}
END_TEST

START_TEST(deterministic)
{
	struct retain_target arches[] = {
		X86_64, AARCH64, I386, target_of(EM_S390, ELFCLASS64),
		{ arch_find(EM_RISCV, ELFCLASS64), ELFDATA2LSB, EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE },
	};
	char *d1 = tmp_make(), *d2 = tmp_make();
	mode_t old = umask(022);
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		char *p1 = path_in(d1, "a.o"), *p2 = path_in(d2, "other-name.o");
		ck_assert_int_eq(retain_write(p1, &arches[i], three, 3), 0);
		ck_assert_int_eq(retain_write(p2, &arches[i], three, 3), 0);
		size_t l1, l2;
		char *b1 = slurp(p1, &l1), *b2 = slurp(p2, &l2);
		ck_assert_uint_eq(l1, l2);
		ck_assert(memcmp(b1, b2, l1) == 0);
		/* no path or directory name inside */
		ck_assert_ptr_null(memmem(b1, l1, "lto-safe-retain", 15));
		struct stat st;
		ck_assert_int_eq(stat(p1, &st), 0);
		ck_assert_int_eq(st.st_mode & 07777, 0644);
		free(b1);
		free(b2);
		/* rewriting over an existing, longer file truncates it */
		ck_assert_int_eq(retain_write(p1, &arches[i], three, 1), 0);
		check_object(p1, arches[i], three, 1);
		free(p1);
		free(p2);
	}
	umask(old);
	tmp_remove(d1);
	tmp_remove(d2);
}
END_TEST

START_TEST(many_names)
{
	enum { N = 10000 };
	char **names = calloc(N, sizeof(*names));
	for (size_t i = 0; i < N; i++)
		ck_assert_int_gt(asprintf(&names[i], "_ZN2ns%zuE_sym_%zu", i % 97, i), 0);
	char *dir = tmp_make();
	char *obj = path_in(dir, "keep.o");
	struct retain_target x86_64 = X86_64, i386 = I386;
	ck_assert_int_eq(retain_write(obj, &x86_64, (const char *const *)names, N), 0);
	check_object(obj, x86_64, (const char *const *)names, N);
	ck_assert_int_eq(retain_write(obj, &i386, (const char *const *)names, N), 0);
	check_object(obj, i386, (const char *const *)names, N);
	free(obj);
	tmp_remove(dir);
	for (size_t i = 0; i < N; i++)
		free(names[i]);
	free(names);
}
END_TEST

START_TEST(no_names)
{
	char *dir = tmp_make();
	char *obj = path_in(dir, "keep.o");
	struct retain_target x86_64 = X86_64, i386 = I386;
	ck_assert_int_eq(retain_write(obj, &x86_64, NULL, 0), 0);
	check_object(obj, x86_64, NULL, 0);
	ck_assert_int_eq(retain_write(obj, &i386, NULL, 0), 0);
	check_object(obj, i386, NULL, 0);
	check_readelf(dir, obj, NULL);
	free(obj);
	tmp_remove(dir);
}
END_TEST

START_TEST(errors)
{
	char *dir = tmp_make();
	char *obj = path_in(dir, "keep.o");
	struct retain_target x86_64 = X86_64;
	ck_assert_int_eq(retain_write("/nonexistent/dir/keep.o", &x86_64, three, 3), -ENOENT);
	ck_assert_int_eq(retain_write(obj, NULL, three, 3), -EINVAL);
	struct retain_target none = { NULL, ELFDATA2LSB, 0 };
	ck_assert_int_eq(retain_write(obj, &none, three, 3), -EINVAL);
	ck_assert_int_eq(retain_write(obj, &x86_64, NULL, 3), -EINVAL);
	struct arch bad = *x86_64.arch;
	bad.elfclass = 7;
	struct retain_target badt = { &bad, ELFDATA2LSB, 0 };
	ck_assert_int_eq(retain_write(obj, &badt, three, 3), -EINVAL);
	const char *const empty[] = { "a", "" };
	ck_assert_int_eq(retain_write(obj, &x86_64, empty, 2), -EINVAL);
	/* a failed write leaves no partial file behind */
	ck_assert_int_ne(access(obj, F_OK), 0);
	badt = I386;
	badt.elfdata = 7;
	ck_assert_int_eq(retain_write(obj, &badt, three, 3), -EINVAL);
	ck_assert_int_ne(access(obj, F_OK), 0);
	free(obj);
	tmp_remove(dir);
}
END_TEST

/* the linkers available to gcc as -fuse-ld=NAME on this machine */
static int linker_works(const char *dir, const char *ld)
{
	return sh("cd '%s' && printf 'int main(void){return 0;}\\n' >probe.c && "
		  "gcc -fuse-ld=%s probe.c -o probe >/dev/null 2>&1",
		  dir, ld) == 0;
}

#if defined(__x86_64__)
static void write_sources(const char *dir)
{
	ck_assert_int_eq(sh("cd '%s' && printf '%%s\\n' 'int target_impl(void) { return 42; }' >target.c", dir), 0);
	ck_assert_int_eq(sh("cd '%s' && cat >main.c <<'EOF'\n"
			    "int main(void)\n"
			    "{\n"
			    "\tint r;\n"
			    "\t__asm__ volatile(\"call target_impl\" : \"=a\"(r) :\n"
			    "\t\t\t : \"rcx\", \"rdx\", \"rsi\", \"rdi\", \"r8\", \"r9\", \"r10\", \"r11\", \"memory\", \"cc\");\n"
			    "\treturn r == 42 ? 0 : 1;\n"
			    "}\n"
			    "EOF",
			    dir),
			 0);
}

static void check_no_textrel(const char *dir, const char *err_file, const char *out)
{
	char *p = path_in(dir, err_file);
	char *err = slurp(p, NULL);
	free(p);
	ck_assert_msg(!strcasestr(err, "TEXTREL") && !strcasestr(err, "text relocation"),
		      "linker warned about text relocations: %s", err);
	free(err);
	ck_assert_int_eq(sh("cd '%s' && readelf -dW %s | grep -q TEXTREL", dir, out), 1);
}
#endif

START_TEST(lto_link_proof)
{
#if !defined(__x86_64__)
	TEST_SKIP("link proof needs an x86-64 host");
#else
	if (!have("gcc"))
		TEST_SKIP("gcc not found");
	char *dir = tmp_make();
	write_sources(dir);
	ck_assert_int_eq(sh("cd '%s' && gcc -O2 -flto -c target.c && gcc -O2 -flto -c main.c", dir), 0);
	char *obj = path_in(dir, "keep.o");
	const char *const names[] = { "target_impl" };
	struct retain_target x86_64 = X86_64;
	ck_assert_int_eq(retain_write(obj, &x86_64, names, 1), 0);
	free(obj);

	const char *linkers[] = { "bfd", "gold" };
	for (size_t i = 0; i < 2; i++) {
		if (!linker_works(dir, linkers[i])) {
			printf("SKIP: gcc -fuse-ld=%s does not link here\n", linkers[i]);
			continue;
		}
		/* without the retention object LTO drops target_impl and the link fails */
		ck_assert_int_ne(sh("cd '%s' && gcc -fuse-ld=%s -O2 -flto main.o target.o -o plain 2>plain.err",
				    dir, linkers[i]),
				 0);
		ck_assert_int_eq(sh("cd '%s' && grep -q target_impl plain.err", dir), 0);
		/* with it the link succeeds, also under --gc-sections, and the program runs */
		ck_assert_int_eq(sh("cd '%s' && gcc -fuse-ld=%s -O2 -flto -Wl,--gc-sections main.o target.o keep.o -o fixed",
				    dir, linkers[i]),
				 0);
		ck_assert_int_eq(sh("cd '%s' && ./fixed", dir), 0);
	}
	tmp_remove(dir);
#endif
}
END_TEST

START_TEST(pie_and_shared)
{
#if !defined(__x86_64__)
	TEST_SKIP("PIE/shared link test needs an x86-64 host");
#else
	if (!have("gcc") || !have("readelf"))
		TEST_SKIP("gcc or readelf not found");
	char *dir = tmp_make();
	write_sources(dir);
	ck_assert_int_eq(sh("cd '%s' && gcc -O2 -fPIC -c target.c && gcc -O2 -fPIC -c main.c", dir), 0);
	char *obj = path_in(dir, "keep.o");
	const char *const names[] = { "target_impl", "main" };
	struct retain_target x86_64 = X86_64;
	ck_assert_int_eq(retain_write(obj, &x86_64, names, 2), 0);
	free(obj);

	const char *linkers[] = { "bfd", "gold", "lld" };
	for (size_t i = 0; i < 3; i++) {
		const char *ld = linkers[i];
		if (!linker_works(dir, ld)) {
			printf("SKIP: gcc -fuse-ld=%s does not link here\n", ld);
			continue;
		}
		ck_assert_int_eq(sh("cd '%s' && gcc -fuse-ld=%s -pie -Wl,-z,text main.o target.o keep.o -o app 2>pie.err",
				    dir, ld),
				 0);
		check_no_textrel(dir, "pie.err", "app");
		ck_assert_int_eq(sh("cd '%s' && ./app", dir), 0);
		/* and it costs the program nothing: the same dynamic relocations
		 * and allocated size as the link without it */
		ck_assert_int_eq(sh("cd '%s' && gcc -fuse-ld=%s -pie main.o target.o -o app0 && "
				    "[ \"$(readelf -rW app | grep -c R_X86)\" = \"$(readelf -rW app0 | grep -c R_X86)\" ] && "
				    "[ \"$(size -A app | awk '$1 ~ /^\\./ && $3 > 0 { s += $2 } END { print s }')\" = "
				    "\"$(size -A app0 | awk '$1 ~ /^\\./ && $3 > 0 { s += $2 } END { print s }')\" ]",
				    dir, ld),
				 0);
		ck_assert_int_eq(sh("cd '%s' && gcc -fuse-ld=%s -shared -Wl,-z,text target.o keep.o -o libt.so 2>so.err",
				    dir, ld),
				 0);
		check_no_textrel(dir, "so.err", "libt.so");
	}
	tmp_remove(dir);
#endif
}
END_TEST

/* the e_flags and byte order of the ELF object path */
static struct retain_target target_of_object(const char *path)
{
	ck_assert(elf_version(EV_CURRENT) != EV_NONE);
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	GElf_Ehdr eh;
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	struct retain_target t = { arch_find(eh.e_machine, eh.e_ident[EI_CLASS]), eh.e_ident[EI_DATA],
				   (uint32_t)eh.e_flags };
	elf_end(e);
	close(fd);
	ck_assert_ptr_nonnull(t.arch);
	return t;
}

/*
 * Each cross toolchain installed: the retention object, with the byte
 * order and e_flags of a real object of the link, is accepted by its ld.bfd
 * and ld.gold next to that object and keeps a hidden function that LTO
 * would drop from a shared library, and lld accepts it too.  With e_flags
 * 0 instead, mips64el's bfd and gold reject it (abicalls, ABI and ISA are
 * in e_flags) and lld rejects riscv64's (float ABI), which is why the flags
 * are copied.
 */
START_TEST(cross_linkers_accept)
{
	int ran = 0;
	for (size_t i = 0; i < NCROSSES; i++) {
		const char *t = crosses[i].triplet;
		char tool[128];
		snprintf(tool, sizeof(tool), "%s-gcc", t);
		if (!have(tool)) {
			printf("SKIP: %s not installed\n", tool);
			continue;
		}
		ran++;
		char *dir = tmp_make();
		ck_assert_int_eq(sh("cd '%s' && printf 'int probe(int x) { return x + 1; }\\n' >probe.c && "
				    "printf 'int target_impl(void) { return 4; }\\n' >target.c && "
				    "%s-gcc -O2 -fPIC -c probe.c && "
				    "%s-gcc -O2 -flto -fPIC -fvisibility=hidden -c target.c",
				    dir, t, t),
				 0);
		char *probe = path_in(dir, "probe.o");
		struct retain_target tg = target_of_object(probe);
		free(probe);
		ck_assert_uint_eq(tg.arch->machine, crosses[i].machine);
		ck_assert_uint_eq(tg.arch->elfclass, crosses[i].elfclass);
		ck_assert_uint_eq(tg.elfdata, crosses[i].elfdata);
		const char *const names[] = { "target_impl" };
		char *keep = path_in(dir, "keep.o"), *keep0 = path_in(dir, "keep0.o");
		ck_assert_int_eq(retain_write(keep, &tg, names, 1), 0);
		check_object(keep, tg, names, 1);
		struct retain_target t0 = tg;
		t0.flags = 0;
		ck_assert_int_eq(retain_write(keep0, &t0, names, 1), 0);
		const char *lds[] = { "bfd", "gold" };
		for (size_t k = 0; k < 2; k++) {
			if (sh("command -v %s-ld.%s >/dev/null 2>&1", t, lds[k])) {
				printf("SKIP: %s-ld.%s not installed\n", t, lds[k]);
				continue;
			}
			const char *link = "%s-gcc -fuse-ld=%s -O2 -flto -shared probe.o target.o %s -o %s";
			char cmd[512];
			/* without it LTO drops the hidden target_impl */
			snprintf(cmd, sizeof(cmd), link, t, lds[k], "", "plain.so");
			ck_assert_int_eq(sh("cd '%s' && %s && ! %s-nm plain.so | grep -q target_impl", dir, cmd, t), 0);
			snprintf(cmd, sizeof(cmd), link, t, lds[k], "keep.o", "keep.so");
			ck_assert_msg(sh("cd '%s' && %s 2>err && %s-nm keep.so | grep -q ' target_impl$' && ! test -s err",
					 dir, cmd, t) == 0,
				      "%s ld.%s: the retention object is not accepted", t, lds[k]);
			snprintf(cmd, sizeof(cmd), link, t, lds[k], "keep0.o", "keep0.so");
			if (crosses[i].machine == EM_MIPS)
				ck_assert_int_ne(sh("cd '%s' && %s 2>/dev/null", dir, cmd), 0);
		}
		/* lld (clang-19's, which links them all): it rejects a RISC-V
		 * object of another float ABI ("cannot link object files with
		 * different floating-point ABI") */
		const char *lld = "clang-19 --target=%s -fuse-ld=lld -shared probe.o %s -o %s";
		char cmd[512];
		snprintf(cmd, sizeof(cmd), lld, t, "", "lld.so");
		if (sh("cd '%s' && %s >/dev/null 2>&1", dir, cmd)) {
			printf("SKIP: clang-19 with lld does not link for %s\n", t);
		} else {
			snprintf(cmd, sizeof(cmd), lld, t, "keep.o", "lld.so");
			ck_assert_msg(sh("cd '%s' && %s 2>err && ! test -s err", dir, cmd) == 0,
				      "%s lld: the retention object is not accepted", t);
			snprintf(cmd, sizeof(cmd), lld, t, "keep0.o", "lld0.so");
			if (crosses[i].machine == EM_RISCV)
				ck_assert_int_ne(sh("cd '%s' && %s 2>/dev/null", dir, cmd), 0);
		}
		free(keep);
		free(keep0);
		tmp_remove(dir);
	}
	if (!ran)
		TEST_SKIP("no cross toolchain installed");
}
END_TEST

static Suite *retain_suite(void)
{
	Suite *s = suite_create("retain");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, write_x86_64);
	tcase_add_test(tc, write_aarch64);
	tcase_add_test(tc, write_i386);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, many_names);
	tcase_add_test(tc, no_names);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, lto_link_proof);
	tcase_add_test(tc, pie_and_shared);
	tcase_add_test(tc, cross_linkers_accept);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(retain_suite)
