#!/bin/sh
# End-to-end: faults and hostile conditions (issue 7).  In every case the
# status is the plain tool's (or the documented one), lto-safe says at most
# one clear line, nothing crashes and nothing is left behind.  Also:
# determinism of the command line, the retention object and the output.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
x86_64_only "x86-64 cases" || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
TMPDIR=$T/tmp
mkdir "$TMPDIR"
export TMPDIR
gcc -O2 -flto -c "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" "$S/ir_bad_main.c" "$S/ir_bad_lib.c" ||
	{ fail "faults: compile"; exit 0; }
W="tramp(14) = 43"
LINK="gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o"
# a program the plain link gets right (self-contained asm): faults added to
# it must not change the outcome
GOOD="ir_bad_main.o ir_bad_lib.o"

# nothing_left NAME: the temporary directory holds nothing
nothing_left() {
	if [ -z "$(ls -A "$TMPDIR")" ]; then
		pass "$1: no temporary file left"
	else
		fail "$1: no temporary file left" "$(ls -AR "$TMPDIR")"
		rm -rf "${TMPDIR:?}"/*
	fi
}

# like_plain NAME CMD...: CMD fails or works alike with and without
# lto-safe, with at most one lto-safe line
like_plain() {
	_n=$1
	shift
	"$@" >p.out 2>p.err
	_p=$?
	"$LTO_SAFE_BIN" "$@" >s.out 2>s.err
	_s=$?
	_l=$(grep -c '^lto-safe:' s.err)
	if [ $_p = $_s ] && [ "$_l" -le 1 ]; then
		pass "$_n: status $_p as plain, $_l lto-safe line(s)"
	else
		fail "$_n: status as plain, at most one lto-safe line" "plain $_p, lto-safe $_s:
$(cat s.err)"
	fi
	nothing_left "$_n"
}

# 1. Inputs that are not objects.
mkdir dir.o
like_plain "a directory as input" gcc -O2 -flto $GOOD dir.o -o x
head -c 4096 /dev/urandom >random.o
like_plain "random bytes as an object" gcc -O2 -flto $GOOD random.o -o x
printf '!<arch>\n' >empty.a
like_plain "an empty archive" gcc -O2 -flto $GOOD empty.a -o x
if gcc-ar rcs full.a ir_bad_lib.o 2>/dev/null; then
	n=$(wc -c <full.a)
	head -c $((n / 2)) full.a >half.a
	like_plain "an archive cut in half" gcc -O2 -flto ir_bad_main.o half.a -o x
fi
if [ "$(id -u)" = 0 ]; then
	skip "an unreadable input" "running as root, who reads everything"
else
	cp ir_bad_lib.o locked.o && chmod 000 locked.o
	like_plain "an unreadable input" gcc -O2 -flto ir_bad_main.o locked.o -o x
fi

# 2. A symbol name of a megabyte, defined in one LTO unit and called from
# the inline asm of another: kept, and the program runs.
BIG=$(head -c 1048576 /dev/zero | tr '\0' 'z')
{
	echo "int big_fn(int x) __asm__(\"$BIG\");"
	echo 'int big_fn(int x) { return x + 1; }'
} >big_impl.c
{
	echo '#include <stdio.h>'
	echo 'int main(void) { int r, x = 41;'
	echo "asm volatile(\"call $BIG\" : \"=a\"(r), \"+D\"(x) : : \"rcx\", \"rdx\", \"rsi\", \"r8\", \"r9\", \"r10\", \"r11\", \"cc\", \"memory\");"
	printf '%s\n' 'printf("%d\n", r); return 0; }'
} >big_main.c
if gcc -O2 -flto -c big_impl.c big_main.c 2>/dev/null; then
	if LTO_SAFE_REPORT=big.json "$LTO_SAFE_BIN" gcc -O2 -flto big_main.o big_impl.o -o big 2>big.err &&
		[ "$(./big)" = 42 ] && grep -q "\"symbol\":\"$(printf '%.64s' "$BIG")" big.json; then
		pass "a symbol name of 1 MiB: kept, the program runs"
	else
		fail "a symbol name of 1 MiB: kept, the program runs" "$(head -c 2000 big.err)"
	fi
	nothing_left "a symbol name of 1 MiB"
else
	skip "a symbol name of 1 MiB" "gcc cannot compile it"
fi

# 3. 100,000 inputs through a response file (lld: ld.bfd takes a minute).
if command -v clang >/dev/null 2>&1 && clang -fuse-ld=lld -Wl,--version >/dev/null 2>&1; then
	echo 'static int unused_here;' >tiny.c && clang -c tiny.c -o tiny.o &&
		clang -O2 -flto -c "$S/ir_inl_main.c" "$S/ir_inl_impl.c"
	i=0
	while [ $i -lt 100 ]; do echo tiny.o; i=$((i + 1)); done >100.rsp
	i=0
	while [ $i -lt 1000 ]; do echo @100.rsp; i=$((i + 1)); done >many.rsp
	if "$LTO_SAFE_BIN" clang -fuse-ld=lld -O2 -flto ir_inl_main.o ir_inl_impl.o @many.rsp -o many 2>many.err &&
		[ "$(./many)" = "inl_target(9) = 65" ]; then
		pass "100,000 inputs through response files: linked and kept"
	else
		fail "100,000 inputs through response files: linked and kept" "$(head -20 many.err)"
	fi
	nothing_left "100,000 inputs"
else
	skip "100,000 inputs through response files" "clang or lld missing"
fi

# 3b. Response files past lto-safe's limits: a device that never ends, and
# files that each name the next one twice (2^24 reads).  One warning, then
# the plain tool reads them its own way.
like_plain "an endless response file (@/dev/zero)" gcc -O2 -flto $GOOD @/dev/zero -o x
if [ "$(grep "^lto-safe:" s.err)" = "lto-safe: warning: response file /dev/zero: more than 64 MiB of response files; running the plain link" ]; then
	pass "an endless response file: the warning names it"
else
	fail "an endless response file: the warning names it" "$(cat s.err)"
fi
echo '-O2' >r24.rsp
i=23
while [ $i -ge 0 ]; do echo "@r$((i + 1)).rsp @r$((i + 1)).rsp" >r$i.rsp; i=$((i - 1)); done
like_plain "response files read 2^24 times" gcc -O2 -flto $GOOD @r0.rsp -o x
if grep -q '^lto-safe: warning: response file r[0-9]*.rsp: more than 2000 response files; running the plain link$' s.err; then
	pass "response files read 2^24 times: the warning says so"
else
	fail "response files read 2^24 times: the warning says so" "$(cat s.err)"
fi

# 4. A temporary directory that cannot be used: one warning, the plain link.
for bad in "$T/no/such/dir" "$T/file-not-dir"; do
	: >"$T/file-not-dir"
	TMPDIR=$bad "$LTO_SAFE_BIN" $LINK -o x >p.out 2>tmp.err
	st=$?
	$LINK -o y >/dev/null 2>&1
	pst=$?
	if [ $st = $pst ] && [ "$(grep -c '^lto-safe: warning:.*temporary directory' tmp.err)" = 1 ]; then
		pass "TMPDIR=$(basename "$bad"): one warning, the plain link's status $pst"
	else
		fail "TMPDIR=$(basename "$bad"): one warning, the plain link's status" "status $st (plain $pst): $(cat tmp.err)"
	fi
done
# a full one: a 64 KiB tmpfs, when this machine lets us mount it
mkdir full
if mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
	head -c 60000 /dev/zero >full/filler 2>/dev/null
	i=0
	while [ $i -lt 200 ]; do echo "$(printf 'keep_name_%04d' $i)"; i=$((i + 1)); done >many-rules.txt
	TMPDIR=$T/full LTO_SAFE_KEEP_FILE=many-rules.txt "$LTO_SAFE_BIN" $LINK -o x 2>full.err
	st=$?
	TMPDIR=$T/full $LINK -o y 2>plain-full.err
	pst=$?
	if [ $st = $pst ] && [ -s full.err ] && { [ $st != 0 ] || [ "$(./x)" = "$W" ]; }; then
		pass "a full TMPDIR: the status of the plain link ($pst), with messages"
	else
		fail "a full TMPDIR: the status of the plain link, with messages" "status $st (plain $pst): $(cat full.err)"
	fi
	rm -f full/filler
	if [ -z "$(ls -A full)" ]; then pass "a full TMPDIR: nothing left"; else fail "a full TMPDIR: nothing left" "$(ls -A full)"; fi
	umount full
else
	skip "a full TMPDIR" "cannot mount a small tmpfs here"
fi

# 5. The real tool missing, crashing, killed.
LTO_SAFE_CC=no-such-gcc-here "$LTO_SAFE_BIN" -O2 -flto ir_tramp_main.o ir_tramp_impl.o -o x 2>miss.err
st=$?
if [ $st = 127 ] && grep -q "no-such-gcc-here" miss.err; then
	pass "a missing real tool: status 127 and its name"
else
	fail "a missing real tool: status 127 and its name" "status $st: $(cat miss.err)"
fi
printf '#!/bin/sh\ncase "$*" in *-print-*|*-dumpmachine*|*--version*) exec gcc "$@";; esac\nkill -SEGV $$\n' >crashcc
chmod +x crashcc
"$LTO_SAFE_BIN" ./crashcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o -o x 2>crash.err
st=$?
if [ $st = 139 ]; then pass "a real tool that crashes: the same signal (status 139)"; else fail "a real tool that crashes: the same signal" "status $st: $(cat crash.err)"; fi
nothing_left "a real tool that crashes"

# 6. SIGINT to lto-safe in the middle of a link.
printf '#!/bin/sh\ncase "$*" in *-print-*|*-dumpmachine*|*--version*) exec gcc "$@";; esac\ntrap "exit 130" INT\n: >started\nsleep 10 & wait\n' >slowcc
chmod +x slowcc
# (a command started with & in a script ignores SIGINT: python resets it)
if ! command -v python3 >/dev/null 2>&1; then
	skip "SIGINT mid-link" "python3 missing"
else
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
	"$LTO_SAFE_BIN" ./slowcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o -o x 2>/dev/null &
pid=$!
i=0
while [ ! -f started ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid
wait $pid
st=$?
if [ $st = 130 ]; then pass "SIGINT mid-link: status 130"; else fail "SIGINT mid-link: status 130" "status $st"; fi
nothing_left "SIGINT mid-link"
fi
# a reader of the verbose output that stops early (| grep -q, | head):
# lto-safe ends by SIGPIPE as any tool would, and leaves nothing behind
# (python: a shell may have SIGPIPE ignored, which lto-safe keeps)
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import os, signal, sys; signal.signal(signal.SIGPIPE, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
		"$LTO_SAFE_BIN" $LINK -o x 2>&1 </dev/null | head -c 1 >/dev/null
	LTO_SAFE_VERBOSE=1 python3 -c 'import os, signal, sys; signal.signal(signal.SIGPIPE, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
		"$LTO_SAFE_BIN" $LINK -o x 2>&1 </dev/null | head -c 1 >/dev/null
	nothing_left "a reader of the verbose output that stops early (SIGPIPE)"
fi

# 7. 32 links at once in one directory.
i=0
while [ $i -lt 32 ]; do
	"$LTO_SAFE_BIN" $LINK -o par$i 2>par$i.err &
	i=$((i + 1))
done
wait
bad=
i=0
while [ $i -lt 32 ]; do
	[ "$(./par$i 2>&1)" = "$W" ] || bad="$bad par$i"
	i=$((i + 1))
done
if [ -z "$bad" ]; then pass "32 concurrent links: all work"; else fail "32 concurrent links: all work" "broken:$bad $(cat par*.err)"; fi
nothing_left "32 concurrent links"

# 8. Arguments with spaces, quotes, a newline and bytes that are not UTF-8.
NAME=$(printf 'out put "q" '"'"'s'"'"'\nline\377')
SRC=$(printf 'tramp impl \342\200\231s.o')
cp ir_tramp_impl.o "$SRC"
if "$LTO_SAFE_BIN" gcc -O2 -flto -DUNUSED="a b" ir_tramp_main.o "$SRC" -o "$NAME" 2>odd.err &&
	[ "$("./$NAME")" = "$W" ]; then
	pass "odd bytes in arguments and file names"
else
	fail "odd bytes in arguments and file names" "$(cat odd.err)"
fi
nothing_left "odd bytes in arguments"

# 9. Determinism: from two directories, with different environments and
# thread counts, the final command line and the retention object are the
# same bytes, and so is the program.
printf '#!/bin/sh\nfor a in "$@"; do case "$a" in */keep.o) cp "$a" "$KEEP_COPY";; esac; done\nexec gcc "$@"\n' >"$T/copycc"
chmod +x "$T/copycc"
for d in d1 d2; do
	mkdir $d && cp ir_tramp_main.o ir_tramp_impl.o $d/
