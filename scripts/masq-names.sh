#!/bin/sh
# Prints, one per line and sorted, the names that "make install" gives the
# masquerade directory ($(PREFIX)/lib/lto-safe/bin; MASQ_NAMES overrides
# this list): every file on PATH, now, whose name is
#
#   [TRIPLET-]BASE[-VERSION]
#
# with BASE one of the fixed table below, TRIPLET a GNU target whose
# second or later word is "linux" (x86_64-linux-gnu, aarch64-linux-gnu,
# x86_64-pc-linux-gnu, arm-linux-gnueabihf) and VERSION digits and dots
# (gcc-12, clang-14, ld.lld-19, x86_64-linux-gnu-gcc-12), and that is an
# executable file that is not an lto-safe wrapper (a name is never made for
# a tool that is not installed).  Only absolute directories of PATH count.
BASES='cc c++ gcc g++ clang clang++ ld ld.bfd ld.gold ld.lld ld.mold'

# BASES as an extended regular expression: cc|c\+\+|...|ld\.mold
alt=$(printf '%s\n' $BASES | sed -e 's/[.+]/\\&/g' | paste -sd '|')
re="^(([A-Za-z0-9_]+-)+linux(-[A-Za-z0-9_]+)*-)?($alt)(-[0-9]+(\\.[0-9]+)*)?\$"

IFS=:
for d in $PATH; do
	case $d in /*) ;; *) continue ;; esac
	[ -d "$d" ] || continue
	ls -1 "$d" 2>/dev/null | grep -E "$re" | while IFS= read -r n; do
		f=$d/$n
		[ -f "$f" ] && [ -x "$f" ] || continue
		real=$(readlink -f "$f") || continue
		case ${real##*/} in lto-safe*) continue ;; esac
		printf '%s\n' "$n"
	done
done | LC_ALL=C sort -u
