#!/bin/sh
# End-to-end: examples/build-systems builds a static library (libimpl.a), a
# shared library (libtramp.so) and a program (app) from the sources of
# examples/c-trampoline (a registration table and an assembly trampoline,
# GCC LTO; with clang, a trampoline in inline asm) with CMake (launcher and
# compiler forms, C and C++), Meson (C and C++), autotools with libtool and
# a Makefile that wraps only its link rules, each with gcc and clang.
# (Cargo: rust.sh.)  A missing tool is a skip.
#
# Each form is configured once, through lto-safe, and built twice: first
# with LTO_SAFE_DISABLE=1, where every lto-safe name runs the real tool and
# nothing else (the plain build: it must fail at a link), then, after a
# clean, as it is: it must build both libraries and a program that works.
# A new form is one more "form" call.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
cp -R "$ROOT/examples/c-trampoline" "$ROOT/examples/build-systems" "$T/"
rm -f "$T"/c-trampoline/*.o "$T"/c-trampoline/app-*
EX=$T/build-systems
PATH=$(dirname "$LTO_SAFE_BIN"):$PATH
export PATH

have() {
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 || return 1
	done
}

# works PROG COMMANDS: the program registers all its commands and reaches
# target_impl in the shared library
works() {
	_out=$("$1" 2>&1)
	printf '%s\n' "$_out" | grep -q "^$2 commands registered" &&
		printf '%s\n' "$_out" | grep -q "target_impl reached through the asm trampoline"
}

# libs_ok DIR: a static library with target_impl in its index, and a shared
# library that exports tramp and defines target_impl
libs_ok() {
	_a=$(find "$1" -name libimpl.a | head -1)
	_so=$(find "$1" -name 'libtramp.so*' -type f | head -1)
	[ -n "$_a" ] && [ -n "$_so" ] &&
		nm -s "$_a" 2>/dev/null | grep -q "^target_impl in " &&
		nm -D --defined-only "$_so" | grep -q " T tramp$" &&
		nm "$_so" | grep -q " t target_impl$"
}

# form NAME DIR COMMANDS CONFIGURE BUILD CLEAN: shell commands run in $EX;
# the program is DIR/app and registers COMMANDS commands
form() {
	if ! (cd "$EX" && eval "$4") >"$T/conf.log" 2>&1; then
		fail "$1: configure" "$(tail -30 "$T/conf.log")"
		return
	fi
	if (cd "$EX" && LTO_SAFE_DISABLE=1 && export LTO_SAFE_DISABLE && eval "$5") >"$T/plain.log" 2>&1; then
		fail "$1: the plain build fails" "it worked: the test proves nothing"
	elif grep -q "undefined reference to" "$T/plain.log"; then
		pass "$1: the plain build fails"
	else
		fail "$1: the plain build fails at a link" "$(tail -30 "$T/plain.log")"
	fi
	if ! (cd "$EX" && eval "$6") >"$T/clean.log" 2>&1; then
		fail "$1: clean" "$(tail -30 "$T/clean.log")"
	elif (cd "$EX" && eval "$5") >"$T/safe.log" 2>&1 && libs_ok "$2" && works "$2/app" "$3"; then
		pass "$1: the build through lto-safe works"
	else
		fail "$1: the build through lto-safe works" "$(tail -30 "$T/safe.log"; "$2/app" 2>&1 | tail -5)"
	fi
}

if have autoreconf automake libtoolize; then
	(cd "$EX" && autoreconf -i) >"$T/autoreconf.log" 2>&1 || fail "autotools: autoreconf -i" "$(cat "$T/autoreconf.log")"
fi

for RCC in gcc clang; do
	if ! have "$RCC"; then
		skip "build systems with $RCC" "$RCC missing"
		continue
	fi
	RCXX=$([ "$RCC" = gcc ] && echo g++ || echo clang++)
	# the real compilers of the forms that name lto-safe as the compiler
	LTO_SAFE_CC=$RCC LTO_SAFE_CXX=$RCXX
	export LTO_SAFE_CC LTO_SAFE_CXX RCC RCXX
	# C++ projects: CMake and Meson
	if ! have "$RCXX"; then
		skip "CMake and Meson with $RCC" "$RCXX missing"
	elif ! have cmake; then
		skip "CMake with $RCC" "cmake missing"
	else
		form "CMake $RCC, CMAKE_<LANG>_LINKER_LAUNCHER=lto-safe-cc" "$T/cm-launch-$RCC" 3 \
			'CC=$RCC CXX=$RCXX cmake -S . -B "$T/cm-launch-$RCC" -DCMAKE_C_LINKER_LAUNCHER=lto-safe-cc -DCMAKE_CXX_LINKER_LAUNCHER=lto-safe-cc' \
			'cmake --build "$T/cm-launch-$RCC"' \
			'cmake --build "$T/cm-launch-$RCC" --target clean'
		# the compiler form's two spellings, one per compiler
		if [ "$RCC" = gcc ]; then
			conf='CC=lto-safe-cc CXX=lto-safe-c++ cmake -S . -B "$T/cm-cc-$RCC"'
			how="CC=lto-safe-cc CXX=lto-safe-c++"
		else
			conf='cmake -S . -B "$T/cm-cc-$RCC" -DCMAKE_C_COMPILER=lto-safe-cc -DCMAKE_CXX_COMPILER=lto-safe-c++'
			how="CMAKE_C_COMPILER=lto-safe-cc CMAKE_CXX_COMPILER=lto-safe-c++"
		fi
		form "CMake $RCC, $how" "$T/cm-cc-$RCC" 3 "$conf" \
			'cmake --build "$T/cm-cc-$RCC"' \
			'cmake --build "$T/cm-cc-$RCC" --target clean'
	fi
	if ! have "$RCXX"; then
		:
	elif ! have meson ninja; then
		skip "Meson with $RCC" "meson or ninja missing"
	else
		form "Meson $RCC, CC=lto-safe-cc CXX=lto-safe-c++" "$T/ms-$RCC" 3 \
			'CC=lto-safe-cc CXX=lto-safe-c++ meson setup "$T/ms-$RCC"' \
			'ninja -C "$T/ms-$RCC"' \
			'ninja -C "$T/ms-$RCC" clean'
	fi
	if ! have autoreconf automake libtoolize; then
		skip "autotools with $RCC" "autoconf, automake or libtool missing"
	elif [ -x "$EX/configure" ]; then
		# a build directory two deep: automake puts the objects of
		# ../c-trampoline/*.c in ../c-trampoline relative to it
		form "autotools and libtool $RCC, ./configure CC=lto-safe-cc" "$T/at-$RCC/b" 2 \
			'mkdir -p "$T/at-$RCC/b" && cd "$T/at-$RCC/b" && "$EX/configure" CC=lto-safe-cc CFLAGS="-O2 -flto" LDFLAGS="-O2 -flto"' \
			'make -C "$T/at-$RCC/b"' \
			'make -C "$T/at-$RCC/b" clean'
	fi
	form "Makefile $RCC wrapping its link rules" "$T/mk-$RCC" 2 \
		'mkdir -p "$T/mk-$RCC"' \
		'make -C "$T/mk-$RCC" -f "$EX/plain.mk" CC=$RCC' \
		'make -C "$T/mk-$RCC" -f "$EX/plain.mk" CC=$RCC clean'
done
