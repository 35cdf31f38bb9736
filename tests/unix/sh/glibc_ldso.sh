# SPDX-License-Identifier: BSD-2-Clause
# Debian's dynamic loader (/lib64/ld-linux-x86-64.so.2) and ldd: programs found through
# /etc/ld.so.cache, run explicitly through ld.so, with LD_BIND_NOW and
# LD_LIBRARY_PATH; and refused cleanly: a library that is missing or not
# ELF, a missing interpreter.
set -u
d=/tmp/glibc_ldso
L=/lib64/ld-linux-x86-64.so.2
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
/usr/bin/echo plain; echo "plain: $?"
$L /usr/bin/echo through ld.so; echo "ld.so: $?"
$L --verify /usr/bin/echo; echo "verify: $?"
LD_BIND_NOW=1 /usr/bin/echo bind now; echo "bind now: $?"
LD_LIBRARY_PATH=/nonexistent:/usr/lib/x86_64-linux-gnu /usr/bin/echo library path; echo "library path: $?"
/usr/bin/env -i /usr/bin/uname -s
# ldd (a bash script running ld.so --list); the vDSO and the load addresses left out
/usr/bin/ldd /usr/bin/ls | grep -v vdso | /usr/bin/sed 's/ (0x[0-9a-f]*)//'
/usr/bin/ldd /bin/busybox; echo "ldd static: $?"
# the same program asking for a library that does not exist
/usr/bin/sed 's/libc\.so\.6/libc.so.9/' /usr/bin/echo > noso; chmod +x noso
./noso x >out 2>&1; echo "missing library: $?"; sed 's/^[^:]*: //' out
# a library that is not an ELF file, found first through LD_LIBRARY_PATH
mkdir lib; echo 'not an ELF file' > lib/libc.so.6
LD_LIBRARY_PATH=$d/lib /usr/bin/echo x >out 2>&1; echo "not ELF: $?"; sed 's/^[^:]*: //' out
# an interpreter that does not exist: execve's ENOENT
/usr/bin/sed 's,/lib64/ld-linux-x86-64\.so\.2,/lib64/ld-linux-x86-64.so.X,' /usr/bin/echo > nointerp
chmod +x nointerp; ./nointerp x 2>/dev/null; echo "missing interpreter: $?"
# interpreters that are not one: a text file, a directory
echo 'not an ELF file' > notelf.file; mkdir adirectory1
/usr/bin/sed 's,/lib64/ld-linux-x86-64\.so\.2,/tmp/glibc_ldso/notelf.file,' /usr/bin/echo > badinterp
/usr/bin/sed 's,/lib64/ld-linux-x86-64\.so\.2,/tmp/glibc_ldso/adirectory1,' /usr/bin/echo > dirinterp
chmod +x badinterp dirinterp
./badinterp x 2>/dev/null; echo "interpreter not ELF: $?"
./dirinterp x 2>/dev/null; echo "interpreter a directory: $?"
# a library cut short: its segments lie past the end of the file
mkdir short; head -c 8192 /usr/lib/x86_64-linux-gnu/libc.so.6 > short/libc.so.6
LD_LIBRARY_PATH=$d/short /usr/bin/echo x >out 2>&1; echo "short library: $?"
sed 's/^[^:]*: //' out
cd / && rm -rf "$d"
