#!/bin/bash
# make matrix: lto-safe built and tested with the toolchains users run
# today, in Debian trixie and sid trees made with debootstrap from the
# machine's own Debian mirror.  Each toolchain of the list below is made the
# default one in turn (gcc, cc, g++ ... or clang, ld.lld, llvm-ar ... first
# on PATH), lto-safe is built with it (warnings counted, not fatal) and
# tests/run.sh runs the unit tests and every end-to-end script with it.
# See doc/toolchains.md.
#
#   tests/matrix/run.sh [TOOLCHAIN|SUITE...]   (default: every toolchain)
#   tests/matrix/run.sh --list        the toolchains, one a line
#   tests/matrix/run.sh --table       the table from the results on file
#   tests/matrix/run.sh --page        doc/toolchains.md's table from the results
#   tests/matrix/run.sh --exec SUITE COMMAND...   COMMAND (run by sh -c) in
#                     SUITE's tree, made if need be, with /proc and /dev
#                     mounted, from /root (tests/matrix/fixtures.sh)
#
# Each toolchain's result is kept in MATRIX_RESULTS/TOOLCHAIN (the row, the
# commit of the lto-safe tested and the date, then the failed checks), each
# tree's in MATRIX_RESULTS/tree.SUITE (when and how fast it was made, what
# the mirror lacks); they are committed, and the table is made from them.
#
# MATRIX_DIR      work directory: the trees (DIR/trixie, DIR/sid) and the
#                 logs (DIR/logs); default /work/matrix.  Made once, then
#                 reused; remove a tree to make it again.
# MATRIX_MIRROR   the Debian mirror (default: the first URI of the machine's
#                 apt sources that is not a security one)
# MATRIX_SOURCE   "head" (default: git archive HEAD) or "worktree" (the
#                 working tree's files, tracked and untracked but ignored)
# MATRIX_NICE     niceness of the builds and tests (default 10)
# MATRIX_JOBS     make -j of the lto-safe builds (default 2)
# CHECK_JOBS      tests/run.sh's parallel scripts (default 1)
# MATRIX_RESULTS  where the results are kept (default tests/matrix/results)
#
# Needs root (debootstrap, chroot, mount); installs debootstrap when it is
# missing.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RESULTS=${MATRIX_RESULTS:-$ROOT/tests/matrix/results}
EXPLAINED=$ROOT/tests/matrix/explained
WORK=${MATRIX_DIR:-/work/matrix}
NICE=${MATRIX_NICE:-10}
JOBS=${MATRIX_JOBS:-2}
CHECK_JOBS=${CHECK_JOBS:-1}
SOURCE=${MATRIX_SOURCE:-head}
BASE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The toolchains: name, suite, compiler.  gcc-N and clang-N are Debian's
# versioned packages (with g++-N; lld-N and llvm-N), gcc-snapshot is GCC's
# development branch as Debian packages it (in /usr/lib/gcc-snapshot).
# Every row uses its tree's binutils (ld.bfd), gold (binutils-gold), mold
# and rustc; the compiler that is not the row's (clang in a GCC row, gcc in
# a clang row) is the tree's default one.
TOOLCHAINS='
trixie-gcc-14     trixie  gcc-14
trixie-clang-19   trixie  clang-19
sid-gcc-13        sid     gcc-13
sid-gcc-14        sid     gcc-14
sid-gcc-15        sid     gcc-15
sid-gcc-16        sid     gcc-16
sid-gcc-snapshot  sid     gcc-snapshot
sid-clang-19      sid     clang-19
sid-clang-21      sid     clang-21
sid-clang-22      sid     clang-22
'
# what every tree gets beyond scripts/deps.sh's lists (the tools the
# end-to-end scripts drive)
EXTRA="binutils-gold rustc cargo python3 g++ clang lld llvm"

die() { echo "matrix: $*" >&2; exit 1; }
say() { echo "matrix: $*" >&2; }

fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# the list: "name suite compiler" lines
rows() { printf '%s\n' "$TOOLCHAINS" | sed '/^[[:space:]]*$/d'; }

