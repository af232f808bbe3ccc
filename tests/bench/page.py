#!/usr/bin/env python3
"""Write doc/performance.md from the benchmarks' results files.

Each script of tests/bench/ writes its figures to RESULTS/NAME.json
(benchlib.Results); this makes the page from them and the fixed text below:
how the figures are measured, what each benchmark runs, what its figures
depend on.  The machine and the time come once, at the top, from the
results; a benchmark without a results file is said not to have been run.
`make bench` runs it after the benchmarks.
Usage: page.py [OUTPUT]   (default doc/performance.md); BENCH_RESULTS as for
the scripts.
"""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import output_quality  # noqa: E402

OUTPUT = os.path.join(benchlib.ROOT, "doc", "performance.md")

INTRO = """\
`make bench` runs the scripts of `tests/bench/` and makes this page from the figures they write
to `tests/bench/results/` (`make bench BENCH_ONLY="llvm_link small_links"` runs some of them;
`python3 tests/bench/page.py` makes the page again from the files). Nothing in it passes or
fails. It shows what the current code measured; earlier figures, and what changed them, are in
the commit messages.

## How it is measured

Each comparison runs the plain command (A) and the same command through lto-safe (B)
alternately, A, B, A, B ..., so that both see the same machine load, and gives the median of the
per-pair ratios B/A with their min and max, the median of the per-pair differences (the time
lto-safe adds), the same for CPU time (user + system of the whole process tree, much less
disturbed than wall time when other work shares the machine), and the peak RSS of the process
tree, wrapper and tool together (whose floor{rss_floor} is the harness's own: it starts
commands with `posix_spawn`, and a child's peak starts from its parent's size). Where several
commands are timed together (the exec floor, the link helper alone, the full scan), they run in
rotation, one round of each after the other, and each gets its median, the median of its ratios
to the first command of its table, its CPU time and its peak RSS. Outputs are compared byte for
byte.

A single link's time varies from run to run on a shared or virtual machine by more than
lto-safe's cost on a link that does not involve LTO: a ratio within a few percent of 1 is noise
unless its min and max are close to it. Where that matters, lto-safe's own work is also timed
alone, by its dry run (`--lto-safe-dry-run`: everything up to the final command, which it prints
instead of running)."""

