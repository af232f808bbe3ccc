#!/bin/sh
# End-to-end, one row per architecture that distributions build with LTO:
# x86-64, i386, aarch64, riscv64, ppc64el, s390x, armhf, armel (and
# mips64el), each with its compiler (TRIPLET-gcc; gcc itself for the
# host) and, for the others, its C library under /usr/TRIPLET and
# qemu-user to run the programs.  A row whose toolchain is missing is
# skipped (scripts/deps.sh lists them as optional).  The program
# (src/xa_*.c) has a trampoline in top-level asm and an address loaded in
# inline asm, both in that architecture's own forms, and a registration
# table; each case checks, with each linker, that the plain LTO link
# breaks it, that the link through lto-safe runs it right, what is kept,
# and that what nothing uses is gone (lib_ir.sh's ir_case):
#   x1 slim GCC IR, x2 fat objects, x3 the target's unit in a gcc-ar archive
#   (the report names the member), x4 a function table that LTO sees whole
#   (fat): the plain link works, and lto-safe's output is byte-identical,
#   x5 clang bitcode linked by lld (clang-19, which targets them all), x6
#   -flto-partition=max, x7 a unit whose stream version is damaged (99):
#   one warning, then the plain link's result.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

. "$ROOT/tests/e2e/lib_ir.sh"

W="tramp(14) = 43
inl_target(9) = 65
3 entries, sum 11"
KEPT="target_impl inl_target reg_alpha reg_beta"
CLANG=clang-19
HOST=$(gcc -dumpmachine)

