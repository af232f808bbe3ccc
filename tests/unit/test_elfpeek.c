#include "formats/elfpeek.h"
#include "formats/elfscan.h"
#include "testfiles.h"

#include <elf.h>
#include <libelf.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- a minimal ELF relocatable object, built in memory ---- */

struct img {
	unsigned char b[4096];
	size_t n;
	int is64, big;
	size_t shoff, shentsize, shstr; /* shstr: index of the name table */
};

static void put_n(struct img *m, size_t off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		m->b[off + (m->big ? n - 1 - i : i)] = (unsigned char)(v >> (8 * i));
}

/* section i's header field at 32-bit offset o32 / 64-bit offset o64 */
static void shdr_set(struct img *m, size_t i, size_t o32, size_t o64, unsigned w32, unsigned w64,
		     uint64_t v)
{
	size_t base = m->shoff + i * m->shentsize;
	put_n(m, base + (m->is64 ? o64 : o32), v, m->is64 ? w64 : w32);
}

/* names[0..n): the sections after the null one; the name table comes last */
static void build(struct img *m, int is64, int big, const char *const *names, size_t n)
{
	memset(m, 0, sizeof(*m));
	m->is64 = is64;
	m->big = big;
	size_t eh = is64 ? 64 : 52;
	m->shentsize = is64 ? 64 : 40;
	memcpy(m->b, ELFMAG, SELFMAG);
	m->b[EI_CLASS] = is64 ? ELFCLASS64 : ELFCLASS32;
	m->b[EI_DATA] = big ? ELFDATA2MSB : ELFDATA2LSB;
	m->b[EI_VERSION] = EV_CURRENT;
	put_n(m, 16, ET_REL, 2);
	put_n(m, 18, is64 ? EM_X86_64 : EM_386, 2);
	put_n(m, 20, EV_CURRENT, 4);
	/* the name table: "\0" then each name, then ".shstrtab" */
	size_t str = eh, pos = 1, name_off[16];
	m->b[str] = 0;
	for (size_t i = 0; i < n; i++) {
		name_off[i] = pos;
		memcpy(m->b + str + pos, names[i], strlen(names[i]) + 1);
		pos += strlen(names[i]) + 1;
	}
	size_t self = pos;
	memcpy(m->b + str + pos, ".shstrtab", 10);
	pos += 10;
	m->shoff = (str + pos + 7) & ~(size_t)7;
	size_t shnum = n + 2;
	m->shstr = n + 1;
	m->n = m->shoff + shnum * m->shentsize;
	put_n(m, is64 ? 40 : 32, m->shoff, is64 ? 8 : 4);
	put_n(m, is64 ? 52 : 40, eh, 2);
	put_n(m, is64 ? 58 : 46, m->shentsize, 2);
	put_n(m, is64 ? 60 : 48, shnum, 2);
	put_n(m, is64 ? 62 : 50, m->shstr, 2);
	for (size_t i = 0; i < n; i++) {
		shdr_set(m, i + 1, 0, 0, 4, 4, name_off[i]);
		shdr_set(m, i + 1, 4, 4, 4, 4, SHT_PROGBITS);
		shdr_set(m, i + 1, 16, 24, 4, 8, str); /* any bytes inside the file */
	}
	shdr_set(m, m->shstr, 0, 0, 4, 4, self);
	shdr_set(m, m->shstr, 4, 4, 4, 4, SHT_STRTAB);
	shdr_set(m, m->shstr, 16, 24, 4, 8, str);
	shdr_set(m, m->shstr, 20, 32, 4, 8, pos);
}

/* the bytes placed just before an inaccessible page: a read past them faults */
static const unsigned char *guarded(const void *p, size_t n, void **map, size_t *maplen)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = ((n + pg - 1) / pg + 1) * pg;
	unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(m, MAP_FAILED);
	ck_assert_int_eq(mprotect(m + len - pg, pg, PROT_NONE), 0);
	unsigned char *at = m + len - pg - n;
	memcpy(at, p, n);
	*map = m;
	*maplen = len;
	return at;
}

