#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""iokit-test - boot the driver framework server iokitd under the composer
and check it (mk/iokitd.mk, docs/IOKIT.md "The framework server").

Usage: iokit-test --kernel darbat.bin --build BUILD_DIR --log LOG

Scenarios (compositions in tests/qemu/iokitd/):

  basic      one instance with the q35 AHCI controller, a virtio-blk disk,
             COM2, the RTC, an extra platform nub and driver modules from
             the boot image; a client component of the registry interface
             (its own TEST lines); console commands typed at the composer's
             console (ioreg, kextstat, kextload, kextunload, bad input) with
             their exact answers; the PCI nubs' IDs, classes, BARs, IRQs and
             capability lists against fixed expectations and against what
             QEMU's own monitor (`info pci`, on a unix socket) says.
  instances  two instances, each with its own devices; one is killed from
             the console, restarted and enumerates again while the other
             keeps answering.

Every check is one `TEST iokitd/<scenario>/<check> PASS|FAIL reason` line
in LOG, after the client's own TEST lines; LOG ends with `DONE iokitd`.
Serial output of each run goes to BUILD_DIR/iokitd/<scenario>.out.
A run that did not reach its stop line (timeout, QEMU gone: tools/qemu-run's
status for it) is a line `<scenario>: <reason>` in LOG.status (LOG with
`.status` appended, a name the make rule's own iokitd.status leaves alone),
which tools/summarize counts as a harness failure.
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
COMPS = HERE

# What QEMU 7.2's q35 machine and `-device virtio-blk-pci` (transitional)
# really are (`info pci`, lspci -vvv in a Linux guest): IDs, class code,
# revision, subsystem, capability IDs in list order, MSI / MSI-X, and BARs
# (index, type, size).
EXPECTED_PCI = {
    "pci8086,2922@1f,2": {          # ICH9 AHCI
        "vendor-id": "0x8086", "device-id": "0x2922", "class-code": "0x10601",
        "revision-id": "0x2", "subsystem-vendor-id": "0x1af4", "subsystem-id": "0x1100",
        "capabilities": "(0x5, 0x12)", "msi": "0x1", "msi-x": "0x0",
        "bars": [(4, "io", 0x20), (5, "mem32", 0x1000)],
    },
    "pci1af4,1001@3,0": {           # virtio-blk, transitional
        "vendor-id": "0x1af4", "device-id": "0x1001", "class-code": "0x10000",
        "revision-id": "0x0", "subsystem-vendor-id": "0x1af4", "subsystem-id": "0x2",
        "capabilities": "(0x11, 0x9, 0x9, 0x9, 0x9, 0x9)", "msi": "0x0", "msi-x": "0x1",
        "bars": [(0, "io", 0x80), (1, "mem32", 0x1000), (4, "mem64", 0x4000)],
    },
}

BASIC_SENDS = [
    ("ioregtest: done", r"ioreg iokit0\r"),
    ("ioreg: end of /", r"ioreg iokit0 /pci@0/pci1af4,1001@3,0\r"),
    ("ioreg: end of /pci@0/pci1af4,1001@3,0", r"ioreg iokit0 /nosuch@9\r"),
    ("no such registry entry", r"kextstat iokit0\r"),
    ("kextstat: end (4 modules)", r"kextunload iokit0 srvlib\r"),
    ("kextunload: srvlib: in use", r"kextunload iokit0 srvuser\r"),
    ("kextunload: srvuser unloaded", r"kextunload iokit0 srvlib\r"),
    ("kextunload: srvlib unloaded", r"kextunload iokit0 srvdrv\r"),
    ("kextunload: srvdrv unloaded", r"ioreg iokit0 /platform/srvtest\r"),
    ("ioreg: end of /platform/srvtest", r"kextunload iokit0 nosuch\r"),
    ("kextunload: nosuch: no such module", r"kextload iokit0 nosuch.kmod\r"),
    ("kextload: nosuch.kmod: not granted", r"kextload iokit0 notmod.kmod\r"),
    ("kextload: kmod: notmod.kmod:", r"kextload iokit0 oldabi.kmod\r"),
    ("kextload: moddrv: oldabi:", r"kextload iokit0 badstart.kmod\r"),
    ("kextload: badstart: module_start refused", r"kextload iokit0 srvdrv.kmod\r"),
    ("kextload: loaded srvdrv", r"kextload iokit0 srvdrv.kmod\r"),
    ("kextload: kmod: srvdrv.kmod:", r"kextstat iokit0\r"),
    ("kextstat: end (2 modules)", r"tell iokit0 bogus words\r"),
    ("unknown command 'bogus'", r"tell iokit0 kextload\r"),
    ("kextload: usage", r"ioreg iokit0 /platform\r"),
    # the console does not echo what is typed: the run ends on the answer
    # to this, "no component 'CONSOLE-END'"
    ("ioreg: end of /platform", r"stop CONSOLE-END\r"),
]

BASIC_CHECKS = [
    ("has", "iokitd: iokit0: ready: "),
    ("has", "4 modules, 4 platform nubs, 2 PCI functions"),
    ("has", "iokit0: exampledrv: loaded"),
    ("has", "iokitd: boot: loaded exampledrv 1.1.0 from exampledrv.kmod"),
    ("has", "iokitd: boot: exampledrv: personality ExampleDriver on IOPlatformDevice match \"name=example\" score 100"),
    ("has", "iokit0: /platform/example/ExampleDriver: driving example@: 0 ports at 0x0"),
    ("has", "iokit0: srvuser: srvlib_twice(21) = 42"),
    ("has", "iokitd: boot: loaded srvuser 1.0 from srvuser.kmod"),
    ("has", "iokitd: boot: moddrv: oldabi: built against ABI 1.0: driver personalities need 1.2: unloaded"),
    ("has", "iokitd: boot: badstart: module_start refused (-5): unloaded"),
    ("has", "iokitd: boot: kmod: notmod.kmod: not a relocatable object (type 2)"),
    ("order", ["iokitd: boot: loaded srvlib 1.0 from srvlib.kmod", "iokitd: boot: loaded srvuser 1.0",
               "iokitd: boot: kmod: orphan.kmod: missing dependency 'nosuchlib'"]),
    ("count", r"missing dependency", 1),
    ("has", "iokitd: iokit0: registry service 'regpci' serves /pci@0"),
    ("ioreg", "serial@2f8", {"io-base": "0x2f8", "io-count": "0x8", "interrupt": "0x3"}),
    ("ioreg", "rtc@70", {"io-base": "0x70", "io-count": "0x2", "interrupt": "0x8"}),
    ("ioreg", "example", {}),
    ("ioreg", "ExampleDriver", {"IOClass": '"ExampleDriver"', "example-state": '"running"'}),
    ("ioreg", "SrvTestDriver", {"srvtest-state": '"running"'}),
    ("noentry", "serial@3f8"),
    ("noentry", "ps2@60"),
    ("pci", "pci8086,2922@1f,2"),
    ("pci", "pci1af4,1001@3,0"),
    ("qemu", "pci8086,2922@1f,2", "00:1f.2"),
    ("qemu", "pci1af4,1001@3,0", "00:03.0"),
    ("has", "ioreg: /nosuch@9: no such registry entry"),
    ("order", ["kextunload: srvlib: in use (1 references)", "kextunload: srvuser unloaded (0 drivers",
               "kextunload: srvlib unloaded", "srvdrv: stopped",
               "kextunload: srvdrv unloaded (1 drivers terminated)"]),
    ("dump", "/platform/srvtest", ["o srvtest"], ["SrvTestDriver"]),
    ("has", "kextunload: nosuch: no such module loaded"),
    ("has", "kextload: nosuch.kmod: not granted (no 'file nosuch.kmod' in the composition)"),
    ("has", "kextload: kmod: notmod.kmod: not a relocatable object (type 2)"),
    ("has", "kextload: moddrv: oldabi: built against ABI 1.0: driver personalities need 1.2: unloaded"),
    ("has", "kextload: badstart: module_start refused (-5): unloaded"),
    ("order", ["kextload: srvdrv: personality SrvTestDriver on IOPlatformDevice",
               "/platform/srvtest/SrvTestDriver: srvdrv: driving srvtest",
               "kextload: loaded srvdrv 0.3 from srvdrv.kmod"]),
    ("has", "kextload: kmod: srvdrv.kmod: module 'srvdrv' already loaded"),
    ("kextstat", ["exampledrv", "srvdrv"], ["srvlib", "srvuser"]),
    ("has", "iokitd: iokit0: unknown command 'bogus'"),
    ("has", "kextload: usage: kextload FILE"),
    ("has", "ioreg: end of /platform"),
    ("not", "iokit0: busy"),
    ("not", "composer: iokit0: died"),
    ("count", r"TEST iokitd/reg/\S+ PASS", 22),
]

INSTANCE_SENDS = [
    ("iokitd: iokit1: ready", r"ioreg iokit1 /pci@0\r"),
    ("ioreg: end of /pci@0", r"kill iokit1\r"),
    ("iokitd: iokit1: ready", r"ioreg iokit0 /platform\r"),      # generation 1
    ("ioreg: end of /platform", r"ioreg iokit1 /pci@0/pci1af4,1001@3,0\r"),
    ("ioreg: end of /pci@0/pci1af4,1001@3,0", r"stop CONSOLE-END\r"),     # as above
]

INSTANCE_CHECKS = [
    ("has", "iokitd: iokit0: ready: 6 built-in drivers, 1 modules, 3 platform nubs, 1 PCI functions"),
    ("dump", "/platform", ["o serial@2f8", "o rtc@70", "o ps2@60", '"io-base" = 0x60',
                           '"io-count" = 0x5', '"interrupt" = 0x1'], ["serial@3f8", "pci"]),
    ("has", "iokitd: iokit1: ready: 6 built-in drivers, 0 modules, 0 platform nubs, 1 PCI functions"),
    ("order", ["composer: iokit1: died: killed from the console", "iokitd: iokit1: starting (generation 1)",
               "iokitd: iokit1: ready:", "1 PCI functions", "(generation 1)"]),
    ("not", "composer: iokit0: died"),
    ("has", "composer: iokit1: reclaimed: all"),
]


def run(args, name, comp, modules, stop, sends, extra_qemu, monitor=None):
    out = os.path.join(args.build, "iokitd", f"{name}.out")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", args.kernel,
           "--module", os.path.join(args.build, "bin", "composer.elf"),
           "--module", os.path.join(COMPS, comp)]
    for m in modules:
        cmd += ["--module", m]
    cmd += ["--timeout", "90", "--log", out, "--status", out + ".status", "--stop-on", stop]
    for pattern, text in sends:
        cmd += ["--send", f"{pattern}={text}"]
    for e in extra_qemu:
        cmd += ["--extra-qemu", e]
    mon_text = []
    thread = None
    ended = threading.Event()
    if monitor:
        # the run's last console answer can come before the monitor has
        # answered: qemu-run keeps QEMU running until the thread is done
        asked = out + ".monitor-asked"
        if os.path.exists(asked):
            os.unlink(asked)
        cmd += ["--hold-until", asked]
        thread = threading.Thread(target=ask_monitor, args=(monitor, out, mon_text, ended, asked))
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
    return text, "".join(mon_text), status


