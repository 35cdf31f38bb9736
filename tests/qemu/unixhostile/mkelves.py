#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Make the bad executables of the hostile-process tests (execbad.c).

Usage: mkelves.py DIR      (DIR becomes /hostile/elf in the root file system)

Writes DIR/NAME for each case and DIR/EXPECT, one line per case:
    NAME PATH LINUX DARBAT DESCRIPTION...
PATH is the file execve is given (a path in the test's root file system,
or @long / @null / @kernel for a path that is too long, NULL, a kernel
address).  LINUX and DARBAT are what execve does there: an errno name (it
returns -1 with that errno and the caller goes on), SIG<NAME> (execve
succeeded or passed its point of no return, and the process was killed by
that signal) or exit:N (the program ran and exited with N).  LINUX is
what Debian's Linux 6.1 does (`make unixhostile-linux-test` checks it
there: linux.py runs `execbad --host` in it); the two columns differ only
where unixd's refusal is documented (servers/unix/exec_elf.h: the "(*)"
refusals, and checks of the segments that unixd makes before the point of
no return, where Linux's failure kills the process with SIGSEGV).
"""
import os
import stat
import struct
import sys

BASE = 0x400000
CODE_OFF = 0x78         # after the ELF header and one program header
EXIT42 = bytes.fromhex("bf2a000000" "b83c000000" "0f05")   # exit(42)
PT_LOAD, PT_INTERP, PT_NOTE, PT_NULL = 1, 3, 4, 0
DIR = "/hostile/elf"


def ehdr(phnum=1, phoff=64, etype=2, machine=62, entry=BASE + CODE_OFF, cls=2, data=1,
         phentsize=56, version=1):
    ident = b"\x7fELF" + bytes([cls, data, version, 0]) + bytes(8)
    return ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, 0, 0,
                               64, phentsize, phnum, 64, 0, 0)


def phdr(ptype=PT_LOAD, flags=5, offset=0, vaddr=BASE, filesz=None, memsz=None, align=0x1000):
    filesz = 0x80 if filesz is None else filesz
    memsz = filesz if memsz is None else memsz
    return struct.pack("<IIQQQQQQ", ptype, flags, offset, vaddr, vaddr, filesz, memsz, align)


def program(phdrs, code=EXIT42, **eh):
    """Header, program headers, the exit(42) code right after them."""
    head = ehdr(phnum=len(phdrs), **eh) + b"".join(phdrs)
    return head + code


def good(**eh):
    size = 64 + 56 + len(EXIT42)
    return program([phdr(filesz=size)], entry=BASE + 64 + 56, **eh)


def interp(path, size=None, offset=None, nul=True):
    """A good program with a PT_INTERP naming path (placed after the code)."""
    name = path.encode() + (b"\0" if nul else b"")
    code_at = 64 + 2 * 56
    name_at = code_at + len(EXIT42)
    total = name_at + len(name)
    ph = [phdr(PT_INTERP, 4, name_at if offset is None else offset, 0,
               len(name) if size is None else size),
          phdr(filesz=total)]
    return ehdr(phnum=2, entry=BASE + code_at) + b"".join(ph) + EXIT42 + name


def script(line):
    return line.encode() + b"\n"


CASES = []


def case(name, data, linux, darbat=None, desc="", mode=0o755, path=None):
    CASES.append((name, data, mode, path or "%s/%s" % (DIR, name), linux, darbat or linux, desc))


def cases():
    size = len(good())
    case("good", good(), "exit:42", desc="a valid program (the control: the generator is right)")
    case("empty", b"", "ENOEXEC", desc="zero-length file")
    case("text", b"hello, world\n", "ENOEXEC", desc="text without #!")
    case("magic-only", b"\x7fELF", "ENOEXEC", desc="the four magic bytes alone")
    case("trunc-header", good()[:40], "ENOEXEC", desc="ELF header cut at 40 bytes")
    case("trunc-phdrs", ehdr(), "ENOEXEC", desc="header only: the program header table beyond the end")
    case("bad-magic", b"\x7fELG" + good()[4:], "ENOEXEC", desc="one magic byte wrong")
    case("class32", good(cls=1), "exit:42", "ENOEXEC",
         desc="ELFCLASS32 on an x86-64 header (Linux checks only e_machine)")
    case("big-endian", good(data=2), "exit:42", "ENOEXEC",
         desc="ELFDATA2MSB on an x86-64 header (Linux checks only e_machine)")
    case("i386", good(cls=1, machine=3), "ENOEXEC", desc="ELFCLASS32 and EM_386")
    case("arm64", good(machine=183), "ENOEXEC", desc="e_machine AArch64")
    case("type-rel", good(etype=1), "ENOEXEC", desc="ET_REL")
    case("type-core", good(etype=4), "ENOEXEC", desc="ET_CORE")
    case("phentsize", good(phentsize=32), "ENOEXEC", desc="e_phentsize 32")
    case("phnum-0", ehdr(phnum=0) + EXIT42, "ENOEXEC", desc="no program headers")
    case("phnum-huge", ehdr(phnum=0xffff) + phdr(filesz=size) + EXIT42, "ENOEXEC",
         desc="e_phnum 65535")
    n = 73
    last = 64 + n * 56 + len(EXIT42)
    case("phnum-73", ehdr(phnum=n, entry=BASE + 64 + n * 56) +
         phdr(PT_NULL) * (n - 1) + phdr(filesz=last) + EXIT42, "exit:42",
         desc="73 program headers: the most one page holds")
    n = 74
    last = 64 + n * 56 + len(EXIT42)
    case("phnum-74", ehdr(phnum=n, entry=BASE + 64 + n * 56) +
         phdr(PT_NULL) * (n - 1) + phdr(filesz=last) + EXIT42, "ENOEXEC",
         desc="74 program headers: more than a page")
    case("phoff-huge", ehdr(phoff=0xffffffffffffff00) + phdr(filesz=size) + EXIT42, "ENOEXEC",
         desc="e_phoff near 2^64")
    case("no-load", program([phdr(PT_NOTE, 4)]), "SIGSEGV", "ENOEXEC",
         desc="no PT_LOAD (Linux maps nothing and faults at the entry)")
    case("filesz-gt-memsz", program([phdr(filesz=size, memsz=16)]), "SIGSEGV", "EINVAL",
         desc="p_filesz > p_memsz")
    case("vaddr-kernel", program([phdr(vaddr=0xffffffff80000000, filesz=size)],
                                 entry=0xffffffff80000000 + 64 + 56), "SIGSEGV", "ENOMEM",
         desc="segment at a kernel address")
    case("memsz-huge", program([phdr(filesz=size, memsz=1 << 60)]), "SIGSEGV", "EINVAL",
         desc="p_memsz 2^60")
    case("misaligned", program([phdr(offset=0, vaddr=BASE + 0x10, filesz=size)],
                               entry=BASE + 0x10 + 64 + 56), "SIGSEGV", "EINVAL",
         desc="p_offset and p_vaddr differ modulo the page")
    case("overlap", ehdr(phnum=2, entry=BASE + 64 + 112) +
         phdr(filesz=64 + 112 + len(EXIT42)) + phdr(filesz=64 + 112 + len(EXIT42)) + EXIT42,
         "exit:42", "EINVAL", desc="two PT_LOADs at the same address (Linux maps one over the other)")
    case("beyond-eof", program([phdr(filesz=0x10000, memsz=0x10000)], entry=BASE + 64 + 56),
         "exit:42", "EIO", desc="PT_LOAD file bytes beyond the end (Linux faults only on touching them)")
    case("entry-unmapped", good()[:24] + struct.pack("<Q", 0x10) + good()[32:], "SIGSEGV",
         desc="entry point at 0x10")
    case("entry-kernel", good()[:24] + struct.pack("<Q", 0xffffffff81000000) + good()[32:],
         "SIGSEGV", "EINVAL", desc="entry point at a kernel address")
    case("interp-missing", interp("/nonexistent/ld.so"), "ENOENT", desc="PT_INTERP names no file")
    case("interp-text", interp(DIR + "/long-text"), "ELIBBAD",
         desc="PT_INTERP names a text file")
    case("interp-short", interp(DIR + "/text"), "EIO",
         desc="PT_INTERP names a file shorter than an ELF header")
    case("interp-trunc-phdrs", interp(DIR + "/trunc-phdrs"), "ELIBBAD",
         desc="PT_INTERP names an ELF header whose program headers are missing")
    case("interp-dir", interp(DIR), "EACCES", desc="PT_INTERP names a directory")
    case("interp-noperm", interp(DIR + "/noexec"), "EACCES",
         desc="PT_INTERP names a file without x")
    case("interp-class32", interp(DIR + "/class32"), "SIGSEGV", "ELIBBAD",
         desc="PT_INTERP names an x86-64 ELF file marked ELFCLASS32")
    case("interp-i386", interp(DIR + "/i386"), "ELIBBAD", desc="PT_INTERP names an i386 ELF file")
    case("interp-nonul", interp("/nonexistent/ld.so", nul=False), "ENOEXEC",
         desc="PT_INTERP without its final NUL")
    case("interp-size1", interp("/x", size=1), "ENOEXEC", desc="PT_INTERP of one byte")
    case("interp-beyond-eof", interp("/x", offset=0x100000), "EIO",
         desc="PT_INTERP bytes beyond the end of the file")
    case("noexec", good(), "EACCES", mode=0o644, desc="a good program without x permission")
    case("long-text", b"this is not an ELF file, and it is longer than an ELF header is.\n" * 2,
         "ENOEXEC", desc="text of 130 bytes")
    case("directory", None, "EACCES", path=DIR, desc="a directory")
    case("notdir", None, "ENOTDIR", path=DIR + "/empty/x", desc="a path through a file (empty)")
    case("missing", None, "ENOENT", path=DIR + "/nosuch", desc="no such file")
    case("symlink-loop", None, "ELOOP", desc="a symbolic link to itself")
    case("path-long", None, "ENAMETOOLONG", path="@long", desc="a path of 5000 bytes")
    case("path-null", None, "EFAULT", path="@null", desc="a NULL path")
    case("path-kernel", None, "EFAULT", path="@kernel", desc="a path at a kernel address")
    case("script-empty", script("#!"), "ENOEXEC", desc="#! and nothing else")
    case("script-blank", script("#!   \t "), "ENOEXEC", desc="#! and blanks")
    case("script-missing", script("#!/nonexistent/sh"), "ENOENT", desc="#! names no file")
    case("script-self", script("#!%s/script-self" % DIR), "ELOOP", desc="#! names itself")
    case("script-loop-a", script("#!%s/script-loop-b" % DIR), "ELOOP", desc="a -> b -> a")
    case("script-loop-b", script("#!%s/script-loop-a" % DIR), "ELOOP", desc="b -> a -> b")
    for depth in range(1, 7):
        target = DIR + ("/good" if depth == 1 else "/script-depth%d" % (depth - 1))
        case("script-depth%d" % depth, script("#!" + target), "exit:42" if depth <= 5 else "ELOOP",
             desc="%d scripts before the program" % depth)
    case("script-args", script("#!%s/good  some words\t" % DIR), "exit:42",
         desc="#! with an argument and blanks")
    case("script-dir", script("#!" + DIR), "EACCES", desc="#! names a directory")
    case("script-noperm", script("#!%s/noexec" % DIR), "EACCES", desc="#! names a file without x")
    case("script-badelf", script("#!%s/i386" % DIR), "ENOEXEC", desc="#! names an i386 ELF file")
    case("script-longname", script("#!/" + "a" * 300), "ENOEXEC",
         desc="#! with a 301-byte name (more than the 256 bytes read)")
    case("script-notx", script("#!%s/good" % DIR), "EACCES", mode=0o644,
         desc="a script without x permission")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    cases()
    for name, data, mode, path, *_ in CASES:
        full = os.path.join(out, name)
        if os.path.lexists(full):
            os.unlink(full)
        if name == "symlink-loop":
            os.symlink(DIR + "/symlink-loop", full)
        elif data is not None:
            with open(full, "wb") as f:
                f.write(data)
            os.chmod(full, mode)
    with open(os.path.join(out, "EXPECT"), "w") as f:
        for name, _, _, path, linux, darbat, desc in CASES:
            f.write("%s %s %s %s %s\n" % (name, path, linux, darbat, desc))


if __name__ == "__main__":
    main()