# name (the script and its results file), heading, what it runs and what
# its figures depend on
BENCHMARKS = [
    ("passthrough", "Compile pass-through", """\
`tests/bench/passthrough.py`: `gcc -O2 -c small.c` (a one-line C file) against
`lto-safe-cc gcc -O2 -c small.c`. A compile links nothing: the front end (`lto-safe-cc`, a small
static program linked against libc only, musl's when `musl-gcc` is installed) finds that in its
arguments and execs the real compiler. Any wrapper pays one more `exec` of a program; the second
table times, in rotation with the other two, a static program that does nothing but exec `gcc`:
its difference to plain `gcc` is that floor on this machine, and what `lto-safe-cc` adds above it
is lto-safe's own share. The goal is at most 0.25 ms added, ratio at most 1.02."""),
    ("llvm_link", "A large link without LTO: LLVM's archives", """\
`tests/bench/llvm_link.py` (needs `llvm-14-dev`: `make bench-deps`): a small C++ program that uses
LLVM, compiled once, linked against every `/usr/lib/llvm-14/lib/libLLVM*.a` (inside
`--start-group` / `--end-group`) with lld, gold and ld.bfd, and with `clang++` as the driver
(lld), plainly and through `lto-safe-cc`. No input carries LTO IR, so lto-safe has to find that
out and run the plain link: the outputs must be byte-identical. The goal is within 1 % of the
plain link with lld.

**Warm and cold.** lto-safe keeps what earlier links learned in a cache
(`$XDG_CACHE_HOME/lto-safe`; `LTO_SAFE_CACHE_DIR` moves it, `LTO_SAFE_CACHE=0` turns it off; here
a private directory, filled by one link before the pairs):

- the regular archives in which no member carries LTO IR, keyed by device, inode, size, and
  modification and status-change times in nanoseconds: a later link takes such an archive for
  what it was after one `stat`. An archive changed within 2 s of the scan's start is not
  recorded (a write in the same clock tick could leave its times unchanged); the file is written
  to a temporary name and renamed, after merging what concurrent links added;
- the driver's answers: its link line for the command (`-###`: the start files and libraries it
  adds) and its library directories (`-print-search-dirs`; `ld --verbose` for a linker run
  directly), under a key that names the query (the driver's options, not the inputs, `-L`, `-l`
  or `-o`), the tool's file and its identity, GCC's environment variables (`GCC_EXEC_PREFIX`,
  `COMPILER_PATH`, `LIBRARY_PATH`) and the identity of every place the answer is looked up in:
  the `-B` directories, the sysroot, `-specs` files and, for clang, the GCC installations it
  chooses from; installing a GCC version asks again.

"Warm" is every link after the first. "Cold" (`LTO_SAFE_CACHE=0`, as the first link of a set of
archives) reads each archive member's header and first 64 bytes in one `pread`, then its section
header table and section name table in two more, and maps an archive only when a member there
has IR or cannot be decided that way; and it asks the driver again, which with `clang++` is most
of the cost (its start-up loads and relocates LLVM's shared libraries). With the cache on, both
are paid once per set of archives and per driver.

The link helper alone is the same `g++` link with `--lto-safe-dry-run`, which always goes to the
link helper (`lto-safe-link`): it classifies every input and prints the final command. The
wrapper cost alone is the same command line with a `g++` that links nothing (it answers `-###`
as the real one does, so that lto-safe decides as for the real link, and otherwise exits at
once): what a link with nothing to do for lto-safe costs without the link's own time and noise,
that is the front end's own decision (`lib/quick.c`: the cached driver answers and one `stat` per
archive against the clean set) and one more `exec`.

The full scan is `lto-safe scan --tsv` over the archives (the scanners and policy of a link of
those files), and the link helper's dry run with a keep rule that matches nothing
(`LTO_SAFE_KEEP`), which makes it read the symbols and relocations of every archive member, in
rotation with `readelf -rW` and `nm -A` over the same files. The goal is at least 4 times faster
than `readelf -rW`, with a peak RSS under 100 MB."""),
    ("lto_project", "LTO links of a generated project", """\
`tests/bench/lto_project.py`: a generated C project (`BENCH_UNITS`, default 300 units and a main)
built with `gcc -O2 -flto`: a call graph across units, data tables, a registration section
reached through `__start_` / `__stop_`, and an assembly trampoline (`jmp target_N` in top-level
asm) in every tenth unit; half the units are linked as objects, half from a `gcc-ar` archive,
with ld.bfd and gold. In the fixed sources every trampoline target is
`__attribute__((used, externally_visible))` and every registration entry `used`, so the plain
LTO link works; lto-safe still reads every unit's IR, finds the asm references and registrations
and decides what to keep. The broken sources lack those attributes: their plain link fails, and
their link through lto-safe is timed against the plain link of the fixed ones. An LTO link's
time is LTO's, and varies by tens of percent between identical runs on a shared machine, so
lto-safe's own work (its dry run) is also timed alone and given as a share of the plain link's
median. The goal is within 1 % of the plain LTO link."""),
    ("small_links", "Small links", """\
`tests/bench/small_links.py`: what a build does besides its large links. One small object linked
with `-lm -lpthread` by `gcc`, by `clang`, and by `ld` run directly with the command line gcc
gives it (through `lto-safe-ld`), plainly and through lto-safe, with a warm cache and with an
empty one (a new cache directory for each link). Then `./configure` of xz-utils and `cmake`'s
configure of json-c, from their Debian 12 sources (`tests/realworld/run.sh --unpack`: root and
the Debian mirror), plainly and with `CC=lto-safe-cc` (and `CXX=lto-safe-c++`): hundreds of
conftest compiles and links.

- **Warm.** A link whose inputs hold no LTO IR runs the real tool from the front end
  (`lib/quick.c`), without starting the link helper. What is left is the floor of any wrapper,
  one `exec` of a static program, and the decision: the `PATH` search, the driver's cached
  answers, and a look at each object, start file and library the link names.
- **Empty cache.** The first link of a toolchain asks the driver for its link line and library
  directories; clang's driver costs far more than gcc's to start. That is paid once per driver,
  set of options that change its answer (not the inputs, `-L`, `-l` or `-o`) and cache
  directory: a whole `./configure` asks a handful of times.
- **Configure.** A configure run's time varies by more than lto-safe adds to its few hundred
  links: its ratio is within noise."""),
    ("output_quality", "Output quality: what keeping costs the program", """\
`tests/bench/output_quality.py` (takes Debian sources, as `make realworld`, and builds four
programs: about 20 minutes on 2 cores): lua, xz-utils, sqlite3 and elfutils (`readelf`, `nm`,
`strip`, `libdw.so`) built from their Debian 12 sources with `gcc -O2 -g -flto=auto`, with fat
LTO objects (`-ffat-lto-objects`, as Debian builds) and with slim ones. The plain LTO build's
outputs are kept; then they are removed and linked again from the same objects with lto-safe's
masquerade directory first on `PATH` (only the links run again). Every one of these links works
with plain LTO, so keeping should cost nothing: the same text (within 0.05 %), no extra dynamic
relocation, run time within noise, and a byte-identical output where nothing needs keeping.

Text and data are `size`'s, dynamic relocations the entries of `.rela.dyn`, plain / through
lto-safe. The symbols kept, by reason, and the uses seen and not kept come from the link's report
(`LTO_SAFE_REPORT_DIR`). A kept name is referenced from a regular object lto-safe adds to the
link, so LTO keeps its definition and its symbol: that is what it can cost the program. The run
time is a workload's CPU time (user + system), lto-safe's output against plain's in alternating
pairs: the median of the ratios, with min and max (none for a library)."""),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUTPUT
    results = {name: load(name) for name, _, _ in BENCHMARKS}
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out + ".tmp", "w") as f:
        f.write(page(results))
    os.replace(out + ".tmp", out)
    print(f"page.py: {os.path.relpath(out)} written from {sum(r is not None for r in results.values())} "
          f"of {len(BENCHMARKS)} results files")


