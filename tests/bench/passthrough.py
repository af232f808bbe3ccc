#!/usr/bin/env python3
"""Cost of a compile step through lto-safe-cc, against the plain compiler.

Runs `gcc -O2 -c small.c` and `lto-safe-cc gcc -O2 -c small.c` alternately
(A, B, A, B ...) and prints the median, min and max of the per-pair
differences and ratios, so that both see the same machine load, and the
peak RSS of each side.  Then the same three ways in rotation with a
static program that only execs gcc (built with musl-gcc when installed, as
the front end is): the floor that any wrapper pays on this machine, so that
lto-safe's own share of the cost shows.
Usage: passthrough.py [PAIRS]   (default 200, or BENCH_PAIRS)
The figures also go to tests/bench/results/passthrough.json (benchlib.Results).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else benchlib.pairs_from_env(200)
    with tempfile.TemporaryDirectory() as d, benchlib.Results("passthrough") as res:
        src = os.path.join(d, "small.c")
        with open(src, "w") as f:
            f.write("int twice(int x) { return 2 * x; }\n")
        plain = ["gcc", "-O2", "-c", src, "-o", os.path.join(d, "a.o")]
        wrapped = [benchlib.WRAPPER] + plain[:-1] + [os.path.join(d, "b.o")]
        res.add(benchlib.compare("compile pass-through: gcc -O2 -c small.c vs lto-safe-cc gcc -O2 -c small.c",
                                 plain, wrapped, pairs))
        tramp = os.path.join(d, "exec-only")
        with open(tramp + ".c", "w") as f:
            f.write("#include <unistd.h>\n"
                    "int main(int argc, char **argv) { (void)argc; execvp(argv[1], argv + 1); return 127; }\n")
        cc = "musl-gcc" if shutil.which("musl-gcc") else "gcc"
        subprocess.run([cc, "-O2", "-static", "-o", tramp, tramp + ".c"], check=True)
        rot = res.add(benchlib.rotate("the same with the exec floor (a static program that only execs gcc)",
                                      {"gcc": plain, "exec-only " + cc: [tramp] + plain,
                                       "lto-safe-cc": wrapped}, pairs))
        gcc, floor, safe = (r["ms"] for r in rot["rows"])
        res.note("exec floor (medians)", floor - gcc, "ms")
        res.note("lto-safe-cc above the floor (medians)", safe - floor, "ms")


if __name__ == "__main__":
    main()
