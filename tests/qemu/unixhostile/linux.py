#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""unixhostile-linux-test - check the LINUX column of the bad executables'
expectations (mkelves.py) against Debian's Linux 6.1 itself.

Usage: linux.py --build BUILD_DIR --log LOG [--kernel VMLINUZ]

Boots Debian's kernel (mk/deps.sh linuxbench: /boot/vmlinuz-*-amd64, the
kernel tools/linux-bench and the UNIX tests' recordings use) under QEMU
with an initramfs made by tools/mkrootfs from the hostile tests' tree
(BUILD_DIR/unixhostile/tree) and an /init that runs
`/hostile/bin/execbad --host`, which checks each case against the LINUX
column.  Its TEST lines are renamed unixhostile/exec-linux/NAME and written
to LOG, which ends with "DONE unixhostile-linux".
"""
import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
INIT = "#!/bin/sh\nmount -t proc proc /proc\n/hostile/bin/execbad --host\necho LINUX-DONE\npoweroff -f\n"


def version_key(path):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", path)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--kernel")
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args()
    kernels = [args.kernel] if args.kernel else sorted(glob.glob("/boot/vmlinuz-*-amd64"),
                                                       key=version_key)
    work = os.path.join(args.build, "unixhostile", "linux")
    os.makedirs(work, exist_ok=True)
    lines, status = [], ""
    if not kernels:
        status = "no Debian kernel: run bash mk/deps.sh linuxbench"
    else:
        init = os.path.join(work, "init")
        with open(init, "w") as f:
            f.write(INIT)
        os.chmod(init, 0o755)
        cpio = os.path.join(work, "initramfs.cpio")
        subprocess.run([sys.executable, os.path.join(TOP, "tools", "mkrootfs"), "--out", cpio,
                        "--tree", os.path.join(args.build, "unixhostile", "tree"),
                        "--file", init + ":init"], check=True)
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-m", "512M", "-nographic", "-no-reboot",
               "-kernel", kernels[-1], "-initrd", cpio,
               "-append", "console=ttyS0 quiet panic=-1"]
        try:
            out = subprocess.run(cmd, capture_output=True, timeout=args.timeout).stdout
            lines = out.decode("utf-8", "replace").replace("\r", "").splitlines()
        except subprocess.TimeoutExpired:
            status = "Linux did not finish in %d s" % args.timeout
        if lines and not any("LINUX-DONE" in l for l in lines):
            status = "Linux did not reach the end of /init"
    results = [l.strip().replace("unixhostile/exec/", "unixhostile/exec-linux/", 1)
               for l in lines if l.strip().startswith("TEST unixhostile/exec/")]
    with open(args.log, "w") as f:
        f.write("\n".join(results) + "\nDONE unixhostile-linux\n")
    with open(args.log + ".status", "w") as f:
        f.write(status + ("\n" if status else ""))
    print("  unixhostile-linux: %s (%s)" % (kernels[-1] if kernels else "-", status or "ran"))


if __name__ == "__main__":
    main()
