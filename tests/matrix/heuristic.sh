#!/bin/bash
# GCC 16's -flto-toplevel-asm-heuristics next to lto-safe, measured: the
# cases of the end-to-end scripts where plain LTO loses a symbol (and one
# where it loses nothing) linked four ways in the toolchain matrix's sid
# tree (GCC 16, tests/matrix/run.sh makes it): plain GCC LTO, plain LTO
# with the option on the link, through lto-safe-cc, through lto-safe-cc
# with the option; with ld.bfd and gold, each compared to the same program
# linked without LTO.  Each cell says whether it links, whether the program
# does what it does without LTO, what lto-safe kept (its JSON report) and
# whether its output is byte for byte the plain link's of the same column
# (else the sections whose size differs, size -A); an lto-safe link with
# the option that keeps a name the option already keeps is flagged.
# See doc/toolchains.md, "GCC 16's -flto-toplevel-asm-heuristics".
#
#   tests/matrix/heuristic.sh          run it: writes RESULTS/gcc16-heuristic
#   tests/matrix/heuristic.sh --table  the table and notes from the results file
#   tests/matrix/heuristic.sh --page   doc/toolchains.md's table from the results file
#
# The lto-safe measured is the commit (git archive HEAD, or HEURISTIC_REV),
# copied into the tree's /root/heur-cmp and built there with GCC 16 (again
# only when the commit changed); the links run from /root/heur-cmp/work,
# under nice.  Needs
# root (tests/matrix/run.sh --exec).
#
# MATRIX_DIR      the trees (default /work/matrix), as for run.sh
# MATRIX_NICE     niceness of the build and the links (default 10)
# MATRIX_JOBS     make -j of the lto-safe build (default 2)
# MATRIX_RESULTS  where the results file goes (default tests/matrix/results)
# HEURISTIC_REV   the lto-safe commit to measure (default HEAD; one from
#                 before lto-safe knew the option, such as c0a6437, shows
#                 the keeping twice that the table flags)
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SELF=$ROOT/tests/matrix/heuristic.sh
RESULTS=${MATRIX_RESULTS:-$ROOT/tests/matrix/results}
OUT=$RESULTS/gcc16-heuristic
WORK=${MATRIX_DIR:-/work/matrix}
NICE=${MATRIX_NICE:-10}
JOBS=${MATRIX_JOBS:-2}
SUITE=sid
DIR=heur-cmp # in the tree's /root
H=-flto-toplevel-asm-heuristics

die() { echo "heuristic: $*" >&2; exit 1; }
say() { echo "heuristic: $*" >&2; }

# ===========================================================================
# In the tree (--inside, from /root/heur-cmp): every link, and one line per
# fact in ./raw, fields separated by tabs:
#   version KEY VALUE      gcc, bfd, gold
#   title N TEXT           case N
#   cell N LD COLUMN TEXT  COLUMN: plain, plainh, safe, safeh (+ heuristic)
#   want N LD TEXT         what the program does linked without LTO
#   double N LD NAMES      what safeh keeps that plainh keeps already ("-")
#   note TEXT
# ===========================================================================
LDS="bfd gold"

emit() {
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$RAW"
}

# objs FLAGS... -- SRC...: each SRC compiled to BASE.o with -flto and to
# BASE.n.o without (the option is not on the compile: only the link reads it)
objs() {
	local fl=() s b
	while [ "$1" != -- ]; do
		fl+=("$1")
		shift
	done
	shift
	for s in "$@"; do
		b=$(basename "$s" .c)
		gcc -O2 "${fl[@]}" -flto -c "$s" -o "$b.o" && gcc -O2 "${fl[@]}" -c "$s" -o "$b.n.o" ||
			return 1
	done
}

# why ERRFILE: a failed link in a few words: the undefined names, else the
# first error line
why() {
	local u
	u=$(grep -o "undefined reference to [\`'][^']*'" "$1" | sed "s/^undefined reference to .//; s/'\$//" |
		awk '!s[$0]++' | words)
	if [ -n "$u" ]; then
		echo "undefined $u"
		return
	fi
	{ grep 'Error: ' "$1" | sed 's/^.*Error: /assembler: /'; grep -i 'error' "$1" | grep -v 'collect2: error'; } |
		grep -v '^lto-safe: [^e]' | head -1 | tr -d "\`'" | cut -c1-100 | grep . || echo "status, no message"
}