/* p[0..n) as a file, after 3 bytes of something else (a member's offset) */
#define FD_BASE 3
static int as_file(const void *p, size_t n)
{
	int fd = memfd_create("peek", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "xyz", FD_BASE), FD_BASE);
	ck_assert_int_eq(write(fd, p, n), (ssize_t)n);
	return fd;
}

/* elfpeek_fd() on the same bytes, with the caller's head of at most 64 */
static enum peek_result peek_fd(const void *p, size_t n)
{
	int fd = as_file(p, n);
	struct peek_buf buf = { NULL, 0 };
	enum peek_result r = elfpeek_fd(fd, FD_BASE, n, p, n < 64 ? n : 64, &buf);
	free(buf.v);
	close(fd);
	return r;
}

/* elfpeek() on bytes before an inaccessible page; elfpeek_fd() must agree */
static enum peek_result peek_guarded(const void *p, size_t n)
{
	void *map;
	size_t len;
	const unsigned char *at = guarded(p, n, &map, &len);
	enum peek_result r = elfpeek(at, n);
	munmap(map, len);
	ck_assert_int_eq(peek_fd(p, n), r);
	return r;
}

static const char *const plain_names[] = { ".text", ".data", ".group", ".llvm_addrsig", ".gnu.lto" };

START_TEST(names_decide)
{
	struct img m;
	for (int cls = 0; cls < 2; cls++)
		for (int big = 0; big < 2; big++) {
			build(&m, cls, big, plain_names, 5);
			ck_assert_int_eq(peek_guarded(m.b, m.n), PEEK_NO_LTO);
			static const char *const lto[][2] = {
				{ ".text", ".gnu.lto_.symtab.0123" }, { ".gnu.lto_main.1", ".data" },
				{ ".text", ".llvmbc" }, { ".llvm.lto", ".text" },
			};
			for (size_t i = 0; i < 4; i++) {
				build(&m, cls, big, lto[i], 2);
				ck_assert_msg(peek_guarded(m.b, m.n) == PEEK_LTO, "%s %s class %d big %d",
					      lto[i][0], lto[i][1], cls, big);
			}
			static const char *const near[] = { ".llvmbcx", ".llvm.ltox", ".llvm", ".gnu.lt" };
			build(&m, cls, big, near, 4);
			ck_assert_int_eq(peek_guarded(m.b, m.n), PEEK_NO_LTO);
		}
}
END_TEST

START_TEST(malformed_headers)
{
	struct img m, bad;
	build(&m, 1, 0, plain_names, 5);
	ck_assert_int_eq(elfpeek(m.b, 0), PEEK_UNSURE);
	/* not ELF, bad class, bad data encoding, bad version */
	static const size_t at[] = { 0, EI_CLASS, EI_DATA, EI_VERSION };
	for (size_t i = 0; i < 4; i++) {
		bad = m;
		bad.b[at[i]] = 7;
		ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
	}
	/* e_shoff 0, past the end; e_shentsize wrong; e_shnum 0 (extended
	 * numbering) or too large; e_shstrndx 0, SHN_XINDEX, out of range */
	struct { size_t off; unsigned w; uint64_t v; } f[] = {
		{ 40, 8, 0 }, { 40, 8, 1u << 20 }, { 40, 8, UINT64_MAX }, { 58, 2, 40 }, { 60, 2, 0 },
		{ 60, 2, 60000 }, { 62, 2, 0 }, { 62, 2, SHN_XINDEX }, { 62, 2, 7 },
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		bad = m;
		put_n(&bad, f[i].off, f[i].v, f[i].w);
		ck_assert_msg(peek_guarded(bad.b, bad.n) == PEEK_UNSURE, "field %zu", i);
	}
}
END_TEST

