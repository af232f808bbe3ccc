#include "asmrefs.h"
#include "crosslist.h"
#include "formats/elfscan.h"
#include "testfiles.h"

#include <elf.h>
#include <errno.h>
#include <string.h>

/* the references of text, space-separated, in order of appearance */
static char got[1024];

static void collect(void *arg, const char *name, enum asm_name what)
{
	(void)arg;
	if (what != ASM_USE)
		return;
	if (*got)
		strcat(got, " ");
	strcat(got, name);
}

static const char *refs_cls(uint16_t machine, uint8_t cls, const char *text)
{
	const struct arch *a = arch_find(machine, cls);
	ck_assert_ptr_nonnull(a);
	got[0] = '\0';
	int n = asmrefs_scan(a, text, strlen(text), collect, NULL);
	ck_assert_int_ge(n, 0);
	return got;
}

#define refs(machine, text) refs_cls(machine, ELFCLASS64, text)
#define X86(text) refs(EM_X86_64, text)
#define A64(text) refs(EM_AARCH64, text)
#define RV(text) refs(EM_RISCV, text)
#define PPC(text) refs(EM_PPC64, text)
#define S390(text) refs(EM_S390, text)
#define ARM(text) refs_cls(EM_ARM, ELFCLASS32, text)
#define MIPS(text) refs(EM_MIPS, text)

START_TEST(x86_att_branches_and_addresses)
{
	ck_assert_str_eq(X86("\tjmp target_impl\n"), "target_impl");
	ck_assert_str_eq(X86("call helper@PLT"), "helper");
	ck_assert_str_eq(X86("callq *fptr(%rip)"), "fptr");
	ck_assert_str_eq(X86("jne done_path\n\tje other"), "done_path other");
	ck_assert_str_eq(X86("notrack jmp *table(,%rax,8)"), "table");
	ck_assert_str_eq(X86("leaq target_impl(%rip), %rax"), "target_impl");
	ck_assert_str_eq(X86("movq $handler, %rdi"), "handler");
	ck_assert_str_eq(X86("movabsq $big_table+16, %rax"), "big_table");
	ck_assert_str_eq(X86("vmovdqa counter(%rip), %xmm0"), "counter");
	ck_assert_str_eq(X86("mov foo@GOTPCREL(%rip), %rax"), "foo");
	/* registers, immediates and bare instructions name nothing */
	ck_assert_str_eq(X86("mov %rax, %rbx\n\tret\n\tpush %rbp\n\tadd $8, %rsp"), "");
}
END_TEST

START_TEST(x86_intel)
{
	ck_assert_str_eq(X86(".intel_syntax noprefix\n\tcall target_impl\n\t.att_syntax"), "target_impl");
	ck_assert_str_eq(X86("lea rax, [rip + table]"), "table");
	ck_assert_str_eq(X86("mov eax, DWORD PTR counter[rip]"), "counter");
	ck_assert_str_eq(X86("mov rdi, OFFSET FLAT:handler"), "handler");
	ck_assert_str_eq(X86("mov rax, rbx\n\tjmp rax\n\tcall QWORD PTR [r11+8]"), "");
}
END_TEST

START_TEST(x86_inline_templates)
{
	/* GCC inline asm: %% is one %, operand placeholders are not names */
	ck_assert_str_eq(X86("mov %1, %%edi\n\tcall inl_target\n\tmov %%eax, %0"), "inl_target");
	ck_assert_str_eq(X86("lea target_impl(%%rip), %0"), "target_impl");
	ck_assert_str_eq(X86("call %P[fn]\n\tjmp %l1"), "");
	ck_assert_str_eq(X86("movq %c[off](%1), %%rax"), "");
}
END_TEST

