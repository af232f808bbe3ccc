#include "formats/archive.h"
#include "testfiles.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- scaffolding: testfiles.h ---- */

/* ---- the same walk from a file: ar_open_fd() must agree with ar_open() ---- */

static int memfd_with(const unsigned char *data, size_t n)
{
	int fd = memfd_create("ar", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
	return fd;
}

/*
 * Walk data[0..n) mapped and from a file side by side: the same results,
 * members (name, index, size, offset, head, path, origin) and messages;
 * then open it mapped for the test.  Every test archive goes through here.
 */
static int ar_open_both(struct ar *ar, const unsigned char *data, size_t n, const char *path)
{
	int fd = memfd_with(data, n);
	struct ar a, b;
	struct ar_member ma, mb;
	int ra = ar_open(&a, data, n, path), rb = ar_open_fd(&b, fd, n, path);
	ck_assert_int_eq(ra, rb);
	while (ra >= 0) {
		ra = ar_next(&a, &ma);
		rb = ar_next(&b, &mb);
		ck_assert_int_eq(ra, rb);
		if (ra <= 0)
			break;
		ck_assert_str_eq(ma.name, mb.name);
		ck_assert_uint_eq(ma.index, mb.index);
		ck_assert_uint_eq(ma.size, mb.size);
		ck_assert_uint_eq(ma.offset, mb.offset);
		ck_assert_uint_eq(ma.origin, mb.origin);
		ck_assert_ptr_null(mb.data);
		ck_assert_uint_eq(ma.head_size, mb.head_size);
		ck_assert_uint_le(ma.head_size, AR_HEAD);
		if (ma.path) {
			ck_assert_str_eq(ma.path, mb.path);
			ck_assert_ptr_null(mb.head);
		} else {
			ck_assert_ptr_eq(ma.head, ma.data);
			ck_assert_uint_eq(ma.head_size, ma.size < AR_HEAD ? ma.size : AR_HEAD);
			ck_assert(!memcmp(ma.head, mb.head, ma.head_size));
			ck_assert(ma.data == data + ma.offset);
		}
	}
	ck_assert_str_eq(a.error, b.error);
	ar_close(&a);
	ar_close(&b);
	close(fd);
	return ar_open(ar, data, n, path);
}

/* ---- member files with known contents ---- */

static const char *const member_names[] = {
	"short.txt",
	"exactly15chars_",
	"sixteen_chars_ab",
	"a_very_long_member_name_for_gnu.txt",
	"odd.bin",
};

static void member_contents(size_t i, char *buf, size_t n)
{
	snprintf(buf, n, "member %zu:%s%s", i, member_names[i], i % 2 ? "!" : "");
}

static void make_members(void)
{
	char buf[128];
	for (size_t i = 0; i < 5; i++) {
		member_contents(i, buf, sizeof(buf));
		put_str(member_names[i], buf);
	}
}

/*
 * Read every member of archive file name and compare with the files.
 * Darwin archives pad members to 8 bytes and count the padding in the
 * size: pad is the alignment the size may be rounded up to.
 */
static void check_regular_pad(const char *arname, size_t pad)
{
	size_t n;
	unsigned char *data = slurp(arname, &n);
	struct ar ar;
	ck_assert_int_eq(ar_open_both(&ar, data, n, arname), 0);
	ck_assert_int_eq(ar.thin, 0);
	struct ar_member m;
	size_t count = 0;
	int rc;
	while ((rc = ar_next(&ar, &m)) == 1) {
		char buf[128];
		ck_assert_uint_lt(count, 5);
		ck_assert_str_eq(m.name, member_names[count]);
		ck_assert_uint_eq(m.index, count);
		ck_assert_ptr_null(m.path);
		member_contents(count, buf, sizeof(buf));
		size_t want = strlen(buf);
		ck_assert_msg(m.size >= want && m.size - want < pad, "%s: %s: size %zu",
			      arname, m.name, m.size);
		ck_assert_ptr_nonnull(m.data);
		ck_assert(m.data >= data && m.data + m.size <= data + n);
		ck_assert(!memcmp(m.data, buf, want));
		count++;
	}
	ck_assert_msg(rc == 0, "%s: %s", arname, ar.error);
	ck_assert_uint_eq(count, 5);
	/* the end is sticky */
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);
	free(data);
}

