#!/bin/sh
# shellcheck disable=SC2046 # line and its $(...) are split into arguments on purpose
# End-to-end: ld run directly on GCC LTO objects, without the plugin
# (issue 30, part 2; lib/ldplugin.h), as criu, grub2, xen and uftrace's
# arch object do:
#   ld -o prog crt1.o crti.o foo.o m.o -lc crtn.o
# Plainly, ld says "plugin needed to handle lto object" and the link fails.
# Through lto-safe-ld and a masquerade ld (also ld.gold, ld.mold and
# aarch64-linux-gnu-ld under qemu) it gets the plugin and lto-wrapper of the
# GCC that wrote the IR (gcc-N, N the default gcc's version, or another
# installed GCC) and works; a function only asm text calls is kept too.
# IR of two GCCs, no such GCC on PATH and ld.lld give one error line.  Fat
# objects and objects without IR link as before, byte for byte.  ld -r: IR
# alone stays as it was; IR with a regular object, which plain ld -r turns
# into an object whose machine code a later LTO link loses, is compiled as
# gcc -r -flto does.  Each case is run without lto-safe too.
. "$(dirname "$0")/lib.sh"
need gcc gcc-ar ld || exit 0
x86_64_only "x86-64 links" || exit 0
# the default gcc's version, and another installed GCC (OTHER, or none)
N=$(gcc -dumpversion | cut -d. -f1)
need gcc-"$N" || exit 0
OTHER=
for v in 16 15 14 13 12 11 10; do
	if [ "$v" != "$N" ] && command -v gcc-$v >/dev/null 2>&1; then
		OTHER=$v
		break
	fi
done
mktmp
cd "$T" || exit 1
LD_SAFE=$(dirname "$LTO_SAFE_BIN")/lto-safe-ld
mkdir masq
for n in ld ld.gold ld.mold aarch64-linux-gnu-ld; do
	ln -s "$LTO_SAFE_BIN" "masq/$n"
done

cat >foo.c <<'EOF'
int foo(int x) { return 3 * x + 1; }
EOF
cat >m.c <<'EOF'
#include <stdio.h>
int foo(int);
int main(void) { printf("foo(14) = %d\n", foo(14)); return 0; }
EOF
cat >bar.c <<'EOF'
int bar(int x) { return x + 100; }
EOF
cat >m2.c <<'EOF'
#include <stdio.h>
int foo(int);
int bar(int);
int main(void) { printf("%d\n", foo(14) + bar(1)); return 0; }
EOF
# bar in assembly, as uftrace's arch objects (uftrace#1927: ld -r of them
# and C objects, then an LTO link that misses the assembly functions)
cat >bar_asm.S <<'EOF'
	.text
	.globl bar
	.type bar, @function
bar:
	leal 100(%rdi), %eax
	ret
	.size bar, .-bar
	.section .note.GNU-stack,"",@progbits
EOF
W="foo(14) = 43"

# the C start files and library directory, as the driver finds them
CRT1=$(gcc -print-file-name=crt1.o) CRTI=$(gcc -print-file-name=crti.o) CRTN=$(gcc -print-file-name=crtn.o)
LIBDIR=$(dirname "$CRT1")
DYN=/lib64/ld-linux-x86-64.so.2
# line OUT OBJS...: the arguments of a direct link of a C program
line() {
	_o=$1
	shift
	echo "-o $_o -dynamic-linker $DYN $CRT1 $CRTI $* -L$LIBDIR -lc $CRTN"
}

if ! { gcc-$N -O2 -flto -c foo.c m.c bar.c m2.c &&
	gcc-$N -O2 -flto -ffat-lto-objects -c foo.c -o foo_fat.o &&
	gcc-$N -O2 -flto -ffat-lto-objects -c m.c -o m_fat.o &&
	gcc-$N -O2 -c foo.c -o foo_plain.o && gcc-$N -O2 -c m.c -o m_plain.o &&
	gcc-$N -O2 -c bar.c -o bar_plain.o && gcc-$N -c bar_asm.S && gcc-ar rcs libfoo.a foo.o; }; then
	fail "ld_direct: compile"
	exit 0
fi

# plain_fails NAME CMD...: the command fails, for the IR ld cannot read
plain_fails() {
	_n=$1
	shift
	if "$@" >plain.err 2>&1; then
		fail "$_n: plain ld fails" "it linked: the test proves nothing"
	elif grep -q "plugin needed to handle lto object\|handle this LTO object\|undefined reference\|undefined symbol" plain.err; then
		pass "$_n: plain ld fails"
	else
		fail "$_n: plain ld fails" "not for the IR: $(cat plain.err)"
	fi
}

