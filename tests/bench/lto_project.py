#!/usr/bin/env python3
"""LTO links of a generated C project, plain against lto-safe-cc.

The project has UNITS units (default 300) built with gcc -O2 -flto: a call
graph across units, data tables, a registration section reached through
__start_/__stop_, and an assembly trampoline in every tenth unit
(`jmp target_N` in top-level asm).  Half the units are linked as objects,
half from a gcc-ar archive.

Two variants are generated from the same template:
  fixed:  every trampoline target is __attribute__((used, externally_visible))
          and every registration entry is used, so the plain LTO link works;
  broken: the same sources without those attributes: the plain link fails,
          the link through lto-safe works.
The figure is the wrapper's overhead: the fixed variant linked plainly
against the same link through lto-safe-cc (which still scans everything,
finds the asm references and registrations, writes a retention object and
adds -u flags), alternately, with ld.bfd and gold.  For the broken variant
the link through lto-safe is timed against the plain link of the fixed one.
LTO links vary by several percent from run to run on a shared machine, so
the wrapper's own work (its dry run: scan, decisions, retention object) is
also timed alone and given as a share of the plain link.
Usage: lto_project.py [PAIRS]   (default 10, or BENCH_PAIRS); BENCH_UNITS=N
The figures also go to tests/bench/results/lto_project.json (benchlib.Results).
"""
import concurrent.futures
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def unit_source(i, n, fixed):
    keep = "__attribute__((used, externally_visible)) " if fixed else ""
    used = "used, " if fixed else ""
    nxt = (i * 7 + 3) % n
    lines = [
        "struct reg { const char *name; int (*fn)(int); };",
        f"extern int f_{nxt}(int);",
        f"static const int table_{i}[64] = {{" + ", ".join(str((i * 31 + k * 17) % 97) for k in range(64)) + "};",
        f"int f_{i}(int x)",
        "{",
        "\tint s = x;",
        "\tfor (int k = 0; k < 64; k++)",
        f"\t\ts += table_{i}[(x + k) & 63] * (k ^ {i % 13});",
        f"\treturn x > 0 ? s + f_{nxt}(x - 1) : s;",
        "}",
        f"static int helper_{i}(int x) {{ return x * {i + 1} + f_{i}(x & 3); }}",
        f"int g_{i}(int x) {{ return helper_{i}(x) ^ helper_{i}(x + 1); }}",
    ]
    if i % 10 == 0:
        lines += [
            f"{keep}int target_{i}(int x) {{ return x * {i + 3} + 1; }}",
            f'__asm__(".text\\n.globl tramp_{i}\\n.type tramp_{i}, @function\\n'
            f'tramp_{i}:\\n\\tjmp target_{i}\\n");',
        ]
    if i % 5 == 0:
        lines += [
            f"static int reg_fn_{i}(int x) {{ return x + {i}; }}",
            f'__attribute__(({used}section("bench_regs"))) const struct reg reg_{i} = {{ "r{i}", reg_fn_{i} }};',
        ]
    return "\n".join(lines) + "\n"


def main_source(n):
    lines = ["#include <stdio.h>",
             "struct reg { const char *name; int (*fn)(int); };",
             "extern const struct reg __start_bench_regs[], __stop_bench_regs[];"]
    lines += [f"extern int g_{i}(int);" for i in range(n)]
    lines += [f"extern int tramp_{i}(int);" for i in range(0, n, 10)]
    lines += ["int main(int argc, char **argv)", "{", "\t(void)argv;", "\tlong s = 0;"]
    lines += [f"\ts += g_{i}(argc);" for i in range(n)]
    lines += [f"\ts += tramp_{i}(argc);" for i in range(0, n, 10)]
    lines += ["\tfor (const struct reg *r = __start_bench_regs; r < __stop_bench_regs; r++)",
              "\t\ts += r->fn(argc);",
              '\tprintf("%ld %d\\n", s, (int)(__stop_bench_regs - __start_bench_regs));',
              "\treturn 0;", "}"]
    return "\n".join(lines) + "\n"