static void check_regular(const char *arname)
{
	check_regular_pad(arname, 1);
}

static void ar_all(const char *tool, const char *flags, const char *arname)
{
	ck_assert_int_eq(run("%s %s %s short.txt exactly15chars_ sixteen_chars_ab "
			     "a_very_long_member_name_for_gnu.txt odd.bin",
			     tool, flags, arname), 0);
}

START_TEST(gnu_ar_long_names)
{
	if (!have("ar"))
		TEST_SKIP("ar not installed");
	make_members();
	ar_all("ar", "rc", "plain.a");
	check_regular("plain.a");
}
END_TEST

START_TEST(gnu_ar_symbol_index)
{
	if (!have("ar") || !have("cc"))
		TEST_SKIP("ar or cc not installed");
	ck_assert_int_eq(run("printf 'int fn_a(void){return 1;}' > a.c && cc -c a.c -o a.o && "
			     "printf 'int fn_b(void){return 2;}' > longer_object_name_b.c && "
			     "cc -c longer_object_name_b.c -o longer_object_name_b.o && "
			     "ar rcs lib.a a.o longer_object_name_b.o"), 0);
	size_t n, na, nb;
	unsigned char *data = slurp("lib.a", &n);
	unsigned char *a = slurp("a.o", &na);
	unsigned char *b = slurp("longer_object_name_b.o", &nb);
	ck_assert(!memcmp(data + 8, "/               ", 16)); /* index present */
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_both(&ar, data, n, "lib.a"), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "a.o");
	ck_assert_uint_eq(m.size, na);
	ck_assert(!memcmp(m.data, a, na));
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "longer_object_name_b.o");
	ck_assert_uint_eq(m.index, 1);
	ck_assert_uint_eq(m.size, nb);
	ck_assert(!memcmp(m.data, b, nb));
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);
	free(data);
	free(a);
	free(b);
}
END_TEST

/* the symbol index as ar_symtab_walk() reads it: each name with the
 * header offset of its member, for GNU ar's "/" and llvm-ar's "/SYM64/" */
struct seen_sym {
	char names[256];
	size_t offsets[8];
	size_t n;
};

static int collect(void *arg, const char *name, size_t offset)
{
	struct seen_sym *s = arg;
	size_t len = strlen(s->names);
	snprintf(s->names + len, sizeof(s->names) - len, "%s%s", len ? " " : "", name);
	if (s->n < 8)
		s->offsets[s->n] = offset;
	s->n++;
	return 0;
}

static void check_index(const char *arname, enum ar_symtab_kind kind)
{
	size_t n;
	unsigned char *data = slurp(arname, &n);
	struct ar ar;
	struct ar_member m;
	size_t headers[2];
	ck_assert_int_eq(ar_open(&ar, data, n, arname), 0);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(ar_next(&ar, &m), 1);
		headers[i] = m.header;
		ck_assert(!memcmp(data + m.header + 58, "`\n", 2));
	}
	ck_assert_int_eq(ar.symtab_kind, kind);
	ck_assert_ptr_nonnull(ar.symtab);
	struct seen_sym s = { .n = 0 };
	ck_assert_int_eq(ar_symtab_walk(ar.symtab_kind, ar.symtab, ar.symtab_size, collect, &s), 0);
	ck_assert_str_eq(s.names, "fn_a fn_b");
	ck_assert_uint_eq(s.offsets[0], headers[0]);
	ck_assert_uint_eq(s.offsets[1], headers[1]);
	ar_close(&ar);
	/* read with pread(): the kind, not the bytes */
	int fd = memfd_with(data, n);
	ck_assert_int_eq(ar_open_fd(&ar, fd, n, arname), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_int_eq(ar.symtab_kind, kind);
	ck_assert_ptr_null(ar.symtab);
	ar_close(&ar);
	close(fd);
	free(data);
}