# a list of scripts/deps.sh ("REQUIRED" or "OPTIONAL"), its assignments
# (one or more lines each; OPTIONAL names $CROSS) evaluated in a subshell
deps_list() {
	(
		set +u
		eval "$(awk '/^[A-Z]+="/ { on = 1 } on { print } on && /"$/ { on = 0 }' "$ROOT/scripts/deps.sh")"
		eval "echo \$$1" | tr -s ' \t\n' ' ' | sed 's/^ //; s/ $//'
	)
}

# the packages a compiler of the list needs
compiler_packages() {
	case $1 in
	gcc-snapshot) echo gcc-snapshot ;;
	gcc-*) echo "$1 g++-${1#gcc-}" ;;
	clang-*) echo "$1 lld-${1#clang-} llvm-${1#clang-}" ;;
	esac
}

# the mirror the machine's apt sources name first (deb822 or one-line)
mirror() {
	if [ -n "${MATRIX_MIRROR:-}" ]; then
		echo "$MATRIX_MIRROR"
		return
	fi
	local m
	m=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n' |
		grep -v -e security -e '^$' | head -1)
	[ -n "$m" ] || m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk '$1 == "deb" && $2 !~ /security/ { print $2; exit }')
	[ -n "$m" ] || die "no Debian mirror in /etc/apt/sources*: set MATRIX_MIRROR"
	echo "$m"
}

# --- the trees -------------------------------------------------------------
MOUNTED=()
umount_all() {
	local i
	for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
		umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" 2>/dev/null ||
			say "warning: cannot unmount ${MOUNTED[i]}"
	done
	MOUNTED=()
}
trap umount_all EXIT
trap 'umount_all; exit 130' INT TERM

# is anything mounted under directory $1?
mounted_under() {
	awk -v d="$1/" 'index($2, d) == 1 { f = 1 } END { exit !f }' /proc/mounts
}

# /proc and /dev, and /dev/pts (the terminal cases of explain.sh run under
# script(1), which needs a pseudo-terminal)
mount_tree() {
	local d=$1 m
	for m in proc dev dev/pts; do
		mountpoint -q "$d/$m" && continue
		mount --bind "/$m" "$d/$m" || die "cannot bind-mount /$m on $d/$m"
		MOUNTED+=("$d/$m")
	done
	cp /etc/resolv.conf "$d/etc/resolv.conf" 2>/dev/null
}

# in_tree SUITE COMMAND [ENV=VALUE...]: COMMAND (sh -c) in the tree, from
# /root, with a clean environment and the ENV settings; with MATRIX_NET=own
# among them, in a network namespace of its own (loopback only)
in_tree() {
	local suite=$1 cmd=$2 net=()
	shift 2
	case " $* " in *" MATRIX_NET=own "*) net=(unshare -n sh -c 'ip link set lo up && exec "$@"' sh) ;; esac
	"${net[@]}" chroot "$WORK/$suite" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
		DEBIAN_FRONTEND=noninteractive PATH="$BASE_PATH" "$@" sh -c "cd /root && $cmd"
}

# make_tree SUITE: debootstrap (minbase and scripts/deps.sh's REQUIRED
# packages) once; its time and size go to the tree's result
make_tree() {
	local suite=$1 d=$WORK/$1 t0 secs
	[ -f "$d/.matrix-made" ] && return 0
	if ! command -v debootstrap >/dev/null; then
		say "installing debootstrap (apt-get)"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; } >/dev/null ||
			die "debootstrap is missing and apt-get could not install it"
	fi
	if [ -e "$d" ]; then
		# a tree left half made: never remove one with something mounted
		# in it (its dev would be the machine's /dev)
		mounted_under "$d" && die "$d has file systems mounted in it: unmount them first"
		rm -rf --one-file-system "$d"
	fi
	say "$suite: debootstrap from $(mirror) into $d (log: $WORK/logs/$suite.debootstrap.log)"
	t0=$(date +%s)
	debootstrap --variant=minbase --include="$(deps_list REQUIRED | tr ' ' ',')" \
		"$suite" "$d" "$(mirror)" >"$WORK/logs/$suite.debootstrap.log" 2>&1 ||
		{ tail -5 "$WORK/logs/$suite.debootstrap.log" >&2; die "$suite: debootstrap failed"; }
	# the mirror's sid Release file is past its Valid-Until date
	printf 'Acquire::Check-Valid-Until "false";\nAPT::Install-Recommends "false";\n' \
		>"$d/etc/apt/apt.conf.d/99matrix"
	secs=$(($(date +%s) - t0))
	echo "$secs" >"$d/.matrix-debootstrap"
	touch "$d/.matrix-made"
}

