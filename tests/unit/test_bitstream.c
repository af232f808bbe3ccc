#include "formats/bitstream.h"
#include "bitwriter.h"
#include "testfiles.h"

#include <string.h>

/* ---- walking a stream ---- */

struct tally {
	unsigned blocks[64], records[64];
};

/* enter every block, read every record; BS_EOF or BS_ERR */
static int walk(const unsigned char *p, size_t n, struct tally *t)
{
	struct bitstream bs;
	struct bs_record rec = { 0 };
	struct bs_entry e;
	bs_init(&bs, p, n);
	int st;
	while ((st = bs_next(&bs, &e)) == BS_OK) {
		if (e.kind == BS_BLOCK) {
			if (t && e.id < 64)
				t->blocks[e.id]++;
			if (bs_enter(&bs))
				break;
		} else if (e.kind == BS_RECORD) {
			if (t && bs_block_id(&bs) < 64)
				t->records[bs_block_id(&bs)]++;
			if (bs_record(&bs, &rec))
				break;
		}
	}
	if (st == BS_OK)
		st = BS_ERR;
	if (st == BS_ERR)
		ck_assert_msg(bs.error[0], "an error without a message");
	bs_record_free(&rec);
	bs_release(&bs);
	return st;
}

/* a stream using every kind of operand, a skipped and an entered block */
static void sample(struct bw *w)
{
	memset(w, 0, sizeof(*w));
	begin(w, 8, 3);
	static const uint64_t ops[] = { 1, 300, 7 };
	unabbrev(w, 5, ops, 3);
	/* abbrev 4: [literal 6, fixed 4, vbr 6, array of char6] */
	putb(w, 2, 3);
	vbr(w, 5, 5);
	putb(w, 1, 1), vbr(w, 6, 8);
	putb(w, 0, 1), putb(w, 1, 3), vbr(w, 4, 5);
	putb(w, 0, 1), putb(w, 2, 3), vbr(w, 6, 5);
	putb(w, 0, 1), putb(w, 3, 3);
	putb(w, 0, 1), putb(w, 4, 3);
	putb(w, 4, 3);
	putb(w, 9, 4);
	vbr(w, 1000, 6);
	vbr(w, 4, 6);
	putb(w, 0, 6), putb(w, 1, 6), putb(w, 63, 6), putb(w, 61, 6); /* "ab_9" */
	/* abbrev 5: [literal 7, blob] */
	putb(w, 2, 3);
	vbr(w, 2, 5);
	putb(w, 1, 1), vbr(w, 7, 8);
	putb(w, 0, 1), putb(w, 5, 3);
	putb(w, 5, 3);
	vbr(w, 5, 6);
	align(w);
	for (const char *c = "hello"; *c; c++)
		putb(w, (unsigned char)*c, 8);
	align(w);
	begin(w, 11, 4);
	unabbrev(w, 1, ops, 1);
	end(w);
	begin(w, 12, 5);
	unabbrev(w, 2, ops, 2);
	end(w);
	end(w);
}

START_TEST(records_and_operands)
{
	struct bw w;
	sample(&w);
	struct bitstream bs;
	struct bs_record rec = { 0 };
	struct bs_entry e;
	bs_init(&bs, w.b, bytes(&w));
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(e.kind, BS_BLOCK);
	ck_assert_uint_eq(e.id, 8);
	ck_assert_int_eq(bs_enter(&bs), BS_OK);
	ck_assert_uint_eq(bs_block_id(&bs), 8);

	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(e.kind, BS_RECORD);
	ck_assert_int_eq(bs_record(&bs, &rec), BS_OK);
	ck_assert_uint_eq(rec.code, 5);
	ck_assert_uint_eq(rec.nops, 3);
	ck_assert_uint_eq(rec.ops[1], 300);

	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_uint_eq(e.id, 4);
	ck_assert_int_eq(bs_record(&bs, &rec), BS_OK);
	ck_assert_uint_eq(rec.code, 6);
	ck_assert_uint_eq(rec.nops, 6);
	ck_assert_uint_eq(rec.ops[0], 9);
	ck_assert_uint_eq(rec.ops[1], 1000);
	ck_assert_uint_eq(rec.ops[2], 'a');
	ck_assert_uint_eq(rec.ops[3], 'b');
	ck_assert_uint_eq(rec.ops[4], '_');
	ck_assert_uint_eq(rec.ops[5], '9');
	ck_assert_ptr_null(rec.blob);

	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(bs_record(&bs, &rec), BS_OK);
	ck_assert_uint_eq(rec.code, 7);
	ck_assert_uint_eq(rec.nops, 0);
	ck_assert_uint_eq(rec.bloblen, 5);
	ck_assert(memcmp(rec.blob, "hello", 5) == 0);

	/* skip block 11 whole, enter block 12 */
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_uint_eq(e.id, 11);
	ck_assert_int_eq(bs_skip(&bs), BS_OK);
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_uint_eq(e.id, 12);
	ck_assert_int_eq(bs_enter(&bs), BS_OK);
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(bs_skip_record(&bs), BS_OK);
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(e.kind, BS_END);
	ck_assert_uint_eq(e.id, 12);
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(e.kind, BS_END);
	ck_assert_uint_eq(e.id, 8);
	ck_assert_int_eq(bs_next(&bs, &e), BS_EOF);
	bs_record_free(&rec);
	bs_release(&bs);
}
END_TEST