START_TEST(symbol_index_read)
{
	if (!have("ar") || !have("cc"))
		TEST_SKIP("ar or cc not installed");
	ck_assert_int_eq(run("printf 'int fn_a(void){return 1;}' > a.c && cc -c a.c -o a.o && "
			     "printf 'int fn_b(void){return 2;}' > b.c && cc -c b.c -o b.o && "
			     "ar rcs gnu.a a.o b.o && ar rcS none.a a.o b.o"), 0);
	check_index("gnu.a", AR_SYMTAB_GNU);
	/* no index: ar rcS */
	size_t n;
	unsigned char *data = slurp("none.a", &n);
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open(&ar, data, n, "none.a"), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_uint_eq(m.header, 8);
	ck_assert_int_eq(ar.symtab_kind, AR_SYMTAB_NONE);
	ck_assert_ptr_null(ar.symtab);
	ar_close(&ar);
	free(data);
}
END_TEST

/*
 * The index of an archive of s390x (big-endian) objects, regular and GCC
 * slim IR written by s390x-linux-gnu-gcc-ar: the GNU index is big-endian
 * whatever the members' order, and names the IR symbols.
 */
START_TEST(symbol_index_s390x)
{
	if (!have("s390x-linux-gnu-gcc") || !have("s390x-linux-gnu-gcc-ar"))
		TEST_SKIP("s390x-linux-gnu-gcc not installed");
	ck_assert_int_eq(run("printf 'int fn_a(void){return 1;}' > a.c && printf 'int fn_b(void){return 2;}' > b.c && "
			     "s390x-linux-gnu-gcc -c a.c -o a.o && s390x-linux-gnu-gcc -O2 -flto -c b.c -o b.o && "
			     "s390x-linux-gnu-gcc-ar rcs s390x.a a.o b.o"),
			 0);
	check_index("s390x.a", AR_SYMTAB_GNU);
}
END_TEST

static int stop_at_second(void *arg, const char *name, size_t offset)
{
	(void)name;
	(void)offset;
	return ++*(int *)arg == 2 ? 7 : 0;
}

/* malformed indexes: counts past the end, names without their NUL, short
 * tables; fn's own stop value comes back */
START_TEST(symbol_index_malformed)
{
	static const unsigned char good[] = { 0, 0, 0, 2, 0, 0, 0, 8, 0, 0, 0, 9, 'a', 0, 'b', 0 };
	struct seen_sym s = { .n = 0 };
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, good, sizeof(good), collect, &s), 0);
	ck_assert_str_eq(s.names, "a b");
	ck_assert_uint_eq(s.offsets[1], 9);
	static const unsigned char good64[] = { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0x10, 'x', 'y', 0 };
	s = (struct seen_sym){ .n = 0 };
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU64, good64, sizeof(good64), collect, &s), 0);
	ck_assert_str_eq(s.names, "xy");
	ck_assert_uint_eq(s.offsets[0], 0x100000010u);
	int calls = 0;
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, good, sizeof(good), stop_at_second, &calls), 7);
	/* the last name without its NUL: the first is walked, then -EINVAL */
	s = (struct seen_sym){ .n = 0 };
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, good, sizeof(good) - 1, collect, &s), -EINVAL);
	ck_assert_str_eq(s.names, "a");
	/* a count the table cannot hold */
	static const unsigned char huge[] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 8 };
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, huge, sizeof(huge), collect, &s), -EINVAL);
	static const unsigned char huge64[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU64, huge64, sizeof(huge64), collect, &s), -EINVAL);
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, good, 3, collect, &s), -EINVAL);
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, NULL, 0, collect, &s), -EINVAL);
	/* an empty index, and kinds not read here */
	static const unsigned char empty[] = { 0, 0, 0, 0 };
	s = (struct seen_sym){ .n = 0 };
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_GNU, empty, sizeof(empty), collect, &s), 0);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_BSD, good, sizeof(good), collect, &s), 0);
	ck_assert_int_eq(ar_symtab_walk(AR_SYMTAB_NONE, NULL, 0, collect, &s), 0);
	ck_assert_uint_eq(s.n, 0);
}
END_TEST

