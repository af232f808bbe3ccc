#!/bin/bash
# make realworld: build Debian source packages the way Debian builds them,
# three times: without LTO (the reference), with LTO and plain gcc, and with
# LTO and lto-safe's masquerade directory first on PATH; compare what each
# LTO build exports with the reference (compare.sh) and print a table of the
# results.  See doc/realworld.md, which --page writes.
#
#   tests/realworld/run.sh [PACKAGE...]     (default: tests/realworld/packages)
#   tests/realworld/run.sh --table [PACKAGE...]   rows again from the logs
#   tests/realworld/run.sh --page           doc/realworld.md's table from the results
#   tests/realworld/run.sh --unpack PKG DIR  fetch PKG's source, install its
#                        build dependencies and unpack it into DIR (make bench)
#
# Each package's row is kept in REALWORLD_RESULTS/PACKAGE (one file with the
# row, the commit and the date of its run), so that the whole list can be
# built in batches over several sittings: the table is made from every
# result on file, and the results are committed with the tree.
#
# REALWORLD_DIR   work directory (default build/realworld)
# REALWORLD_RESULTS  where the rows are kept (default tests/realworld/results)
# REALWORLD_JOBS  parallel=N for DEB_BUILD_OPTIONS (default 2)
# REALWORLD_PATH  PATH of the builds (default /usr/sbin:/usr/bin:/sbin:/bin, as
#                 on a Debian build daemon: a python found in a home directory
#                 would otherwise end up linked into alsa-lib's python plugin,
#                 and dpkg-shlibdeps rejects it)
# REALWORLD_VARIANTS  which builds to run again (default "nolto plain lto-safe")
#
# Sources come from "apt-get source" through a private apt configuration in
# REALWORLD_DIR/apt that adds deb-src for the machine's own Debian sources;
# the system's apt configuration is not changed.  Build dependencies are
# installed into the system with "apt-get build-dep" (needs root).
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/build/bin
LIST=$ROOT/tests/realworld/packages
CLASSES=$ROOT/tests/realworld/classes
RESULTS=${REALWORLD_RESULTS:-$ROOT/tests/realworld/results}
VARIANTS="nolto plain lto-safe"
WORK=${REALWORLD_DIR:-$ROOT/build/realworld}
JOBS=${REALWORLD_JOBS:-2}
BUILD_PATH=${REALWORLD_PATH:-/usr/sbin:/usr/bin:/sbin:/bin}
APTDIR=$WORK/apt
export APT_CONFIG=$APTDIR/apt.conf
LTOFLAGS="-flto=auto -ffat-lto-objects"
# No 32-bit builds next to the 64-bit one (zlib's): they need gcc-multilib,
# which Debian cannot install next to gcc-aarch64-linux-gnu, and make check
# uses that cross compiler.  apt-get build-dep would remove it.  No Java
# bindings (ust would pull in a JDK) and no documentation: neither links C.
# A package whose packaging breaks under one of them names its own set in
# the list's fourth field (comma-separated).
export DEB_BUILD_PROFILES=${DEB_BUILD_PROFILES:-nobiarch nojava nodoc}
DEFAULT_PROFILES=$DEB_BUILD_PROFILES
# Only the architecture-dependent packages are built (-B, build-dep
# --arch-only): the Architecture: all ones (documentation, data) link
# nothing, and their tools fail builds here (fmtlib's lessc, libgcrypt20's
# doc package under nodoc).

. "$ROOT/tests/realworld/verdict.sh"

die() { echo "realworld: $*" >&2; exit 1; }
say() { echo "realworld: $*" >&2; }

[ -x "$BIN/lto-safe-cc" ] || die "build lto-safe first (make all)"
for t in dpkg-buildpackage dpkg-source apt-get gcc; do
	command -v $t >/dev/null || die "$t is missing (apt-get install dpkg-dev build-essential)"
done

mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd) && APTDIR=$WORK/apt && APT_CONFIG=$APTDIR/apt.conf

