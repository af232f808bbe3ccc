#!/bin/sh
# shellcheck disable=SC2046 # $(index_only) and $(natives) are lists of words
# End-to-end: distributed ThinLTO in three steps, as Bazel and Buck2 run it:
# a thin link that writes one index per module and no program
# (-Wl,--thinlto-index-only, or -Wl,-plugin-opt,thinlto-index-only with
# gold), one backend per module (clang -c -x ir X.o -fthinlto-index=...),
# and a final native link.  main's inline asm calls inl_target, which no C
# code names (src/ir_inl_main.c, src/ir_inl_impl.c).  Each case checks that
# the plain pipeline breaks it (the final link fails for inl_target), and
# that with the thin link through lto-safe-cc the index keeps inl_target,
# its backend defines it, the final link through lto-safe-cc works (and
# gives the plain final link's program byte for byte), the report keeps
# exactly inl_target and lto-safe prints nothing.  Cases: lld and gold
# with clang 14; index files under another directory
# (--thinlto-prefix-replace) with imports files; clang 19's
# -fthin-link-bitcode (minimized bitcode for the thin link, full bitcode
# named by --thinlto-object-suffix-replace), and what lto-safe says when
# it cannot read the full bitcode.
. "$(dirname "$0")/lib.sh"
need clang || exit 0
x86_64_only "x86-64 asm cases" clang || exit 0
S=$E2E_SRC
DIR=
mktmp
cd "$T" || exit 1
. "$ROOT/tests/e2e/lib_ir.sh"
WANT="inl_target(9) = 65"
MODS="ir_inl_main ir_inl_impl"

# thin-link options for LD (lld or gold): index only, with FILE if given
index_only() {
	if [ $1 = gold ]; then
		echo "-Wl,-plugin-opt,thinlto-index-only${2:+=$2}"
	else
		echo "-Wl,--thinlto-index-only${2:+=$2}"
	fi
}
# the same for a linker option OPT=VALUE (prefix or suffix replace)
ldopt() {
	if [ $1 = gold ]; then echo "-Wl,-plugin-opt,thinlto-$2"; else echo "-Wl,--thinlto-$2"; fi
}

# at DIR NAME: DIR/NAME, or NAME when DIR is empty or "."
at() { case $1 in "" | .) echo "$2" ;; *) echo "$1/$2" ;; esac; }

# backends CC DIR IDX: DIR/X.o with IDX/X.o.thinlto.bc to IDX/X.native.o.
# The backend finds its module in the index by the path the thin link
# read: "./X.o" for "X.o" gives an empty object with clang 19.
backends() {
	for _m in $MODS; do
		"$1" -O2 -c -x ir "$(at "$2" $_m.o)" -fthinlto-index="$(at "$3" $_m.o.thinlto.bc)" \
			-o "$(at "$3" $_m.native.o)" >>be.err 2>&1 || return 1
	done
}

# natives IDX: the native objects of the backends, in link order
natives() { for _m in $MODS; do printf '%s ' "$(at "$1" $_m.native.o)"; done; }

