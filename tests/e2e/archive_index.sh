#!/bin/sh
# End-to-end: archives whose symbol index lacks the names of their IR
# members, and lld given GCC IR (doc/manual.md, "Archives and linkers that cannot
# see the IR").  Each case runs the plain link first and shows it fails.
#  1. GCC slim members indexed by llvm-ar: a thin archive, an archive in a
#     --start-group with another that needs it back, --whole-archive (the
#     linker loads every member: nothing given), a member nothing needs
#     (not given), two members defining the missing name (one warning,
#     the first given); the report's "given" array.
#     An archive with no index at all (bitcode alone, ar without the
#     plugin): ld.bfd refuses it plainly and through lto-safe, which says
#     why and how to add one.
#  2. The same objects archived by gcc-ar (a right index): the command
#     lto-safe runs is the plain one, byte for byte.
#  3. gcc -fuse-ld=lld with GCC slim IR links with gcc's GNU linker; under
#     LTO_SAFE_SWITCH_LINKER=0 one error line; fat objects under lld link
#     their code, with a note; clang -fuse-ld=lld with GCC slim IR: the
#     error line.  A Rust cdylib over GCC slim C (rustc's default link):
#     plainly it links with f1 undefined (no program links with it);
#     through lto-safe it defines f1 and exports only what its version
#     script says.
. "$(dirname "$0")/lib.sh"
need gcc gcc-ar llvm-ar || exit 0
mktmp
cd "$T" || exit 1

cat >f1.c <<'C'
int f1(void) { return 1; }
C
cat >f2.c <<'C'
int f3(void);
int f2(void) { return 2 + f3(); }
C
cat >f3.c <<'C'
int f3(void) { return 3; }
C
cat >unused.c <<'C'
int unused_fn(void) { return 9; }
C
cat >dup.c <<'C'
int f1(void) { return 100; }
C
cat >back.c <<'C'
int f1(void);
int back(void) { return 10 + f1(); }
C
cat >main.c <<'C'
#include <stdio.h>
int f1(void), f2(void);
int main(void) { printf("%d\n", f1() + f2()); return 0; }
C
cat >mainb.c <<'C'
#include <stdio.h>
int back(void), f2(void);
int main(void) { printf("%d\n", back() + f2()); return 0; }
C
for f in f1 f2 f3 unused dup back main mainb; do
	gcc -O2 -flto -c $f.c || exit 1
done
gcc -O2 -flto -ffat-lto-objects -c f1.c -o fat1.o && gcc -O2 -flto -ffat-lto-objects -c f2.c -o fat2.o &&
	gcc -O2 -flto -ffat-lto-objects -c f3.c -o fat3.o || exit 1
llvm-ar rcs libla.a f1.o f2.o f3.o unused.o
llvm-ar rcsT libthin.a f1.o f2.o f3.o
llvm-ar rcs libdup.a f1.o dup.o f2.o f3.o
llvm-ar rcs libback.a back.o
gcc-ar rcs libright.a f1.o f2.o f3.o unused.o
llvm-ar rcs libfat.a fat1.o fat2.o fat3.o
if nm -s libla.a | grep -q ' f1 in\|^f1 in'; then
	fail "llvm-ar's index lacks the GCC IR names" "$(nm -s libla.a)"
else
	pass "llvm-ar's index lacks the GCC IR names"
fi

# case NAME WANT [ERR-PATTERN] -- LINK-ARGS...: the plain link fails, the
# link through lto-safe-cc prints WANT (and its stderr matches ERR-PATTERN)
case_() {
	_n=$1 _want=$2 _pat=$3
	shift 4
	rm -f plain safe
	if gcc "$@" -o plain >plain.err 2>&1; then
		fail "$_n: the plain link fails" "it linked: the case proves nothing"
	elif grep -q "undefined reference\|undefined symbol" plain.err; then
		pass "$_n: the plain link fails"
	else
		fail "$_n: the plain link fails" "not for an undefined name: $(cat plain.err)"
	fi
	if LTO_SAFE_REPORT="$T/report.json" LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc "$@" -o safe >safe.err 2>&1 &&
		[ "$(./safe)" = "$_want" ]; then
		pass "$_n: through lto-safe-cc, prints $_want"
	else
		fail "$_n: through lto-safe-cc, prints $_want" "$(./safe 2>&1; cat safe.err)"
	fi
	if [ -n "$_pat" ]; then
		if grep -q "$_pat" safe.err; then
			pass "$_n: says: $_pat"
		else
			fail "$_n: says: $_pat" "$(cat safe.err)"
		fi
	fi
}

