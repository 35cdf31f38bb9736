#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""composer-test - boot the composer with test compositions and check it.

Usage: composer-test KERNEL COMPOSER_ELF COMPTEST_ELF LOGDIR
       COMPOSER_TEST_ONLY="dma files" composer-test ...   (only those scenarios)

Each scenario boots the composer (root task), a composition from
tests/qemu/composer/ and the comptest component, waits for a line that ends it,
and checks the serial output: lines the composer and the components must
print, in order where it matters, and lines that must not appear (and,
after HALT, that the machine powered off).  The console scenario types
commands the way a person would.  Results are
`TEST composer/<scenario>/<check> PASS|FAIL` lines in LOGDIR/composer.log,
after the components' own `TEST composer/...` lines from the runs.

A component test that ran more than once (a component restarted by its
composition runs its tests again in each generation) is one line in the
log: PASS if every run passed, else the first failure.  A run that did not
reach its stop line (timeout, QEMU gone, HALT too early: tools/qemu-run's
status) is a line `<scenario>: <reason>` in LOGDIR/composer.status, which
tools/summarize counts as a harness failure; the serial output of each run
is LOGDIR/composer-<scenario>.out.
"""
import importlib.machinery
import importlib.util
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
USER_DIR = "."      # where the boot modules are (set from COMPTEST_ELF)
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

# name, composition, stop-on line, [(send-on, text)], checks[, extra QEMU arguments]
# (stop-on None: not stopped at HALT; the guest must power QEMU off itself)
# check: ("has", text) | ("not", text) | ("count", regex, n) | ("order", [texts])
#        | ("poweroff",): QEMU exited by itself with the composer's power-off status
SCENARIOS = [
    # the shipped compositions boot (make run uses default.comp)
    ("default", "../../../compositions/default.comp", "for the kernel debugger", [], [
        ("has", "composer: system 'default', 4 components"),
        ("has", "hello: a second thread says hello from the heap"),
        ("has", "iokitd: iokit0: ready"),
        ("not", "composer: iokit0: died"),
    ], "-device virtio-rng-pci,disable-legacy=on"),   # what `make run` adds (RUN_DEVICES)
    ("minimal", "../../../compositions/minimal.comp", "for the kernel debugger", [], [
        ("has", "composer: hello: hello: I am 'hello'"),
        ("not", "cannot create it"),
    ]),
    ("authority", "authority.comp", "comptest: client done", [], [
        ("has", "composer: system 'authority', 2 components"),
        ("order", ["composer: echo: started", "composer: client: started"]),
        ("has", "TEST composer/routed_service_answers PASS"),
        ("count", r"TEST composer/\S+ FAIL", 0),
    ]),
    # `list` at the end: restarts by policy and deaths, counted apart
    ("restart", "restart.comp", "failer       failed", [("restart limit 3 reached", r"list\r")], [
        ("count", r"comptest: crash generation \d", 4),
        ("backoff", [20, 40, 80]),
        ("order", ["restart 1 of 3 in 20 ms", "restart 2 of 3 in 40 ms",
                   "restart 3 of 3 in 80 ms", "restart limit 3 reached: it stays down"]),
        ("has", "composer: crasher: died: page fault at 8"),
        ("has", "composer: crasher: registers rip"),
        ("count", r"composer: crasher: reclaimed: all \d+ bytes of its kernel memory", 4),
        ("not", "kernel memory not reclaimed"),
        ("has", "composer: finisher: exited normally"),
        ("has", "composer: failer: died: exited with code 7"),
        ("not", "composer: failer: restart"),
        ("has", "component    state    restarts   deaths"),
        ("count", r"crasher +failed +3 +4 ", 1),
        ("count", r"finisher +exited +0 +0 ", 1),
        ("count", r"failer +failed +0 +1 ", 1),
    ]),
    ("shm", "shm.comp", "comptest: shmwatch done", [], [
        ("has", "composer: shmclient: shares 4 pages with echo (region 0)"),
        ("has", "TEST composer/shm_sum_whole_region PASS"),
        ("has", "TEST composer/shm_phys_contiguous PASS"),
        ("has", "composer: echo: keeps the 4 pages of region 0 until it stops"),
        ("has", "TEST composer/shm_unrouted_refused PASS"),
        ("has", "TEST composer/shm_over_budget_refused PASS"),
        ("has", "TEST composer/shm_range_past_end_refused PASS"),
        ("order", ["comptest: shmclient done", "composer: shmclient: region 0 with echo released",
                   "composer: shmclient: reclaimed: all", "composer: shmclient: died: page fault at 8",
                   "TEST composer/shm_provider_region_gone PASS"]),
        ("has", "TEST composer/shm_provider_old_pages_revoked PASS"),
        ("not", "kernel memory not reclaimed"),
        ("not", "composer: echo: died"),
        ("count", r"TEST composer/\S+ FAIL", 0),
    ]),
    ("pci", "pci.comp", "pciprobe done", [], [
        ("has", "composer: prober: PCI 00:1f.2 granted: 4 resources"),
        ("has", "comptest: irq 00:1f.2/msi line 24"),
        ("has", "composer: byid: PCI 00:01.0 granted"),
        ("has", "comptest: ports c060+32 readable"),
        ("not", "TEST composer/pci_function_memory_mapped FAIL"),
    ]),
    # the services for drivers (tests/qemu/composer/drv.c)
    ("pcicfg", "pcicfg.comp", "comptest: pcicfg done", [], [
        ("has", "composer: pcicfg: PCI 00:1f.2 granted: 4 resources"),
        ("has", "TEST composer/pci_env_function PASS"),
        ("has", "TEST composer/pci_env_bars PASS"),
        ("has", "TEST composer/pci_env_irq PASS"),
        ("has", "TEST composer/pci_read_widths PASS"),
        ("has", "TEST composer/pci_other_function_refused PASS"),
        ("has", "TEST composer/pci_bad_offset_width_refused PASS"),
        ("has", "TEST composer/pci_bar_rom_header_writes_refused PASS"),
        ("has", "TEST composer/pci_command_filtered PASS"),
        ("has", "TEST composer/pci_write_reaches_device PASS"),
        ("count", r"TEST composer/\S+ FAIL", 0),
    ]),
    # a PCI-PCI bridge (QEMU's PCIe root port at 00:05.0, header type 1)
    ("pcibridge", "pcibridge.comp", "comptest: pcibridge done", [], [
        ("has", "TEST composer/pci_bridge_env PASS"),
        ("has", "TEST composer/pci_bridge_windows_refused PASS"),
        ("has", "TEST composer/pci_bridge_control_written PASS"),
        ("count", r"TEST composer/\S+ FAIL", 0),
    ], "-device pcie-root-port,id=rp5,bus=pcie.0,addr=0x5,chassis=5"),
    ("dma", "dma.comp", "restart limit 1 reached", [], [
        ("count", r"TEST composer/dma_alloc_phys_contiguous PASS", 2),
        ("count", r"TEST composer/dma_64_pages_contiguous PASS", 2),
        ("count", r"TEST composer/dma_free PASS", 2),
        ("has", "TEST composer/dma_budget_given_back PASS"),
        ("has", "TEST composer/dma_over_budget_refused PASS"),
        ("has", "TEST composer/dma_buffer_slots_limited PASS"),
        ("count", r"TEST composer/\S+ FAIL", 0),
        ("order", ["comptest: dma done, dying with 2 buffers",
                   "composer: dma: reclaimed: 2 DMA buffers, all 66 pages",
                   "composer: dma: reclaimed: all", "composer: dma: died: page fault at 300000000000",
                   "composer: dma: started (generation 1)"]),
        ("count", r"composer: dma: reclaimed: 2 DMA buffers, all 66 pages", 2),
        ("dmareuse",),
        ("not", "DMA frames not reclaimed"),
        ("not", "kernel memory not reclaimed"),
    ]),
    ("files", "files.comp", "restart limit 1 reached", [], [
        ("has", "composer: nofile: no boot module 'nosuch.bin' for its 'file' grant"),
        ("has", "composer: nofile: cannot start: no boot module 'nosuch.bin' for its 'file' grant"),
        ("not", "no boot module 'comptest.elf'"),
        ("not", "composer: nofile: started"),
        ("has", "TEST composer/file_env_entry PASS"),
        ("has", "TEST composer/file_mapped PASS"),
        ("has", "TEST composer/file_not_granted_refused PASS"),
        ("filehash", "hello.elf"),
        ("has", "composer: files: died: page fault at 380000000010"),
        ("has", "a write to a read-only file"),
        ("order", ["composer: files: started (generation 1)", "touching the window before asking",
                   "composer: files: died: page fault at 380000000000"]),
        ("count", r"TEST composer/\S+ FAIL", 0),
        ("not", "kernel memory not reclaimed"),
    ]),
    ("control", "control.comp", "ctl: not running", [
        ("comptest: control ready (generation 0)", r"ioreg ctl /pci@0\r"),
        ("comptest: control: 'ioreg /pci@0'", r"kextstat ctl\r"),
        ("comptest: control: 'kextstat'", r"kextload ctl blk.kmod\r"),
        ("comptest: control: 'kextload blk.kmod'", r"kextunload ctl blk\r"),
        ("comptest: control: 'kextunload blk'", r"tell ctl hello there\r"),
        ("comptest: control: 'hello there'", r"tell spinner wake up\r"),
        ("spinner: takes no console commands", r"tell deaf wake up\r"),
        ("deaf: busy", r"kill deaf\r"),
        ("comptest: deaf generation 1 says nothing", r"ioreg deaf\r"),
        ("deaf: takes no console commands", r"kextload ctl\r"),
        ("usage: kextload NAME FILE", r"ioreg nobody\r"),
        ("no component 'nobody'", r"restart ctl\r"),
        ("ctl restarted", r"list\r"),
        ("comptest: control ready", r"tell ctl after restart\r"),
        ("comptest: control: 'after restart'", r"tell ctl quit\r"),
        ("composer: ctl: exited normally", r"kextstat ctl\r"),
    ], [
        ("has", "TEST composer/control_endpoint_read_only PASS"),
        ("has", "TEST composer/control_recv_times_out PASS"),
        ("order", ["comptest: control: 'ioreg /pci@0'", "comptest: control: 'kextstat'",
                   "comptest: control: 'kextload blk.kmod'", "comptest: control: 'kextunload blk'",
                   "comptest: control: 'hello there'", "spinner: takes no console commands",
                   "deaf: busy", "composer: deaf: started (generation 1)",
                   "deaf: takes no console commands", "usage: kextload NAME FILE",
                   "no component 'nobody'", "composer: ctl: reclaimed: all", "ctl restarted",
                   "comptest: control: 'after restart'", "comptest: control: 'quit'",
                   "ctl: not running"]),
        ("not", "comptest: control: error"),
        ("not", "spinner: busy"),
        ("has", "comptest: deaf generation 0 said it takes commands, never waits"),
        ("not", "kernel memory not reclaimed"),
        ("count", r"TEST composer/\S+ FAIL", 0),
    ]),
    # stop None: QEMU is not stopped at HALT; the composer must power it off
    ("critical", "critical.comp", None, [], [
        ("has", "composer: vital: died: page fault at 8"),
        ("has", "composer: critical component vital is dead: halting the system"),
        ("poweroff",),
    ]),
    ("broken", "broken.comp", None, [], [
        ("has", "broken.comp:10: route 'x' of 'a': no component 'nobody'"),
        ("has", "composer: the composition has errors: nothing started"),
        ("not", "started (generation"),
        ("poweroff",),
    ]),
    # what cannot be given, each refusal with its cause (refused.comp)
    ("refused", "refused.comp", "composer: far: died", [], [
        ("count", r"composer: huge: cannot create it: its kmem budget 1G is more than the "
                  r"\d+K of kernel memory left", 1),
        ("not", "error 9"),
        ("not", "kernel memory not reclaimed"),
        ("not", "composer: huge: started"),
        ("has", "composer: nopci: its grant 'pci 00:1c.7': no such PCI function"),
        ("has", "composer: nopci: cannot start: its grant 'pci 00:1c.7': no such PCI function"),
        ("not", "no boot module"),
        ("not", "composer: nopci: started"),
        ("has", "composer: kimage: cannot start: its grant 'mmio 0x100000-0x100fff' overlaps RAM "
                "the kernel keeps: only device memory can be granted"),
        ("has", "composer: freeram: cannot start: its grant 'mmio 0x8000000-0x8000fff' overlaps free "
                "RAM: only device memory can be granted"),
        ("not", "composer: kimage: started"),
        ("not", "composer: freeram: started"),
        ("count", r"composer: far: died: page fault at 200000000000 \(rip [0-9a-f]+\): the kernel "
                  r"refuses to map 400000000000 of its grant 'mmio 0x400000000000-0x400000000fff' "
                  r"\(bad address\)", 1),
        ("not", "error 15"),
    ]),
    # `slots 4096`: the top slot is usable, urt hands out slots above 255,
    # `caps NAME` walks the whole space; the default stays 256
    ("slots", "slots.comp", "slot 4095: quota", [
        ("comptest: small slots ready", r"caps small\r"),
        ("slot 255: quota", r"caps big\r"),
    ], [
        ("count", r"TEST composer/slots_env PASS", 2),
        ("count", r"TEST composer/slots_top_usable PASS", 2),
        ("count", r"TEST composer/slots_beyond_refused PASS", 2),
        ("has", "TEST composer/slots_allocator_above_255 PASS"),
        ("order", ["comptest: big slots ready", "comptest: small slots ready",
                   "slot 255: quota", "slot 4095: quota"]),
        ("not", "slot 256:"),
        ("count", r"TEST composer/\S+ FAIL", 0),
    ]),
    ("console", "console.comp", "this list", [
        ("composer: echo: started", r"list\r"),
        ("component    state", r"caps echo\r"),
        ("slot  16: endpoint", r"stop echo\r"),
        ("echo stopped", r"list\r"),
        ("spinner      running", r"start echo\r"),
        ("echo started", r"kill echo\r"),
        ("echo killed", r"logs echo\r"),
        ("echo: restart 1 of 5", r"restart spinner\r"),
        ("spinner restarted", r"mem\r"),
        ("kernel memory:", r"bogus\r"),
        ("commands: list", r"stop nobody\r"),
        # spaces before, between and after the words
        ("no component 'nobody'", r"   logs   spinner  \r"),
        # a command that needs a NAME, without one: its usage
        ("spinner: restarted from the console", r"caps\r"),
        ("usage: caps NAME", r"start\r"),
        ("usage: start NAME", r"stop\r"),
        ("usage: stop NAME", r"restart\r"),
        ("usage: restart NAME", r"kill\r"),
        ("usage: kill NAME", r"logs\r"),
        ("usage: logs NAME", r"ioreg\r"),
        ("usage: ioreg NAME [PATH]", r"kextstat\r"),
        ("usage: kextstat NAME", r"kextload\r"),
        ("usage: kextload NAME FILE", r"tell\r"),
        ("usage: tell NAME TEXT...", r"kextunload\r"),
        ("usage: kextunload NAME MODULE", r"tell echo\r"),
        ("usage: tell NAME TEXT...", r"list all\r"),
        ("usage: list", r"help\r"),
    ], [
        ("has", "composer: management console on COM1"),
        ("has", "spinner      running"),
        ("has", "slot  16: endpoint     rights r----"),
        ("has", "slot   4: endpoint     rights -w---"),
        ("order", ["echo stopped", "echo         stopped", "echo started",
                   "composer: echo: died: killed from the console", "echo killed"]),
        ("has", "spinner restarted"),
        ("has", "kernel memory:"),
        ("has", "unknown command\ncommands: list, start NAME, stop NAME"),
        ("has", "no component 'nobody'"),
        ("order", ["no component 'nobody'", "spinner: restarted from the console", "usage: caps NAME"]),
        ("not", "no component ''"),
        ("order", ["usage: caps NAME", "usage: start NAME", "usage: stop NAME", "usage: restart NAME",
                   "usage: kill NAME", "usage: logs NAME", "usage: ioreg NAME [PATH]",
                   "usage: kextstat NAME", "usage: kextload NAME FILE", "usage: tell NAME TEXT...",
                   "usage: kextunload NAME MODULE", "usage: tell NAME TEXT...", "usage: list"]),
        ("count", r"  ioreg NAME \[PATH\] +NAME \(a driver framework\) prints its registry", 1),
        ("count", r"  help +this list", 1),
        ("count", r"(?:\n|composer> )  (list|start|stop|restart|kill|caps|logs|mem|kdb|ioreg|"
                  r"kextstat|kextload|kextunload|tell|help)\b[^\n]* {2,}\S", 15),
    ]),
    # resources the kernel or the composer keep are refused at boot (comp_check)
    ("reserved", "reserved.comp", "HALT", [], [
        ("has", "reserved.comp:15: 'ioport 0xcf8-0xcff' of 'snoop' overlaps 'ioport 0xcf8-0xcff',"
                " kept by the composer: the PCI configuration ports"),
        ("has", "reserved.comp:16: 'mmio 0xfee00000-0xfee00fff' of 'snoop' overlaps"
                " 'mmio 0xfee00000-0xfee00fff', kept by the kernel: the local APIC"),
        ("has", "reserved.comp:17: 'irq 0' of 'snoop' overlaps 'irq 0', kept by the kernel:"
                " the PIT timer's interrupt"),
        ("has", "composer: the composition has errors: nothing started"),
        ("not", "started (generation"),
    ]),
]


def load_qemu_run():
    """tools/qemu-run as a module: its QEMU command line, for runs it must not stop."""
    path = os.path.join(TOP, "tools", "qemu-run")
    loader = importlib.machinery.SourceFileLoader("qemu_run", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("qemu_run", loader))
    loader.exec_module(module)
    return module


POWEROFF_TIMEOUT = 30


def run_to_poweroff(modules, log, timeout=POWEROFF_TIMEOUT):
    """Boot without qemu-run, which stops QEMU at HALT: the guest must power
    the machine off itself.  Returns the output and QEMU's exit status
    (None: still running at the timeout, then killed)."""
    qemu_run = load_qemu_run()
    args = qemu_run.parse_args(["--kernel", modules[0], "--timeout", str(timeout), "--log", log]
                               + [a for m in modules[1:] for a in ("--module", m)])
    try:
        p = subprocess.run(qemu_run.qemu_command(args), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        out, status = p.stdout, p.returncode
    except subprocess.TimeoutExpired as e:
        out, status = e.stdout or b"", None
    text = out.decode("utf-8", "replace").replace("\r", "")
    with open(log, "w", encoding="utf-8") as f:
        f.write(text)
    with open(log + ".status", "w", encoding="utf-8") as f:
        f.write("")     # no harness failure: the poweroff check says what went wrong
    return text, status


def run(kernel, composer, comptest, logdir, name, comp, stop, sends, extra=""):
    """Boot one scenario: its serial output, the harness failure reason ("":
    none) and, with stop None, QEMU's exit status."""
    log = os.path.join(logdir, f"composer-{name}.out")
    modules = [composer, os.path.join(HERE, comp), comptest,
               comptest.replace("comptest.elf", "hello.elf")]
    if comp.endswith("default.comp"):       # it has a driver framework instance
        modules.append(comptest.replace("comptest.elf", "iokitd.elf"))
    if stop is None:
        text, exit_status = run_to_poweroff([kernel] + modules, log)
        return text, "", exit_status
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", kernel,
           "--timeout", "60", "--log", log, "--status", log + ".status", "--stop-on", stop]
    for m in modules:
        cmd += ["--module", m]
    for pattern, text in sends:
        cmd += ["--send", f"{pattern}={text}"]
    if extra:
        cmd += ["--extra-qemu", extra]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text, status = read_run(log)
    return text, status, None


