#!/bin/sh
# End-to-end: LLVM bitcode (clang -flto and -flto=thin) through lto-safe-cc
# with no keep rule.  The cases of gcc_ir.sh that clang breaks: inline asm
# calling a function of another unit (loose objects, and members of llvm-ar
# archives), a registration table that the linker's garbage collection
# loses; then a program that the plain link gets right, and damaged bitcode
# (one warning and the plain link's result).  The checks (a)-(d) are those
# of lib_ir.sh.
. "$(dirname "$0")/lib.sh"
need clang || exit 0
x86_64_only "x86-64 asm cases" clang || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
. "$ROOT/tests/e2e/lib_ir.sh"

LDS="bfd gold lld"
W1="inl_target(9) = 65"

# 1. Inline asm in main calls inl_target, defined in another unit.
for m in -flto -flto=thin; do
	in_dir "l1$m"
	n="l1 clang $m inline asm call"
	compile "$n" clang -O2 $m "$S/ir_inl_main.c" "$S/ir_inl_impl.c" || continue
	for ld in $LDS; do
		have_ld clang $ld || { skip "$n ($ld)" "ld.$ld missing"; continue; }
		ir_case "$n" $ld "$W1" inl_target clang -O2 $m ir_inl_main.o ir_inl_impl.o
	done
done

# 2. The same with inl_target's unit in an llvm-ar archive, regular and
# thin: only the asm text needs the member, so the plain link leaves it out.
if command -v llvm-ar >/dev/null 2>&1; then
	for m in -flto -flto=thin; do
		in_dir "l2$m"
		n="l2 clang $m inline asm call"
		compile "$n" clang -O2 $m "$S/ir_inl_main.c" "$S/ir_inl_impl.c" || continue
		if ! llvm-ar rcs libinl.a ir_inl_impl.o || ! llvm-ar rcs --thin libinlthin.a ir_inl_impl.o; then
			fail "$n: llvm-ar"
			continue
		fi
		for ld in $LDS; do
			have_ld clang $ld || { skip "$n, archives ($ld)" "ld.$ld missing"; continue; }
			for a in libinl libinlthin; do
				ir_case "$n, $a.a" $ld "$W1" inl_target clang -O2 $m ir_inl_main.o $a.a
				check_member "$n, $a.a" $ld inl_target $a.a ir_inl_impl.o
			done
		done
	done
else
	skip "l2 llvm-ar archives" "llvm-ar missing"
fi

# 3. A registration table walked through __start_regtab/__stop_regtab, its
# entries global and not "used": with --gc-sections, lld loses the section
# (undefined __start_regtab) under -flto and -flto=thin, and ld.bfd with
# -z start-stop-gc keeps only the "used" entry under -flto=thin.  (gold, and
# ld.bfd under -flto, keep the entries by themselves.)
for m in -flto -flto=thin; do
	in_dir "l3$m"
	n="l3 clang $m registration table"
	compile "$n" clang -O2 $m "$S/ir_reg_entries.c" "$S/ir_reg_main.c" || continue
	ABSENT="unused_fn reg_not_in_table"
	if have_ld clang lld; then
		ir_case "$n, --gc-sections" lld "4 entries, sum 15" "reg_alpha reg_beta reg_gamma" \
			clang -O2 $m -Wl,--gc-sections ir_reg_entries.o ir_reg_main.o
	else
		skip "$n (lld)" "ld.lld missing"
	fi
	if [ $m = -flto=thin ]; then
		if have_ld clang bfd; then
			ir_case "$n, -z start-stop-gc" bfd "4 entries, sum 15" "reg_alpha reg_beta reg_gamma" \
				clang -O2 $m -Wl,--gc-sections -Wl,-z,start-stop-gc ir_reg_entries.o ir_reg_main.o
		else
			skip "$n (bfd)" "ld.bfd missing"
		fi
	fi
	ABSENT=unused_fn
done

