#!/bin/sh
# End-to-end: GCC LTO links through lto-safe-cc, built and run for real.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

# A registration table reached only through __start_/__stop_, fat objects:
# the plain link fails, lto-safe keeps every entry.
gcc -O2 -flto -ffat-lto-objects -c "$S/reg.c" "$S/regmain.c" || { fail "gcc fat compile"; exit 0; }
for ld in bfd gold; do
	if ! gcc -fuse-ld=$ld -Wl,--version >/dev/null 2>&1; then skip "registration table ($ld)" "ld.$ld missing"; continue; fi
	if gcc -O2 -flto -fuse-ld=$ld reg.o regmain.o -o plain-$ld >/dev/null 2>&1 && [ "$(./plain-$ld)" = "3 entries, sum 6" ]; then
		fail "registration table ($ld)" "the plain link worked: the test proves nothing"
		continue
	fi
	if LTO_SAFE_REPORT=report-$ld.json "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$ld reg.o regmain.o -o app-$ld 2>err-$ld &&
		[ "$(./app-$ld)" = "3 entries, sum 6" ]; then
		if grep -q '"symbol":"r_one","reason":"registration"' report-$ld.json &&
			grep -q '"symbol":"r_three"' report-$ld.json && grep -q '"symbol":"r_two"' report-$ld.json; then
			pass "registration table keeps all entries ($ld)"
		else
			fail "registration table report ($ld)" "$(cat report-$ld.json)"
		fi
	else
		fail "registration table ($ld)" "$(cat err-$ld)"
	fi
done

# Top-level asm trampoline in a fat object: the code half names target_impl,
# the IR symbol table does not; kept as asm-reference with no rule.
gcc -O2 -flto -ffat-lto-objects -c "$S/impl.c" "$S/tramp_toplevel.c" || { fail "gcc fat compile"; exit 0; }
if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" gcc -O2 -flto impl.o tramp_toplevel.o -o fat-tramp 2>err && ./fat-tramp | grep -q "target_impl called"; then
	if grep -q "target_impl *asm-reference" err; then pass "fat top-level asm trampoline kept with no rule"
	else fail "fat trampoline reason" "$(cat err)"; fi
else
	fail "fat top-level asm trampoline" "$(cat err)"
fi

# A C++ library with exceptions from fat objects: their code uses
# DW.ref.__gxx_personality_v0, which their IR does not list and only the fat
# code defines (code generation makes it again): nothing to keep, and the
# library is byte-identical to the plain link's (tinyxml2 kept it, 669cda1).
if need g++; then
	g++ -O2 -fPIC -flto -ffat-lto-objects -c "$S/eh_throw.cpp" "$S/eh_catch.cpp" || fail "g++ fat compile"
	readelf -sW eh_throw.o | grep -q 'DW.ref.__gxx_personality_v0' || fail "eh_throw.o defines no DW.ref name: the case tests nothing"
	g++ -O2 -flto -shared eh_throw.o eh_catch.o -o libeh-plain.so || fail "g++ plain shared link"
	if LTO_SAFE_VERBOSE=1 "$LTO_SAFE_BIN" g++ -O2 -flto -shared eh_throw.o eh_catch.o -o libeh.so 2>err &&
		grep -q "nothing to keep" err && cmp -s libeh.so libeh-plain.so; then
		pass "C++ fat objects: the personality reference of code generation not kept, byte-identical"
	else
		fail "C++ fat objects: DW.ref not kept" "$(cat err)"
	fi
fi

# Slim objects: the trampoline is fixed by a keep rule, in the environment
# and on the command line (the option is removed before gcc sees it).
for f in tramp_toplevel tramp_inline; do
	gcc -O2 -flto -c "$S/impl.c" -o impl-slim.o && gcc -O2 -flto -c "$S/$f.c" -o $f-slim.o || { fail "gcc slim compile"; continue; }
	for ld in bfd gold; do
		if ! gcc -fuse-ld=$ld -Wl,--version >/dev/null 2>&1; then skip "$f keep rule ($ld)" "ld.$ld missing"; continue; fi
		expect_status 1 gcc -O2 -flto -fuse-ld=$ld impl-slim.o $f-slim.o -o plain || { fail "$f plain link should fail ($ld)"; continue; }
		if LTO_SAFE_KEEP=target_impl "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$ld impl-slim.o $f-slim.o -o env-$f 2>err &&
			./env-$f | grep -q "target_impl called"; then
			pass "$f fixed by LTO_SAFE_KEEP (gcc, $ld)"
		else
			fail "$f fixed by LTO_SAFE_KEEP (gcc, $ld)" "$(cat err)"
		fi
		if "$LTO_SAFE_BIN" gcc -O2 -flto -fuse-ld=$ld impl-slim.o $f-slim.o '--lto-safe-keep=target_.*' -o opt-$f 2>err &&
			./opt-$f | grep -q "target_impl called"; then
			pass "$f fixed by --lto-safe-keep (gcc, $ld)"
		else
			fail "$f fixed by --lto-safe-keep (gcc, $ld)" "$(cat err)"
		fi
	done
