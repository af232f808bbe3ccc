#!/bin/sh
# End-to-end: every way of calling lto-safe (DESIGN.md section 2).
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
BIN=$(dirname "$LTO_SAFE_BIN")
gcc -O2 -flto -c "$S/impl.c" "$S/tramp_toplevel.c"
expect_status 1 gcc -O2 -flto impl.o tramp_toplevel.o -o plain || fail "plain link should fail"

ok() { ./"$1" 2>/dev/null | grep -q "target_impl called"; }

# CC=lto-safe-cc: the real compiler from LTO_SAFE_CC, else cc on PATH
if LTO_SAFE_CC=gcc LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" -O2 -flto impl.o tramp_toplevel.o -o a1 && ok a1; then
	pass "CC=lto-safe-cc with LTO_SAFE_CC=gcc"; else fail "CC=lto-safe-cc with LTO_SAFE_CC=gcc"; fi
if LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" -O2 -flto impl.o tramp_toplevel.o -o a2 && ok a2; then
	pass "CC=lto-safe-cc with cc from PATH"; else fail "CC=lto-safe-cc with cc from PATH"; fi
if need g++; then
	if LTO_SAFE_CXX=g++ LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-c++" -O2 -flto impl.o tramp_toplevel.o -o a3 && ok a3; then
		pass "CXX=lto-safe-c++ with LTO_SAFE_CXX=g++"; else fail "CXX=lto-safe-c++ with LTO_SAFE_CXX=g++"; fi
fi

# Prefix form, by name and by path
if LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" gcc -O2 -flto impl.o tramp_toplevel.o -o p1 && ok p1; then
	pass "prefix form: lto-safe-cc gcc"; else fail "prefix form: lto-safe-cc gcc"; fi
if LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" "$(command -v gcc)" -O2 -flto impl.o tramp_toplevel.o -o p2 && ok p2; then
	pass "prefix form: lto-safe-cc /path/to/gcc"; else fail "prefix form: lto-safe-cc /path/to/gcc"; fi
if command -v clang++-14 >/dev/null 2>&1; then
	clang -O2 -flto -c "$S/impl.c" -o cimpl.o && clang -O2 -flto -c "$S/tramp_inline.c" -o ctramp.o
	if LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" clang++-14 -O2 -flto -fuse-ld=lld cimpl.o ctramp.o -o p3 && ok p3; then
		pass "prefix form: lto-safe-cc clang++-14"; else fail "prefix form: lto-safe-cc clang++-14"; fi
	if LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" /usr/bin/clang-14 -O2 -flto -fuse-ld=lld cimpl.o ctramp.o -o p4 && ok p4; then
		pass "prefix form: lto-safe-cc /usr/bin/clang-14"; else fail "prefix form: lto-safe-cc /usr/bin/clang-14"; fi
else
	skip "prefix form: clang++-14" "clang++-14 missing"
fi

# Masquerade: a symlink named gcc first on PATH; and a chain of symlinks,
# and two wrapper directories on PATH: never loops.
mkdir -p m1 m2
ln -s "$BIN/lto-safe-cc" m1/gcc
ln -s "$T/m1/gcc" m2/gcc
for dirs in "$T/m1" "$T/m2:$T/m1" "$T/m1:$T/m2"; do
	if PATH="$dirs:$PATH" LTO_SAFE_KEEP=target_impl LTO_SAFE_VERBOSE=1 timeout 20 gcc -O2 -flto impl.o tramp_toplevel.o -o m 2>err && ok m &&
		grep -q "^lto-safe: running: .*gcc" err; then
		pass "masquerade gcc on PATH ($(echo "$dirs" | sed "s|$T/||g"))"
	else
		fail "masquerade gcc on PATH ($dirs)" "$(cat err)"
	fi
done
# a masquerade name with no real tool behind it fails cleanly
ln -s "$BIN/lto-safe-cc" m1/no-such-tool
if PATH="$T/m1:$PATH" timeout 20 no-such-tool -c x.c 2>err; then fail "masquerade without a real tool"
elif grep -q "no real no-such-tool" err; then pass "masquerade without a real tool fails cleanly"
else fail "masquerade without a real tool fails cleanly" "$(cat err)"; fi
# a compile step through the masquerade is byte-identical
PATH="$T/m1:$PATH" gcc -O2 -c "$S/hello.c" -o masq.o && gcc -O2 -c "$S/hello.c" -o plain.o
if cmp -s masq.o plain.o; then pass "masquerade compile byte-identical"; else fail "masquerade compile byte-identical"; fi

# Masquerade ld, called by gcc's collect2 with the full link line
ln -s "$BIN/lto-safe-cc" m1/ld
if LTO_SAFE_KEEP=target_impl LTO_SAFE_VERBOSE=1 gcc -B"$T/m1/" -O2 -flto impl.o tramp_toplevel.o -o l1 2>err && ok l1 && grep -q "^lto-safe: running: .*ld" err; then
	pass "masquerade ld under gcc -B"; else fail "masquerade ld under gcc -B" "$(cat err)"; fi