# given REPORT: the "given" entries' members, sorted, on one line
given() { sed -n '/"given":\[/,$p' "$1" | grep -o '"member":"[^"]*"' | sed 's/^"member":"//; s/"$//' | sort | tr '\n' ' ' | sed 's/ $//'; }

# 1.
for ld in bfd gold; do
	if ! gcc -fuse-ld=$ld -Wl,--version >/dev/null 2>&1; then
		skip "archive index ($ld)" "gcc cannot link with -fuse-ld=$ld"
		continue
	fi
	case_ "llvm-ar archive ($ld)" 6 "f1 in its GCC IR, absent from the archive's index" -- \
		-O2 -flto -fuse-ld=$ld main.o libla.a
	g=$(given report.json)
	if [ "$g" = "f1.o f2.o f3.o" ]; then
		pass "llvm-ar archive ($ld): the report gives f1.o f2.o f3.o, not unused.o"
	else
		fail "llvm-ar archive ($ld): the report gives f1.o f2.o f3.o, not unused.o" "given: {$g}
$(cat report.json)"
	fi
	if nm safe | grep -q unused_fn; then
		fail "llvm-ar archive ($ld): unused.o is not linked" "$(nm safe | grep unused_fn)"
	else
		pass "llvm-ar archive ($ld): unused.o is not linked"
	fi
	case_ "thin llvm-ar archive ($ld)" 6 "" -- -O2 -flto -fuse-ld=$ld main.o libthin.a
	# libback.a's back needs f1 of libla.a, searched before it: the group
	case_ "group: libback.a needs libla.a, searched before it ($ld)" 16 "" -- \
		-O2 -flto -fuse-ld=$ld mainb.o -Wl,--start-group libla.a libback.a -Wl,--end-group
	case_ "two members define f1 ($ld)" 6 "dup.o both define f1" -- -O2 -flto -fuse-ld=$ld main.o libdup.a
	if [ "$(grep -c 'both define' safe.err)" = 1 ]; then
		pass "two members define f1 ($ld): one warning"
	else
		fail "two members define f1 ($ld): one warning" "$(cat safe.err)"
	fi
	# --whole-archive: the linker loads every member; unused.o is linked too
	rm -f safe
	if LTO_SAFE_REPORT="$T/report.json" "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$ld main.o \
		-Wl,--whole-archive libla.a -Wl,--no-whole-archive -o safe >safe.err 2>&1 &&
		[ "$(./safe)" = 6 ] && [ -z "$(given report.json)" ]; then
		pass "--whole-archive ($ld): links, nothing given"
	else
		fail "--whole-archive ($ld): links, nothing given" "$(cat safe.err report.json)"
	fi
done

if need clang && gcc -fuse-ld=bfd -Wl,--version >/dev/null 2>&1; then
	clang -O2 -flto -c f1.c -o bc1.o && clang -O2 -flto -c main.c -o bcmain.o || exit 1
	ar --plugin /nonexistent rcs libnoindex.a bc1.o 2>/dev/null
	n="bitcode archive with no index (bfd)"
	# binutils 2.40 and 2.44 say "archive has no index"; 2.47 (sid's)
	# leaves the archive unread and reports the undefined references
	if clang -O2 -flto -fuse-ld=bfd bcmain.o libnoindex.a -o plain >plain.err 2>&1; then
		fail "$n: the plain link fails" "it linked"
	elif grep -q "archive has no index\|undefined reference to .f1'" plain.err; then
		pass "$n: the plain link fails"
	else
		fail "$n: the plain link fails" "$(cat plain.err)"
	fi
	if "$LTO_SAFE_BIN" clang -O2 -flto -fuse-ld=bfd bcmain.o libnoindex.a -o safe >safe.err 2>&1; then
		fail "$n: through lto-safe-cc, the warning with the fix" "it linked: the test is out of date"
	elif grep -q "lto-safe: warning: libnoindex.a has no symbol index.*add one with llvm-ranlib libnoindex.a" safe.err; then
		pass "$n: through lto-safe-cc, the warning with the fix"
	else
		fail "$n: through lto-safe-cc, the warning with the fix" "$(cat safe.err)"
	fi