START_TEST(blockinfo_abbreviations)
{
	struct bw w;
	memset(&w, 0, sizeof(w));
	begin(&w, 8, 3);
	begin(&w, 0, 2); /* BLOCKINFO */
	static const uint64_t bid[] = { 11 };
	unabbrev(&w, 1, bid, 1); /* SETBID 11 */
	putb(&w, 2, 2);           /* DEFINE_ABBREV [literal 3, fixed 8] */
	vbr(&w, 2, 5);
	putb(&w, 1, 1), vbr(&w, 3, 8);
	putb(&w, 0, 1), putb(&w, 1, 3), vbr(&w, 8, 5);
	end(&w);
	for (int k = 0; k < 2; k++) {
		begin(&w, 11, 4);
		putb(&w, 4, 4); /* the blockinfo abbreviation */
		putb(&w, 200, 8);
		end(&w);
	}
	end(&w);
	struct tally t = { 0 };
	ck_assert_int_eq(walk(w.b, bytes(&w), &t), BS_EOF);
	ck_assert_uint_eq(t.blocks[0], 0); /* BLOCKINFO is read, not returned */
	ck_assert_uint_eq(t.blocks[11], 2);
	ck_assert_uint_eq(t.records[11], 2);

	/* the value read through the inherited abbreviation */
	struct bitstream bs;
	struct bs_record rec = { 0 };
	struct bs_entry e;
	bs_init(&bs, w.b, bytes(&w));
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(bs_enter(&bs), BS_OK);
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_uint_eq(e.id, 11);
	ck_assert_int_eq(bs_enter(&bs), BS_OK);
	ck_assert_int_eq(bs_next(&bs, &e), BS_OK);
	ck_assert_int_eq(bs_record(&bs, &rec), BS_OK);
	ck_assert_uint_eq(rec.code, 3);
	ck_assert_uint_eq(rec.nops, 1);
	ck_assert_uint_eq(rec.ops[0], 200);
	bs_record_free(&rec);
	bs_release(&bs);
}
END_TEST

/*
 * A second BLOCKINFO after one that chose a block but defined nothing
 * (found by fuzz_bitcode: under UBSan, check-sanitize, the retiring of the
 * empty list was a zero-length copy from a null pointer).
 */
START_TEST(blockinfo_twice_first_empty)
{
	struct bw w;
	memset(&w, 0, sizeof(w));
	begin(&w, 8, 3);
	static const uint64_t bid[] = { 11 };
	for (int k = 0; k < 2; k++) {
		begin(&w, 0, 2); /* BLOCKINFO: SETBID 11, no abbreviation */
		unabbrev(&w, 1, bid, 1);
		end(&w);
	}
	begin(&w, 11, 4);
	unabbrev(&w, 5, bid, 1);
	end(&w);
	end(&w);
	struct tally t = { 0 };
	ck_assert_int_eq(walk(w.b, bytes(&w), &t), BS_EOF);
	ck_assert_uint_eq(t.blocks[11], 1);
	ck_assert_uint_eq(t.records[11], 1);
}
END_TEST

/* a stream that is one block with one bad thing in it */
static int one_bad(void (*body)(struct bw *))
{
	struct bw w;
	memset(&w, 0, sizeof(w));
	begin(&w, 8, 4);
	body(&w);
	end(&w);
	return walk(w.b, bytes(&w), NULL);
}