# check_pipeline NAME CC LD IDX: after a thin link through lto-safe (its
# stderr in safe.err, report in report.json): (b) index files, a backend
# that defines inl_target, a final native link through lto-safe that
# works, prints WANT and equals the plain final link's program; (c) the
# report; (d) unused_fn removed; and no lto-safe message.
check_pipeline() {
	_n=$1 _cc=$2 _ld=$3 _idx=$4
	if [ -s safe.err ]; then
		fail "$_n: the thin link through lto-safe is quiet ($_ld)" "$(cat safe.err)"
	else
		pass "$_n: the thin link through lto-safe is quiet ($_ld)"
	fi
	check_report "$_n" "$_ld" report.json inl_target
	if ! backends "$_cc" "$DIR" "$_idx"; then
		fail "$_n: backends ($_ld)" "$(cat be.err)"
		return
	fi
	if nm "$(at "$_idx" ir_inl_impl.native.o)" | grep -q ' T inl_target$'; then
		pass "$_n: the backend keeps inl_target ($_ld)"
	else
		fail "$_n: the backend keeps inl_target ($_ld)" "$(nm "$(at "$_idx" ir_inl_impl.native.o)")"
	fi
	# shellcheck disable=SC2046
	if "$LTO_SAFE_BIN" "$_cc" -fuse-ld=$_ld $(natives "$_idx") -o final.out >final.err 2>&1 &&
		[ "$(run final.out)" = "$WANT" ] && [ ! -s final.err ]; then
		pass "$_n: final native link through lto-safe, right output ($_ld)"
	else
		fail "$_n: final native link through lto-safe, right output ($_ld)" "$(cat final.err)
$(run final.out 2>&1)"
	fi
	# shellcheck disable=SC2046
	if "$_cc" -fuse-ld=$_ld $(natives "$_idx") -o final.plain >/dev/null 2>&1 &&
		cmp -s final.out final.plain; then
		pass "$_n: the final link through lto-safe is the plain one, byte for byte ($_ld)"
	else
		fail "$_n: the final link through lto-safe is the plain one, byte for byte ($_ld)"
	fi
	check_absent "$_n" "$_ld" final.out
}

# plain_pipeline NAME CC LD IDX THIN-LINK-ARGS...: (a) the plain thin link
# works, and the final link fails for inl_target (or its program is wrong)
plain_pipeline() {
	_n=$1 _cc=$2 _ld=$3 _idx=$4
	shift 4
	rm -f be.err
	if ! "$_cc" -fuse-ld=$_ld "$@" >plain.err 2>&1 || ! backends "$_cc" "$DIR" "$_idx"; then
		fail "$_n: plain pipeline breaks it ($_ld)" "the plain thin link or a backend failed:
$(cat plain.err be.err 2>/dev/null)"
		return
	fi
	rm -f plain.out
	# shellcheck disable=SC2046
	if "$_cc" -fuse-ld=$_ld $(natives "$_idx") -o plain.out >plain.err 2>&1; then
		if [ "$(run plain.out)" = "$WANT" ]; then
			fail "$_n: plain pipeline breaks it ($_ld)" "the plain pipeline worked: test proves nothing"
		else
			pass "$_n: plain pipeline breaks it ($_ld)"
		fi
	elif grep -q "undefined reference to .inl_target\|undefined symbol: inl_target" plain.err; then
		pass "$_n: plain pipeline breaks it ($_ld)"
	else
		fail "$_n: plain pipeline breaks it ($_ld)" "the final link failed, but not for inl_target:
$(cat plain.err)"
	fi
}

# safe_thin NAME LD THIN-LINK-ARGS...: the thin link through lto-safe;
# a FAIL line when it fails
safe_thin() {
	_n=$1 _ld=$2
	shift 2
	rm -f report.json be.err
	if LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" "$@" >safe.err 2>&1; then
		return 0
	fi
	fail "$_n: thin link through lto-safe ($_ld)" "$(cat safe.err)"
	return 1
}

