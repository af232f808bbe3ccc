#!/bin/sh
# End-to-end: tests/realworld/compare.sh, the silent-loss checks of make
# realworld.  Each case builds a small library or program three times (no
# LTO, plain GCC LTO, LTO through lto-safe-cc) or, where GCC 12's LTO cannot
# be made to make the loss, builds the loss on purpose, and checks that
# compare.sh reports exactly that loss, and nothing for the build that
# lost nothing:
#   rc1 .symver versions lost across LTO partitions (real LTO, a library)
#   rc2 a registration section and its __start_/__stop_ lost (real LTO, a
#       program)
#   rc3 a registration section smaller than the reference (constructed)
#   rc4 an exported symbol that became absolute 0 (constructed, --defsym)
#   rc5 an alias that points elsewhere than in the reference (constructed)
#   rc6 identical builds: nothing reported, exit 0
#   rc7 .deb inputs, a library missing from a build, a build that made nothing
#   rc8 copy relocations in the reference's program (stderr@GLIBC_2.2.5 and
#       program_invocation_short_name, an alias at a copy's address, defined
#       there), none in the build's, and a smaller glibc section (__libc_*):
#       not a loss
#   rc9 a program's export that a library it needs, or one that library
#       needs, also defines (found in the reference build, or by ldconfig:
#       libz's crc32), gone from the build: counted apart as interposing,
#       not lost; a library's is lost (constructed)
. "$(dirname "$0")/lib.sh"
need gcc readelf dpkg-deb || exit 0
x86_64_only "asm cases" || exit 0
CMP=$ROOT/tests/realworld/compare.sh
S=$E2E_SRC
mktmp
cd "$T" || exit 1
mkdir ref lto safe

# run_cmp ARGS...: compare.sh ARGS into cmp.out, its status in CMP_ST
run_cmp() {
	bash "$CMP" "$@" >cmp.out 2>&1
	CMP_ST=$?
}

# has NAME PATTERN: pass when compare.sh's output has a line matching PATTERN
has() {
	if grep -q -- "$2" cmp.out; then pass "$1"; else fail "$1" "$(cat cmp.out)"; fi
}

# lacks NAME PATTERN: pass when no line of compare.sh's output matches
lacks() {
	if grep -q -- "$2" cmp.out; then fail "$1" "$(cat cmp.out)"; else pass "$1"; fi
}

HAVE_SAFE=0
[ -x "$LTO_SAFE_BIN" ] && HAVE_SAFE=1

# --- rc1: .symver lost across partitions ----------------------------------
PARTS="--param=lto-min-partition=1 --param=lto-partitions=16"
MAP=-Wl,--version-script=$S/rc_symver.map
gcc -O2 -fPIC -shared "$S/rc_symver.c" $MAP -o ref/libsv.so &&
	gcc -O2 -flto -fPIC -c "$S/rc_symver.c" -o sv.o &&
	gcc -O2 -flto -shared $PARTS sv.o $MAP -o lto/libsv.so 2>/dev/null
if ! readelf -W --dyn-syms ref/libsv.so | grep -q ' foo@VERS_1$' ||
	readelf -W --dyn-syms lto/libsv.so | grep -q ' foo@VERS_1$'; then
	fail "rc1 plain LTO loses foo@VERS_1" "$(readelf -W --dyn-syms ref/libsv.so lto/libsv.so)"
else
	pass "rc1 plain LTO loses foo@VERS_1"
fi
if [ $HAVE_SAFE = 1 ]; then
	"$LTO_SAFE_BIN" gcc -O2 -flto -shared $PARTS sv.o $MAP -o safe/libsv.so 2>/dev/null
else
	cp ref/libsv.so safe/libsv.so
fi
run_cmp ref lto safe
has "rc1 reports the versions lost" '^lto: libsv.so: symbols lost (2): bar@VERS_1 foo@VERS_1$'
has "rc1 sums them up" '^summary: lto: -2 symbols; lto-safe: same (6)$'
if [ "$CMP_ST" = 1 ]; then pass "rc1 exit status 1"; else fail "rc1 exit status 1" "status $CMP_ST"; fi
[ $HAVE_SAFE = 1 ] || skip "rc1 through lto-safe-cc" "$LTO_SAFE_BIN not built: the reference stands in"

