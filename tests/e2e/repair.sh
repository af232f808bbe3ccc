#!/bin/sh
# End-to-end: repair.  With LTO_SAFE_SCAN=0 (no proactive detection) the
# first link fails because LTO removed a symbol that asm text uses; lto-safe
# must read the linker's diagnostics, link again keeping it, and print one
# note naming the symbol, the input that defines it and the fix.  Also:
# demangled C++ names, a genuinely missing function (no retry: the plain
# link's status and diagnostics), a relink that fails too (the first link's
# diagnostics and status), LTO_SAFE_REPAIR=0, and LTO_SAFE_LEARN.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
x86_64_only "x86-64 asm cases" || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
. "$ROOT/tests/e2e/lib_ir.sh"

# repaired NAME LD WANT SYM INPUT CC ARGS...: the plain link fails, the
# link through lto-safe with LTO_SAFE_SCAN=0 is repaired: the program
# prints WANT, one note names SYM, INPUT and a fix, and the report says so.
repaired() {
	_n=$1 _l=$2 _w=$3 _sym=$4 _in=$5
	shift 5
	_cc=$1
	shift
	if "$_cc" -fuse-ld=$_l "$@" -o plain.out >plain.err 2>&1; then
		fail "$_n: the plain link fails ($_l)" "it worked: the test proves nothing"
		return
	fi
	rm -f safe.out report.json
	if LTO_SAFE_SCAN=0 LTO_SAFE_REPORT=report.json "$LTO_SAFE_BIN" "$_cc" -fuse-ld=$_l "$@" -o safe.out >safe.err 2>&1 &&
		[ "$(run safe.out)" = "$_w" ]; then
		pass "$_n: repaired, right output ($_l)"
	else
		fail "$_n: repaired, right output ($_l)" "$(cat safe.err)"
	fi
	_notes=$(grep -c '^lto-safe: warning: repaired:' safe.err)
	if [ "$_notes" = 1 ] && grep -q "^lto-safe: warning: repaired: LTO removed $_sym (defined in $_in) .*fix: mark its definition __attribute__((used))" safe.err &&
		[ "$(grep -vc '^lto-safe: warning: repaired:' safe.err)" = 0 ]; then
		pass "$_n: one note names $_sym, $_in and the fix, nothing else printed ($_l)"
	else
		fail "$_n: one note names $_sym, $_in and the fix, nothing else printed ($_l)" "$(cat safe.err)"
	fi
	if grep -q "{\"symbol\":\"$_sym\",\"reason\":\"repair\"" report.json 2>/dev/null; then
		pass "$_n: the report keeps $_sym for repair ($_l)"
	else
		fail "$_n: the report keeps $_sym for repair ($_l)" "$(cat report.json 2>/dev/null || echo 'no report')"
	fi
}

# 1. GCC: a top-level asm trampoline to target_impl, bfd, gold and mold.
in_dir r1
if compile "r1 GCC asm trampoline" gcc -O2 -flto "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c"; then
	for ld in bfd gold mold; do
		have_ld gcc $ld || { skip "r1 GCC asm trampoline ($ld)" "ld.$ld missing"; continue; }
		repaired "r1 GCC asm trampoline" $ld "tramp(14) = 43" target_impl ir_tramp_impl.o \
			gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o
	done
fi

# 2. clang: inline asm calling inl_target, lld (and bfd, gold, mold).
in_dir r2
if ! command -v clang >/dev/null 2>&1; then
	skip "r2 clang inline asm" "clang missing"
elif compile "r2 clang inline asm" clang -O2 -flto "$S/ir_inl_main.c" "$S/ir_inl_impl.c"; then
	for ld in lld bfd gold mold; do
		have_ld clang $ld || { skip "r2 clang inline asm ($ld)" "ld.$ld missing"; continue; }
		repaired "r2 clang inline asm" $ld "inl_target(9) = 65" inl_target ir_inl_impl.o \
			clang -O2 -flto ir_inl_main.o ir_inl_impl.o
	done
fi

# 3. C++: the linkers print app::detail::target(int); the note and the
# report use the mangled name the input defines.
in_dir r3
W3="app::detail::target(14) = 67"
if command -v g++ >/dev/null 2>&1 && compile "r3 g++ asm to a C++ function" g++ -O2 -flto "$S/ir_cxx_main.cc" "$S/ir_cxx_impl.cc"; then
	for ld in bfd gold mold; do
		have_ld g++ $ld || { skip "r3 g++ demangled name ($ld)" "ld.$ld missing"; continue; }
		repaired "r3 g++ demangled name" $ld "$W3" _ZN3app6detail6targetEi ir_cxx_impl.o \
			g++ -O2 -flto ir_cxx_main.o ir_cxx_impl.o
	done
else
	skip "r3 g++ demangled name" "g++ missing"
