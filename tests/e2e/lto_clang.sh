#!/bin/sh
# End-to-end: keep rules with clang LTO (-flto, -flto=thin): with proactive
# detection and repair off, the rules alone must make the links work.
. "$(dirname "$0")/lib.sh"
need clang || exit 0
LTO_SAFE_SCAN=0 LTO_SAFE_REPAIR=0
export LTO_SAFE_SCAN LTO_SAFE_REPAIR
S=$E2E_SRC
mktmp
cd "$T" || exit 1
for mode in -flto -flto=thin; do
	clang -O2 $mode -c "$S/impl.c" -o impl.o && clang -O2 $mode -c "$S/tramp_inline.c" -o tramp.o || { fail "clang $mode compile"; continue; }
	for ld in bfd gold lld; do
		if ! clang -fuse-ld=$ld -Wl,--version >/dev/null 2>&1; then skip "clang $mode ($ld)" "ld.$ld missing"; continue; fi
		if clang -O2 $mode -fuse-ld=$ld impl.o tramp.o -o plain >/dev/null 2>&1; then
			fail "clang $mode inline asm ($ld)" "the plain link worked: the test proves nothing"
			continue
		fi
		if LTO_SAFE_KEEP=target_impl "$LTO_SAFE_BIN" clang -O2 $mode -fuse-ld=$ld impl.o tramp.o -o env 2>err &&
			./env | grep -q "target_impl called"; then
			pass "inline asm reference fixed by LTO_SAFE_KEEP (clang $mode, $ld)"
		else
			fail "inline asm reference fixed by LTO_SAFE_KEEP (clang $mode, $ld)" "$(cat err)"
		fi
		if "$LTO_SAFE_BIN" clang -O2 $mode -fuse-ld=$ld impl.o tramp.o --lto-safe-keep=target_impl -o opt 2>err &&
			./opt | grep -q "target_impl called"; then
			pass "inline asm reference fixed by --lto-safe-keep (clang $mode, $ld)"
		else
			fail "inline asm reference fixed by --lto-safe-keep (clang $mode, $ld)" "$(cat err)"
		fi
	done
done
# bitcode in an llvm-ar archive
if need llvm-ar; then
	clang -O2 -flto -c "$S/impl.c" -o impl.o && llvm-ar rcs libimpl.a impl.o
	if LTO_SAFE_KEEP=target_impl "$LTO_SAFE_BIN" clang -O2 -flto -fuse-ld=lld tramp.o -L. -limpl -o ar 2>err && ./ar | grep -q "target_impl called"; then
		pass "keep rule reaches bitcode in an llvm-ar archive"
	else
		fail "keep rule reaches bitcode in an llvm-ar archive" "$(cat err)"
	fi
fi
