#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""unixhostile-test - hostile processes against unixd under QEMU
(tests/qemu/unixhostile/unixhostile.mk).

Usage: run.py --kernel darbat.bin --build BUILD_DIR --log LOG
              [--seed N] [--calls N] [--only NAME] [--timeout S]

One boot of hostile.comp: unixd alone, process 1 hinit, which runs the test
programs in turn (initsig, execbad, forkbomb, memhog, fuzz).  Their own TEST lines
are copied into LOG; this script adds:

  unixhostile/unixd-alive        the composer never logged unixd dying or
                                 restarting, and unixd answered every
                                 `ps unixd` typed at the marks
  unixhostile/memory/NAME        at the mark NAME-after, unixd's frames in
                                 use, heap bytes and process count are
                                 those at NAME-before (within FRAMES_SLACK
                                 frames and HEAP_SLACK bytes; processes
                                 exactly): the same processes are alive at
                                 both (the programs make sure of it)
  unixhostile/finished           the run reached "HOSTILE FINISHED"

and a second, short boot (boot_init_exit) where init ends before its
children: unixhostile/init/exit.

At each "HOSTILE MARK NAME" line a program pauses; the runner types
`ps unixd` at the management console (qemu-run --send) and reads the
answer's last line, "unixd: N processes, frames N in use of N owned, heap N
bytes in N blocks".  The serial output is BUILD_DIR/unixhostile/serial.log.
LOG ends with "DONE unixhostile"; a run that did not finish (timeout, QEMU
gone) also leaves its reason in LOG.status.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

FRAMES_SLACK = 8        # frames: a page of stack or heap one process touched more
HEAP_SLACK = 2048       # bytes of unixd's heap

# Each program and the marks it prints, in order; pairs NAME-before and
# NAME-after are compared.  "start" and "end" are hinit's, alone.
PROGRAMS = [
    ("initsig", []),
    ("execbad", ["execbad-before", "execbad-after"]),
    ("forkbomb", ["bomb-before", "bomb-after", "bomb-user-before", "bomb-user-after"]),
    ("memhog", ["hog-before", "hog-after"]),
    ("fuzz", ["fuzz-before", "fuzz-after"]),
]
PS_RE = re.compile(r"unixd: (\d+) processes, frames (\d+) in use of (\d+) owned, "
                   r"heap (\d+) bytes in (\d+) blocks")
MARK_RE = re.compile(r"HOSTILE MARK (\S+)")
DEATH_RE = re.compile(r"composer: unixd: (died|exited|restart|reclaimed|kernel memory not)")


def make_comp(args, path):
    with open(os.path.join(HERE, "hostile.comp")) as f:
        text = f.read()
    words = "%s %s%s" % (args.seed, args.calls, " " + args.only if args.only else "")
    if args.nr:
        words += " " + args.nr.replace(":", " ")
    text = text.replace("-- auto 1000000", "-- " + words)
    if args.trace:
        text = text.replace("args rootfs=", "args trace=1 rootfs=")
    with open(path, "w") as f:
        f.write(text)


def marks_for(only):
    marks = ["start"]
    for name, ms in PROGRAMS:
        if not only or only in name:
            marks += ms
    return marks + ["end"]


