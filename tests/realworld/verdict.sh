# shellcheck shell=dash
# tests/realworld/verdict.sh: what a package build's log says, for the rows
# of make realworld (run.sh) and for tests/e2e/realworld_compare.sh, which
# makes each verdict on a small example: source it, then
#   result STATUS LOG   ok, "symbols lost (N)" (dpkg-gensymbols), "tests
#                       failed", "link failed", ...
#   tests LOG STATUS    the test counts, "passed/total", from the harness's
#                       summary; else what the log shows
# STATUS is dpkg-buildpackage's exit status (or "unpack").

# What went wrong, from the status and the log.
result() {
	local status=$1 log=$2 n
	if grep -q 'some symbols or patterns disappeared' "$log"; then
		n=$(grep -c '^+#MISSING: ' "$log")
		if [ "$status" = 0 ]; then echo "ok, $n symbols lost"; else echo "symbols lost ($n)"; fi
		return
	fi
	[ "$status" = 0 ] && { echo ok; return; }
	[ "$status" = unpack ] && { echo "unpack failed"; return; }
	grep -q 'Unmet build dependencies' "$log" && { echo "build dependencies missing"; return; }
	if grep -qE 'dh_auto_test: error|^make(\[[0-9]+\])?: \*\*\* \[[^]]*(check|test)[^]]*\]' "$log"; then
		echo "tests failed"
	elif grep -qE 'undefined reference|undefined symbol|lto-wrapper: fatal error|ld returned [0-9]+ exit status' "$log"; then
		echo "link failed"
	else
		echo "build failed"
	fi
}

# Test counts: automake's test-suite summary, ctest, meson, DejaGnu's
# summary (expected passes, expected failures and unsupported tests pass),
# libaio's and zlib's harnesses; else the status.
tests() {
	local log=$1 status=$2 s
	s=$(awk '
		/^# TOTAL: *[0-9]+/ { at += $3; a = 1 }
		/^# (PASS|XFAIL|SKIP): *[0-9]+/ { ap += $3 }
		/tests passed, [0-9]+ tests? failed out of [0-9]+/ {
			c = 1; ct += $NF; f = $0; sub(/.*tests passed, /, "", f); cf += f }
		/^Pass: [0-9]+ +Fail: [0-9]+/ { h = 1; hp += $2; ht += $2 + $4 }
		/\*\*\* .*test OK \*\*\*/ { z = 1; zp++; zt++ }
		/\*\*\* .*test FAILED \*\*\*/ { z = 1; zt++ }
		/^Ok: *[0-9]+/ { m = 1; mp += $2 }
		/^(Expected Fail|Skipped): *[0-9]+/ { m = 1; mp += $NF }
		/^(Fail|Unexpected Pass|Timeout): *[0-9]+/ { m = 1; mf += $NF }
		/^# of (expected passes|expected failures|unsupported tests)[[:space:]]+[0-9]+/ { g = 1; gp += $NF }
		/^# of (unexpected failures|unexpected successes|unresolved testcases)[[:space:]]+[0-9]+/ {
			g = 1; gf += $NF }
		END {
			if (a) printf "%d/%d", ap, at
			else if (c) printf "%d/%d", ct - cf, ct
			else if (m) printf "%d/%d", mp, mp + mf
			else if (g) printf "%d/%d", gp, gp + gf
			else if (h) printf "%d/%d", hp, ht
			else if (z) printf "%d/%d", zp, zt
		}' "$log")
	if [ -n "$s" ]; then
		echo "$s"
	elif ! grep -qE '^[[:space:]]+dh_auto_test|override_dh_auto_test(-arch)?([[:space:]]|$)' "$log"; then
		echo "not run"
	elif grep -q 'dh_auto_test: error' "$log"; then
		echo failed
	elif [ "$status" = 0 ] || grep -qE '^[[:space:]]+dh_auto_install|override_dh_auto_install' "$log"; then
		echo passed
	else
		echo "?"
	fi
}
