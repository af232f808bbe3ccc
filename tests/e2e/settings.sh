#!/bin/sh
# End-to-end: the settings table (lib/settings.c) is the one source of the
# LTO_SAFE_* settings.  Checks: no module of lib/ but settings.c reads an
# LTO_SAFE_* variable; the front end reads exactly the settings the table
# marks SF_FRONT; every setting (and its option) is in the manual's
# Configuration section (doc/manual.md) and in lto-safe-cc(1); "lto-safe config" lists each with its value and origin;
# a bad value gets one warning naming the variable and the accepted values,
# and the link works as with the default; lib/ has no include cycle.
. "$(dirname "$0")/lib.sh"
need gcc || exit 0
TABLE=$ROOT/lib/settings.c
mktmp
cd "$T" || exit 1

names=$(grep -o '"LTO_SAFE_[A-Z_]*"' "$TABLE" | tr -d '"' | sort -u)
front=$(grep -E '"LTO_SAFE_[A-Z_]*".*SF_FRONT' "$TABLE" | grep -o '"LTO_SAFE_[A-Z_]*"' | tr -d '"' | sort -u)
[ "$(echo "$names" | wc -l)" -ge 15 ] && pass "the table lists $(echo "$names" | wc -l) settings" ||
	fail "the table lists the settings" "read: $names"

bad=$(grep -rln 'getenv("LTO_SAFE_' "$ROOT/lib" | grep -v '/lib/settings\.c$')
if [ -z "$bad" ]; then pass "no module of lib/ but settings.c reads LTO_SAFE_*"; else fail "no module of lib/ but settings.c reads LTO_SAFE_*" "$bad"; fi

read_by_front=$(grep -oE '(getenv|env_bool)\("LTO_SAFE_[A-Z_]*"' "$ROOT/wrapper/front.c" | grep -o 'LTO_SAFE_[A-Z_]*' | sort -u)
if [ "$read_by_front" = "$front" ]; then
	pass "the front end reads exactly the SF_FRONT settings"
else
	fail "the front end reads exactly the SF_FRONT settings" "front.c: $read_by_front
table: $front"
fi

# the manual's Configuration section, to the next section
sed -n '/^## Configuration$/,/^## [^C]/p' "$ROOT/doc/manual.md" >manual-config.md
missing=
for n in $names; do
	grep -q "$n" manual-config.md || missing="$missing manual:$n"
	grep -q "$n" "$ROOT/man/lto-safe-cc.1" || missing="$missing lto-safe-cc.1:$n"
done
for o in $(grep -o '"--lto-safe-[a-z-]*"' "$TABLE" | tr -d '"'); do
	grep -q -- "$o" manual-config.md || missing="$missing manual:$o"
	grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" "$ROOT/man/lto-safe-cc.1" || missing="$missing lto-safe-cc.1:$o"
done
grep -q 'lto-safe config' manual-config.md || missing="$missing manual:config"
grep -q '^\.B config$' "$ROOT/man/lto-safe.1" || missing="$missing lto-safe.1:config"
if [ -z "$missing" ]; then pass "every setting is in the manual and lto-safe-cc(1)"; else fail "every setting is in the manual and lto-safe-cc(1)" "missing:$missing"; fi

# lto-safe config: every name, with its origin
TOOL=$ROOT/build/bin/lto-safe
LTO_SAFE_THREADS=3 LTO_SAFE_KEEP=a "$TOOL" config --lto-safe-exclude=b >config.out 2>config.err
st=$?
listed=$(awk '{ print $1 }' config.out | sort -u)
if [ $st = 0 ] && [ "$listed" = "$names" ] &&
	grep -q '^LTO_SAFE_THREADS  *3  *environment ' config.out &&
	grep -q '^LTO_SAFE_EXCLUDE  *b  *option ' config.out &&
	grep -q '^LTO_SAFE_REPAIR  *1  *default ' config.out && [ ! -s config.err ]; then
	pass "lto-safe config: every setting, value and origin"
else
	fail "lto-safe config: every setting, value and origin" "status $st; $(cat config.out config.err)"
fi
"$TOOL" config --bogus >/dev/null 2>config.err
if [ $? = 2 ] && grep -q 'unknown option --bogus' config.err; then pass "lto-safe config: unknown option"; else fail "lto-safe config: unknown option" "$(cat config.err)"; fi

# bad values: one warning each, the default applies, the link works
printf 'int main(void) { return 0; }\n' > m.c
gcc -O2 -flto -c m.c
gcc -O2 -flto m.o -o plain
for kv in LTO_SAFE_THREADS=abc LTO_SAFE_REPAIR=maybe LTO_SAFE_VERBOSE=2 LTO_SAFE_DISABLE=perhaps; do
	k=${kv%%=*} v=${kv#*=}
	rm -f safe
	env "$kv" "$LTO_SAFE_BIN" gcc -O2 -flto m.o -o safe 2>bad.err
	st=$?
	n=$(grep -c "warning: $k=$v: not a" bad.err)
	if [ $st = 0 ] && [ "$n" = 1 ] && ./safe && grep -q 'accepted\|1, yes, true, on\|a number from 0' bad.err; then
		pass "bad value $kv: one warning, the default, the link works"
	else
		fail "bad value $kv: one warning, the default, the link works" "status $st, $n warnings: $(cat bad.err)"
	fi
done

# no include cycle among the modules of lib/ (tsort reports a loop)
for c in "$ROOT"/lib/*.c "$ROOT"/lib/*/*.c; do
	m=$(basename "$c" .c)
	grep -o '^#include "[a-z_/0-9]*\.h"' "$c" | sed 's/^#include "//; s/\.h"$//; s#.*/##' |
		while read -r h; do
			[ "$h" != "$m" ] || continue
			# a module's header: lib/H.c, lib/arch/H.c or lib/formats/H.c exists
			if [ -f "$ROOT/lib/$h.c" ] || [ -f "$ROOT/lib/arch/$h.c" ] || [ -f "$ROOT/lib/formats/$h.c" ]; then
				echo "$m $h"
			fi
		done
done > deps.txt
if tsort deps.txt >/dev/null 2>tsort.err && [ -s deps.txt ]; then
	pass "no include cycle in lib/ ($(wc -l < deps.txt) module dependencies)"
else
	fail "no include cycle in lib/" "$(cat tsort.err)"
fi
