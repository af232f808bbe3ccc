#!/usr/bin/env python3
"""Output quality: real programs linked with plain GCC LTO and through lto-safe.

Each program is built from its Debian 12 source (fetched, its build
dependencies installed and unpacked by tests/realworld/run.sh --unpack) with
gcc -O2 -flto=auto, once with fat LTO objects (-ffat-lto-objects, as Debian
builds) and once with slim ones.  The plain build's outputs are kept; then
the outputs are removed and made again from the same objects with lto-safe's
masquerade directory first on PATH (only the links run again).  For each
output the table gives, plain LTO against lto-safe: text and data (size),
dynamic relocations (.rela.dyn entries), the symbols kept by reason (from the
link's report), whether the two files are byte-identical, and the run time
of a workload (CPU time, user + system, alternating pairs: median of the
ratios, with min and max).  Every link here works with plain LTO, so the goal
is: text within 0.05 %, no extra dynamic relocations, run time within noise,
and byte-identical output where nothing needs keeping.

Usage: output_quality.py [PROGRAM...]   (default: all; names as in PROGRAMS)
BENCH_PAIRS   workload pairs (default 5)
BENCH_WORK    work directory (default build/bench-output)
BENCH_LTO_SAFE  lto-safe prefixes to compare, "label=PREFIX ..." (default: this
              tree, installed into BENCH_WORK/prefix); a prefix is what
              "make install PREFIX=..." made, e.g. of an older commit
The rows also go to tests/bench/results/output_quality.json (benchlib.Results;
a run with PROGRAMs or BENCH_LTO_SAFE replaces them too: BENCH_RESULTS=DIR
keeps such a run's results apart from the page's).
"""
import json
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ROOT = benchlib.ROOT
WORK = os.path.abspath(os.environ.get("BENCH_WORK", os.path.join(ROOT, "build", "bench-output")))
PATH = "/usr/sbin:/usr/bin:/sbin:/bin"

