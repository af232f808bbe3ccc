#!/bin/sh
# Install the Debian packages lto-safe needs to build and test, if missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
# Shared by the Makefile (make check, make demo) and .ci/run.
# With --bench (make bench-deps), also what only the benchmarks use.
set -e

# build: compiler, libelf, pcre2, unit tests: check; tests: the toolchains
# the end-to-end tests drive (missing optional ones are reported as skipped;
# clang-19 and lld-19 for -fthin-link-bitcode in tests/e2e/thinlto_dist.sh;
# dpkg-dev and dejagnu for the dpkg-gensymbols and DejaGnu cases of
# tests/e2e/realworld_verdict.sh; the cross compilers with their C
# libraries and qemu-user for tests/e2e/cross.sh and the unit tests that
# read other architectures' objects: about 90 s of apt-get here).
REQUIRED="make gcc musl-tools pkg-config libelf-dev libpcre2-dev libzstd-dev zlib1g-dev check binutils elfutils file zstd libiberty-dev"
CROSS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-i686-linux-gnu libc6-dev-i386-cross
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross
	gcc-s390x-linux-gnu libc6-dev-s390x-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
	gcc-arm-linux-gnueabi libc6-dev-armel-cross gcc-mips64el-linux-gnuabi64 libc6-dev-mips64el-cross qemu-user"
OPTIONAL="g++ gcc-11 clang lld llvm clang-19 lld-19 $CROSS mold cmake meson ninja-build autoconf automake libtool dpkg-dev dejagnu valgrind ccache sccache distcc icecc"
# benchmarks only (tests/bench/llvm_link.py links against every libLLVM*.a)
BENCH="llvm-14-dev g++ lld binutils"
if [ "$1" = --bench ]; then
	REQUIRED="$REQUIRED $BENCH"
fi

missing=""
for p in $REQUIRED ${LTO_SAFE_DEPS_OPTIONAL-$OPTIONAL}; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing packages:$missing (no apt-get here; install them by hand)" >&2
	exit 1
fi

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run: sudo apt-get update && sudo $cmd" >&2
	exit 1
fi

echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Never remove what is installed: the cross compilers (gcc-aarch64-linux-gnu
# ...) and gcc-multilib cannot be installed together, and a package build (make realworld's
# elfutils) may need the one the tests do not.  When the whole set cannot
# go in without a removal, each package goes in alone, and one that would
# remove something is left out: a missing optional tool is a skipped test.
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends --no-remove $missing >/dev/null 2>&1 && exit 0
left=""
for p in $missing; do
	apt-get install -y -qq --no-install-recommends --no-remove "$p" >/dev/null 2>&1 && continue
	removes=$(apt-get -s install --no-install-recommends "$p" 2>/dev/null | sed -n 's/^Remv \([^ ]*\).*/\1/p' | tr '\n' ' ')
	if [ -n "$removes" ]; then
		echo "deps: $p not installed: it would remove ${removes% }" >&2
	else
		echo "deps: $p not installed: apt-get install $p failed" >&2
	fi
	left="$left $p"
done
status=0
for p in $left; do
	case " $REQUIRED " in
	*" $p "*)
		echo "deps: $p is required to build lto-safe; install it by hand" >&2
		status=1 ;;
	esac
done
exit $status
