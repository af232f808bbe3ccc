#!/bin/sh
# End-to-end: the definitions of vague linkage that LTO leaves out of a
# shared library's exports (src/vague.cpp: a vtable, typeinfo, inline
# virtual functions, a template instance), said in the report's "seen"
# (reason vague-linkage) and a verbose note, the library unchanged:
#   v1 g++, fat objects: exactly the weak exports of the build without LTO
#      that plain LTO's library lacks; byte-identical to plain LTO's
#   v2 g++, slim objects: those and more (the IR lists what a build without
#      LTO might not emit), the evidence says so
#   v3 clang++ -flto and -flto=thin (lld): exactly what plain LTO lacks
#   v4 a version script chooses the exports: nothing listed, a note says so
#   v5 LTO_SAFE_KEEP of the vtable: exported again, kept, not listed
#   v6 a program (no -shared): nothing checked
. "$(dirname "$0")/lib.sh"
need g++ nm || exit 0
S=$E2E_SRC
mktmp
cd "$T" || exit 1

# weak DSO LIB: the weak and unique (V, W, u) names LIB's .dynsym defines
weak() { nm -D --defined-only "$1" | awk '$2 ~ /^[VWu]$/ { print $3 }' | sort; }
# exports LIB: every name LIB's .dynsym defines
exports() { nm -D --defined-only "$1" | awk '{ print $3 }' | sort; }
# lost REF LIB: the weak exports of REF that LIB does not export
lost() { weak "$1" > lost.ref; exports "$2" > lost.out; comm -23 lost.ref lost.out; }
# listed REPORT: the names the report lists as vague-linkage
listed() { grep -o '"symbol":"[^"]*","reason":"vague-linkage"' "$1" | cut -d'"' -f4 | sort; }

# case NAME REF-LIB PLAIN-LIB REPORT ERR SAFE-LIB: the report lists exactly
# what plain LTO lost, the note counts them, and the library is plain's
same_as_lost() {
	lost "$2" "$3" > want
	if [ ! -s want ]; then
		fail "$1: plain LTO loses weak exports" "$(cat lost.ref)"
		return
	fi
	pass "$1: plain LTO loses $(wc -l < want) weak exports ($(tr '\n' ' ' < want))"
	listed "$4" > got
	n=$(wc -l < want)
	if cmp -s want got && grep -q "LTO left $n definitions of vague linkage out of the exports of $6" "$5"; then
		pass "$1: the report lists exactly those, the note counts them"
	else
		fail "$1: the report lists exactly those" "want: $(cat want) got: $(cat got) $(cat "$5")"
	fi
	if cmp -s "$3" "$6"; then pass "$1: byte-identical to plain LTO's"; else fail "$1: byte-identical to plain LTO's"; fi
}

g++ -O2 -fPIC -shared "$S/vague.cpp" -o libref.so || { fail "g++ without LTO"; exit 0; }

# --- v1: fat objects ----------------------------------------------------------
g++ -O2 -fPIC -flto -ffat-lto-objects -c "$S/vague.cpp" -o fat.o &&
	g++ -O2 -flto -shared fat.o -o libfat-plain.so || fail "v1 g++ fat build"
LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=fat.json "$LTO_SAFE_BIN" g++ -O2 -flto -shared fat.o -o libfat.so 2>fat.err
same_as_lost "v1 g++ fat" libref.so libfat-plain.so fat.json fat.err libfat.so
if grep -q '"evidence":"exported by the code (a link without LTO), not by libfat.so' fat.json; then
	pass "v1 the evidence names the fat code"
else
	fail "v1 the evidence names the fat code" "$(cat fat.json)"
fi

# --- v2: slim objects ---------------------------------------------------------
g++ -O2 -fPIC -flto -c "$S/vague.cpp" -o slim.o && g++ -O2 -flto -shared slim.o -o libslim-plain.so ||
	fail "v2 g++ slim build"
LTO_SAFE_REPORT=slim.json "$LTO_SAFE_BIN" g++ -O2 -flto -shared slim.o -o libslim.so 2>slim.err
lost libref.so libslim-plain.so > want
listed slim.json > got
if [ -s want ] && [ -z "$(comm -23 want got)" ] && grep -q 'a build without LTO may not emit it either' slim.json &&
	cmp -s libslim.so libslim-plain.so; then
	pass "v2 g++ slim: every lost export listed ($(wc -l < got) for $(wc -l < want)), the evidence hedged, the library plain's"
else
	fail "v2 g++ slim" "want: $(cat want) got: $(cat got) $(cat slim.err)"
fi

# --- v3: clang ----------------------------------------------------------------
if command -v clang++ >/dev/null 2>&1 && clang++ -fuse-ld=lld -Wl,--version >/dev/null 2>&1; then
	clang++ -O2 -fPIC -shared "$S/vague.cpp" -o libcref.so
	for mode in -flto -flto=thin; do
		m=${mode#-flto}
		clang++ -O2 -fPIC $mode -c "$S/vague.cpp" -o c$m.o &&
			clang++ -fuse-ld=lld -O2 $mode -shared c$m.o -o libc$m-plain.so || fail "v3 clang++ $mode build"
		LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=c$m.json "$LTO_SAFE_BIN" clang++ -fuse-ld=lld -O2 $mode -shared c$m.o \
			-o libc$m.so 2>c$m.err
		same_as_lost "v3 clang++ $mode" libcref.so libc$m-plain.so c$m.json c$m.err libc$m.so
	done
else
	skip "v3 clang++" "clang++ or ld.lld missing"
fi

# --- v4: a version script -----------------------------------------------------
printf '{ global: *; };\n' > all.map
LTO_SAFE_VERBOSE=1 LTO_SAFE_REPORT=vs.json "$LTO_SAFE_BIN" g++ -O2 -flto -shared fat.o -Wl,--version-script=all.map \
	-o libvs.so 2>vs.err
if [ -z "$(listed vs.json)" ] && grep -q 'the exports of libvs.so are not checked' vs.err; then
	pass "v4 a version script: nothing listed, the note says why"
else
	fail "v4 a version script: nothing listed" "$(cat vs.json vs.err)"
fi

# --- v5: kept by a rule -------------------------------------------------------
LTO_SAFE_KEEP=_ZTV4Attr LTO_SAFE_REPORT=keep.json "$LTO_SAFE_BIN" g++ -O2 -flto -shared fat.o -o libkeep.so 2>keep.err
if exports libkeep.so | grep -qx _ZTV4Attr && grep -q '"symbol":"_ZTV4Attr","reason":"user-rule"' keep.json &&
	! listed keep.json | grep -qx _ZTV4Attr; then
	pass "v5 LTO_SAFE_KEEP=_ZTV4Attr exports the vtable again, kept and not listed"
else
	fail "v5 LTO_SAFE_KEEP=_ZTV4Attr" "$(exports libkeep.so; cat keep.json keep.err)"
fi

# --- v6: a program ------------------------------------------------------------
printf 'struct Attr; Attr *make_attr(); int attr_value(const Attr *);\nint main() { return attr_value(make_attr()) - 1; }\n' > main.cpp
g++ -O2 -flto -ffat-lto-objects -c main.cpp -o main.o
LTO_SAFE_REPORT=prog.json "$LTO_SAFE_BIN" g++ -O2 -flto main.o fat.o -o prog 2>prog.err
if ./prog && [ -z "$(listed prog.json)" ]; then
	pass "v6 a program: nothing checked"
else
	fail "v6 a program: nothing checked" "$(cat prog.json prog.err)"
fi