def read_run(log):
    """(serial output, harness failure reason or "") of one qemu-run."""
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    try:
        with open(log + ".status", encoding="utf-8", errors="replace") as f:
            status = " ".join(l.strip() for l in f if l.strip())
    except OSError:
        status = "qemu-run left no status file"
    return text, status


COMPONENT_TEST_RE = re.compile(r"^TEST (composer/\S+) (PASS|FAIL)\b ?(.*)$")


def component_tests(text, results):
    """Add the components' own TEST composer/... lines of one run to results
    (name -> [runs, first failed run, its reason]): a name seen again (a
    restarted component runs its tests once per generation) stays one
    test, failed if any run failed."""
    for line in text.splitlines():
        m = COMPONENT_TEST_RE.match(line.rstrip())
        if not m:
            continue
        r = results.setdefault(m.group(1), [0, 0, ""])
        r[0] += 1
        if m.group(2) == "FAIL" and not r[1]:
            r[1], r[2] = r[0], m.group(3).strip() or "(no reason)"


def component_lines(results):
    lines = []
    for name, (runs, failed, why) in results.items():
        if not failed:
            lines.append(f"TEST {name} PASS")
        elif runs > 1:
            lines.append(f"TEST {name} FAIL {why} (run {failed} of {runs})")
        else:
            lines.append(f"TEST {name} FAIL {why}")
    return lines


