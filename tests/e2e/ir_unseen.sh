#!/bin/sh
# End-to-end: LTO IR the linker does not see (issue 30, where users meet
# it): an archive whose symbol index lacks the names its IR members define,
# and rustc's default linker (rust-lld) given GCC IR.  Each case is built
# first without lto-safe, which must fail for the expected undefined
# symbol, then through lto-safe, which must build a program that prints the
# right line.
#  a. examples/rust-sys-lto: a -sys crate whose build.rs compiles C with
#     CC=gcc CFLAGS="-O2 -flto" and archives it with ar; rustc bundles the
#     GCC IR into the crate's rlib under an index that lacks its names, and
#     the C's inline asm calls helper_impl.  Plain with rustc's default
#     linker and with -Clink-arg=-fuse-ld=bfd; through lto-safe with
#     linker = "lto-safe-cc" in .cargo/config.toml, with
#     RUSTFLAGS=-Clinker=lto-safe-cc and with the masquerade directory
#     first on PATH; each with the release profile's lto = false, true and
#     "thin".
#  b. CMake, GCC IPO, a static library archived by llvm-ar and indexed by
#     llvm-ranlib; through -DCMAKE_C_LINKER_LAUNCHER=lto-safe-cc.
#  c. a Makefile that archives with ar --plugin /nonexistent (an ar that
#     cannot read the IR); through make CC="lto-safe-cc gcc".
#  d. clang -flto bitcode and a regular object archived by ar --plugin
#     /nonexistent (the index names only the regular object's function),
#     linked by clang with ld.bfd, ld.gold and ld.lld.
#  e. GCC slim objects archived by llvm-ar, linked by gcc with ld.bfd and
#     ld.gold.
# A missing tool is a skip.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
cd "$T" || exit 1
PATH=$(dirname "$LTO_SAFE_BIN"):$PATH
export PATH
unset CC CFLAGS LDFLAGS AR RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_PROFILE_RELEASE_LTO
S=$E2E_SRC/ir_unseen
U='undefined reference to .unseen_value.\|undefined symbol: unseen_value'
W='unseen_value(14) = 43'

# fails NAME PATTERN CMD...: CMD, the build without lto-safe, fails, and
# for the undefined symbol PATTERN matches
fails() {
	_n=$1 _p=$2
	shift 2
	if "$@" >"$T/plain.log" 2>&1; then
		fail "$_n: fails without lto-safe" "it worked: the case proves nothing"
	elif grep -q "$_p" "$T/plain.log"; then
		pass "$_n: fails without lto-safe"
	else
		fail "$_n: fails without lto-safe" "not for the expected undefined symbol:
$(tail -30 "$T/plain.log")"
	fi
}

# works NAME PROG WANT CMD...: CMD, the same build through lto-safe,
# builds PROG, which prints WANT
works() {
	_n=$1 _prog=$2 _want=$3
	shift 3
	if ! "$@" >"$T/safe.log" 2>&1; then
		fail "$_n: builds and runs through lto-safe" "$(tail -30 "$T/safe.log")"
	elif _got=$("$_prog" 2>&1) && [ "$_got" = "$_want" ]; then
		pass "$_n: builds and runs through lto-safe"
	else
		fail "$_n: builds and runs through lto-safe" "want: $_want
got: $_got"
	fi
}

# lacks NAME ARCHIVE SYM: ARCHIVE has a symbol index and SYM is not in it
# (the case is the one under test)
lacks() {
	if nm -s "$2" 2>/dev/null | grep -q '^Archive index:' &&
		! nm -s "$2" 2>/dev/null | sed -n '/^Archive index:/,/^$/p' | grep -q "^$3 in "; then
		pass "$1: the index of $(basename "$2") lacks $3"
	else
		fail "$1: the index of $(basename "$2") lacks $3" "$(nm -s "$2" 2>&1 | head -10)"
	fi
}