clean() { rm -f ./*.thinlto.bc ./*.native.o ./*.imports list final.* plain.* safe.* report.json; }

# 1. clang 14, the index files beside the objects; a stale program of the
# output's name is there (a thin link writes none: it is not checked).
for ld in lld gold; do
	in_dir "d1-$ld"
	n="d1 thin link, backends, final link"
	have_ld clang $ld || { skip "$n ($ld)" "ld.$ld missing"; continue; }
	for m in $MODS; do compile "$n" clang -O2 -flto=thin "$S/$m.c" || continue 2; done
	plain_pipeline "$n" clang $ld . -O2 -flto=thin $(index_only $ld) ir_inl_main.o ir_inl_impl.o -o prog
	clean
	echo 'int main(void) { return 0; }' >stale.c && clang stale.c -o prog
	cp prog stale.copy
	safe_thin "$n" $ld clang -O2 -flto=thin -fuse-ld=$ld $(index_only $ld) ir_inl_main.o ir_inl_impl.o -o prog || continue
	if cmp -s prog stale.copy && [ -f ir_inl_main.o.thinlto.bc ] && [ -f ir_inl_impl.o.thinlto.bc ]; then
		pass "$n: index files written, the stale output untouched ($ld)"
	else
		fail "$n: index files written, the stale output untouched ($ld)" "$(ls -l)"
	fi
	check_pipeline "$n" clang $ld .
done

# 2. Index files under another directory (--thinlto-prefix-replace=OLD;NEW),
# with the list of backends (--thinlto-index-only=FILE) and imports files.
for ld in lld gold; do
	in_dir "d2-$ld"
	n="d2 prefix-replace, imports files"
	have_ld clang $ld || { skip "$n ($ld)" "ld.$ld missing"; continue; }
	mkdir -p obj idx
	for m in $MODS; do compile "$n" clang -O2 -flto=thin "$S/$m.c" -o obj/$m.o || continue 2; done
	THIN="-O2 -flto=thin $(index_only $ld idx/list) $(ldopt $ld emit-imports-files) $(ldopt $ld 'prefix-replace=obj/;idx/')"
	DIR=obj
	# shellcheck disable=SC2086
	plain_pipeline "$n" clang $ld idx $THIN obj/ir_inl_main.o obj/ir_inl_impl.o -o idx/prog
	rm -rf idx && mkdir idx
	# shellcheck disable=SC2086
	safe_thin "$n" $ld clang -fuse-ld=$ld $THIN obj/ir_inl_main.o obj/ir_inl_impl.o -o idx/prog || { DIR=; continue; }
	if [ "$(cat idx/list 2>/dev/null)" = "idx/ir_inl_main.o
idx/ir_inl_impl.o" ] && [ -f idx/ir_inl_main.o.imports ] && [ -f idx/ir_inl_impl.o.thinlto.bc ] &&
		[ "$(ls obj)" = "ir_inl_impl.o
ir_inl_main.o" ]; then
		pass "$n: index, list and imports files under idx/ only ($ld)"
	else
		fail "$n: index, list and imports files under idx/ only ($ld)" "$(find . -type f | sort; cat idx/list)"
	fi
	check_pipeline "$n" clang $ld idx
	DIR=
done

# 3. clang 19's minimized bitcode: the thin link reads X.thinlink.o (no
# function bodies, so no inline asm), the backends the full X.o, named by
# --thinlto-object-suffix-replace=.thinlink.o;.o.
if command -v clang-19 >/dev/null 2>&1; then
	for ld in lld gold; do
		in_dir "d3-$ld"
		n="d3 clang-19 -fthin-link-bitcode"
		have_ld clang-19 $ld || { skip "$n ($ld)" "ld.$ld for clang-19 missing"; continue; }
		for m in $MODS; do
			compile "$n" clang-19 -O2 -flto=thin "$S/$m.c" -fthin-link-bitcode=$m.thinlink.o || continue 2
		done
		THIN="-O2 -flto=thin $(index_only $ld) $(ldopt $ld 'object-suffix-replace=.thinlink.o;.o')"
		# shellcheck disable=SC2086
		plain_pipeline "$n" clang-19 $ld . $THIN ir_inl_main.thinlink.o ir_inl_impl.thinlink.o -o prog
		clean
		# shellcheck disable=SC2086
		safe_thin "$n" $ld clang-19 -fuse-ld=$ld $THIN ir_inl_main.thinlink.o ir_inl_impl.thinlink.o -o prog &&
			check_pipeline "$n" clang-19 $ld .

		# the thin link where the full bitcode is not (a sandbox given only
		# the minimized files): one warning, the thin link's own status;
		# an error in strict mode; a keep rule still works
		n="d3 minimized bitcode without the full bitcode"
		mkdir -p sandbox && cp ir_inl_main.thinlink.o ir_inl_impl.thinlink.o sandbox/
		cd sandbox || exit 1
		# shellcheck disable=SC2086
		"$LTO_SAFE_BIN" clang-19 -fuse-ld=$ld $THIN ir_inl_main.thinlink.o ir_inl_impl.thinlink.o -o prog >safe.err 2>&1
		st=$?
		if [ $st = 0 ] && [ "$(grep -c '^lto-safe: warning: .*minimized ThinLTO bitcode' safe.err)" = 1 ] &&
			[ "$(grep -c '^lto-safe:' safe.err)" = 1 ] && grep -q 'ir_inl_main.o: No such file' safe.err; then
			pass "$n: one warning, status 0 ($ld)"
		else
			fail "$n: one warning, status 0 ($ld)" "status $st
$(cat safe.err)"
		fi
		# shellcheck disable=SC2086
		if LTO_SAFE_STRICT=1 "$LTO_SAFE_BIN" clang-19 -fuse-ld=$ld $THIN ir_inl_main.thinlink.o ir_inl_impl.thinlink.o \
			-o prog >strict.err 2>&1; then
			fail "$n: an error in strict mode ($ld)" "status 0: $(cat strict.err)"
		elif grep -q '^lto-safe: error: .*minimized ThinLTO bitcode.*LTO_SAFE_STRICT=1' strict.err; then
			pass "$n: an error in strict mode ($ld)"
		else
			fail "$n: an error in strict mode ($ld)" "$(cat strict.err)"
		fi
		rm -f ./*.thinlto.bc
		# shellcheck disable=SC2086
		LTO_SAFE_KEEP=inl_target LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" clang-19 -fuse-ld=$ld $THIN \
			ir_inl_main.thinlink.o ir_inl_impl.thinlink.o -o prog >safe.err 2>&1
		cd .. || exit 1
		rm -f be.err ./*.native.o
		if cp sandbox/*.thinlto.bc . 2>/dev/null && backends clang-19 . . &&
			clang-19 -fuse-ld=$ld $(natives .) -o keep.out >keep.err 2>&1 && [ "$(run keep.out)" = "$WANT" ]; then
			pass "$n: LTO_SAFE_KEEP=inl_target makes it work ($ld)"
		else
			fail "$n: LTO_SAFE_KEEP=inl_target makes it work ($ld)" "$(cat sandbox/safe.err be.err keep.err 2>/dev/null)"
		fi
		check_report "$n, LTO_SAFE_KEEP" $ld sandbox/report.json inl_target
	done
else
	skip "d3 clang-19 -fthin-link-bitcode" "clang-19 missing"
fi

# 4. Repair cannot reach the final native link: after a plain thin link
# the backend has already dropped inl_target, and no input of the final
# link defines it.  Through lto-safe that link fails as the plain one does.
in_dir d4
n="d4 final link after a plain thin link"
if have_ld clang lld; then
	for m in $MODS; do compile "$n" clang -O2 -flto=thin "$S/$m.c" || break; done
	rm -f be.err
	if clang -O2 -flto=thin -fuse-ld=lld -Wl,--thinlto-index-only ir_inl_main.o ir_inl_impl.o -o prog &&
		backends clang . .; then
		clang -fuse-ld=lld $(natives .) -o plain.out >plain.err 2>&1
		pst=$?
		"$LTO_SAFE_BIN" clang -fuse-ld=lld $(natives .) -o safe.out >safe.err 2>&1
		sst=$?
		if [ $pst != 0 ] && [ $sst = $pst ] && cmp -s plain.err safe.err; then
			pass "$n: the same failure as without lto-safe (lld)"
		else
			fail "$n: the same failure as without lto-safe (lld)" "plain $pst, lto-safe $sst
$(cat safe.err)"
		fi
	else
		fail "$n: plain thin link and backends" "$(cat be.err 2>/dev/null)"
	fi
else
	skip "$n (lld)" "ld.lld missing"
fi
