"""Shared helpers for the benchmarks in tests/bench/.

Every comparison runs the plain command (A) and the command through
lto-safe (B) alternately, A, B, A, B ..., so that both see the same machine
load, and reports the median of the per-pair ratios B/A with their min and
max, the per-pair added time, the same for CPU time (user + system of the
whole process tree, from os.wait4: much less disturbed than wall time when
other work shares the machine), and the peak resident memory of each side
(ru_maxrss: the largest of the process tree, wrapper and the tool it runs).
Figures only: nothing here passes or fails on timing.

Each script also writes its figures to RESULTS/NAME.json (Results;
RESULTS is tests/bench/results, or BENCH_RESULTS), which tests/bench/page.py
makes doc/performance.md from.
"""
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRAPPER = os.path.join(ROOT, "build", "bin", "lto-safe-cc")
# where the scripts write their results and page.py reads them
RESULTS = os.path.abspath(os.environ.get("BENCH_RESULTS", os.path.join(ROOT, "tests", "bench", "results")))
# the tools whose versions a results file records (those on PATH)
TOOLS = ("gcc", "g++", "clang", "ld.bfd", "ld.gold", "ld.lld", "cmake")


def pairs_from_env(default):
    v = os.environ.get("BENCH_PAIRS")
    return int(v) if v else default