START_TEST(llvm_ar_formats)
{
	if (!have("llvm-ar"))
		TEST_SKIP("llvm-ar not installed");
	make_members();
	ar_all("llvm-ar", "rc", "gnu.a");
	check_regular("gnu.a");
	ar_all("llvm-ar", "--format=bsd rc", "bsd.a");
	check_regular("bsd.a");
	ar_all("llvm-ar", "--format=darwin rcs", "darwin.a");
	check_regular_pad("darwin.a", 8);
	if (have("cc")) {
		/* with a __.SYMDEF index */
		ck_assert_int_eq(run("printf 'int fn_a(void){return 1;}' > a.c && cc -c a.c -o a.o && "
				     "llvm-ar --format=bsd rcs bsdsym.a a.o"), 0);
		size_t n;
		unsigned char *data = slurp("bsdsym.a", &n);
		ck_assert_ptr_nonnull(memmem(data, n, "__.SYMDEF", 9));
		struct ar ar;
		struct ar_member m;
		ck_assert_int_eq(ar_open_both(&ar, data, n, "bsdsym.a"), 0);
		ck_assert_int_eq(ar_next(&ar, &m), 1);
		ck_assert_str_eq(m.name, "a.o");
		ck_assert(!memcmp(m.data, "\177ELF", 4));
		ck_assert_int_eq(ar_next(&ar, &m), 0);
		ar_close(&ar);
		free(data);
	}
}
END_TEST

START_TEST(thin_archive)
{
	if (!have("ar"))
		TEST_SKIP("ar not installed");
	make_members();
	ck_assert_int_eq(run("mkdir -p lib/sub && mv odd.bin a_very_long_member_name_for_gnu.txt lib/sub/ && "
			     "cp short.txt lib/ && cd lib && "
			     "ar rcsT thin.a short.txt sub/odd.bin sub/a_very_long_member_name_for_gnu.txt "
			     "../exactly15chars_ %s/sixteen_chars_ab", scratch), 0);
	size_t n;
	unsigned char *data = slurp("lib/thin.a", &n);
	char arpath[256], expect[512];
	snprintf(arpath, sizeof(arpath), "%s/lib/thin.a", scratch);
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_both(&ar, data, n, arpath), 0);
	ck_assert_int_eq(ar.thin, 1);
	const char *rel[] = { "short.txt", "sub/odd.bin", "sub/a_very_long_member_name_for_gnu.txt",
			      "../exactly15chars_" };
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(ar_next(&ar, &m), 1);
		ck_assert_uint_eq(m.index, i);
		ck_assert_ptr_null(m.data);
		ck_assert_str_eq(m.name, rel[i]);
		snprintf(expect, sizeof(expect), "%s/lib/%s", scratch, rel[i]);
		ck_assert_str_eq(m.path, expect);
		struct stat st;
		ck_assert_int_eq(stat(m.path, &st), 0);
		ck_assert_uint_eq(m.size, (size_t)st.st_size);
	}
	/* GNU ar stores an absolute member relative to the archive too */
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	struct stat st;
	ck_assert_msg(stat(m.path, &st) == 0, "%s", m.path);
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);

	/* opened by a bare name: members stay relative to the current directory */
	ck_assert_int_eq(ar_open_both(&ar, data, n, "thin.a"), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.path, "short.txt");
	ar_close(&ar);
	ck_assert_int_eq(ar_open_both(&ar, data, n, "/thin.a"), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.path, "/short.txt");
	ar_close(&ar);
	free(data);

	/* a thin archive of a thin archive: paths reported, whatever ar did */
	ck_assert_int_eq(run("cd lib && ar rcT outer.a thin.a"), 0);
	data = slurp("lib/outer.a", &n);
	snprintf(arpath, sizeof(arpath), "%s/lib/outer.a", scratch);
	ck_assert_int_eq(ar_open_both(&ar, data, n, arpath), 0);
	int rc, count = 0;
	while ((rc = ar_next(&ar, &m)) == 1) {
		ck_assert_ptr_nonnull(m.path);
		count++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_ge(count, 1);
	ar_close(&ar);
	free(data);
}
END_TEST

START_TEST(llvm_ar_thin)
{
	if (!have("llvm-ar"))
		TEST_SKIP("llvm-ar not installed");
	make_members();
	ck_assert_int_eq(run("llvm-ar rcT thin.a short.txt a_very_long_member_name_for_gnu.txt"), 0);
	size_t n;
	unsigned char *data = slurp("thin.a", &n);
	char arpath[256], expect[512];
	snprintf(arpath, sizeof(arpath), "%s/thin.a", scratch);
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_both(&ar, data, n, arpath), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	snprintf(expect, sizeof(expect), "%s/short.txt", scratch);
	ck_assert_str_eq(m.path, expect);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	snprintf(expect, sizeof(expect), "%s/a_very_long_member_name_for_gnu.txt", scratch);
	ck_assert_str_eq(m.path, expect);
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);
	free(data);
}
END_TEST