# --- private apt configuration ------------------------------------------
# deb822 files (*.sources): "Types: deb" becomes "Types: deb deb-src".
# One-line files (sources.list, *.list): every "deb" line gets a "deb-src"
# twin.  Binary lists are fetched too: build-dep resolves against them.
setup_apt() {
	mkdir -p "$APTDIR/sources.list.d" "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
	rm -f "$APTDIR/sources.list.d/"*
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed -E '/^Types:/{/deb-src/!s/^Types:(.*)$/Types:\1 deb-src/}' "$f" \
			> "$APTDIR/sources.list.d/$(basename "$f")"
	done
	: > "$APTDIR/sources.list"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -nE '/^[[:space:]]*deb[[:space:]]/{p;s/^([[:space:]]*)deb/\1deb-src/p;};/^[[:space:]]*deb-src[[:space:]]/p' "$f" \
			>> "$APTDIR/sources.list"
	done
	cat > "$APT_CONFIG" <<EOF
Dir::Etc::sourcelist "$APTDIR/sources.list";
Dir::Etc::sourceparts "$APTDIR/sources.list.d";
Dir::State::lists "$APTDIR/lists";
Dir::Cache "$APTDIR/cache";
EOF
	if [ ! -f "$APTDIR/updated" ] || [ -n "$(find "$APTDIR/updated" -mmin +720)" ]; then
		say "apt-get update (private configuration $APT_CONFIG)"
		apt-get update -q >"$WORK/apt-update.log" 2>&1 || { cat "$WORK/apt-update.log" >&2; die "apt-get update failed"; }
		grep -q 'Sources' "$WORK/apt-update.log" || say "warning: no Sources index fetched: see $WORK/apt-update.log"
		touch "$APTDIR/updated"
	fi
}

# --- fixups (debian/ only, applied to both builds) -------------------------
# alsa-lib's and elfutils' debian/rules append -flto-partition=none when
# CFLAGS have -flto: the packagers' own workaround for their .symver asm.
# The option is removed (elfutils' line keeps its -Wno-error=stack-usage=),
# so that the plain build shows why it is there and the lto-safe build
# shows whether it is needed.
drop_lto_partition_none() {
	sed -i 's/ *-flto-partition=none//' debian/rules
}