# 4. Top-level asm and inline asm that only use their own labels (plain
# links work): the same output through lto-safe, and nothing kept.
in_dir l4
if compile "l4 self-contained asm" clang -O2 -flto "$S/ir_bad_lib.c" "$S/ir_bad_main.c"; then
	for ld in $LDS; do
		have_ld clang $ld || { skip "l4 self-contained asm ($ld)" "ld.$ld missing"; continue; }
		n="l4 self-contained asm, nothing to keep"
		rm -f safe.out report.json
		if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" clang -O2 -flto -fuse-ld=$ld ir_bad_lib.o ir_bad_main.o -o safe.out >safe.err 2>&1 &&
			[ "$(run safe.out)" = "7 18" ] && [ ! -s safe.err ]; then
			pass "$n: right output, no message ($ld)"
		else
			fail "$n: right output, no message ($ld)" "$(cat safe.err)"
		fi
		check_report "$n" $ld report.json
	done
fi

# 5. Damaged bitcode: one warning, then the plain link's status and output.
# le32 N: N as 4 bytes, little-endian
oct() { printf '\\%03o' $(($1 & 255)); }
le32() { printf "$(oct $1)$(oct $(($1 >> 8)))$(oct $(($1 >> 16)))$(oct $(($1 >> 24)))"; }
in_dir l5
DCC="clang -O2 -flto"
if compile "l5 damaged bitcode" clang -O2 -flto "$S/ir_bad_lib.c" "$S/ir_bad_main.c"; then
	n=$(wc -c <ir_bad_lib.o)
	head -c $((n / 2)) ir_bad_lib.o >truncated.o
	damaged "l5 truncated bitcode" truncated.o
	# 64 bytes after the magic set to 0xff: the identification block and
	# the module block's start, which lto-safe reads for every producer (a
	# third of the way in, clang 22's object has a function body there,
	# which lto-safe skips by its length and LLVM alone rejects)
	{
		head -c 8 ir_bad_lib.o
		i=0
		while [ $i -lt 8 ]; do printf '\377\377\377\377\377\377\377\377'; i=$((i + 1)); done
		tail -c +73 ir_bad_lib.o
	} >corrupt.o
	damaged "l5 corrupt bitcode" corrupt.o
	# a wrapper header whose bitcode offset and size point past the end
	{
		printf '\336\300\027\013\000\000\000\000\000\000\000\100\000\000\000\100\007\000\000\001'
		cat ir_bad_lib.o
	} >wrapper.o
	damaged "l5 wrapper pointing past the end" wrapper.o
	# the magic, then 512 blocks each nested in the one before, each
	# length right (ENTER_SUBBLOCK, id 8, abbreviation width 2)
	{
		printf 'BC\300\336'
		i=0
		while [ $i -lt 512 ]; do
			printf '\041\010\000\000'
			le32 $(((511 - i) * 2))
			i=$((i + 1))
		done
	} >nested.o
	damaged "l5 nested blocks" nested.o
fi

# 6. tramp defined only by module asm in an llvm-ar archive member (gcc_ir.sh
# case 15 for clang): LLVM's IR symbol table lists the names module asm
# defines, so llvm-ar's index has tramp and the plain link works; through
# lto-safe it works too, with no member given to the linker and nothing kept
# beyond what the asm uses.
in_dir l6
n="l6 clang asm-defined name in an archive"
if compile "$n" clang -O2 -flto "$S/ir_asmdef_tramp.c" "$S/ir_asmdef_main.c" "$S/ir_tramp_impl.c" &&
	llvm-ar rcs libasmdef.a ir_asmdef_tramp.o ir_tramp_impl.o; then
	for ld in $LDS; do
		have_ld clang $ld || { skip "$n ($ld)" "ld.$ld missing"; continue; }
		rm -f plain.out safe.out report.json
		if clang -fuse-ld=$ld -O2 -flto ir_asmdef_main.o libasmdef.a -o plain.out >plain.err 2>&1 &&
			[ "$(run plain.out)" = "tramp(14) = 43" ]; then
			pass "$n: the plain link works ($ld)"
		else
			fail "$n: the plain link works ($ld)" "$(cat plain.err)"
		fi
		if LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" clang -fuse-ld=$ld -O2 -flto \
			ir_asmdef_main.o libasmdef.a -o safe.out >safe.err 2>&1 &&
			[ "$(run safe.out)" = "tramp(14) = 43" ] && ! grep -q "giving the member" safe.err; then
			pass "$n: through lto-safe, no member added ($ld)"
		else
			fail "$n: through lto-safe, no member added ($ld)" "$(cat safe.err)"
		fi
		check_report "$n" $ld report.json target_impl
	done
fi
