#!/bin/sh
# make check-valgrind: the end-to-end tests with every run of the link helper
# and of the lto-safe command under valgrind's memcheck (full leak check),
# then a summary of what valgrind found.  Exit status 1 when a test failed,
# when valgrind reported an error (invalid access, uninitialised value,
# memory definitely lost) or when it found nothing to check.
#
#   tests/valgrind.sh BUILD-DIR [E2E-SCRIPT...]   (default: every tests/e2e script)
#
# BUILD-DIR is a tree built with STATIC_CORE=0 (make check-valgrind builds
# build-vg): each program is moved to NAME.real and NAME becomes a script
# that runs it under valgrind, one log per process in BUILD-DIR/valgrind.
cd "$(dirname "$0")/.." || exit 1
B=${1:?usage: tests/valgrind.sh BUILD-DIR [E2E-SCRIPT...]}
shift
if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: check-valgrind (valgrind is not installed)"
	exit 0
fi
LOGS=$(pwd)/$B/valgrind
rm -rf "$LOGS"
mkdir -p "$LOGS"
for prog in "$B/libexec/lto-safe/lto-safe-link" "$B/bin/lto-safe"; do
	# a fresh build put the program back: move it aside again
	if [ "$(head -c 4 "$prog")" = "$(printf '\177ELF')" ]; then
		mv -f "$prog" "$prog.real"
	fi
	[ -x "$prog.real" ] || { echo "check-valgrind: $prog.real is missing"; exit 1; }
	# valgrind keeps files of its own in TMPDIR: where the test made it
	# unusable (missing, a file, full), the program runs without valgrind
	cat >"$prog" <<EOF
#!/bin/sh
probe=\$(mktemp -p "\${TMPDIR:-/tmp}" 2>/dev/null) &&
	head -c 65536 /dev/zero 2>/dev/null >"\$probe"
ok=\$?
rm -f "\$probe"
if [ -z "\$probe" ] || [ \$ok != 0 ]; then
	echo "\$0" >>"$LOGS/not-under-valgrind"
	exec "$(pwd)/$prog.real" "\$@"
fi
exec valgrind -q --tool=memcheck --vgdb=no --leak-check=full --show-leak-kinds=definite \\
	--errors-for-leak-kinds=definite --error-exitcode=99 --child-silent-after-fork=yes \\
	--log-file="$LOGS/%p.log" "$(pwd)/$prog.real" "\$@"
EOF
	chmod +x "$prog"
done

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for s in ${*:-tests/e2e/*.sh}; do
	case $(basename "$s") in lib*.sh) continue ;; esac
	LTO_SAFE_BUILD=$B sh "$s" >"$out" 2>&1
	p=$(grep -c '^PASS:' "$out")
	f=$(grep -c '^FAIL:' "$out")
	echo "$(basename "$s" .sh): $p passed, $f failed"
	if [ "$f" != 0 ]; then
		grep -A5 '^FAIL:' "$out" | head -40
		status=1
	fi
done

runs=$(ls "$LOGS" | grep -c '\.log$')
direct=$(cat "$LOGS/not-under-valgrind" 2>/dev/null | wc -l)
# with -q valgrind writes only what it found
bad=$(grep -l 'Invalid \|uninitialised\|definitely lost\|Mismatched\|Syscall param\|overlap\|Process terminating\|valgrind:' "$LOGS"/*.log 2>/dev/null)
if [ "$runs" = 0 ]; then
	echo "check-valgrind: no program ran under valgrind"
	status=1
elif [ -n "$bad" ]; then
	echo "check-valgrind: valgrind reported errors in $(echo "$bad" | wc -l) of $runs runs:"
	for f in $bad; do
		echo "--- $f"
		head -40 "$f"
	done
	status=1
else
	echo "check-valgrind: $runs runs of the link helper and lto-safe under valgrind, no error, no leak ($direct more ran without valgrind: TMPDIR unusable on purpose)"
fi
exit $status