# install_packages SUITE: what the suite's toolchains and the end-to-end
# scripts need (scripts/deps.sh's lists, EXTRA, the compilers), those the
# mirror has; writes the tree's result
install_packages() {
	local suite=$1 d=$WORK/$1 want=() missing=() have=() absent=() p t0 secs
	mapfile -t want < <({
		echo "$(deps_list REQUIRED) $(deps_list OPTIONAL) $EXTRA"
		rows | while read -r _ s c; do [ "$s" != "$suite" ] || compiler_packages "$c"; done
	} | tr ' ' '\n' | awk 'NF && !seen[$0]++')
	# what is neither installed nor known to be absent from the mirror
	# (remove DIR/SUITE/.matrix-absent to ask the mirror again)
	for p in "${want[@]}"; do
		grep -qx -- "$p" "$d/.matrix-absent" 2>/dev/null && continue
		in_tree "$suite" "dpkg-query -W -f='\${Status}' $p 2>/dev/null | grep -q 'install ok installed'" ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		say "$suite: installing ${missing[*]} (log: $WORK/logs/$suite.apt.log)"
		t0=$(date +%s)
		in_tree "$suite" "apt-get update -q" >"$WORK/logs/$suite.apt.log" 2>&1 ||
			{ tail -5 "$WORK/logs/$suite.apt.log" >&2; die "$suite: apt-get update failed"; }
		for p in "${missing[@]}"; do
			if in_tree "$suite" "apt-cache show --no-all-versions $p" 2>/dev/null | grep -q '^Version:'; then
				have+=("$p")
			else
				absent+=("$p")
			fi
		done
		if [ ${#have[@]} -gt 0 ]; then
			in_tree "$suite" "apt-get install -y -q ${have[*]}" >>"$WORK/logs/$suite.apt.log" 2>&1 ||
				{ tail -5 "$WORK/logs/$suite.apt.log" >&2; die "$suite: apt-get install failed"; }
		fi
		in_tree "$suite" "apt-get clean"
		secs=$(($(date +%s) - t0 + $(cat "$d/.matrix-install" 2>/dev/null || echo 0)))
		[ ${#absent[@]} = 0 ] || printf '%s\n' "${absent[@]}" >>"$d/.matrix-absent"
		echo "$secs" >"$d/.matrix-install"
		tree_result "$suite"
	fi
}

tree_result() {
	local suite=$1 d=$WORK/$1 deb ins size
	deb=$(cat "$d/.matrix-debootstrap" 2>/dev/null || echo 0)
	ins=$(cat "$d/.matrix-install" 2>/dev/null || echo 0)
	size=$(du -sxm "$d" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')
	mkdir -p "$RESULTS"
	{
		echo "# make matrix tree: $suite, $(date -u +%Y-%m-%d)"
		echo "debootstrap $(fmt_time "$deb"), packages $(fmt_time "$ins"), $size GB"
		echo "not on the mirror: $(paste -sd ' ' "$d/.matrix-absent" 2>/dev/null)"
	} >"$RESULTS/tree.$suite"
}

# the commit of the lto-safe copied into the trees, "+changes" when the
# working tree is copied and differs from it
commit() {
	local c
	c=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ "$SOURCE" = worktree ] &&
		{ ! git -C "$ROOT" diff --quiet HEAD 2>/dev/null ||
			[ -n "$(git -C "$ROOT" ls-files -o --exclude-standard)" ]; }; then
		c="$c+changes"
	fi
	echo "$c"
}

# copy_source SUITE: the lto-safe to test into /root/lto-safe; COMMIT
# names it
copy_source() {
	local dest=$WORK/$1/root/lto-safe
	COMMIT=$(commit)
	rm -rf "$dest" && mkdir -p "$dest" || die "cannot make $dest"
	case $SOURCE in
	head)
		git -C "$ROOT" archive HEAD | tar -x -C "$dest" ;;
	worktree)
		(cd "$ROOT" && git ls-files -z -c -o --exclude-standard |
			while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
			tar -c --null -T - | tar -x -C "$dest") ;;
	*)
		die "MATRIX_SOURCE is head or worktree, not $SOURCE" ;;
	esac || die "cannot copy the tree into $dest"
}

# --- one toolchain ---------------------------------------------------------
# toolchain_path SUITE COMPILER: sets TPATH and TENV (the row's PATH and
# settings); makes /opt/matrix/COMPILER/bin in the tree: the names users
# call (gcc, cc, g++, c++, gcc-ar ..., the triplet's) as symlinks to the
# versioned GCC's, first on PATH; a clang's directory (/usr/lib/llvm-N/bin:
# clang, clang++, ld.lld, llvm-ar ...) goes first as it is
toolchain_path() {
	local suite=$1 c=$2 d=/opt/matrix/$2/bin
	TENV=()
	case $c in
	gcc-snapshot)
		in_tree "$suite" "rm -rf $d && mkdir -p $d && ln -s /usr/lib/gcc-snapshot/bin/gcc $d/cc &&
			ln -s /usr/lib/gcc-snapshot/bin/g++ $d/c++"
		TPATH=/usr/lib/gcc-snapshot/bin:$d:$BASE_PATH
		# its libstdc++ and libgcc_s are there, not in /usr/lib
		TENV=(LD_LIBRARY_PATH=/usr/lib/gcc-snapshot/lib) ;;
	gcc-*)
		local n=${c#gcc-}
		in_tree "$suite" "rm -rf $d && mkdir -p $d && cd $d && trip=\$(gcc-$n -dumpmachine) &&
			for t in gcc g++ cpp gcc-ar gcc-nm gcc-ranlib gcov; do
				[ -x /usr/bin/\$t-$n ] && ln -s /usr/bin/\$t-$n \$t
				[ -x /usr/bin/\$trip-\$t-$n ] && ln -s /usr/bin/\$trip-\$t-$n \$trip-\$t
			done; ln -s /usr/bin/gcc-$n cc && ln -s /usr/bin/g++-$n c++"
		TPATH=$d:$BASE_PATH ;;
	clang-*)
		TPATH=/usr/lib/llvm-${c#clang-}/bin:$BASE_PATH ;;
	esac
}

