#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""rng-test - the virtio-rng driver and unixd's random numbers under QEMU
(tests/qemu/rng/rng.mk; docs/IOKIT.md "virtio-rng", servers/unix/random.c).

Usage: run.py --kernel darbat.bin --build BUILD_DIR --log LOG

Scenarios (compositions in tests/qemu/rng/), each one boot of the composer:

  rng      -device virtio-rng-pci,disable-legacy=on (PCI 1af4:1044): the
           client rngtest reads the stream rng0 (its own TEST lines); unixd
           seeds its generator from the route and busybox's od prints 16
           bytes of /dev/urandom; then `ioreg iokit0` at the composer's
           console shows the driver and its properties.
  norng    the same route to an instance without the device: unixd says
           why the route gave nothing and falls back (no RDRAND on QEMU's
           default CPU: its "not cryptographically strong" line).
  rdrand   norng with -cpu max: the fallback is RDRAND.
  noroute  unixd without a route: the weak generator and its line only.
  stall    a device that gives 64 bytes every 3 s (max-bytes, period):
           the client sees the bytes, CSTREAM_E_IO after the driver's 1 s
           timeout, bytes again once the device answers; iokitd logs both.

Every check is one `TEST rng/<scenario>/<check> PASS|FAIL reason` line in
LOG after the client's own TEST lines; LOG ends with `DONE rng`.  Serial
output of each run goes to BUILD_DIR/rng/<scenario>.out.  A run that did
not reach its stop line is a line `<scenario>: <reason>` in LOG.status,
which tools/summarize counts as a harness failure.
"""
import argparse
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
RNG_DEVICE = "-device virtio-rng-pci,disable-legacy=on"
OD_LINE = r"(?m)^((?: [0-9a-f]{2}){16})$"
FALLBACK = "unixd: no RDRAND: random numbers are not cryptographically strong"
NO_STREAM = "unixd: random: no bytes from the rng route: no rng stream there (0x201)"

RNG_CHECKS = [
    ("has", "virtio-rng: iokit0: stream rng0, queue 8, features 0x100000000, interrupts msix"),
    ("has", "unixd: random: ChaCha20 generator seeded from the rng route (rng)\n"),
    ("not", "no RDRAND"),
    ("not", "no answer from the device"),
    ("count", r"TEST rng/client/\S+ PASS", 14),
    ("od",),
    ("ioreg", "VirtioRNGDriver", {"stream": '"rng0"', "interrupt-type": '"msix"',
                                  "queue-size": "0x8", "pool-size": "0x1000",
                                  "timeout-ms": "0x3e8", "features": "0x100000000"}),
    ("nub", "pci1af4,1044@"),
    ("not", "composer: iokit0: died"),
    ("not", "composer: unixd: died"),
]

NORNG_CHECKS = [
    ("order", [NO_STREAM, FALLBACK, "unixd: started /bin/busybox"]),
    ("not", "seeded from"),
    ("od",),
]

RDRAND_CHECKS = [
    ("order", [NO_STREAM, "unixd: random: ChaCha20 generator seeded from RDRAND",
               "unixd: started /bin/busybox"]),
    ("not", "no RDRAND"),
    ("od",),
]

NOROUTE_CHECKS = [
    ("order", [FALLBACK, "unixd: started /bin/busybox"]),
    ("not", "rng route"),
    ("od",),
]

STALL_CHECKS = [
    ("count", r"TEST rng/client/\S+ PASS", 7),
    ("order", ["virtio-rng: iokit0: rng0: no answer from the device in 1000 ms: reads fail "
               "until it answers", "virtio-rng: iokit0: rng0: the device answers again"]),
    ("not", "impossible used element"),
]


def wait_for(out, text, flag, ended):
    """Create flag once out holds text (or the run ended)."""
    while not ended.is_set():
        try:
            with open(out, encoding="utf-8", errors="replace") as f:
                if text in f.read():
                    break
        except OSError:
            pass
        time.sleep(0.1)
    with open(flag, "w"):
        pass


def run(args, name, comp, modules, stop, sends=(), extra=(), hold_for=None):
    """Boot one scenario: (serial output, harness failure reason or "").
    stop is (text, how many times); with hold_for, QEMU runs on after the
    stop line until that text came."""
    out = os.path.join(args.build, "rng", f"{name}.out")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", args.kernel,
           "--module", os.path.join(args.build, "bin", "composer.elf"),
           "--module", os.path.join(HERE, comp)]
    for m in modules:
        cmd += ["--module", os.path.join(args.build, "bin", m)]
    cmd += ["--timeout", "60", "--log", out, "--status", out + ".status", "--stop-on", stop[0],
            "--stop-count", str(stop[1])]
    for pattern, text in sends:
        cmd += ["--send", f"{pattern}={text}"]
    for e in extra:
        cmd += ["--extra-qemu", e]
    ended, thread = threading.Event(), None
    if hold_for:
        flag = out + ".held"
        if os.path.exists(flag):
            os.unlink(flag)
        cmd += ["--hold-until", flag]
        thread = threading.Thread(target=wait_for, args=(out, hold_for, flag, ended))
        thread.start()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ended.set()
    if thread:
        thread.join()
    try:
        with open(out, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    try:
        with open(out + ".status", encoding="utf-8", errors="replace") as f:
            status = " ".join(l.strip() for l in f if l.strip())
    except OSError:
        status = "qemu-run left no status file"
    return text, status


def parse_ioreg(text):
    """Entries of the `ioreg iokit0` dump: name -> {key: value text}."""
    m = re.search(r"ioreg: iokit0: /\n(.*?)ioreg: end of /\n", text, re.S)
    entries, cur = {}, None
    for line in (m.group(1) if m else "").splitlines():
        e = re.match(r"^\s*o (\S+)\s+<", line)
        if e:
            cur = entries.setdefault(e.group(1), {})
            continue
        p = re.match(r'^\s*"([^"]+)" = (.*)$', line)
        if p and cur is not None:
            cur[p.group(1)] = p.group(2)
    return entries


def check(text, chk):
    kind = chk[0]
    if kind == "has":
        return chk[1] in text, f"missing '{chk[1].strip()}'"
    if kind == "not":
        return chk[1] not in text, f"unexpected '{chk[1]}'"
    if kind == "count":
        n = len(re.findall(chk[1], text))
        return n == chk[2], f"'{chk[1]}' {n} times, expected {chk[2]}"
    if kind == "order":
        pos = 0
        for t in chk[1]:
            i = text.find(t, pos)
            if i < 0:
                return False, f"'{t}' missing or out of order"
            pos = i + len(t)
        return True, ""
    if kind == "od":
        lines = re.findall(OD_LINE, text)
        ok = len(lines) == 1 and lines[0].replace(" 00", "") != ""
        return ok, f"od printed {lines}: expected one line of 16 bytes, not all zero"
    entries = parse_ioreg(text)
    if kind == "ioreg":
        got = entries.get(chk[1])
        if got is None:
            return False, f"no entry {chk[1]} in the ioreg dump"
        bad = [f"{k} = {got.get(k)}, expected {v}" for k, v in chk[2].items() if got.get(k) != v]
        return not bad, "; ".join(bad)
    if kind == "nub":
        return any(k.startswith(chk[1]) for k in entries), f"no nub {chk[1]}*"
    return False, f"unknown check {kind}"


def scenario(args, results, harness, name, comp, modules, stop, checks, sends=(), extra=(),
             hold_for=None):
    text, status = run(args, name, comp, modules, stop, sends, extra, hold_for)
    if status:
        harness.append(f"{name}: {status}")
    results += [l for l in text.splitlines() if l.startswith("TEST rng/client/")]
    for i, chk in enumerate(checks):
        ok, why = check(text, chk)
        results.append(f"TEST rng/{name}/{chk[0]}{i} " + ("PASS" if ok else f"FAIL {why}"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--log", required=True)
    args = p.parse_args()
    with open(args.log + ".status", "w"):
        pass                            # no stale reasons from an earlier run
    results, harness = [], []
    unix = ["iokitd.elf", "unixd.elf", "rootfs.cpio"]
    # the client and unixd each end with a line holding RNGTEST-END: the
    # run stops at the second; the registry is asked for once the client
    # is done, and QEMU runs on until the answer is complete
    scenario(args, results, harness, "rng", "rng.comp", unix + ["rngtest.elf"],
             ("RNGTEST-END", 2), RNG_CHECKS, [("rngtest: done", r"ioreg iokit0\r")], [RNG_DEVICE],
             hold_for="ioreg: end of /")
    scenario(args, results, harness, "norng", "norng.comp", unix, ("RNGTEST-END", 1),
             NORNG_CHECKS)
    scenario(args, results, harness, "rdrand", "norng.comp", unix, ("RNGTEST-END", 1),
             RDRAND_CHECKS,
             extra=["-cpu max"])
    scenario(args, results, harness, "noroute", "noroute.comp", ["unixd.elf", "rootfs.cpio"],
             ("RNGTEST-END", 1), NOROUTE_CHECKS)
    scenario(args, results, harness, "stall", "stall.comp", ["iokitd.elf", "rngtest.elf"],
             ("RNGTEST-END", 1), STALL_CHECKS,
             extra=[RNG_DEVICE + ",max-bytes=64,period=3000"])
    with open(args.log, "w") as f:
        f.write("\n".join(results) + "\nDONE rng\n")
    with open(args.log + ".status", "w") as f:
        f.write("".join(h + "\n" for h in harness))
    return 0


if __name__ == "__main__":
    sys.exit(main())
