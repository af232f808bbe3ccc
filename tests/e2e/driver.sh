#!/bin/sh
# End-to-end: inputs the compiler driver adds to a link itself.  A small C
# library built with -flto: its start file (dr_crt.c: _start in top-level
# asm calls _start_c, written in C) and its archive libmyc.a (an asm
# trampoline to myc_hook_impl).  The driver adds them through a -specs file
# (*startfile, *lib) or finds the start file in a -B directory.  For each
# way of linking: (a) the plain link fails (undefined _start_c or
# myc_hook_impl), (b) through lto-safe the program links and runs the
# library's start-up, (c) the report keeps exactly the expected symbols and
# says that their inputs were added by the driver.  Then: a link where no
# input, explicit or implicit, carries IR keeps the plain command and gives
# a byte-identical program; repair alone (LTO_SAFE_SCAN=0) sees the
# driver's inputs; the driver's answer is cached; the same with clang.
. "$(dirname "$0")/lib.sh"
need gcc gcc-ar || exit 0
x86_64_only "x86-64 start file" || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
. "$ROOT/tests/e2e/lib_ir.sh"

W="started 42"
L=$T/libc
mkdir -p "$L"
if ! gcc -O2 -flto -fPIE -c "$S/dr_crt.c" -o "$L/crt1.o" ||
	! gcc -O2 -flto -fPIE -c "$S/dr_hook.c" -o "$L/hook.o" ||
	! gcc-ar rcs "$L/libmyc.a" "$L/hook.o" ||
	! gcc -O2 -c "$S/dr_main.c" -o main.o ||
	! gcc -O2 -flto -c "$S/dr_main.c" -o main_lto.o; then
	fail "driver: build the C library" "$(gcc -O2 -flto -c "$S/dr_crt.c" -o /dev/null 2>&1)"
	exit 0
fi
cp "$L/crt1.o" "$L/Scrt1.o"
# the specs file replaces the start files and puts libmyc before libc
printf '*startfile:\n%s/crt1.o crti.o%%s %%{static:crtbeginT.o%%s;:crtbeginS.o%%s}\n\n*lib:\n-L%s -lmyc %%{static:--start-group -lc -lgcc -lgcc_eh --end-group;:-lc}\n' \
	"$L" "$L" >my.specs

# driver_case NAME KEPT BY_DRIVER ARGS...: (a)-(c) for gcc ARGS -o prog;
# the inputs that define BY_DRIVER (some of KEPT) are the driver's
driver_case() {
	_n=$1 _k=$2 _d=$3
	shift 3
	rm -f plain.out safe.out report.json
	if gcc "$@" -o plain.out >plain.err 2>&1 && [ "$(run plain.out)" = "$W" ]; then
		fail "$_n: the plain link breaks it" "the plain link worked: the test proves nothing"
	elif grep -q "undefined \(reference to .\|symbol: \)\(_start_c\|myc_hook_impl\)" plain.err; then
		pass "$_n: the plain link breaks it"
	else
		fail "$_n: the plain link breaks it" "not for the expected reason: $(cat plain.err)"
	fi
	if LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" gcc "$@" -o safe.out >safe.err 2>&1 &&
		[ "$(run safe.out)" = "$W" ]; then
		pass "$_n: through lto-safe, the start-up runs"
	else
		fail "$_n: through lto-safe, the start-up runs" "$(cat safe.err; run safe.out)"
	fi
	# shellcheck disable=SC2086
	check_report "$_n" gcc report.json $_k
	_bad=
	for _s in $_d; do
		grep -q "{\"symbol\":\"$_s\"[^}]*\"added_by_driver\":true}" report.json || _bad="$_bad $_s"
	done
	if [ -z "$_bad" ] && grep -q "^lto-safe: link of safe.out: [0-9]* inputs ([0-9]* added by the driver)" safe.err &&
		grep -q "(added by the driver)" safe.err; then
		pass "$_n: the report and the verbose output say \"added by the driver\""
	else
		fail "$_n: the report and the verbose output say \"added by the driver\"" "not marked:$_bad
$(cat safe.err report.json)"
	fi
}

K="_start_c myc_hook_impl"
driver_case "dr1 -specs, plain objects, no -flto" "$K" "$K" -specs=my.specs main.o
driver_case "dr2 -specs, -flto on the link" "$K" "$K" -O2 -flto -specs=my.specs main_lto.o
driver_case "dr3 -specs, compile and link without -flto" "$K" "$K" -O2 -specs=my.specs "$S/dr_main.c"
driver_case "dr4 -specs, compile and link with -flto" "$K" "$K" -O2 -flto -specs=my.specs "$S/dr_main.c"
# static glibc's dl-support.o takes _start's address: a use LTO sees, so
# _start is not kept
if [ -f "$(gcc -print-file-name=libc.a)" ] && [ -f "$(gcc -print-file-name=crtbeginT.o)" ]; then
	driver_case "dr5 -specs, -static" "$K" "$K" -static -specs=my.specs main.o
	driver_case "dr6 -B, -static" "$K" _start_c -B"$L/" -static main.o -L"$L" -lmyc
else
	skip "dr5/dr6 -static" "no static libc"
fi
driver_case "dr7 -B, start file only" "$K" _start_c -B"$L/" main.o -L"$L" -lmyc
for ld in gold mold; do
	if have_ld gcc $ld; then
		driver_case "dr8 -specs with $ld" "$K" "$K" -fuse-ld=$ld -specs=my.specs main.o
	else
		skip "dr8 -specs with $ld" "ld.$ld missing"
	fi
