#!/usr/bin/env python3
"""Links that are small or many: what every build does besides its big links.

1. One small object linked with -lm -lpthread: gcc, clang, and ld (the
   command line gcc gives ld, run by ld directly) plain against the same
   through lto-safe-cc / lto-safe-ld, alternately; then the same with an
   empty lto-safe cache (LTO_SAFE_CACHE_DIR a new directory each time: the
   driver's answers asked again).
2. Configure: ./configure of a real autotools package (xz-utils) and cmake's
   configure of a real CMake project (json-c), from their Debian 12 sources
   (tests/realworld/run.sh --unpack: root and the Debian mirror), plain
   against CC=lto-safe-cc (and CXX=lto-safe-c++), alternately: hundreds of
   conftest compiles and links.
Figures only.  Usage: small_links.py [PAIRS]   (default 30 for the links, 3
for the configures; or BENCH_PAIRS); BENCH_WORK (default build/bench-small)
The figures also go to tests/bench/results/small_links.json (benchlib.Results).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = benchlib.ROOT
BIN = os.path.join(ROOT, "build", "bin")
WORK = os.path.abspath(os.environ.get("BENCH_WORK", os.path.join(ROOT, "build", "bench-small")))
SRC = "#include <math.h>\n#include <stdio.h>\nint main(int c, char **v) { (void)v; printf(\"%f\\n\", sin(c)); return 0; }\n"


def ld_line(obj, out):
    """the ld command gcc runs for this link (gcc -###), without the plugin options"""
    r = subprocess.run(["gcc", obj, "-o", out, "-lm", "-lpthread", "-###"], capture_output=True, text=True)
    line = [ln for ln in r.stderr.splitlines() if "collect2" in ln][-1]
    words = [w.strip('"') for w in line.split()][1:]
    # "-plugin PATH" and every "-plugin-opt=..." (PATH left alone would be an input)
    keep = [w for i, w in enumerate(words)
            if not w.startswith("-plugin") and not (i and words[i - 1] == "-plugin")]
    return ["ld"] + keep


def links(res, pairs):
    with tempfile.TemporaryDirectory() as d:
        os.environ["LTO_SAFE_CACHE_DIR"] = os.path.join(d, "cache")
        c = os.path.join(d, "e.c")
        with open(c, "w") as f:
            f.write(SRC)
        cases = []
        for cc in ("gcc", "clang"):
            if not benchlib.which(cc):
                res.skip(f"small link with {cc}", f"{cc} is not installed")
                continue
            o = os.path.join(d, f"e-{cc}.o")
            subprocess.run([cc, "-O2", "-c", c, "-o", o], check=True)
            cases.append((f"{cc} e.o -o e -lm -lpthread",
                          [cc, o, "-o", os.path.join(d, "a"), "-lm", "-lpthread"],
                          [os.path.join(BIN, "lto-safe-cc"), cc, o, "-o", os.path.join(d, "b"), "-lm", "-lpthread"]))
        if cases and benchlib.which("gcc"):
            o = os.path.join(d, "e-gcc.o")
            # each side its own output, as for the drivers: ld replacing the
            # file the other side has just written costs it a flush
            cases.append(("ld (gcc's line for it)", ld_line(o, os.path.join(d, "a")),
                          [os.path.join(BIN, "lto-safe-ld")] + ld_line(o, os.path.join(d, "b"))[1:]))
        for title, plain, wrapped in cases:
            benchlib.run(wrapped)  # fills the cache
            res.add(benchlib.compare(f"small link: {title} (warm cache)", plain, wrapped, pairs))
            fresh = {"n": 0}

            def before(side, fresh=fresh):
                if side == "b":
                    fresh["n"] += 1
                    os.environ["LTO_SAFE_CACHE_DIR"] = os.path.join(d, f"cold{fresh['n']}")
            res.add(benchlib.compare(f"small link: {title} (empty cache)", plain, wrapped, pairs, before=before))
            os.environ["LTO_SAFE_CACHE_DIR"] = os.path.join(d, "cache")


def source(pkg):
    d = os.path.join(WORK, "src", pkg)
    if not os.path.isdir(d):
        subprocess.run(["bash", os.path.join(ROOT, "tests/realworld/run.sh"), "--unpack", pkg, d], check=True)
    return d


def configures(res, pairs):
    os.makedirs(WORK, exist_ok=True)
    safe_cc, safe_cxx = os.path.join(BIN, "lto-safe-cc"), os.path.join(BIN, "lto-safe-c++")
    try:
        xz = source("xz-utils")
    except subprocess.CalledProcessError:
        res.skip("configure of xz-utils", "cannot fetch its source")
    else:
        tree = {}
        for side in ("a", "b"):
            tree[side] = os.path.join(WORK, f"xz-{side}")
            shutil.rmtree(tree[side], ignore_errors=True)
            shutil.copytree(xz, tree[side], symlinks=True)
        res.add(benchlib.compare("configure: xz-utils ./configure, CC=gcc vs CC=lto-safe-cc",
                                 ["sh", "-c", f"cd {tree['a']} && CC=gcc ./configure -q"],
                                 ["sh", "-c", f"cd {tree['b']} && CC={safe_cc} ./configure -q"], pairs))
    if not benchlib.which("cmake"):
        res.skip("cmake configure", "cmake is not installed")
        return
    try:
        jc = source("json-c")
    except subprocess.CalledProcessError:
        res.skip("cmake configure of json-c", "cannot fetch its source")
        return
    bdir = {s: os.path.join(WORK, f"json-c-build-{s}") for s in ("a", "b")}

    def before(side):
        shutil.rmtree(bdir[side], ignore_errors=True)
        os.makedirs(bdir[side])
    res.add(benchlib.compare("configure: json-c cmake, CC=gcc vs CC=lto-safe-cc",
                             ["sh", "-c", f"cd {bdir['a']} && CC=gcc CXX=g++ cmake -S {jc} -B . >/dev/null"],
                             ["sh", "-c", f"cd {bdir['b']} && CC={safe_cc} CXX={safe_cxx} cmake -S {jc} -B . "
                              ">/dev/null"], pairs, before=before))


def main():
    given = int(sys.argv[1]) if len(sys.argv) > 1 else None
    with benchlib.Results("small_links") as res:
        links(res, given or benchlib.pairs_from_env(30))
        configures(res, given or benchlib.pairs_from_env(3))


if __name__ == "__main__":
    main()
