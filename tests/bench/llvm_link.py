#!/usr/bin/env python3
"""A large non-LTO static link, and full-scan throughput, with llvm-14-dev.

1. A small C++ program that uses LLVM (LLVMContext, Module, llvm::outs) is
   compiled once, then linked against every /usr/lib/llvm-14/lib/libLLVM*.a
   inside -Wl,--start-group/--end-group plus -lz -ltinfo -lpthread, with
   lld, gold and ld.bfd: `g++ ...` against `lto-safe-cc g++ ...`,
   alternately.  The two outputs must be byte-identical (printed).
   lto-safe keeps the archives it found clean in its cache (a private
   directory here, filled by one warm-up link): "warm" is every link after
   the first, "cold" (LTO_SAFE_CACHE=0) reads every archive member's
   section headers.  With lld the same link with clang++ as the driver.
2. The link helper's work alone: the same command with --lto-safe-dry-run;
   and the wrapper's whole cost on this command line, against a "g++" that
   links nothing (a shell script in the temporary directory that answers
   -### with the real g++'s answer and otherwise exits 0), so that the
   link's own time and noise are out of the figure.
3. Full-scan throughput: `lto-safe scan` over the archives, and the dry run
   with a keep rule that matches nothing (LTO_SAFE_KEEP), which makes the
   link helper read the symbols and relocations of every archive member,
   against `readelf -rW` and `nm -A` over the same archives.
Skips with a message when llvm-14-dev is missing (`make bench-deps`).
Usage: llvm_link.py [PAIRS]   (default 15 for lld, 7 for gold and bfd; or BENCH_PAIRS)
The figures also go to tests/bench/results/llvm_link.json (benchlib.Results).
"""
import filecmp
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

LLVM = "/usr/lib/llvm-14"
SRC = r"""
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>
int main() {
  llvm::LLVMContext ctx;
  llvm::Module m("bench", ctx);
  llvm::outs() << "module " << m.getName() << "\n";
  return 0;
}
"""
# a name no input defines: forces full scanning, keeps nothing
NO_SUCH = "lto_safe_bench_no_such_symbol"


def main():
    given = int(sys.argv[1]) if len(sys.argv) > 1 else None
    with benchlib.Results("llvm_link") as res:
        libs = sorted(glob.glob(f"{LLVM}/lib/libLLVM*.a"))
        if not libs or not os.path.exists(f"{LLVM}/include/llvm/IR/LLVMContext.h"):
            res.skip("llvm link", "llvm-14-dev is not installed (make bench-deps installs it)")
        elif not benchlib.which("g++"):
            res.skip("llvm link", "g++ is not installed")
        else:
            with tempfile.TemporaryDirectory() as d:
                measure(res, libs, d, given)