# --- one package ----------------------------------------------------------
fetch() {  # sets DSC; tries each version bookworm's Sources list, newest first
	local pkg=$1 d=$WORK/src/$1 v
	mkdir -p "$d"
	if ! ls "$d"/*.dsc >/dev/null 2>&1; then
		: > "$d/fetch.log"
		for v in $(apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -u -r -V); do
			(cd "$d" && apt-get source -q --download-only "$pkg=$v") >>"$d/fetch.log" 2>&1 && break
			# a mirror that lacks a version's files (a security update,
			# say): the next version
			find "$d" -maxdepth 1 -type f ! -name fetch.log -delete
		done
		ls "$d"/*.dsc >/dev/null 2>&1 || { tail -5 "$d/fetch.log" >&2; return 1; }
	fi
	DSC=$(ls "$d"/*.dsc | head -1)
}

unpack() {  # unpack DSC into $1 and apply fixup $2
	rm -rf "$1"
	mkdir -p "$(dirname "$1")"
	dpkg-source -q -x "$DSC" "$1" >/dev/null 2>&1 || return 1
	if [ "$2" != - ]; then (cd "$1" && "$2") || return 1; fi
}

build_deps() {  # $1: unpacked tree
	(cd "$1" && dpkg-checkbuilddeps) >/dev/null 2>&1 && return 0
	[ "$(id -u)" = 0 ] || { say "not root: cannot install the build dependencies of $pkg"; return 1; }
	DEBIAN_FRONTEND=noninteractive apt-get build-dep -q -y --arch-only -o DPkg::Lock::Timeout=900 \
		-o APT::Build-Profiles="$DEB_BUILD_PROFILES" "$1" >"$WORK/logs/$pkg.build-dep.log" 2>&1
}

# lto-safe installed into $WORK/prefix, with its masquerade directory
# (lib/lto-safe/bin: gcc, cc, x86_64-linux-gnu-gcc, ld ... as the build's
# PATH has them; debian/rules that name the compiler by its triplet, as
# zlib's does, are covered too) first on PATH in the lto-safe build: the
# package is built as Debian builds it, with only PATH changed.  Installed
# again before each build, so that a compiler the build dependencies
# brought gets its name.  Each link writes a report of its own into
# LTO_SAFE_REPORT_DIR.
MASQ=$WORK/prefix/lib/lto-safe/bin
install_masq() {
	PATH="$BUILD_PATH" make -s -C "$ROOT" install PREFIX="$WORK/prefix" >"$WORK/logs/install.log" 2>&1 ||
		{ cat "$WORK/logs/install.log" >&2; die "make install PREFIX=$WORK/prefix failed"; }
}

# the commit of the lto-safe being installed, "+changes" when lib/ or
# wrapper/ differ from it
lto_safe_commit() {
	local c
	c=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
	git -C "$ROOT" diff --quiet HEAD -- lib wrapper 2>/dev/null || c="$c+changes"
	echo "$c"
}

# build PKG VARIANT: sets STATUS and SECS
build() {
	local pkg=$1 variant=$2 tree=$WORK/build/$1/$2/src log=$WORK/logs/$1.$2.log
	unpack "$tree" "$FIXUP" || { STATUS=unpack; SECS=0; echo "unpack 0" > "$WORK/logs/$pkg.$variant.status"; return; }
	local -a env=(
		DEB_BUILD_MAINT_OPTIONS="optimize=+lto"
		DEB_CFLAGS_APPEND="$LTOFLAGS" DEB_CXXFLAGS_APPEND="$LTOFLAGS"
		DEB_LDFLAGS_APPEND="$LTOFLAGS"
		DEB_BUILD_OPTIONS="parallel=$JOBS"
		PATH="$BUILD_PATH"
	)
	# the reference: Debian's flags with LTO off (and nothing appended)
	[ "$variant" = nolto ] && env=(DEB_BUILD_MAINT_OPTIONS="optimize=-lto"
		DEB_BUILD_OPTIONS="parallel=$JOBS" PATH="$BUILD_PATH")
	rm -f "$WORK/build/$pkg/$variant/"*.deb
	if [ "$variant" = lto-safe ]; then
		rm -rf "$WORK/reports/$pkg"
		mkdir -p "$WORK/reports/$pkg"
		install_masq
		lto_safe_commit > "$WORK/logs/$pkg.lto-safe.commit"
		env+=(PATH="$MASQ:$BUILD_PATH" LTO_SAFE_REPORT_DIR="$WORK/reports/$pkg")
	fi
	local t0
	t0=$(date +%s)
	(cd "$tree" && env "${env[@]}" nice -n 19 dpkg-buildpackage -us -uc -B) >"$log" 2>&1
	STATUS=$?
	SECS=$(( $(date +%s) - t0 ))
	echo "$STATUS $SECS" > "$WORK/logs/$pkg.$variant.status"
}

# "N in K/L links": kept symbols summed over the reports, links that kept
# something, links lto-safe read (configure's conftest links left out);
# then ", V of vague linkage not exported" when the reports list any
# (reason vague-linkage: what LTO left out of a shared library's exports)
kept() {
	local d=$WORK/reports/$1 f n total=0 links=0 keeping=0 vague=0
	for f in "$d"/*.json; do
		[ -f "$f" ] || continue
		grep -q '"output":"[^"]*conftest' "$f" && continue
		links=$((links + 1))
		n=$("$BIN/lto-safe" explain --tsv "$f" 2>/dev/null | tail -n +2 | wc -l)
		total=$((total + n))
		[ "$n" -gt 0 ] && keeping=$((keeping + 1))
		vague=$((vague + $(grep -o '"reason":"vague-linkage"' "$f" | wc -l)))
	done
	echo "$total in $keeping/$links links$([ $vague = 0 ] || echo ", $vague of vague linkage not exported")"
}

# "S s in N links": lto-safe's own time ("own_ms" of the reports) summed
# over every link it read, conftest links included.  Links it passed
# through untouched (no LTO IR) write no report: their cost is the front
# end's, a few milliseconds each (make bench).
own_time() {
	cat "$WORK/reports/$1/"*.json 2>/dev/null |
		awk 'match($0, /"own_ms":[0-9.]+/) { ms += substr($0, RSTART + 9, RLENGTH - 9); n++ }
		     END { printf "%.1f s in %d links", ms / 1000, n }'
}

# the built .deb files of a variant ("-" when the build made none)
debs() {
	local d=$WORK/build/$1/$2
	if ls "$d"/*.deb >/dev/null 2>&1; then echo "$d"; else echo -; fi
}

# "lto / lto-safe" against the build without LTO (compare.sh --table); the
# findings themselves are in logs/PKG.compare
losses() {
	local pkg=$1 ref
	ref=$(debs "$pkg" nolto)
	[ "$ref" != - ] || { echo "no reference"; return; }
	"$ROOT/tests/realworld/compare.sh" "$ref" "$(debs "$pkg" plain)" "$(debs "$pkg" lto-safe)" \
		> "$WORK/logs/$pkg.compare" 2>&1
	tail -1 "$WORK/logs/$pkg.compare" | sed -n 's/^summary: lto: \(.*\); lto-safe: \(.*\)$/\1 \/ \2/p'
}

# row PKG BUILD-SYSTEM DSC: the table row, from the logs, status files and
# built packages, into RESULTS/PKG with the commit of the lto-safe that built
# it and the date
row() {
	local pkg=$1 l=$WORK/logs/$1 v st=() secs=() res=() tst=() c
	for v in $VARIANTS; do
		local s=- t=0
		[ -f "$l.$v.status" ] && read -r s t < "$l.$v.status"
		st+=("$s") secs+=("$t")
		if [ "$s" = - ]; then res+=("not built") tst+=(-); continue; fi
		res+=("$(result "$s" "$l.$v.log")") tst+=("$(tests "$l.$v.log" "$s")")
	done
	c=$(cat "$l.lto-safe.commit" 2>/dev/null || lto_safe_commit)
	mkdir -p "$RESULTS"
	# made beside the logs and moved into place whole: a run stopped
	# while it reads the reports leaves the committed row as it was
	local tmp
	tmp=$(mktemp "$WORK/logs/$pkg.row.XXXXXX") || die "cannot write the row of $pkg"
	{
		echo "# make realworld: $pkg, lto-safe $c, $(date -u +%Y-%m-%d)"
		printf '| %s %s | %s | %s | %s | %s | %s / %s / %s | %s | %s | %s / %s / %s | %s |\n' \
			"$pkg" "$(basename "$3" .dsc | sed 's/^[^_]*_//')" "$2" \
			"${res[0]}" "${res[1]}" "${res[2]}" "${tst[0]}" "${tst[1]}" "${tst[2]}" \
			"$(losses "$pkg")" "$(kept "$pkg")" \
			"$(fmt_time "${secs[0]}")" "$(fmt_time "${secs[1]}")" "$(fmt_time "${secs[2]}")" \
			"$(own_time "$pkg")"
	} > "$tmp" && chmod 644 "$tmp" && mv -f "$tmp" "$RESULTS/$pkg"
}

# PKGS: the arguments, else every package of the list
read_list() {
	if [ $# -gt 0 ]; then
		PKGS=("$@")
	else
		mapfile -t PKGS < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$LIST" | awk '{print $1}')
	fi
}

list_field() {  # PKG N DEFAULT: field N of PKG's line in the list
	local v
	v=$(sed 's/#.*//' "$LIST" | awk -v p="$1" -v n="$2" '$1 == p { print $n }')
	echo "${v:-$3}"
}