# works NAME WANT PROG CMD...: the command links PROG, which prints WANT,
# with no lto-safe message
works() {
	_n=$1 _w=$2 _p=$3
	shift 3
	rm -f "$_p"
	if ! "$@" >safe.err 2>&1; then
		fail "$_n: through lto-safe" "$(cat safe.err)"
	elif [ "$(./"$_p" 2>&1)" != "$_w" ]; then
		fail "$_n: through lto-safe" "want '$_w', got '$(./"$_p" 2>&1)'"
	elif grep -q '^lto-safe' safe.err; then
		fail "$_n: through lto-safe" "lto-safe said: $(cat safe.err)"
	else
		pass "$_n: through lto-safe, $_p prints '$_w'"
	fi
}

# one_error NAME STATUS WORDS...: the last command (safe.err, status STATUS)
# failed with exactly one lto-safe line, an error holding each of WORDS
one_error() {
	_n=$1 _st=$2
	shift 2
	_l=$(grep '^lto-safe' safe.err)
	_ok=1
	for _w in "$@" " -flto -nostdlib "; do
		case $_l in *"$_w"*) ;; *) _ok=0 ;; esac
	done
	if [ "$_st" = 0 ]; then
		fail "$_n: one error line" "the link worked"
	elif [ "$(grep -c '^lto-safe' safe.err)" != 1 ] || [ "${_l#lto-safe: error: }" = "$_l" ] || [ $_ok = 0 ]; then
		fail "$_n: one error line" "$(cat safe.err)"
	else
		pass "$_n: one error line ($(echo "$_l" | cut -c1-90)...)"
	fi
}

# 1. slim objects of gcc-$N, through lto-safe-ld and the masquerade ld
plain_fails "slim gcc-$N" ld $(line p1 foo.o m.o)
works "slim gcc-$N, lto-safe-ld" "$W" p1 "$LD_SAFE" $(line p1 foo.o m.o)
works "slim gcc-$N, masquerade ld" "$W" p1 env PATH="$T/masq:$PATH" ld $(line p1 foo.o m.o)
# (into a file: a pipe to grep -q could end lto-safe with SIGPIPE)
LTO_SAFE_VERBOSE=1 "$LD_SAFE" $(line p1 foo.o m.o) >safe.err 2>&1
if grep -q "no LTO plugin: adding the plugin of .*/gcc-$N " safe.err; then
	pass "slim gcc-$N: the verbose note names gcc-$N"
else
	fail "slim gcc-$N: the verbose note names gcc-$N" "$(cat safe.err)"
fi
# the IR in an archive (gcc-ar's index lists its names)
plain_fails "slim gcc-$N archive member" ld $(line p1 m.o -L. -lfoo)
works "slim gcc-$N archive member" "$W" p1 "$LD_SAFE" $(line p1 m.o -L. -lfoo)
# gold and mold load GCC's plugin too
for l in gold mold; do
	if ! command -v ld.$l >/dev/null 2>&1; then
		skip "slim gcc-$N, ld.$l" "ld.$l missing"
		continue
	fi
	plain_fails "slim gcc-$N, ld.$l" ld.$l $(line p1 foo.o m.o)
	works "slim gcc-$N, masquerade ld.$l" "$W" p1 env PATH="$T/masq:$PATH" ld.$l $(line p1 foo.o m.o)
done

# 2. A gcc driver running the masquerade ld gives its own plugin: nothing added
if LTO_SAFE_VERBOSE=1 gcc-$N -O2 -flto -B"$T/masq/" foo.o m.o -o p2 >safe.err 2>&1 && [ "$(./p2)" = "$W" ] &&
	grep -q '^lto-safe: link of p2' safe.err && ! grep -q 'no LTO plugin' safe.err; then
	pass "gcc -flto with the masquerade ld: the driver's plugin, nothing added"
else
	fail "gcc -flto with the masquerade ld: the driver's plugin, nothing added" "$(cat safe.err)"
fi

# 3. The plugin, and what LTO would drop: a function only asm text calls
# (what collect2 gives ld: the plugin, lto-wrapper, a resolution file)
S=$E2E_SRC
gcc-$N -O2 -flto -c "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c"
D=$(dirname "$(gcc-$N -print-prog-name=lto-wrapper)")
plain_fails "asm trampoline" ld $(line p3 ir_tramp_main.o ir_tramp_impl.o)
if COLLECT_GCC=gcc-$N COLLECT_GCC_OPTIONS="'-flto'" ld -plugin "$D/liblto_plugin.so" -plugin-opt="$D/lto-wrapper" \
	-plugin-opt=-fresolution=p3.res $(line p3 ir_tramp_main.o ir_tramp_impl.o) >plain.err 2>&1; then
	fail "asm trampoline: ld with the plugin given by hand loses target_impl" "it linked"
