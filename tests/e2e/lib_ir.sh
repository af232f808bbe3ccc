# shellcheck shell=sh
# Sourced by the IR end-to-end scripts (gcc_ir.sh, llvm_ir.sh) after
# lib.sh, mktmp and cd "$T": one case is a program that the plain LTO link
# breaks; ir_case checks (a) the plain link breaks it, (b) the link through
# lto-safe works and the program prints the right thing, (c) the JSON report
# keeps exactly the expected symbols, (d) what nothing uses ($ABSENT) is
# removed.
command -v timeout >/dev/null 2>&1 && TIMEOUT="timeout 20" || TIMEOUT=
RUN=          # prefix to run a program (qemu for aarch64)
NM="nm"
ABSENT=unused_fn

# run PROG: its stdout and stderr
run() { $TIMEOUT $RUN ./"$1" 2>&1; }

# have_ld CC LD: 0 when CC can link with -fuse-ld=LD
have_ld() { "$1" -fuse-ld="$2" -Wl,--version >/dev/null 2>&1; }

# kept_set REPORT: the kept symbol names, sorted, on one line
# (the "kept" array: what follows "seen" was seen and not kept)
kept_set() { sed -e '/"seen":\[/,$d' -e '/"given":\[/,$d' "$1" | grep -o '"symbol":"[^"]*"' | sed 's/^"symbol":"//; s/"$//' | sort | tr '\n' ' ' | sed 's/ $//'; }
# sorted WORDS...: the words sorted, on one line
sorted() { printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'; }

# check_plain NAME LD WANT CC ARGS...: (a) the plain link must fail with an
# undefined reference (lld: an undefined symbol, or a relocation that
# cannot refer to the absolute symbol a dropped definition leaves) or make
# a program that does not print WANT.
check_plain() {
	_n=$1 _ld=$2 _want=$3
	shift 3
	_cc=$1
	shift
	rm -f plain.out
	if "$_cc" -fuse-ld=$_ld "$@" -o plain.out >plain.err 2>&1; then
		_got=$(run plain.out)
		if [ "$_got" = "$_want" ] && [ -n "${PLAIN_WORKS:-}" ]; then
			skip "$_n: plain link breaks it ($_ld)" "$PLAIN_WORKS"
		elif [ "$_got" = "$_want" ]; then
			fail "$_n: plain link breaks it ($_ld)" "plain link worked: test proves nothing"
		else
			pass "$_n: plain link breaks it ($_ld)"
		fi
	elif grep -q "undefined reference\|undefined symbol\|cannot refer to absolute symbol" plain.err; then
		pass "$_n: plain link breaks it ($_ld)"
	else
		fail "$_n: plain link breaks it ($_ld)" "the plain link failed, but not for an undefined reference:
$(cat plain.err)"
	fi
}

# check_report NAME LD REPORT KEPT...: (c) the report keeps exactly KEPT
check_report() {
	_n=$1 _ld=$2 _r=$3
	shift 3
	_want=$(sorted "$@")
	if [ ! -s "$_r" ]; then
		fail "$_n: kept {$_want} ($_ld)" "no report written"
	elif [ "$(kept_set "$_r")" = "$_want" ]; then
		pass "$_n: kept {$_want} ($_ld)"
	else
		fail "$_n: kept {$_want} ($_ld)" "kept {$(kept_set "$_r")}:
$(cat "$_r")"
	fi
}

# check_absent NAME LD FILE: (d) no symbol of $ABSENT is in FILE
check_absent() {
	_n=$1 _ld=$2 _f=$3
	if [ ! -f "$_f" ]; then
		fail "$_n: $ABSENT removed ($_ld)" "the lto-safe link made no output"
		return
	fi
	if ! _syms=$($NM "$_f" 2>&1); then
		fail "$_n: $ABSENT removed ($_ld)" "$_syms"
		return
	fi
	_bad=
	for _s in $ABSENT; do
		printf '%s\n' "$_syms" | grep -q "$_s" && _bad="$_bad $_s"
	done
	if [ -z "$_bad" ]; then
		pass "$_n: $ABSENT removed ($_ld)"
	else
		fail "$_n: $ABSENT removed ($_ld)" "still in the output:$_bad"
	fi
}

# ir_case NAME LD WANT "KEPT..." CC ARGS...: checks (a) to (d) for one link
# of CC ARGS (compiler flags and inputs, no -fuse-ld, no -o).
ir_case() {
	_c=$1 _l=$2 _w=$3 _k=$4
	shift 4
	check_plain "$_c" "$_l" "$_w" "$@"
	_cc=$1
	shift
	rm -f safe.out report.json
	if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" "$_cc" -fuse-ld=$_l "$@" -o safe.out >safe.err 2>&1; then
		_got=$(run safe.out)
		if [ "$_got" = "$_w" ]; then
			pass "$_c: through lto-safe, right output ($_l)"
		else
			fail "$_c: through lto-safe, right output ($_l)" "want:
$_w
got:
$_got"
		fi
	else
		fail "$_c: through lto-safe, right output ($_l)" "the link failed:
$(cat safe.err)"
	fi
	# shellcheck disable=SC2086
	check_report "$_c" "$_l" report.json $_k
	check_absent "$_c" "$_l" safe.out
}

# compile NAME CC ARGS...: CC -c ARGS, a FAIL line when it does not compile
compile() {
	_n=$1
	shift
	if ! "$@" -c >cc.err 2>&1; then
		fail "$_n: compile" "$(cat cc.err)"
		return 1
	fi
}

# in_dir NAME: work in the directory $T/NAME, one per case
in_dir() { mkdir -p "$T/$1" && cd "$T/$1" || exit 1; }

# check_member NAME LD SYM ARCHIVE MEMBER
check_member() {
	_e=$(grep -o "{\"symbol\":\"$3\"[^}]*}" report.json 2>/dev/null)
	if printf '%s' "$_e" | grep -q "\"input\":\"\([^\"]*/\)\{0,1\}$4\"" &&
		printf '%s' "$_e" | grep -q "\"member\":\"\([^\"]*/\)\{0,1\}$5\""; then
		pass "$1: report names $4($5) ($2)"
	else
		fail "$1: report names $4($5) ($2)" "$(cat report.json 2>/dev/null || echo 'no report')"
	fi
}

# damaged NAME OBJ: for OBJ (a damaged ir_bad_lib.o) linked with
# ir_bad_main.o by $DCC (compiler and flags): one "lto-safe: warning:"
# line, then the plain link's status and (when it links) output.
damaged() {
	rm -f plain.out safe.out
	$DCC "$2" ir_bad_main.o -o plain.out >plain.err 2>&1
	pst=$?
	pout=
	[ $pst = 0 ] && pout=$(run plain.out)
	"$LTO_SAFE_BIN" $DCC "$2" ir_bad_main.o -o safe.out >safe.err 2>&1
	sst=$?
	sout=
	[ $sst = 0 ] && sout=$(run safe.out)
	nw=$(grep -c '^lto-safe: warning:' safe.err)
	if [ "$nw" = 1 ]; then
		pass "$1: one lto-safe warning"
	else
		fail "$1: one lto-safe warning" "$nw warning lines:
$(cat safe.err)"
	fi
	if [ "$pst" = "$sst" ] && [ "$pout" = "$sout" ]; then
		pass "$1: same result as the plain link (status $pst)"
	else
		fail "$1: same result as the plain link" "plain: status $pst, output '$pout'
lto-safe: status $sst, output '$sout'
$(cat safe.err)"
	fi
}
