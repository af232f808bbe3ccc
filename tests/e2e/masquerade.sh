#!/bin/sh
# End-to-end: build systems with the installed masquerade directory first
# on PATH and nothing else changed (no CC=, no launcher option):
# examples/build-systems with CMake (what it records as the compiler, and
# a static library of LTO objects archived by the gcc-ar it finds), Meson
# (which puts sccache or ccache before cc when it finds one: the launcher
# then runs the masquerade cc) and autotools, and examples/rust-linker
# with Cargo and linker "cc".
# Each plain build fails, the same build with PATH changed works and the
# program runs.  A missing build tool is a skip.  LTO_SAFE_REPORT_DIR: a
# report per link; Debian's ccache directory after it.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
if ! make -s -C "$ROOT" install PREFIX=/usr DESTDIR="$T/stage" >"$T/out" 2>&1; then
	fail "masquerade: make install" "$(cat "$T/out")"
	exit 0
fi
M=$T/stage/usr/lib/lto-safe/bin
cp -R "$ROOT/examples/c-trampoline" "$ROOT/examples/build-systems" "$T/"
rm -f "$T"/c-trampoline/*.o "$T"/c-trampoline/app-*
EX=$T/build-systems
unset CC CXX LD CFLAGS LDFLAGS
# an LTO_SAFE_REPORT per test: a link through lto-safe leaves one
R=$T/report.json

works() {
	"$1" >"$T/run.out" 2>&1 && grep -q "^[23] commands registered" "$T/run.out" &&
		grep -q "target_impl reached through the asm trampoline" "$T/run.out"
}

# check NAME DIR BUILD PROG: BUILD (shell commands run in DIR) fails
# plainly, and works with the masquerade directory first on PATH
check() {
	if (cd "$2" && eval "$3") >"$T/plain.log" 2>&1 && works "$4"; then
		fail "$1: the plain build fails" "it worked: the test proves nothing"
	else
		pass "$1: the plain build fails"
	fi
	eval "$5"
	rm -f "$R"
	if (cd "$2" && export PATH="$M:$PATH" LTO_SAFE_REPORT="$R" && eval "$3") >"$T/safe.log" 2>&1 && works "$4" &&
		[ -s "$R" ]; then
		pass "$1: the same build with only PATH changed works"
	else
		fail "$1: the same build with only PATH changed works" "$(tail -30 "$T/safe.log")"
	fi
}

if command -v cmake >/dev/null 2>&1; then
	# the example's program, and the same with target_impl in a static library
	cat >"$EX/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.21)
project(masq C)
set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
set(SRC ${CMAKE_CURRENT_SOURCE_DIR}/../c-trampoline)
add_library(impl STATIC ${SRC}/impl.c)
add_executable(app ${SRC}/main.c ${SRC}/cmds.c ${SRC}/tramp.c)
target_link_libraries(app impl)
add_compile_options(-O2)
EOF
	check "CMake" "$EX" 'rm -rf "$T/cm" && cmake -S . -B "$T/cm" && cmake --build "$T/cm" -- VERBOSE=1' \
		"$T/cm/app" 'mv "$T/cm" "$T/cm-plain"'
	cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$T/cm/CMakeCache.txt")
	if [ "$cc" = "$M/cc" ]; then
		pass "CMake records the masquerade cc as its compiler"
	else
		fail "CMake records the masquerade cc as its compiler" "CMAKE_C_COMPILER=$cc"
	fi
	ar=$(sed -n 's/^CMAKE_C_COMPILER_AR:[A-Z]*=//p' "$T/cm/CMakeCache.txt")
	plain_ar=$(sed -n 's/^CMAKE_C_COMPILER_AR:[A-Z]*=//p' "$T/cm-plain/CMakeCache.txt")
	if [ -n "$ar" ] && [ "$ar" = "$plain_ar" ] && grep -q "$ar\"* .*libimpl.a" "$T/safe.log" &&
		nm "$T/cm/libimpl.a" 2>/dev/null | grep -q " T target_impl"; then
		pass "CMake archives the LTO objects with the plain build's $(basename "$ar")"
	else
		fail "CMake archives the LTO objects with the plain build's gcc-ar" "CMAKE_C_COMPILER_AR=$ar (plain: $plain_ar)"
	fi
else
	skip "masquerade: CMake" "cmake missing"
fi

if command -v meson >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
	check "Meson" "$EX" 'rm -rf "$T/ms" && meson setup "$T/ms" && ninja -C "$T/ms"' "$T/ms/app" ''
else
	skip "masquerade: Meson" "meson or ninja missing"
fi

if command -v autoreconf >/dev/null 2>&1 && command -v automake >/dev/null 2>&1; then
	if (cd "$EX" && autoreconf -i) >"$T/autoreconf.log" 2>&1; then
		# two levels down, as buildsystems.sh: automake puts the objects of
		# ../c-trampoline beside the build directory
		check "autotools" "$T" 'rm -rf "$T/at" && mkdir -p "$T/at/b" && cd "$T/at/b" && "$EX/configure" CFLAGS="-O2 -flto" LDFLAGS="-O2 -flto" && make' \
			"$T/at/b/app" 'rm -rf "$T"/at/c-trampoline'

	else
		fail "masquerade: autoreconf -i" "$(cat "$T/autoreconf.log")"
	fi
else
	skip "masquerade: autotools" "autoconf or automake missing"
fi

if command -v cargo >/dev/null 2>&1 && command -v clang >/dev/null 2>&1 && command -v llvm-ar >/dev/null 2>&1 &&
	[ "$(rustc -vV | sed -n 's/^host: //p')" = x86_64-unknown-linux-gnu ] && ! rustc_lld; then
	# the example's -Clinker-plugin-lto bitcode needs rust-lld (lib.sh)
	skip "masquerade: Cargo" "rustc links with cc and the system linker, which cannot read -Clinker-plugin-lto bitcode"
elif command -v cargo >/dev/null 2>&1 && command -v clang >/dev/null 2>&1 && command -v llvm-ar >/dev/null 2>&1 &&
	[ "$(rustc -vV | sed -n 's/^host: //p')" = x86_64-unknown-linux-gnu ]; then
	cp -R "$ROOT/examples/rust-linker" "$T/rs"
	rm -rf "$T/rs/target"
	rworks() { [ "$("$1" 2>&1)" = "c_entry(14) = 43" ]; }
	build='rm -rf "$T/rt" && cargo build -q --offline --release --target-dir "$T/rt" --config "target.x86_64-unknown-linux-gnu.linker=\"cc\""'
	if (cd "$T/rs" && eval "$build") >"$T/plain.log" 2>&1 && rworks "$T/rt/release/rust-linker"; then
		fail "Cargo, linker cc: the plain build fails" "it worked: the test proves nothing"
	else
		pass "Cargo, linker cc: the plain build fails"
	fi
	rm -f "$R"
	if (cd "$T/rs" && export PATH="$M:$PATH" LTO_SAFE_REPORT="$R" && eval "$build") >"$T/safe.log" 2>&1 &&
		rworks "$T/rt/release/rust-linker" && grep -q '"symbol":"helper_impl"' "$R"; then
		pass "Cargo, linker cc: the same build with only PATH changed works"
	else
		fail "Cargo, linker cc: the same build with only PATH changed works" "$(tail -30 "$T/safe.log")"
	fi
else
	skip "masquerade: Cargo" "cargo, clang, llvm-ar or an x86-64 rustc missing"
fi

# LTO_SAFE_REPORT_DIR: a report per link of a whole build (make realworld
# uses it); LTO_SAFE_REPORT, when set, wins; a directory it cannot write
# to costs a warning, not the link
cd "$T/c-trampoline" || exit 1
rm -f ./*.o app-*
mkdir "$T/rd"
if PATH="$M:$PATH" LTO_SAFE_REPORT_DIR="$T/rd" make -s plain >"$T/rd.log" 2>&1 &&
	PATH="$M:$PATH" LTO_SAFE_REPORT_DIR="$T/rd" gcc -O2 -flto main.o cmds.o tramp.o impl.o -o app-two 2>>"$T/rd.log" &&
	[ "$(ls "$T/rd" | sed 's/\.[A-Za-z0-9]*\.json$//' | tr '\n' ' ')" = "app-plain app-two " ] &&
	grep -q '"output":"app-two"' "$T"/rd/app-two.*.json && grep -q '"symbol":"target_impl"' "$T"/rd/app-plain.*.json; then
	pass "LTO_SAFE_REPORT_DIR: one report per link, named after its output"
else
	fail "LTO_SAFE_REPORT_DIR: one report per link, named after its output" "$(cat "$T/rd.log"; ls "$T/rd")"
fi
if PATH="$M:$PATH" LTO_SAFE_REPORT_DIR="$T/rd" LTO_SAFE_REPORT="$T/one.json" gcc -O2 -flto main.o cmds.o tramp.o impl.o -o app-3 2>"$T/rd.log" &&
	[ -s "$T/one.json" ] && [ "$(ls "$T/rd" | wc -l)" = 2 ]; then
	pass "LTO_SAFE_REPORT wins over LTO_SAFE_REPORT_DIR"
else
	fail "LTO_SAFE_REPORT wins over LTO_SAFE_REPORT_DIR" "$(cat "$T/rd.log"; ls "$T/rd")"
fi
if PATH="$M:$PATH" LTO_SAFE_REPORT_DIR="$T/no/such/dir" gcc -O2 -flto main.o cmds.o tramp.o impl.o -o app-4 2>"$T/rd.log" &&
	works ./app-4 && [ "$(grep -c '^lto-safe: warning: cannot write a report in' "$T/rd.log")" = 1 ]; then
	pass "LTO_SAFE_REPORT_DIR that does not exist: one warning, the link works"
else
	fail "LTO_SAFE_REPORT_DIR that does not exist: one warning, the link works" "$(cat "$T/rd.log")"
fi

# with Debian's ccache directory after it: compiles are cached (lto-safe
# runs ccache with the compiler's path), links go through lto-safe
if [ -d /usr/lib/ccache ] && command -v ccache >/dev/null 2>&1; then
	rm -f ./*.o app-*
	mkdir "$T/ccache"
	cc_env() { env PATH="$M:/usr/lib/ccache:$PATH" CCACHE_DIR="$T/ccache" "$@"; }
	cc_env make -s plain >"$T/cc.log" 2>&1
	rm -f ./*.o app-*
	if cc_env make -s plain >>"$T/cc.log" 2>&1 && works ./app-plain &&
		cc_env ccache -s 2>&1 | grep -Eq 'Hits: +4 /|cache hit \(direct\) +4'; then
		pass "with /usr/lib/ccache after it: compiles cached, the link works"
	else
		fail "with /usr/lib/ccache after it: compiles cached, the link works" "$(cat "$T/cc.log"; cc_env ccache -s)"
	fi
else
	skip "masquerade with ccache" "ccache missing"
fi