START_TEST(malformed_name_table)
{
	struct img m, bad;
	build(&m, 1, 0, plain_names, 5);
	/* not SHT_STRTAB; empty; past the end; not NUL-terminated; a name index
	 * outside the table */
	bad = m;
	shdr_set(&bad, bad.shstr, 4, 4, 4, 4, SHT_PROGBITS);
	ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
	bad = m;
	shdr_set(&bad, bad.shstr, 20, 32, 4, 8, 0);
	ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
	bad = m;
	shdr_set(&bad, bad.shstr, 16, 24, 4, 8, bad.n - 4);
	ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
	bad = m;
	shdr_set(&bad, bad.shstr, 16, 24, 4, 8, UINT64_MAX - 2);
	ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
	bad = m;
	shdr_set(&bad, bad.shstr, 20, 32, 4, 8, 5); /* ends inside ".text" */
	ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
	bad = m;
	shdr_set(&bad, 2, 0, 0, 4, 4, 4000);
	ck_assert_int_eq(peek_guarded(bad.b, bad.n), PEEK_UNSURE);
}
END_TEST

START_TEST(every_truncation)
{
	struct img m;
	for (int cls = 0; cls < 2; cls++) {
		build(&m, cls, cls, plain_names, 5);
		for (size_t n = 0; n < m.n; n++)
			ck_assert_msg(peek_guarded(m.b, n) == PEEK_UNSURE, "class %d, %zu bytes", cls, n);
		ck_assert_int_eq(peek_guarded(m.b, m.n), PEEK_NO_LTO);
	}
}
END_TEST

/*
 * Random corruption: never a read out of bounds, and whenever the quick look
 * says "no LTO", libelf's classification finds none either.
 */
START_TEST(random_corruption_agrees_with_libelf)
{
	ck_assert_uint_ne(elf_version(EV_CURRENT), EV_NONE);
	static const char *const lto[] = { ".text", ".gnu.lto_.symtab.1", ".llvmbc" };
	struct img base[2];
	build(&base[0], 1, 0, plain_names, 5);
	build(&base[1], 1, 0, lto, 3);
	uint32_t seed = 12345;
	for (int iter = 0; iter < 20000; iter++) {
		struct img m = base[iter & 1];
		int flips = 1 + iter % 4;
		for (int k = 0; k < flips; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t pos = (seed >> 8) % m.n;
			seed = seed * 1103515245u + 12345u;
			m.b[pos] = (unsigned char)(seed >> 16);
		}
		void *map;
		size_t len;
		const unsigned char *at = guarded(m.b, m.n, &map, &len);
		enum peek_result r = elfpeek(at, m.n);
		ck_assert_msg(peek_fd(m.b, m.n) == r, "iteration %d: read and mapped differ", iter);
		if (r == PEEK_NO_LTO) {
			struct unit u;
			unit_init(&u, "x.o", NULL, 0);
			elfscan_unit(&u, at, m.n, SCAN_CLASSIFY);
			ck_assert_msg(u.lto == LTO_NONE, "iteration %d: libelf sees LTO IR", iter);
			unit_release(&u);
		}
		munmap(map, len);
	}
}
END_TEST

