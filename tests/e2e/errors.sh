#!/bin/sh
# End-to-end: failures stay the real tool's; bad input falls back cleanly.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

# A genuinely missing symbol fails exactly as without lto-safe.
gcc -O2 -flto -ffat-lto-objects -c "$S/missing.c" "$S/reg.c"
gcc -O2 -flto missing.o reg.o -o plain 2>plain-err; st=$?
LTO_SAFE_KEEP=genuinely_missing "$LTO_SAFE_BIN" gcc -O2 -flto missing.o reg.o -o safe 2>safe-err; st2=$?
if [ "$st" = "$st2" ] && [ "$st" != 0 ] && grep -q "undefined reference to .genuinely_missing" safe-err; then
	pass "missing symbol: linker's status and message"
else
	fail "missing symbol: linker's status and message" "plain $st, lto-safe $st2: $(cat safe-err)"
fi

# A corrupt object among LTO inputs: one warning, then the plain link and its status.
gcc -O2 -flto -c "$S/hello.c" "$S/helper.c"
head -c 300 helper.o >corrupt.o
gcc -O2 -flto hello.o corrupt.o -o plain 2>/dev/null; st=$?
"$LTO_SAFE_BIN" gcc -O2 -flto hello.o corrupt.o -o safe 2>err; st2=$?
if [ "$st" = "$st2" ] && [ "$(grep -c '^lto-safe: warning' err)" = 1 ]; then
	pass "corrupt input: one warning and the plain link"
else
	fail "corrupt input: one warning and the plain link" "plain $st, lto-safe $st2: $(cat err)"
fi
# strict mode turns it into an error
if LTO_SAFE_STRICT=1 "$LTO_SAFE_BIN" gcc -O2 -flto hello.o corrupt.o -o safe 2>err; then
	fail "strict mode rejects a corrupt input"
elif grep -q "LTO_SAFE_STRICT" err; then
	pass "strict mode rejects a corrupt input"
else
	fail "strict mode rejects a corrupt input" "$(cat err)"
fi

# A bad pattern is an error naming it.
if LTO_SAFE_KEEP='foo(' "$LTO_SAFE_BIN" gcc -O2 -flto hello.o helper.o -o x 2>err; then
	fail "bad keep pattern is an error"
elif grep -q "foo(" err; then
	pass "bad keep pattern is an error naming it"
else
	fail "bad keep pattern is an error naming it" "$(cat err)"
fi
# An unknown wrapper option is an error naming it.
if "$LTO_SAFE_BIN" gcc -O2 hello.o helper.o --lto-safe-bogus -o x 2>err; then
	fail "unknown --lto-safe option is an error"
elif grep -q "lto-safe-bogus" err; then
	pass "unknown --lto-safe option is an error"
else
	fail "unknown --lto-safe option is an error" "$(cat err)"
fi
# A missing input: the linker's own message and status.
gcc -O2 -flto hello.o nothere.o -o x 2>/dev/null; st=$?
"$LTO_SAFE_BIN" gcc -O2 -flto hello.o nothere.o -o x 2>err; st2=$?
if [ "$st" = "$st2" ] && grep -q "nothere.o" err; then pass "missing input: linker's status"; else fail "missing input: linker's status" "$(cat err)"; fi
# A real tool that dies of a signal: lto-safe ends the same way.
cat >killer <<'SH'
#!/bin/sh
kill -TERM $$
SH
chmod +x killer
LTO_SAFE_KEEP=helper "$LTO_SAFE_BIN" ./killer -O2 -flto hello.o helper.o -o x 2>/dev/null; st=$?
if [ "$st" = 143 ]; then pass "child killed by a signal: same signal"; else fail "child killed by a signal: same signal" "status $st"; fi
# SIGTERM to lto-safe in the middle of a link: the child is stopped, the
# temporary directory is gone, and lto-safe ends with the same signal.
cat >slowcc <<'SH'
#!/bin/sh
exec sleep 30
SH
chmod +x slowcc
mkdir -p sigtmp
TMPDIR=$T/sigtmp LTO_SAFE_KEEP=helper "$LTO_SAFE_BIN" ./slowcc -O2 -flto hello.o helper.o -o x 2>/dev/null &
pid=$!
i=0
while [ -z "$(ls -A sigtmp)" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.2
kill -TERM $pid
wait $pid; st=$?
if [ "$st" = 143 ] && [ -z "$(ls -A sigtmp)" ]; then
	pass "SIGTERM mid-link: same signal, temporary files removed"
else
	fail "SIGTERM mid-link: same signal, temporary files removed" "status $st; left: $(ls -A sigtmp)"
fi
