#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The default system's shell, driven like a person at the terminal.

Usage: shell.py KERNEL MODULES_DIR COMPOSITION LOG [DISK]

Boots the composition the way `make run` does (composer, the composition,
its binaries from MODULES_DIR), with COM2 - the UNIX terminal - and COM1 - the
kernel log and the management console - on unix sockets, and a copy of the
disk image DISK (as `make run` gives run/disk.img) when one is named, then
types at
them and checks what comes back: the prompt, commands and pipelines, the
line discipline (echo, erase, ^D, ^C), job control (^Z, jobs, bg, fg),
Debian's bash as the login shell and one started from it (a pipeline of
Debian programs, exit), the load average with a busy loop,
the console on COM1 while the shell runs, unixd killed from the console and
restarted by the composer (a new shell), and poweroff ending the machine.
Writes one `TEST unixshell/NAME PASS|FAIL ...` line per check to LOG, the
conversation to LOG.com2 and LOG.com1, and `DONE unixshell` at the end.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

PROMPT = b"root@darbat:"
TIMEOUT = 30


class Port:
    def __init__(self, path, log):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(200):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.buf = b""
        self.lock = threading.Lock()
        self.log = open(log, "wb")
        # read all the time: a port nobody reads fills QEMU's buffer and
        # stalls the guest's writes to it (the kernel log on COM1)
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        while True:
            try:
                d = self.sock.recv(65536)
            except OSError:
                return
            if not d:
                return
            with self.lock:
                self.buf += d
                self.log.write(d)
                self.log.flush()

    def pump(self):
        time.sleep(0.05)

    def expect(self, what, timeout=TIMEOUT):
        """Wait for bytes `what` after the mark; consume through them."""
        end = time.time() + timeout
        while True:
            with self.lock:
                i = self.buf.find(what)
                if i >= 0:
                    seen = self.buf[:i + len(what)]
                    self.buf = self.buf[i + len(what):]
                    return seen
            if time.time() >= end:
                return None
            self.pump()

    def send(self, data):
        self.sock.sendall(data)


class Run:
    def __init__(self, log):
        self.out = open(log, "w")
        self.failed = 0

    def check(self, name, ok, why=""):
        self.out.write("TEST unixshell/%s %s%s\n" % (name, "PASS" if ok else "FAIL", "" if ok else " " + why))
        self.out.flush()
        self.failed += not ok


def command(com2, line, want, timeout=TIMEOUT):
    """Type a line; wait for want and the next prompt; the output between."""
    com2.expect(b"", 0)
    com2.send(line.encode() + b"\r")
    got = com2.expect(want.encode(), timeout)
    if got is None:
        return None
    com2.expect(b"# ", timeout)
    return got