def build(d, n, fixed):
    """Write and compile a variant; return the link inputs."""
    os.makedirs(d)
    srcs = []
    for i in range(n):
        p = os.path.join(d, f"u{i}.c")
        with open(p, "w") as f:
            f.write(unit_source(i, n, fixed))
        srcs.append(p)
    m = os.path.join(d, "main.c")
    with open(m, "w") as f:
        f.write(main_source(n))
    srcs.append(m)

    def cc(p):
        subprocess.run(["gcc", "-O2", "-flto", "-c", p, "-o", p[:-2] + ".o"], check=True)

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        list(ex.map(cc, srcs))
    objs = [p[:-2] + ".o" for p in srcs]
    half = n // 2
    lib = os.path.join(d, "libpart.a")
    subprocess.run(["gcc-ar", "rcs", lib] + objs[half:n], check=True)
    return [objs[n]] + objs[:half] + [lib]


def main():
    given = int(sys.argv[1]) if len(sys.argv) > 1 else None
    n = int(os.environ.get("BENCH_UNITS", "300"))
    pairs = given or benchlib.pairs_from_env(10)
    with benchlib.Results("lto_project") as res:
        if not benchlib.which("gcc-ar"):
            res.skip("lto project", "gcc-ar is not installed")
            return
        with tempfile.TemporaryDirectory() as d:
            measure(res, d, n, pairs)


def measure(res, d, n, pairs):
    os.environ["LTO_SAFE_CACHE_DIR"] = os.path.join(d, "cache")  # not the user's
    fixed = build(os.path.join(d, "fixed"), n, True)
    broken = build(os.path.join(d, "broken"), n, False)
    print(f"lto project: {n} units + main, gcc -O2 -flto, {n - n // 2} of them in a gcc-ar archive")
    res.setup("units", n)
    res.setup("units in a gcc-ar archive", n - n // 2)
    for ld, tool in (("bfd", "ld.bfd"), ("gold", "ld.gold")):
        if not benchlib.which(tool):
            res.skip(f"lto project with {ld}", f"{tool} is not installed")
            continue
        a_out, b_out, c_out = (os.path.join(d, f"{k}-{ld}") for k in ("plain", "safe", "fixed"))
        base = ["gcc", "-O2", "-flto", f"-fuse-ld={ld}"]
        plain = base + fixed + ["-o", a_out]
        wrapped = [benchlib.WRAPPER] + base + fixed + ["-o", b_out]
        link = res.add(benchlib.compare(f"lto project with {ld}: gcc -flto vs lto-safe-cc gcc -flto "
                                        "(fixed sources)", plain, wrapped, pairs))
        outs = [subprocess.run([p, "x"], capture_output=True, text=True).stdout.strip()
                for p in (a_out, b_out)]
        res.note("the plain program prints", outs[0])
        res.note("the program through lto-safe prints the same", outs[0] == outs[1])
        r = subprocess.run(base + broken + ["-o", os.path.join(d, "fail")], capture_output=True)
        res.add(benchlib.compare(f"lto project with {ld}: plain link of the fixed sources vs lto-safe-cc "
                                 "on the broken sources", plain,
                                 [benchlib.WRAPPER] + base + broken + ["-o", c_out], max(1, pairs // 2)))
        res.note("the plain link of the broken sources fails", r.returncode != 0)
        out = subprocess.run([c_out, "x"], capture_output=True, text=True).stdout.strip()
        res.note("the repaired program prints the same", out == outs[0])
        # the wrapper's own work, without the LTO link's noise
        own = res.add(benchlib.rotate(f"lto project with {ld}: lto-safe's own work (--lto-safe-dry-run)",
                                      {"dry run": wrapped + ["--lto-safe-dry-run"]}, 4 * pairs))
        res.note("share of the plain link's median", 100 * own["rows"][0]["ms"] / link["plain_ms"], "%")


if __name__ == "__main__":
    main()