static void undefined_abbrev(struct bw *w) { putb(w, 9, 4); }
static void huge_array(struct bw *w)
{
	putb(w, 2, 4), vbr(w, 2, 5);
	putb(w, 0, 1), putb(w, 3, 3);
	putb(w, 0, 1), putb(w, 1, 3), vbr(w, 0, 5); /* array of fixed(0): no bits per element */
	putb(w, 4, 4);
	vbr(w, 1ull << 40, 6);
}
static void long_vbr(struct bw *w)
{
	putb(w, 3, 4);
	for (int i = 0; i < 20; i++)
		putb(w, 0x3f, 6);
}
static void wide_fixed(struct bw *w)
{
	putb(w, 2, 4), vbr(w, 1, 5);
	putb(w, 0, 1), putb(w, 1, 3), vbr(w, 65, 5);
}
static void blob_past_end(struct bw *w)
{
	putb(w, 2, 4), vbr(w, 2, 5);
	putb(w, 1, 1), vbr(w, 1, 8);
	putb(w, 0, 1), putb(w, 5, 3);
	putb(w, 4, 4);
	vbr(w, 100000, 6);
}
static void array_not_second_last(struct bw *w)
{
	putb(w, 2, 4), vbr(w, 3, 5);
	putb(w, 0, 1), putb(w, 3, 3);
	putb(w, 0, 1), putb(w, 4, 3);
	putb(w, 0, 1), putb(w, 4, 3);
}
static void too_many_ops(struct bw *w)
{
	putb(w, 3, 4);
	vbr(w, 1, 6);
	vbr(w, (uint64_t)BS_MAX_OPS + 1, 6);
}

START_TEST(hostile_streams)
{
	ck_assert_int_eq(one_bad(undefined_abbrev), BS_ERR);
	ck_assert_int_eq(one_bad(huge_array), BS_ERR);
	ck_assert_int_eq(one_bad(long_vbr), BS_ERR);
	ck_assert_int_eq(one_bad(wide_fixed), BS_ERR);
	ck_assert_int_eq(one_bad(blob_past_end), BS_ERR);
	ck_assert_int_eq(one_bad(array_not_second_last), BS_ERR);
	ck_assert_int_eq(one_bad(too_many_ops), BS_ERR);

	/* nesting deeper than the limit */
	struct bw w;
	memset(&w, 0, sizeof(w));
	for (int i = 0; i < BS_MAX_DEPTH + 2; i++)
		begin(&w, 8, 3);
	for (int i = 0; i < BS_MAX_DEPTH + 2; i++)
		end(&w);
	ck_assert_int_eq(walk(w.b, bytes(&w), NULL), BS_ERR);

	/* a block whose length runs past the data */
	sample(&w);
	size_t n = bytes(&w);
	w.b[8] = 0xff;
	w.b[9] = 0xff;
	ck_assert_int_eq(walk(w.b, n, NULL), BS_ERR);
}
END_TEST

START_TEST(truncated_and_random)
{
	struct bw w;
	sample(&w);
	size_t n = bytes(&w);
	struct tally full = { 0 };
	ck_assert_int_eq(walk(w.b, n, &full), BS_EOF);
	ck_assert_uint_eq(full.records[8], 3);
	/* every cut: an error, or the end of the top level at a 32-bit boundary */
	for (size_t cut = 0; cut < n; cut++) {
		int st = walk(w.b, cut, NULL);
		ck_assert(st == BS_ERR || (st == BS_EOF && cut < 4));
	}
	/* every single byte changed: never a crash */
	for (size_t i = 0; i < n; i++)
		for (unsigned v = 1; v < 256; v <<= 1) {
			unsigned char copy[8192];
			memcpy(copy, w.b, n);
			copy[i] ^= (unsigned char)v;
			walk(copy, n, NULL);
		}
	/* random streams */
	unsigned seed = 12345;
	unsigned char rnd[512];
	for (int k = 0; k < 3000; k++) {
		for (size_t i = 0; i < sizeof(rnd); i++) {
			seed = seed * 1103515245u + 12345u;
			rnd[i] = (unsigned char)(seed >> 16);
		}
		walk(rnd, (size_t)(seed % sizeof(rnd)), NULL);
	}
}
END_TEST

/* ---- real bitcode, against llvm-bcanalyzer ---- */

/* "Block ID #N" then "Num Instances: K" and "Num Records: R" (or, for
 * several instances, "Tot/Avg Records: R/average") */
