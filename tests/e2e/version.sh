#!/bin/sh
# End-to-end: the one version number (the file VERSION) is what lto-safe
# --version, lto-safe-cc --lto-safe-version (also through a masquerade
# link, with no real tool on PATH), the JSON report of a link and the .TH
# lines of the built man pages say; lto-safe --help prints the usage with
# status 0.
. "$(dirname "$0")/lib.sh"
BIN=$(dirname "$LTO_SAFE_BIN")
V=$(cat "$ROOT/VERSION")
mktmp
cd "$T" || exit 1

# check NAME WANT CMD...: PASS when CMD exits 0, prints WANT alone on
# stdout and nothing on stderr
check() {
	_name=$1 _want=$2
	shift 2
	"$@" >out 2>err
	_st=$?
	if [ "$_st" = 0 ] && [ "$(cat out)" = "$_want" ] && [ ! -s err ]; then
		pass "$_name"
	else
		fail "$_name" "status $_st, stdout: $(cat out), stderr: $(cat err)"
	fi
}

case $V in
[0-9]*.[0-9]*) pass "VERSION holds a version number ($V)" ;;
*) fail "VERSION holds a version number" "$V" ;;
esac
check "lto-safe --version" "lto-safe $V" "$BIN/lto-safe" --version
check "lto-safe version" "lto-safe $V" "$BIN/lto-safe" version
"$BIN/lto-safe" --help >out 2>err
st=$?
if [ "$st" = 0 ] && grep -q "^usage: lto-safe scan" out && grep -q -- "lto-safe --help | --version" out && [ ! -s err ]; then
	pass "lto-safe --help: the usage on stdout, status 0"
else
	fail "lto-safe --help" "status $st, stdout: $(cat out), stderr: $(cat err)"
fi

# no real tool is looked for: an empty PATH does not matter
mkdir m
ln -s "$BIN/lto-safe-cc" m/gcc
for n in lto-safe-cc lto-safe-c++ lto-safe-ld; do
	check "$n --lto-safe-version" "$n (lto-safe) $V" env PATH=/nonexistent "$BIN/$n" --lto-safe-version
done
check "gcc --lto-safe-version through a masquerade link" "gcc (lto-safe) $V" env PATH="$T/m" gcc --lto-safe-version
# anywhere but alone it is a wrapper option the link helper refuses, as before
if PATH="$T/m:$PATH" gcc --lto-safe-version -v >out 2>err; then
	fail "--lto-safe-version with other arguments" "status 0"
else
	pass "--lto-safe-version only alone"
fi

# the man pages as built (and installed) carry the version in .TH
for f in "$ROOT/man/"*.1; do
	b=$(basename "$f")
	got=$(head -1 "$ROOT/${LTO_SAFE_BUILD:-build}/man/$b" 2>/dev/null)
	case $got in
	.TH*" \"lto-safe $V\" "*) pass "$b: .TH carries $V" ;;
	*) fail "$b: .TH carries $V" "$got" ;;
	esac
done

# the JSON report of a link
if need gcc; then
	gcc -O2 -flto -c "$E2E_SRC/impl.c" "$E2E_SRC/tramp_toplevel.c"
	if LTO_SAFE_REPORT=r.json "$BIN/lto-safe-cc" gcc -O2 -flto impl.o tramp_toplevel.o -o app 2>err &&
		grep -q "^{\"version\":1,\"lto_safe_version\":\"$V\",\"own_ms\":[0-9.]*,\"output\":\"app\"," r.json &&
		"$BIN/lto-safe" explain --json r.json | grep -q "\"lto_safe_version\":\"$V\""; then
		pass "the JSON report names lto-safe $V"
	else
		fail "the JSON report names lto-safe $V" "$(cat err r.json)"
	fi
fi
