#!/bin/sh
# End-to-end: examples/build-systems builds examples/c-trampoline (a
# registration table and an asm trampoline, GCC LTO) with CMake (as
# CMAKE_C_LINKER_LAUNCHER and as the compiler), Meson, autotools and a
# Makefile that wraps only its link rule.  For each: the plain build fails,
# the build through lto-safe-cc succeeds and the program works.  (Cargo:
# rust.sh.)  A missing build tool is a skip.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
cp -R "$ROOT/examples/c-trampoline" "$ROOT/examples/build-systems" "$T/"
rm -f "$T"/c-trampoline/*.o "$T"/c-trampoline/app-*
EX=$T/build-systems
PATH=$(dirname "$LTO_SAFE_BIN"):$PATH
export PATH
CC=gcc
export CC

# works PROG: the program registers both commands and reaches target_impl
works() {
	_out=$("$1" 2>&1)
	printf '%s\n' "$_out" | grep -q "2 commands registered" &&
		printf '%s\n' "$_out" | grep -q "target_impl reached through the asm trampoline"
}

# check NAME PLAIN_BUILD SAFE_BUILD PROG_PLAIN PROG_SAFE: the builds are
# shell commands run in $EX; no plain build when PLAIN_BUILD is empty
check() {
	if [ -z "$2" ]; then
		:
	elif (cd "$EX" && eval "$2") >"$T/plain.log" 2>&1 && works "$4"; then
		fail "$1: the plain build fails" "it worked: the test proves nothing"
	else
		pass "$1: the plain build fails"
	fi
	if (cd "$EX" && eval "$3") >"$T/safe.log" 2>&1 && works "$5"; then
		pass "$1: the build through lto-safe-cc works"
	else
		fail "$1: the build through lto-safe-cc works" "$(tail -30 "$T/safe.log")"
	fi
}

if command -v cmake >/dev/null 2>&1; then
	check "CMake, CMAKE_C_LINKER_LAUNCHER=lto-safe-cc" \
		'cmake -S . -B "$T/cm-plain" && cmake --build "$T/cm-plain"' \
		'cmake -S . -B "$T/cm-launch" -DCMAKE_C_LINKER_LAUNCHER=lto-safe-cc && cmake --build "$T/cm-launch"' \
		"$T/cm-plain/app" "$T/cm-launch/app"
	check "CMake, CMAKE_C_COMPILER=lto-safe-cc" \
		'' \
		'LTO_SAFE_CC=gcc cmake -S . -B "$T/cm-cc" -DCMAKE_C_COMPILER=lto-safe-cc && LTO_SAFE_CC=gcc cmake --build "$T/cm-cc"' \
		"$T/none" "$T/cm-cc/app"
else
	skip "CMake examples" "cmake missing"
fi

if command -v meson >/dev/null 2>&1 && command -v ninja >/dev/null 2>&1; then
	check "Meson, CC=lto-safe-cc" \
		'meson setup "$T/ms-plain" && ninja -C "$T/ms-plain"' \
		'CC=lto-safe-cc LTO_SAFE_CC=gcc meson setup "$T/ms-safe" && LTO_SAFE_CC=gcc ninja -C "$T/ms-safe"' \
		"$T/ms-plain/app" "$T/ms-safe/app"
else
	skip "Meson example" "meson or ninja missing"
fi

if command -v autoreconf >/dev/null 2>&1 && command -v automake >/dev/null 2>&1; then
	if (cd "$EX" && autoreconf -i) >"$T/autoreconf.log" 2>&1; then
		check "autotools, ./configure CC=lto-safe-cc" \
			'mkdir "$T/at-plain" && cd "$T/at-plain" && "$EX/configure" CFLAGS="-O2 -flto" LDFLAGS="-O2 -flto" && make' \
			'mkdir "$T/at-safe" && cd "$T/at-safe" && "$EX/configure" CC=lto-safe-cc LTO_SAFE_CC=gcc CFLAGS="-O2 -flto" LDFLAGS="-O2 -flto" && LTO_SAFE_CC=gcc make' \
			"$T/at-plain/app" "$T/at-safe/app"
	else
		fail "autotools: autoreconf -i" "$(cat "$T/autoreconf.log")"
	fi
else
	skip "autotools example" "autoconf or automake missing"
fi

check "Makefile wrapping its link rule" \
	'make -f plain.mk LTO_SAFE= && mv app app-plain && make -f plain.mk clean' \
	'make -f plain.mk' \
	"$EX/app-plain" "$EX/app"
