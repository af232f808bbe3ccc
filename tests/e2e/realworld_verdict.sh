#!/bin/sh
# End-to-end: tests/realworld/verdict.sh, what make realworld reads from a
# package build's log, on losses made by real LTO links (the examples of
# realworld_compare.sh) and reported by the real tools:
#   rv1 dpkg-gensymbols against the reference's symbols file, on rc1's
#       library (plain LTO loses foo@VERS_1 and bar@VERS_1): "symbols lost
#       (2)" for plain LTO, "ok" through lto-safe-cc
#   rv2 the package's tests: rc2's program (plain LTO drops its registration
#       entries) tested by each harness the rows read (ctest through "make
#       test", meson test, automake's make check, DejaGnu's runtest), two
#       tests each, one of them seeing the entries: 2/2 for the reference,
#       1/2 for plain LTO, 2/2 through lto-safe-cc
#   rv3 the harnesses of libaio and zlib (their lines from Debian 12's
#       logs), and the fallbacks: tests not run, failed, passed
. "$(dirname "$0")/lib.sh"
need gcc readelf || exit 0
x86_64_only "asm cases" || exit 0
. "$ROOT/tests/realworld/verdict.sh"
S=$E2E_SRC
mktmp
cd "$T" || exit 1
mkdir ref lto safe
HAVE_SAFE=0
[ -x "$LTO_SAFE_BIN" ] && HAVE_SAFE=1

# same NAME GOT WANT [DETAILS]
same() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got \"$2\", want \"$3\"${4:+
$4}"; fi
}

# --- rv1: dpkg-gensymbols -----------------------------------------------------
# The way dh_makeshlibs runs it: the package's symbols file (here the
# reference build's) against the library the build installed.
gensymbols() {  # LIBRARY LOG: status of dpkg-gensymbols, its output in LOG
	rm -rf pkg && mkdir -p pkg/usr/lib && cp "$1" pkg/usr/lib/libsv.so.1
	dpkg-gensymbols -plibsv1 -Ppkg -v1.1 -Iref.symbols -O"$2.symbols" >"$2" 2>&1
}
if command -v dpkg-gensymbols >/dev/null 2>&1; then
	PARTS="--param=lto-min-partition=1 --param=lto-partitions=16"
	MAP="-Wl,--version-script=$S/rc_symver.map -Wl,-soname,libsv.so.1"
	mkdir debian
	printf 'Source: sv\n\nPackage: libsv1\nArchitecture: any\n' > debian/control
	printf 'sv (1.1) unstable; urgency=low\n\n  * rv1\n\n -- lto-safe <t@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n' > debian/changelog
	gcc -O2 -fPIC -shared "$S/rc_symver.c" $MAP -o ref/libsv.so &&
		gcc -O2 -flto -fPIC -c "$S/rc_symver.c" -o sv.o &&
		gcc -O2 -flto -shared $PARTS sv.o $MAP -o lto/libsv.so 2>/dev/null
	rm -rf pkg && mkdir -p pkg/usr/lib && cp ref/libsv.so pkg/usr/lib/libsv.so.1
	dpkg-gensymbols -plibsv1 -Ppkg -v1.0 -Oref.symbols >/dev/null 2>&1
	if grep -q ' foo@VERS_1 ' ref.symbols && ! readelf -W --dyn-syms lto/libsv.so | grep -q ' foo@VERS_1$'; then
		pass "rv1 the reference's symbols file has foo@VERS_1, plain LTO's library does not"
	else
		fail "rv1 the reference's symbols file has foo@VERS_1, plain LTO's library does not" \
			"$(cat ref.symbols; readelf -W --dyn-syms lto/libsv.so)"
	fi
	gensymbols ref/libsv.so ref.log
	same "rv1 the reference against its own symbols" "$(result $? ref.log)" ok "$(cat ref.log)"
	gensymbols lto/libsv.so lto.log
	same "rv1 plain LTO: symbols lost (2)" "$(result $? lto.log)" "symbols lost (2)" "$(cat lto.log)"
	if [ $HAVE_SAFE = 1 ]; then
		"$LTO_SAFE_BIN" gcc -O2 -flto -shared $PARTS sv.o $MAP -o safe/libsv.so 2>/dev/null
		gensymbols safe/libsv.so safe.log
		same "rv1 lto-safe-cc: ok" "$(result $? safe.log)" ok "$(cat safe.log)"
	else
		skip "rv1 through lto-safe-cc" "$LTO_SAFE_BIN not built"
	fi
	# dpkg-gensymbols at a check level that only warns: the build succeeds
	same "rv1 a build that only warned: ok, 2 symbols lost" "$(result 0 lto.log)" "ok, 2 symbols lost"
else
	skip "rv1 dpkg-gensymbols" "dpkg-gensymbols missing (dpkg-dev)"
fi

# --- rv2: the package's tests -------------------------------------------------
gcc -O2 "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o ref/reg &&
	gcc -O2 -flto "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o lto/reg
if [ $HAVE_SAFE = 1 ]; then
	"$LTO_SAFE_BIN" gcc -O2 -flto "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o safe/reg
else
	skip "rv2 through lto-safe-cc" "$LTO_SAFE_BIN not built"
fi
same "rv2 plain LTO drops the entries" "$(./ref/reg) / $(./lto/reg)" "2 entries / 0 entries"
# check.sh TEST: "runs" passes when $PROG runs, "entries" when it sees both
cat > check.sh <<'EOF'
case $1 in
runs) "$PROG" >/dev/null ;;
entries) [ "$("$PROG")" = "2 entries" ] ;;
esac
EOF
CHECK=$T/check.sh
export CHECK

