#!/bin/sh
# End-to-end: --wrap honoured under LTO (doc/manual.md, "Uses the link command
# makes").  io.c defines io_submit, wm.c's main calls it with helper2(3)
# (h2.c: 3 + 4), wr.c defines __wrap_io_submit as __real_io_submit() +
# 1000: the right answer is 1008, plain LTO prints 8 (the wrap skipped).
#  1. gcc with bfd, gold and mold; slim and fat objects; io.o loose, as an
#     archive member and in a group: plain 8, through lto-safe-cc 1008,
#     with helper2 still inlined into main (the other units stay in LTO),
#     one note and the unit in the report's "given" array.
#  2. clang with bfd and gold, bitcode loose and in an archive: the same;
#     with lld (which honours the wrap) nothing changes.
#  3. Nothing to do: no --wrap, a --wrap of a name no IR defines: the
#     command is the plain one; --whole-archive and a response file: the
#     warning, with why.
#  4. --defsym io_submit=alt_submit (alt.c: x + 500) over io_submit
#     defined in IR and called from IR: without LTO 507, plain LTO 8
#     (the same bypass; 507 with gold of binutils 2.47 and mold 3.0),
#     through lto-safe 507.
. "$(dirname "$0")/lib.sh"
need gcc gcc-ar objdump || exit 0
x86_64_only "objdump of x86-64 main" || exit 0
mktmp
cd "$T" || exit 1

cat >io.c <<'C'
int io_submit(int x) { return x + 1; }
C
cat >wm.c <<'C'
#include <stdio.h>
int io_submit(int);
int helper2(int);
int main(void) { printf("%d\n", io_submit(helper2(3))); return 0; }
C
cat >h2.c <<'C'
int helper2(int x) { return x + 4; }
C
cat >wr.c <<'C'
int __real_io_submit(int);
int __wrap_io_submit(int x) { return __real_io_submit(x) + 1000; }
C

# main_calls PROG NAME: 0 when main's code calls NAME
main_calls() { objdump -d --no-show-raw-insn "$1" | sed -n '/<main>:/,/^$/p' | grep -q "call.*<$2>"; }

# check NAME CC LINK-ARGS...: plain LTO prints 8; through lto-safe-cc 1008,
# helper2 inlined, one note, io_submit's unit in "given"
check() {
	_n=$1 _cc=$2
	shift 2
	rm -f plain safe report.json
	if "$_cc" -O2 -flto -Wl,--wrap=io_submit "$@" -o plain >plain.err 2>&1 && [ "$(./plain)" = 8 ]; then
		pass "$_n: plain LTO prints 8"
	else
		fail "$_n: plain LTO prints 8" "$(./plain 2>&1; cat plain.err)"
	fi
	if LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT="$T/report.json" "$LTO_SAFE_BIN" "$_cc" -O2 -flto \
		-Wl,--wrap=io_submit "$@" -o safe >safe.err 2>&1 && [ "$(./safe)" = 1008 ]; then
		pass "$_n: through lto-safe-cc prints 1008"
	else
		fail "$_n: through lto-safe-cc prints 1008" "$(./safe 2>&1; cat safe.err)"
		return
	fi
	if ! main_calls safe helper2 && main_calls safe __wrap_io_submit; then
		pass "$_n: helper2 is still inlined into main"
	else
		fail "$_n: helper2 is still inlined into main" "$(objdump -d safe | sed -n '/<main>:/,/^$/p')"
	fi
	if [ "$(grep -c -- '--wrap=io_submit: .* defines io_submit.*linking it as machine code' safe.err)" = 1 ] &&
		grep -q '"given":\[' report.json && grep -q '"reason":"native-for-wrap"' report.json; then
		pass "$_n: one note, the unit in the report's given"
	else
		fail "$_n: one note, the unit in the report's given" "$(cat safe.err report.json)"
	fi
}

# 1.
for kind in slim fat; do
	flag=
	[ $kind = fat ] && flag=-ffat-lto-objects
	for f in io wm h2 wr; do
		gcc -O2 -flto $flag -c $f.c -o $f.$kind.o || exit 1
	done
	rm -f libio.$kind.a
	gcc-ar rcs libio.$kind.a io.$kind.o
done
for ld in bfd gold mold; do
	if ! gcc -fuse-ld=$ld -Wl,--version >/dev/null 2>&1; then
		skip "--wrap with gcc ($ld)" "gcc cannot link with -fuse-ld=$ld"
		continue
	fi
	for kind in slim fat; do
		check "gcc $kind, loose ($ld)" gcc -fuse-ld=$ld wr.$kind.o io.$kind.o wm.$kind.o h2.$kind.o
		check "gcc $kind, archive member ($ld)" gcc -fuse-ld=$ld wr.$kind.o wm.$kind.o h2.$kind.o libio.$kind.a
	done
	check "gcc slim, member in a group ($ld)" gcc -fuse-ld=$ld wr.slim.o wm.slim.o \
		-Wl,--start-group libio.slim.a h2.slim.o -Wl,--end-group
done

