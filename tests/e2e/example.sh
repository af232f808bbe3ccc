#!/bin/sh
# End-to-end: the demo example (make demo) fails plainly and works through lto-safe.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
cp -r "$ROOT/examples/c-trampoline" "$T/ex"
if make -C "$T/ex" demo LTO_SAFE_CC_BIN="$LTO_SAFE_BIN" >"$T/out" 2>&1; then
	if grep -q "plain gcc -flto link failed, as expected" "$T/out" &&
		grep -q "2 commands registered" "$T/out" &&
		grep -q "target_impl reached through the asm trampoline" "$T/out" &&
		grep -q "target_impl  *asm-reference" "$T/out" &&
		grep -q "cmd_hello  *registration" "$T/out"; then
		pass "examples/c-trampoline demo"
	else
		fail "examples/c-trampoline demo" "$(cat "$T/out")"
	fi
else
	fail "examples/c-trampoline demo" "$(cat "$T/out")"
fi