def boot(kernel, mods, comp, tmp, disk):
    names = subprocess.run(["build/tools/compcheck", "--modules", comp], capture_output=True,
                           text=True).stdout.split()
    initrd = ",".join(["%s/composer.elf" % mods, comp] + ["%s/%s" % (mods, n) for n in names])
    c1, c2 = os.path.join(tmp, "com1"), os.path.join(tmp, "com2")
    q = subprocess.Popen(["qemu-system-x86_64", "-machine", "q35", "-m", "256M", "-display", "none",
                          "-no-reboot", "-serial", "unix:%s,server=on,wait=off" % c1,
                          "-serial", "unix:%s,server=on,wait=off" % c2,
                          "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                          "-device", "virtio-rng-pci,disable-legacy=on",
                          "-kernel", kernel, "-initrd", initrd] + disk_args(disk, tmp),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    return q, c1, c2


def disk_args(disk, tmp):
    """QEMU's arguments for a copy of the image disk (the original stays as made)."""
    if not disk:
        return []
    copy = os.path.join(tmp, "disk.img")
    subprocess.run(["cp", "--sparse=always", disk, copy], check=True)
    return ["-drive", "file=%s,if=none,id=disk0,format=raw" % copy,
            "-device", "virtio-blk-pci,drive=disk0,disable-legacy=on"]


def line_discipline(r, com2):
    r.check("prompt", com2.expect(b"# ", 60) is not None, "no shell prompt on COM2")
    r.check("echo", command(com2, "echo hello $((6*7))", "hello 42") is not None, "no 'hello 42'")
    r.check("pipeline", command(com2, "ls /bin | grep -c busybox", "1") is not None, "ls | grep")
    # the shell edits its own line (raw mode): ^H erases, so "ecXho" -> "echo"
    com2.send(b"ecX\x7fho erased\r")
    r.check("erase", com2.expect(b"erased\r\n") is not None and com2.expect(b"# ") is not None,
            "DEL did not erase")
    # canonical mode for cat: typed lines come back, ^D ends the input
    com2.send(b"cat\r")
    com2.expect(b"cat\r\n")
    com2.send(b"a line\r")
    got = com2.expect(b"a line\r\na line\r\n")
    com2.send(b"\x04")
    r.check("canonical_cat_eof", got is not None and com2.expect(b"# ") is not None,
            "cat did not echo the line or end at ^D")
    got = command(com2, "stty size", "24 80")
    r.check("winsize", got is not None, "stty size is not 24 80")


def job_control(r, com2):
    com2.send(b"sleep 100\r")
    time.sleep(1)
    com2.send(b"\x03")
    got = com2.expect(b"# ")
    r.check("ctrl_c", got is not None and command(com2, "echo status $?", "status 130") is not None,
            "^C did not end sleep with status 130")
    com2.send(b"sleep 100\r")
    time.sleep(1)
    com2.send(b"\x1a")
    got = com2.expect(b"Stopped")
    r.check("ctrl_z_stops", got is not None and com2.expect(b"# ") is not None, "^Z did not stop sleep")
    r.check("jobs", command(com2, "jobs", "sleep 100") is not None, "jobs does not list it")
    com2.send(b"bg\r")
    com2.expect(b"# ")
    r.check("bg_runs", command(com2, "jobs", "Running") is not None, "bg did not run it")
    com2.send(b"fg\r")
    time.sleep(1)
    com2.send(b"\x03")
    r.check("fg_then_ctrl_c", com2.expect(b"# ") is not None and
            command(com2, "jobs; echo nojobs", "nojobs") is not None, "fg and ^C")
    com2.send(b"sleep 100\r")
    time.sleep(1)
    com2.send(b"\x1c")
    got = com2.expect(b"# ")
    r.check("ctrl_backslash", got is not None and command(com2, "echo q $?", "q 131") is not None,
            "^\\ did not quit sleep with status 131")


def bash_shell(r, com2):
    """Debian's bash (dynamically linked, glibc) is the login shell at the
    terminal (init's -/bin/bash), and one started from it prompts, runs a
    pipeline of Debian programs, and exits."""
    r.check("bash_login", command(com2, "echo login $0 ${BASH_VERSINFO[0]}", "login -/bin/bash 5")
            is not None, "the login shell is not bash")
    r.check("bash_path_debian_first", command(com2, "type -p ls mke2fs | tr '\\n' ' '",
                                              "/usr/bin/ls /usr/sbin/mke2fs ") is not None,
            "bash does not find Debian's ls and mke2fs first (/etc/profile's PATH)")
    com2.expect(b"", 0)
    com2.send(b"/bin/bash\r")
    r.check("bash_starts", com2.expect(b"# ", 60) is not None and
            command(com2, "echo $BASH_VERSION", "(1)-release", 60) is not None,
            "/bin/bash gave no prompt or no $BASH_VERSION")
    r.check("bash_pipeline",
            command(com2, "echo $((6*7)) | /usr/bin/tr 4 X | /usr/bin/sed s/2/Y/", "XY", 60)
            is not None, "bash did not run echo | tr | sed")
    r.check("bash_exit", command(com2, "exit 3", "# ", 60) is not None and
            command(com2, "echo back $?", "back 3") is not None, "bash did not exit with 3")


def pty_session(r, com2):
    """Debian's script(1) runs a shell on a pseudo-terminal inside the
    terminal's: keys go through the console (raw) and script to the pty's
    line discipline, ^C reaches the inner foreground job, the window size
    is passed on, and exit comes back to the outer shell."""
    com2.expect(b"", 0)
    com2.send(b"/usr/bin/script -q /dev/null\r")
    r.check("script_pty", com2.expect(b"# ", 60) is not None and
            command(com2, "tty", "/dev/pts/0", 60) is not None, "no shell on /dev/pts/0 in script")
    r.check("script_winsize", command(com2, "stty size", "24 80") is not None,
            "the pty did not get the terminal's size")
    com2.send(b"sleep 100\r")
    time.sleep(1)
    com2.send(b"\x03")
    r.check("script_ctrl_c", com2.expect(b"# ") is not None and
            command(com2, "echo in $?", "in 130") is not None, "^C did not end sleep on the pty")
    com2.send(b"exit\r")
    time.sleep(1)
    r.check("script_exit", command(com2, "echo out $?", "out 0", 60) is not None,
            "no outer shell after the pty's shell exited")


def load_average(r, com2):
    """A busy loop for 6 s: the 1-minute load average (/proc/loadavg, which
    unixd moves every 5 s as Linux does) is above zero."""
    line = ("(while :; do :; done) & sleep 6; "
            "awk '{ print ($1 > 0.04) ? \"LOAD\" \"ED\" : \"idle \" $0 }' /proc/loadavg; kill $!")
    r.check("loadavg_busy", command(com2, line, "LOADED", 60) is not None,
            "/proc/loadavg's 1-minute average stayed 0 with a busy loop")


def writeback(r, com2):
    """A file system mounted besides the root is written back by itself, as the
    root is: a file's bytes are not on the disk at once, and are within the
    write-back's 5 s and its 1 s tick (the disk's raw partition 2, made ext2)."""
    setup = "mke2fs -q -F /dev/vda2 && mkdir -p /mnt/wb && mount /dev/vda2 /mnt/wb && echo MOUNT""ED"
    r.check("writeback_mount", command(com2, setup, "MOUNTED", 60) is not None,
            "mke2fs or mount of /dev/vda2 failed")
    # the pattern is made by the shell, so that the typed line does not hold it
    write = "m=WB-$((6*7))-MARK; echo $m > /mnt/wb/f; echo now $(grep -c $m /dev/vda2)"
    r.check("writeback_not_yet", command(com2, write, "now 0", 60) is not None,
            "the file's bytes were on the disk at once (or no answer)")
    later = "sleep 7; echo later $(grep -c WB-$((6*7))-MARK /dev/vda2)"
    r.check("writeback_mounted", command(com2, later, "later 1", 60) is not None,
            "a mounted ext2's new file was not written back within 7 s")
    command(com2, "umount /mnt/wb && echo UNMOUNT""ED", "UNMOUNTED", 60)


def console(r, com1, com2):
    com1.send(b"\rps unixd\r")
    r.check("console_while_shell", com1.expect(b"PID  PPID") is not None,
            "the management console did not answer 'ps unixd'")
    com1.send(b"syscalls unixd\r")
    r.check("console_syscalls", com1.expect(b"ENOSYS") is not None, "'syscalls unixd' did not answer")
    com1.send(b"kill unixd\r")
    r.check("unixd_killed_console_lives", com1.expect(b"unixd: started (generation 1)", 60) is not None,
            "the composer did not restart unixd")
    com1.send(b"list\r")
    r.check("console_after_kill", com1.expect(b"iokit0") is not None, "no answer to 'list'")
    # the killed unixd's last read of the terminal may still take a key for up
    # to its 1 s timeout (console.c): wait that out, as a person would not notice
    got = com2.expect(b"# ", 60)
    time.sleep(1.5)
    r.check("new_shell", got is not None and command(com2, "echo again", "again") is not None,
            "no shell after the restart")


def main(argv):
    kernel, mods, comp, log = argv[:4]
    disk = argv[4] if len(argv) > 4 else None
    r = Run(log)
    tmp = tempfile.mkdtemp(prefix="unixshell.")
    q, c1, c2 = boot(kernel, mods, comp, tmp, disk)
    com1, com2 = Port(c1, log + ".com1"), Port(c2, log + ".com2")
    try:
        line_discipline(r, com2)
        job_control(r, com2)
        bash_shell(r, com2)
        pty_session(r, com2)
        load_average(r, com2)
        writeback(r, com2)
        console(r, com1, com2)
        com2.send(b"poweroff\r")
        try:
            q.wait(60)
            off = True
        except subprocess.TimeoutExpired:
            off = False
        com1.pump()
        r.check("poweroff", off and com1.expect(b"powers off the machine", 1) is not None,
                "poweroff did not end the machine")
    finally:
        if q.poll() is None:
            q.kill()
    r.out.write("DONE unixshell\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
