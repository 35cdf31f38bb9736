# SPDX-License-Identifier: BSD-2-Clause
# Debian's coreutils (dynamically linked against glibc, run through ld.so):
# files, links, modes, text tools, sort, stat, date, env, id, uname.
set -u
d=/tmp/glibc_coreutils
B=/usr/bin
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
$B/echo hello from coreutils; echo "echo: $?"
printf 'pear\napple\nfig\napple\n10\n9\n' > t
$B/cat t
$B/cp t u && $B/mv u v && $B/ln -s v w && $B/ln v hard
$B/readlink w; echo "readlink: $?"
$B/mkdir -p a/b/c && $B/touch a/b/c/f && $B/chmod 750 a
$B/ls
$B/ls -1 a/b/c
$B/ls -ld a | $B/cut -c1-10
$B/stat -c '%n %s %F %a %h %U %G' t v w hard
$B/stat -c '%n %F %a %h %U %G' a
$B/stat -L -c '%n %F' w
$B/rm v w; echo "rm: $?"; $B/stat -c '%n %h' hard
$B/sort t
$B/sort -n t | $B/head -3
$B/sort -r t | $B/tail -2
$B/sort -u t | $B/wc -l
$B/sort t | $B/uniq -c
$B/wc t
$B/head -c 7 t; $B/echo
$B/tail -n +5 t
echo a:b:c:d | $B/cut -d: -f2,4
echo Hello World | $B/tr 'a-z' 'A-Z' | $B/tr -d ' '
$B/env -i A=1 B=2 $B/env
$B/id; $B/id -u; $B/id -gn
$B/uname -s; $B/uname -m
$B/basename /usr/lib/libx.so .so; $B/dirname /usr/lib/libx.so
$B/date -u -d @86399 '+%Y-%m-%d %H:%M:%S %A'
$B/date -u -d '2024-02-29 12:00' +%s
TZ=UTC $B/date -d @1000000000 +%c
$B/touch -d '2001-02-03 04:05:06' t && $B/stat -c %Y t
$B/ls -l --time-style=+%F t | $B/cut -d' ' -f1,6-
$B/df --output=fstype,target / | $B/tail -1; echo "df: $?"
$B/stat -f -c '%T %l' /
$B/cat nonexistent; echo "cat missing: $?"
$B/mkdir a; echo "mkdir existing: $?"
$B/ls -d nope; echo "ls missing: $?"
cd / && $B/rm -r "$d"; echo "rm -r: $?"
