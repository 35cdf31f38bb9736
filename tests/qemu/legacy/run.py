#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""run.py - the legacy platform drivers' QEMU test (make legacy-qemu-test).

Usage: run.py --kernel K --legtest ELF --composer ELF --iokitd ELF
              --serclient ELF --logdir DIR

Two boots under tools/qemu-run, each with COM2 on a unix socket and the
QEMU monitor on another, the clock started at a fixed time (-rtc
base=2026-01-02T03:04:05):

- "root": the root task tests/qemu/legacy/legtest alone, driving the devices itself;
- "iokitd": the composer with tests/qemu/legacy/echo.comp: iokitd runs the
  drivers, the component serclient uses them through the interface.

In both, this script plays the other side:

- on `<WHO> ECHO READY n`: writes a short line, then a burst of 4096
  bytes (every byte value, far more than the 16-byte FIFO), into COM2 and
  checks that the guest sends every byte back, in order;
- on `<WHO> KBD READY`: types keys with the monitor's `sendkey`.

DIR/legacy.log gets the guests' TEST lines and this script's own
(`TEST legacy/<boot>/host/...`); DIR/legacy.status the harness failures.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
RTC_BASE = "2026-01-02T03:04:05"
RTC_EPOCH = 1767323045
SMALL = b"hello\n"
BURST = bytes((i * 7 + (i >> 8)) & 0xff for i in range(4096))
# what lt_kbd.c expects: "hello A/\x03B\n"
KEYS = ["h", "e", "l", "l", "o", "spc", "shift-a", "kp_divide", "ctrl_r-c",
        "caps_lock", "b", "caps_lock", "up", "ret"]
# what echo.comp's serclient expects: keys=hiX
KEYS_COMPOSED = ["h", "i", "shift-x", "ret"]


def connect(path, deadline):
    while time.time() < deadline:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            time.sleep(0.05)
    return None


def wait_line(log, text, deadline, stopped):
    while time.time() < deadline and not stopped.is_set():
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if text in line:
                        return line.strip()
        except OSError:
            pass
        time.sleep(0.1)
    return None


def recv_exact(s, n, deadline):
    buf = b""
    while len(buf) < n and time.time() < deadline:
        s.settimeout(max(0.05, min(0.5, deadline - time.time())))
        try:
            chunk = s.recv(n - len(buf))
        except socket.timeout:
            continue
        if not chunk:
            break
        buf += chunk
    return buf


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


class Host:
    def __init__(self, boot, who, keys, log, com2, mon):
        self.boot, self.who, self.keylist = boot, who, keys
        self.log, self.com2, self.mon = log, com2, mon
        self.results = []
        self.stopped = threading.Event()     # QEMU has exited: stop waiting

    def result(self, name, ok, why):
        label = f"legacy/{self.boot}/host/{name}"
        self.results.append(f"TEST {label} PASS" if ok else f"TEST {label} FAIL {why}")

    def echo(self, s):
        s.sendall(SMALL)
        got = recv_exact(s, len(SMALL), time.time() + 10)
        self.result("echo_small", got == SMALL, f"sent {SMALL!r}, got {got!r}")
        s.sendall(BURST)
        got = recv_exact(s, len(BURST), time.time() + 30)
        ok = got == BURST
        why = "" if ok else (f"got {len(got)} of {len(BURST)} bytes, first difference "
                             f"at {first_diff(got, BURST)}")
        self.result("echo_burst", ok, why)

    def keys(self, m):
        m.settimeout(0.2)
        for k in self.keylist:
            m.sendall(f"sendkey {k}\n".encode())
            time.sleep(0.15)
        self.result("keys_sent", True, "")

    def run(self):
        deadline = time.time() + 100
        s = connect(self.com2, time.time() + 20)
        m = connect(self.mon, time.time() + 20)
        if not s or not m:
            self.result("connect", False, "cannot connect to the COM2 or monitor socket")
            return
        if wait_line(self.log, f"{self.who} ECHO READY", deadline, self.stopped):
            self.echo(s)
        else:
            self.result("echo_small", False, f"the guest never said {self.who} ECHO READY")
        if wait_line(self.log, f"{self.who} KBD READY", deadline, self.stopped):
            self.keys(m)
        else:
            self.result("keys_sent", False, f"the guest never said {self.who} KBD READY")
        s.close()
        m.close()


