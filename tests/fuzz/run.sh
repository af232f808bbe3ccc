#!/bin/sh
# Runs every fuzz harness in DIR for SECONDS each (or until it has made RUNS
# executions, when RUNS is given: then SECONDS is only a cap), on a copy of
# its seed corpus (tests/fuzz/corpus/NAME; the committed corpus is never
# written; the copy in DIR/work/NAME grows from run to run), and prints the
# executions of each.  A crash stops with status 1 and leaves the input
# that caused it in DIR/crashes/NAME.  FUZZ_ONLY="NAME..." runs only those.
# Usage: run.sh DIR SECONDS [RUNS]
cd "$(dirname "$0")/../.." || exit 1
dir=$1 secs=$2 runs=${3:+-runs=$3}
total=0 failed=0
for bin in "$dir"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	case " ${FUZZ_ONLY:-$name} " in *" $name "*) ;; *) continue ;; esac
	work=$dir/work/$name crashes=$dir/crashes/$name
	mkdir -p "$work" "$crashes"
	[ -d "tests/fuzz/corpus/$name" ] && cp -R "tests/fuzz/corpus/$name/." "$work/"
	"$bin" -max_total_time="$secs" $runs -print_final_stats=1 -rss_limit_mb=2048 -timeout=60 \
		-artifact_prefix="$crashes/" "$work" >"$dir/$name.log" 2>&1
	st=$?
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$name.log")
	if [ $st != 0 ]; then
		echo "$name: FAILED after ${n:-?} executions (see $dir/$name.log, $crashes)"
		grep -m3 "ERROR\|SUMMARY" "$dir/$name.log"
		failed=1
	else
		t=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$dir/$name.log")
		echo "$name: ${n:-?} executions in ${t:-$secs} s, corpus $(ls "$work" | wc -l) inputs"
	fi
	total=$((total + ${n:-0}))
done
echo "fuzz: $total executions in all"
exit $failed