/* read errors and the bound on what elfpeek_fd() reads: unsure, never "no LTO" */
START_TEST(fd_reads_fail_unsure)
{
	struct img m;
	build(&m, 1, 0, plain_names, 5);
	struct peek_buf buf = { NULL, 0 };
	/* the file is shorter than the member says: the tables are not there */
	int fd = as_file(m.b, 64);
	ck_assert_int_eq(elfpeek_fd(fd, FD_BASE, m.n, m.b, 64, &buf), PEEK_UNSURE);
	close(fd);
	/* not a file at all */
	ck_assert_int_eq(elfpeek_fd(-1, 0, m.n, m.b, 64, &buf), PEEK_UNSURE);
	/* a head shorter than the ELF header */
	fd = as_file(m.b, m.n);
	ck_assert_int_eq(elfpeek_fd(fd, FD_BASE, m.n, m.b, 40, &buf), PEEK_UNSURE);
	ck_assert_int_eq(elfpeek_fd(fd, FD_BASE, m.n, m.b, 64, &buf), PEEK_NO_LTO);
	close(fd);
	/* a name table larger than ELFPEEK_READ_MAX, in a (sparse) file large
	 * enough to hold it: not read */
	struct img big = m;
	size_t huge = ELFPEEK_READ_MAX + 4096;
	shdr_set(&big, big.shstr, 16, 24, 4, 8, 4096);
	shdr_set(&big, big.shstr, 20, 32, 4, 8, huge);
	fd = as_file(big.b, big.n);
	ck_assert_int_eq(ftruncate(fd, (off_t)(FD_BASE + 4096 + huge)), 0);
	ck_assert_int_eq(elfpeek_fd(fd, FD_BASE, 4096 + huge, big.b, 64, &buf), PEEK_UNSURE);
	close(fd);
	free(buf.v);
}
END_TEST

/* objects from the real compilers */
START_TEST(real_objects)
{
	if (!have("gcc"))
		TEST_SKIP("gcc not installed");
	put_str("a.c", "int f(void) { return 1; }\nint g(void) { return f() + 1; }\n");
	ck_assert_int_eq(run("gcc -O2 -c a.c -o plain.o && gcc -O2 -flto -c a.c -o slim.o && "
			     "gcc -O2 -flto -ffat-lto-objects -c a.c -o fat.o"), 0);
	static const struct { const char *name; enum peek_result want; } t[] = {
		{ "plain.o", PEEK_NO_LTO }, { "slim.o", PEEK_LTO }, { "fat.o", PEEK_LTO },
	};
	for (size_t i = 0; i < 3; i++) {
		size_t n;
		unsigned char *p = slurp(t[i].name, &n);
		ck_assert_msg(peek_guarded(p, n) == t[i].want, "%s", t[i].name);
		free(p);
	}
	/* big-endian (s390x) and 32-bit (armhf) objects */
	const char *cross[] = { "s390x-linux-gnu", "arm-linux-gnueabihf" };
	for (size_t c = 0; c < 2; c++) {
		if (run("command -v %s-gcc", cross[c])) {
			printf("SKIP: %s-gcc not installed\n", cross[c]);
			continue;
		}
		ck_assert_int_eq(run("%s-gcc -O2 -c a.c -o plain.o && %s-gcc -O2 -flto -c a.c -o slim.o && "
				     "%s-gcc -O2 -flto -ffat-lto-objects -c a.c -o fat.o",
				     cross[c], cross[c], cross[c]),
				 0);
		for (size_t i = 0; i < 3; i++) {
			size_t n;
			unsigned char *p = slurp(t[i].name, &n);
			ck_assert_msg(peek_guarded(p, n) == t[i].want, "%s %s", cross[c], t[i].name);
			free(p);
		}
	}
	if (!have("clang"))
		return;
	ck_assert_int_eq(run("clang -O2 -c -fembed-bitcode a.c -o embed.o"), 0);
	size_t n;
	unsigned char *p = slurp("embed.o", &n);
	ck_assert_int_eq(peek_guarded(p, n), PEEK_LTO); /* elfscan decides: not linked as IR */
	free(p);
}
END_TEST

static Suite *elfpeek_suite(void)
{
	Suite *s = suite_create("elfpeek");
	TCase *tc = tcase_create("elfpeek");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	tcase_add_test(tc, names_decide);
	tcase_add_test(tc, malformed_headers);
	tcase_add_test(tc, malformed_name_table);
	tcase_add_test(tc, every_truncation);
	tcase_add_test(tc, random_corruption_agrees_with_libelf);
	tcase_add_test(tc, fd_reads_fail_unsure);
	tcase_add_test(tc, real_objects);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(elfpeek_suite)