elif grep -q "undefined reference to .target_impl" plain.err; then
	pass "asm trampoline: ld with the plugin given by hand loses target_impl"
else
	fail "asm trampoline: ld with the plugin given by hand loses target_impl" "$(cat plain.err)"
fi
works "asm trampoline" "tramp(14) = 43" p3 "$LD_SAFE" $(line p3 ir_tramp_main.o ir_tramp_impl.o)

# 4. gcc-$OTHER's IR gets gcc-$OTHER's plugin; with gcc-$N's IR, one error line
if [ -n "$OTHER" ]; then
	gcc-$OTHER -O2 -flto -c foo.c -o foo$OTHER.o && gcc-$OTHER -O2 -flto -c m.c -o m$OTHER.o
	plain_fails "slim gcc-$OTHER" ld $(line p4 foo$OTHER.o m$OTHER.o)
	works "slim gcc-$OTHER, masquerade ld" "$W" p4 env PATH="$T/masq:$PATH" ld $(line p4 foo$OTHER.o m$OTHER.o)
	LTO_SAFE_VERBOSE=1 "$LD_SAFE" $(line p4 foo$OTHER.o m$OTHER.o) >safe.err 2>&1
	if grep -q "adding the plugin of .*/gcc-$OTHER " safe.err; then
		pass "slim gcc-$OTHER: the plugin of gcc-$OTHER"
	else
		fail "slim gcc-$OTHER: the plugin of gcc-$OTHER" "$(cat safe.err)"
	fi
	plain_fails "gcc-$OTHER and gcc-$N IR" ld $(line p4 foo$OTHER.o m.o)
	"$LD_SAFE" $(line p4 foo$OTHER.o m.o) >safe.err 2>&1
	one_error "gcc-$OTHER and gcc-$N IR" $? "GCC $OTHER LTO IR (foo$OTHER.o)" "GCC $N LTO IR (m.o)"
	# strict: the error alone, the linker not run
	LTO_SAFE_STRICT=1 "$LD_SAFE" $(line p4 foo$OTHER.o m.o) >safe.err 2>&1
	st=$?
	if [ $st = 1 ] && [ "$(wc -l <safe.err)" = 1 ]; then
		pass "gcc-$OTHER and gcc-$N IR, LTO_SAFE_STRICT=1: status 1, the linker not run"
	else
		fail "gcc-$OTHER and gcc-$N IR, LTO_SAFE_STRICT=1: status 1, the linker not run" "status $st: $(cat safe.err)"
	fi
else
	skip "ld_direct: cases with another GCC" "no gcc-N other than gcc-$N installed"
fi

# 5. No GCC with a plugin on PATH, and lld (which loads no GCC plugin)
mkdir onlyld && ln -s "$(command -v ld)" onlyld/ld
plain_fails "no gcc on PATH" env PATH="$T/onlyld" ld $(line p5 foo.o m.o)
env PATH="$T/onlyld" "$LD_SAFE" $(line p5 foo.o m.o) >safe.err 2>&1
one_error "no gcc on PATH" $? "GCC $N LTO IR (foo.o and 1 more)" "no gcc-$N or gcc"
if command -v ld.lld >/dev/null 2>&1; then
	plain_fails "ld.lld" ld.lld $(line p5 foo.o m.o)
	LTO_SAFE_LD=ld.lld "$LD_SAFE" $(line p5 foo.o m.o) >safe.err 2>&1
	one_error "ld.lld" $? "ld.lld is given GCC $N LTO IR"
else
	skip "ld_direct: ld.lld" "ld.lld missing"
fi