fi
if command -v clang++ >/dev/null 2>&1 && compile "r3 clang++ inline asm to a C++ function" clang++ -O2 -flto "$S/rp_cxx_main.cc" "$S/ir_cxx_impl.cc"; then
	if have_ld clang++ lld; then
		repaired "r3 clang++ demangled name" lld "$W3" _ZN3app6detail6targetEi ir_cxx_impl.o \
			clang++ -O2 -flto rp_cxx_main.o ir_cxx_impl.o
	else
		skip "r3 clang++ demangled name (lld)" "ld.lld missing"
	fi
else
	skip "r3 clang++ demangled name" "clang++ missing"
fi

# same_failure NAME ENV...: the plain link and the one through lto-safe
# (ENV set) fail alike: same status, same diagnostics once the names GCC
# gives its temporary files are set aside, no lto-safe line.
# Uses $CMD (the link command without -o).
same_failure() {
	_n=$1
	shift
	$CMD -o plain.out >plain.err 2>&1
	_pst=$?
	env "$@" "$LTO_SAFE_BIN" $CMD -o safe.out >safe.err 2>&1
	_sst=$?
	_norm='s|/tmp/cc[A-Za-z0-9]*\.[a-z0-9.]*|TMP|g; s|/tmp/cc[A-Za-z0-9]*|TMP|g'
	if [ $_pst != 0 ] && [ $_pst = $_sst ] &&
		[ "$(sed "$_norm" plain.err)" = "$(sed "$_norm" safe.err)" ]; then
		pass "$_n: same status ($_pst) and diagnostics as the plain link"
	else
		fail "$_n: same status and diagnostics as the plain link" "plain: status $_pst
$(cat plain.err)
lto-safe: status $_sst
$(cat safe.err)"
	fi
}

# 4. A function that nothing defines: no retry.
in_dir r4
if compile "r4 genuinely missing" gcc -O2 -flto "$S/missing.c" "$S/ir_tramp_impl.c"; then
	CMD="gcc -O2 -flto missing.o ir_tramp_impl.o"
	same_failure "r4 genuinely missing, LTO_SAFE_SCAN=0" LTO_SAFE_SCAN=0
	same_failure "r4 genuinely missing" LTO_SAFE_VERBOSE=0
	if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" $CMD -o v.out 2>v.err; then
		fail "r4 genuinely missing: no second link" "the link worked"
	elif grep -q "running again" v.err; then
		fail "r4 genuinely missing: no second link" "$(cat v.err)"
	else
		pass "r4 genuinely missing: no second link"
	fi
fi

# 5. target_impl is repairable, genuinely_missing is not: the relink fails
# too, and the first link's diagnostics and status are shown.
in_dir r5
if compile "r5 relink fails" gcc -O2 -flto "$S/rp_two_main.c" "$S/ir_tramp_impl.c"; then
	CMD="gcc -O2 -flto rp_two_main.o ir_tramp_impl.o"
	same_failure "r5 relink fails too" LTO_SAFE_SCAN=0
	if grep -q "target_impl" safe.err && ! grep -q "repaired" safe.err; then
		pass "r5 relink fails too: the first link's undefined target_impl shown, no note"
	else
		fail "r5 relink fails too: the first link's undefined target_impl shown, no note" "$(cat safe.err)"
	fi
fi

# 6. LTO_SAFE_REPAIR=0: the failure of the plain link, unchanged.
in_dir r6
if compile "r6 LTO_SAFE_REPAIR=0" gcc -O2 -flto "$S/ir_tramp_main.c" "$S/ir_tramp_impl.c"; then
	CMD="gcc -O2 -flto ir_tramp_main.o ir_tramp_impl.o"
	same_failure "r6 LTO_SAFE_SCAN=0 LTO_SAFE_REPAIR=0" LTO_SAFE_SCAN=0 LTO_SAFE_REPAIR=0

	# 7. LTO_SAFE_LEARN: the repaired name is appended once; with the file
	# as a keep file the next link is right the first time.
	n="r7 LTO_SAFE_LEARN"
	printf '# learned\nother_name' >learn.txt
	LTO_SAFE_SCAN=0 LTO_SAFE_LEARN=learn.txt "$LTO_SAFE_BIN" $CMD -o l1 2>/dev/null
	LTO_SAFE_SCAN=0 LTO_SAFE_LEARN=learn.txt "$LTO_SAFE_BIN" $CMD -o l2 2>/dev/null
	if [ "$(cat learn.txt)" = "# learned
other_name
target_impl" ]; then
		pass "$n: the name appended once, after the file's last line"
	else
		fail "$n: the name appended once, after the file's last line" "$(cat learn.txt)"
	fi
	if LTO_SAFE_SCAN=0 LTO_SAFE_REPAIR=0 LTO_SAFE_KEEP_FILE=learn.txt "$LTO_SAFE_BIN" $CMD -o l3 >l3.err 2>&1 &&
		[ "$(run l3)" = "tramp(14) = 43" ] && [ ! -s l3.err ]; then
		pass "$n: the learned file makes the next link right the first time"
	else
		fail "$n: the learned file makes the next link right the first time" "$(cat l3.err)"
	fi
fi