# 2.
if need clang llvm-ar; then
	for f in io wm h2 wr; do
		clang -O2 -flto -c $f.c -o $f.bc.o || exit 1
	done
	rm -f libio.bc.a
	llvm-ar rcs libio.bc.a io.bc.o
	for ld in bfd gold; do
		if ! clang -fuse-ld=$ld -Wl,--version >/dev/null 2>&1; then
			skip "--wrap with clang ($ld)" "clang cannot link with -fuse-ld=$ld"
			continue
		fi
		check "clang bitcode, loose ($ld)" clang -fuse-ld=$ld wr.bc.o io.bc.o wm.bc.o h2.bc.o
		check "clang bitcode, archive member ($ld)" clang -fuse-ld=$ld wr.bc.o wm.bc.o h2.bc.o libio.bc.a
	done
	if clang -fuse-ld=lld -Wl,--version >/dev/null 2>&1; then
		n="clang bitcode with lld, which honours the wrap"
		if clang -O2 -flto -fuse-ld=lld -Wl,--wrap=io_submit wr.bc.o io.bc.o wm.bc.o h2.bc.o -o plain &&
			[ "$(./plain)" = 1008 ] &&
			LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" clang -O2 -flto -fuse-ld=lld -Wl,--wrap=io_submit wr.bc.o io.bc.o \
				wm.bc.o h2.bc.o -o safe >safe.err 2>&1 &&
			[ "$(./safe)" = 1008 ] && ! grep -q "machine code\|bypassed" safe.err; then
			pass "$n: 1008 plainly and through lto-safe-cc, nothing changed"
		else
			fail "$n: 1008 plainly and through lto-safe-cc, nothing changed" "$(cat safe.err)"
		fi
	fi
fi

# 3.
# dry PLAIN-ARGS...: the command lto-safe would run is the plain one
dry() {
	_got=$("$LTO_SAFE_BIN" gcc "$@" --lto-safe-dry-run 2>/dev/null)
	case $_got in
	*native*) return 1 ;;
	esac
	return 0
}
n="no --wrap: no unit leaves LTO"
if dry -O2 -flto wr.slim.o io.slim.o wm.slim.o h2.slim.o -o x; then pass "$n"; else fail "$n" "$_got"; fi
n="--wrap of a name no IR defines: no unit leaves LTO"
if dry -O2 -flto -Wl,--wrap=printf wm.slim.o io.slim.o h2.slim.o -o x; then pass "$n"; else fail "$n" "$_got"; fi
n="--wrap, the member's archive under --whole-archive: the warning, with why"
"$LTO_SAFE_BIN" gcc -O2 -flto -Wl,--wrap=io_submit wr.slim.o wm.slim.o h2.slim.o -Wl,--whole-archive \
	libio.slim.a -Wl,--no-whole-archive -o safe >safe.err 2>&1
if [ "$(./safe)" = 8 ] && grep -q "lto-safe: warning: --wrap=io_submit is bypassed.*linked --whole-archive" safe.err; then
	pass "$n"
else
	fail "$n" "$(./safe 2>&1; cat safe.err)"
fi
n="--wrap, io.o in a response file: the warning, with why"
printf '%s\n' wr.slim.o io.slim.o wm.slim.o h2.slim.o >objs.rsp
"$LTO_SAFE_BIN" gcc -O2 -flto -Wl,--wrap=io_submit @objs.rsp -o safe >safe.err 2>&1
if [ "$(./safe)" = 8 ] && grep -q "lto-safe: warning: --wrap=io_submit is bypassed.*response file" safe.err; then
	pass "$n"
else
	fail "$n" "$(./safe 2>&1; cat safe.err)"
fi

# 4.
cat >alt.c <<'C'
int alt_submit(int x) { return x + 500; }
C
gcc -O2 -flto -c alt.c -o alt.slim.o && gcc -O2 -c alt.c -o alt.n.o || exit 1
for f in io wm h2; do
	gcc -O2 -c $f.c -o $f.n.o || exit 1
done
for ld in bfd gold mold; do
	gcc -fuse-ld=$ld -Wl,--version >/dev/null 2>&1 || continue
	n="--defsym io_submit=alt_submit over IR ($ld)"
	gcc -O2 -fuse-ld=$ld -Wl,--defsym=io_submit=alt_submit wm.n.o io.n.o h2.n.o alt.n.o -o ref
	gcc -O2 -flto -fuse-ld=$ld -Wl,--defsym=io_submit=alt_submit wm.slim.o io.slim.o h2.slim.o alt.slim.o -o plain
	"$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$ld -Wl,--defsym=io_submit=alt_submit wm.slim.o io.slim.o h2.slim.o \
		alt.slim.o -o safe >safe.err 2>&1
	# gold of binutils 2.47 and mold 3.0 tell the plugin about the
	# --defsym (plain LTO 507); gold of 2.44, mold 2.37 and every ld.bfd
	# do not (measured in the toolchain matrix)
	p=$(./plain)
	if [ "$(./ref)" = 507 ] && { [ "$p" = 8 ] || { [ $ld != bfd ] && [ "$p" = 507 ]; }; } && [ "$(./safe)" = 507 ]; then
		pass "$n: without LTO 507, plain LTO $p, through lto-safe-cc 507"
	else
		fail "$n: without LTO 507, plain LTO 8, through lto-safe-cc 507" \
			"$(./ref) $p $(./safe): $(cat safe.err)"
	fi
done
