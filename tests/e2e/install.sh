#!/bin/sh
# End-to-end: make install honours PREFIX and DESTDIR, and the installed
# wrapper finds its link helper; the installed man pages carry the
# version; the masquerade directory lib/lto-safe/bin has a relative
# symlink for each tool of scripts/masq-names.sh's table on PATH (and only
# for those; MASQ_NAMES overrides the list), and with only PATH changed
# examples/c-trampoline, whose plain build fails, builds and runs (gcc, cc,
# g++, TRIPLET-gcc, ld under a gcc run by its path, clang), from the DESTDIR tree of a
# PREFIX=/usr install, as it would from /usr; make uninstall removes what
# it installed.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
D=$T/dest
if ! make -s -C "$ROOT" install PREFIX=/opt/lto-safe DESTDIR="$D" >"$T/out" 2>&1; then
	fail "make install" "$(cat "$T/out")"
	exit 0
fi
missing=""
for f in bin/lto-safe-cc bin/lto-safe-c++ bin/lto-safe-ld bin/lto-safe libexec/lto-safe/lto-safe-link \
	bin/lto-safe-gcc-ar bin/lto-safe-gcc-ranlib bin/lto-safe-gcc-nm \
	bin/lto-safe-llvm-ar bin/lto-safe-llvm-ranlib bin/lto-safe-llvm-nm \
	share/man/man1/lto-safe-cc.1 share/man/man1/lto-safe-ld.1 share/man/man1/lto-safe.1; do
	[ -e "$D/opt/lto-safe/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then pass "make install PREFIX DESTDIR"; else fail "make install PREFIX DESTDIR" "missing:$missing"; fi
cd "$T" || exit 1
gcc -O2 -flto -c "$E2E_SRC/impl.c" "$E2E_SRC/tramp_toplevel.c"
if LTO_SAFE_KEEP=target_impl "$D/opt/lto-safe/bin/lto-safe-cc" gcc -O2 -flto impl.o tramp_toplevel.o -o app 2>err &&
	./app | grep -q "target_impl called"; then
	pass "installed lto-safe-cc links"
else
	fail "installed lto-safe-cc links" "$(cat err)"
fi
# the archiver names run the real compiler's archiver: an archive of slim
# GCC LTO objects gets an index of their symbols
if "$D/opt/lto-safe/bin/lto-safe-gcc-ar" rcs libt.a impl.o 2>err &&
	"$D/opt/lto-safe/bin/lto-safe-gcc-nm" -s libt.a 2>>err | grep -q "target_impl in impl.o"; then
	pass "installed lto-safe-gcc-ar and lto-safe-gcc-nm"
else
	fail "installed lto-safe-gcc-ar and lto-safe-gcc-nm" "$(cat err)"
fi
if "$D/opt/lto-safe/bin/lto-safe" scan impl.o tramp_toplevel.o >scan.out 2>&1 &&
	[ "$(cut -f1 scan.out | tr '\n' ' ')" = "symbol target_impl " ]; then
	pass "installed lto-safe scans"
else
	fail "installed lto-safe scans" "$(cat scan.out)"
fi
V=$(cat "$ROOT/VERSION")
bad=""
for f in "$D"/opt/lto-safe/share/man/man1/*.1; do
	head -1 "$f" | grep -q " \"lto-safe $V\" " || bad="$bad $(head -1 "$f")"
done
if [ -z "$bad" ]; then pass "installed man pages carry version $V"; else fail "installed man pages carry version $V" "$bad"; fi
make -s -C "$ROOT" uninstall PREFIX=/opt/lto-safe DESTDIR="$D" >/dev/null 2>&1
left=$(find "$D" -type f -o -type l)
if [ -z "$left" ]; then pass "make uninstall"; else fail "make uninstall" "$left"; fi

# --- the masquerade directory, installed for /usr into a DESTDIR ---
U=$T/stage
if ! make -s -C "$ROOT" install PREFIX=/usr DESTDIR="$U" >"$T/out" 2>&1; then
	fail "make install PREFIX=/usr DESTDIR (masquerade)" "$(cat "$T/out")"
	exit 0
fi
M=$U/usr/lib/lto-safe/bin
want=$(sh "$ROOT/scripts/masq-names.sh")
got=$(ls "$M")
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	pass "masquerade directory: the names of scripts/masq-names.sh ($(echo $got | wc -w))"
else
	fail "masquerade directory: the names of scripts/masq-names.sh" "want: $want
got: $got"
fi
bad=""
for n in $got; do
	[ "$(readlink "$M/$n")" = ../../../bin/lto-safe-cc ] || bad="$bad $n->$(readlink "$M/$n")"
	command -v "$n" >/dev/null 2>&1 || bad="$bad $n(no real tool)"
done
if [ -z "$bad" ]; then pass "masquerade links: relative, each with a real tool on PATH"; else fail "masquerade links" "$bad"; fi
# the fixed table: every base name on PATH is there, and so are the
# versioned and target-prefixed names of gcc and clang that exist
missing=""
for n in cc c++ gcc g++ clang clang++ ld ld.bfd ld.gold ld.lld ld.mold \
	"gcc-$(gcc -dumpversion)" "$(gcc -dumpmachine)-gcc" "$(gcc -dumpmachine)-gcc-$(gcc -dumpversion)" \
	"$(gcc -dumpmachine)-ld" $(cd /usr/bin && ls clang-[0-9]* clang++-[0-9]* ld.lld-[0-9]* 2>/dev/null); do
	if command -v "$n" >/dev/null 2>&1 && [ ! -L "$M/$n" ]; then missing="$missing $n"; fi
done
if [ -z "$missing" ]; then pass "masquerade names: bases, versions and triplets on PATH"; else fail "masquerade names" "missing:$missing"; fi
case " $(echo $got) " in
*" lto-safe"*|*" gcc-ar"*|*" cpp "*|*" as "*) fail "masquerade names: only compilers and linkers" "$got" ;;
*) pass "masquerade names: only compilers and linkers" ;;
esac
# MASQ_NAMES overrides the list
if make -s -C "$ROOT" install PREFIX=/usr DESTDIR="$T/names" MASQ_NAMES="gcc cc" >"$T/out" 2>&1 &&
	[ "$(ls "$T/names/usr/lib/lto-safe/bin" | tr '\n' ' ')" = "cc gcc " ]; then
	pass "MASQ_NAMES=\"gcc cc\": those names only"
else
	fail "MASQ_NAMES=\"gcc cc\": those names only" "$(cat "$T/out"; ls "$T/names/usr/lib/lto-safe/bin")"
fi

# works PROG: the demo program registers both commands and reaches target_impl
works() {
	"$1" >"$T/run.out" 2>&1 && grep -q "2 commands registered" "$T/run.out" &&
		grep -q "target_impl reached through the asm trampoline" "$T/run.out"
}
cp -R "$ROOT/examples/c-trampoline" "$T/ex"
rm -f "$T"/ex/*.o "$T"/ex/app-*
make -s -C "$T/ex" plain >"$T/plain.out" 2>&1
if [ -e "$T/ex/app-plain" ] || ! grep -q "link failed, as expected" "$T/plain.out"; then
	fail "c-trampoline: the plain build fails" "$(cat "$T/plain.out")"
else
	pass "c-trampoline: the plain build fails"
fi
# the same make command, only PATH changed
if PATH="$M:$PATH" make -s -C "$T/ex" plain >"$T/masq.out" 2>&1 && works "$T/ex/app-plain"; then
	pass "c-trampoline: make with only PATH=lib/lto-safe/bin:\$PATH builds a working program"
else
	fail "c-trampoline: make with only PATH changed" "$(cat "$T/masq.out" "$T/run.out")"
fi
OBJS="main.o cmds.o tramp.o impl.o"
cd "$T/ex" || exit 1
# link DRIVER: the link by DRIVER, masquerade directory first on PATH, went through lto-safe
link() {
	rm -f app-m
	if PATH="$M:$PATH" LTO_SAFE_VERBOSE=1 "$@" -O2 -flto $OBJS -o app-m >"$T/link.err" 2>&1 &&
		grep -q "^lto-safe: running: " "$T/link.err" && works ./app-m; then
		pass "c-trampoline linked by $* through the masquerade directory"
	else
		fail "c-trampoline linked by $* through the masquerade directory" "$(cat "$T/link.err" "$T/run.out")"
	fi
}
link cc
link g++
# a debian/rules that names the compiler by its triplet (zlib's)
if command -v "$(gcc -dumpmachine)-gcc" >/dev/null 2>&1; then link "$(gcc -dumpmachine)-gcc"
else skip "c-trampoline linked by $(gcc -dumpmachine)-gcc" "$(gcc -dumpmachine)-gcc missing"; fi
# gcc run by its path: collect2 finds ld on PATH, the masquerade ld
link "$(command -v gcc)"
# the masquerade directory adds nothing twice: ld under a wrapped gcc passes through
PATH="$M:$PATH" LTO_SAFE_VERBOSE=1 gcc -O2 -flto $OBJS -o app-m >"$T/link.err" 2>&1
n=$(grep -c "^lto-safe: running: " "$T/link.err")
if [ "$n" = 1 ]; then pass "gcc and ld both masqueraded: one lto-safe link"; else fail "gcc and ld both masqueraded: one lto-safe link" "$(cat "$T/link.err")"; fi
if command -v clang >/dev/null 2>&1; then
	rm -f ./*.o
	PATH="$M:$PATH" make -s CC=clang $OBJS >/dev/null 2>&1
	link clang
else
	skip "c-trampoline with clang through the masquerade directory" "clang missing"
fi
cd "$T" || exit 1

make -s -C "$ROOT" uninstall PREFIX=/usr DESTDIR="$U" >/dev/null 2>&1
left=$(find "$U" -type f -o -type l)
if [ -z "$left" ] && [ ! -d "$U/usr/lib/lto-safe" ]; then pass "make uninstall removes the masquerade directory"
else fail "make uninstall removes the masquerade directory" "$left"; fi
