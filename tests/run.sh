#!/bin/sh
# Runs every unit test binary and end-to-end script, and adds up the counts.
# Exit status 1 when anything failed.
cd "$(dirname "$0")/.." || exit 1
passed=0 failed=0 skipped=0
failures=""
out=$(mktemp)
# lto-safe's caches (README, "Performance") go to a directory of this run
LTO_SAFE_CACHE_DIR=$(mktemp -d)
export LTO_SAFE_CACHE_DIR
trap 'rm -f "$out"; rm -rf "$LTO_SAFE_CACHE_DIR"' EXIT

for t in "${LTO_SAFE_BUILD:-build}"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$out" 2>&1
	st=$?
	line=$(grep -E '^[0-9]+%: Checks: ' "$out" | tail -1)
	n=$(echo "$line" | sed -n 's/.*Checks: \([0-9]*\).*/\1/p')
	f=$(echo "$line" | sed -n 's/.*Failures: \([0-9]*\).*/\1/p')
	e=$(echo "$line" | sed -n 's/.*Errors: \([0-9]*\).*/\1/p')
	s=$(grep -c '^SKIP:' "$out")
	if [ -z "$n" ]; then
		failed=$((failed + 1))
		failures="$failures\n$t: no result (status $st)"
		cat "$out"
		continue
	fi
	bad=$((f + e))
	passed=$((passed + n - bad - s))
	skipped=$((skipped + s))
	failed=$((failed + bad))
	if [ "$bad" -gt 0 ] || [ "$st" != 0 ]; then
		[ "$bad" = 0 ] && failed=$((failed + 1))
		failures="$failures\n$t"
		grep -E ':[EF]:' "$out"
	fi
	grep '^SKIP:' "$out" | sed "s|^|$(basename "$t"): |"
	echo "$(basename "$t"): $line"
done

for s in tests/e2e/*.sh; do
	case $(basename "$s") in lib*.sh) continue ;; esac
	# E2E_SKIP="name ...": scripts not run (counted as one skip each)
	case " ${E2E_SKIP:-} " in
	*" $(basename "$s" .sh) "*)
		echo "SKIP: $(basename "$s" .sh) (not run here: E2E_SKIP)"
		skipped=$((skipped + 1))
		continue
		;;
	esac
	sh "$s" >"$out" 2>&1
	st=$?
	cat "$out"
	p=$(grep -c '^PASS:' "$out")
	f=$(grep -c '^FAIL:' "$out")
	k=$(grep -c '^SKIP:' "$out")
	passed=$((passed + p))
	skipped=$((skipped + k))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures\n$s: $(grep '^FAIL:' "$out" | tr '\n' ';')"
	elif [ "$st" != 0 ]; then
		failed=$((failed + 1))
		failures="$failures\n$s: exited with status $st"
	fi
done

if [ "$failed" -gt 0 ]; then
	printf 'failures:%b\n' "$failures"
fi
echo "make check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
