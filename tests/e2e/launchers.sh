#!/bin/sh
# End-to-end: compiler launchers (ccache, sccache, distcc, icecc) with
# lto-safe, in both orders.  The program is an asm trampoline that plain
# GCC LTO breaks (impl.c, tramp_toplevel.c); each case checks that the
# plain command through the launcher fails, that through lto-safe it links
# and runs, that lto-safe runs the user's commands through the launcher
# (the launcher counts the compiles) and never loops.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1
BIN=$(dirname "$LTO_SAFE_BIN")
export CCACHE_DIR="$T/ccache" SCCACHE_DIR="$T/sccache" DISTCC_HOSTS=localhost DISTCC_DIR="$T/distcc"
mkdir -p "$DISTCC_DIR"
gcc -O2 -flto -c "$S/impl.c" "$S/tramp_toplevel.c"
ok() { [ "$(./"$1" 2>&1)" = "target_impl called" ]; }

# plain_fails NAME CMD...: the plain LTO link through the launcher fails
plain_fails() {
	_n=$1
	shift
	rm -f plain
	if "$@" -O2 -flto impl.o tramp_toplevel.o -o plain >plain.err 2>&1; then
		fail "$_n: the plain link fails" "it linked: the test proves nothing"
	elif grep -q "undefined reference to .target_impl" plain.err; then
		pass "$_n: the plain link fails"
	else
		fail "$_n: the plain link fails" "$(cat plain.err)"
	fi
}

# ccache's count of compiles it saw (hits and misses)
ccache_calls() { ccache --print-stats 2>/dev/null | awk '$1 ~ /^(direct_cache_hit|preprocessed_cache_hit|cache_miss)$/ { n += $2 } END { print n + 0 }'; }

if need ccache; then
	plain_fails "ccache gcc" ccache gcc
	# prefix form: lto-safe-cc ccache gcc, objects and sources
	rm -f a1
	if LTO_SAFE_VERBOSE=1 "$BIN/lto-safe-cc" ccache gcc -O2 -flto impl.o tramp_toplevel.o -o a1 >err 2>&1 && ok a1 &&
		grep -q "^lto-safe: running: $(command -v ccache) $(command -v gcc) .*keep.o" err; then
		pass "lto-safe-cc ccache gcc: links objects, the link runs through ccache"
	else
		fail "lto-safe-cc ccache gcc: links objects, the link runs through ccache" "$(cat err)"
	fi
	ccache -z >/dev/null
	rm -f a2
	if "$BIN/lto-safe-cc" ccache gcc -O2 -flto "$S/impl.c" "$S/tramp_toplevel.c" -o a2 >err 2>&1 && ok a2 &&
		[ "$(ccache_calls)" = 2 ]; then
		pass "lto-safe-cc ccache gcc: compiles and links sources, each compile through ccache"
	else
		fail "lto-safe-cc ccache gcc: compiles and links sources, each compile through ccache" "ccache saw $(ccache_calls) compiles
$(cat err)"
	fi
	# a compile alone passes straight through ccache: the second is a hit
	ccache -z >/dev/null
	"$BIN/lto-safe-cc" ccache gcc -O2 -c "$S/hello.c" -o h1.o && "$BIN/lto-safe-cc" ccache gcc -O2 -c "$S/hello.c" -o h1.o
	if ccache --print-stats | grep -q "^direct_cache_hit	1$"; then
		pass "lto-safe-cc ccache gcc -c: the launcher caches the compile"
	else
		fail "lto-safe-cc ccache gcc -c: the launcher caches the compile" "$(ccache --print-stats | grep hit)"
	fi
	# LTO_SAFE_CC with a launcher
	rm -f a3
	if LTO_SAFE_CC="ccache gcc" LTO_SAFE_VERBOSE=1 "$BIN/lto-safe-cc" -O2 -flto impl.o tramp_toplevel.o -o a3 >err 2>&1 &&
		ok a3 && grep -q "^lto-safe: running: $(command -v ccache) $(command -v gcc) " err; then
		pass "LTO_SAFE_CC=\"ccache gcc\""
	else
		fail "LTO_SAFE_CC=\"ccache gcc\"" "$(cat err)"
	fi
	# the other direction: ccache runs lto-safe-cc as its compiler
	rm -f a4
	if ccache "$BIN/lto-safe-cc" gcc -O2 -flto impl.o tramp_toplevel.o -o a4 >err 2>&1 && ok a4; then
		pass "CC=\"ccache lto-safe-cc\""
	else
		fail "CC=\"ccache lto-safe-cc\"" "$(cat err)"
	fi
	# Debian's masquerade directory, ahead of and behind lto-safe's
	M=$T/masq
	mkdir -p "$M"
	ln -s "$LTO_SAFE_BIN" "$M/gcc"
	if [ -x /usr/lib/ccache/gcc ]; then
		for order in ahead behind; do
			if [ $order = ahead ]; then P=/usr/lib/ccache:$M:$PATH; else P=$M:/usr/lib/ccache:$PATH; fi
			plain_fails "/usr/lib/ccache on PATH, no lto-safe ($order)" env PATH=/usr/lib/ccache:$PATH gcc
			rm -f m
			ccache -C -z >/dev/null
			if PATH=$P gcc -O2 -flto impl.o tramp_toplevel.o -o m >err 2>&1 && ok m &&
				PATH=$P gcc -O2 -c "$S/hello.c" -o h2.o && PATH=$P gcc -O2 -c "$S/hello.c" -o h2.o &&
				ccache --print-stats | grep -q "^direct_cache_hit	1$"; then
				pass "/usr/lib/ccache $order of lto-safe's gcc on PATH: links, compiles cached once"
			else
				fail "/usr/lib/ccache $order of lto-safe's gcc on PATH: links, compiles cached once" "$(cat err; ccache --print-stats | grep hit)"
			fi
		done
	else
		skip "/usr/lib/ccache masquerade" "no /usr/lib/ccache/gcc"
	fi
