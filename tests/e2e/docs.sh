#!/bin/sh
# The documentation's relative links: every [text](PATH) and [text](PATH#ANCHOR)
# of README.md, CONTRIBUTING.md and doc/*.md (outside code blocks) names a
# file that exists, and an anchor names a heading of its page (GitHub's
# rule: lower case, punctuation but '-' and '_' dropped, spaces to '-').
# Then the same check on a page with a broken link and a broken anchor, so
# that the check is known to find them.
. "$(dirname "$0")/lib.sh"
mktmp

# the links of FILE, one a line: "TARGET ANCHOR" (either may be empty)
links() {
	awk '
		/^```/ { code = !code; next }
		code { next }
		{
			line = $0
			while (match(line, /\]\([^) ]+\)/)) {
				t = substr(line, RSTART + 2, RLENGTH - 3)
				line = substr(line, RSTART + RLENGTH)
				if (t ~ /^[a-z]+:/) continue
				a = ""
				if (i = index(t, "#")) { a = substr(t, i + 1); t = substr(t, 1, i - 1) }
				print (t == "" ? "." : t) " " a
			}
		}' "$1"
}

# the anchors of markdown FILE's headings, one a line
anchors() {
	awk '
		/^```/ { code = !code; next }
		!code && /^#+ / {
			h = tolower($0)
			sub(/^#+ /, "", h)
			gsub(/[^a-z0-9 _-]/, "", h)
			gsub(/ /, "-", h)
			print h
		}' "$1"
}

# check FILE: the broken links of FILE, one a line; none: nothing
check() {
	_dir=$(dirname "$1")
	links "$1" | while read -r target anchor; do
		if [ "$target" = . ]; then _f=$1; else _f=$_dir/$target; fi
		if [ ! -e "$_f" ]; then
			echo "$1: $target: no such file"
		elif [ -n "$anchor" ] && case $_f in *.md) true ;; *) false ;; esac &&
			! anchors "$_f" | grep -qxF "$anchor"; then
			echo "$1: $target#$anchor: no such heading"
		fi
	done
}

n=0
: >"$T/bad"
for f in "$ROOT/README.md" "$ROOT/CONTRIBUTING.md" "$ROOT"/doc/*.md; do
	if [ -f "$f" ]; then
		n=$((n + $(links "$f" | wc -l)))
		check "$f" >>"$T/bad"
	else
		echo "$f: missing" >>"$T/bad"
	fi
done
if [ ! -s "$T/bad" ] && [ "$n" -gt 10 ]; then
	pass "docs: $n relative links, each to a file and heading that exist"
else
	fail "docs: every relative link to a file and heading that exist ($n links)" "$(sort -u "$T/bad")"
fi

# the check finds a broken file and a broken anchor, and passes a right one
mkdir -p "$T/d"
printf '# Top\n\n## Sub `part`\n\n[a](x.md) [b](#sub-part) [c](#nowhere) [d](https://example.org/x)\n```\n[e](inside-code.md)\n```\n' >"$T/d/p.md"
got=$(check "$T/d/p.md" | sed "s|$T/d/||")
want="p.md: x.md: no such file
p.md: .#nowhere: no such heading"
if [ "$got" = "$want" ]; then
	pass "docs: a missing file and a missing heading are found, code and URLs left alone"
else
	fail "docs: a missing file and a missing heading are found" "got: $got"
fi
