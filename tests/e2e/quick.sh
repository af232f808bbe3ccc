#!/bin/sh
# The front end's own decision (lib/quick.h): a link whose inputs carry no
# LTO IR runs the real tool without the link helper, once the caches know
# the driver's answers and the archives; every link that has something for
# lto-safe to do, or asks for something (rules, reports, notes, a bad
# setting), still goes to the helper.  The front end is copied beside a
# helper that logs each call and then runs the real one.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
mktmp
cd "$T" || exit 1
B=$(dirname "$LTO_SAFE_BIN")
mkdir -p bin libexec/lto-safe
cp "$LTO_SAFE_BIN" bin/lto-safe-cc
ln -s lto-safe-cc bin/lto-safe-ld
cat >libexec/lto-safe/lto-safe-link <<EOF
#!/bin/sh
echo "\$*" >>"$T/helper.log"
exec "$B/../libexec/lto-safe/lto-safe-link" "\$@"
EOF
chmod +x libexec/lto-safe/lto-safe-link
export LTO_SAFE_CACHE_DIR="$T/cache"
CC="$T/bin/lto-safe-cc"
: >helper.log

# calls: how many times the helper ran during CMD...
calls() {
	_before=$(wc -l <helper.log)
	"$@" >out.txt 2>err.txt
	_st=$?
	echo $(($(wc -l <helper.log) - _before))
	return $_st
}

# helper_runs NAME CMD...: the link works and went to the helper
helper_runs() {
	_name=$1
	shift
	_n=$(calls "$@")
	_st=$?
	if [ "$_st" = 0 ] && [ "$_n" = 1 ]; then pass "$_name"; else fail "$_name" "status $_st, helper ran $_n times
$(cat err.txt)"; fi
}

# quick NAME CMD...: the link works, silently, without the helper
quick() {
	_name=$1
	shift
	_n=$(calls "$@")
	_st=$?
	if [ "$_st" = 0 ] && [ "$_n" = 0 ] && [ ! -s err.txt ]; then pass "$_name"; else fail "$_name" "status $_st, helper ran $_n times
$(cat err.txt)"; fi
}

printf '#include <math.h>\n#include <stdio.h>\nint main(int c, char **v) { (void)v; printf("%%.3f\\n", sin(c)); return 0; }\n' >e.c
gcc -O2 -c e.c -o e.o || exit 1

# --- links with nothing to do ----------------------------------------------
helper_runs "first link: the helper learns the driver's answers" "$CC" gcc e.o -o first -lm -lpthread
quick "the same link again: no helper" "$CC" gcc e.o -o quick -lm -lpthread
gcc e.o -o plain -lm -lpthread
if cmp -s plain quick && [ "$(./quick)" = "0.841" ]; then
	pass "its output is the plain link's, byte for byte"
else
	fail "its output is the plain link's, byte for byte" "$(cmp plain quick 2>&1; ./quick 2>&1)"
fi
gcc -O2 -c e.c -o other.o
quick "another object of the same kind: no helper (nothing is keyed by the command)" \
	"$CC" gcc other.o -o other -lm
helper_runs "compile and link, first time: the helper (-O2 is another driver key)" "$CC" gcc -O2 e.c -o cl -lm
quick "compile and link without -flto again: no helper" "$CC" gcc -O2 e.c -o cl -lm
quick "ld -r: no helper" "$T/bin/lto-safe-ld" -r e.o -o r.o

# the environment the tool runs in is the one the helper gives it
cat >mycc <<'EOF'
#!/bin/sh
echo "${LTO_SAFE_ACTIVE:-unset}" >>active.log
exec gcc "$@"
EOF
chmod +x mycc
: >active.log
helper_runs "a new driver: the helper first" "$CC" "$T/mycc" e.o -o m1 -lm
: >active.log
quick "the new driver again: no helper" "$CC" "$T/mycc" e.o -o m2 -lm
if [ "$(sort -u active.log)" = 1 ]; then
	pass "the tool runs with LTO_SAFE_ACTIVE=1, as the helper runs it"
else
	fail "the tool runs with LTO_SAFE_ACTIVE=1, as the helper runs it" "$(cat active.log)"
fi
mkdir bdir
helper_runs "a -B directory: another driver key, the helper first" "$CC" gcc -B"$T/bdir" e.o -o b1 -lm
quick "the same -B directory again: no helper" "$CC" gcc -B"$T/bdir" e.o -o b2 -lm