done

# Compile and link in one command, with -flto: compiled separately, then kept.
if LTO_SAFE_KEEP=target_impl "$LTO_SAFE_BIN" gcc -O2 -flto "$S/impl.c" "$S/tramp_toplevel.c" -o onecmd 2>err &&
	./onecmd | grep -q "target_impl called"; then
	pass "compile and link in one command (gcc -flto)"
else
	fail "compile and link in one command (gcc -flto)" "$(cat err)"
fi
# ... and its compile errors are the compiler's, with its status.
printf 'int main(void) { return undeclared; }\n' >bad.c
gcc -O2 -flto bad.c -o bad 2>plain-err; st=$?
"$LTO_SAFE_BIN" gcc -O2 -flto bad.c -o bad 2>safe-err; st2=$?
if [ "$st" = "$st2" ] && grep -q "undeclared" safe-err; then pass "compile error in a one-command build: same status"
else fail "compile error in a one-command build" "plain $st, lto-safe $st2: $(cat safe-err)"; fi

# An archive made by gcc-ar: the member with the keep rule's symbol is kept.
gcc -O2 -flto -c "$S/impl.c" -o impl-ar.o && gcc-ar rcs libimpl.a impl-ar.o
if LTO_SAFE_KEEP=target_impl "$LTO_SAFE_BIN" gcc -O2 -flto tramp_toplevel-slim.o -L. -limpl -o from-archive 2>err &&
	./from-archive | grep -q "target_impl called"; then
	pass "keep rule reaches a symbol in a gcc-ar archive via -l"
else
	fail "keep rule reaches a symbol in a gcc-ar archive via -l" "$(cat err)"
fi
# a thin archive
gcc-ar rcsT libthin.a impl-ar.o
if LTO_SAFE_KEEP=target_impl "$LTO_SAFE_BIN" gcc -O2 -flto tramp_toplevel-slim.o libthin.a -o from-thin 2>err &&
	./from-thin | grep -q "target_impl called"; then
	pass "keep rule reaches a symbol in a thin archive"
else
	fail "keep rule reaches a symbol in a thin archive" "$(cat err)"
fi

# Many kept symbols go through a response file of -u flags.
i=0
: >many.c
while [ $i -lt 150 ]; do echo "int many_$i(void) { return $i; }" >>many.c; i=$((i + 1)); done
echo 'int main(void) { return 0; }' >manymain.c
gcc -O2 -flto -c many.c manymain.c
if LTO_SAFE_KEEP='many_.*' LTO_SAFE_REPORT=many.json "$LTO_SAFE_BIN" gcc -O2 -flto many.o manymain.o -o many --lto-safe-dry-run >cmdline 2>err &&
	grep -q '@.*undefs.rsp' cmdline &&
	LTO_SAFE_KEEP='many_.*' "$LTO_SAFE_BIN" gcc -O2 -flto many.o manymain.o -o many 2>err &&
	[ "$(nm many | grep -c ' T many_')" = 150 ]; then
	pass "150 kept symbols through a response file"
else
	fail "150 kept symbols through a response file" "$(cat cmdline err)"
fi

# A keep file (comments, an exclude), by environment and by option: it
# keeps what nothing else would (target_extra), not what it excludes.
printf '# functions reached from asm\ntarget_.*   # the trampoline target\n!target_unused\n' >keep.txt
printf 'int target_extra(void) { return 1; }\nint target_unused(void) { return 2; }\n' >extra.c
gcc -O2 -flto -c extra.c || fail "gcc extra.c"
for how in env opt; do
	if [ $how = env ]; then
		LTO_SAFE_KEEP_FILE=keep.txt LTO_SAFE_REPORT=kf.json "$LTO_SAFE_BIN" gcc -O2 -flto impl-slim.o extra.o tramp_toplevel-slim.o -o kf-$how 2>err
	else
		LTO_SAFE_REPORT=kf.json "$LTO_SAFE_BIN" gcc -O2 -flto impl-slim.o extra.o tramp_toplevel-slim.o --lto-safe-keep-file=keep.txt -o kf-$how 2>err
	fi
	if ./kf-$how | grep -q "target_impl called" && grep -q '"symbol":"target_extra","reason":"user-rule"' kf.json &&
		! grep -q target_unused kf.json && nm kf-$how | grep -q ' T target_extra$' && ! nm kf-$how | grep -q target_unused; then
		pass "keep file ($how)"
	else
		fail "keep file ($how)" "$(cat err kf.json)"
	fi
done
