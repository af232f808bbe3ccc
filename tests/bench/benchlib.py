"""Shared helpers for the benchmarks in tests/bench/.

Every comparison runs the plain command (A) and the command through
lto-safe (B) alternately, A, B, A, B ..., so that both see the same machine
load, and reports the median of the per-pair ratios B/A with their min and
max, the per-pair added time, the same for CPU time (user + system of the
whole process tree, from os.wait4: much less disturbed than wall time when
other work shares the machine), and the peak resident memory of each side
(ru_maxrss: the largest of the process tree, wrapper and the tool it runs).
Figures only: nothing here passes or fails on timing.
"""
import os
import statistics
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRAPPER = os.path.join(ROOT, "build", "bin", "lto-safe-cc")


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
        "title": title, "pairs": pairs,
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


def rotate(title, cmds, rounds, envs=None):
    """Run several commands in rotation (round 1: all, round 2: all ...);
    print each one's median time and peak RSS and the ratios to the first."""
    times = {k: [] for k in cmds}
    cpu = {k: [] for k in cmds}
    rss = {k: 0 for k in cmds}
    for _ in range(rounds):
        for k, cmd in cmds.items():
            s, m = run(cmd, env=(envs or {}).get(k), cpu=cpu[k])
            times[k].append(s)
            rss[k] = max(rss[k], m)
    first = next(iter(cmds))
    print(f"{title}, {rounds} rounds:")
    for k in cmds:
        ratio = [x / y for x, y in zip(times[k], times[first])]
        print(f"  {k:<28} median {statistics.median(times[k])*1e3:9.2f} ms"
              f" (x{statistics.median(ratio):.2f} of {first}, min x{min(ratio):.2f}, max x{max(ratio):.2f})"
              f", CPU {statistics.median(cpu[k])*1e3:.2f} ms, peak RSS {rss[k]/1024:.1f} MB")
    return times, rss


def which(name):
    for d in os.environ.get("PATH", "/usr/bin:/bin").split(":"):
        p = os.path.join(d or ".", name)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    return None