/* ---- archives built by hand ---- */

struct buf {
	unsigned char b[4096];
	size_t n;
};

static void add(struct buf *b, const void *p, size_t n)
{
	ck_assert_uint_le(b->n + n, sizeof(b->b));
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

/* a 60-byte header with name field name and size field size */
static void hdr(struct buf *b, const char *name, const char *size)
{
	char h[128];
	ck_assert_uint_le(strlen(name), 16);
	ck_assert_uint_le(strlen(size), 10);
	int n = snprintf(h, sizeof(h), "%-16s%-12s%-6s%-6s%-8s%-10s`\n", name, "0", "0", "0", "644", size);
	ck_assert_int_eq(n, 60);
	add(b, h, 60);
}

static void member(struct buf *b, const char *name, const void *data, size_t n)
{
	char size[32];
	snprintf(size, sizeof(size), "%zu", n);
	hdr(b, name, size);
	add(b, data, n);
	if (n & 1)
		add(b, "\n", 1);
}

static void bsd_member(struct buf *b, const char *name, size_t namefield, const char *data)
{
	char field[32], size[32];
	snprintf(field, sizeof(field), "#1/%zu", namefield);
	snprintf(size, sizeof(size), "%zu", namefield + strlen(data));
	hdr(b, field, size);
	char nb[64] = { 0 };
	memcpy(nb, name, strlen(name));
	add(b, nb, namefield);
	add(b, data, strlen(data));
	if ((namefield + strlen(data)) & 1)
		add(b, "\n", 1);
}

START_TEST(bsd_by_hand)
{
	struct buf b = { .n = 0 };
	add(&b, "!<arch>\n", 8);
	bsd_member(&b, "__.SYMDEF SORTED", 20, "\0\0\0\0\0\0\0\0");
	bsd_member(&b, "a_long_bsd_member_name.o", 24, "DATA!");
	bsd_member(&b, "x.o", 8, "ab");                 /* NUL padded name */
	member(&b, "short.o", "xyz", 3);                /* space-padded short name */
	member(&b, "__.SYMDEF", "\0\0\0\0", 4);         /* short index name, skipped */
	member(&b, "last.o", "L", 1);

	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_both(&ar, b.b, b.n, "dir/x.a"), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "a_long_bsd_member_name.o");
	ck_assert_uint_eq(m.size, 5);
	ck_assert(!memcmp(m.data, "DATA!", 5));
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "x.o");
	ck_assert_uint_eq(m.size, 2);
	ck_assert(!memcmp(m.data, "ab", 2));
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "short.o");
	ck_assert_uint_eq(m.size, 3);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "last.o");
	ck_assert_uint_eq(m.index, 3);
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);

	/* the final padding byte may be missing */
	ck_assert_int_eq(ar_open_both(&ar, b.b, b.n - 1, "x.a"), 0);
	int rc;
	while ((rc = ar_next(&ar, &m)) == 1)
		;
	ck_assert_int_eq(rc, 0);
	ar_close(&ar);
}
END_TEST

START_TEST(gnu_by_hand)
{
	static const char names[] = "first_long_member_name.o/\nsecond_long_member_name.o/\n";
	struct buf b = { .n = 0 };
	add(&b, "!<arch>\n", 8);
	member(&b, "/", "\0\0\0\0", 4);
	member(&b, "/SYM64/", "\0\0\0\0\0\0\0\0", 8);
	member(&b, "//", names, strlen(names));
	member(&b, "/26", "two", 3);
	member(&b, "/0", "one!", 4);
	member(&b, "s.o/", "", 0);

	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_both(&ar, b.b, b.n, NULL), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "second_long_member_name.o");
	ck_assert_uint_eq(m.size, 3);
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "first_long_member_name.o");
	ck_assert(!memcmp(m.data, "one!", 4));
	ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_str_eq(m.name, "s.o");
	ck_assert_uint_eq(m.size, 0);
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);

	/* an empty archive */
	ck_assert_int_eq(ar_open_both(&ar, (const unsigned char *)"!<arch>\n", 8, "e.a"), 0);
	ck_assert_int_eq(ar_next(&ar, &m), 0);
	ar_close(&ar);
}
END_TEST

