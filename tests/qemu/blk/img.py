#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""img.py - disk-image helpers for tests/qemu/blk/run.sh.

  img.py parts IMAGE           partitions as the tools report them, one per
                               line: "INDEX START SIZE" (sfdisk --json: MBR
                               and GPT alike; extended containers left out)
  img.py sign IMAGE            write "DARBAT <index> FIRST" / "LAST" at the
                               start of each partition's first and last block
  img.py check ORIG FINAL START BLOCKS SEED
                               blocks [START, START+BLOCKS) of FINAL (512-byte
                               blocks, counted from the start of the disk)
                               hold the pattern (partition block b = block -
                               PSTART, passed as START:PSTART), and every other
                               byte of FINAL equals ORIG; prints what differs
"""
import json
import subprocess
import sys

EXTENDED = {"5", "f", "85"}


def parts(image):
    out = subprocess.run(["sfdisk", "--json", image], check=True, capture_output=True,
                         text=True).stdout
    table = json.loads(out)["partitiontable"]
    result = []
    for p in table.get("partitions", []):
        if table["label"] == "dos" and p["type"].lower() in EXTENDED:
            continue
        index = int(p["node"][len(image):])
        result.append((index, p["start"], p["size"]))
    return result


def sign(image):
    with open(image, "r+b") as f:
        for index, start, size in parts(image):
            for block, which in ((start, "FIRST"), (start + size - 1, "LAST")):
                f.seek(block * 512)
                f.write(f"DARBAT {index} {which}".encode())


def ident(image, letter, megabytes):
    """Every 512-byte sector: b"DISK-" + letter, padded to 8 bytes, then its
    number as 8 little-endian bytes (tests/qemu/blk/instances.c checks it)."""
    head = f"DISK-{letter}".encode().ljust(8, b"\0")
    with open(image, "wb") as f:
        for s in range(megabytes * 2048):
            f.write((head + s.to_bytes(8, "little")).ljust(512, b"\0"))


def pattern(b, i, seed):
    return (b * 131 + i * 7 + (i >> 8) + seed) & 0xff


def check(orig, final, where, blocks, seed):
    start, pstart = (int(x) for x in where.split(":"))
    blocks, seed = int(blocks), int(seed, 0)
    a = open(orig, "rb").read()
    b = open(final, "rb").read()
    if len(a) != len(b):
        return f"size changed: {len(a)} -> {len(b)}"
    lo, hi = start * 512, (start + blocks) * 512
    if a[:lo] != b[:lo] or a[hi:] != b[hi:]:
        for off in range(len(a)):
            if (off < lo or off >= hi) and a[off] != b[off]:
                return f"byte {off} outside the written range changed"
    want = bytearray(hi - lo)
    for k in range(blocks):
        pb = start - pstart + k
        base = k * 512
        for i in range(512):
            want[base + i] = pattern(pb, i, seed)
    got = b[lo:hi]
    if got != bytes(want):
        first = next(i for i in range(len(want)) if want[i] != got[i])
        return f"pattern differs at byte {lo + first} (block {start + first // 512})"
    return ""


def main(argv):
    if argv[1] == "parts":
        for p in parts(argv[2]):
            print(*p)
    elif argv[1] == "sign":
        sign(argv[2])
    elif argv[1] == "ident":
        ident(argv[2], argv[3], int(argv[4]))
    elif argv[1] == "check":
        why = check(*argv[2:7])
        print(why or "ok")
        return 1 if why else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