# lto-safe-ld with GNU ld syntax: a keep rule keeps a function that
# --gc-sections would drop, with ld.bfd and (LTO_SAFE_LD) gold.
cat >start.s <<'ASM'
.globl _start
_start:
	mov $60, %eax
	mov $7, %edi
	syscall
.section .note.GNU-stack,"",@progbits
ASM
printf 'int target_impl(void) { return 42; }\n' >gcimpl.c
gcc -c start.s -o start.o && gcc -O2 -ffunction-sections -c gcimpl.c -o gcimpl.o
for linker in ld ld.gold; do
	if ! command -v $linker >/dev/null 2>&1; then skip "lto-safe-ld ($linker)" "$linker missing"; continue; fi
	$linker --gc-sections start.o gcimpl.o -o ld-plain-$linker 2>/dev/null
	if nm ld-plain-$linker | grep -q target_impl; then fail "lto-safe-ld ($linker)" "plain link kept target_impl: the test proves nothing"; continue; fi
	if LTO_SAFE_LD=$linker LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-ld" --gc-sections start.o gcimpl.o -o ld-$linker 2>err &&
		nm ld-$linker | grep -q " T target_impl"; then
		./ld-$linker; st=$?
		if [ "$st" = 7 ]; then pass "lto-safe-ld with GNU ld syntax ($linker)"; else fail "lto-safe-ld ($linker)" "status $st"; fi
	else
		fail "lto-safe-ld with GNU ld syntax ($linker)" "$(cat err)"
	fi
done

# dry run prints the command and runs nothing
if LTO_SAFE_KEEP=target_impl "$BIN/lto-safe-cc" gcc -O2 -flto impl.o tramp_toplevel.o -o dry --lto-safe-dry-run >out 2>err &&
	[ ! -e dry ] && grep -q -- "-Wl,-u,target_impl" out && ! grep -q -- "--lto-safe" out; then
	pass "--lto-safe-dry-run prints the command"
else
	fail "--lto-safe-dry-run prints the command" "$(cat out err)"
fi

# Rust: rustc's gcc-flavoured link line goes through lto-safe-cc
if need rustc; then
	printf 'fn main() { println!("hello from rust"); }\n' >hello.rs
	if rustc -C linker="$BIN/lto-safe-cc" hello.rs -o rust-hello 2>err && [ "$(./rust-hello)" = "hello from rust" ]; then
		pass "rustc -Clinker=lto-safe-cc"
	else
		fail "rustc -Clinker=lto-safe-cc" "$(cat err)"
	fi
fi

# Wrapper options inside a response file never reach the real tool.
printf -- '--lto-safe-keep=target_impl -O2\n' >opts.rsp
if "$BIN/lto-safe-cc" gcc @opts.rsp -flto impl.o tramp_toplevel.o -o rsp-app 2>err && ok rsp-app; then
	pass "keep rule inside a response file (link)"; else fail "keep rule inside a response file (link)" "$(cat err)"; fi
if "$BIN/lto-safe-cc" gcc @opts.rsp -c "$S/hello.c" -o rsp.o 2>err && cmp -s rsp.o plain.o; then
	pass "wrapper option inside a response file (compile)"; else fail "wrapper option inside a response file (compile)" "$(cat err)"; fi

# Wrapper options in a compile-and-link command: the objects lto-safe
# compiled are linked (once), the rule applies, and a dry run runs no link.
# LTO_SAFE_SCAN=0 so that only the rule can keep target_impl.
rm -f cl-app
if LTO_SAFE_SCAN=0 LTO_SAFE_REPAIR=0 LTO_SAFE_VERBOSE=1 "$BIN/lto-safe-cc" gcc -O2 -flto --lto-safe-keep=target_impl \
	"$S/impl.c" "$S/tramp_toplevel.c" -o cl-app >err 2>&1 && ok cl-app &&
	grep -q "^lto-safe: link of cl-app: [0-9]* inputs ([0-9]* added by the driver), 2 with LTO IR" err &&
	grep -q "target_impl  user-rule" err && [ "$(grep -c '^lto-safe: compiling: ' err)" = 2 ]; then
	pass "compile and link with --lto-safe-keep: the rule applies to the objects compiled once"
else
	fail "compile and link with --lto-safe-keep: the rule applies to the objects compiled once" "$(cat err)"
fi
rm -f cl-dry
if "$BIN/lto-safe-cc" gcc -O2 -flto --lto-safe-dry-run "$S/impl.c" "$S/tramp_toplevel.c" -o cl-dry >out 2>err &&
	[ ! -e cl-dry ] && grep -q "^$(command -v gcc) .*-o cl-dry -Wl,-u,target_impl$" out; then
	pass "compile and link with --lto-safe-dry-run: the final command, no link"
else
	fail "compile and link with --lto-safe-dry-run: the final command, no link" "$(cat out err)"
fi