def run_com2(kernel, composer, comptest, logdir):
    """The console on COM2: a unix socket stands for the second port."""
    import socket
    import threading
    import time
    sock_path = os.path.join(logdir, "com2.sock")
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    log = os.path.join(logdir, "composer-com2.out")
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", kernel,
           "--module", composer, "--module", os.path.join(HERE, "com2.comp"),
           "--module", comptest, "--timeout", "60", "--log", log, "--status", log + ".status",
           "--stop-on", "restarted from the console",
           "--extra-qemu", f"-serial unix:{sock_path},server=on,wait=off"]
    received = []

    def talk():
        s = None
        for _ in range(200):
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(sock_path)
                break
            except OSError:
                s = None
                time.sleep(0.05)
        if not s:
            return
        s.settimeout(0.2)
        buf = b""
        deadline = time.time() + 30
        stop_sent, last_list = False, 0.0
        while time.time() < deadline:
            try:
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
            except socket.timeout:
                pass
            running = b"echo         running" in buf
            # echo may not have started yet: ask again until it has
            if b"composer> " in buf and not running and time.time() - last_list > 0.5:
                s.sendall(b"list\r")
                last_list = time.time()
            if running and not stop_sent:
                s.sendall(b"stop echo\r")
                stop_sent = True
            if b"echo stopped" in buf:
                # COM1's "stopped from the console" comes before this answer:
                # end the run on a later line, so the answer is not cut off
                s.sendall(b"restart echo\r")
                break
        received.append(buf.decode("utf-8", "replace"))
        with open(os.path.join(logdir, "composer-com2.port"), "w") as f:
            f.write(received[0])
        s.close()

    t = threading.Thread(target=talk)
    t.start()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.join()
    com1, status = read_run(log)
    com2 = received[0] if received else ""
    return status, [
        ("console_on_com2", "management console on COM2" in com1, "COM1 does not name COM2"),
        ("com2_list", "echo         running" in com2, "no 'list' answer on COM2"),
        # QEMU stops on the COM1 line, possibly before COM2's answer arrives
        ("com2_stop", "stop echo" in com2 and "stopped from the console" in com1,
         "'stop echo' typed on COM2 did not stop echo"),
    ]


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