fi

if need sccache; then
	# a server of this test's own (its port, its cache, its counts): one
	# that Meson or the user started keeps its own directory and counts
	SCCACHE_SERVER_PORT=$((4300 + $$ % 1000))
	export SCCACHE_SERVER_PORT
	sccache --start-server >/dev/null 2>&1
	plain_fails "sccache gcc" sccache gcc
	sccache --zero-stats >/dev/null 2>&1
	rm -f s1
	if timeout 120 "$BIN/lto-safe-cc" sccache gcc -O2 -flto "$S/impl.c" "$S/tramp_toplevel.c" -o s1 >err 2>&1 && ok s1 &&
		sccache --show-stats 2>/dev/null | grep -q "^Compile requests executed *2$"; then
		pass "lto-safe-cc sccache gcc: compiles through sccache and links"
	else
		fail "lto-safe-cc sccache gcc: compiles through sccache and links" "$(cat err; sccache --show-stats 2>&1 | head -5)"
	fi
	sccache --stop-server >/dev/null 2>&1
fi

if need distcc; then
	plain_fails "distcc gcc" distcc gcc
	rm -f d1 d2
	if LTO_SAFE_VERBOSE=1 "$BIN/lto-safe-cc" ccache distcc gcc -O2 -flto impl.o tramp_toplevel.o -o d1 >err 2>&1 && ok d1 &&
		grep -q "^lto-safe: running: $(command -v ccache) $(command -v distcc) $(command -v gcc) " err; then
		pass "lto-safe-cc ccache distcc gcc: a chain of launchers"
	else
		fail "lto-safe-cc ccache distcc gcc: a chain of launchers" "$(cat err)"
	fi
	if [ -x /usr/lib/distcc/gcc ]; then
		# distcc runs gcc by its target-prefixed name
		M=$T/masq-d
		mkdir -p "$M"
		ln -s "$LTO_SAFE_BIN" "$M/gcc"
		ln -s "$LTO_SAFE_BIN" "$M/$(gcc -dumpmachine)-gcc"
		if PATH=$M:/usr/lib/distcc:$PATH LTO_SAFE_VERBOSE=1 gcc -O2 -flto impl.o tramp_toplevel.o -o d2 >err 2>&1 && ok d2 &&
			grep -q "^lto-safe: running: $(command -v distcc) $(command -v gcc) " err &&
			PATH=/usr/lib/distcc:$M:$PATH gcc -O2 -flto impl.o tramp_toplevel.o -o d2 >err 2>&1 && ok d2; then
			pass "/usr/lib/distcc behind and ahead of lto-safe's gcc on PATH"
		else
			fail "/usr/lib/distcc behind and ahead of lto-safe's gcc on PATH" "$(cat err)"
		fi
	else
		skip "/usr/lib/distcc masquerade" "no /usr/lib/distcc/gcc"
	fi
fi

if need icecc; then
	plain_fails "icecc gcc" icecc gcc
	rm -f i1
	if LTO_SAFE_VERBOSE=1 "$BIN/lto-safe-cc" icecc gcc -O2 -flto "$S/impl.c" "$S/tramp_toplevel.c" -o i1 >err 2>&1 && ok i1 &&
		[ "$(grep -c "^lto-safe: compiling: $(command -v icecc) $(command -v gcc) " err)" = 2 ]; then
		pass "lto-safe-cc icecc gcc: compiles through icecc and links"
	else
		fail "lto-safe-cc icecc gcc: compiles through icecc and links" "$(cat err)"
	fi
fi