# probe LD COLUMN KIND: what the output of a link does: a program's output
# (and its status when not 0); a library's (KIND lib): what a program
# linked with it prints, and the versions of foo it exports
probe() {
	local d=$1.$2 st
	if [ "$3" = lib ]; then
		(cd "$d" && gcc -fuse-ld="$1" ../ir_symver_main.n.o -L. -lsv -o prog >prog.err 2>&1 &&
			LD_LIBRARY_PATH=. timeout 20 ./prog 2>&1) || echo "(no program links with it)"
		printf 'foo versions: %s\n' "$(objdump -T "$d/libsv.so" 2>/dev/null | awk '$NF == "foo" { print $(NF - 1) }' |
			sort | paste -sd' ' -)"
		return
	fi
	(cd "$d" && timeout 20 ./a.out 2>&1)
	st=$?
	[ $st = 0 ] || echo "[exit $st]"
}

# the output's sections and sizes (size -A), "NAME SIZE" lines
sizes() { size -A "$1" 2>/dev/null | awk 'NR > 2 && $1 != "Total" && NF >= 2 { print $1, $2 }'; }

# compare LD A B OUT: how A's output compares with B's: "byte-identical
# to B", else the sections whose size differs ("not byte-identical:
# .text +16"); B2 (a second link of B) tells whether B's own links differ
compare() {
	local fa=$1.$2/$4 fb=$1.$3/$4 fb2=$1.${3}2/$4 d also=
	if cmp -s "$fa" "$fb"; then
		echo "byte-identical to $(label "$3")"
		return
	fi
	[ -f "$fb2" ] && ! cmp -s "$fb" "$fb2" && also="; two $(label "$3") links differ from one another too"
	d=$(join -a1 -a2 -e 0 -o 0,1.2,2.2 <(sizes "$fa" | sort) <(sizes "$fb" | sort) |
		awk '$2 != $3 { printf "%s%s %+d", (n++ ? ", " : ""), $1, $2 - $3 }')
	if [ -z "$d" ]; then
		echo "not byte-identical to $(label "$3"), the same section sizes$also"
	else
		echo "not byte-identical to $(label "$3"): $d bytes$also"
	fi
}

label() {
	case $1 in
	plain) echo "plain" ;;
	plainh) echo "plain + heuristic" ;;
	esac
}

