#!/bin/bash
# compare.sh: what a build with LTO lost against the same build without LTO.
#
#   tests/realworld/compare.sh [--table] REFERENCE LTO LTO-SAFE
#
# REFERENCE is the build without LTO, LTO the plain GCC LTO build, LTO-SAFE
# the LTO build through lto-safe-cc.  Each is a directory (a build tree, the
# debian/ directory of a built package, or a directory of .deb files), one
# ELF file, one .deb, or "-" for a build that made nothing.  .deb files are
# unpacked (dpkg-deb -x) into a temporary directory; -dbgsym packages and
# usr/lib/debug are left out.  Files are matched by their path relative to
# the argument (by their name for a single file), so give the three builds
# in the same form.
#
# For every shared library and executable (ELF ET_DYN or ET_EXEC) of the
# reference, each of the two LTO builds is checked for
#   - the file itself                          "missing"
#   - each dynamic symbol the reference defines, with its version
#     (readelf --dyn-syms: name@VERSION, name@@VERSION for the default)
#                                              "symbols lost: ..."
#     Copy relocations do not count: a program built without LTO that
#     reads a library's variable (stderr@GLIBC_2.2.5) gets a copy of it,
#     defined in its own .dynsym, where GCC's LTO code reads it through the
#     GOT; the variable is still the library's, not an export of the
#     program.  Nor do the names at a copy's address (kmod's
#     program_invocation_short_name, an alias of the copied __progname).
#     A program's export that a shared library it links (NEEDED in the
#     reference, or needed by one of those; found in the reference build or
#     by ldconfig) also defines is counted apart,
#                                "interposing exports dropped: NAME (LIB)":
#     the linker exported the program's copy only so that it interposes
#     the library's, LTO made the copy local, and each now uses its own
#     (elfutils: debuginfod's libstdc++ inline members, eu-strip's crc32
#     over libz's).  Not a loss of what the package exports.
#   - exported symbols that are absolute 0 in the build but not in the
#     reference (LTO dropped a function a .symver named)
#                                              "absolute 0: ..."
#   - names that share one address in the reference but not in the build
#     (an alias now points elsewhere)          "aliases split: a b ..."
#   - sections whose name is a C identifier (the ones __start_SEC and
#     __stop_SEC reach): gone, or smaller than in the reference
#                                              "section SEC: ..."
#     but not glibc's own (__libc_*): in a static program they hold what
#     the program uses of libc.a (libcap2's test_pam_cap has a smaller
#     __libc_IO_vtables when LTO leaves out a stdio call)
#   - __start_SEC / __stop_SEC defined in the reference (.dynsym or .symtab)
#     and not in the build                     "start/stop lost: ..."
# and prints one line per finding, "LABEL: FILE: finding".  Symbols the build
# has and the reference lacks are counted ("+N") but are no loss.
#
# The last line sums up each build: "lto: S; lto-safe: S", where S is
# "same (N)" (N: dynamic symbols the reference defines), a list of counts
# ("-3 symbols, 1 absolute 0, 1 section lost"), or "-" when the build made no
# ELF file; then ", +N symbols" (new ones) and ", -N interposing" (dropped
# interposing exports of programs), which are no loss.  --table prints only
# "S / S", a cell of make realworld's table.
# Exit status: 0 when neither build lost anything, 1 when one did, 2 on a
# usage error.
set -u

die() { echo "compare.sh: $*" >&2; exit 2; }