done
(cd d1 && KEEP_COPY=$T/keep1.o LTO_SAFE_THREADS=1 LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" "$T/copycc" -O2 -flto ir_tramp_main.o ir_tramp_impl.o -o app 2>"$T/v1")
(cd d2 && KEEP_COPY=$T/keep2.o LTO_SAFE_THREADS=8 LTO_SAFE_VERBOSE=1 LC_ALL=C FOO=bar "$LTO_SAFE_BIN" "$T/copycc" -O2 -flto ir_tramp_main.o ir_tramp_impl.o -o app 2>"$T/v2")
r1=$(grep '^lto-safe: running:' v1)
r2=$(grep '^lto-safe: running:' v2)
if [ -n "$r1" ] && [ "$r1" = "$r2" ]; then
	pass "determinism: the same final command line"
else
	fail "determinism: the same final command line" "$r1
$r2"
fi
if [ -s keep1.o ] && cmp -s keep1.o keep2.o; then
	pass "determinism: the same retention object"
else
	fail "determinism: the same retention object" "$(ls -l keep1.o keep2.o 2>&1)"
fi
if [ -s d1/app ] && cmp -s d1/app d2/app; then
	pass "determinism: the same program"
else
	fail "determinism: the same program" "$(ls -l d1/app d2/app 2>&1)"
fi
nothing_left "determinism"