# report_names JSON ARRAY [PATTERN]: the symbols (members for "given") of
# the report's ARRAY whose entry matches PATTERN, in order, one a line
report_names() {
	[ -f "$1" ] || return 0
	awk -v want="$2" -v pat="${3-}" '
		/"kept":\[/ { cur = "kept" }
		/"seen":\[/ { cur = "seen" }
		/"given":\[/ { cur = "given" }
		/^ *\{"/ && cur == want && (pat == "" || index($0, pat)) {
			key = (cur == "given") ? "\"member\":\"" : "\"symbol\":\""
			i = index($0, key)
			if (!i) next
			s = substr($0, i + length(key)); sub(/".*/, "", s); print s
		}' "$1"
}

# words: the lines of stdin on one line, ", " between them; oneline: " / "
words() { awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $0 } END { if (NR) print "" }'; }
oneline() { awk '{ printf "%s%s", (NR > 1 ? " / " : ""), $0 } END { if (NR) print "" }'; }

# defined OUTPUT: the names OUTPUT's symbol table defines
defined() { nm --defined-only "$1" 2>/dev/null | awk 'NF >= 3 { print $3 }' | sort -u; }

# measure N LD KIND ARGS: the case linked without LTO (ARGS with the .n.o
# objects and .n.a archives) and the four ways, and its cells
measure() {
	local n=$1 ld=$2 kind=$3 args=$4 ref out=a.out want c t k g s b p dbl
	local -A ok got
	ref=$(printf '%s\n' "$args" | sed 's/\([^ ]*\)\.o\b/\1.n.o/g; s/\(lib[^ ]*\)\.a\b/\1.n.a/g')
	[ "$kind" = lib ] && out=libsv.so
	rm -rf "$ld".*
	mkdir -p "$ld.ref"
	# every link writes the same file name, then moved to its directory:
	# gold writes the name into a shared library (the base version's)
	# shellcheck disable=SC2086
	if ! { gcc -O2 -fuse-ld="$ld" $ref -o "$out" >"$ld.ref.err" 2>&1 && mv "$out" "$ld.ref/"; }; then
		emit note "case $n ($ld): the link without LTO fails ($(why "$ld.ref.err")): left out"
		return
	fi
	want=$(probe "$ld" ref "$kind")
	for c in plain plainh safe safeh plain2 plainh2; do
		local fl=(-O2 -flto) pre=()
		case $c in plainh* | safeh) fl+=("$H") ;; esac
		case $c in safe*) pre=(env LTO_SAFE_VERBOSE=1 "LTO_SAFE_REPORT=$PWD/$ld.$c.json" "$BIN") ;; esac
		mkdir -p "$ld.$c"
		rm -f "$out"
		# shellcheck disable=SC2086
		if "${pre[@]}" gcc "${fl[@]}" -fuse-ld="$ld" $args -o "$out" >"$ld.$c.err" 2>&1 && mv "$out" "$ld.$c/"; then
			ok[$c]=1
			got[$c]=$(probe "$ld" "$c" "$kind")
		else
			ok[$c]=0
			got[$c]=
		fi
	done
	for c in plain plainh safe safeh; do
		if [ "${ok[$c]}" = 0 ]; then
			t="fails ($(why "$ld.$c.err"))"
		elif [ "${got[$c]}" != "$want" ]; then
			t="links, wrong output ($(printf '%s\n' "${got[$c]}" | oneline | cut -c1-60))"
		else
			t=works
		fi
		case $c in
		safe*)
			k=$(report_names "$ld.$c.json" kept | words)
			t="$t, kept $(report_names "$ld.$c.json" kept | grep -c .)${k:+ ($k)}"
			g=$(report_names "$ld.$c.json" given | words)
			[ -z "$g" ] || t="$t, gave $g to the linker"
			s=$(report_names "$ld.$c.json" seen toplevel-asm-heuristics | words)
			[ -z "$s" ] || t="$t, $s left to the heuristic"
			! grep -q '^lto-safe: .*adding -flto-partition=one' "$ld.$c.err" || t="$t, added -flto-partition=one"
			;;
		esac
		# a working output next to the plain link's of its column pair
		# when that one works too (lto-safe's: to plain + heuristic's
		# when only that one works)
		if [ "${t%%,*}" = works ]; then
			b=
			for p in $(case $c in plainh) echo plain ;; safe) echo plain plainh ;; safeh) echo plainh ;; esac); do
				[ "${ok[$p]}" = 1 ] && [ "${got[$p]}" = "$want" ] && b=$p && break
			done
			[ -z "$b" ] || t="$t, $(compare "$ld" "$c" "$b" "$out")"
		fi
		# a name lto-safe keeps with the option that the option keeps
		# already: the plain link with it defines the name, and the one
		# without it does not (or fails, and the name is kept for
		# top-level asm)
		if [ "$c" = safeh ] && [ "${ok[plainh]}" = 1 ]; then
			dbl=$(report_names "$ld.safeh.json" kept | while read -r s; do
				defined "$ld.plainh/$out" | grep -qx -- "$s" || continue
				if [ "${ok[plain]}" = 1 ]; then
					defined "$ld.plain/$out" | grep -qx -- "$s" && continue
				else
					report_names "$ld.safeh.json" kept "top-level asm" | grep -qx -- "$s" || continue
				fi
				echo "$s"
			done | words)
			[ -z "$dbl" ] || t="$t, keeps what the heuristic keeps: $dbl"
			emit double "$n" "$ld" "${dbl:--}"
		fi
		emit cell "$n" "$ld" "$c" "$t"
	done
	emit want "$n" "$ld" "$(printf '%s\n' "$want" | oneline)"
}

# case_dir N: a fresh directory for case N
case_dir() { rm -rf "${W:?}/$1" && mkdir -p "$W/$1" && cd "$W/$1" || exit 1; }

