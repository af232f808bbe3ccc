#!/bin/sh
# End-to-end: names that the link command itself uses (issue 14, part 3):
# --wrap, -e, -u, --defsym, script assignments, PROVIDE, EXTERN, ENTRY,
# --export-dynamic-symbol, --dynamic-list, version scripts, KEEP under
# --gc-sections, with gcc (ld.bfd, gold, mold) and clang (lld).  Each case
# is linked three times per toolchain:
#   - without LTO: what the program must do (a linker that cannot do it
#     without LTO either is skipped for that case);
#   - with plain LTO: EXPECT "loses" asserts that it misbehaves (the link
#     fails or the program does not do it), "works" that it does;
#   - with LTO through lto-safe: the program must do it, with no lto-safe
#     warning, and the JSON report keeps exactly the listed symbols.
# Where plain LTO works on every linker, nothing is kept.  The names the
# command uses (-e, -u, EXTERN, ENTRY, the --wrap pair) are kept on every
# linker, since lto-safe does not know which linker tells the plugin
# about them; the definition is in the output anyway.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
x86_64_only "x86-64 cases" || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

. "$ROOT/tests/e2e/lib_ir.sh"

TOOLCHAINS="gcc:bfd gcc:gold gcc:mold clang:lld"
# gcc:mold when mold is mold 1 (what -e and -u lose)
MOLD1= MOLD2=
case $(mold --version 2>/dev/null) in
"mold 1."*) MOLD1=gcc:mold ;;
"mold "*) MOLD2=gcc:mold ;;
esac
PROBE=     # how to look at an output: empty runs it

