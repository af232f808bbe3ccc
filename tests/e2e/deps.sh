#!/bin/sh
# End-to-end: scripts/deps.sh (make deps, make check, .ci/run) against
# stand-ins for apt-get, dpkg-query and id, so that it runs anywhere and
# changes nothing: it installs what is missing, never removes an installed
# package to do so (gcc-aarch64-linux-gnu and gcc-multilib conflict, and a
# package build may need the one the tests do not), leaves out an optional
# package that would remove something with a message naming what, and fails
# only for a required one.
#   dp1 nothing missing: no apt-get at all
#   dp2 optional packages missing: one apt-get install, with --no-remove
#   dp3 an optional package that would remove an installed one: left out,
#       named, the others installed, status 0
#   dp4 a required package that cannot be installed: status 1, said
. "$(dirname "$0")/lib.sh"
mktmp
mkdir "$T/bin"
cat > "$T/bin/dpkg-query" <<'STUB'
#!/bin/sh
# installed unless named in MISSING
for p in $MISSING; do [ "$p" = "$3" ] && exit 1; done
echo "install ok installed"
STUB
cat > "$T/bin/id" <<'STUB'
#!/bin/sh
echo 0
STUB
cat > "$T/bin/apt-get" <<'STUB'
#!/bin/sh
# CONFLICT: packages that would remove "victim"; BROKEN: packages that fail
echo "$*" >> "$APTLOG"
sim=0 noremove=0 pkgs=""
for a; do
	case $a in
	-s) sim=1 ;;
	--no-remove) noremove=1 ;;
	-*|install|update) ;;
	*) pkgs="$pkgs $a" ;;
	esac
done
for p in $pkgs; do
	for c in $CONFLICT; do
		[ "$p" = "$c" ] || continue
		if [ $sim = 1 ]; then echo "Remv victim [1.0]"; exit 0; fi
		if [ $noremove = 1 ]; then echo "E: Packages need to be removed but remove is disabled." >&2; exit 100; fi
		echo "removed victim" >> "$APTLOG"
	done
	for b in $BROKEN; do [ "$p" = "$b" ] && exit 100; done
done
[ $sim = 1 ] || [ -z "$pkgs" ] || echo "installed$pkgs" >> "$APTLOG"
exit 0
STUB
chmod +x "$T/bin/"*
export APTLOG="$T/apt.log"

# deps MISSING CONFLICT BROKEN: scripts/deps.sh with "opt-a opt-b cross" as
# the optional packages; its stderr in dp.err, status in DP_ST
deps() {
	: > "$APTLOG"
	MISSING=$1 CONFLICT=$2 BROKEN=$3 LTO_SAFE_DEPS_OPTIONAL="opt-a opt-b cross" \
		PATH="$T/bin:$PATH" sh "$ROOT/scripts/deps.sh" 2> "$T/dp.err"
	DP_ST=$?
}

deps "" "" ""
if [ $DP_ST = 0 ] && [ ! -s "$APTLOG" ]; then pass "dp1 nothing missing: no apt-get"; else fail "dp1 nothing missing: no apt-get" "status $DP_ST: $(cat "$APTLOG" "$T/dp.err")"; fi

deps "opt-a opt-b" "" ""
if [ $DP_ST = 0 ] && grep -q -- '--no-remove opt-a opt-b$' "$APTLOG" && grep -q '^installed opt-a opt-b$' "$APTLOG"; then
	pass "dp2 the missing ones in one apt-get install --no-remove"
else
	fail "dp2 the missing ones in one apt-get install --no-remove" "status $DP_ST: $(cat "$APTLOG" "$T/dp.err")"
fi

deps "opt-a cross" "cross" ""
if [ $DP_ST = 0 ] && grep -q '^deps: cross not installed: it would remove victim$' "$T/dp.err" &&
	grep -q '^installed opt-a$' "$APTLOG" && ! grep -q 'removed victim' "$APTLOG"; then
	pass "dp3 a package that would remove another is left out and named"
else
	fail "dp3 a package that would remove another is left out and named" "status $DP_ST: $(cat "$APTLOG" "$T/dp.err")"
fi
if grep '^install ' "$APTLOG" | grep -v -q -- '--no-remove'; then
	fail "dp3 every apt-get install has --no-remove" "$(cat "$APTLOG")"
else
	pass "dp3 every apt-get install has --no-remove"
fi

deps "libelf-dev opt-b" "" "libelf-dev"
if [ $DP_ST = 1 ] && grep -q '^deps: libelf-dev not installed: apt-get install libelf-dev failed$' "$T/dp.err" &&
	grep -q 'libelf-dev is required' "$T/dp.err" && grep -q '^installed opt-b$' "$APTLOG"; then
	pass "dp4 a required package that fails: status 1, said"
else
	fail "dp4 a required package that fails: status 1, said" "status $DP_ST: $(cat "$APTLOG" "$T/dp.err")"
fi