fi

# a linker that reads the members themselves (lld 15 and later, mold)
# loads the member plainly: the copy lto-safe gives goes before the archive,
# so the member is not loaded twice (duplicate symbol)
if command -v clang-19 >/dev/null 2>&1 && clang-19 -fuse-ld=lld -Wl,--version >/dev/null 2>&1; then
	clang-19 -O2 -flto -c f1.c -o bc19.o && clang-19 -O2 -flto -c main.c -o bc19main.o &&
		clang-19 -O2 -flto -c f2.c -o bc19f2.o && clang-19 -O2 -flto -c f3.c -o bc19f3.o || exit 1
	gcc -O2 -c unused.c -o unusedr.o
	rm -f lib19.a
	ar --plugin /nonexistent rcs lib19.a bc19.o bc19f2.o bc19f3.o unusedr.o 2>/dev/null
	n="bitcode archive lacking its names, clang-19 with lld 19"
	if clang-19 -O2 -flto -fuse-ld=lld bc19main.o lib19.a -o plain && [ "$(./plain)" = 6 ] &&
		"$LTO_SAFE_BIN" clang-19 -O2 -flto -fuse-ld=lld bc19main.o lib19.a -o safe >safe.err 2>&1 &&
		[ "$(./safe)" = 6 ]; then
		pass "$n: plainly and through lto-safe-cc (no duplicate definition)"
	else
		fail "$n: plainly and through lto-safe-cc (no duplicate definition)" "$(cat safe.err)"
	fi
fi

