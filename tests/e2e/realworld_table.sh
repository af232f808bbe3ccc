#!/bin/sh
# End-to-end: tests/realworld/run.sh --readme makes README.md's realworld
# table from the results on file, in the list's order, with each package's
# class, the line that names the runs' commits, and the line that sums the
# time columns (build times and lto-safe's own time).  It runs on a copy of
# the tree with two results of known figures; nothing is built.
. "$(dirname "$0")/lib.sh"
need bash awk || exit 0
mktmp
cd "$T" || exit 1
R=$T/root
mkdir -p "$R/tests/realworld/results" "$R/build/bin"
cp "$ROOT/tests/realworld/run.sh" "$ROOT/tests/realworld/verdict.sh" "$R/tests/realworld/"
# run.sh reads nothing of the binaries for --readme; it only checks they are built
cp "$LTO_SAFE_BIN" "$R/build/bin/lto-safe-cc"
printf 'pkgb  -  a control\npkga  -  fails plainly\npkgc  -  no result yet\n' > "$R/tests/realworld/packages"
printf 'pkga  ours: fixed\npkgb  plain LTO works\n' > "$R/tests/realworld/classes"
printf '# make realworld: pkga, lto-safe abc1234, 2026-12-03\n| pkga 1.0 | Makefile | ok | link failed | ok | passed / not run / passed | - / same (3) | 2 in 1/4 links | 1m00s / 2m00s / 3m30s | 1.5 s in 10 links |\n' \
	> "$R/tests/realworld/results/pkga"
printf '# make realworld: pkgb, lto-safe def5678, 2026-12-02\n| pkgb 2.0 | CMake | ok | ok | ok | 1/1 / 1/1 / 1/1 | same (9) / same (9) | 0 in 0/3 links | 0m30s / 0m45s / 1m05s | 0.2 s in 3 links |\n' \
	> "$R/tests/realworld/results/pkgb"
printf 'before\n<!-- realworld table: begin -->\nold row\n<!-- realworld table: end -->\nafter\n' > "$R/README.md"

if REALWORLD_DIR=$T/work bash "$R/tests/realworld/run.sh" --readme > out 2>&1; then
	pass "rt1 run.sh --readme runs on results alone"
else
	fail "rt1 run.sh --readme runs on results alone" "$(cat out)"
fi
grep '^| pkg' "$R/README.md" | cut -d'|' -f2 | tr -d ' ' | paste -sd ' ' > order
if [ "$(cat order)" = "pkgb2.0 pkga1.0" ] && ! grep -q 'old row' "$R/README.md" &&
	grep -q '^before$' "$R/README.md" && grep -q '^after$' "$R/README.md"; then
	pass "rt2 the rows replace the old ones between the markers, in the list's order"
else
	fail "rt2 the rows replace the old ones between the markers" "$(cat "$R/README.md")"
fi
if grep -q '^| pkga 1.0 .* | 1.5 s in 10 links | ours: fixed |$' "$R/README.md"; then
	pass "rt3 each row ends with the package's class"
else
	fail "rt3 each row ends with the package's class" "$(cat "$R/README.md")"
fi
if grep -qx 'Results on file for 2 of 3 packages of the list; runs of lto-safe abc1234 def5678.' "$R/README.md"; then
	pass "rt4 the results on file and the runs' commits are counted"
else
	fail "rt4 the results on file and the runs' commits are counted" "$(cat "$R/README.md")"
fi
want="Builds of the 2 packages in all: 1m30s without LTO, 2m45s with plain GCC LTO, 4m35s through lto-safe-cc; lto-safe's own time 1.7 s over 13 links."
if grep -qxF "$want" "$R/README.md"; then
	pass "rt5 the time columns are summed: 1m30s / 2m45s / 4m35s, 1.7 s over 13 links"
else
	fail "rt5 the time columns are summed" "want: $want got: $(grep '^Builds' "$R/README.md")"
fi