inside() {
	local n ld i top=$PWD
	S=$PWD/tests/e2e/src
	BIN=$PWD/build/bin/lto-safe-cc
	W=$PWD/work
	RAW=$PWD/raw.new
	[ -x "$BIN" ] || die "no $BIN"
	: >"$RAW"
	emit version gcc "$(gcc -dumpfullversion)"
	emit version bfd "$(ld.bfd --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"
	emit version gold "$(ld.gold --version | sed -n '1s/.* \([0-9][0-9.]*\)$/\1/p')"
	gcc "$H" -fsyntax-only -x c /dev/null >/dev/null 2>&1 || die "gcc $(gcc -dumpfullversion) has no $H"
	rm -rf "$W"

	n=1
	emit title $n "top-level asm trampoline, target in another object"
	case_dir $n
	objs -- "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" || die "case $n: compile"
	for ld in $LDS; do measure $n "$ld" prog "ir_tramp_main.o ir_tramp_impl.o"; done

	n=2
	emit title $n "the same, target in the asm's unit"
	case_dir $n
	objs -- "$S/ir_same_tramp.c" "$S/ir_same_main.c" || die "case $n: compile"
	for ld in $LDS; do measure $n "$ld" prog "ir_same_tramp.o ir_same_main.o"; done

	n=3
	emit title $n "inline asm call"
	case_dir $n
	objs -- "$S/ir_inl_main.c" "$S/ir_inl_impl.c" || die "case $n: compile"
	for ld in $LDS; do measure $n "$ld" prog "ir_inl_main.o ir_inl_impl.o"; done

	n=4
	emit title $n "registration table, \`__start_\`/\`__stop_\`"
	case_dir $n
	objs -- "$S/ir_reg_entries.c" "$S/ir_reg_main.c" || die "case $n: compile"
	for ld in $LDS; do measure $n "$ld" prog "ir_reg_entries.o ir_reg_main.o"; done

	n=5
	emit title $n "archive member only the asm needs (case 1, \`gcc-ar\`)"
	case_dir $n
	if ! { objs -- "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c" && gcc-ar rcs libirtramp.a ir_tramp_impl.o &&
		ar rcs libirtramp.n.a ir_tramp_impl.n.o; }; then
		die "case $n: compile"
	fi
	for ld in $LDS; do measure $n "$ld" prog "ir_tramp_main.o libirtramp.a"; done

	n=6
	emit title $n "\`--wrap\`, definition and caller in IR"
	case_dir $n
	objs -- "$S/lc_wrap_main.c" "$S/lc_wrap_io.c" "$S/lc_wrap_wrap.c" || die "case $n: compile"
	for ld in $LDS; do
		measure $n "$ld" prog "lc_wrap_main.o lc_wrap_io.o lc_wrap_wrap.o -Wl,--wrap=io_submit"
	done

	n=7
	emit title $n "\`KEEP\` in a linker script, \`--gc-sections\`"
	case_dir $n
	objs -ffunction-sections -fdata-sections -- "$S/lc_tab_main.c" "$S/lc_tab_entries.c" || die "case $n: compile"
	for ld in $LDS; do
		# gold has no INSERT: a whole script (as in linkcmd.sh)
		i="-Wl,-T,$S/lc_keep_insert.ld"
		[ "$ld" = gold ] && i="-no-pie -Wl,-T,$S/lc_keep_full.ld"
		measure $n "$ld" prog "lc_tab_main.o lc_tab_entries.o -Wl,--gc-sections $i"
	done

	n=8
	emit title $n "\`.symver\` in top-level asm (shared library)"
	case_dir $n
	if ! { objs -fPIC -- "$S/ir_symver_lib.c" && gcc -O2 -c "$S/ir_symver_main.c" -o ir_symver_main.n.o; }; then
		die "case $n: compile"
	fi
	for ld in $LDS; do
		measure $n "$ld" lib "-shared -Wl,--version-script=$S/ir_symver.map ir_symver_lib.o"
	done

	n=8b
	emit title $n "\`.symver\` in top-level asm, the link in 16 partitions (shared library)"
	case_dir $n
	if ! { objs -fPIC -- "$S/ir_symver_part.c" && gcc -O2 -c "$S/ir_symver_main.c" -o ir_symver_main.n.o; }; then
		die "case $n: compile"
	fi
	for ld in $LDS; do
		measure $n "$ld" lib "-shared --param=lto-min-partition=1 --param=lto-partitions=16 \
-Wl,--version-script=$S/ir_symver_part.map ir_symver_part.o"
	done

	n=9
	emit title $n "string literals that read like asm (and one inline asm call)"
	case_dir $n
	objs -- "$S/ir_lit_check.c" "$S/ir_lit_lib.c" "$S/ir_lit_main.c" || die "case $n: compile"
	for ld in $LDS; do measure $n "$ld" prog "ir_lit_check.o ir_lit_lib.o ir_lit_main.o"; done

	n=10
	emit title $n "GCC slim archive by \`llvm-ar\` (index without the IR's names)"
	if ! command -v llvm-ar >/dev/null; then
		emit note "case $n: no llvm-ar in the tree: left out"
	else
		case_dir $n
		# tests/e2e/archive_index.sh's program: prints f1() + f2() = 6
		echo 'int f1(void) { return 1; }' >f1.c
		printf '%s\n' 'int f3(void);' 'int f2(void) { return 2 + f3(); }' >f2.c
		echo 'int f3(void) { return 3; }' >f3.c
		echo 'int unused_fn(void) { return 9; }' >unused.c
		printf '%s\n' '#include <stdio.h>' 'int f1(void), f2(void);' \
			'int main(void) { printf("%d\n", f1() + f2()); return 0; }' >main.c
		if ! { objs -- f1.c f2.c f3.c unused.c main.c && llvm-ar rcs libla.a f1.o f2.o f3.o unused.o &&
			llvm-ar rcs libla.n.a f1.n.o f2.n.o f3.n.o unused.n.o; }; then
			die "case $n: compile"
		fi
		for ld in $LDS; do measure $n "$ld" prog "main.o libla.a"; done
	fi

	n=11
	emit title $n "nothing to keep (300 functions in 2 files)"
	case_dir $n
	sh "$S/ir_gen.sh" # gcc_ir.sh case 10's program
	objs -- ir_gen.c ir_gen_main.c || die "case $n: compile"
	for ld in $LDS; do measure $n "$ld" prog "ir_gen.o ir_gen_main.o"; done

	mv "$RAW" "$top/raw"
}

