#!/usr/bin/env python3
"""Cost of a compile step through lto-safe-cc, against the plain compiler.

Runs `gcc -O2 -c small.c` and `lto-safe-cc gcc -O2 -c small.c` alternately
(A, B, A, B ...) and prints the median, min and max of the per-pair
differences and ratios, so that both see the same machine load.
Usage: passthrough.py [PAIRS]   (default 200)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRAPPER = os.path.join(ROOT, "build", "bin", "lto-safe-cc")


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def main():
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "small.c")
        with open(src, "w") as f:
            f.write("int twice(int x) { return 2 * x; }\n")
        plain = ["gcc", "-O2", "-c", src, "-o", os.path.join(d, "a.o")]
        wrapped = [WRAPPER] + plain[:-1] + [os.path.join(d, "b.o")]
        a, b = [], []
        for _ in range(pairs):
            a.append(timed(plain))
            b.append(timed(wrapped))
    diff = [(y - x) * 1e3 for x, y in zip(a, b)]
    ratio = [y / x for x, y in zip(a, b)]
    print(f"compile pass-through, {pairs} pairs: plain median {statistics.median(a)*1e3:.2f} ms, "
          f"lto-safe-cc median {statistics.median(b)*1e3:.2f} ms")
    print(f"  added time: median {statistics.median(diff):.3f} ms (min {min(diff):.3f}, max {max(diff):.3f})")
    print(f"  ratio:      median {statistics.median(ratio):.4f} (min {min(ratio):.4f}, max {max(ratio):.4f})")


if __name__ == "__main__":
    main()