# versions SUITE: "key value" lines of what the row's PATH runs
versions() {
	in_tree "$1" '
		v() { printf "%s %s\n" "$1" "${2:--}"; }
		v gcc "$(gcc -dumpfullversion 2>/dev/null)"
		v clang "$(clang --version 2>/dev/null | sed -n "1s/.*version \([0-9][0-9.]*\).*/\1/p")"
		v bfd "$(ld.bfd --version 2>/dev/null | sed -n "1s/.* \([0-9][0-9.]*\)\$/\1/p")"
		v gold "$(ld.gold --version 2>/dev/null | sed -n "1s/.* \([0-9][0-9.]*\)\$/\1/p")"
		v lld "$(ld.lld --version 2>/dev/null | sed -n "1s/^[^0-9]*\([0-9][0-9.]*\).*/\1/p")"
		v mold "$(mold --version 2>/dev/null | sed -n "1s/^mold \([0-9][0-9.]*\).*/\1/p")"
		v rustc "$(rustc --version 2>/dev/null | sed -n "1s/^rustc \([0-9][0-9.]*\).*/\1/p")"' \
		PATH="$TPATH" "${TENV[@]}"
}

# run_row NAME SUITE COMPILER: build lto-safe with the row's compiler, run
# tests/run.sh, write RESULTS/NAME
run_row() {
	local name=$1 suite=$2 c=$3 log=$WORK/logs/$1 t0 secs cc warn=0 built=ok sum p f s
	local -A ver
	local exe=$c
	[ "$c" = gcc-snapshot ] && exe=/usr/lib/gcc-snapshot/bin/gcc
	in_tree "$suite" "command -v $exe" >/dev/null 2>&1 ||
		{ say "$name: $c is not installed in the $suite tree (not on the mirror?): skipped"; return; }
	toolchain_path "$suite" "$c"
	while read -r k v; do ver[$k]=$v; done < <(versions "$suite")
	case $c in clang-*) cc=clang ;; *) cc=gcc ;; esac
	say "$name: building lto-safe with $cc (${ver[$cc]}) (log: $log.build.log)"
	t0=$(date +%s)
	# warnings are counted, not fatal: the tests still run
	in_tree "$suite" "cd lto-safe && rm -rf build && nice -n $NICE make -j$JOBS CC=$cc WERROR= all unit-tests" \
		PATH="$TPATH" "${TENV[@]}" >"$log.build.log" 2>&1 || built=failed
	warn=$(grep -c 'warning:' "$log.build.log")
	say "$name: tests/run.sh (log: $log.check.log)"
	if [ $built = ok ]; then
		# in a network namespace of its own: the servers the tests start
		# (sccache's, which Meson puts before the compiler when it is
		# installed; distccd) and the machine's own never meet; the
		# sccache server goes with the run
		in_tree "$suite" "cd lto-safe && nice -n $NICE sh tests/run.sh; st=\$?
			! command -v sccache >/dev/null || sccache --stop-server >/dev/null 2>&1; exit \$st" \
			PATH="$TPATH" CHECK_JOBS="$CHECK_JOBS" "${TENV[@]}" MATRIX_NET=own >"$log.check.log" 2>&1
	else
		echo "make check: 0 passed, 1 failed, 0 skipped" >"$log.check.log"
	fi
	secs=$(($(date +%s) - t0))
	sum=$(grep '^make check: ' "$log.check.log" | tail -1)
	p=$(echo "$sum" | sed -n 's/.* \([0-9]*\) passed.*/\1/p')
	f=$(echo "$sum" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	s=$(echo "$sum" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
	mkdir -p "$RESULTS"
	{
		echo "# make matrix: $name, lto-safe $COMMIT, $(date -u +%Y-%m-%d)"
		printf '| %s | %s %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
			"$name" "$cc" "${ver[$cc]}" \
			"$([ $cc = gcc ] && echo "clang ${ver[clang]}" || echo "gcc ${ver[gcc]}")" \
			"${ver[bfd]}" "${ver[gold]}" "${ver[lld]}" "${ver[mold]}" "${ver[rustc]}" \
			"$([ $built = ok ] && echo "$warn warning$([ "$warn" = 1 ] || echo s)" || echo "build failed")" \
			"${p:-?}" "${f:-?}" "${s:-?}" "$(fmt_time "$secs")" "$(failures "$log.check.log")"
		# the failed checks, for the record
		grep -E '^FAIL: ' "$log.check.log" | sed 's/^/    /'
	} >"$RESULTS/$name"
	say "$(grep '^|' "$RESULTS/$name")"
}

# the failed scripts and unit binaries of a tests/run.sh log, with their
# counts: "gcc_ir (2), test_gcclto"; "-" when none
failures() {
	awk '/^failures:/ { on = 1; next } /^make check:/ { on = 0 }
		on && NF {
			name = $0; sub(/:.*/, "", name); sub(/.*\//, "", name); sub(/\.sh$/, "", name)
			n = gsub(/FAIL: /, "")
			printf "%s%s%s", (k++ ? ", " : ""), name, (n ? " (" n ")" : "")
		}
		END { if (!k) printf "-" }' "$1"
}

# --- the table -------------------------------------------------------------
# the toolchains' result files (not the trees', nor other results kept
# beside them), one a line
row_files() { grep -l '^# make matrix: ' "$RESULTS"/* 2>/dev/null; }

table() {
	local name f
	echo "| toolchain | compiler | the other compiler | ld.bfd | gold | ld.lld | mold | rustc | lto-safe's build | passed | failed | skipped | time | failed checks |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	while read -r name _; do
		[ -f "$RESULTS/$name" ] && grep '^|' "$RESULTS/$name"
	done < <(rows)
	for f in $(row_files); do
		name=$(basename "$f")
		rows | awk -v n="$name" '$1 == n { f = 1 } END { exit f }' && grep '^|' "$f"
	done
}

# the lines under the table: the runs' dates (their commits stay in the
# results: a page says what was measured), the trees, the times
summary() {
	local f n=0 secs=0 t
	for f in $(row_files); do
		n=$((n + 1))
		t=$(grep '^|' "$f" | awk -F'|' '{ gsub(/ /, "", $14); split($14, ms, "m"); print ms[1] * 60 + ms[2] }')
		secs=$((secs + t))
	done
	local dates
	dates=$(sed -n 's/^# make matrix: [^,]*, lto-safe [^,]*, \(.*\)/\1/p' $(row_files) | sort -u)
	echo "Results on file for $n of $(rows | wc -l) toolchains, measured from $(echo "$dates" | head -1)" \
		"to $(echo "$dates" | tail -1)."
	echo
	for f in "$RESULTS"/tree.*; do
		[ -f "$f" ] || continue
		echo "The $(sed -n '1s/^# make matrix tree: \([^,]*\), \(.*\)/\1 tree (made \2)/p' "$f"): $(sed -n 2p "$f");" \
			"$(sed -n 3p "$f" | sed 's/: $/: nothing/')."
	done
	echo
	echo "The rows took $(fmt_time "$secs") in all (lto-safe built, then tests/run.sh, each under nice -n $NICE with CHECK_JOBS=$CHECK_JOBS)."
}

# the failures of each row that has any, with what tests/matrix/explained
# says of them ("TOOLCHAIN  text" lines, written by whoever reads the logs):
# one bullet a row
explanations() {
	local f name failed text
	for f in $(row_files); do
		name=$(basename "$f")
		failed=$(grep '^|' "$f" | awk -F'|' '{ gsub(/ /, "", $12); print $12 }')
		[ "${failed:-0}" = 0 ] && continue
		text=$(awk -v n="$name" '$1 == n { $1 = ""; sub(/^ +/, ""); print; exit }' "$EXPLAINED" 2>/dev/null)
		echo "- **$name**, $failed failed: ${text:-not explained yet}"
	done
}

# doc/toolchains.md's table between its matrix markers, from the results
write_page() {
	local page=$ROOT/doc/toolchains.md t e
	grep -q '^<!-- matrix table: begin' "$page" 2>/dev/null || die "doc/toolchains.md has no matrix table markers"
	t=$(mktemp) || exit 1
	{
		table
		echo
		e=$(explanations)
		[ -z "$e" ] || printf 'Failures:\n\n%s\n\n' "$e"
		summary
	} >"$t"
	awk -v t="$t" '
		/^<!-- matrix table: begin/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/^<!-- matrix table: end/ { skip = 0 }
		!skip' "$page" >"$page.new" && mv "$page.new" "$page"
	rm -f "$t"
	echo "doc/toolchains.md: matrix table written"
}

# --- main (a function: bash reads it whole, so editing this file while it
# runs cannot break the run) ----------------------------------------------
main() {
	case ${1-} in
	--list)
		rows | awk '{ print $1 }'
		return ;;
	--table)
		table
		echo
		summary
		return ;;
	--page)
		write_page
		return ;;
	esac
	[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
	mkdir -p "$WORK/logs" || die "cannot make $WORK"
	WORK=$(cd "$WORK" && pwd)
	case $WORK/ in "$ROOT"/*) die "MATRIX_DIR must be outside the git tree ($ROOT)" ;; esac
	if [ "${1-}" = --exec ]; then
		[ $# -ge 3 ] || die "usage: run.sh --exec SUITE COMMAND..."
		local suite=$2
		shift 2
		make_tree "$suite"
		mount_tree "$WORK/$suite"
		install_packages "$suite"
		in_tree "$suite" "$*"
		return
	fi

	# the rows asked for (names or suites), in the list's order
	local want=() name suite c cur=
	while read -r name suite c; do
		if [ $# = 0 ]; then
			want+=("$name $suite $c")
			continue
		fi
		for a in "$@"; do
			[ "$a" = "$name" ] || [ "$a" = "$suite" ] && want+=("$name $suite $c") && break
		done
	done < <(rows)
	[ ${#want[@]} -gt 0 ] || die "no such toolchain: $* (--list names them)"

	for r in "${want[@]}"; do
		read -r name suite c <<<"$r"
		if [ "$suite" != "$cur" ]; then
			umount_all
			make_tree "$suite"
			mount_tree "$WORK/$suite"
			install_packages "$suite"
			[ -f "$RESULTS/tree.$suite" ] || tree_result "$suite"
			copy_source "$suite"
			cur=$suite
		fi
		run_row "$name" "$suite" "$c"
	done
	umount_all
	echo
	table
}

main "$@"; exit