TABLE=0
if [ "${1-}" = --table ]; then TABLE=1; shift; fi
[ $# = 3 ] || die "usage: compare.sh [--table] REFERENCE LTO LTO-SAFE"
for t in readelf dpkg-deb; do command -v $t >/dev/null || die "$t is missing"; done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/compare.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# root ARG N: sets ROOT to the directory (or file) to read build N from;
# .deb files are unpacked first; "" for "-"
root() {
	local arg=$1 d=$TMP/deb$2 f
	ROOT=
	[ "$arg" = - ] && return
	[ -e "$arg" ] || die "$arg: no such file or directory"
	case $arg in
	*.deb) mkdir -p "$d" && dpkg-deb -x "$arg" "$d" || die "$arg: cannot unpack"; ROOT=$d; return ;;
	esac
	ROOT=$arg
	[ -d "$arg" ] || return
	for f in "$arg"/*.deb; do
		[ -f "$f" ] || continue
		case $f in *-dbgsym_*) continue ;; esac
		mkdir -p "$d" && dpkg-deb -x "$f" "$d" || die "$f: cannot unpack"
	done
	[ -d "$d" ] && ROOT=$d
}

# elf_files ROOT: relative paths of the ELF files under ROOT, sorted; for a
# single file, its name
elf_files() {
	if [ -f "$1" ]; then
		basename "$1"
		return
	fi
	(cd "$1" && find . -type f ! -path '*/usr/lib/debug/*' ! -name '*.debug' -print0 |
		xargs -0 -r sh -c 'for f; do [ "$(head -c 4 "$f")" = "$(printf "\177ELF")" ] && echo "${f#./}"; done' sh) |
		sort
}

path_of() {  # ROOT REL
	if [ -f "$1" ]; then echo "$1"; else echo "$1/$2"; fi
}

# facts FILE: one line per fact, from readelf -W -h -l -d -S -r -s:
#   T type                    ELF type (DYN, EXEC, REL, ...)
#   P                         a program (it names a program interpreter)
#   N lib                     a shared library it needs (DT_NEEDED)
#   D name@ver                dynamic symbol defined
#   Z name@ver                dynamic symbol defined, absolute, value 0
#   A ndx:value name@ver      dynamic symbol defined at an address
#   S section size            section whose name is a C identifier
#   R __start_SEC             __start_/__stop_ defined (any symbol table)
facts() {
	readelf -W -h -l -d -S -r -s "$1" 2>/dev/null | awk '
		function hex(s,   i, n) {
			n = 0
			for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n
		}
		/^ *Type: / { print "T", $2 }
		/\[Requesting program interpreter: / { print "P" }
		/^ *0x[0-9a-f]+ +\(NEEDED\) / { n = $0; sub(/.*\[/, "", n); sub(/\].*/, "", n); print "N", n }
		# offset info R_ARCH_COPY value name@ver + addend: relocations come
		# before the symbol tables in readelf'"'"'s output
		/^[0-9a-f]+ +[0-9a-f]+ +R_[A-Z0-9_]*_COPY / { copy[$5] = 1; at[hex($1)] = 1; next }
		/^Symbol table / { tab = index($0, "\047.dynsym\047") ? "dyn" : "sym"; next }
		/^ *\[ *[0-9]+\] / {
			# [Nr] Name Type Address Off Size ...; section 0 has no name
			line = $0; sub(/^ *\[ *[0-9]+\] +/, "", line); split(line, f, / +/)
			if (f[1] ~ /^[A-Za-z_][A-Za-z0-9_]*$/ && f[1] !~ /^__libc_/ && f[2] ~ /^[A-Z]/) print "S", f[1], hex(f[5])
			next
		}
		/^ *[0-9]+: [0-9a-f]+ / && NF >= 8 {
			name = $8
			for (i = 9; i <= NF; i++) name = name " " $i
			sub(/ \([0-9]+\)$/, "", name)
			if ($7 == "UND" || name == "") next
			if (name ~ /^__(start|stop)_[A-Za-z_][A-Za-z0-9_]*$/) print "R", name
			if (tab != "dyn" || name in copy || hex($2) in at) next
			print "D", name
			if ($7 == "ABS" && $2 ~ /^0+$/) print "Z", name
			else if ($7 != "ABS" && $2 !~ /^0+$/) print "A", $7 ":" $2, name
		}' | sort -u
}

# sel KIND FACTS: the facts of one kind, without the kind
sel() { awk -v k="$1" '$1 == k { sub(/^[^ ]+ /, ""); print }' "$2"; }

# lib_path LIB: the shared library LIB (a DT_NEEDED name) of the reference
# build, else the system's (ldconfig); nothing when neither has it
lib_path() {
	local p
	if [ -d "$R0" ]; then
		p=$(find "$R0" -name "$1" \( -type f -o -type l \) ! -path '*/usr/lib/debug/*' | head -1)
		[ -n "$p" ] && { echo "$p"; return; }
	fi
	[ -f "$TMP/ldconfig" ] || { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } > "$TMP/ldconfig"
	# the first entry of this machine's ABI, else the first
	awk -v l="$1" '$1 != l { next } /x86-64|AArch64/ { print $NF; found = 1; exit }
		any == "" { any = $NF } END { if (!found && any != "") print any }' "$TMP/ldconfig"
}