# TRIPLET:ASM (src/xa_ASM.c):QEMU (qemu-QEMU)
for row in x86_64-linux-gnu:x86_64:x86_64 i686-linux-gnu:i386:i386 aarch64-linux-gnu:aarch64:aarch64 \
	riscv64-linux-gnu:riscv64:riscv64 powerpc64le-linux-gnu:ppc64le:ppc64le s390x-linux-gnu:s390x:s390x \
	arm-linux-gnueabihf:arm:arm arm-linux-gnueabi:arm:arm mips64el-linux-gnuabi64:mips64el:mips64el; do
	TR=${row%%:*}
	rest=${row#*:}
	ASM=${rest%%:*}
	QEMU=qemu-${rest#*:}
	X=$TR-gcc
	R="$TR"
	if [ "$TR" = "$HOST" ]; then
		X=gcc
		RUN=
		NM=nm
		AR=gcc-ar
	else
		if ! command -v $X >/dev/null 2>&1 || [ ! -f /usr/$TR/include/stdio.h ]; then
			skip "$R" "$X or its C library (/usr/$TR) missing"
			continue
		fi
		if ! command -v $QEMU >/dev/null 2>&1; then
			skip "$R" "$QEMU (qemu-user) missing"
			continue
		fi
		RUN="$QEMU -L /usr/$TR"
		NM=$TR-nm
		AR=$TR-gcc-ar
	fi
	LDS=
	for ld in bfd gold; do
		if have_ld $X $ld; then
			LDS="$LDS $ld"
		else
			skip "$R ($ld)" "$X -fuse-ld=$ld does not link"
		fi
	done
	ABSENT=unused_fn

	# x1: slim GCC IR
	in_dir "$TR/x1"
	if compile "$R x1" $X -O2 -flto "$S/xa_main.c" "$S/xa_impl.c" "$S/xa_$ASM.c"; then
		for ld in $LDS; do
			ir_case "$R x1 slim IR" $ld "$W" "$KEPT" $X -O2 -flto xa_main.o xa_impl.o xa_$ASM.o
		done
	fi

	# x2: fat objects
	in_dir "$TR/x2"
	if compile "$R x2" $X -O2 -flto -ffat-lto-objects "$S/xa_main.c" "$S/xa_impl.c" "$S/xa_$ASM.c"; then
		for ld in $LDS; do
			ir_case "$R x2 fat objects" $ld "$W" "$KEPT" $X -O2 -flto xa_main.o xa_impl.o xa_$ASM.o
		done
	fi

	# x3: the target's unit in an archive: only asm text and the section need it
	in_dir "$TR/x3"
	if compile "$R x3" $X -O2 -flto "$S/xa_main.c" "$S/xa_impl.c" "$S/xa_$ASM.c" &&
		$AR rcs libxa.a xa_impl.o; then
		for ld in $LDS; do
			ir_case "$R x3 archive member" $ld "$W" "$KEPT" $X -O2 -flto xa_main.o xa_$ASM.o libxa.a
			check_member "$R x3 archive member" $ld target_impl libxa.a xa_impl.o
		done
	fi

	# x4: nothing to keep: LTO sees the table (fat code half)
	in_dir "$TR/x4"
	if compile "$R x4" $X -O2 -flto -ffat-lto-objects "$S/ir_fat_cb.c" "$S/ir_fat_fns.c"; then
		for ld in $LDS; do
			n="$R x4 nothing to keep, byte-identical"
			rm -f plain.out safe.out
			$X -fuse-ld=$ld -O2 -flto ir_fat_cb.o ir_fat_fns.o -o plain.out >plain.err 2>&1
			if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" $X -fuse-ld=$ld -O2 -flto ir_fat_cb.o ir_fat_fns.o \
				-o safe.out >safe.err 2>&1 && [ "$(run plain.out)" = "sum 3" ] &&
				cmp -s plain.out safe.out && grep -q "^lto-safe: nothing to keep" safe.err; then
				pass "$n ($ld)"
			else
				fail "$n ($ld)" "$(cat plain.err safe.err)"
			fi
		done
	fi

	# x6: one partition per function
	in_dir "$TR/x6"
	if compile "$R x6" $X -O2 -flto "$S/xa_main.c" "$S/xa_impl.c" "$S/xa_$ASM.c"; then
		for ld in $LDS; do
			ir_case "$R x6 -flto-partition=max" $ld "$W" "$KEPT" $X -O2 -flto -flto-partition=max \
				xa_main.o xa_impl.o xa_$ASM.o
		done
	fi

	# x7: the stream major of xa_impl.o's unit set to 99 (the minor stays:
	# 0 for GCC 12 and 14 to 16, 1 for GCC 13), in the order
	# its GCC wrote it (the machine it ran on: little-endian here)
	in_dir "$TR/x7"
	OBJCOPY=objcopy
	[ "$TR" = "$HOST" ] || OBJCOPY=$TR-objcopy
	if compile "$R x7" $X -O2 -flto "$S/xa_main.c" "$S/xa_impl.c" "$S/xa_$ASM.c"; then
		L=$(readelf -SW xa_impl.o | sed -n 's/^ *\[ *[0-9]*\] \(\.gnu\.lto_\.lto\.[^ ]*\) .*/\1/p' | head -1)
		if [ -n "$L" ] && $OBJCOPY --dump-section "$L=lto.bin" xa_impl.o &&
			{ printf '\143\000'; tail -c +3 lto.bin; } >lto99.bin &&
			$OBJCOPY --update-section "$L=lto99.bin" xa_impl.o v99.o; then
			DCC="$X -O2 -flto"
			rm -f plain.out safe.out
			$DCC xa_main.o v99.o xa_$ASM.o -o plain.out >plain.err 2>&1
			pst=$?
			"$LTO_SAFE_BIN" $DCC xa_main.o v99.o xa_$ASM.o -o safe.out >safe.err 2>&1
			sst=$?
			if [ "$(grep -c '^lto-safe: warning:' safe.err)" = 1 ] && [ "$pst" = "$sst" ] &&
				grep -q 'stream version 99\.[0-9]' safe.err; then
				pass "$R x7 damaged stream version: one warning, the plain link's status ($pst)"
			else
				fail "$R x7 damaged stream version: one warning, the plain link's status" \
					"plain $pst, lto-safe $sst: $(cat safe.err)"
			fi
		else
			fail "$R x7 damaged stream version: objcopy" "$(readelf -SW xa_impl.o | head -20)"
		fi
	fi

	# x5: clang bitcode, lld
	in_dir "$TR/x5"
	if ! command -v $CLANG >/dev/null 2>&1; then
		skip "$R x5 clang bitcode" "$CLANG missing"
	elif ! $CLANG --target=$TR -O2 -flto -c "$S/xa_main.c" "$S/xa_impl.c" "$S/xa_$ASM.c" >cc.err 2>&1; then
		skip "$R x5 clang bitcode" "$CLANG cannot compile for $TR: $(head -1 cc.err)"
	elif ! $CLANG --target=$TR -fuse-ld=lld -Wl,--version >/dev/null 2>&1; then
		skip "$R x5 clang bitcode" "$CLANG --target=$TR -fuse-ld=lld does not link"
	else
		ir_case "$R x5 clang bitcode" lld "$W" "$KEPT" $CLANG --target=$TR -O2 -flto \
			xa_main.o xa_impl.o xa_$ASM.o
	fi
done