def measure(res, libs, d, given):
    size = sum(os.path.getsize(p) for p in libs)
    os.environ["LTO_SAFE_CACHE_DIR"] = os.path.join(d, "cache")
    cold = dict(os.environ, LTO_SAFE_CACHE="0")
    obj = os.path.join(d, "llvm.o")
    src = os.path.join(d, "llvm.cpp")
    with open(src, "w") as f:
        f.write(SRC)
    subprocess.run(["g++", "-std=c++17", "-O2", f"-I{LLVM}/include", "-c", src, "-o", obj],
                   check=True)
    members = 0
    for p in libs:
        members += len(subprocess.run(["ar", "t", p], capture_output=True, text=True,
                                      check=True).stdout.split())
    print(f"llvm link: {len(libs)} archives, {members} members, {size / 1e6:.0f} MB")
    res.setup("archives", len(libs))
    res.setup("archive members", members)
    res.setup("size of the archives", round(size / 1e6), "MB")
    tail = ["-Wl,--start-group"] + libs + ["-Wl,--end-group", "-lz", "-ltinfo", "-lpthread"]
    ran = None
    for ld, tool in (("lld", "ld.lld"), ("gold", "ld.gold"), ("bfd", "ld.bfd")):
        if not benchlib.which(tool):
            res.skip(f"llvm link with {ld}", f"{tool} is not installed")
            continue
        a_out, b_out = os.path.join(d, f"plain-{ld}"), os.path.join(d, f"safe-{ld}")
        plain = ["g++", f"-fuse-ld={ld}", obj, "-o", a_out] + tail
        wrapped = [benchlib.WRAPPER, "g++", f"-fuse-ld={ld}", obj, "-o", b_out] + tail
        n = given or benchlib.pairs_from_env(15 if ld == "lld" else 7)
        before = benchlib.remover(a_out, b_out)
        benchlib.run(wrapped)  # fills the cache
        res.add(benchlib.compare(f"llvm link with {ld}: g++ vs lto-safe-cc g++ (warm cache)", plain,
                                 wrapped, n, before=before))
        if ld == "lld":
            res.add(benchlib.compare(f"llvm link with {ld}: g++ vs lto-safe-cc g++ (LTO_SAFE_CACHE=0)",
                                     plain, wrapped, n, env_b=cold, before=before))
        res.note("outputs byte-identical", filecmp.cmp(a_out, b_out, shallow=False))
        res.note("the program prints", subprocess.run([b_out], capture_output=True, text=True).stdout.strip())
        ran = ran or (plain, wrapped)
    clangxx = benchlib.which("clang++")
    if clangxx and benchlib.which("ld.lld"):
        # the same link with clang's driver (its search directories and
        # link line come from the cache lto-safe keeps for clang too)
        a_out, b_out = os.path.join(d, "plain-clang"), os.path.join(d, "safe-clang")
        plain = [clangxx, "-fuse-ld=lld", obj, "-o", a_out] + tail
        wrapped = [benchlib.WRAPPER, clangxx, "-fuse-ld=lld", obj, "-o", b_out] + tail
        n = given or benchlib.pairs_from_env(15)
        before = benchlib.remover(a_out, b_out)
        benchlib.run(wrapped)
        res.add(benchlib.compare("llvm link with lld: clang++ vs lto-safe-cc clang++ (warm cache)", plain,
                                 wrapped, n, before=before))
        res.add(benchlib.compare("llvm link with lld: clang++ vs lto-safe-cc clang++ (LTO_SAFE_CACHE=0)",
                                 plain, wrapped, n, env_b=cold, before=before))
        res.note("outputs byte-identical", filecmp.cmp(a_out, b_out, shallow=False))
    else:
        res.skip("llvm link with clang++", "clang++ or ld.lld is not installed")
    if not ran:
        return
    plain, wrapped = ran
    n = given or benchlib.pairs_from_env(15)
    dry = wrapped + ["--lto-safe-dry-run"]
    res.add(benchlib.rotate("link helper alone (lto-safe-cc g++ ... --lto-safe-dry-run)",
                            {"dry run, warm cache": dry, "dry run, LTO_SAFE_CACHE=0": dry}, n,
                            envs={"dry run, LTO_SAFE_CACHE=0": cold}))
    # a g++ that links nothing but answers -### as g++ does, so that
    # lto-safe learns the driver's inputs and decides as for the real link
    fake = os.path.join(d, "fake", "g++")
    os.makedirs(os.path.dirname(fake))
    with open(fake, "w") as f:
        f.write('#!/bin/sh\ncase " $* " in *" -### "*) exec %s "$@" ;; esac\nexit 0\n'
                % benchlib.which("g++"))
    os.chmod(fake, 0o755)
    fplain = [fake] + plain[1:]
    fwrapped = [benchlib.WRAPPER, fake] + plain[1:]
    benchlib.run(fwrapped)
    res.add(benchlib.compare("wrapper cost alone: the same command line with a g++ that only answers -### "
                             "(warm cache)", fplain, fwrapped, given or benchlib.pairs_from_env(100)))
    env = dict(os.environ, LTO_SAFE_KEEP=NO_SUCH)
    cmds = {}
    scan_cmd = os.path.join(benchlib.ROOT, "build", "bin", "lto-safe")
    if os.path.exists(scan_cmd):
        cmds["lto-safe scan"] = [scan_cmd, "scan", "--tsv"] + libs
    cmds["lto-safe (dry run, full scan)"] = dry
    cmds["readelf -rW"] = ["readelf", "-rW"] + libs
    cmds["nm -A"] = ["nm", "-A"] + libs
    res.add(benchlib.rotate(
        f"full scan of {members} members ({size / 1e6:.0f} MB)", cmds,
        given or benchlib.pairs_from_env(5),
        envs={"lto-safe (dry run, full scan)": env}))


if __name__ == "__main__":
    main()
