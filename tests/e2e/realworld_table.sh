#!/bin/sh
# End-to-end: tests/realworld/run.sh --page makes doc/realworld.md's table
# from the results on file, in the list's order, with each package's class,
# the line that gives the runs' dates (not their commits: they stay in the
# results), the classes counted, and the line that sums the time columns
# (build times and lto-safe's own time).  It runs on a copy of the tree with
# three results of known figures; nothing is built.
. "$(dirname "$0")/lib.sh"
need bash awk || exit 0
mktmp
cd "$T" || exit 1
R=$T/root
mkdir -p "$R/tests/realworld/results" "$R/build/bin" "$R/doc"
cp "$ROOT/tests/realworld/run.sh" "$ROOT/tests/realworld/verdict.sh" "$R/tests/realworld/"
# run.sh reads nothing of the binaries for --page; it only checks they are built
cp "$LTO_SAFE_BIN" "$R/build/bin/lto-safe-cc"
printf 'pkgb  -  a control\npkga  -  fails plainly\npkgc  -  no result yet\npkgd  -  another\n' > "$R/tests/realworld/packages"
printf 'pkga  ours: fixed\npkgb  plain LTO works\n' > "$R/tests/realworld/classes"
printf '# make realworld: pkga, lto-safe abc1234, 2026-12-03\n| pkga 1.0 | Makefile | ok | link failed | ok | passed / not run / passed | - / same (3) | 2 in 1/4 links | 1m00s / 2m00s / 3m30s | 1.5 s in 10 links |\n' \
	> "$R/tests/realworld/results/pkga"
printf '# make realworld: pkgb, lto-safe def5678, 2026-12-02\n| pkgb 2.0 | CMake | ok | ok | ok | 1/1 / 1/1 / 1/1 | same (9) / same (9) | 0 in 0/3 links | 0m30s / 0m45s / 1m05s | 0.2 s in 3 links |\n' \
	> "$R/tests/realworld/results/pkgb"
printf '# make realworld: pkgd, lto-safe 0123abc, 2026-12-04\n| pkgd 3.0 | Meson | ok | ok | ok | passed / passed / passed | same (1) / same (1) | 0 in 0/1 links | 0m01s / 0m01s / 0m01s | 0.0 s in 1 links |\n' \
	> "$R/tests/realworld/results/pkgd"
printf 'before\n<!-- realworld table: begin -->\nold row\n<!-- realworld table: end -->\nafter\n' > "$R/doc/realworld.md"

if REALWORLD_DIR=$T/work bash "$R/tests/realworld/run.sh" --page > out 2>&1; then
	pass "rt1 run.sh --page runs on results alone"
else
	fail "rt1 run.sh --page runs on results alone" "$(cat out)"
fi
grep '^| pkg' "$R/doc/realworld.md" | cut -d'|' -f2 | tr -d ' ' | paste -sd ' ' > order
if [ "$(cat order)" = "pkgb2.0 pkga1.0 pkgd3.0" ] && ! grep -q 'old row' "$R/doc/realworld.md" &&
	grep -q '^before$' "$R/doc/realworld.md" && grep -q '^after$' "$R/doc/realworld.md"; then
	pass "rt2 the rows replace the old ones between the markers, in the list's order"
else
	fail "rt2 the rows replace the old ones between the markers" "$(cat "$R/doc/realworld.md")"
fi
if grep -q '^| pkga 1.0 .* | 1.5 s in 10 links | ours: fixed |$' "$R/doc/realworld.md"; then
	pass "rt3 each row ends with the package's class"
else
	fail "rt3 each row ends with the package's class" "$(cat "$R/doc/realworld.md")"
fi
if grep -qx 'Results on file for 3 of 4 packages of the list, measured from 2026-12-02 to 2026-12-04.' "$R/doc/realworld.md" &&
	! grep -q 'abc1234\|def5678\|0123abc' "$R/doc/realworld.md"; then
	pass "rt4 the results on file are counted, with their dates and without their commits"
else
	fail "rt4 the results on file are counted, with their dates and without their commits" "$(cat "$R/doc/realworld.md")"
fi
if grep -q '^Classes: plain LTO breaks 1 .*; plain LTO works in 1; 0 lose .*; 1 fail for another reason' "$R/doc/realworld.md"; then
	pass "rt6 the classes are counted (a package without one is another reason)"
else
	fail "rt6 the classes are counted" "$(grep '^Classes' "$R/doc/realworld.md")"
fi
want="Builds of the 3 packages in all: 1m31s without LTO, 2m46s with plain GCC LTO, 4m36s through lto-safe-cc; lto-safe's own time 1.7 s over 14 links."
if grep -qxF "$want" "$R/doc/realworld.md"; then
	pass "rt5 the time columns are summed: 1m31s / 2m46s / 4m36s, 1.7 s over 14 links"
else
	fail "rt5 the time columns are summed" "want: $want got: $(grep '^Builds' "$R/doc/realworld.md")"
fi
