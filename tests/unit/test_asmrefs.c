#include "asmrefs.h"
#include "testlib.h"

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

static const char *refs(uint16_t machine, const char *text)
{
	const struct arch *a = arch_find(machine, ELFCLASS64);
	ck_assert_ptr_nonnull(a);
	got[0] = '\0';
	int n = asmrefs_scan(a, text, strlen(text), collect, NULL);
	ck_assert_int_ge(n, 0);
	return got;
}

#define X86(text) refs(EM_X86_64, text)
#define A64(text) refs(EM_AARCH64, text)

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
	tcase_add_test(tc, unsupported_and_bounds);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(asmrefs_suite)