# name: Debian source, how to build (run in the tree, with CC, CFLAGS,
# LDFLAGS set), outputs, and a workload per output (None: a library, no run)
PROGRAMS = {
    "lua": {
        "source": "lua5.4",
        # Debian's patched Makefile builds through libtool: the units by hand
        "build": ["printf '#define DEB_HOST_MULTIARCH \"x86_64-linux-gnu\"\\n' > src/lua5.4-deb-multiarch.h",
                  "cd src && ls *.c | grep -v '^luac\\.c$' | "
                  "xargs -P2 -I{} sh -c '$CC $CFLAGS -DLUA_USE_LINUX -DLUA_COMPAT_5_3 -c {}'",
                  "cd src && $CC $LDFLAGS -o lua *.o -Wl,-E -lm -ldl"],
        "outputs": {"src/lua": ["{out}", "-e",
                                "local t = {} for i = 1, 300000 do t[i] = tostring(i * 7 % 1000) end "
                                "table.sort(t) local s = 0 for i = 1, 2000000 do s = s + (i % 13) end print(s)"]},
    },
    "xz": {
        "source": "xz-utils",
        "build": ["./configure -q --disable-shared --disable-doc --disable-nls",
                  "make -j2 -C src/liblzma", "make -j2 -C src/xz"],
        "outputs": {"src/xz/xz": ["sh", "-c", "{out} -6 -T1 -c {data} | {out} -d -c > /dev/null"]},
    },
    "sqlite3": {
        "source": "sqlite3",
        "build": ["./configure -q --disable-shared --disable-tcl --disable-readline",
                  "make -j2 sqlite3"],
        "outputs": {"sqlite3": ["sh", "-c",
                                "{out} :memory: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                                "LIMIT 400000) SELECT count(*), sum(length(printf(\"%x\", x * 7))) FROM c "
                                "ORDER BY 1;' > /dev/null"]},
    },
    "elfutils": {
        "source": "elfutils",
        "build": ["./configure -q --disable-debuginfod --disable-libdebuginfod --program-prefix=eu- "
                  "CFLAGS=\"$CFLAGS -Wno-error\"",
                  # the order of the top Makefile's SUBDIRS
                  "make -j2 -C config", "make -j2 -C lib", "make -j2 -C libelf", "make -j2 -C libcpu",
                  "make -j2 -C backends", "make -j2 -C libebl", "make -j2 -C libdwelf", "make -j2 -C libdwfl",
                  "make -j2 -C libdw", "make -j2 -C libasm", "make -j2 -C src readelf nm strip"],
        "relink": ["make -j2 -C libdw", "make -j2 -C src readelf nm strip"],
        "outputs": {"src/readelf": ["sh", "-c", "{out} -a -w {data} > /dev/null"],
                    "src/nm": ["sh", "-c", "{out} -a {data} > /dev/null"],
                    "src/strip": ["sh", "-c", "{out} -o {data}.stripped {data}"],
                    "libdw/libdw.so": None},
    },
}


def sh(cmd, cwd, env, log):
    with open(log, "a") as f:
        f.write(f"$ {cmd}\n")
        f.flush()
        r = subprocess.run(["sh", "-c", cmd], cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    if r.returncode:
        raise RuntimeError(f"'{cmd}' failed in {cwd}: see {log}")


def masq_dir(label, prefix):
    """the directory to put first on PATH: the prefix's masquerade directory,
    or, for an lto-safe older than it, scripts named gcc and cc that run
    lto-safe-cc /usr/bin/gcc"""
    d = os.path.join(prefix, "lib/lto-safe/bin")
    if os.path.isdir(d):
        return d
    d = os.path.join(WORK, f"shims-{label}")
    os.makedirs(d, exist_ok=True)
    for n in ("gcc", "cc", "x86_64-linux-gnu-gcc"):
        with open(os.path.join(d, n), "w") as f:
            # no LTO_SAFE_REPORT_DIR then either: a report of its own per link
            f.write(f"#!/bin/sh\nLTO_SAFE_REPORT=$LTO_SAFE_REPORT_DIR/$$.json exec {prefix}/bin/lto-safe-cc "
                    f"/usr/bin/gcc \"$@\"\n")
        os.chmod(os.path.join(d, n), 0o755)
    return d


def prefixes():
    spec = os.environ.get("BENCH_LTO_SAFE")
    if spec:
        return [(lab, masq_dir(lab, p)) for lab, p in (x.split("=", 1) for x in spec.split())]
    p = os.path.join(WORK, "prefix")
    subprocess.run(["make", "-s", "-C", ROOT, "install", f"PREFIX={p}"], check=True,
                   stdout=subprocess.DEVNULL)
    return [("lto-safe", masq_dir("lto-safe", p))]


def size(path):
    out = subprocess.run(["size", path], capture_output=True, text=True, check=True).stdout.splitlines()[1]
    text, data, bss = (int(x) for x in out.split()[:3])
    return text, data


def dynrelocs(path):
    out = subprocess.run(["readelf", "-rW", path], capture_output=True, text=True).stdout
    m = re.search(r"Relocation section '\.rela\.dyn' at offset \S+ contains (\d+) entr", out)
    return int(m.group(1)) if m else 0


def kept(reports, out):
    """the symbols kept by reason in the last report of the link that made
    out, and how many it lists as seen, not kept (None: no report)"""
    base = os.path.basename(out)
    best = None
    for f in glob.glob(os.path.join(reports, "*.json")):
        try:
            with open(f, "rb") as fh:
                rep = json.loads(fh.read().decode("utf-8", "replace"))
        except ValueError:
            continue
        if rep.get("output") and os.path.basename(rep["output"]) in (base, base + ".so") \
                and (best is None or os.path.getmtime(f) > best[0]):
            best = (os.path.getmtime(f), rep)
    if not best:
        return None
    by = {}
    for e in best[1].get("kept", []):
        by[e["reason"]] = by.get(e["reason"], 0) + 1
    return {"by_reason": dict(sorted(by.items())), "seen": len(best[1].get("seen", []))}


def workload_time(cmd_a, cmd_b, pairs):
    """the ratios of the workload's CPU time, lto-safe's output against plain's"""
    ca, cb = [], []
    for _ in range(pairs):
        benchlib.run(cmd_a, cpu=ca)
        benchlib.run(cmd_b, cpu=cb)
    r = [b / a for a, b in zip(ca, cb)]
    return {"pairs": pairs, "ratio": statistics.median(r), "ratio_min": min(r), "ratio_max": max(r)}


HEAD = ["output", "lto-safe", "text plain / lto-safe", "data plain / lto-safe", "dyn relocs plain / lto-safe",
        "kept by reason", "identical", "run time ratio (min-max)"]


def table(rows, labels=True):
    """the Markdown table of the rows (the one printed, and doc/performance.md's);
    labels: with the column naming each row's lto-safe (BENCH_LTO_SAFE)"""
    cols = [i for i in range(len(HEAD)) if labels or HEAD[i] != "lto-safe"]
    return benchlib.markdown_table([HEAD[i] for i in cols], [[c[i] for i in cols] for c in map(cells, rows)])


def cells(row):
    if "error" in row:
        return [row["output"], "-", f"not built: {row['error']}", "", "", "", "", ""]
    (ta, tb), (da, db), (ra, rb) = row["text"], row["data"], row["dynrelocs"]
    k = row["kept"]
    run = row["run"]
    return [row["output"], row["lto_safe"],
            f"{ta} / {tb} ({(tb - ta) / ta * 100:+.3f} %)",
            f"{da} / {db} ({db - da:+d})",
            f"{ra} / {rb}",
            "no report (plain command)" if k is None else
            (", ".join(f"{n} {r}" for r, n in k["by_reason"].items()) or "0") + f" (seen, not kept: {k['seen']})",
            "yes" if row["identical"] else "no",
            "-" if run is None else run["error"] if "error" in run else
            f"{run['ratio']:.4f} ({run['ratio_min']:.3f}-{run['ratio_max']:.3f})"]


def real_path(tree, out):
    """the file a build output names (a .so is a symlink to the versioned file)"""
    return os.path.realpath(os.path.join(tree, out))


def bench(name, prog, mode, pres, pairs, data):
    flags = "-O2 -g -flto=auto" + (" -ffat-lto-objects" if mode == "fat" else "")
    src = os.path.join(WORK, "src", prog["source"])
    tree = os.path.join(WORK, f"{name}-{mode}")
    log = tree + ".log"
    if not os.path.isdir(src):
        subprocess.run(["bash", os.path.join(ROOT, "tests/realworld/run.sh"), "--unpack", prog["source"], src],
                       check=True)
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(src, tree, symlinks=True)
    open(log, "w").close()
    env = dict(os.environ, PATH=PATH, CC="gcc", CFLAGS=flags, LDFLAGS=flags, AR="gcc-ar", RANLIB="gcc-ranlib",
               NM="gcc-nm")
    for c in prog["build"]:
        sh(c, tree, env, log)
    plain = {}
    for out in prog["outputs"]:
        p = os.path.join(WORK, "out", f"{name}-{mode}-plain-{os.path.basename(out)}")
        shutil.copy2(real_path(tree, out), p)
        plain[out] = p
    rows = []
    for label, pre in pres:
        reports = os.path.join(WORK, f"reports-{name}-{mode}-{label}")
        shutil.rmtree(reports, ignore_errors=True)
        os.makedirs(reports)
        for out in prog["outputs"]:
            os.unlink(real_path(tree, out))
        e = dict(env, PATH=pre + ":" + PATH, LTO_SAFE_REPORT_DIR=reports)
        for c in prog.get("relink", prog["build"][-1:]):
            sh(c, tree, e, log)
        for out, work in prog["outputs"].items():
            a, b = plain[out], real_path(tree, out)
            (ta, da), (tb, db) = size(a), size(b)
            run = None
            if work:
                cmd = lambda f: [x.replace("{out}", f).replace("{data}", data) for x in work]  # noqa: E731
                try:
                    run = workload_time(cmd(a), cmd(b), pairs)
                except RuntimeError as err:
                    run = {"error": f"workload failed: {err}"}
            rows.append({"kind": "quality", "output": f"{name} {os.path.basename(out)} ({mode})",
                         "lto_safe": label, "text": [ta, tb], "data": [da, db],
                         "dynrelocs": [dynrelocs(a), dynrelocs(b)], "kept": kept(reports, out),
                         "identical": subprocess.run(["cmp", "-s", a, b]).returncode == 0, "run": run})
    return rows


def main():
    names = sys.argv[1:] or list(PROGRAMS)
    pairs = benchlib.pairs_from_env(5)
    with benchlib.Results("output_quality") as res:
        os.makedirs(os.path.join(WORK, "out"), exist_ok=True)
        pres = prefixes()
        # the workloads' input: a large ELF file with debug information
        data = os.path.join(WORK, "data.elf")
        if not os.path.exists(data):
            shutil.copy(os.path.join(ROOT, "build", "bin", "lto-safe"), data)
        for n in names:
            for mode in ("fat", "slim"):
                try:
                    for row in bench(n, PROGRAMS[n], mode, pres, pairs, data):
                        res.add(row)
                except (RuntimeError, subprocess.CalledProcessError) as e:
                    res.add({"kind": "quality", "output": f"{n} ({mode})", "error": str(e)})
                print(f"output quality: {n} {mode} done", file=sys.stderr)
        print("Output quality, plain GCC LTO against lto-safe (gcc -O2 -g -flto=auto, fat and slim objects; "
              f"run time: {pairs} pairs):")
        print(table(res.data["entries"]))


if __name__ == "__main__":
    main()
