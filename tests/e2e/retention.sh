#!/bin/sh
# End-to-end: the retention object's form keeps a name that only inline asm
# uses through LTO, --gc-sections and archive member selection, with every
# linker: gcc with ld.bfd, gold and mold, clang with lld, ld.bfd and gold;
# the definition in a loose object and in an archive member (gcc-ar,
# llvm-ar).  Each case: the plain link fails, the link through lto-safe
# keeps exactly inl_target and runs, unused_fn is gone (lib_ir.sh's checks),
# and the program costs no more than the source fix (inl_target marked
# __attribute__((used))): the same dynamic relocations and no larger text.
# The source fix only works for a loose object (nothing loads an archive
# member for a name only asm uses): the archive cases are measured against
# that same program.
. "$(dirname "$0")/lib.sh"
x86_64_only "x86-64 asm cases" || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
. "$ROOT/tests/e2e/lib_ir.sh"
W="inl_target(9) = 65"

dynrel() { readelf -rW "$1" | sed -n "s/^Relocation section '.rela.dyn' at offset [^ ]* contains \([0-9]*\) .*/\1/p"; }
text() { size "$1" | awk 'NR == 2 { print $1 }'; }

# no_dearer NAME LD CC ARGS...: the program through lto-safe (safe.out)
# against the same link with the source fix instead of the retention object
no_dearer() {
	_n=$1 _ld=$2 _cc=$3
	shift 3
	if ! "$_cc" -fuse-ld=$_ld "$@" -o fixed.out >fixed.err 2>&1 || [ "$(run fixed.out)" != "$W" ]; then
		fail "$_n: no dearer than the source fix ($_ld)" "the source fix does not link: $(cat fixed.err)"
	elif [ ! -f safe.out ]; then
		fail "$_n: no dearer than the source fix ($_ld)" "no output through lto-safe"
	elif [ "$(dynrel safe.out)" = "$(dynrel fixed.out)" ] && [ "$(text safe.out)" -le "$(text fixed.out)" ]; then
		pass "$_n: no dearer than the source fix ($_ld)"
	else
		fail "$_n: no dearer than the source fix ($_ld)" "dynamic relocations $(dynrel safe.out) against $(dynrel fixed.out), text $(text safe.out) against $(text fixed.out)"
	fi
}

for cc in gcc clang; do
	command -v $cc >/dev/null 2>&1 || { skip "retention ($cc)" "$cc missing"; continue; }
	case $cc in
	gcc) lds="bfd gold mold" ar=gcc-ar ;;
	clang) lds="lld bfd gold" ar=llvm-ar ;;
	esac
	command -v $ar >/dev/null 2>&1 || ar=
	in_dir "r-$cc"
	compile "retention $cc" $cc -O2 -flto "$S/ir_inl_main.c" "$S/ir_inl_impl.c" || continue
	$cc -O2 -flto -c "$S/ir_inl_impl_used.c" -o used.o || { fail "retention $cc: compile the source fix" ""; continue; }
	rm -f libimpl.a
	[ -z "$ar" ] || $ar rcs libimpl.a ir_inl_impl.o
	for ld in $lds; do
		have_ld $cc $ld || { skip "retention $cc ($ld)" "ld.$ld missing"; continue; }
		ABSENT=unused_fn
		n="retention $cc loose object, --gc-sections"
		ir_case "$n" $ld "$W" inl_target $cc -O2 -flto -Wl,--gc-sections ir_inl_main.o ir_inl_impl.o
		no_dearer "$n" $ld $cc -O2 -flto -Wl,--gc-sections ir_inl_main.o used.o
		if [ -z "$ar" ]; then
			skip "retention $cc archive member ($ld)" "no gcc-ar/llvm-ar"
			continue
		fi
		n="retention $cc archive member, --gc-sections"
		ir_case "$n" $ld "$W" inl_target $cc -O2 -flto -Wl,--gc-sections ir_inl_main.o libimpl.a
		no_dearer "$n" $ld $cc -O2 -flto -Wl,--gc-sections ir_inl_main.o used.o
	done
done