# a.
# cargo_build DIR TARGET ENV...: cargo build --release of the example's
# copy DIR into a new target directory $T/TARGET, the C built with gcc -O2
# -flto, with the environment ENV (VAR=VALUE) added
cargo_build() {
	_d=$1 _t=$T/$2
	shift 2
	rm -rf "$_t"
	(cd "$_d" && env CC=gcc CFLAGS="-O2 -flto" "$@" cargo build -q --offline --release --target-dir "$_t")
}
if ! need cargo rustc; then
	:
elif [ "$(rustc -vV | sed -n 's/^host: //p')" != x86_64-unknown-linux-gnu ]; then
	skip "ir_unseen: examples/rust-sys-lto" "rustc host is not x86_64-unknown-linux-gnu"
elif x86_64_only "examples/rust-sys-lto (inline asm in x86-64)"; then
	cp -R "$ROOT/examples/rust-sys-lto" ex
	rm -rf ex/target
	cp -R ex exc
	mkdir exc/.cargo
	printf '[target.x86_64-unknown-linux-gnu]\nlinker = "lto-safe-cc"\n' >exc/.cargo/config.toml
	# the masquerade directory, as make install makes it (masquerade.sh)
	make -s -C "$ROOT" install PREFIX=/usr DESTDIR="$T/stage" >install.log 2>&1 ||
		fail "Cargo: make install (the masquerade directory)" "$(cat install.log)"
	M=$T/stage/usr/lib/lto-safe/bin
	H='hello from C: helper_impl(14) = 43'
	# rustc's default linker: rust-lld, or cc and ld.bfd (lib.sh, rustc_lld)
	U_DEFAULT="undefined reference to .hello_format'"
	rustc_lld && U_DEFAULT='rust-lld: error: undefined symbol: hello_format'
	for lto in false true thin; do
		l=CARGO_PROFILE_RELEASE_LTO=$lto
		n="Cargo, lto = $lto"
		fails "$n, rustc's default linker" "$U_DEFAULT" \
			cargo_build ex p-$lto "$l"
		[ $lto = false ] && lacks "$n" "$T"/p-$lto/release/deps/libhello_sys-*.rlib hello_format
		fails "$n, -Clink-arg=-fuse-ld=bfd" "undefined reference to .hello_format'" \
			cargo_build ex b-$lto "$l" RUSTFLAGS=-Clink-arg=-fuse-ld=bfd
		works "$n, linker in .cargo/config.toml" "$T/c-$lto/release/hello" "$H" \
			cargo_build exc c-$lto "$l"
		works "$n, RUSTFLAGS=-Clinker=lto-safe-cc" "$T/r-$lto/release/hello" "$H" \
			cargo_build ex r-$lto "$l" RUSTFLAGS=-Clinker=lto-safe-cc
		works "$n, linker cc from the masquerade directory" "$T/m-$lto/release/hello" "$H" \
			cargo_build ex m-$lto "$l" PATH="$M:$PATH"
	done
fi

# b.
# cmake_build DIR OPTION...: configure the project in $T/cm into a new
# build directory $T/DIR with gcc, IPO and the llvm archiver (CMake's IPO
# with GCC archives with CMAKE_C_COMPILER_AR and indexes with
# CMAKE_C_COMPILER_RANLIB, gcc-ar and gcc-ranlib unless told), and build it
cmake_build() {
	_b=$T/$1
	shift
	rm -rf "$_b"
	CC=gcc cmake -S "$T/cm" -B "$_b" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON \
		-DCMAKE_AR="$(command -v llvm-ar)" -DCMAKE_C_COMPILER_AR="$(command -v llvm-ar)" \
		-DCMAKE_RANLIB="$(command -v llvm-ranlib)" -DCMAKE_C_COMPILER_RANLIB="$(command -v llvm-ranlib)" \
		"$@" && cmake --build "$_b"
}
if need cmake llvm-ar llvm-ranlib; then
	mkdir cm
	cat >cm/CMakeLists.txt <<EOF