# 2.
want=$(gcc -O2 -flto main.o libright.a -### 2>&1 | grep -c collect2)
if [ "$want" = 1 ] && gcc -O2 -flto main.o libright.a -o right && [ "$(./right)" = 6 ]; then
	got=$("$LTO_SAFE_BIN" gcc -O2 -flto main.o libright.a -o right --lto-safe-dry-run 2>&1)
	if [ "$got" = "gcc -O2 -flto main.o libright.a -o right" ] ||
		[ "$got" = "$(command -v gcc) -O2 -flto main.o libright.a -o right" ]; then
		pass "gcc-ar archive: the plain command, unchanged"
	else
		fail "gcc-ar archive: the plain command, unchanged" "ran: $got"
	fi
else
	fail "gcc-ar archive: the plain link works" "$(gcc -O2 -flto main.o libright.a -o right 2>&1)"
fi

# 3.
if ! gcc -fuse-ld=lld -Wl,--version >/dev/null 2>&1; then
	skip "lld with GCC IR" "gcc cannot link with -fuse-ld=lld"
	exit 0
fi
gcc-ar rcs libslim.a f1.o f2.o f3.o
case_ "gcc -fuse-ld=lld, GCC slim IR" 6 "which -fuse-ld=lld cannot read: linking with" -- \
	-O2 -flto -fuse-ld=lld main.o libslim.a
# nothing is kept there, and the command run is not the plain one
if grep -q "^lto-safe: nothing to keep: running the command with the change above" safe.err &&
	! grep -q "plain link" safe.err; then
	pass "gcc -fuse-ld=lld, GCC slim IR: nothing to keep, the changed command (not called plain)"
else
	fail "gcc -fuse-ld=lld, GCC slim IR: nothing to keep, the changed command (not called plain)" "$(cat safe.err)"
fi
rm -f safe
if LTO_SAFE_SWITCH_LINKER=0 "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=lld main.o libslim.a -o safe >safe.err 2>&1; then
	fail "LTO_SAFE_SWITCH_LINKER=0: the link fails, with one error line" "it linked"
elif [ "$(grep -c 'lto-safe: error: .*holds GCC IR only (slim)' safe.err)" = 1 ] &&
	grep -q "LTO_SAFE_SWITCH_LINKER=0" safe.err; then
	pass "LTO_SAFE_SWITCH_LINKER=0: the link fails, with one error line"
else
	fail "LTO_SAFE_SWITCH_LINKER=0: the link fails, with one error line" "$(cat safe.err)"
fi
# the same switch when -fuse-ld=lld is in a response file
printf '%s\n' -O2 -flto -fuse-ld=lld main.o libslim.a >args.rsp
rm -f safe
if "$LTO_SAFE_BIN" gcc @args.rsp -o safe >safe.err 2>&1 && [ "$(./safe)" = 6 ] &&
	LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc @args.rsp -o safe 2>&1 | grep -q "running: .*-fuse-ld=bfd"; then
	pass "-fuse-ld=lld in a response file: -fuse-ld=bfd follows, links"
else
	fail "-fuse-ld=lld in a response file: -fuse-ld=bfd follows, links" "$(cat safe.err)"
fi
# fat objects link their machine code under lld: unchanged, with a note
rm -f safe
gcc -O2 -c main.c -o mainr.o
if gcc -O2 -fuse-ld=lld mainr.o fat1.o fat2.o fat3.o -o plain && [ "$(./plain)" = 6 ]; then
	pass "fat GCC objects under lld: the plain link works"
else
	fail "fat GCC objects under lld: the plain link works" "$(./plain 2>&1)"
fi
if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 -fuse-ld=lld mainr.o fat1.o fat2.o fat3.o -o safe >safe.err 2>&1 &&
	[ "$(./safe)" = 6 ] && grep -q "linked without LTO" safe.err && grep -q "running: .*-fuse-ld=lld" safe.err; then
	pass "fat GCC objects under lld: linked by lld, with a note"
else
	fail "fat GCC objects under lld: linked by lld, with a note" "$(cat safe.err)"
fi
if need clang; then
	rm -f safe
	if "$LTO_SAFE_BIN" clang -O2 -flto -fuse-ld=lld main.o libslim.a -o safe >safe.err 2>&1; then
		fail "clang -fuse-ld=lld with GCC slim IR: the error line" "it linked"
	elif grep -q "lto-safe: error: .*the driver is not gcc" safe.err; then
		pass "clang -fuse-ld=lld with GCC slim IR: the error line"
	else
		fail "clang -fuse-ld=lld with GCC slim IR: the error line" "$(cat safe.err)"
	fi
fi
if need rustc; then
	cat >cd.rs <<'R'
unsafe extern "C" { fn f1() -> i32; }
#[unsafe(no_mangle)] pub extern "C" fn cd_call() -> i32 { unsafe { f1() } }
R
	cat >usecd.c <<'C'
#include <stdio.h>
int cd_call(void);
int main(void) { printf("%d\n", cd_call()); return 0; }
C
	gcc-ar rcs libf1.a f1.o
	n="Rust cdylib over GCC slim C, rustc's default linker"
	mkdir plaincd safecd
	if ! rustc_lld; then
		# cc and ld.bfd read the GCC IR with GCC's plugin: it links plainly
		skip "$n: plainly it links with f1 undefined" "rustc links with cc and the system linker, not rust-lld"
	elif rustc --edition 2021 --crate-type cdylib -L . -l static=f1 cd.rs -o plaincd/libcd.so >plain.err 2>&1 &&
		nm -D plaincd/libcd.so | grep -q ' U f1$' && ! gcc usecd.c -Lplaincd -lcd -o plaincd/use 2>/dev/null; then
		pass "$n: plainly it links with f1 undefined, and no program links with it"
	else
		fail "$n: plainly it links with f1 undefined, and no program links with it" "$(cat plain.err; nm -D plaincd/libcd.so)"
	fi
	if rustc --edition 2021 --crate-type cdylib -L . -l static=f1 -C linker="$LTO_SAFE_BIN" cd.rs \
		-o safecd/libcd.so >safe.err 2>&1 && gcc usecd.c -Lsafecd -lcd -o safecd/use &&
		[ "$(LD_LIBRARY_PATH=safecd ./safecd/use)" = 1 ] &&
		[ "$(nm -D --defined-only safecd/libcd.so | awk '{print $3}' | tr '\n' ' ')" = "cd_call " ]; then
		pass "$n: through lto-safe-cc it defines f1 and exports only cd_call"
	else
		fail "$n: through lto-safe-cc it defines f1 and exports only cd_call" "$(cat safe.err; nm -D safecd/libcd.so)"
	fi
fi