# ===========================================================================
# On the machine: the run, the results file, doc/toolchains.md's table
# ===========================================================================
COLS="plain plainh safe safeh"

# table RAW: the Markdown table (a row per case; a row per linker where
# bfd's and gold's cells differ) and the notes under it
table() {
	local raw=$1 n title ld c row rows lds dbl
	echo "| case | plain | plain + heuristic | lto-safe | lto-safe + heuristic |"
	echo "|---|---|---|---|---|"
	while IFS=$'\t' read -r _ n title; do
		lds=$(awk -F'\t' -v n="$n" '$1 == "cell" && $2 == n && !s[$3]++ { print $3 }' "$raw")
		[ -n "$lds" ] || continue
		rows=
		for ld in $lds; do
			row=
			for c in $COLS; do
				row="$row | $(awk -F'\t' -v n="$n" -v l="$ld" -v c="$c" \
					'$1 == "cell" && $2 == n && $3 == l && $4 == c { print $5 }' "$raw")"
			done
			rows="$rows$ld$row"$'\n'
		done
		if [ "$(printf '%s' "$rows" | cut -d' ' -f2- | sort -u | wc -l)" = 1 ]; then
			echo "| $n. $title ($(echo "$lds" | paste -sd, - | sed 's/,/, /g')) | $(printf '%s' "$rows" | head -1 | cut -d' ' -f3-) |"
		else
			printf '%s' "$rows" | while read -r ld row; do
				echo "| $n. $title ($ld) $row |"
			done
		fi
	done < <(grep "^title"$'\t' "$raw")
	echo
	echo "Right output: what the same program prints linked without LTO$(awk -F'\t' '$1 == "want" && !s[$2]++ { printf "%s%s: %s", (k++ ? "; " : " ("), $2, $4 } END { if (k) printf ")" }' "$raw")."
	dbl=$(awk -F'\t' '$1 == "double" && $4 != "-" { printf "%s%s (case %s, %s)", (k++ ? ", " : ""), $4, $2, $3 }' "$raw")
	echo
	if [ -n "$dbl" ]; then
		echo "lto-safe with the option kept what the option keeps already: $dbl."
	else
		echo "lto-safe with the option kept nothing that the option keeps already, in any case."
	fi
	awk -F'\t' '$1 == "note" { print ""; print $2 "." }' "$raw"
}