START_TEST(directives)
{
	ck_assert_str_eq(X86(".section .data\n.quad handler_a, handler_b+8\n.long end_mark - ."),
			 "handler_a handler_b end_mark");
	ck_assert_str_eq(X86(".set alias_name, real_impl\n\tcall alias_name"), "real_impl");
	ck_assert_str_eq(X86("shortcut = real_impl + 4\n"), "real_impl");
	ck_assert_str_eq(X86(".globl elsewhere\n.weak maybe_there"), "elsewhere maybe_there");
	ck_assert_str_eq(X86(".reloc ., R_X86_64_NONE, keep_me"), "keep_me");
	/* .symver: the versioned symbol's local name, not the versioned alias */
	ck_assert_str_eq(X86(".symver foo_v1,foo@VERS_1\n\t.symver foo_v2, foo@@VERS_2"), "foo_v1 foo_v2");
	ck_assert_str_eq(A64(".symver old_impl, api@LIB_1.0"), "old_impl");
	ck_assert_str_eq(X86(".word w1\n.value v1\n.8byte e1\n.byte 1, 2"), "w1 v1 e1");
	/* directives without symbol operands */
	ck_assert_str_eq(X86(".text\n.p2align 4\n.type tramp,@function\n.size tramp, .-tramp"), "");
}
END_TEST

/* the names a text defines and declares global or weak, "NAME:KIND" */
static char defs_got[1024];
static void collect_defs(void *arg, const char *name, enum asm_name what)
{
	(void)arg;
	static const char *const kind[] = { "use", "def", "global", "weak" };
	if (what == ASM_USE)
		return;
	if (*defs_got)
		strcat(defs_got, " ");
	strcat(defs_got, name);
	strcat(defs_got, ":");
	strcat(defs_got, kind[what]);
}

static const char *defs(const char *text)
{
	const struct arch *a = arch_find(EM_X86_64, ELFCLASS64);
	defs_got[0] = '\0';
	ck_assert_int_ge(asmrefs_scan(a, text, strlen(text), collect_defs, NULL), 0);
	return defs_got;
}

START_TEST(definitions_and_declarations)
{
	ck_assert_str_eq(defs(".globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl"),
			 "tramp:def tramp:global");
	ck_assert_str_eq(defs(".weak w1, w2\nw1: ret\n.set w2, w1"), "w1:def w2:def w1:weak w2:weak");
	/* a declaration without a definition, and a label without one */
	ck_assert_str_eq(defs(".global elsewhere\nlocal_label: ret"), "local_label:def elsewhere:global");
	ck_assert_str_eq(defs(".Lx: jmp .Lx\n1: jmp 1b"), "");
	/* the declared name is still a reference when nothing here defines it */
	ck_assert_str_eq(X86(".globl elsewhere\ncall elsewhere"), "elsewhere");
}
END_TEST

START_TEST(definitions_are_not_references)
{
	/* the trampoline defines tramp itself: only target_impl is a use */
	ck_assert_str_eq(X86(".text\n.globl tramp\n.type tramp,@function\ntramp:\n\tjmp target_impl\n"),
			 "target_impl");
	/* a jump to a label defined later in the same text */
	ck_assert_str_eq(X86("loop_top: dec %ecx\n\tjnz loop_top\n\tjmp out\nout:"), "");
	/* numeric and .L local labels */
	ck_assert_str_eq(X86("1:\tjmp 1b\n\tjmp 2f\n2:\n\tjmp .Lend\n.Lend:"), "");
	ck_assert_str_eq(X86("a: b: call c_fn"), "c_fn");
}
END_TEST

START_TEST(comments_and_strings)
{
	ck_assert_str_eq(X86("# call commented_out\n\tcall real_one # jmp not_this"), "real_one");
	ck_assert_str_eq(X86("/* call in_block\n jmp in_block2 */ call after_block"), "after_block");
	ck_assert_str_eq(X86(".ascii \"call in_string\"\n.asciz \"jmp x\\\" y\""), "");
	ck_assert_str_eq(X86("call first; call second ; ret"), "first second");
}
END_TEST

