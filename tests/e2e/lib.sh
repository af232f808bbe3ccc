# shellcheck shell=sh
# Sourced by every tests/e2e/*.sh script.  Each check prints one line:
# "PASS: name", "FAIL: name" (followed by indented details) or
# "SKIP: name (reason)"; tests/run.sh counts them.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# LTO_SAFE_BUILD: the build directory under test (build, or build-san for
# make check-sanitize)
LTO_SAFE_BIN=$ROOT/${LTO_SAFE_BUILD:-build}/bin/lto-safe-cc
E2E_SRC=$ROOT/tests/e2e/src
export LTO_SAFE_BIN E2E_SRC
# a clean environment: no rule or mode from the caller leaks into a test
unset LTO_SAFE_KEEP LTO_SAFE_KEEP_FILE LTO_SAFE_EXCLUDE LTO_SAFE_STRICT LTO_SAFE_DISABLE \
	LTO_SAFE_VERBOSE LTO_SAFE_REPORT LTO_SAFE_ACTIVE LTO_SAFE_DEPTH LTO_SAFE_CC LTO_SAFE_CXX LTO_SAFE_LD \
	LTO_SAFE_SCAN LTO_SAFE_REPAIR LTO_SAFE_LEARN
# nor do the caller's make variables ("make check CC=gcc" passes CC=gcc to
# every make below it through MAKEFLAGS, overriding what configure chose)
unset MAKEFLAGS MFLAGS MAKELEVEL

pass() { echo "PASS: $1"; }
fail() {
	echo "FAIL: $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | head -40
	return 0
}
skip() { echo "SKIP: $1 ($2)"; }

# need TOOL...: 0 when every tool is on PATH, else print a skip and return 1
need() {
	for t in "$@"; do
		if ! command -v "$t" >/dev/null 2>&1; then
			skip "$(basename "$0" .sh): tests needing $t" "$t missing"
			return 1
		fi
	done
	return 0
}

# x86_64_only WHAT [CC]: 0 when CC (gcc) targets x86-64, else a skip of
# WHAT (the script's cases in x86-64 asm) and 1
x86_64_only() {
	_cc=${2:-gcc}
	case $($_cc -dumpmachine) in
	x86_64-*) return 0 ;;
	esac
	skip "$(basename "$0" .sh): $1" "$_cc targets $($_cc -dumpmachine)"
	return 1
}

# mktmp: sets T to a private directory removed when the script exits
mktmp() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/lto-safe-e2e.XXXXXX") || exit 1
	trap 'rm -rf "$T"' EXIT
	trap 'rm -rf "$T"; exit 130' INT TERM
}

# expect_status N CMD...: run CMD quietly; 0 when its status is N
expect_status() {
	_want=$1
	shift
	"$@" >/dev/null 2>&1
	_got=$?
	[ "$_got" = "$_want" ]
}

# rustc_lld: 0 when rustc links through its own rust-lld by default
# (rustup's rustc 1.90 and later on x86-64 Linux: cc -fuse-ld=lld
# -B<sysroot>/.../gcc-ld), 1 when through cc and the system's linker
# (Debian's rustc ships no rust-lld: ld.bfd then reads GCC IR with GCC's
# plugin, and no -Clinker-plugin-lto bitcode)
rustc_lld() {
	_rv=$(rustc -vV | sed -n 's/^release: 1\.\([0-9]*\).*/\1/p')
	[ "${_rv:-0}" -ge 90 ] &&
		[ -x "$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/gcc-ld/ld.lld" ]
}
