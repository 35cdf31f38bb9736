#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""kdb-test - drive the kernel debugger through QEMU's serial port.

Usage: kdb-test KERNEL KDBTEST_ELF LOG
Boots the kdbtest root task, types Ctrl-K twice and debugger commands,
checks each reply, and writes `TEST kdb/<name> PASS|FAIL <why>` lines to LOG
(after the serial output), for tools/summarize.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

# (pattern that triggers, text typed)
SENDS = [
    ("KDBTEST ready", r"\x0b\x0b"),
    ("kdb: entered (key sequence)", r"tasks\r"),
    ("task  threads", r"threads\r"),
    ("thread task prio", r"caps 1\r"),
    ("slot    1: task", r"maps 1\r"),
    ("pages mapped", r"mem\r"),
    ("kernel pool:", r"bogus\r"),
    ("commands:", r"caps abc\r"),
    ("caps: 'abc' is not a number", r"caps 99999999999999999999\r"),
    ("caps: 99999999999999999999 is too large", r"maps 4294967297\r"),
    ("maps: 4294967297 is too large", r"caps \r"),
    ("usage: caps <task>", r"caps 7777\r"),
    ("no task 7777", r"continue\r"),
    ("kdb: entered (kernel call)", r"continue\r"),
]

# (test name, text that must appear in the log)
CHECKS = [
    ("key_sequence_enters", "kdb: entered (key sequence)"),
    ("tasks_lists_root", "task  threads  pages"),
    ("threads_show_blocked_recv", " recv "),
    ("caps_of_root_task", "slot    3: quota"),
    ("maps_of_root_task", "(root)"),
    ("kernel_memory_use", "kernel pool:"),
    ("unknown_command_helps", "commands: tasks"),
    ("caps_not_a_number", "caps: 'abc' is not a number; usage: caps <task>"),
    ("caps_too_large_refused", "caps: 99999999999999999999 is too large"),
    ("maps_does_not_wrap_to_task_1", "maps: 4294967297 is too large"),
    ("caps_without_task_usage", "\nusage: caps <task>"),
    ("caps_unknown_task", "no task 7777"),
    ("kernel_call_enters", "kdb: entered (kernel call)"),
    ("continue_resumes", "KDBTEST debug_enter returned 0"),
    ("kernel_call_needs_control", "KDBTEST without CONTROL: 5"),
]


def main():
    kernel, elf, log = sys.argv[1:4]
    cmd = [sys.executable, os.path.join(TOP, "tools", "qemu-run"), "--kernel", kernel,
           "--module", elf, "--timeout", "60", "--log", log, "--expect-done", "kdb"]
    for pattern, text in SENDS:
        cmd += ["--send", f"{pattern}={text}"]
    subprocess.run(cmd)
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""       # qemu-run failed before it made the log: its status says why
    results = []
    for name, needle in CHECKS:
        if needle in text:
            results.append(f"TEST kdb/{name} PASS")
        else:
            results.append(f"TEST kdb/{name} FAIL missing {needle!r} in the serial output")
    with open(log, "a") as f:
        f.write("\n".join(results) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