START_TEST(cxx_mangled_names)
{
	ck_assert_str_eq(X86("jmp _ZN3app6detail6targetEi"), "_ZN3app6detail6targetEi");
	ck_assert_str_eq(X86("call _ZN2ns1fEv.cold\n.quad _ZTV4Base+16"), "_ZN2ns1fEv.cold _ZTV4Base");
}
END_TEST

START_TEST(aarch64)
{
	ck_assert_str_eq(A64("\tb target_impl"), "target_impl");
	ck_assert_str_eq(A64("bl helper\n\tb.ne other\n\tcbz x0, zero_path\n\ttbnz w1, #3, bit_path"),
			 "helper other zero_path bit_path");
	ck_assert_str_eq(A64("adrp x0, table\n\tadd x0, x0, :lo12:table"), "table");
	ck_assert_str_eq(A64("adrp x1, :got:gvar\n\tldr x1, [x1, #:got_lo12:gvar]"), "gvar");
	ck_assert_str_eq(A64("adr x2, handler\n\tldr x3, =literal_sym"), "handler literal_sym");
	ck_assert_str_eq(A64(".xword p1\n.word p2\n.8byte p3"), "p1 p2 p3");
	/* registers, immediates, comments */
	ck_assert_str_eq(A64("mov x0, x1\n\tret\n\tbr x16 // b not_this\n# b nor_this\n\tadd sp, sp, #16"), "");
	ck_assert_str_eq(A64("blr x8\n\tb .Lout\n.Lout:\n\tcbnz wzr, 1f\n1:"), "");
}
END_TEST

/*
 * Each architecture's forms, as its manual and GNU as write them: names
 * starting c_ are called or branched to, a_ have their address taken in
 * code, d_ sit in data words.  Every line is accepted by the cross
 * assembler (cross_assemblers_agree), which also says which names the
 * object references and how its relocations classify them.
 */