static void analyzer_tally(const char *file, struct tally *t)
{
	ck_assert_int_eq(run("llvm-bcanalyzer '%s' > an.txt", file), 0);
	size_t n;
	unsigned char *txt = slurp("an.txt", &n);
	txt[n] = '\0';
	unsigned id = 64;
	for (char *line = strtok((char *)txt, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned v;
		if (sscanf(line, " Block ID #%u", &v) == 1)
			id = v;
		else if (id < 64 && sscanf(line, " Num Instances: %u", &v) == 1)
			t->blocks[id] = v;
		else if (id < 64 && (sscanf(line, " Num Records: %u", &v) == 1 ||
				     sscanf(line, " Tot/Avg Records: %u", &v) == 1))
			t->records[id] = v;
	}
	free(txt);
}

static void compare_with_analyzer(const char *file)
{
	size_t n;
	unsigned char *p = slurp(file, &n);
	ck_assert_uint_ge(n, 4);
	ck_assert(memcmp(p, "BC\xc0\xde", 4) == 0);
	struct tally ours = { 0 }, theirs = { 0 };
	ck_assert_int_eq(walk(p + 4, n - 4, &ours), BS_EOF);
	analyzer_tally(file, &theirs);
	for (unsigned id = 1; id < 64; id++) {
		ck_assert_msg(ours.blocks[id] == theirs.blocks[id], "%s: block %u: %u instances, llvm-bcanalyzer %u",
			      file, id, ours.blocks[id], theirs.blocks[id]);
		ck_assert_msg(ours.records[id] == theirs.records[id], "%s: block %u: %u records, llvm-bcanalyzer %u",
			      file, id, ours.records[id], theirs.records[id]);
	}
	ck_assert_uint_gt(ours.blocks[8], 0); /* a module */
	free(p);
}

static const char *const c_src =
	"struct ent { const char *name; int (*fn)(void); };\n"
	"static int two(void) { return 2; }\n"
	"const struct ent e_two __attribute__((section(\"regtab\"))) = { \"two\", two };\n"
	"asm(\".globl tramp\\ntramp: jmp target_impl\");\n"
	"int caller(int x) { asm volatile(\"call inl_target\" ::: \"memory\"); return x + 1; }\n";

START_TEST(clang_bitcode_like_llvm_bcanalyzer)
{
	if (!have("clang") || !have("llvm-bcanalyzer"))
		TEST_SKIP("clang or llvm-bcanalyzer not installed");
	put_str("t.c", c_src);
	ck_assert_int_eq(run("clang -O2 -flto -c t.c -o full.bc && clang -O2 -flto=thin -c t.c -o thin.bc && "
			     "clang -O0 -g -flto -c t.c -o debug.bc"), 0);
	compare_with_analyzer("full.bc");
	compare_with_analyzer("thin.bc");
	compare_with_analyzer("debug.bc");
	/* two modules, each with its own BLOCKINFO */
	if (have("llvm-cat")) {
		ck_assert_int_eq(run("llvm-cat -b full.bc debug.bc -o two.bc"), 0);
		compare_with_analyzer("two.bc");
	}
}
END_TEST

START_TEST(rust_bitcode_like_llvm_bcanalyzer)
{
	if (!have("rustc") || !have("llvm-bcanalyzer") || !have("objcopy"))
		TEST_SKIP("rustc, llvm-bcanalyzer or objcopy not installed");
	put_str("x.rs", "#[no_mangle]\npub extern \"C\" fn rust_entry(x: i32) -> i32 { x + 1 }\n");
	ck_assert_int_eq(run("rustc --crate-type=lib --emit=obj -Clinker-plugin-lto -O x.rs -o x.bc"), 0);
	compare_with_analyzer("x.bc");
	/* the bitcode embedded in the toolchain's own libcore */
	ck_assert_int_eq(run("r=$(ls \"$(rustc --print sysroot)\"/lib/rustlib/*/lib/libcore-*.rlib | head -1) && "
			     "m=$(ar t \"$r\" | grep '\\.o$' | head -1) && ar p \"$r\" \"$m\" > core.o && "
			     "objcopy --dump-section .llvmbc=core.bc core.o core2.o"), 0);
	compare_with_analyzer("core.bc");
}
END_TEST

static Suite *bitstream_suite(void)
{
	Suite *s = suite_create("bitstream");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	tcase_add_test(tc, records_and_operands);
	tcase_add_test(tc, blockinfo_abbreviations);
	tcase_add_test(tc, blockinfo_twice_first_empty);
	tcase_add_test(tc, hostile_streams);
	tcase_add_test(tc, truncated_and_random);
	tcase_add_test(tc, clang_bitcode_like_llvm_bcanalyzer);
	tcase_add_test(tc, rust_bitcode_like_llvm_bcanalyzer);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(bitstream_suite)
