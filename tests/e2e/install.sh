#!/bin/sh
# End-to-end: make install honours PREFIX and DESTDIR, and the installed
# wrapper finds its link helper; make uninstall removes what it installed.
. "$(dirname "$0")/lib.sh"
need gcc make || exit 0
mktmp
D=$T/dest
if ! make -s -C "$ROOT" install PREFIX=/opt/lto-safe DESTDIR="$D" >"$T/out" 2>&1; then
	fail "make install" "$(cat "$T/out")"
	exit 0
fi
missing=""
for f in bin/lto-safe-cc bin/lto-safe-c++ bin/lto-safe-ld bin/lto-safe libexec/lto-safe/lto-safe-link \
	bin/lto-safe-gcc-ar bin/lto-safe-gcc-ranlib bin/lto-safe-gcc-nm \
	bin/lto-safe-llvm-ar bin/lto-safe-llvm-ranlib bin/lto-safe-llvm-nm \
	share/man/man1/lto-safe-cc.1 share/man/man1/lto-safe-ld.1 share/man/man1/lto-safe.1; do
	[ -e "$D/opt/lto-safe/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then pass "make install PREFIX DESTDIR"; else fail "make install PREFIX DESTDIR" "missing:$missing"; fi
cd "$T" || exit 1
gcc -O2 -flto -c "$E2E_SRC/impl.c" "$E2E_SRC/tramp_toplevel.c"
if LTO_SAFE_KEEP=target_impl "$D/opt/lto-safe/bin/lto-safe-cc" gcc -O2 -flto impl.o tramp_toplevel.o -o app 2>err &&
	./app | grep -q "target_impl called"; then
	pass "installed lto-safe-cc links"
else
	fail "installed lto-safe-cc links" "$(cat err)"
fi
# the archiver names run the real compiler's archiver: an archive of slim
# GCC LTO objects gets an index of their symbols
if "$D/opt/lto-safe/bin/lto-safe-gcc-ar" rcs libt.a impl.o 2>err &&
	"$D/opt/lto-safe/bin/lto-safe-gcc-nm" -s libt.a 2>>err | grep -q "target_impl in impl.o"; then
	pass "installed lto-safe-gcc-ar and lto-safe-gcc-nm"
else
	fail "installed lto-safe-gcc-ar and lto-safe-gcc-nm" "$(cat err)"
fi
if "$D/opt/lto-safe/bin/lto-safe" scan impl.o tramp_toplevel.o >scan.out 2>&1 &&
	[ "$(cut -f1 scan.out | tr '\n' ' ')" = "symbol target_impl " ]; then
	pass "installed lto-safe scans"
else
	fail "installed lto-safe scans" "$(cat scan.out)"
fi
make -s -C "$ROOT" uninstall PREFIX=/opt/lto-safe DESTDIR="$D" >/dev/null 2>&1
left=$(find "$D" -type f -o -type l)
if [ -z "$left" ]; then pass "make uninstall"; else fail "make uninstall" "$left"; fi