static const struct forms {
	const char *triplet, *asflags;
	const char *text;
	const char *names;
} forms[] = {
	{ "aarch64-linux-gnu", "",
	  "\tbl c_bl\n\tb c_b\n\tb.eq c_beq\n\tcbz x0, c_cbz\n\ttbnz w1, #3, c_tbnz\n"
	  "\tadrp x0, a_adrp\n\tadd x0, x0, :lo12:a_adrp\n"
	  "\tadrp x1, :got:a_got\n\tldr x1, [x1, #:got_lo12:a_got]\n"
	  "\tldr x2, =a_ldr\n\tmovz x3, #:abs_g1:a_movz\n\tmov x4, x5 // registers only\n"
	  "\t.data\n\t.xword d_xword\n\t.quad d_quad\n\t.word d_word\n",
	  "c_bl c_b c_beq c_cbz c_tbnz a_adrp a_got a_ldr a_movz d_xword d_quad d_word" },
	{ "riscv64-linux-gnu", "",
	  "\tcall c_call\n\tcall c_callplt@plt\n\ttail c_tail\n\tjal c_jal\n\tjal ra, c_jalra\n"
	  "\tj c_j\n\tjump c_jump, t0\n\tbeq a0, a1, c_beq\n\tbnez a0, c_bnez\n"
	  "\tlla a0, a_lla\n\tla a1, a_la\n"
	  "1:\tauipc a0, %pcrel_hi(a_pcrel)\n\taddi a0, a0, %pcrel_lo(1b)\n"
	  "2:\tauipc a1, %got_pcrel_hi(a_got)\n\tld a1, %pcrel_lo(2b)(a1)\n"
	  "\tlui a2, %hi(a_hi)\n\taddi a2, a2, %lo(a_hi)\n\tld a3, a_ld\n\tsd a3, a_sd, t1\n"
	  "\tld a4, 8(sp) # registers only\n"
	  "\t.data\n\t.dword d_dword\n\t.quad d_quad\n\t.word d_word\n\t.8byte d_8byte\n",
	  "c_call c_callplt c_tail c_jal c_jalra c_j c_jump c_beq c_bnez a_lla a_la a_pcrel a_got "
	  "a_hi a_ld a_sd d_dword d_quad d_word d_8byte" },
	{ "powerpc64le-linux-gnu", "-mpower10",
	  "\tbl c_bl\n\tnop\n\tbl c_notoc@notoc\n\tb c_b\n\tbeq 0, c_beq\n\tbne cr1, c_bne\n"
	  "\tbdnz 1f\n1:\taddis 3, 2, a_toc@toc@ha\n\taddi 3, 3, a_toc@toc@l\n"
	  "\taddis 4, 2, a_got@got@ha\n\tld 4, a_got@got@l(4)\n\tld 5, a_gottoc@got(2)\n"
	  "\tlis 6, a_abs@ha\n\taddi 6, 6, a_abs@l\n\tlis 7, a_high@highest\n\tori 7, 7, a_high@higher\n"
	  "\tpla 8, a_pcrel@pcrel\n\tpld 9, a_gotpcrel@got@pcrel\n\tmr 3, 4 # registers only\n"
	  "\t.section .toc, \"aw\"\n.LC0:\t.tc d_tc[TC], d_tc\n"
	  "\t.data\n\t.quad d_quad\n\t.long d_long\n\t.8byte d_8byte\n\t.llong d_llong\n",
	  "c_bl c_notoc c_b c_beq c_bne a_toc a_got a_gottoc a_abs a_high a_pcrel a_gotpcrel "
	  "d_tc d_quad d_long d_8byte d_llong" },
	{ "s390x-linux-gnu", "",
	  "\tbrasl %r14, c_brasl\n\tbrasl %r14, c_plt@PLT\n\tjg c_jg\n\tjg c_jgplt@PLT\n"
	  "\tjgne c_jgne\n\tbrcl 15, c_brcl\n\tj c_j\n\tjne c_jne\n\tbras %r14, c_bras\n"
	  "\tlarl %r2, a_larl\n\tlgrl %r3, a_gotent@GOTENT\n\tlarl %r4, a_larlgot@GOTENT\n"
	  "\tlg %r5, a_got@GOT(%r12)\n\tlrl %r6, a_lrl\n\tstgrl %r6, a_stgrl\n\texrl %r1, a_exrl\n"
	  "\tlgr %r2, %r3 # registers only\n"
	  "\t.data\n\t.quad d_quad\n\t.long d_long\n",
	  "c_brasl c_plt c_jg c_jgplt c_jgne c_brcl c_j c_jne c_bras a_larl a_gotent a_larlgot a_got "
	  "a_lrl a_stgrl a_exrl d_quad d_long" },
	{ "arm-linux-gnueabihf", "",
	  "\t.syntax unified\n\t.thumb\n\tbl c_bl\n\tb c_b\n\tb.w c_bw\n\tbeq c_beq\n\tblx c_blx\n"
	  "\tcbz r0, .Lskip\n.Lskip:\n"
	  "\tmovw r0, #:lower16:a_movw\n\tmovt r0, #:upper16:a_movw\n"
	  "\tmovw r1, #:lower16:a_prel - (1f + 4)\n\tmovt r1, #:upper16:a_prel - (1f + 4)\n1:\tadd r1, pc\n"
	  "\tldr r2, =a_ldr\n\tmov r3, r4 @ registers only\n\t.ltorg\n"
	  "\t.data\n\t.word d_word\n\t.long d_long\n\t.4byte d_4byte\n"
	  "\t.word d_got(GOT)\n\t.word d_gotoff(GOTOFF)\n\t.word d_gotprel(GOT_PREL)\n",
	  "c_bl c_b c_bw c_beq c_blx a_movw a_prel a_ldr d_word d_long d_4byte d_got d_gotoff d_gotprel" },
	{ "arm-linux-gnueabi", "",
	  "\t.arm\n\tbl c_bl\n\tb c_b\n\tbeq c_beq\n\tblx c_blx\n\tbl c_plt(PLT)\n\tbx lr\n"
	  "\tldr r0, =a_ldr\n\tldr r1, 1f\n2:\tadd r1, pc, r1\n\tb 3f\n1:\t.word a_pcrel - (2b + 8)\n"
	  "3:\tmov r2, r3 @ registers only\n"
	  "\t.data\n\t.word d_word\n",
	  "c_bl c_b c_beq c_blx c_plt a_ldr a_pcrel d_word" },
	{ "mips64el-linux-gnuabi64", "-KPIC",
	  "\tjal c_jal\n\tbal c_bal\n\tj c_j\n\tb c_b\n\tbeq $4, $5, c_beq\n"
	  "\tld $25, %call16(c_call16)($28)\n\tdla $4, a_dla\n\tld $6, %got_disp(a_gotdisp)($gp)\n"
	  "\tlui $7, %hi(a_hi)\n\tdaddiu $7, $7, %lo(a_hi)\n\tlui $8, %highest(a_highest)\n"
	  "\tmove $2, $3 # registers only\n\tld $2, 8($sp)\n"
	  "\t.data\n\t.dword d_dword\n\t.word d_word\n\t.8byte d_8byte\n\t.quad d_quad\n",
	  "c_jal c_bal c_j c_b c_beq c_call16 a_dla a_gotdisp a_hi a_highest d_dword d_word d_8byte d_quad" },
};