def boot(args, marks):
    out = os.path.join(args.build, "unixhostile")
    comp = os.path.join(out, "hostile.comp")
    make_comp(args, comp)
    serial = os.path.join(out, "serial.log")
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", args.kernel,
           "--module", os.path.join(args.build, "bin", "composer.elf"), "--module", comp,
           "--module", os.path.join(args.build, "bin", "unixd.elf"),
           "--module", os.path.join(out, "hostile.cpio"),
           "--timeout", str(args.timeout), "--log", serial, "--status", serial + ".status",
           "--stop-on", "HOSTILE FINISHED"]
    for m in marks:
        text = r"ps unixd\r" + (r"syscalls unixd\r" if m == "end" else "")
        cmd += ["--send", "HOSTILE MARK %s=%s" % (m, text)]
    subprocess.run(cmd, check=False)
    with open(serial, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    try:
        with open(serial + ".status") as f:
            status = f.read().strip()
    except OSError:
        status = "qemu-run left no status file"
    return lines, status


# The second boot: init ends while two children it started still run.
INIT_EXIT_ARGS = "init=/hostile/bin/initexit"      # initexit.sh
PS_ROW_RE = re.compile(r"^\s*(\d+)\s+(\d+)\s+\d+\s+\d+\s+([A-Z])\s")
INIT_GONE_RE = re.compile(r"unixd: init \(pid 1\) ended: exit status 3")


def boot_init_exit(args):
    """unixd's init (initexit.sh) ends (exit 3) leaving three orphans: two
    end a second later, the third says ORPHAN-DONE two seconds after that
    and stays.  unixd says init ended, and `ps unixd` then lists the third alone, with
    no parent (PPID 0): the two that ended were reaped, not left as zombies
    of a parent that is gone.  Returns the TEST line."""
    out = os.path.join(args.build, "unixhostile")
    comp = os.path.join(out, "initexit.comp")
    with open(os.path.join(HERE, "hostile.comp")) as f:
        text = f.read()
    text = re.sub(r"args .*", "args rootfs=hostile.cpio " + INIT_EXIT_ARGS, text)
    with open(comp, "w") as f:
        f.write(text)
    serial = os.path.join(out, "initexit.log")
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", args.kernel,
           "--module", os.path.join(args.build, "bin", "composer.elf"), "--module", comp,
           "--module", os.path.join(args.build, "bin", "unixd.elf"),
           "--module", os.path.join(out, "hostile.cpio"),
           "--timeout", "60", "--log", serial, "--stop-on", "processes, frames",
           "--send", r"ORPHAN-DONE=ps unixd\r"]
    subprocess.run(cmd, check=False)
    with open(serial, encoding="utf-8", errors="replace") as f:
        text = f.read()
    said = bool(INIT_GONE_RE.search(text))
    rows = [m.groups() for m in map(PS_ROW_RE.match, text.splitlines()) if m]
    deaths = DEATH_RE.search(text)
    ok = said and len(rows) == 1 and rows[0][1:] == ("0", "S") and not deaths
    return "TEST unixhostile/init/exit: %s (init's end %s; ps: %s%s)" % (
        "PASS" if ok else "FAIL", "logged" if said else "not logged",
        ", ".join("pid %s ppid %s %s" % r for r in rows) or "no process listed",
        "; " + deaths.group(0) if deaths else "")


def measurements(lines):
    """{mark: (processes, frames, heap)} from the first ps answer after each mark."""
    got, pending = {}, []
    for line in lines:
        m = MARK_RE.search(line)
        if m:
            pending.append(m.group(1))
            continue
        p = PS_RE.search(line)
        if p and pending:
            got[pending.pop(0)] = (int(p.group(1)), int(p.group(2)), int(p.group(4)))
    return got


def check_memory(results, got, before, after, name):
    if before not in got or after not in got:
        missing = [m for m in (before, after) if m not in got]
        results.append("TEST unixhostile/memory/%s: FAIL no ps answer at %s" % (name, ", ".join(missing)))
        return
    (p0, f0, h0), (p1, f1, h1) = got[before], got[after]
    ok = p0 == p1 and abs(f1 - f0) <= FRAMES_SLACK and abs(h1 - h0) <= HEAP_SLACK
    results.append("TEST unixhostile/memory/%s: %s (processes %d -> %d, frames %d -> %d, "
                   "heap %d -> %d bytes)" % (name, "PASS" if ok else "FAIL", p0, p1, f0, f1, h0, h1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--seed", default="auto")
    ap.add_argument("--calls", default="1000000")
    ap.add_argument("--only", default="")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--trace", action="store_true", help="unixd prints every system call")
    ap.add_argument("--nr", help="LO:HI: the fuzzer makes only calls LO..HI-1 (with --only fuzz)")
    args = ap.parse_args()

    marks = marks_for(args.only)
    lines, status = boot(args, marks)
    results = [l.strip() for l in lines if l.strip().startswith("TEST unixhostile/")]
    got = measurements(lines)
    deaths = [l for l in lines if DEATH_RE.search(l)]
    answered = all(m in got for m in marks)
    results.append("TEST unixhostile/unixd-alive: %s" % (
        "PASS (%d ps answers)" % len(got) if not deaths and answered else
        "FAIL " + (deaths[0].strip() if deaths else "no ps answer at " +
                   ", ".join(m for m in marks if m not in got))))
    for m in marks:
        if m.endswith("-before"):
            name = m[:-len("-before")]
            check_memory(results, got, m, name + "-after", name)
    check_memory(results, got, "start", "end", "whole-run")
    if not args.only or args.only in "initexit":
        results.append(boot_init_exit(args))
    finished = any("HOSTILE FINISHED" in l for l in lines)
    results.append("TEST unixhostile/finished: %s" % ("PASS" if finished else "FAIL " + (status or "no end line")))
    with open(args.log, "w") as f:
        f.write("\n".join(results) + "\nDONE unixhostile\n")
    with open(args.log + ".status", "w") as f:
        f.write("" if finished else "serial run: %s\n" % (status or "did not finish"))
    for r in results:
        print("  " + r)


if __name__ == "__main__":
    main()