def load(name):
    try:
        with open(os.path.join(benchlib.RESULTS, name + ".json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def page(results):
    ran = [r for r in results.values() if r]
    envs = {(machine(r["environment"]), tools(r["environment"])) for r in ran}
    lines = ["# Performance", "",
             "<!-- made by tests/bench/page.py from tests/bench/results/*.json: do not edit -->", ""]
    if not ran:
        lines += ["No benchmark has been run: `make bench` measures and writes this page.", ""]
    else:
        lines += header(ran, envs) + [""]
    floors = sorted(r["environment"]["rss_floor_mb"] for r in ran)
    floor = ""
    if floors:
        lo, hi = f"{floors[0]:.1f}", f"{floors[-1]:.1f}"
        floor = f", {lo} MB here," if lo == hi else f", {lo} to {hi} MB here,"
    lines += [INTRO.format(rss_floor=floor), ""]
    for name, heading, text in BENCHMARKS:
        lines += [f"## {heading}", "", text, ""]
        r = results[name]
        if r is None:
            lines += [f"Not run: there is no `tests/bench/results/{name}.json`; "
                      f"`make bench BENCH_ONLY={name}` measures it.", ""]
            continue
        lines += [run_line(r, len(envs) > 1), ""]
        lines += entries(r["entries"])
    return "\n".join(lines).rstrip("\n") + "\n"


def machine(env):
    """the machine and lto-safe's version, in words"""
    parts = [env["cpu"], f"{env['cpus']} CPUs"]
    if env["virtual_machine"]:
        parts.append("a virtual machine")
    parts += [f"{env['memory_gb']:.0f} GB of memory", env["kernel"]]
    if env["os"]:
        parts.append(env["os"])
    return f"{', '.join(parts)}; lto-safe {env['lto_safe_version']}"


def tools(env):
    return "; ".join(v for v in env["tools"].values() if v)


def header(ran, envs):
    """when, where (envs: the machines and tools), and how busy the
    machine was otherwise"""
    start = min(datetime.datetime.fromisoformat(r["started"]) for r in ran)
    end = max(datetime.datetime.fromisoformat(r["finished"]) for r in ran)
    when = (f"{start:%Y-%m-%d}, {start:%H:%M} to {end:%H:%M} UTC" if start.date() == end.date()
            else f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC")
    seconds = sum(r["seconds"] for r in ran)
    where = next(iter(envs)) if len(envs) == 1 else ("several (named in each section)", "as each section says")
    cpus = ran[0]["environment"]["cpus"]
    other = sum(r["load"]["other_cpus"] * r["seconds"] for r in ran) / seconds
    niced = [r["load"]["other_niced_cpus"] for r in ran]
    if other < 0.1:
        busy = f"otherwise idle: other processes used {other:.2f} CPUs on average"
    else:
        busy = f"otherwise busy: other processes used {other:.1f} of its {cpus} CPUs on average"
        if None not in niced:
            busy += (f" ({sum(n * r['seconds'] for n, r in zip(niced, ran)) / seconds:.1f} of them at a lower "
                     "priority)")
    steal = sum(r["load"]["steal_cpus"] * r["seconds"] for r in ran) / seconds
    if steal >= 0.05:
        busy += f", and the hypervisor took {steal:.1f} CPUs"
    loads = [x for r in ran for x in (r["load"]["loadavg_start"][0], r["load"]["loadavg_end"][0])]
    return [f"- **When:** {when} ({duration(seconds)} of benchmarks)",
            f"- **Machine:** {where[0]}",
            f"- **Tools:** {where[1]}",
            f"- **Load:** the machine was {busy}; the 1-minute load average was {min(loads):.1f} to "
            f"{max(loads):.1f} at the starts and ends of the benchmarks"]


def duration(seconds):
    m, s = divmod(round(seconds), 60)
    return f"{m} min {s} s" if m else f"{s} s"


def run_line(r, several):
    settings = " ".join(f"{k}={v}" for k, v in r["settings"].items())
    command = " ".join(([settings] if settings else []) + ["python3"] + r["command"])
    line = (f"`{command}` took {duration(r['seconds'])}; other processes used "
            f"{r['load']['other_cpus']:.1f} CPUs on average meanwhile.")
    if several:
        line += f" Measured on {machine(r['environment'])}; tools: {tools(r['environment'])}."
    if r["setup"]:
        line += " " + "; ".join(f"{s['label']}: {benchlib.show(s['value'], s['unit'])}" for s in r["setup"]) + "."
    return line


def entries(items):
    """a results file's entries: its comparisons in one table, its output
    rows in one table, then each rotation's table, then what was skipped"""
    of = {kind: [e for e in items if e["kind"] == kind] for kind in ("compare", "quality", "rotate", "skip")}
    lines = []
    if of["compare"]:
        lines += [compare_table(of["compare"]), ""]
    if of["quality"]:
        labels = {e["lto_safe"] for e in of["quality"] if "lto_safe" in e}
        lines += [output_quality.table(of["quality"], labels=len(labels) > 1), ""]
    singles = [e for e in of["rotate"] if len(e["rows"]) == 1]
    if singles:
        lines += [single_table(singles), ""]
    for e in of["rotate"]:
        if e not in singles:
            lines += rotate_table(e)
    for e in of["skip"]:
        lines += [f"Not measured: {e['title']}: {e['reason']}.", ""]
    return lines


def ms(v):
    return f"{v / 1000:.1f} s" if abs(v) >= 10000 else benchlib.show(v, "ms")


def signed_ms(v):
    return ("+" if v >= 0 else "-") + ms(abs(v))


def span(lo, hi, fmt):
    return f"({fmt(lo)} to {fmt(hi)})"


def notes(e):
    return "; ".join(f"{n['label']}: {benchlib.show(n['value'], n['unit'])}" for n in e.get("notes", []))


def checked_table(head, rows, group):
    """the table, with a column of the entries' notes if any has some"""
    if any(e.get("notes") for e in group):
        head = head + ["checks"]
        rows = [row + [notes(e)] for row, e in zip(rows, group)]
    return benchlib.markdown_table(head, rows)


def compare_table(group):
    head = ["comparison", "pairs", "median, plain / lto-safe", "ratio (min to max)", "added (min to max)",
            "CPU time, plain / lto-safe: ratio (min to max)", "peak RSS, plain / lto-safe"]
    rows = [[e["title"], str(e["pairs"]), f"{ms(e['plain_ms'])} / {ms(e['wrapped_ms'])}",
             f"{e['ratio']:.3f} " + span(e["ratio_min"], e["ratio_max"], "{:.2f}".format),
             signed_ms(e["added_ms"]) + " " + span(e["added_min"], e["added_max"], signed_ms),
             f"{ms(e['cpu_plain_ms'])} / {ms(e['cpu_wrapped_ms'])}: {e['cpu_ratio']:.3f} "
             + span(e["cpu_ratio_min"], e["cpu_ratio_max"], "{:.2f}".format),
             f"{e['rss_plain_mb']:.1f} / {e['rss_wrapped_mb']:.1f} MB"] for e in group]
    return checked_table(head, rows, group)


def single_table(group):
    """commands timed alone (a rotation of one)"""
    head = ["timed alone", "rounds", "median", "CPU time", "peak RSS"]
    rows = [[e["title"], str(e["rounds"]), ms(e["rows"][0]["ms"]), ms(e["rows"][0]["cpu_ms"]),
             f"{e['rows'][0]['rss_mb']:.1f} MB"] for e in group]
    return checked_table(head, rows, group)


def rotate_table(e):
    first = e["rows"][0]["command"]
    head = ["command", "median", f"ratio to `{first}` (min to max)", "CPU time", "peak RSS"]
    rows = [[f"`{r['command']}`", ms(r["ms"]),
             f"{r['ratio']:.2f} " + span(r["ratio_min"], r["ratio_max"], "{:.2f}".format) if k else "",
             ms(r["cpu_ms"]), f"{r['rss_mb']:.1f} MB"] for k, r in enumerate(e["rows"])]
    lines = [f"{e['title'][0].upper()}{e['title'][1:]}, {e['rounds']} rounds:", "",
             benchlib.markdown_table(head, rows), ""]
    if e.get("notes"):
        lines += [notes(e) + ".", ""]
    return lines


if __name__ == "__main__":
    main()