def run(cmd, env=None, stdout=None, cpu=None):
    """Run cmd; return (seconds, peak RSS in KiB).  Raises on failure.

    stdout: None (discarded) or a path to write the standard output to.
    cpu: a list to append the CPU seconds (user + system, process tree) to.
    posix_spawn (vfork-like), not fork: a fork of this Python process costs
    tens of milliseconds of page-table copying on a small VM, which would be
    charged to both sides and hide the difference.  ru_maxrss still starts
    from this process's own resident size (about 10 MB): the floor of every
    RSS figure."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    out = os.open(stdout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644) if stdout else devnull
    actions = [(os.POSIX_SPAWN_DUP2, out, 1)]
    if not os.environ.get("BENCH_SHOW_STDERR"):
        actions.append((os.POSIX_SPAWN_DUP2, devnull, 2))
    path = cmd[0] if "/" in cmd[0] else which(cmd[0])
    start = time.perf_counter()
    pid = os.posix_spawn(path, cmd, env if env is not None else os.environ, file_actions=actions)
    _, status, ru = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    os.close(devnull)
    if stdout:
        os.close(out)
    if cpu is not None:
        cpu.append(ru.ru_utime + ru.ru_stime)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        raise RuntimeError(f"command failed (status {status}): {' '.join(cmd)[:300]}")
    return elapsed, ru.ru_maxrss


def compare(title, plain, wrapped, pairs, env_b=None, before=None):
    """Alternate plain and wrapped; print and return the figures.

    before: called before each run with 'a' or 'b' (e.g. to remove outputs)."""
    ta, tb, ma, mb, ca, cb = [], [], [], [], [], []
    for _ in range(pairs):
        for side, cmd, env, t, m, c in (("a", plain, None, ta, ma, ca),
                                        ("b", wrapped, env_b, tb, mb, cb)):
            if before:
                before(side)
            s, rss = run(cmd, env=env, cpu=c)
            t.append(s)
            m.append(rss)
    ratio = [y / x for x, y in zip(ta, tb)]
    diff = [(y - x) * 1e3 for x, y in zip(ta, tb)]
    cratio = [y / x for x, y in zip(ca, cb)]
    cdiff = [(y - x) * 1e3 for x, y in zip(ca, cb)]
    res = {
        "kind": "compare", "title": title, "pairs": pairs,
        "plain_ms": statistics.median(ta) * 1e3, "wrapped_ms": statistics.median(tb) * 1e3,
        "ratio": statistics.median(ratio), "ratio_min": min(ratio), "ratio_max": max(ratio),
        "added_ms": statistics.median(diff), "added_min": min(diff), "added_max": max(diff),
        "rss_plain_mb": max(ma) / 1024, "rss_wrapped_mb": max(mb) / 1024,
        "cpu_plain_ms": statistics.median(ca) * 1e3, "cpu_wrapped_ms": statistics.median(cb) * 1e3,
        "cpu_ratio": statistics.median(cratio), "cpu_ratio_min": min(cratio),
        "cpu_ratio_max": max(cratio), "cpu_added_ms": statistics.median(cdiff),
    }
    print(f"{title}, {pairs} pairs:")
    print(f"  plain median {res['plain_ms']:.2f} ms, through lto-safe median {res['wrapped_ms']:.2f} ms")
    print(f"  ratio:      median {res['ratio']:.4f} (min {res['ratio_min']:.4f}, max {res['ratio_max']:.4f})")
    print(f"  added time: median {res['added_ms']:.3f} ms (min {res['added_min']:.3f}, max {res['added_max']:.3f})")
    print(f"  CPU time:   plain median {res['cpu_plain_ms']:.2f} ms, through lto-safe median "
          f"{res['cpu_wrapped_ms']:.2f} ms; ratio median {res['cpu_ratio']:.4f} "
          f"(min {res['cpu_ratio_min']:.4f}, max {res['cpu_ratio_max']:.4f}), "
          f"added median {res['cpu_added_ms']:.3f} ms")
    print(f"  peak RSS:   plain {res['rss_plain_mb']:.1f} MB, through lto-safe {res['rss_wrapped_mb']:.1f} MB")
    return res


def remover(a_out, b_out):
    """a before() for compare() that removes the output the side is about to write"""
    def before(side):
        p = a_out if side == "a" else b_out
        if os.path.exists(p):
            os.unlink(p)
    return before


def rotate(title, cmds, rounds, envs=None):
    """Run several commands in rotation (round 1: all, round 2: all ...);
    print and return each one's median time, CPU time and peak RSS and the
    ratios of its times to the first command's ("rows", in cmds' order)."""
    times = {k: [] for k in cmds}
    cpu = {k: [] for k in cmds}
    rss = {k: 0 for k in cmds}
    for _ in range(rounds):
        for k, cmd in cmds.items():
            s, m = run(cmd, env=(envs or {}).get(k), cpu=cpu[k])
            times[k].append(s)
            rss[k] = max(rss[k], m)
    first = next(iter(cmds))
    res = {"kind": "rotate", "title": title, "rounds": rounds, "rows": []}
    print(f"{title}, {rounds} rounds:")
    for k in cmds:
        ratio = [x / y for x, y in zip(times[k], times[first])]
        row = {"command": k, "ms": statistics.median(times[k]) * 1e3, "ratio": statistics.median(ratio),
               "ratio_min": min(ratio), "ratio_max": max(ratio), "cpu_ms": statistics.median(cpu[k]) * 1e3,
               "rss_mb": rss[k] / 1024}
        res["rows"].append(row)
        print(f"  {k:<28} median {row['ms']:9.2f} ms"
              f" (x{row['ratio']:.2f} of {first}, min x{row['ratio_min']:.2f}, max x{row['ratio_max']:.2f})"
              f", CPU {row['cpu_ms']:.2f} ms, peak RSS {row['rss_mb']:.1f} MB")
    return res


def markdown_table(head, rows):
    """a Markdown table (cells with | in them escaped)"""
    def line(cells):
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"
    return "\n".join([line(head), "|" + "---|" * len(head)] + [line(r) for r in rows])


def which(name):
    for d in os.environ.get("PATH", "/usr/bin:/bin").split(":"):
        p = os.path.join(d or ".", name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None


def show(value, unit=None):
    """a figure as the scripts print it and the page shows it"""
    if isinstance(value, bool):
        text = "yes" if value else "NO"
    elif isinstance(value, float):
        a = abs(value)
        text = f"{value:,.0f}" if a >= 100 else f"{value:.1f}" if a >= 10 else f"{value:.2f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return f"{text} {unit}" if unit else text


class Results:
    """The figures of one benchmark script, with what it was run with and
    on what machine, written to RESULTS/NAME.json (replacing the last
    run's) when the with-block ends without an exception:

        with benchlib.Results("llvm_link") as res:
            res.add(benchlib.compare(...))
            res.note("outputs byte-identical", same)

    Besides the figures it records how busy the machine was while the
    script ran: the load averages at the start and the end, and the CPU
    time other processes used (the machine's busy time from /proc/stat,
    less this process's and its children's)."""

    def __init__(self, name):
        self.path = os.path.join(RESULTS, name + ".json")
        self.data = {
            "benchmark": name,
            "command": [os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)] + sys.argv[1:],
            # what the scripts read (not the Makefile's BENCH_ONLY, nor where results go)
            "settings": {k: v for k, v in sorted(os.environ.items())
                         if k.startswith("BENCH_") and k not in ("BENCH_ONLY", "BENCH_RESULTS")},
            "started": _now(),
            "finished": None,
            "seconds": None,
            "load": None,
            "environment": environment(),
            "setup": [],
            "entries": [],
        }
        self._start = _cpu_use()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            self.write()
        return False

    def setup(self, label, value, unit=None):
        """a fact about what is measured (the number of archives ...); not printed"""
        self.data["setup"].append({"label": label, "value": value, "unit": unit})

    def add(self, entry):
        """an entry: what compare() or rotate() returned, or a script's own
        ({"kind": ..., "title": ...}); returns it"""
        self.data["entries"].append(entry)
        return entry

    def note(self, label, value, unit=None):
        """print a fact about the last entry (outputs byte-identical, a
        share ...) and record it with that entry"""
        print(f"  {label}: {show(value, unit)}")
        self.data["entries"][-1].setdefault("notes", []).append({"label": label, "value": value, "unit": unit})

    def skip(self, title, reason):
        """print and record a part that could not run"""
        print(f"{title}: skipped: {reason}")
        self.add({"kind": "skip", "title": title, "reason": reason})

    def write(self):
        end = _cpu_use()
        wall = end["wall"] - self._start["wall"]
        d = {k: end[k] - self._start[k] for k in ("busy", "nice", "steal", "own")}
        self.data["finished"] = _now()
        self.data["seconds"] = wall
        self.data["load"] = {
            "loadavg_start": self._start["loadavg"], "loadavg_end": end["loadavg"],
            # average number of CPUs busy with other work while the script ran
            "other_cpus": max(0.0, d["busy"] - d["own"]) / wall,
            # of which at a lower priority (unknown when this one is niced)
            "other_niced_cpus": d["nice"] / wall if os.getpriority(os.PRIO_PROCESS, 0) == 0 else None,
            "steal_cpus": d["steal"] / wall,
        }
        os.makedirs(RESULTS, exist_ok=True)
        with open(self.path + ".tmp", "w") as f:
            json.dump(_rounded(self.data), f, indent=1)
            f.write("\n")
        os.replace(self.path + ".tmp", self.path)
        shown = os.path.relpath(self.path, ROOT) if self.path.startswith(ROOT + os.sep) else self.path
        print(f"results written to {shown} ({wall:.0f} s; other processes used "
              f"{self.data['load']['other_cpus']:.2f} of {os.cpu_count()} CPUs on average)")


def environment():
    """what the figures were measured with: lto-safe, the machine, the tools"""
    def output(cmd):
        """cmd's standard output, None when it fails"""
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return r.stdout if r.returncode == 0 else None

    def version(tool):
        return ((output([tool, "--version"]) or "").splitlines() or [None])[0]

    info = {}
    with open("/proc/cpuinfo") as f:
        for line in f:
            key, _, value = (x.strip() for x in line.partition(":"))
            info.setdefault(key, value)
    mem = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, _, value = line.partition(":")
            mem[key] = value.split()[0]
    osrel = {}
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            osrel = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    with open(os.path.join(ROOT, "VERSION")) as f:
        lto_safe = f.read().strip()
    git = ["git", "-C", ROOT]
    commit = output(git + ["rev-parse", "HEAD"])
    changes = output(git + ["status", "--porcelain", "--untracked-files=no", "--", "lib", "wrapper", "Makefile",
                            "VERSION"])
    return {
        "lto_safe_version": lto_safe,
        "commit": commit.strip() if commit else None,
        # the sources differed from that commit (what was measured is the tree's build)
        "sources_modified": bool(changes) if changes is not None else None,
        "cpu": info.get("model name", platform.machine()),
        "cpus": os.cpu_count(),
        "virtual_machine": "hypervisor" in info.get("flags", "").split(),
        "memory_gb": int(mem.get("MemTotal", 0)) / 1024 / 1024,
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "os": osrel.get("PRETTY_NAME", "").strip('"') or None,
        "tools": {t: version(t) for t in TOOLS if which(t)},
        "python": platform.python_version(),
        # the peak RSS of `true` started by run(): the floor of every RSS figure
        "rss_floor_mb": run(["true"])[1] / 1024,
    }


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _cpu_use():
    """wall clock, the machine's CPU seconds (busy, of it niced, stolen by
    the hypervisor), this process's and its children's, the load averages"""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in f.readline().split()[1:9])
    hz = os.sysconf("SC_CLK_TCK")
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": time.monotonic(), "busy": (user + nice + system + irq + softirq) / hz, "nice": nice / hz,
            "steal": steal / hz, "own": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,
            "loadavg": list(os.getloadavg())}


def _rounded(x):
    """x with its floats to 4 decimals (the results files stay readable)"""
    if isinstance(x, float):
        return round(x, 4)
    if isinstance(x, dict):
        return {k: _rounded(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_rounded(v) for v in x]
    return x