/* Expect ar_next to fail (after ok good members) with a message. */
static void expect_bad(const struct buf *b, int ok, const char *what)
{
	/* an exact-size copy: reading past the end shows under valgrind */
	unsigned char *copy = malloc(b->n ? b->n : 1);
	memcpy(copy, b->b, b->n);
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_both(&ar, copy, b->n, "bad.a"), 0);
	for (int i = 0; i < ok; i++)
		ck_assert_int_eq(ar_next(&ar, &m), 1);
	ck_assert_msg(ar_next(&ar, &m) == -EINVAL, "%s: accepted", what);
	ck_assert_msg(ar.error[0], "%s: no message", what);
	/* errors are sticky */
	ck_assert_int_eq(ar_next(&ar, &m), -EINVAL);
	ar_close(&ar);
	free(copy);
}

START_TEST(corrupt_by_hand)
{
	struct buf b;
	struct ar ar;

	ck_assert_int_eq(ar_open_both(&ar, (const unsigned char *)"!<arch", 6, "x.a"), -EINVAL);
	ck_assert(ar.error[0]);
	ar_close(&ar);
	ck_assert_int_eq(ar_open_both(&ar, (const unsigned char *)"!<arcx>\n", 8, "x.a"), -EINVAL);
	ar_close(&ar);

	const char *bad_sizes[] = { "12a", "", "-1", "1 2", "9999999999" };
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		b.n = 0;
		add(&b, "!<arch>\n", 8);
		member(&b, "ok.o/", "ok", 2);
		hdr(&b, "bad.o/", bad_sizes[i]);
		add(&b, "data", 4);
		expect_bad(&b, 1, bad_sizes[i]);
	}

	b.n = 0; /* bad terminator */
	add(&b, "!<arch>\n", 8);
	member(&b, "ok.o/", "ok", 2);
	b.b[b.n - 3] = 'x';
	expect_bad(&b, 0, "fmag");

	b.n = 0; /* long name without a table */
	add(&b, "!<arch>\n", 8);
	member(&b, "/0", "xx", 2);
	expect_bad(&b, 0, "no table");

	b.n = 0; /* long name out of range, and one without a name */
	add(&b, "!<arch>\n", 8);
	member(&b, "//", "abc/\n", 5);
	member(&b, "/0", "xx", 2);
	member(&b, "/5", "xx", 2);
	expect_bad(&b, 1, "offset past table");
	b.n = 0;
	add(&b, "!<arch>\n", 8);
	member(&b, "//", "/\nabc/\n", 7);
	member(&b, "/0", "xx", 2);
	expect_bad(&b, 0, "empty long name");
	b.n = 0;
	add(&b, "!<arch>\n", 8);
	member(&b, "/1x", "xx", 2);
	expect_bad(&b, 0, "bad long name number");

	b.n = 0; /* long name table longer than the file */
	add(&b, "!<arch>\n", 8);
	hdr(&b, "//", "100");
	add(&b, "abc/\n", 5);
	expect_bad(&b, 0, "truncated table");

	b.n = 0; /* BSD name longer than the member */
	add(&b, "!<arch>\n", 8);
	hdr(&b, "#1/40", "10");
	add(&b, "0123456789", 10);
	expect_bad(&b, 0, "bsd name length");
	b.n = 0;
	add(&b, "!<arch>\n", 8);
	hdr(&b, "#1/x", "10");
	add(&b, "0123456789", 10);
	expect_bad(&b, 0, "bsd name number");
	b.n = 0; /* all-NUL BSD name */
	add(&b, "!<arch>\n", 8);
	hdr(&b, "#1/4", "6");
	add(&b, "\0\0\0\0ab", 6);
	expect_bad(&b, 0, "empty bsd name");

	b.n = 0; /* empty short name */
	add(&b, "!<arch>\n", 8);
	member(&b, "", "ab", 2);
	expect_bad(&b, 0, "empty name");

	b.n = 0; /* trailing garbage shorter than a header */
	add(&b, "!<arch>\n", 8);
	member(&b, "a.o/", "ab", 2);
	add(&b, "garbage", 7);
	expect_bad(&b, 1, "trailing bytes");

	b.n = 0; /* BSD names do not occur in thin archives */
	add(&b, "!<thin>\n", 8);
	hdr(&b, "#1/4", "6");
	expect_bad(&b, 0, "bsd in thin");
}
END_TEST

