#!/bin/sh
# Runs every fuzz harness in DIR for SECONDS each (or until it has made RUNS
# executions, when RUNS is given: then SECONDS is only a cap), on a copy of
# its seed corpus (tests/fuzz/corpus/NAME; the committed corpus is never
# written; the copy in DIR/work/NAME grows from run to run), and prints the
# executions of each.  A crash stops with status 1 and leaves the input
# that caused it in DIR/crashes/NAME.  FUZZ_ONLY="NAME..." runs only those.
# FUZZ_JOBS=N runs N harnesses at a time (default: the number of processors).
# Usage: run.sh DIR SECONDS [RUNS]
cd "$(dirname "$0")/../.." || exit 1
dir=$1 secs=$2 runs=${3:+-runs=$3}
jobs=${FUZZ_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
total=0 failed=0
names=""
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	case " ${FUZZ_ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
	mkdir -p "$dir/work/$name" "$dir/crashes/$name"
	rm -f "$dir/$name.status"
	[ -d "tests/fuzz/corpus/$name" ] && cp -R "tests/fuzz/corpus/$name/." "$dir/work/$name/"
	names="$names $name"
done
# shellcheck disable=SC2086
printf '%s\n' $names | xargs -P "$jobs" -I NAME sh -c '
	"$0/NAME" -max_total_time="$1" $2 -print_final_stats=1 -rss_limit_mb=2048 -timeout=60 \
		-artifact_prefix="$0/crashes/NAME/" "$0/work/NAME" >"$0/NAME.log" 2>&1
	echo $? >"$0/NAME.status"' "$dir" "$secs" "$runs"
for name in $names; do
	st=$(cat "$dir/$name.status" 2>/dev/null || echo "not run")
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$name.log")
	if [ "$st" != 0 ]; then
		echo "$name: FAILED after ${n:-?} executions (see $dir/$name.log, $dir/crashes/$name)"
		grep -m3 "ERROR\|SUMMARY" "$dir/$name.log"
		failed=1
	else
		t=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$dir/$name.log")
		echo "$name: ${n:-?} executions in ${t:-$secs} s, corpus $(ls "$dir/work/$name" | wc -l) inputs"
	fi
	total=$((total + ${n:-0}))
done
echo "fuzz: $total executions in all"
exit $failed