def boot(logdir, name, who, keys, kernel, modules, qemu_args, prefix, end_line=None):
    """One QEMU boot with its host side; (TEST lines, harness failure)."""
    out = os.path.join(logdir, f"legacy-{name}.out")
    com2 = os.path.join(logdir, f"legacy-{name}-com2.sock")
    mon = os.path.join(logdir, f"legacy-{name}-mon.sock")
    for path in (com2, mon, out):
        if os.path.exists(path):
            os.unlink(path)
    cmd = [sys.executable, os.path.join(TOP, "tools/qemu-run"), "--kernel", kernel,
           "--timeout", "120", "--log", out, "--status", out + ".status",
           "--extra-qemu", f"-serial unix:{com2},server=on,wait=off",
           "--extra-qemu", f"-monitor unix:{mon},server=on,wait=off",
           "--extra-qemu", f"-rtc base={RTC_BASE}"] + qemu_args
    for m in modules:
        cmd += ["--module", m]
    host = Host(name, who, keys, out, com2, mon)
    t = threading.Thread(target=host.run)
    qemu = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.start()
    qemu.wait()
    host.stopped.set()
    t.join()
    lines = []
    try:
        with open(out, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f if l.startswith(prefix)]
    except OSError:
        pass
    try:
        with open(out + ".status") as f:
            status = f.read().strip()
    except OSError:
        status = "run.py: qemu-run left no status"
    if not status and end_line:
        with open(out, encoding="utf-8", errors="replace") as f:
            if end_line not in f.read():
                status = f"the boot never printed '{end_line}'"
    return lines + host.results, (f"{name}: {status}" if status else "")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", required=True)
    p.add_argument("--legtest", required=True)
    p.add_argument("--composer", required=True)
    p.add_argument("--iokitd", required=True)
    p.add_argument("--serclient", required=True)
    p.add_argument("--logdir", required=True)
    p.add_argument("--only", choices=["root", "iokitd"])
    a = p.parse_args()
    os.makedirs(a.logdir, exist_ok=True)
    echo_bytes = len(SMALL) + len(BURST)
    lines, failures = [], []
    if a.only in (None, "root"):
        got, why = boot(a.logdir, "root", "LEGTEST", KEYS, a.kernel,
                        [f"{a.legtest} echo={echo_bytes} rtc={RTC_EPOCH}"],
                        ["--expect-done", "legacy"], "TEST legacy/")
        lines += got
        failures += [why] if why else []
    if a.only in (None, "iokitd"):
        got, why = boot(a.logdir, "iokitd", "SERCLIENT", KEYS_COMPOSED, a.kernel,
                        [a.composer, os.path.join(HERE, "echo.comp"), a.iokitd, a.serclient],
                        ["--send", r"serclient: done=ioreg iokit0 /platform\r",
                         "--stop-on", "ioreg: end of /platform"], "TEST serclient/",
                        "ioreg: end of /platform")
        lines += got
        failures += [why] if why else []
        lines += composed_checks(os.path.join(a.logdir, "legacy-iokitd.out"))
    with open(os.path.join(a.logdir, "legacy.log"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(a.logdir, "legacy.status"), "w") as f:
        f.write("".join(w + "\n" for w in failures))
    return 0


# What iokitd must say about the drivers in the composed boot.
COMPOSED_CHECKS = [
    ("uart_started", "IOSerial16550 at 2f8: 16550A, irq 3, stream com2"),
    ("kbd_started", "IOPS2Keyboard at 60: irq 1, stream kbd0"),
    ("rtc_started", "IOCMOSClock at 70: 2026-01-02T03:0"),
    ("client_done", "serclient: done (0 failed)"),
]


def check(name, ok, why):
    return f"TEST legacy/iokitd/{name} PASS" if ok else f"TEST legacy/iokitd/{name} FAIL {why}"


def nub_children(text, nub):
    """The drivers ioreg shows under a platform nub (None: no such nub)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"  o {nub} "):
            kids = []
            for l in lines[i + 1:]:
                if l.startswith("  o ") or l.startswith("ioreg: end"):
                    break
                if l.startswith("    o "):
                    kids.append(l.split()[1])
            return kids
    return None


def composed_checks(out):
    try:
        with open(out, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    res = []
    for name, want in COMPOSED_CHECKS:
        ok = want in text
        res.append(f"TEST legacy/iokitd/{name} PASS" if ok
                   else f"TEST legacy/iokitd/{name} FAIL missing '{want}'")
    # the registry (`ioreg iokit0 /platform` typed at the composer's console):
    # COM3's nub is there without a driver, COM2's has one, the clock's
    # "time" property is the time QEMU started the clock at
    res.append(check("com3_declined", nub_children(text, "serial@3e8") == [],
                     f"serial@3e8 has drivers {nub_children(text, 'serial@3e8')}"))
    res.append(check("com2_driven", nub_children(text, "serial@2f8") == ["IOSerial16550"],
                     f"serial@2f8 has drivers {nub_children(text, 'serial@2f8')}"))
    m = re.search(r'"time" = (0x[0-9a-f]+)', text)
    t = int(m.group(1), 16) if m else 0
    res.append(check("rtc_time_property", RTC_EPOCH <= t <= RTC_EPOCH + 60,
                     f'"time" is {t}, QEMU started the clock at {RTC_EPOCH}'))
    return res


if __name__ == "__main__":
    sys.exit(main())