/* Truncating a real archive anywhere never reads out of bounds. */
START_TEST(truncated_everywhere)
{
	if (!have("ar"))
		TEST_SKIP("ar not installed");
	make_members();
	ar_all("ar", "rc", "full.a");
	ck_assert_int_eq(run("ar rcT thin.a short.txt a_very_long_member_name_for_gnu.txt"), 0);
	const char *files[] = { "full.a", "thin.a" };
	for (size_t f = 0; f < 2; f++) {
		size_t n;
		unsigned char *data = slurp(files[f], &n);
		for (size_t len = 0; len < n; len++) {
			unsigned char *copy = malloc(len ? len : 1);
			memcpy(copy, data, len);
			struct ar ar;
			struct ar_member m;
			int rc = ar_open_both(&ar, copy, len, files[f]);
			if (len < 8) {
				ck_assert_int_eq(rc, -EINVAL);
			} else {
				ck_assert_int_eq(rc, 0);
				while ((rc = ar_next(&ar, &m)) == 1)
					if (m.data)
						ck_assert(m.data >= copy && m.data + m.size <= copy + len);
				ck_assert(rc == 0 || (rc == -EINVAL && ar.error[0]));
			}
			ar_close(&ar);
			free(copy);
		}
		free(data);
	}
}
END_TEST

/* From a file that is shorter than the size given (it shrank): a message, then sticky */
START_TEST(fd_read_fails)
{
	make_members();
	ck_assert_int_eq(run("ar rc full.a short.txt a_very_long_member_name_for_gnu.txt"), 0);
	size_t n;
	unsigned char *data = slurp("full.a", &n);
	int fd = memfd_with(data, n);
	ck_assert_int_eq(ftruncate(fd, (off_t)(n - 10)), 0);
	struct ar ar;
	struct ar_member m;
	ck_assert_int_eq(ar_open_fd(&ar, fd, n, "full.a"), 0);
	int rc;
	while ((rc = ar_next(&ar, &m)) == 1)
		;
	ck_assert_int_eq(rc, -EIO);
	ck_assert_msg(strstr(ar.error, "file shorter than it was"), "%s", ar.error);
	ck_assert_int_eq(ar_next(&ar, &m), -EINVAL);
	ar_close(&ar);
	/* not even the magic */
	ck_assert_int_eq(ftruncate(fd, 4), 0);
	ck_assert_int_eq(ar_open_fd(&ar, fd, n, "full.a"), -EIO);
	ck_assert(ar.error[0]);
	ar_close(&ar);
	ck_assert_int_eq(ar_open_fd(&ar, -1, n, "full.a"), -EIO);
	ck_assert_msg(strstr(ar.error, "Bad file descriptor"), "%s", ar.error);
	ar_close(&ar);
	close(fd);
	free(data);
}
END_TEST

static Suite *archive_suite(void)
{
	Suite *s = suite_create("archive");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	tcase_add_test(tc, gnu_ar_long_names);
	tcase_add_test(tc, gnu_ar_symbol_index);
	tcase_add_test(tc, symbol_index_read);
	tcase_add_test(tc, symbol_index_s390x);
	tcase_add_test(tc, symbol_index_malformed);
	tcase_add_test(tc, llvm_ar_formats);
	tcase_add_test(tc, thin_archive);
	tcase_add_test(tc, llvm_ar_thin);
	tcase_add_test(tc, bsd_by_hand);
	tcase_add_test(tc, gnu_by_hand);
	tcase_add_test(tc, corrupt_by_hand);
	tcase_add_test(tc, truncated_everywhere);
	tcase_add_test(tc, fd_read_fails);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(archive_suite)