# usable TC: 0 when compiler and linker of TC ("gcc:bfd") are there, else a skip
usable() {
	_cc=${1%%:*} _ld=${1#*:}
	if ! command -v "$_cc" >/dev/null 2>&1; then
		skip "linkcmd: $1 cases" "$_cc missing"
		return 1
	fi
	if ! have_ld "$_cc" "$_ld"; then
		skip "linkcmd: $1 cases" "-fuse-ld=$_ld does not work with $_cc"
		return 1
	fi
}

probe() { if [ -n "$PROBE" ]; then $PROBE "$1"; else run "$1"; fi; }
# nm_has SYM FILE / dyn_has SYM FILE: whether FILE's symbol table / dynamic
# symbol table defines SYM
nm_has() { nm "$2" 2>/dev/null | grep -q " $1\$" && echo "has $1" || echo "no $1"; }
dyn_has() { nm -D --defined-only "$2" 2>/dev/null | grep -q " $1\(@.*\)\{0,1\}\$" && echo "exports $1" || echo "no $1"; }

# objects MODE CC CFLAGS SRC...: sets OBJS, compiling what is missing; MODE
# lto or nolto; a source written nolto:FILE is compiled without LTO anyway
objects() {
	_m=$1 _c=$2 _f=$3
	shift 3
	OBJS=
	for _s in "$@"; do
		_l=$_m
		case $_s in nolto:*) _l=nolto _s=${_s#nolto:} ;; esac
		_o=$(basename "$_s" .c)$(echo "$_f" | tr -c 'a-z\n' _).$_c.$_l.o
		if [ ! -f "$_o" ]; then
			_lf=-flto
			[ "$_l" = nolto ] && _lf=-fno-lto
			# shellcheck disable=SC2086
			"$_c" -O2 $_f $_lf -c "$S/$_s" -o "$_o" 2>cc.err || { OBJS=; return 1; }
		fi
		OBJS="$OBJS $_o"
	done
}

# lc_case NAME TC EXPECT WANT "KEPT" "CFLAGS" "SRCS" LINKFLAGS...
lc_case() {
	_c=$1 _t=$2 _n="$1 ($2)" _cc=${2%%:*} _ld=${2#*:} _e=$3 _w=$4 _k=$5 _cf=$6 _srcs=$7
	shift 7
	# shellcheck disable=SC2086
	if ! objects nolto "$_cc" "$_cf" $_srcs; then
		fail "$_n: compile" "$(cat cc.err)"
		return
	fi
	rm -f ref.out plain.out safe.out report.json
	# shellcheck disable=SC2086
	if ! "$_cc" -O2 -fuse-ld="$_ld" $OBJS "$@" -o ref.out >ref.err 2>&1; then
		skip "$_n" "$_ld cannot link it without LTO either: $(grep -m1 -i 'error\|fatal' ref.err)"
		return
	fi
	if [ "$(probe ref.out)" != "$_w" ]; then
		skip "$_n" "without LTO it gives '$(probe ref.out)', not '$_w'"
		return
	fi
	# shellcheck disable=SC2086
	objects lto "$_cc" "$_cf" $_srcs || { fail "$_n: compile" "$(cat cc.err)"; return; }
	# shellcheck disable=SC2086
	if "$_cc" -O2 -flto -fuse-ld="$_ld" $OBJS "$@" -o plain.out >plain.err 2>&1; then
		_got=$(probe plain.out)
	else
		_got="link failed: $(grep -m1 -i 'undefined\|error' plain.err)"
	fi
	if [ "$_e" = loses ]; then
		if [ "$_got" != "$_w" ]; then
			pass "$_n: plain LTO loses it ($_got)"
		else
			fail "$_n: plain LTO loses it" "plain LTO gives '$_w' now: the test proves nothing"
		fi
	elif [ "$_got" = "$_w" ]; then
		pass "$_n: plain LTO works"
	else
		fail "$_n: plain LTO works" "want '$_w', got '$_got'"
	fi
	# shellcheck disable=SC2086
	if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" "$_cc" -O2 -flto -fuse-ld="$_ld" $OBJS "$@" \
		-o safe.out >safe.err 2>&1; then
		_got=$(probe safe.out)
		if [ "$_got" = "$_w" ] && ! grep -q '^lto-safe: warning' safe.err; then
			pass "$_n: through lto-safe, right result"
		else
			fail "$_n: through lto-safe, right result" "want '$_w', got '$_got'
$(cat safe.err)"
		fi
	else
		fail "$_n: through lto-safe, right result" "the link failed:
$(cat safe.err)"
	fi
	# shellcheck disable=SC2086
	check_report "$_c" "$_t" report.json $_k
}

# expect SETTINGS: the EXPECT word of this toolchain from "gcc:bfd=loses ...",
# "works" when it is not listed
expect() {
	for _x in $1; do
		case $_x in "$TC="*) echo "${_x#*=}"; return ;; esac
	done
	echo works
}

WRAP="lc_wrap_main.c lc_wrap_io.c lc_wrap_wrap.c"
WRAPPED="__wrap_io_submit io_submit"

# the cases of one toolchain, in its own directory
toolchain_cases() {
	TC=$1
	usable "$TC" || return
	in_dir "$(echo "$TC" | tr : _)"
	LD=${TC#*:}

	# --wrap with the wrapped function outside the IR (the source fix of
	# the bypassed case below) and with the caller outside: gold drops
	# __wrap_io_submit, resp. io_submit, that only the wrap makes used.
	lc_case "wrap, definition not LTO" "$TC" "$(expect "gcc:gold=loses")" 1008 __wrap_io_submit "" \
		"lc_wrap_main.c nolto:lc_wrap_io.c lc_wrap_wrap.c" -Wl,--wrap=io_submit
	lc_case "wrap, caller not LTO" "$TC" "$(expect "gcc:gold=loses")" 1008 "$WRAPPED" "" \
		"nolto:lc_wrap_main.c lc_wrap_io.c lc_wrap_wrap.c" -Wl,--wrap=io_submit

	# -e: mold 1 (Debian 12's 1.10) does not tell the plugin, which drops
	# lc_entry, and mold then starts at _start without a word; mold 2.37 and
	# 3.0 do (measured in the toolchain matrix)
	lc_case "-e" "$TC" "$(expect "$MOLD1=loses")" entry lc_entry "" lc_entry.c -Wl,-e,lc_entry
	# ENTRY in a script: bfd starts at address 0 (a crash), gold ignores
	# ENTRY in a script that is not -T even without LTO (skipped)
	lc_case "ENTRY" "$TC" "$(expect "gcc:bfd=loses")" entry lc_entry "" lc_entry.c "$S/lc_entry.ld"
	# -u: mold 1 lets LTO drop the definition
	PROBE="nm_has lc_extern_kept"
	lc_case "-u" "$TC" "$(expect "$MOLD1=loses")" "has lc_extern_kept" lc_extern_kept "" lc_extern.c \
		-Wl,-u,lc_extern_kept
	lc_case "EXTERN" "$TC" "$(expect "gcc:bfd=loses gcc:gold=loses")" "has lc_extern_kept" lc_extern_kept "" \
		lc_extern.c "$S/lc_extern.ld"
	PROBE=

	# --defsym reaches the plugin: nothing to keep.  A script assignment
	# does with ld.bfd, gold and lld, not with mold 2 and later (2.37, 3.0:
	# "--defsym: undefined symbol: lc_target"; mold 1 reads no such script),
	# so the names an assignment's value uses are kept on every linker
	lc_case "--defsym" "$TC" works 42 "" "" "lc_alias_main.c lc_alias_impl.c" -Wl,--defsym=lc_alias=lc_target
	lc_case "script assignment" "$TC" "$(expect "$MOLD2=loses")" 42 lc_target "" "lc_alias_main.c lc_alias_impl.c" \
		"$S/lc_assign.ld"
	lc_case "PROVIDE" "$TC" works 42 lc_target "" "lc_alias_main.c lc_alias_impl.c" "$S/lc_provide.ld"

	# exports of an executable
	lc_case "--export-dynamic-symbol" "$TC" works found "" "" lc_export.c \
		-Wl,--export-dynamic-symbol=lc_exported -ldl
	lc_case "--dynamic-list" "$TC" works found "" "" lc_export.c -Wl,--dynamic-list="$S/lc_dyn.list" -ldl

	# version scripts: global: names of a library are exported, unless the
	# library is built with -fvisibility=hidden (hidden wins, with or
	# without LTO); nor does an executable's
	PROBE="dyn_has lc_api"
	lc_case "version script, library" "$TC" works "exports lc_api" "" "-fPIC" lc_vlib.c \
		-shared -Wl,--version-script="$S/lc_vlib.map"
	lc_case "version script, library, -fvisibility=hidden" "$TC" works "no lc_api" "" \
		"-fPIC -fvisibility=hidden" lc_vlib.c -shared -Wl,--version-script="$S/lc_vlib.map"
	PROBE=
	lc_case "version script, executable, -fvisibility=hidden" "$TC" works missing "" "-fvisibility=hidden" \
		lc_export.c -Wl,--version-script="$S/lc_vlib.map" -ldl

	# KEEP in a user script under --gc-sections: LTO drops the entries
	# before the linker sees a section (mold reads no SECTIONS: skipped)
	_tab="-ffunction-sections -fdata-sections"
	_script="-Wl,-T,$S/lc_keep_insert.ld"
	[ "$LD" = gold ] && _script="-no-pie -Wl,-T,$S/lc_keep_full.ld"
	# shellcheck disable=SC2086
	lc_case "KEEP, --gc-sections" "$TC" loses "3 entries, sum 7" "lc_tab_four lc_tab_one lc_tab_two" "$_tab" \
		"lc_tab_main.c lc_tab_entries.c" -Wl,--gc-sections $_script
}

# two toolchains at a time (each link is one process at a time), their
# lines in order
set -- $TOOLCHAINS
while [ $# -gt 0 ]; do
	(toolchain_cases "$1") >"$T/out.1" 2>&1 &
	p1=$!
	p2=
	if [ $# -gt 1 ]; then
		(toolchain_cases "$2") >"$T/out.2" 2>&1 &
		p2=$!
	fi
	wait $p1
	cat "$T/out.1"
	if [ -n "$p2" ]; then
		wait $p2
		cat "$T/out.2"
		shift
	fi
	shift
done

# --wrap=io_submit where GCC IR defines io_submit and another unit of IR
# calls it: LTO binds the call itself and the wrap is skipped (8, not
# 1008) with every linker.  lto-safe links the unit that defines it as
# machine code (one note; tests/e2e/wrap.sh has the cases); under
# LTO_SAFE_WRAP=0 it says so instead: one warning naming the symbol, the
# option, why and the fix, whose fix (above: "wrap, definition not LTO")
# works.
for LD in bfd gold mold; do
	TC=gcc:$LD
	usable "$TC" || continue
	in_dir "wrap_$LD"
	n="wrap bypassed ($TC)"
	# shellcheck disable=SC2086
	objects nolto gcc "" $WRAP && gcc -O2 -fuse-ld=$LD $OBJS -Wl,--wrap=io_submit -o ref.out 2>ref.err
	# shellcheck disable=SC2086
	objects lto gcc "" $WRAP && gcc -O2 -flto -fuse-ld=$LD $OBJS -Wl,--wrap=io_submit -o plain.out 2>plain.err
	if [ "$(run ref.out)" = 1008 ] && [ "$(run plain.out)" = 8 ]; then
		pass "$n: without LTO 1008, plain LTO 8"
	else
		fail "$n: without LTO 1008, plain LTO 8" "without LTO '$(run ref.out)', plain LTO '$(run plain.out)'"
	fi
	rm -f report.json
	# shellcheck disable=SC2086
	LTO_SAFE_REPORT=report.json LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$LD $OBJS \
		-Wl,--wrap=io_submit -Wl,--wrap=io_submit -o safe.out >safe.out.err 2>&1
	if [ "$(run safe.out)" = 1008 ] && ! grep -q '^lto-safe: warning' safe.out.err &&
		[ "$(grep -c -- '--wrap=io_submit: lc_wrap_io.gcc.lto.o defines io_submit' safe.out.err)" = 1 ]; then
		pass "$n: through lto-safe 1008, one note"
	else
		fail "$n: through lto-safe 1008, one note" "got '$(run safe.out)': $(cat safe.out.err)"
	fi
	check_report "wrap bypassed" "$TC" report.json $WRAPPED
	# shellcheck disable=SC2086
	LTO_SAFE_WRAP=0 "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$LD $OBJS -Wl,--wrap=io_submit \
		-Wl,--wrap=io_submit -o safe.out >safe.out.err 2>&1
	w=$(grep '^lto-safe: warning' safe.out.err)
	if [ "$(printf '%s\n' "$w" | grep -c .)" = 1 ] &&
		printf '%s' "$w" | grep -q -- "--wrap=io_submit is bypassed: io_submit is defined in LTO IR (lc_wrap_io.gcc.lto.o)" &&
		printf '%s' "$w" | grep -q "referenced from LTO IR (lc_wrap_main.gcc.lto.o)" &&
		printf '%s' "$w" | grep -q "lto-safe cannot link it as machine code: LTO_SAFE_WRAP=0" &&
		printf '%s' "$w" | grep -q "fix: compile the unit that defines io_submit (lc_wrap_io.gcc.lto.o) without LTO (-fno-lto)$"; then
		pass "$n: LTO_SAFE_WRAP=0, one warning"
	else
		fail "$n: LTO_SAFE_WRAP=0, one warning" "$(cat safe.out.err)"
	fi
	# the program is the plain LTO one: the warning does not hide it
	if [ "$(run safe.out)" = 8 ]; then
		pass "$n: LTO_SAFE_WRAP=0, the program is plain LTO's"
	else
		fail "$n: LTO_SAFE_WRAP=0, the program is plain LTO's" "got '$(run safe.out)'"
	fi
	cd "$T" || exit 1
done

# clang with lld wraps IR definitions itself: no warning, same program
TC=clang:lld
if usable "$TC"; then
	in_dir wrap_lld
	lc_case "wrap, definition and caller in IR" "$TC" works 1008 "$WRAPPED" "" "$WRAP" -Wl,--wrap=io_submit
	cd "$T" || exit 1
fi