fmt_time() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# class PKG: the classification of its plain LTO result
# (tests/realworld/classes, where only a line that starts with # is a
# comment: a class cites "Issue #403")
class() {
	local c
	c=$(sed '/^#/d' "$CLASSES" 2>/dev/null | awk -v p="$1" '$1 == p { $1 = ""; sub(/^ +/, ""); print }')
	echo "${c:-not classified yet}"
}

# the table: a row for each package of the list that has a result on file
# (the list's order), then results of packages the list no longer has
table() {
	local pkg f
	echo "| package | build system | no LTO | gcc -flto | lto-safe-cc | tests (no LTO / plain / lto-safe) | losses vs no LTO (plain / lto-safe) | symbols kept | time (no LTO / plain / lto-safe) | lto-safe's own time | class |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
	mapfile -t all < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$LIST" | awk '{print $1}')
	for pkg in "${all[@]}"; do
		[ -f "$RESULTS/$pkg" ] || continue
		echo "$(grep '^|' "$RESULTS/$pkg") $(class "$pkg") |"
	done
	for f in "$RESULTS"/*; do
		[ -f "$f" ] || continue
		pkg=$(basename "$f")
		case " ${all[*]} " in *" $pkg "*) ;; *) echo "$(grep '^|' "$f") $(class "$pkg") |" ;; esac
	done
}

print_table() {
	table > "$WORK/results.md"
	echo
	cat "$WORK/results.md"
	echo
	echo "written to $WORK/results.md and $RESULTS/; logs in $WORK/logs"
}

# the time columns of every result on file summed: one line (fmt_time
# writes each time as XmYYs)
totals() {
	local rows nolto plain safe own links
	read -r rows nolto plain safe own links < <(grep -h '^|' "$RESULTS"/* | awk -F'|' '
		{
			n = split($10, t, " / ")
			for (i = 1; i <= n; i++) { split(t[i], ms, "m"); sum[i] += ms[1] * 60 + ms[2] }
			split($11, o, " "); own += o[1]; links += o[4]; rows++
		}
		END { printf "%d %d %d %d %.1f %d\n", rows, sum[1], sum[2], sum[3], own, links }')
	echo "Builds of the $rows packages in all: $(fmt_time "$nolto") without LTO, $(fmt_time "$plain") with" \
		"plain GCC LTO, $(fmt_time "$safe") through lto-safe-cc; lto-safe's own time $own s over $links links."
}

# the classes of the packages with results, counted by their first words:
# one line
class_counts() {
	local pkg ours=0 works=0 notret=0 other=0
	for pkg in $(ls "$RESULTS"); do
		case $(class "$pkg") in
		ours*) ours=$((ours + 1)) ;;
		"plain LTO works"*) works=$((works + 1)) ;;
		"not a retention loss"* | "not retention"*) notret=$((notret + 1)) ;;
		*) other=$((other + 1)) ;;
		esac
	done
	echo "Classes: plain LTO breaks $ours and lto-safe's job is to fix them (\"ours\"); plain LTO works in $works;" \
		"$notret lose exports that are not a retention loss; $other fail for another reason (the class says which)."
}

# doc/realworld.md's table between its realworld markers, from the results
# on file, with what the rows add up to; the results' commits stay in their
# files (a page says what was measured, not when it changed)
write_page() {
	local page=$ROOT/doc/realworld.md t dates
	grep -q '^<!-- realworld table: begin' "$page" 2>/dev/null || die "doc/realworld.md has no realworld table markers"
	t=$(mktemp) || exit 1
	dates=$(sed -n 's/^# make realworld: [^,]*, lto-safe [^,]*, \(.*\)/\1/p' "$RESULTS"/* | sort -u)
	{
		table
		echo
		echo "Results on file for $(ls "$RESULTS" | wc -l) of $(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$LIST" | wc -l) packages of the list," \
			"measured from $(echo "$dates" | head -1) to $(echo "$dates" | tail -1)."
		echo
		class_counts
		echo
		totals
	} > "$t"
	awk -v t="$t" '
		/^<!-- realworld table: begin/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/^<!-- realworld table: end/ { skip = 0 }
		!skip' "$page" > "$page.new" && mv "$page.new" "$page"
	rm -f "$t"
	echo "doc/realworld.md: table of $(ls "$RESULTS" | wc -l) packages written"
}

# --- main (a function: bash then reads it whole, so editing this file
# while it runs cannot break the run) -----------------------------------------------------------------
main() {
	mkdir -p "$WORK/logs"
	case ${1-} in
	--page)
		write_page
		return ;;
	--unpack)
		[ $# = 3 ] || die "usage: run.sh --unpack PACKAGE DIR"
		setup_apt
		pkg=$2
		fetch "$pkg" || die "$pkg: cannot fetch its source"
		unpack "$3" - && build_deps "$3" || die "$pkg: cannot unpack it or install its build dependencies"
		return ;;
	--table)  # rows again from the logs, no build
		shift
		read_list "$@"
		for pkg in "${PKGS[@]}"; do
			[ -f "$WORK/logs/$pkg.lto-safe.status" ] || continue
			row "$pkg" "$(list_field "$pkg" 2 ?)" "$(ls "$WORK/src/$pkg/"*.dsc | head -1)"
		done
		print_table
		return ;;
	esac
	setup_apt

	read_list "$@"

	for pkg in "${PKGS[@]}"; do
		BS=$(list_field "$pkg" 2 ?)
		FIXUP=$(list_field "$pkg" 3 -)
		DEB_BUILD_PROFILES=$(list_field "$pkg" 4 "$DEFAULT_PROFILES" | tr , ' ')
		say "$pkg: fetching"
		if ! fetch "$pkg"; then
			say "$pkg: not fetched"
			continue
		fi
		unpack "$WORK/build/$pkg/deps" "$FIXUP" && build_deps "$WORK/build/$pkg/deps" ||
			say "$pkg: build dependencies not installed (see $WORK/logs/$pkg.build-dep.log)"
		# what debian/ does about LTO, for whoever classifies the result
		grep -rn -i -E 'lto|lto-partition' "$WORK/build/$pkg/deps/debian/rules" > "$WORK/logs/$pkg.debian-lto" 2>/dev/null
		for v in ${REALWORLD_VARIANTS:-$VARIANTS}; do
			say "$pkg: $v build"
			build "$pkg" "$v"
		done
		row "$pkg" "$BS" "$DSC"
		say "$(grep '^|' "$RESULTS/$pkg")"
	done

	print_table
}

main "$@"; exit