# archives: known clean only after the helper walked them, and only when
# they were not changed within 2 seconds of that (cache.h)
gcc -O2 -c "$E2E_SRC/ir_tramp_impl.c" -o impl.o
ar rc libplain.a impl.o
sleep 3
helper_runs "a new archive: the helper walks it" "$CC" gcc e.o libplain.a -o a1 -lm
quick "the archive again, unchanged: no helper" "$CC" gcc e.o libplain.a -o a2 -lm

# --- links the helper must see -----------------------------------------------
gcc -O2 -flto -c "$E2E_SRC/ir_tramp_main.c" -o tramp.o
gcc -O2 -flto -c "$E2E_SRC/ir_tramp_impl.c" -o tramp_impl.o
gcc -O2 -flto -ffat-lto-objects -c "$E2E_SRC/ir_tramp_impl.c" -o tramp_fat.o
if gcc -O2 -flto tramp.o tramp_impl.o -o plain_lto 2>/dev/null; then
	fail "plain LTO of the trampoline fails (the case needs lto-safe)" "it linked"
else
	pass "plain LTO of the trampoline fails (the case needs lto-safe)"
fi
helper_runs "slim LTO objects: the helper" "$CC" gcc -O2 -flto tramp.o tramp_impl.o -o t1
[ "$(./t1 2>&1)" = "tramp(14) = 43" ] && pass "and the program works" || fail "and the program works" "$(./t1 2>&1)"
helper_runs "a fat LTO object among plain ones: the helper" "$CC" gcc -O2 -flto tramp.o tramp_fat.o -o t2
ar rc libplain.a tramp_fat.o
helper_runs "the archive rewritten with an LTO member: the helper again" \
	"$CC" gcc -O2 -flto tramp.o libplain.a -o t3
[ "$(./t3 2>&1)" = "tramp(14) = 43" ] && pass "and the program works" || fail "and the program works" "$(./t3 2>&1)"
printf 'INPUT(tramp_impl.o)\n' >lto.lds
helper_runs "a linker script naming an LTO object: the helper" "$CC" gcc -O2 -flto tramp.o lto.lds -o t4
printf 'INPUT(e.o)\n' >plain.lds
"$CC" gcc plain.lds -o s0 -lm >/dev/null 2>&1
quick "a linker script naming a plain object: no helper" "$CC" gcc plain.lds -o s1 -lm
helper_runs "compile and link with -flto: the helper" "$CC" gcc -O2 -flto e.c -o cl2 -lm

# --- settings and options that ask for something ---------------------------
helper_runs "LTO_SAFE_VERBOSE=1: the helper (it explains)" env LTO_SAFE_VERBOSE=1 "$CC" gcc e.o -o v -lm
LTO_SAFE_REPORT="$T/report.json" helper_runs "LTO_SAFE_REPORT: the helper" "$CC" gcc e.o -o r -lm
[ -s report.json ] && pass "and the report is written" || fail "and the report is written"
helper_runs "LTO_SAFE_KEEP: the helper" env LTO_SAFE_KEEP=main "$CC" gcc e.o -o k1 -lm
helper_runs "--lto-safe-keep=: the helper" "$CC" gcc e.o -o k2 -lm --lto-safe-keep=main
echo "--lto-safe-keep=main" >keep.rsp
helper_runs "--lto-safe-keep= in a response file: the helper" "$CC" gcc e.o -o k3 -lm @keep.rsp
helper_runs "LTO_SAFE_CACHE=0: the helper" env LTO_SAFE_CACHE=0 "$CC" gcc e.o -o c0 -lm
n=$(calls env LTO_SAFE_THREADS=abc "$CC" gcc e.o -o th -lm)
w=$(grep -c 'LTO_SAFE_THREADS=abc' err.txt)
if [ "$n" = 1 ] && [ "$w" = 1 ]; then
	pass "a bad setting: the helper, and one warning"
else
	fail "a bad setting: the helper, and one warning" "helper ran $n times, $w warnings
$(cat err.txt)"
fi

# --- clang ------------------------------------------------------------------
if command -v clang >/dev/null 2>&1; then
	clang -O2 -c e.c -o ce.o
	clang -O2 -flto -c e.c -o cbc.o
	"$CC" clang ce.o -o c1 -lm >/dev/null 2>&1
	quick "clang, a plain object, second link: no helper" "$CC" clang ce.o -o c2 -lm
	helper_runs "clang, a bitcode object: the helper" "$CC" clang -flto cbc.o -o c3 -lm
else
	skip "quick: clang cases" "clang missing"
fi