cmake_minimum_required(VERSION 3.21)
project(unseen C)
add_library(unseen STATIC $S/lib.c)
add_executable(app $S/main.c)
target_link_libraries(app unseen)
EOF
	n="CMake, GCC IPO, llvm-ar"
	fails "$n" "$U" cmake_build cm-plain
	lacks "$n" "$T/cm-plain/libunseen.a" unseen_value
	works "$n, -DCMAKE_C_LINKER_LAUNCHER=lto-safe-cc" "$T/cm-safe/app" "$W" \
		cmake_build cm-safe -DCMAKE_C_LINKER_LAUNCHER=lto-safe-cc
fi

# c.
cat >unseen.mk <<'EOF'
# an ar that cannot read the IR: the index lists __gnu_lto_slim only
CC = gcc
vpath %.c $(SRC)
app: main.o libunseen.a
	$(CC) -O2 -flto -o $@ main.o libunseen.a
libunseen.a: lib.o
	ar --plugin /nonexistent rcs $@ lib.o
%.o: %.c
	$(CC) -O2 -flto -c $< -o $@
EOF
mkdir mk-plain mk-safe
n="Makefile, ar --plugin /nonexistent"
fails "$n" "$U" make -f "$T/unseen.mk" -C mk-plain SRC="$S"
lacks "$n" mk-plain/libunseen.a unseen_value
works "$n, CC=\"lto-safe-cc gcc\"" mk-safe/app "$W" make -f "$T/unseen.mk" -C mk-safe SRC="$S" CC="lto-safe-cc gcc"

# d.
if need clang; then
	n="clang bitcode, ar --plugin /nonexistent"
	if { clang -O2 -flto -c "$S/lib.c" -o clib.o && clang -O2 -flto -c "$S/main.c" -o cmain.o &&
		clang -O2 -c "$S/regular.c" -o creg.o &&
		ar --plugin /nonexistent rcs libcnp.a clib.o creg.o; } >setup.log 2>&1; then
		lacks "$n" libcnp.a unseen_value
		for l in bfd gold lld; do
			if ! command -v ld.$l >/dev/null 2>&1; then
				skip "$n, ld.$l" "ld.$l missing"
				continue
			fi
			# lld 15 and later read the members' own symbols, not the index
			v=$(ld.lld --version 2>/dev/null | sed -n '1s/^[^0-9]*\([0-9]*\).*/\1/p')
			if [ $l = lld ] && [ "${v:-0}" -ge 15 ]; then
				skip "$n, ld.$l: fails without lto-safe" "lld $v loads the member plainly"
			else
				fails "$n, ld.$l" "$U" clang -O2 -flto -fuse-ld=$l cmain.o libcnp.a -o c-plain-$l
			fi
			works "$n, ld.$l" ./c-safe-$l "$W" lto-safe-cc clang -O2 -flto -fuse-ld=$l cmain.o libcnp.a -o c-safe-$l
		done
	else
		fail "$n: compile and archive" "$(cat setup.log)"
	fi
fi

# e.
if need llvm-ar; then
	n="GCC slim objects, llvm-ar"
	if { gcc -O2 -flto -c "$S/lib.c" -o glib.o && gcc -O2 -flto -c "$S/main.c" -o gmain.o &&
		llvm-ar rcs libla.a glib.o; } >setup.log 2>&1; then
		lacks "$n" libla.a unseen_value
		for l in bfd gold; do
			if ! command -v ld.$l >/dev/null 2>&1; then
				skip "$n, ld.$l" "ld.$l missing"
				continue
			fi
			fails "$n, ld.$l" "$U" gcc -O2 -flto -fuse-ld=$l gmain.o libla.a -o g-plain-$l
			works "$n, ld.$l" ./g-safe-$l "$W" lto-safe-cc gcc -O2 -flto -fuse-ld=$l gmain.o libla.a -o g-safe-$l
		done
	else
		fail "$n: compile and archive" "$(cat setup.log)"
	fi
fi