run() {
	local rev short d log t0
	[ "$(id -u)" = 0 ] || die "needs root (tests/matrix/run.sh --exec)"
	[ -f "$WORK/$SUITE/.matrix-made" ] || say "no $SUITE tree yet: tests/matrix/run.sh makes it (root, the Debian mirror)"
	rev=$(git -C "$ROOT" rev-parse --verify "${HEURISTIC_REV:-HEAD}^{commit}") ||
		die "no commit ${HEURISTIC_REV:-HEAD} in $ROOT"
	short=$(git -C "$ROOT" rev-parse --short "$rev")
	d=$WORK/$SUITE/root/$DIR
	log=$WORK/logs/heuristic.log
	mkdir -p "$WORK/logs" || die "cannot make $WORK/logs"
	# the commit's source, copied and built again only when HEAD changed
	if [ "$(cat "$d/.commit" 2>/dev/null)" != "$rev" ]; then
		rm -rf "$d"
		mkdir -p "$d" || die "cannot make $d"
		git -C "$ROOT" archive "$rev" | tar -x -C "$d" || die "cannot copy the source into $d"
		echo "$rev" >"$d/.commit"
	fi
	cp "$SELF" "$d/heuristic-run.sh" || die "cannot copy this script into $d"
	rm -f "$d/raw"
	say "lto-safe $short in the $SUITE tree's /root/$DIR: build and links (log: $log)"
	t0=$(date +%s)
	bash "$ROOT/tests/matrix/run.sh" --exec "$SUITE" "cd $DIR &&
		{ [ -x build/bin/lto-safe-cc ] || nice -n $NICE make -j$JOBS CC=gcc all >build.log 2>&1 ||
			{ tail -20 build.log; exit 1; }; } &&
		nice -n $NICE bash heuristic-run.sh --inside" >"$log" 2>&1 ||
		{ tail -20 "$log" >&2; die "the run in the $SUITE tree failed"; }
	[ -s "$d/raw" ] || die "no results in $d/raw"
	ver() { awk -F'\t' -v k="$1" '$1 == "version" && $2 == k { print $3 }' "$d/raw"; }
	mkdir -p "$RESULTS"
	{
		echo "# gcc16 heuristic: $(date -u +%Y-%m-%d), lto-safe $short, gcc $(ver gcc), ld.bfd $(ver bfd), gold $(ver gold), Debian $SUITE tree"
		table "$d/raw"
	} >"$OUT.new" && mv "$OUT.new" "$OUT"
	say "$OUT written ($(($(date +%s) - t0)) s)"
	cat "$OUT"
}

# the results file without its first line, after a sentence made from it
# (the date and the toolchain: the commit measured stays in the results)
results_text() {
	[ -f "$OUT" ] || die "no $OUT: run tests/matrix/heuristic.sh first"
	sed -n '1s/^# gcc16 heuristic: \([^,]*\), lto-safe [^,]*, gcc \([^,]*\), ld.bfd \([^,]*\), gold \([^,]*\), .*/Measured \1 with GCC \2, ld.bfd \3 and gold \4:/p' "$OUT"
	echo
	tail -n +2 "$OUT"
}

# doc/toolchains.md's table between its gcc16 heuristic markers
write_page() {
	local page=$ROOT/doc/toolchains.md t
	grep -q '^<!-- gcc16 heuristic table: begin' "$page" 2>/dev/null ||
		die "doc/toolchains.md has no gcc16 heuristic table markers"
	t=$(mktemp) || exit 1
	results_text >"$t" || { rm -f "$t"; exit 1; }
	awk -v t="$t" '
		/^<!-- gcc16 heuristic table: begin/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/^<!-- gcc16 heuristic table: end/ { skip = 0 }
		!skip' "$page" >"$page.new" && mv "$page.new" "$page"
	rm -f "$t"
	echo "doc/toolchains.md: gcc16 heuristic table written"
}

# --- main (a function: bash reads it whole, so editing this file while it
# runs cannot break the run) ----------------------------------------------
main() {
	case ${1-} in
	--inside) inside ;;
	--table) results_text ;;
	--page) write_page ;;
	--readme) die "the table is in doc/toolchains.md now: --page writes it" ;;
	"") run ;;
	*) die "usage: heuristic.sh [--table|--page]" ;;
	esac
}

main "$@"; exit