static const struct cross *cross_of(const char *triplet)
{
	for (size_t i = 0; i < NCROSSES; i++)
		if (!strcmp(crosses[i].triplet, triplet))
			return &crosses[i];
	ck_abort_msg("%s is not in crosslist.h", triplet);
	return NULL;
}

START_TEST(architecture_forms)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const struct cross *c = cross_of(forms[i].triplet);
		const char *got_names = refs_cls(c->machine, c->elfclass, forms[i].text);
		ck_assert_msg(!strcmp(got_names, forms[i].names), "%s:\n got  %s\n want %s", forms[i].triplet,
			      got_names, forms[i].names);
	}
}
END_TEST

/* the how mask elfscan gives name in u, or -1 when the object does not reference it */
static int how_of(const struct unit *u, const char *name)
{
	for (size_t k = 0; k < u->nsyms; k++)
		if (u->syms[k].role == SYM_UNDEF && !strcmp(u->syms[k].name, name))
			return u->syms[k].how;
	return -1;
}

/*
 * The cross assembler of each installed toolchain accepts every form, its
 * object references exactly the names asmrefs finds, and its relocations
 * classify them as their prefix says (elfscan with the arch table): c_ a
 * call, a_ an address in code, d_ data.
 */
START_TEST(cross_assemblers_agree)
{
	int ran = 0;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const char *t = forms[i].triplet;
		char as[128];
		snprintf(as, sizeof(as), "%s-as", t);
		if (!have(as)) {
			printf("SKIP: %s not installed\n", as);
			continue;
		}
		ran++;
		put_str("f.s", forms[i].text);
		ck_assert_msg(run("%s %s --fatal-warnings f.s -o f.o", as, forms[i].asflags) == 0,
			      "%s rejects a form", as);
		size_t n;
		unsigned char *data = slurp("f.o", &n);
		struct unit u;
		unit_init(&u, "f.o", NULL, 0);
		ck_assert_int_eq(elfscan_unit(&u, data, n, SCAN_FULL), 0);
		ck_assert_uint_eq(u.machine, cross_of(t)->machine);
		size_t nundef = 0;
		for (size_t k = 0; k < u.nsyms; k++)
			nundef += u.syms[k].role == SYM_UNDEF;
		char *names = strdup(forms[i].names);
		size_t nnames = 0;
		for (char *save = NULL, *w = strtok_r(names, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
			nnames++;
			int how = how_of(&u, w);
			int want = w[0] == 'c' ? REF_CALL : w[0] == 'a' ? REF_ADDR : REF_DATA;
			ck_assert_msg(how >= 0, "%s: %s not referenced by the object", t, w);
			ck_assert_msg(how == want, "%s: %s has how %#x, want %#x", t, w, (unsigned)how,
				      (unsigned)want);
		}
		ck_assert_msg(nundef == nnames, "%s: the object references %zu names, asmrefs %zu", t, nundef,
			      nnames);
		free(names);
		unit_release(&u);
		free(data);
	}
	if (!ran)
		TEST_SKIP("no cross assembler installed");
}
END_TEST