# counts HARNESS COMMAND...: run COMMAND (in the harness's build directory)
# with PROG set to each build's program; tests() on each log
counts() {
	_h=$1
	shift
	_st_ref='' _st_lto='' _st_safe=''
	for _b in ref lto safe; do
		[ -x "$T/$_b/reg" ] || continue
		(PROG=$T/$_b/reg && export PROG && "$@") >"$T/$_h.$_b.log" 2>&1
		eval "_st_$_b=$?"
	done
	same "rv2 $_h: the reference 2/2" "$(tests "$T/$_h.ref.log" "$_st_ref")" 2/2 "$(cat "$T/$_h.ref.log")"
	same "rv2 $_h: plain LTO 1/2" "$(tests "$T/$_h.lto.log" "$_st_lto")" 1/2 "$(cat "$T/$_h.lto.log")"
	[ -x "$T/safe/reg" ] &&
		same "rv2 $_h: lto-safe-cc 2/2" "$(tests "$T/$_h.safe.log" "$_st_safe")" 2/2 "$(cat "$T/$_h.safe.log")"
}

if command -v cmake >/dev/null 2>&1 && command -v make >/dev/null 2>&1; then
	mkdir cm && cat > cm/CMakeLists.txt <<'EOF'
cmake_minimum_required(VERSION 3.10)
project(rv NONE)
enable_testing()
add_test(NAME runs COMMAND sh $ENV{CHECK} runs)
add_test(NAME entries COMMAND sh $ENV{CHECK} entries)
EOF
	(cd cm && cmake -S . -B b >/dev/null 2>&1)
	counts ctest make -C "$T/cm/b" test
	same "rv2 ctest: plain LTO's failed test is a failed build" "$(result "$_st_lto" "$T/ctest.lto.log")" "tests failed"
else
	skip "rv2 ctest" "cmake missing"
fi

if command -v meson >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
	mkdir me && cat > me/meson.build <<'EOF'
project('rv')
sh = find_program('sh')
check = run_command('sh', '-c', 'echo $CHECK', check: true).stdout().strip()
test('runs', sh, args: [check, 'runs'])
test('entries', sh, args: [check, 'entries'])
EOF
	(cd me && meson setup b >/dev/null 2>&1)
	counts meson meson test -C "$T/me/b"
else
	skip "rv2 meson" "meson or ninja missing"
fi

if command -v autoreconf >/dev/null 2>&1 && command -v automake >/dev/null 2>&1; then
	mkdir am && cd am || exit 1
	cat > configure.ac <<'EOF'
AC_INIT([rv], [1])
AM_INIT_AUTOMAKE([foreign])
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
EOF
	printf '#!/bin/sh\nexec sh "$CHECK" runs\n' > runs.test
	printf '#!/bin/sh\nexec sh "$CHECK" entries\n' > entries.test
	chmod +x runs.test entries.test
	printf 'TESTS = runs.test entries.test\nEXTRA_DIST = $(TESTS)\n' > Makefile.am
	autoreconf -i >/dev/null 2>&1 && ./configure >/dev/null 2>&1
	cd "$T" || exit 1
	counts automake make -C "$T/am" check
	same "rv2 automake: plain LTO's failed test is a failed build" "$(result "$_st_lto" "$T/automake.lto.log")" "tests failed"
else
	skip "rv2 automake" "autoreconf or automake missing"
fi

if command -v runtest >/dev/null 2>&1; then
	mkdir -p dg/rv.t && cat > dg/rv.t/rv.exp <<'EOF'
foreach t {runs entries} {
	if {[catch {exec sh $env(CHECK) $t}]} { fail $t } else { pass $t }
}
EOF
	counts dejagnu sh -c "cd '$T/dg' && runtest --tool rv --srcdir '$T/dg'"
else
	skip "rv2 DejaGnu" "runtest missing (dejagnu)"
fi

# --- rv3: libaio's and zlib's harnesses, and the fallbacks ---------------------
printf '\tdh_auto_test\nPass: 18  Fail: 0  Skip: 0\nPass: 17  Fail: 1  Skip: 0\n' > aio.log
same "rv3 libaio's harness" "$(tests aio.log 0)" 35/36
printf '\t\t*** zlib test OK ***\n\t\t*** zlib shared test OK ***\n\t\t*** zlib 64-bit test FAILED ***\n' > zlib.log
same "rv3 zlib's harness" "$(tests zlib.log 0)" 2/3
printf '\tdh_auto_configure\n\tdh_auto_build\n\tdh_auto_install\n' > none.log
same "rv3 no dh_auto_test: not run" "$(tests none.log 0)" "not run"
# libxml2 under -b: the indep override that skips the tests is no run of them
printf '\t debian/rules override_dh_auto_test-indep\nmake[1]: Entering directory\n: Skipping tests during indep build\n\tdh_auto_install\n' > indep.log
same "rv3 only override_dh_auto_test-indep: not run" "$(tests indep.log 0)" "not run"
printf '   debian/rules override_dh_auto_test-arch\n\tdh_auto_install\n' > arch.log
same "rv3 override_dh_auto_test-arch, no summary: passed" "$(tests arch.log 0)" passed
printf '\tdh_auto_test\nmake: *** [Makefile:9: check] Error 1\ndh_auto_test: error: make -j2 check returned exit code 2\n' > failed.log
same "rv3 dh_auto_test failed, no summary: failed" "$(tests failed.log 2)" failed
same "rv3 dh_auto_test failed: tests failed" "$(result 2 failed.log)" "tests failed"
printf '\tdh_auto_test\n\tdh_auto_install\n' > passed.log
same "rv3 dh_auto_test, no summary, the build went on: passed" "$(tests passed.log 0)" passed
