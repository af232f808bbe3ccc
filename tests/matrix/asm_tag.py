#!/usr/bin/env python3
"""Measure, in GCC LTO objects, the GIMPLE_ASM tag of the function-body
streams (lib/formats/gcclto.c, asm_tags): for every function section of
every object given, the numbers of its main stream that come right before
the index of an asm statement's text.

    asm_tag.py OBJECT... [--text TEXT]...

A function body's main stream starts with the LTO_function tag; a
GIMPLE_ASM statement is its tag, one to three header words, the counts of
inputs, outputs, clobbers and labels, then the index (offset + 1) of its
text in the string stream.  Given the texts of asm statements the sources
hold (--text; default: every string of a function with a tab or a newline,
as multi-line asm is written), this prints, per stream major version, the
candidate tags (the numbers 6, 7 and 8 places before each text's index)
as LTO_function minus the candidate, and the one difference that every
asm statement of that version shares: asm_tags' function_minus_asm (a
text's index can occur elsewhere in the stream too: each statement's
candidates are those of all its occurrences).
Reads ELF relocatables of either byte order, zstd (with the zstd program)
or zlib sections.
"""
import struct
import subprocess
import sys
import zlib


def sections(path):
    data = open(path, 'rb').read()
    if data[:4] != b'\x7fELF':
        sys.exit(f'{path}: not ELF')
    cls, order = data[4], data[5]
    e = '<' if order == 1 else '>'
    if cls == 2:
        shoff, = struct.unpack_from(e + 'Q', data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(e + 'HHH', data, 0x3a)
        fmt, name_at, off_at = e + 'IIQQQQ', 0, (4, 5)
    else:
        shoff, = struct.unpack_from(e + 'I', data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(e + 'HHH', data, 0x2e)
        fmt, name_at, off_at = e + 'IIIIII', 0, (4, 5)
    hdrs = [struct.unpack_from(fmt, data, shoff + i * shentsize) for i in range(shnum)]
    strtab = hdrs[shstrndx]
    strs = data[strtab[off_at[0]]:strtab[off_at[0]] + strtab[off_at[1]]]
    for h in hdrs:
        name = strs[h[name_at]:strs.index(b'\0', h[name_at])].decode()
        yield name, data[h[off_at[0]]:h[off_at[0]] + h[off_at[1]]], e


def inflate(raw):
    if raw[:4] == b'\x28\xb5\x2f\xfd':
        return subprocess.run(['zstd', '-d', '-c', '-q'], input=raw, stdout=subprocess.PIPE,
                              check=True).stdout
    return zlib.decompress(raw)


def uleb(b, pos):
    v = shift = 0
    while True:
        c = b[pos]
        pos += 1
        v |= (c & 0x7f) << shift
        shift += 7
        if not c & 0x80:
            return v, pos


def main():
    args, texts = [], []
    it = iter(sys.argv[1:])
    for a in it:
        if a == '--text':
            texts.append(next(it).encode())
        else:
            args.append(a)
    found = {}  # major -> list of (object, function, candidates)
    for path in args:
        secs = list(sections(path))
        major = None
        for name, raw, e in secs:
            if name.startswith('.gnu.lto_.lto.'):
                for order in ('<', '>'):
                    m, = struct.unpack_from(order + 'h', raw, 0)
                    if 5 <= m <= 99:
                        major = m
                        break
        for name, raw, e in secs:
            rest = name[len('.gnu.lto_'):]
            if not name.startswith('.gnu.lto_') or rest.startswith('.') or rest.count('.') < 2:
                continue
            d = inflate(raw)
            main_size, str_size, cfg_size = struct.unpack_from(e + 'III', d, 0)
            if 12 + main_size + str_size + cfg_size != len(d):
                continue
            ms = d[12 + cfg_size:12 + cfg_size + main_size]
            st = d[12 + cfg_size + main_size:]
            index = {}
            pos = 0
            while pos < len(st):
                start = pos
                ln, pos = uleb(st, pos)
                index[start + 1] = st[pos:pos + ln]
                pos += ln
            toks, pos = [], 0
            while pos < len(ms):
                v, pos = uleb(ms, pos)
                toks.append(v)
            if not toks:
                continue
            fn = toks[0]
            for i, v in enumerate(toks):
                s = index.get(v)
                if s is None or i < 8:
                    continue
                if texts and s.rstrip(b'\0') not in texts:
                    continue
                if not texts and b'\t' not in s and b'\n' not in s:
                    continue
                if not all(t < 1024 for t in toks[i - 4:i]):
                    continue
                cands = {fn - toks[i - k] for k in (6, 7, 8) if 0 < toks[i - k] < fn}
                found.setdefault(major, []).append((path, rest.rsplit('.', 2)[0], s, fn, cands))
    for major in sorted(found):
        # per asm statement (object, function, text): the candidates of
        # all its hits (an index can also occur elsewhere in the stream)
        stmts = {}
        for path, fname, s, fn, cands in found[major]:
            print(f'{major}: {path} {fname}: LTO_function {fn}, text {s!r}, '
                  f'LTO_function minus the tag among {sorted(cands)}')
            stmts.setdefault((path, fname, s), set()).update(cands)
        common = set.intersection(*stmts.values())
        print(f'stream major {major}: function_minus_asm '
              f'{sorted(common) if common else "none shared"} ({len(stmts)} asm statements)')

if __name__ == '__main__':
    main()
