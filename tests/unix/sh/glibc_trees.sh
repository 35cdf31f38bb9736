# SPDX-License-Identifier: BSD-2-Clause
# Debian's programs on trees and in pipelines: cp -a and -r, rm -rf, ls -R,
# grep -r, find -delete and -exec +, readlink -f, a sort that spills to
# temporary files, mawk's system() and command pipes, sed's w command,
# bash's globbing and redirections.
set -u
d=/tmp/glibc_trees
B=/usr/bin
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
$B/mkdir -p src/a/b src/c; echo one > src/a/f1; echo two > src/a/b/f2; echo three > src/c/f3
$B/ln -s ../c/f3 src/a/l3; $B/chmod 640 src/a/f1; $B/touch -d '2001-01-01 00:00' src/a/f1
$B/cp -a src copy; echo "cp -a: $?"
$B/ls -R copy
$B/stat -c '%n %a %Y %F' copy/a/f1; $B/stat -c '%n %a %F' copy/a/l3
$B/readlink copy/a/l3; $B/readlink -f copy/a/l3 | $B/sed "s,^$d/,,"
$B/cp -r src rcopy; $B/stat -c '%n %a' rcopy/a/f1
$B/cp -r src/a src/c; $B/ls src/c src/c/a
$B/grep -r two src | $B/sort; $B/grep -rl o src | $B/sort; $B/grep -rc e src/c | $B/sort
$B/find copy -name 'f*' -exec $B/cat {} + | $B/sort
$B/find copy -type l -delete; $B/find copy | $B/sort
$B/rm -rf copy rcopy src/c/a; echo "rm -rf: $?"; $B/ls
$B/mkdir deep; cd deep; for i in 1 2 3 4 5 6 7 8; do $B/mkdir d$i; cd d$i; done; cd "$d"
$B/find deep -type d | $B/wc -l; $B/rm -r deep; $B/ls -d deep 2>/dev/null || echo "deep gone"
i=0; while [ $i -lt 3000 ]; do echo "$((i * 7919 % 3001)) line$i"; i=$((i + 1)); done > big
$B/sort -n -S 64K -T "$d" big | $B/head -3
$B/sort -n -S 64K -T "$d" big | md5sum
$B/sort -k2 big | $B/tail -1; $B/sort -u -n big | $B/wc -l
$B/mawk 'BEGIN { system("echo from system"); "echo piped" | getline x; print "got", x; close("echo piped") }'
printf '3\n1\n2\n' | $B/mawk '{ print | "/usr/bin/sort" } END { close("/usr/bin/sort"); print "closed" }'
printf 'keep\ndrop\nkeep too\n' | $B/sed -n '/keep/w kept'; $B/cat kept
cat > g.bash <<'XX'
shopt -s nullglob extglob
touch x1.c x2.c y.h
echo *.c; echo !(*.c); echo ?2.*; a=(*.zzz); echo "nullglob ${#a[@]}"
exec 3> fd3; echo to fd3 >&3; exec 3>&-; cat fd3
{ echo out; echo err >&2; } 2>&1 | sort
echo $(( $(wc -l < big) + 1 ))
XX
$B/bash g.bash
cd / && $B/rm -rf "$d"
