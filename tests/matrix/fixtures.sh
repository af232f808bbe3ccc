#!/bin/bash
# The IR fixtures of make check (tests/unit/data/ir, README there):
# tests/unit/data/ir/facts.c compiled with -O2 -flto by each GCC and clang
# of the toolchain matrix's sid tree, and by its GCC 11 and 12
# (tests/matrix/run.sh makes the tree if need be: root, the Debian mirror),
# so that test_gcclto and test_llvmbc read every stream version without the
# trees.  Each compiler's version goes to
# tests/unit/data/ir/PRODUCERS, and for each GCC the GIMPLE_ASM tag measured
# in its object (tests/matrix/asm_tag.py: lib/formats/gcclto.c's asm_tags).
#
#   tests/matrix/fixtures.sh [COMPILER...]   (default: every one below)
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/tests/unit/data/ir
WORK=${MATRIX_DIR:-/work/matrix}
SUITE=sid
COMPILERS=${*:-gcc-11 gcc-12 gcc-13 gcc-14 gcc-15 gcc-16 gcc-snapshot clang-19 clang-21 clang-22}

die() { echo "fixtures: $*" >&2; exit 1; }

# the script run in the tree: for each compiler, its objects and a line
# "OBJECT<TAB>COMMAND<TAB>VERSION" per object
script='set -e
rm -rf fixtures && mkdir fixtures && cd fixtures && cp /root/facts.c /root/asm_tag.c .
for c in '"$COMPILERS"'; do
	case $c in
	gcc-snapshot) cc=/usr/lib/gcc-snapshot/bin/gcc ;;
	*) cc=$c ;;
	esac
	command -v $cc >/dev/null || { echo "$c: not installed" >&2; continue; }
	v=$($cc --version | head -1)
	case $c in
	gcc-*)
		$cc -O2 -flto -c facts.c -o $c.o
		$cc -O2 -flto -c asm_tag.c -o tag-$c.o
		printf "%s\t%s\t%s\n" $c.o "$c -O2 -flto -c facts.c" "$v" ;;
	clang-*)
		$cc -O2 -flto -c facts.c -o $c.bc
		$cc -O2 -flto=thin -c facts.c -o $c-thin.bc
		printf "%s\t%s\t%s\n" $c.bc "$c -O2 -flto -c facts.c" "$v" $c-thin.bc "$c -O2 -flto=thin -c facts.c" "$v" ;;
	esac
done >list'

# the matrix's packages, and GCC 11 and 12 (Debian 12's, whose tags were
# known first) for the fixtures alone
bash "$ROOT/tests/matrix/run.sh" --exec "$SUITE" \
	"dpkg -s gcc-11 gcc-12 >/dev/null 2>&1 || apt-get install -y -q gcc-11 gcc-12 >/dev/null" ||
	die "no $SUITE tree, or no gcc-11 and gcc-12 in it"
cp "$OUT/facts.c" "$ROOT/tests/matrix/asm_tag.c" "$WORK/$SUITE/root/" || die "cannot copy the sources into the $SUITE tree"
bash "$ROOT/tests/matrix/run.sh" --exec "$SUITE" "$script" || die "compiling in the $SUITE tree failed"

F=$WORK/$SUITE/root/fixtures
{
	echo "# tests/matrix/fixtures.sh, Debian $SUITE tree of $(date -u +%Y-%m-%d): object, command, compiler"
	cat "$F/list"
} >"$OUT/PRODUCERS"
while IFS=$'\t' read -r obj _; do
	cp "$F/$obj" "$OUT/$obj" || die "cannot copy $obj"
done <"$F/list"
# the GIMPLE_ASM tag of each GCC's streams, measured on the asm statements
# of tests/matrix/asm_tag.c
gccs=$(awk -F'\t' '$1 ~ /^gcc-.*\.o$/ { print $1 }' "$F/list")
if [ -n "$gccs" ]; then
	echo "# the GIMPLE_ASM tags measured (tests/matrix/asm_tag.py on asm_tag.c; lib/formats/gcclto.c, asm_tags):" >>"$OUT/PRODUCERS"
	for o in $gccs; do
		printf '# %s: %s\n' "${o%.o}" "$(python3 "$ROOT/tests/matrix/asm_tag.py" "$F/tag-$o" | tail -1)"
	done >>"$OUT/PRODUCERS"
fi
cat "$OUT/PRODUCERS"