def ask_monitor(sock_path, log, result, ended, asked):
    """`info pci` on QEMU's monitor once iokitd is ready (BARs assigned);
    gives up when the run has ended (QEMU gone).  Creates the file ASKED
    when done, whatever the outcome (qemu-run --hold-until)."""
    try:
        query_monitor(sock_path, log, result, ended)
    finally:
        with open(asked, "w"):
            pass


def query_monitor(sock_path, log, result, ended):
    deadline = time.time() + 60
    s = None
    while time.time() < deadline and s is None and not ended.is_set():
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sock_path)
        except OSError:
            s = None
            time.sleep(0.1)
    if s is None:
        return
    while time.time() < deadline and not ended.is_set():
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                if "ready:" in f.read():
                    break
        except OSError:
            pass
        time.sleep(0.2)
    s.settimeout(0.5)
    buf = b""
    try:
        s.sendall(b"info pci\n")
        end = time.time() + 3
        while time.time() < end:
            try:
                chunk = s.recv(65536)
                if not chunk:
                    break
                buf += chunk
            except socket.timeout:
                if b"id \"\"" in buf:
                    break
    except OSError:
        pass            # QEMU ended early: the checks report the missing answer
    s.close()
    result.append(re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", buf.decode("utf-8", "replace")))


def parse_ioreg(text):
    """Entries of the first full `ioreg` dump: 'name@loc' -> {key: value text}."""
    entries = {}
    cur, key = None, None
    inside = False
    for line in text.splitlines():
        if re.search(r"ioreg: \S+: /$", line):
            inside = True
            continue
        if "ioreg: end of /" in line and inside:
            break
        if not inside:
            continue
        m = re.match(r"^\s*o (\S+)\s+<", line)
        if m:
            cur = entries.setdefault(m.group(1), {})
            continue
        m = re.match(r'^\s*"([^"]+)" = (.*)$', line)
        if m and cur is not None:
            key = m.group(1)
            cur[key] = m.group(2)
            continue
        m = re.match(r"^\s*> (.*)$", line)      # a long value continues
        if m and cur is not None and key in cur:
            cur[key] += m.group(1)
    return entries


def parse_bars(text):
    return [(int(m.group(1), 16), m.group(2), int(m.group(3), 16), int(m.group(4), 16))
            for m in re.finditer(r'\{"index" = (0x[0-9a-f]+), "type" = "(\w+)", '
                                 r'"address" = (0x[0-9a-f]+), "size" = (0x[0-9a-f]+)', text)]


def parse_info_pci(text):
    """`info pci` -> {"BB:DD.F": {"id", "subsys", "irq", "bars": {i: (addr, size)}}}."""
    devs = {}
    cur = None
    for line in text.splitlines():
        m = re.match(r"\s*Bus\s+(\d+), device\s+(\d+), function (\d+):", line)
        if m:
            key = f"{int(m.group(1)):02x}:{int(m.group(2)):02x}.{int(m.group(3))}"
            cur = devs.setdefault(key, {"bars": {}})
            continue
        if cur is None:
            continue
        m = re.search(r"PCI device ([0-9a-f]{4}):([0-9a-f]{4})", line)
        if m and "subsystem" not in line:
            cur["id"] = (int(m.group(1), 16), int(m.group(2), 16))
        m = re.search(r"PCI subsystem ([0-9a-f]{4}):([0-9a-f]{4})", line)
        if m:
            cur["subsys"] = (int(m.group(1), 16), int(m.group(2), 16))
        m = re.search(r"IRQ (\d+)", line)
        if m:
            cur["irq"] = int(m.group(1))
        m = re.search(r"BAR(\d): .* at (0x[0-9a-f]+) \[(0x[0-9a-f]+)\]", line)
        if m:
            a, e = int(m.group(2), 16), int(m.group(3), 16)
            cur["bars"][int(m.group(1))] = (a, e - a + 1)
    return devs


def check_pci(entries, name):
    want = EXPECTED_PCI[name]
    got = entries.get(name)
    if got is None:
        return False, f"no entry {name} in ioreg output"
    for key, val in want.items():
        if key == "bars":
            bars = [(i, t, s) for i, t, _a, s in parse_bars(got.get("bars", ""))]
            if bars != val:
                return False, f"{name}: bars {bars}, expected {val}"
        elif got.get(key) != val:
            return False, f"{name}: {key} = {got.get(key)}, expected {val}"
    return True, ""


def check_qemu(entries, mon, name, bdf):
    devs = parse_info_pci(mon)
    if bdf not in devs:
        return False, f"QEMU's info pci has no {bdf} (monitor said {len(mon)} bytes)"
    q, got = devs[bdf], entries.get(name, {})
    num = lambda k: int(got.get(k, "-1"), 16) if got.get(k, "").startswith("0x") else -1
    if (num("vendor-id"), num("device-id")) != q.get("id"):
        return False, f"{name}: IDs {num('vendor-id'):x}:{num('device-id'):x}, QEMU {q.get('id')}"
    if (num("subsystem-vendor-id"), num("subsystem-id")) != q.get("subsys"):
        return False, f"{name}: subsystem differs from QEMU's {q.get('subsys')}"
    if num("interrupt") != q.get("irq"):
        return False, f"{name}: interrupt {num('interrupt')}, QEMU IRQ {q.get('irq')}"
    bars = {i: (a, s) for i, _t, a, s in parse_bars(got.get("bars", ""))}
    if bars != q["bars"]:
        return False, f"{name}: BARs {bars}, QEMU {q['bars']}"
    return True, ""


def check_kextstat(text, present, absent):
    blocks = re.findall(r"kextstat: \d+ modules.*?kextstat: end \(\d+ modules\)", text, re.S)
    if len(blocks) < 2:
        return False, f"{len(blocks)} kextstat answers, expected 2"
    last = blocks[-1]
    names = re.findall(r"^  (\S+)\s+\S+\s+\d+\s+\d+\s+0x", last, re.M)
    if sorted(names) != sorted(present) or any(a in names for a in absent):
        return False, f"modules {names}, expected {present}"
    return True, ""


def check(text, mon, entries, chk):
    kind = chk[0]
    if kind == "has":
        return chk[1] in text, f"missing '{chk[1]}'"
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
    if kind == "ioreg":
        got = entries.get(chk[1])
        if got is None:
            return False, f"no entry {chk[1]}"
        for k, v in chk[2].items():
            if got.get(k) != v:
                return False, f"{chk[1]}: {k} = {got.get(k)}, expected {v}"
        return True, ""
    if kind == "noentry":
        return chk[1] not in entries, f"unexpected entry {chk[1]}"
    if kind == "pci":
        return check_pci(entries, chk[1])
    if kind == "qemu":
        return check_qemu(entries, mon, chk[1], chk[2])
    if kind == "dump":
        m = re.search(r"ioreg: \S+: " + re.escape(chk[1]) + r"\n(.*?)ioreg: end of " +
                      re.escape(chk[1]) + r"\n", text, re.S)
        if not m:
            return False, f"no ioreg dump of {chk[1]}"
        missing = [t for t in chk[2] if t not in m.group(1)]
        extra = [t for t in chk[3] if t in m.group(1)]
        return not missing and not extra, f"{chk[1]}: missing {missing}, unexpected {extra}"
    if kind == "kextstat":
        return check_kextstat(text, chk[1], chk[2])
    return False, f"unknown check {kind}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--kernel", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--log", required=True)
    args = p.parse_args()
    with open(args.log + ".status", "w"):
        pass                            # no stale reasons from an earlier run
    user = lambda n: os.path.join(args.build, "bin", n)
    mod = lambda n: os.path.join(args.build, "iokitd", "mods", n)
    disk = os.path.join(args.build, "iokitd", "disk0.img")
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    with open(disk, "wb") as f:
        f.truncate(4 << 20)
    virtio = f"-drive if=none,id=d0,file={disk},format=raw -device virtio-blk-pci,drive=d0,addr=3"
    sock = os.path.join(args.build, "iokitd", "monitor.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    results = []
    harness = []

    mods = [user("iokitd.elf"), user("ioregtest.elf")] + \
        [mod(m + ".kmod") for m in ("exampledrv", "srvlib", "srvuser", "srvdrv", "oldabi",
                                    "badstart", "notmod", "orphan")]
    text, mon, status = run(args, "basic", "basic.comp", mods, "CONSOLE-END", BASIC_SENDS,
                            [virtio, f"-monitor unix:{sock},server=on,wait=off"], monitor=sock)
    if status:
        harness.append(f"basic: {status}")
    results += [l for l in text.splitlines() if l.startswith("TEST iokitd/")]
    entries = parse_ioreg(text)
    for i, chk in enumerate(BASIC_CHECKS):
        ok, why = check(text, mon, entries, chk)
        results.append(f"TEST iokitd/basic/{chk[0]}{i} " + ("PASS" if ok else f"FAIL {why}"))

    mods = [user("iokitd.elf"), mod("exampledrv.kmod")]
    text, _, status = run(args, "instances", "instances.comp", mods, "CONSOLE-END",
                          INSTANCE_SENDS, [virtio])
    if status:
        harness.append(f"instances: {status}")
    for i, chk in enumerate(INSTANCE_CHECKS):
        ok, why = check(text, "", {}, chk)
        results.append(f"TEST iokitd/instances/{chk[0]}{i} " + ("PASS" if ok else f"FAIL {why}"))
    # each instance shows only its own devices
    dumps = re.findall(r"ioreg: (iokit\d): /pci@0\n(.*?)ioreg: end of /pci@0\n", text, re.S)
    own = [d for who, d in dumps if who == "iokit1"]
    ok = bool(own) and "pci1af4,1001@3,0" in own[0] and "pci8086,2922" not in own[0]
    results.append("TEST iokitd/instances/own_devices_only " +
                   ("PASS" if ok else f"FAIL iokit1's /pci@0: {own[:1]}"))
    after = text.split("generation 1)", 1)[-1]
    ok = "ioreg: end of /platform" in after and "ioreg: end of /pci@0/pci1af4,1001@3,0" in after
    results.append("TEST iokitd/instances/both_serve_after_restart " +
                   ("PASS" if ok else "FAIL no answer from one of the instances after the restart"))

    with open(args.log, "w") as f:
        f.write("\n".join(results) + "\nDONE iokitd\n")
    with open(args.log + ".status", "w") as f:
        f.write("".join(h + "\n" for h in harness))
    return 0


if __name__ == "__main__":
    sys.exit(main())