# what QEMU's isa-debug-exit makes of the composer's power-off code
POWEROFF_STATUS = 2 * 3 + 1         # HALT_POWEROFF_CODE in servers/composer/composer.h


def check(text, chk, status=None):
    kind = chk[0]
    if kind == "poweroff":
        return status == POWEROFF_STATUS, (
            f"QEMU still running {POWEROFF_TIMEOUT} s after HALT" if status is None
            else f"QEMU exit status {status}, expected {POWEROFF_STATUS}")
    if kind == "dmareuse":
        # generation 1 gets its runs from the frames generation 0 gave back
        # (the pool is searched lowest first), not from fresh memory
        gens = re.findall(r"dma generation (\d+): buffers at (.*)", text)
        ok = len(gens) == 2 and gens[0][1].split() == gens[1][1].split()
        return ok, f"buffers by generation: {gens}"
    if kind == "filehash":
        # the component hashed the boot module through its mapping
        with open(os.path.join(USER_DIR, chk[1]), "rb") as f:
            data = f.read()
        want = f"comptest: file {chk[1]} size {len(data)} fnv {fnv1a(data):x}"
        return want in text, f"missing '{want}'"
    if kind == "backoff":
        # generation k+1 starts at least the k-th back-off after generation k
        times = [int(t) for t in re.findall(r"crash generation \d+ at (\d+) us", text)]
        gaps = [b - a for a, b in zip(times, times[1:])]
        want = chk[1]
        ok = len(gaps) == len(want) and all(g >= w * 1000 for g, w in zip(gaps, want))
        return ok, f"gaps {gaps} us, expected at least {want} ms"
    if kind == "has":
        return chk[1] in text, f"missing '{chk[1]}'"
    if kind == "not":
        return chk[1] not in text, f"unexpected '{chk[1]}'"
    if kind == "count":
        n = len(re.findall(chk[1], text))
        return n == chk[2], f"'{chk[1]}' {n} times, expected {chk[2]}"
    pos = 0
    for t in chk[1]:
        i = text.find(t, pos)
        if i < 0:
            return False, f"'{t}' missing or out of order"
        pos = i + len(t)
    return True, ""


