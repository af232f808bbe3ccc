#!/bin/sh
# End-to-end: the lto-safe command on a real GCC -flto asm trampoline
# (tests/e2e/src/ir_tramp_*.c): scan prints target_impl with its reason and
# input, as an expected table and as tab-separated lines; explain of the
# report a link wrote prints the same; --json parses and has the documented
# fields; verify passes on the good binary, fails (status 1) on a binary
# without the symbol and on a doctored report, and names what a stripped
# binary cannot show; the link itself warns once per kept symbol missing
# from its output and says nothing when all are there; the report's own_ms
# of a compile-and-link command leaves out the compiles.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
x86_64_only "x86-64 asm trampoline" || exit 0
LS=$(dirname "$LTO_SAFE_BIN")/lto-safe
S=$E2E_SRC
mktmp
cd "$T" || exit 1

# same NAME WANT-FILE GOT-FILE: PASS when the files are equal
same() {
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "want:
$(cat "$2")
got:
$(cat "$3")"; fi
}

if ! gcc -O2 -flto -c "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" 2>cc.err; then
	fail "explain: compile" "$(cat cc.err)"
	exit 0
fi

# 1. scan: the expected table, and tab-separated lines when piped
"$LS" scan --table ir_tramp_main.o ir_tramp_impl.o >scan.table 2>scan.err
cat >want.table <<EOF
symbol       reason         kind      defined in       evidence
target_impl  asm-reference  function  ir_tramp_impl.o  named by top-level asm in ir_tramp_main.o
EOF
same "scan: table names target_impl, reason and input" want.table scan.table
"$LS" scan ir_tramp_main.o ir_tramp_impl.o >scan.tsv 2>>scan.err
{
	printf 'symbol\treason\tkind\tinput\tmember\tevidence\n'
	printf 'target_impl\tasm-reference\tfunction\tir_tramp_impl.o\t\tnamed by top-level asm in ir_tramp_main.o\n'
} >want.tsv
same "scan: tab-separated when piped" want.tsv scan.tsv
if [ -s scan.err ]; then fail "scan: nothing on stderr" "$(cat scan.err)"; else pass "scan: nothing on stderr"; fi

# 2. scan of an archive names archive and member; keep rules apply as in a link
gcc-ar rcs libt.a ir_tramp_impl.o 2>/dev/null || ar rcs libt.a ir_tramp_impl.o
LTO_SAFE_KEEP=unused_fn "$LS" scan ir_tramp_main.o libt.a >scan2.tsv 2>&1
{
	printf 'symbol\treason\tkind\tinput\tmember\tevidence\n'
	printf 'target_impl\tasm-reference\tfunction\tlibt.a\tir_tramp_impl.o\tnamed by top-level asm in ir_tramp_main.o\n'
	printf 'unused_fn\tuser-rule\tfunction\tlibt.a\tir_tramp_impl.o\tmatches keep rule "unused_fn"\n'
} >want2.tsv
same "scan: archive member and LTO_SAFE_KEEP" want2.tsv scan2.tsv

# 3. --json parses and has the documented fields
"$LS" scan --json ir_tramp_main.o libt.a >scan.json 2>&1
if command -v python3 >/dev/null 2>&1; then
	if out=$(python3 - scan.json <<'EOF' 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["version"] == 1, r
assert r["output"] is None and r["tool"] is None, r
assert len(r["kept"]) == 1, r
k = r["kept"][0]
assert sorted(k) == ["evidence", "input", "kind", "member", "reason", "symbol"], k
assert (k["symbol"], k["reason"], k["kind"], k["input"], k["member"]) == \
    ("target_impl", "asm-reference", "function", "libt.a", "ir_tramp_impl.o"), k
EOF
	); then pass "scan --json: parses, documented fields"; else fail "scan --json: parses, documented fields" "$out
$(cat scan.json)"; fi
else
	skip "scan --json: parses" "python3 missing"
fi

# 4. a link writes a report; explain prints the same as scan; --json gives it back
if LTO_SAFE_REPORT=r.json "$LTO_SAFE_BIN" gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o -o app >link.out 2>link.err &&
	[ "$(./app)" = "tramp(14) = 43" ]; then
	pass "link through lto-safe-cc"
else
	fail "link through lto-safe-cc" "$(cat link.err)"