# interposed REF-FACTS: the unversioned names that the shared libraries
# REF-FACTS needs define, one per line with " LIB" after it; the libraries
# those need count too (eu-strip needs libelf, which needs libz: the linker
# reads them all and exported eu-strip's crc32 over libz's)
interposed() {
	local lib p k queue seen=" "
	queue=$(sel N "$1")
	mkdir -p "$TMP/lib"
	while [ -n "$queue" ]; do
		# shellcheck disable=SC2086
		set -- $queue
		lib=$1
		shift
		queue=$*
		case $seen in *" $lib "*) continue ;; esac
		seen="$seen$lib "
		k=$TMP/lib/$lib
		if [ ! -f "$k.syms" ]; then
			p=$(lib_path "$lib")
			: > "$k.needed"
			if [ -n "$p" ]; then
				readelf -W -d "$p" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' > "$k.needed"
				readelf -W --dyn-syms "$p" 2>/dev/null | awk -v l="$lib" '/^ *[0-9]+: / && NF >= 8 && $7 != "UND" {
					n = $8; sub(/@.*/, "", n); print n, l }'
			fi | sort -u -k1,1 > "$k.syms"
		fi
		cat "$k.syms"
		queue="$queue $(cat "$k.needed")"
	done
}

# check LABEL REL REF-FACTS BUILD-FACTS: findings of one file on stdout, and
# counts added to the globals LOST ABS0 SPLIT SECLOST SSLOST EXTRA INTERPOSE
check() {
	local label=$1 rel=$2 rf=$3 bf=$4 x n y
	x=$(comm -23 <(sel D "$rf") <(sel D "$bf"))
	if [ -n "$x" ] && grep -q '^P$' "$rf"; then
		# a program's exports that a library it needs defines too
		y=$(awk 'FNR == 1 { file++ }
			file == 1 { if (!($1 in lib)) lib[$1] = $2; next }
			{ n = $0; sub(/@.*/, "", n); if (n in lib) print $0, "(" lib[n] ")" }' \
			<(interposed "$rf") <(printf '%s\n' "$x"))
		if [ -n "$y" ]; then
			n=$(printf '%s\n' "$y" | wc -l)
			INTERPOSE=$((INTERPOSE + n))
			echo "$label: $rel: interposing exports dropped ($n): $(printf '%s\n' "$y" | head -20 | paste -sd ' ')"
			x=$(comm -23 <(printf '%s\n' "$x") <(printf '%s\n' "$y" | sed 's/ ([^)]*)$//' | sort))
		fi
	fi
	if [ -n "$x" ]; then
		n=$(printf '%s\n' "$x" | wc -l)
		LOST=$((LOST + n))
		echo "$label: $rel: symbols lost ($n): $(printf '%s\n' "$x" | head -20 | paste -sd ' ')"
	fi
	n=$(comm -13 <(sel D "$rf") <(sel D "$bf") | wc -l)
	EXTRA=$((EXTRA + n))
	x=$(comm -13 <(sel Z "$rf") <(sel Z "$bf"))
	if [ -n "$x" ]; then
		n=$(printf '%s\n' "$x" | wc -l)
		ABS0=$((ABS0 + n))
		echo "$label: $rel: absolute 0 ($n): $(printf '%s\n' "$x" | paste -sd ' ')"
	fi
	# alias groups of the reference whose names the build puts at more than
	# one address
	x=$(awk '
		FNR == 1 { file++ }
		file == 1 && $1 == "A" { grp[$2] = grp[$2] " " $3; cnt[$2]++ }
		file == 2 && $1 == "A" { at[$3] = $2 }
		END {
			for (g in grp) {
				if (cnt[g] < 2) continue
				split(substr(grp[g], 2), names, " ")
				delete seen; k = 0
				for (i in names) if (names[i] in at && !(at[names[i]] in seen)) { seen[at[names[i]]] = 1; k++ }
				if (k > 1) print substr(grp[g], 2)
			}
		}' "$rf" "$bf" | sort)
	if [ -n "$x" ]; then
		n=$(printf '%s\n' "$x" | wc -l)
		SPLIT=$((SPLIT + n))
		printf '%s\n' "$x" | while read -r g; do echo "$label: $rel: aliases split: $g"; done
	fi
	x=$(awk '
		FNR == 1 { file++ }
		file == 1 && $1 == "S" { ref[$2] = $3 }
		file == 2 && $1 == "S" { got[$2] = $3 }
		END {
			for (s in ref) {
				if (!(s in got)) print s, "missing (reference " ref[s] " bytes)"
				else if (got[s] < ref[s]) print s, got[s], "bytes, reference", ref[s]
			}
		}' "$rf" "$bf" | sort)
	if [ -n "$x" ]; then
		n=$(printf '%s\n' "$x" | wc -l)
		SECLOST=$((SECLOST + n))
		printf '%s\n' "$x" | while read -r s; do echo "$label: $rel: section $s"; done
	fi
	x=$(comm -23 <(sel R "$rf") <(sel R "$bf"))
	if [ -n "$x" ]; then
		n=$(printf '%s\n' "$x" | wc -l)
		SSLOST=$((SSLOST + n))
		echo "$label: $rel: start/stop lost: $(printf '%s\n' "$x" | paste -sd ' ')"
	fi
}

root "$1" 0; R0=$ROOT
root "$2" 1; R1=$ROOT
root "$3" 2; R2=$ROOT
[ -n "$R0" ] || die "the reference build cannot be \"-\""

# the reference's shared libraries and executables, with their facts
mkdir -p "$TMP/f0" "$TMP/f1" "$TMP/f2"
: > "$TMP/files"
NREF=0
while IFS= read -r rel; do
	k=$(printf '%s' "$rel" | tr '/' '%')
	facts "$(path_of "$R0" "$rel")" > "$TMP/f0/$k"
	case $(sel T "$TMP/f0/$k") in DYN|EXEC) ;; *) continue ;; esac
	echo "$rel" >> "$TMP/files"
	NREF=$((NREF + $(sel D "$TMP/f0/$k" | wc -l)))
done < <(elf_files "$R0")

LOSS=0
summary() {  # N ROOT LABEL: findings of build N, then sets S
	local n=$1 r=$2 label=$3 rel k p missing=0 parts=()
	LOST=0 ABS0=0 SPLIT=0 SECLOST=0 SSLOST=0 EXTRA=0 INTERPOSE=0
	if [ -z "$r" ] || [ -z "$(elf_files "$r" | head -1)" ]; then
		S=-
		return
	fi
	while IFS= read -r rel; do
		k=$(printf '%s' "$rel" | tr '/' '%')
		p=$(path_of "$r" "$rel")
		if [ ! -f "$p" ]; then
			echo "$label: $rel: missing"
			missing=$((missing + 1))
			continue
		fi
		facts "$p" > "$TMP/f$n/$k"
		check "$label" "$rel" "$TMP/f0/$k" "$TMP/f$n/$k"
	done < "$TMP/files"
	[ $missing -gt 0 ] && parts+=("$missing files missing")
	[ $LOST -gt 0 ] && parts+=("-$LOST symbols")
	[ $ABS0 -gt 0 ] && parts+=("$ABS0 absolute 0")
	[ $SPLIT -gt 0 ] && parts+=("$SPLIT aliases split")
	[ $SECLOST -gt 0 ] && parts+=("$SECLOST sections lost")
	[ $SSLOST -gt 0 ] && parts+=("$SSLOST start/stop lost")
	if [ ${#parts[@]} = 0 ]; then
		S="same ($NREF)"
	else
		LOSS=1
		S=$(IFS=,; echo "${parts[*]}" | sed 's/,/, /g')
	fi
	[ $EXTRA -gt 0 ] && S="$S, +$EXTRA symbols"
	[ $INTERPOSE -gt 0 ] && S="$S, -$INTERPOSE interposing"
}

# the findings go to stdout (or nowhere with --table); S is set in this shell
if [ $TABLE = 1 ]; then exec 3>&1 1>/dev/null; else exec 3>&1; fi
summary 1 "$R1" lto; S1=$S
summary 2 "$R2" lto-safe; S2=$S
if [ $TABLE = 1 ]; then
	echo "$S1 / $S2" >&3
else
	echo "summary: lto: $S1; lto-safe: $S2" >&3
fi
exit $LOSS