def main():
    global USER_DIR
    kernel, composer, comptest, logdir = sys.argv[1:5]
    USER_DIR = os.path.dirname(comptest)
    own = {}        # the components' own tests (component_tests)
    out = []        # this script's checks
    harness = []    # runs that did not end as they should
    # COMPOSER_TEST_ONLY="dma files": run only those scenarios (development)
    only = os.environ.get("COMPOSER_TEST_ONLY", "").split()
    for scenario in SCENARIOS:
        name, comp, stop, sends, checks = scenario[:5]
        extra = scenario[5] if len(scenario) > 5 else ""
        if only and name not in only:
            continue
        text, status, exit_status = run(kernel, composer, comptest, logdir, name, comp, stop,
                                        sends, extra)
        if status:
            harness.append(f"{name}: {status}")
        # the components' own TEST lines (authority probes) count too
        component_tests(text, own)
        for i, chk in enumerate(checks):
            ok, why = check(text, chk, exit_status)
            label = f"composer/{name}/{chk[0]}{i}"
            out.append(f"TEST {label} PASS" if ok else f"TEST {label} FAIL {why}")
    if not only or "com2" in only:
        status, results = run_com2(kernel, composer, comptest, logdir)
        if status:
            harness.append(f"com2: {status}")
        for name, ok, why in results:
            out.append(f"TEST composer/com2/{name} PASS" if ok
                       else f"TEST composer/com2/{name} FAIL {why}")
    lines = component_lines(own) + out
    with open(os.path.join(logdir, "composer.log"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(logdir, "composer.status"), "w") as f:
        f.write("".join(h + "\n" for h in harness))
    return 0


if __name__ == "__main__":
    sys.exit(main())