fi
if [ -s link.err ]; then fail "link: no warning when every kept symbol is there" "$(cat link.err)"; else
	pass "link: no warning when every kept symbol is there"; fi
# scan of the link's inputs, with those the driver adds (Scrt1.o takes
# main's address: seen, not kept, in the table and in both reports)
"$LS" scan --table --driver=gcc -- -O2 -flto ir_tramp_main.o ir_tramp_impl.o >link.table 2>&1
if grep -q "^seen, not kept:" link.table && grep -q "^main  *address-taken .*Scrt1.o: LTO sees this use" link.table; then
	pass "scan --driver: the start file's use of main, seen and not kept"
else
	fail "scan --driver: the start file's use of main, seen and not kept" "$(cat link.table)"
fi
"$LS" explain --table r.json >explain.table 2>&1
same "explain: the same table as scan --driver" link.table explain.table
"$LS" explain r.json >explain.tsv 2>&1
same "explain: the same tab-separated lines as scan" want.tsv explain.tsv
"$LS" explain --json r.json >again.json 2>&1
same "explain --json: the report, byte for byte" r.json again.json
"$LS" explain - <r.json >stdin.tsv 2>&1
same "explain -: reads stdin" want.tsv stdin.tsv

# on a terminal (script(1) gives one): the aligned table, header in bold unless NO_COLOR
if command -v script >/dev/null 2>&1; then
	TERM=xterm script -qc "'$LS' explain r.json" /dev/null 2>&1 | tr -d '\r' >tty.out
	ESC=$(printf '\033')
	sed "s/^symbol .*/${ESC}[1m&${ESC}[0m/" link.table >want.tty
	same "explain on a terminal: aligned table, bold header" want.tty tty.out
	NO_COLOR=1 TERM=xterm script -qc "'$LS' explain r.json" /dev/null 2>&1 | tr -d '\r' >tty.out
	same "explain on a terminal, NO_COLOR: the plain table" link.table tty.out
else
	skip "explain on a terminal" "script missing"
fi

# 5. verify: good binary, a binary without the symbol, a doctored report, stripped
if "$LS" verify app r.json >v.out 2>v.err && [ "$(cat v.out)" = "app (.symtab): 1 of 1 kept symbol present" ] && [ ! -s v.err ]; then
	pass "verify: good binary, status 0"
else
	fail "verify: good binary, status 0" "$(cat v.out v.err)"
fi
gcc -O2 "$S/hello.c" "$S/helper.c" -o hello 2>/dev/null
"$LS" verify hello r.json >v.out 2>v.err
st=$?
if [ $st = 1 ] && grep -q "^lto-safe: warning: kept symbol target_impl (asm-reference, defined in ir_tramp_impl.o) is not in hello$" v.err; then
	pass "verify: binary without the symbol, status 1 and a warning"
else
	fail "verify: binary without the symbol, status 1 and a warning" "status $st
$(cat v.out v.err)"
fi
sed 's/"symbol":"target_impl"/"symbol":"target_gone"/' r.json >doctored.json
sed '0,/^\]/s//,{"symbol":"extra_sym","reason":"user-rule","kind":"data","input":"x.a","member":"y.o","evidence":""}]/' r.json >extra.json
"$LS" verify app doctored.json >v.out 2>v.err
st=$?
if [ $st = 1 ] && grep -q "kept symbol target_gone (asm-reference, defined in ir_tramp_impl.o) is not in app" v.err &&
	grep -q "0 of 1 kept symbol present, 1 missing" v.out; then
	pass "verify: doctored report, status 1"
else
	fail "verify: doctored report, status 1" "status $st
$(cat v.out v.err)"
fi
"$LS" verify app extra.json >v.out 2>v.err
st=$?
if [ $st = 1 ] && [ "$(grep -c warning v.err)" = 1 ] && grep -q "extra_sym (user-rule, defined in x.a(y.o))" v.err; then
	pass "verify: one warning per missing symbol"
else
	fail "verify: one warning per missing symbol" "status $st
$(cat extra.json v.out v.err)"
fi
cp app app.stripped && strip app.stripped
"$LS" verify app.stripped r.json >v.out 2>v.err
st=$?
if [ $st = 0 ] && grep -q "cannot check 1 kept symbol in app.stripped (stripped, not in .dynsym): target_impl" v.err &&
	grep -q "app.stripped (.dynsym, stripped): 0 of 1 kept symbol present, 1 not checked" v.out; then
	pass "verify: stripped binary names what it cannot check"