/* inline asm templates (GCC's %0, %%) and each syntax's own comments */
START_TEST(architecture_templates_and_comments)
{
	ck_assert_str_eq(RV("lla %0, inl_target"), "inl_target");
	ck_assert_str_eq(RV("call fn # call not_this\n\tmv a0, s1\n\tret"), "fn");
	ck_assert_str_eq(PPC("addis %0,2,inl_target@toc@ha\n\taddi %0,%0,inl_target@toc@l"), "inl_target");
	ck_assert_str_eq(PPC("blr\n\tmtctr 12\n\tbctrl # bl not_this"), "");
	ck_assert_str_eq(S390("larl %0,inl_target"), "inl_target");
	ck_assert_str_eq(S390("brasl %%r14,fn@PLT\n\tlgr %%r2,%%r3"), "fn");
	ck_assert_str_eq(S390("br %r14 # jg not_this"), "");
	ck_assert_str_eq(ARM("movw %0, #:lower16:inl_target - (1f + 4)\n\tmovt %0, "
			     "#:upper16:inl_target - (1f + 4)\n1:\tadd %0, pc"),
			 "inl_target");
	ck_assert_str_eq(ARM("ldr %0, =inl_target @ b not_this\n# bl nor_this\n\tpush {r4, lr}\n\tpop {r4, pc}"),
			 "inl_target");
	ck_assert_str_eq(MIPS("dla %0, inl_target"), "inl_target");
	ck_assert_str_eq(MIPS("jalr $25\n\tlui $gp, %hi(%neg(%gp_rel(fn)))\n\tjr $ra # jal not_this"), "fn");
}
END_TEST

START_TEST(unsupported_and_bounds)
{
	ck_assert_int_eq(asmrefs_scan(NULL, "call x", 6, collect, NULL), -ENOTSUP);
	/* the text need not be NUL-terminated: nothing past len is read */
	const struct arch *a = arch_find(EM_X86_64, ELFCLASS64);
	char buf[] = { 'c', 'a', 'l', 'l', ' ', 'a', 'b', 'c', 'd', 'e', 'f' };
	got[0] = '\0';
	ck_assert_int_eq(asmrefs_scan(a, buf, 8, collect, NULL), 1);
	ck_assert_str_eq(got, "abc");
	/* unterminated comment, string, placeholder */
	ck_assert_str_eq(X86("call ok_one\n/* never closed"), "ok_one");
	ck_assert_str_eq(X86("call ok_two\n.ascii \"never closed"), "ok_two");
	ck_assert_str_eq(X86("call ok_three %["), "ok_three");
	ck_assert_str_eq(X86(""), "");
}
END_TEST

static Suite *asmrefs_suite(void)
{
	Suite *s = suite_create("asmrefs");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, x86_att_branches_and_addresses);
	tcase_add_test(tc, x86_intel);
	tcase_add_test(tc, x86_inline_templates);
	tcase_add_test(tc, directives);
	tcase_add_test(tc, definitions_are_not_references);
	tcase_add_test(tc, definitions_and_declarations);
	tcase_add_test(tc, comments_and_strings);
	tcase_add_test(tc, cxx_mangled_names);
	tcase_add_test(tc, aarch64);
	tcase_add_test(tc, architecture_forms);
	tcase_add_test(tc, architecture_templates_and_comments);
	tcase_add_test(tc, unsupported_and_bounds);
	suite_add_tcase(s, tc);
	tc = tcase_create("cross");
	tcase_add_checked_fixture(tc, files_setup, files_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, cross_assemblers_agree);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(asmrefs_suite)