# same NAME OUT ARGS...: ld ARGS and lto-safe-ld ARGS (OUT named in ARGS)
# give the same file, byte for byte, and the dry run shows the plain command
same() {
	_n=$1 _o=$2
	shift 2
	rm -f "$_o"
	if ! ld "$@" >plain.err 2>&1; then
		fail "$_n: plain ld links" "$(cat plain.err)"
		return
	fi
	mv "$_o" "$_o.plain"
	_dry=$("$LD_SAFE" --lto-safe-dry-run "$@" 2>&1)
	if ! "$LD_SAFE" "$@" >safe.err 2>&1; then
		fail "$_n: through lto-safe, byte-identical" "$(cat safe.err)"
	elif ! cmp -s "$_o" "$_o.plain"; then
		fail "$_n: through lto-safe, byte-identical" "$_o differs"
	elif [ "$_dry" != "$(command -v ld) $*" ] || [ -s safe.err ]; then
		fail "$_n: through lto-safe, byte-identical" "the command: $_dry; said: $(cat safe.err)"
	else
		pass "$_n: plain ld links; through lto-safe the plain command, byte-identical"
	fi
}

# 6. Fat objects link their machine code as before; no IR, as before
same "fat gcc-$N" p6 $(line p6 foo_fat.o m_fat.o)
same "no IR" p6 $(line p6 foo_plain.o m_plain.o)

# 7. ld -r.  IR alone stays IR (which a later LTO link reads), as before.
same "ld -r of slim objects" r7.o -r -o r7.o foo.o bar.o
if gcc-$N -flto m2.o r7.o -o p7 && [ "$(./p7)" = 144 ]; then
	pass "ld -r of slim objects: a later LTO link reads it"
else
	fail "ld -r of slim objects: a later LTO link reads it"
fi
same "ld -r without IR" r7.o -r -o r7.o foo_plain.o bar_plain.o
# IR with a regular object: plain ld -r of binutils 2.40 makes an object
# whose machine code a later LTO link loses (the plugin claims it whole);
# binutils 2.44's later link keeps it (measured in the toolchain matrix).
# Through lto-safe, GCC compiles the IR into it (as gcc -r -flto:
# -flinker-output=nolto-rel)
BINUTILS=$(ld --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')
for pair in "foo.o bar_asm.o" "foo_fat.o bar_plain.o"; do
	rm -f r8.o
	ld -r -o r8.o $pair
	if gcc-$N -flto m2.o r8.o -o p8 >plain.err 2>&1; then
		case $BINUTILS in
		2.[0-9] | 2.[0-9].* | 2.[1-3][0-9] | 2.[1-3][0-9].* | 2.40 | 2.40.*)
			fail "ld -r of $pair: plain, a later LTO link loses bar" "it linked: $(./p8)" ;;
		*)
			skip "ld -r of $pair: plain, a later LTO link loses bar" "binutils $BINUTILS keeps it" ;;
		esac
	elif grep -q "undefined reference to .bar" plain.err; then
		pass "ld -r of $pair: plain, a later LTO link loses bar"
	else
		fail "ld -r of $pair: plain, a later LTO link loses bar" "$(cat plain.err)"
	fi
	rm -f r8.o
	if env PATH="$T/masq:$PATH" ld -r -o r8.o $pair >safe.err 2>&1 &&
		gcc-$N -flto m2.o r8.o -o p8 && [ "$(./p8)" = 144 ] && ! grep -q '^lto-safe' safe.err; then
		pass "ld -r of $pair: through the masquerade ld, the later LTO link works"
	else
		fail "ld -r of $pair: through the masquerade ld, the later LTO link works" "$(cat safe.err)"
	fi
done

# 8. aarch64 through the masquerade aarch64-linux-gnu-ld, under qemu
X=aarch64-linux-gnu
A=/usr/$X/lib
if command -v $X-gcc-$N >/dev/null 2>&1 && command -v $X-ld >/dev/null 2>&1 &&
	command -v qemu-aarch64 >/dev/null 2>&1 && [ -f $A/crt1.o ]; then
	$X-gcc-$N -O2 -flto -c foo.c -o a64foo.o && $X-gcc-$N -O2 -flto -c m.c -o a64m.o
	set -- -o p9 -dynamic-linker /lib/ld-linux-aarch64.so.1 $A/crt1.o $A/crti.o a64foo.o a64m.o -L$A -lc $A/crtn.o
	plain_fails "aarch64" $X-ld "$@"
	rm -f p9
	if env PATH="$T/masq:$PATH" $X-ld "$@" >safe.err 2>&1 && [ "$(qemu-aarch64 -L /usr/$X ./p9)" = "$W" ]; then
		pass "aarch64: through the masquerade $X-ld, the plugin of $X-gcc-$N"
	else
		fail "aarch64: through the masquerade $X-ld, the plugin of $X-gcc-$N" "$(cat safe.err)"
	fi
else
	skip "ld_direct: aarch64" "$X-gcc-$N, $X-ld, qemu-aarch64 or the aarch64 C library missing"
fi