else
	fail "verify: stripped binary names what it cannot check" "status $st
$(cat v.out v.err)"
fi

# 6. the automatic check after a link: the output's symbol table lacks target_impl
echo main >retain.txt
if LTO_SAFE_REPORT=r2.json "$LTO_SAFE_BIN" gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o \
	-Wl,--retain-symbols-file=retain.txt -o app2 >link.out 2>link.err; then
	if [ "$(cat link.err)" = "lto-safe: warning: kept symbol target_impl (asm-reference, defined in ir_tramp_impl.o) is not in app2" ]; then
		pass "link: one warning for a kept symbol missing from the output"
	else
		fail "link: one warning for a kept symbol missing from the output" "$(cat link.err)"
	fi
else
	fail "link: one warning for a kept symbol missing from the output" "the link failed: $(cat link.err)"
fi

# 7. bad reports and inputs: clear messages, status 2
check_err() {
	_n=$1 _want=$2
	shift 2
	"$@" >e.out 2>e.err
	_st=$?
	if [ $_st = 2 ] && grep -qF -- "$_want" e.err && [ ! -s e.out ]; then
		pass "$_n"
	else
		fail "$_n" "status $_st, want 2 and \"$_want\":
$(cat e.out e.err)"
	fi
}
sed 's/"version":1/"version":2/' r.json >v2.json
# cut after '"output":', the end of the input where a value must follow
cut=$(sed -n '1s/\("output":\).*/\1/p' r.json | tr -d '\n' | wc -c)
head -c "$cut" r.json >trunc.json
printf '\177ELF\0\0garbage' >garbage.json
check_err "explain: wrong version" "v2.json: line 1, column 12: unsupported report version 2: this lto-safe reads version 1" "$LS" explain v2.json
check_err "explain: truncated report" "trunc.json: line 1, column $((cut + 1)): unexpected end of the input" "$LS" explain trunc.json
check_err "explain: garbage" "garbage.json: line 1, column 1: unexpected byte 0x7f" "$LS" explain garbage.json
check_err "explain: no such report" "nothing.json: No such file or directory" "$LS" explain nothing.json
check_err "verify: not an ELF binary" "cannot read r.json: not an ELF file" "$LS" verify r.json r.json
check_err "scan: missing input" "lto-safe: error: nothing.o: no such file" "$LS" scan ir_tramp_main.o nothing.o
check_err "scan: not an object" "garbage.json is not an object, archive or bitcode file" "$LS" scan garbage.json
# own_ms of a compile-and-link command leaves out the compiles of its
# sources, which the plain command runs too: a compiler that takes a second
# for each -c makes the command last two seconds and lto-safe's own time
# stay well under one
cat >slowcc <<'EOS'
#!/bin/sh
case " $* " in *" -c "*) sleep 1 ;; esac
exec gcc "$@"
EOS
chmod +x slowcc
t0=$(date +%s)
if LTO_SAFE_REPORT=own.json "$LTO_SAFE_BIN" ./slowcc -O2 -flto "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" \
	-o own_app >own.out 2>&1; then
	secs=$(( $(date +%s) - t0 ))
	ms=$(sed -n 's/.*"own_ms":\([0-9.]*\).*/\1/p' own.json)
	if [ "$secs" -ge 2 ] && [ -n "$ms" ] && awk -v ms="$ms" 'BEGIN { exit !(ms < 1000) }'; then
		pass "own_ms leaves out the compiles of the sources (${ms} ms of a ${secs} s command)"
	else
		fail "own_ms leaves out the compiles of the sources" "own_ms '$ms', command ${secs} s: $(cat own.json)"
	fi
else
	fail "compile and link through a slow compiler" "$(cat own.out)"
fi

head -c 300 ir_tramp_impl.o >trunc.o
check_err "scan: damaged object" "lto-safe: error: cannot read trunc.o: " "$LS" scan trunc.o
check_err "scan: bad keep rule" "(" "$LS" scan --keep='(' ir_tramp_main.o
check_err "no command" "usage: lto-safe scan" "$LS"
check_err "unknown command" "unknown command frob" "$LS" frob
