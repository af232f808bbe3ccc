#!/bin/sh
# Runs every unit test binary and end-to-end script, and adds up the counts.
# Exit status 1 when anything failed.
# CHECK_JOBS=N runs N of them at a time (default: the number of processors);
# each writes to its own file, and the report is printed in the usual order.
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0 skipped=0
failures=""
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
jobs=${CHECK_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}

# the tests, numbered in report order: unit binaries, then e2e scripts;
# E2E_SKIP="name ...": scripts not run (counted as one skip each)
n=0
for t in "${LTO_SAFE_BUILD:-build}"/tests/test_* tests/e2e/*.sh; do
	case $t in
	*/lib*.sh) continue ;;
	*.sh) ;;
	*) [ -x "$t" ] || continue ;;
	esac
	n=$((n + 1))
	if [ "${t%.sh}" != "$t" ]; then
		case " ${E2E_SKIP:-} " in
		*" $(basename "$t" .sh) "*) echo "$n skip $t"; continue ;;
		esac
	fi
	echo "$n run $t"
done >"$res/list"

# each in its own directory for lto-safe's caches (doc/performance.md)
grep ' run ' "$res/list" | xargs -P "$jobs" -L 1 sh -c '
	i=$1 t=$3 res=$0
	LTO_SAFE_CACHE_DIR=$res/cache-$i
	export LTO_SAFE_CACHE_DIR
	t0=$(date +%s)
	case $t in *.sh) sh "$t" ;; *) "$t" ;; esac >"$res/$i.out" 2>&1
	echo $? >"$res/$i.st"
	echo "$(($(date +%s) - t0)) $(basename "$t" .sh)" >"$res/$i.time"' "$res"

while read -r i what t; do
	out=$res/$i.out
	if [ "$what" = skip ]; then
		echo "SKIP: $(basename "$t" .sh) (not run here: E2E_SKIP)"
		skipped=$((skipped + 1))
		continue
	fi
	st=$(cat "$res/$i.st" 2>/dev/null || echo "not run")
	case $t in
	*.sh)
		cat "$out"
		p=$(grep -c '^PASS:' "$out")
		f=$(grep -c '^FAIL:' "$out")
		k=$(grep -c '^SKIP:' "$out")
		passed=$((passed + p))
		skipped=$((skipped + k))
		failed=$((failed + f))
		if [ "$f" -gt 0 ]; then
			failures="$failures\n$t: $(grep '^FAIL:' "$out" | tr '\n' ';')"
		elif [ "$st" != 0 ]; then
			failed=$((failed + 1))
			failures="$failures\n$t: exited with status $st"
		fi
		;;
	*)
		line=$(grep -E '^[0-9]+%: Checks: ' "$out" | tail -1)
		c=$(echo "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
		f=$(echo "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
		e=$(echo "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
		s=$(grep -c '^SKIP:' "$out")
		if [ -z "$c" ]; then
			failed=$((failed + 1))
			failures="$failures\n$t: no result (status $st)"
			cat "$out"
			continue
		fi
		bad=$((f + e))
		passed=$((passed + c - bad - s))
		skipped=$((skipped + s))
		failed=$((failed + bad))
		if [ "$bad" -gt 0 ] || [ "$st" != 0 ]; then
			[ "$bad" = 0 ] && failed=$((failed + 1))
			failures="$failures\n$t"
			grep -E ':[EF]:' "$out"
		fi
		grep '^SKIP:' "$out" | sed "s|^|$(basename "$t"): |"
		echo "$(basename "$t"): $line"
		;;
	esac
done <"$res/list"

# the slowest, for the time budget of make check and CI
echo "slowest (seconds, $jobs at a time): $(cat "$res"/*.time 2>/dev/null | sort -rn | head -8 | tr ' \n' ':,' | sed 's/,$//; s/,/, /g')"
if [ "$failed" -gt 0 ]; then
	printf 'failures:%b\n' "$failures"
fi
echo "make check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
