#!/bin/sh
# End-to-end: what lto-safe must not change.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

# A compile step is byte-identical (and so are -S and -E outputs).
gcc -O2 -g -c "$S/hello.c" -o plain.o
"$LTO_SAFE_BIN" gcc -O2 -g -c "$S/hello.c" -o safe.o
if cmp -s plain.o safe.o; then pass "compile step byte-identical"; else fail "compile step byte-identical"; fi
gcc -O2 -S "$S/hello.c" -o plain.s && "$LTO_SAFE_BIN" gcc -O2 -S "$S/hello.c" -o safe.s
if cmp -s plain.s safe.s; then pass "-S byte-identical"; else fail "-S byte-identical"; fi
gcc -E "$S/hello.c" >plain.i && "$LTO_SAFE_BIN" gcc -E "$S/hello.c" >safe.i
if cmp -s plain.i safe.i; then pass "-E byte-identical"; else fail "-E byte-identical"; fi
gcc -MM "$S/hello.c" >plain.d && "$LTO_SAFE_BIN" gcc -MM "$S/hello.c" >safe.d
if cmp -s plain.d safe.d; then pass "-MM byte-identical"; else fail "-MM byte-identical"; fi
if [ "$(gcc --version)" = "$("$LTO_SAFE_BIN" gcc --version)" ] && [ "$(gcc -print-prog-name=ld)" = "$("$LTO_SAFE_BIN" gcc -print-prog-name=ld)" ]; then
	pass "queries pass through"
else
	fail "queries pass through"
fi

# A non-LTO link is byte-identical to the plain one, and the link helper
# finds no LTO input and runs the plain command.
gcc -O2 -c "$S/hello.c" "$S/helper.c"
gcc -O2 hello.o helper.o -o plain
LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 hello.o helper.o -o safe 2>err
if cmp -s plain safe && grep -q "no LTO input" err; then pass "non-LTO link byte-identical"; else fail "non-LTO link byte-identical" "$(cat err)"; fi
ar rcs libh.a helper.o
gcc -O2 -static hello.o -L. -lh -o plain-static 2>/dev/null && "$LTO_SAFE_BIN" gcc -O2 -static hello.o -L. -lh -o safe-static
if [ -f plain-static ]; then
	if cmp -s plain-static safe-static; then pass "non-LTO static link byte-identical"; else fail "non-LTO static link byte-identical"; fi
else
	skip "non-LTO static link byte-identical" "no static libc"
fi
# a non-LTO compile-and-link in one command passes through unchanged
gcc -O2 "$S/hello.c" "$S/helper.c" -o plain-one && "$LTO_SAFE_BIN" gcc -O2 "$S/hello.c" "$S/helper.c" -o safe-one
if [ "$(./safe-one)" = "hello 42" ]; then pass "non-LTO one-command build"; else fail "non-LTO one-command build"; fi

# An LTO link with nothing to keep runs the plain command: same program.
gcc -O2 -flto -c "$S/hello.c" "$S/helper.c"
gcc -O2 -flto hello.o helper.o -o plain-lto
"$LTO_SAFE_BIN" gcc -O2 -flto hello.o helper.o -o safe-lto
if [ "$(./safe-lto)" = "hello 42" ]; then pass "LTO link with nothing to keep"; else fail "LTO link with nothing to keep"; fi

# LTO_SAFE_DISABLE=1 is a pure pass-through
if LTO_SAFE_DISABLE=1 LTO_SAFE_KEEP='(' "$LTO_SAFE_BIN" gcc -O2 -flto hello.o helper.o -o disabled 2>err && cmp -s plain-lto disabled; then
	pass "LTO_SAFE_DISABLE=1 passes through"
else
	fail "LTO_SAFE_DISABLE=1 passes through" "$(cat err)"
fi

# No temporary files are left behind.
mkdir tmp
TMPDIR=$T/tmp LTO_SAFE_KEEP=helper "$LTO_SAFE_BIN" gcc -O2 -flto hello.o helper.o -o tmpcheck
TMPDIR=$T/tmp LTO_SAFE_KEEP=helper "$LTO_SAFE_BIN" gcc -O2 -flto "$S/hello.c" "$S/helper.c" -o tmpcheck2
if [ -z "$(ls -A tmp)" ] && [ "$(./tmpcheck)" = "hello 42" ]; then pass "temporary directory removed"; else fail "temporary directory removed" "$(ls -lA tmp)"; fi