done

# No IR anywhere: the plain command, a byte-identical program.
gcc -O2 -c "$S/hello.c" "$S/helper.c"
rm -f plain.out safe.out
gcc hello.o helper.o -o plain.out
LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc hello.o helper.o -o safe.out >safe.err 2>&1
if grep -qx "lto-safe: running: $(command -v gcc) hello.o helper.o -o safe.out" safe.err &&
	grep -q "no LTO input and no keep rule" safe.err && cmp -s plain.out safe.out; then
	pass "dr9 no IR in any input: the plain command, the same program"
else
	fail "dr9 no IR in any input: the plain command, the same program" "$(cat safe.err)"
fi
LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 "$S/hello.c" "$S/helper.c" -o safe.out >safe.err 2>&1
if grep -q "^lto-safe: no LTO input: running the plain command" safe.err && [ "$(run safe.out)" = "hello 42" ] &&
	grep -qx "lto-safe: running: $(command -v gcc) -O2 $S/hello.c $S/helper.c -o safe.out" safe.err; then
	pass "dr9 compile and link without -flto, no IR: one plain command"
else
	fail "dr9 compile and link without -flto, no IR: one plain command" "$(cat safe.err)"
fi

# Repair alone sees the driver's inputs.
rm -f safe.out
if LTO_SAFE_SCAN=0 LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" gcc -specs=my.specs main.o -o safe.out >safe.err 2>&1 &&
	[ "$(run safe.out)" = "$W" ] && grep -q "repaired: LTO removed _start_c (defined in $L/crt1.o)" safe.err; then
	pass "dr10 LTO_SAFE_SCAN=0: repair keeps what the start file needs"
else
	fail "dr10 LTO_SAFE_SCAN=0: repair keeps what the start file needs" "$(cat safe.err)"
fi

# The driver's answer is cached under a key that holds its options and the
# -B directories: a second link does not run gcc -###, a file added to a
# -B directory makes it ask again.
D=$T/cache
rm -rf "$D"
# driver_files: how many driver answers the cache holds
driver_files() { set -- "$D"/driver-*; [ -e "$1" ] && echo $# || echo 0; }
LTO_SAFE_CACHE_DIR=$D "$LTO_SAFE_BIN" gcc -B"$L/" main.o -L"$L" -lmyc -o safe.out >/dev/null 2>&1
n1=$(driver_files)
LTO_SAFE_CACHE_DIR=$D "$LTO_SAFE_BIN" gcc -B"$L/" main.o -L"$L" -lmyc -o safe.out >/dev/null 2>&1
n2=$(driver_files)
sleep 0.01
touch "$L/new-file"
LTO_SAFE_CACHE_DIR=$D "$LTO_SAFE_BIN" gcc -B"$L/" main.o -L"$L" -lmyc -o safe.out >/dev/null 2>&1
n3=$(driver_files)
LTO_SAFE_CACHE_DIR=$D "$LTO_SAFE_BIN" gcc -static -B"$L/" main.o -L"$L" -lmyc -o safe.out >/dev/null 2>&1
n4=$(driver_files)
if [ "$n1" = 1 ] && [ "$n2" = 1 ] && [ "$n3" = 2 ] && [ "$n4" = 3 ]; then
	pass "dr11 the driver's answer is cached; a changed -B directory or option asks again"
else
	fail "dr11 the driver's answer is cached; a changed -B directory or option asks again" "driver cache files: $n1 $n2 $n3 $n4 (want 1 1 2 3)"
fi

# clang: its driver is asked too (a link that works plainly stays the same)
if command -v clang >/dev/null 2>&1; then
	clang -O2 -c "$S/hello.c" "$S/helper.c"
	clang hello.o helper.o -o plain.out
	LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" clang hello.o helper.o -o safe.out >safe.err 2>&1
	if grep -q "^lto-safe: link of safe.out: [0-9]* inputs ([0-9]* added by the driver), 0 with LTO IR" safe.err &&
		cmp -s plain.out safe.out; then
		pass "dr12 clang: the driver's inputs are classified, the program is the plain one"
	else
		fail "dr12 clang: the driver's inputs are classified, the program is the plain one" "$(cat safe.err)"
	fi
else
	skip "dr12 clang" "clang missing"
fi

# lto-safe scan --driver=CC: the same inputs, the same kept set, marked
LTO_SAFE_TOOL=$(dirname "$LTO_SAFE_BIN")/lto-safe
out=$("$LTO_SAFE_TOOL" scan --tsv --driver=gcc -- -specs=my.specs main.o 2>&1)
json=$("$LTO_SAFE_TOOL" scan --json --driver=gcc -- -specs=my.specs main.o 2>&1)
if [ "$(printf '%s\n' "$out" | cut -f1 | tail -n +2 | sort | tr '\n' ' ')" = "_start_c myc_hook_impl " ] &&
	[ "$(printf '%s\n' "$json" | grep -c '"added_by_driver":true')" = 2 ]; then
	pass "dr13 lto-safe scan --driver=gcc: the driver's inputs, marked"
else
	fail "dr13 lto-safe scan --driver=gcc: the driver's inputs, marked" "$out
$json"
fi
out=$("$LTO_SAFE_TOOL" scan --tsv main.o 2>&1)
if [ "$(printf '%s\n' "$out" | wc -l)" = 1 ]; then
	pass "dr13 lto-safe scan without --driver: only the files named"
else
	fail "dr13 lto-safe scan without --driver: only the files named" "$out"
fi
