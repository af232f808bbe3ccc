#!/usr/bin/env python3
"""Cost of a compile step through lto-safe-cc, against the plain compiler.

Runs `gcc -O2 -c small.c` and `lto-safe-cc gcc -O2 -c small.c` alternately
(A, B, A, B ...) and prints the median, min and max of the per-pair
differences and ratios, so that both see the same machine load, and the
peak RSS of each side.
Usage: passthrough.py [PAIRS]   (default 200, or BENCH_PAIRS)
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else benchlib.pairs_from_env(200)
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "small.c")
        with open(src, "w") as f:
            f.write("int twice(int x) { return 2 * x; }\n")
        plain = ["gcc", "-O2", "-c", src, "-o", os.path.join(d, "a.o")]
        wrapped = [benchlib.WRAPPER] + plain[:-1] + [os.path.join(d, "b.o")]
        benchlib.compare("compile pass-through: gcc -O2 -c small.c vs lto-safe-cc gcc -O2 -c small.c",
                         plain, wrapped, pairs)


if __name__ == "__main__":
    main()
