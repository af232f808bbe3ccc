#!/bin/sh
# End-to-end: Rust links through -Clinker=lto-safe-cc.
#  1. examples/rust-linker (Cargo, -Clinker-plugin-lto, a C library built
#     with clang -flto=thin whose inline asm calls helper_impl): the plain
#     link fails, the link through lto-safe-cc works and keeps helper_impl
#     for the asm in the library's member helper.o.
#  2. Rust programs with -C lto=off, thin and fat, and with
#     -Clinker-plugin-lto, link and run unchanged.
. "$(dirname "$0")/lib.sh"
need rustc cargo || exit 0
case $(rustc -vV | sed -n 's/^host: //p') in
x86_64-unknown-linux-gnu) ;;
*) skip "rust: x86-64 example" "rustc host is not x86_64-unknown-linux-gnu"; exit 0 ;;
esac
mktmp
cd "$T" || exit 1
PATH=$(dirname "$LTO_SAFE_BIN"):$PATH
export PATH

# 1.  -Clinker-plugin-lto bitcode needs a linker that reads it: rust-lld
# (rustc_lld); Debian's rustc links with cc and ld.bfd, which cannot read it
n="rust-linker example"
if ! rustc_lld; then
	skip "$n" "rustc $(rustc -vV | sed -n 's/^release: //p') links with cc and the system linker, which cannot read -Clinker-plugin-lto bitcode"
elif need clang llvm-ar; then
	cp -R "$ROOT/examples/rust-linker" ex
	rm -rf ex/target
	if (cd ex && cargo build -q --offline --release --target-dir "$T/plain" \
		--config 'target.x86_64-unknown-linux-gnu.linker="cc"') >plain.err 2>&1; then
		fail "$n: the plain link fails" "it worked: the example proves nothing"
	elif grep -q "undefined symbol: helper_impl\|cannot refer to absolute symbol: helper_impl" plain.err; then
		pass "$n: the plain link fails"
	else
		fail "$n: the plain link fails" "not for helper_impl:
$(cat plain.err)"
	fi
	if (cd ex && LTO_SAFE_REPORT="$T/report.json" cargo build -q --offline --release --target-dir "$T/safe") >safe.err 2>&1; then
		got=$("$T/safe/release/rust-linker" 2>&1)
		if [ "$got" = "c_entry(14) = 43" ]; then
			pass "$n: through lto-safe-cc, right output"
		else
			fail "$n: through lto-safe-cc, right output" "got: $got"
		fi
	else
		fail "$n: through lto-safe-cc, right output" "$(cat safe.err)"
	fi
	e=$(grep -o '{"symbol":"helper_impl"[^}]*}' report.json 2>/dev/null)
	if printf '%s' "$e" | grep -q '"reason":"asm-reference"' &&
		printf '%s' "$e" | grep -q '"input":"[^"]*/libhelper\.a","member":"helper\.o"' &&
		printf '%s' "$e" | grep -q 'inline asm in c_entry()'; then
		pass "$n: report keeps helper_impl for the inline asm of c_entry in libhelper.a(helper.o)"
	else
		fail "$n: report keeps helper_impl for the inline asm of c_entry in libhelper.a(helper.o)" \
			"$(cat report.json 2>/dev/null || echo 'no report')"
	fi
fi

# 2.
cat >prog.rs <<'R'
use std::collections::BTreeMap;
fn main() {
    let mut m = BTreeMap::new();
    for w in "the quick brown fox jumps over the lazy dog the end".split(' ') {
        *m.entry(w).or_insert(0) += 1;
    }
    let v: Vec<String> = m.iter().map(|(k, c)| format!("{}={}", k, c)).collect();
    println!("{}", v.join(","));
}
R
for lto in off thin fat plugin; do
	flags="-C lto=$lto"
	[ $lto = plugin ] && flags=-Clinker-plugin-lto
	n="rustc $flags through -Clinker=lto-safe-cc"
	if [ $lto = plugin ] && ! rustc_lld; then
		skip "$n" "rustc's linker, cc and the system linker, cannot read the bitcode"
		continue
	fi
	if ! rustc -O $flags prog.rs -o plain-$lto >plain.err 2>&1; then
		fail "$n: plain build" "$(cat plain.err)"
		continue
	fi
	want=$(./plain-$lto)
	if rustc -O $flags -Clinker=lto-safe-cc prog.rs -o safe-$lto >safe.err 2>&1 &&
		[ "$(./safe-$lto)" = "$want" ]; then
		pass "$n: links and runs as the plain build"
	else
		fail "$n: links and runs as the plain build" "want $want:
$(cat safe.err)"
	fi
done