# --- rc2: registration section lost ---------------------------------------
rm -rf ref/* lto/* safe/*
gcc -O2 "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o ref/reg &&
	gcc -O2 -flto "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o lto/reg
if [ "$(./ref/reg)" = "2 entries" ] && [ "$(./lto/reg)" = "0 entries" ]; then
	pass "rc2 plain LTO drops the entries"
else
	fail "rc2 plain LTO drops the entries" "reference: $(./ref/reg); lto: $(./lto/reg)"
fi
if [ $HAVE_SAFE = 1 ]; then
	"$LTO_SAFE_BIN" gcc -O2 -flto "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o safe/reg
	if [ "$(./safe/reg)" = "2 entries" ]; then pass "rc2 lto-safe keeps them"; else fail "rc2 lto-safe keeps them" "$(./safe/reg)"; fi
else
	cp ref/reg safe/reg
	skip "rc2 through lto-safe-cc" "$LTO_SAFE_BIN not built: the reference stands in"
fi
run_cmp ref lto safe
has "rc2 reports the section gone" '^lto: reg: section reg_tab missing (reference 32 bytes)$'
has "rc2 reports __start_/__stop_ gone" '^lto: reg: start/stop lost: __start_reg_tab __stop_reg_tab$'
lacks "rc2 nothing for the lto-safe build" '^lto-safe:'
has "rc2 sums them up" '^summary: lto: 1 sections lost, 2 start/stop lost; lto-safe: same'

# --- rc3: a smaller section (constructed: one entry left out) --------------
gcc -O2 -DONE_ENTRY "$S/rc_reg_main.c" "$S/rc_reg_entries.c" -o lto/reg
run_cmp --table ref lto safe
if [ "$(cat cmp.out)" = "1 sections lost / same (0)" ]; then
	pass "rc3 --table: the smaller section"
else
	fail "rc3 --table: the smaller section" "$(cat cmp.out)"
fi
run_cmp ref lto safe
has "rc3 reports its size" '^lto: reg: section reg_tab 16 bytes, reference 32$'
lacks "rc3 __start_/__stop_ are still there" 'start/stop lost'

# --- rc4: an export that became absolute 0 (constructed) -------------------
rm -rf ref/* lto/* safe/*
gcc -O2 -fPIC -shared "$S/rc_abs.c" -o ref/libabs.so &&
	gcc -O2 -fPIC -shared -DNO_PUT "$S/rc_abs.c" -Wl,--defsym=api_put=0 -o lto/libabs.so &&
	cp ref/libabs.so safe/
run_cmp ref lto safe
has "rc4 reports the absolute 0" '^lto: libabs.so: absolute 0 (1): api_put$'
lacks "rc4 the name itself is still exported" 'symbols lost'

# --- rc5: an alias that points elsewhere (constructed) ---------------------
rm -rf ref/* lto/* safe/*
gcc -O2 -fPIC -shared "$S/rc_alias.c" -o ref/libal.so &&
	gcc -O2 -fPIC -shared -DSPLIT "$S/rc_alias.c" -o lto/libal.so &&
	cp ref/libal.so safe/
run_cmp ref lto safe
has "rc5 reports the split alias" '^lto: libal.so: aliases split: api_new api_old$'
lacks "rc5 nothing else" 'symbols lost\|absolute 0\|section\|^lto-safe:'

# --- rc6: identical builds -------------------------------------------------
run_cmp ref ref ref
if [ "$CMP_ST" = 0 ] && [ "$(cat cmp.out)" = "summary: lto: same (2); lto-safe: same (2)" ]; then
	pass "rc6 identical builds: nothing reported, exit 0"
else
	fail "rc6 identical builds: nothing reported, exit 0" "status $CMP_ST: $(cat cmp.out)"
fi

# --- rc7: .deb inputs, a missing library, a build that made nothing --------
mkdeb() {  # NAME FILE...: NAME.deb with FILE... in usr/lib
	mkdir -p "$1/DEBIAN" "$1/usr/lib"
	printf 'Package: rc\nVersion: 1\nArchitecture: amd64\nMaintainer: t <t@t>\nDescription: t\n' > "$1/DEBIAN/control"
	_d=$1
	shift
	[ $# = 0 ] || cp "$@" "$_d/usr/lib/"
	dpkg-deb -Zgzip -b "$_d" "$_d.deb" >/dev/null
}
gcc -O2 -fPIC -shared "$S/rc_abs.c" -o libabs.so
mkdeb d_ref ref/libal.so libabs.so
mkdeb d_lto libabs.so
run_cmp --table d_ref.deb d_lto.deb -
if [ "$CMP_ST" = 1 ] && [ "$(cat cmp.out)" = "1 files missing / -" ]; then
	pass "rc7 .deb: the missing library, and - for no build"
else
	fail "rc7 .deb: the missing library, and - for no build" "status $CMP_ST: $(cat cmp.out)"
fi
mkdir debs && cp d_ref.deb debs/
run_cmp debs d_ref.deb d_ref.deb
if [ "$CMP_ST" = 0 ] && grep -q '^summary: lto: same (4); lto-safe: same (4)$' cmp.out; then
	pass "rc7 a directory of .deb files against the .deb"
else
	fail "rc7 a directory of .deb files against the .deb" "status $CMP_ST: $(cat cmp.out)"
fi
run_cmp ref
if [ "$CMP_ST" = 2 ] && grep -q usage cmp.out; then pass "rc7 usage error"; else fail "rc7 usage error" "$(cat cmp.out)"; fi

# --- rc8: a copy relocation is not an export --------------------------------
mkdir -p copy_ref copy_lto
gcc -O2 -fPIE -pie -DTWO "$S/rc_copy.c" -o copy_ref/prog
gcc -O2 -fPIC -pie "$S/rc_copy.c" -o copy_lto/prog
if readelf -W -r copy_ref/prog | grep -q 'R_X86_64_COPY.*stderr' && ! readelf -W -r copy_lto/prog | grep -q R_X86_64_COPY &&
	readelf -W --dyn-syms copy_ref/prog | grep -q ' program_invocation_short_name@' &&
	[ "$(size -A copy_ref/prog | awk '$1 == "__libc_rc" { print $2 }')" = 8 ]; then
	run_cmp copy_ref copy_lto copy_ref
	if [ "$CMP_ST" = 0 ] && grep -q '^summary: lto: same (0); lto-safe: same (0)$' cmp.out; then
		pass "rc8 a copy relocation only in the reference: no loss"
	else
		fail "rc8 a copy relocation only in the reference: no loss" "status $CMP_ST: $(cat cmp.out)"
	fi
else
	fail "rc8 the reference has copy relocations and a larger __libc_rc, the other build neither" \
		"$(readelf -W -r copy_ref/prog copy_lto/prog; size -A copy_ref/prog)"
fi

# --- rc9: a program's interposing export is counted apart (constructed) ----
mkdir -p ip_ref ip_lto lib
gcc -O2 -fPIC -shared "$S/rc_interpose_lib.c" -o lib/libipdep.so
printf '{ cb_for_plugins; };\n' > ip.list
gcc -O2 "$S/rc_interpose_main.c" -Llib -lipdep -Wl,--dynamic-list=ip.list -o ip_ref/prog &&
	gcc -O2 -DLOCAL "$S/rc_interpose_main.c" -Llib -lipdep -o ip_lto/prog
# the library is found in the reference build, as elfutils' own libraries are
cp lib/libipdep.so ip_ref/ && cp lib/libipdep.so ip_lto/
run_cmp ip_ref ip_lto ip_ref
has "rc9 the interposing export counted apart, with its library" '^lto: prog: interposing exports dropped (1): crc32 (libipdep.so)$'
has "rc9 the other export is lost" '^lto: prog: symbols lost (1): cb_for_plugins$'
has "rc9 sums them up" '^summary: lto: -1 symbols, -1 interposing; lto-safe: same (4)$'
# a library with the same name, crc32 in its exports, is not a program: lost
gcc -O2 -fPIC -shared -Wl,--dynamic-list=ip.list "$S/rc_interpose_main.c" -Llib -lipdep -o ip_ref/libp.so &&
	gcc -O2 -fPIC -shared -DLOCAL "$S/rc_interpose_main.c" -Llib -lipdep -o ip_lto/libp.so
run_cmp ip_ref ip_lto ip_ref
has "rc9 a library's export that a library it needs defines too is still lost" '^lto: libp.so: symbols lost (.*crc32'
# a library that a library the program needs needs (eu-strip, libelf, libz)
mkdir -p ipm_ref ipm_lto
gcc -O2 -fPIC -shared -DMID "$S/rc_interpose_lib.c" -Llib -lipdep -o lib/libipmid.so
gcc -O2 -DNO_DEP "$S/rc_interpose_main.c" -Wl,--no-as-needed -Llib -lipmid -Wl,-rpath-link,lib -o ipm_ref/prog &&
	gcc -O2 -DNO_DEP -DLOCAL "$S/rc_interpose_main.c" -Wl,--no-as-needed -Llib -lipmid -Wl,-rpath-link,lib -o ipm_lto/prog
cp lib/libipdep.so lib/libipmid.so ipm_ref/ && cp lib/libipdep.so lib/libipmid.so ipm_lto/
run_cmp ipm_ref ipm_lto ipm_ref
has "rc9 a library needed by a library it needs" '^lto: prog: interposing exports dropped (1): crc32 (libipdep.so)$'
# a system library (found by ldconfig): the program's crc32 over libz's
mkdir -p ipz_ref ipz_lto
gcc -O2 -DNO_DEP "$S/rc_interpose_main.c" -Wl,--no-as-needed -lz -Wl,--dynamic-list=ip.list -o ipz_ref/prog
gcc -O2 -DNO_DEP -DLOCAL "$S/rc_interpose_main.c" -Wl,--no-as-needed -lz -o ipz_lto/prog
run_cmp ipz_ref ipz_lto ipz_ref
has "rc9 a system library's name, found by ldconfig" '^lto: prog: interposing exports dropped (1): crc32 (libz.so.1)$'
