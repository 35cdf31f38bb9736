# SPDX-License-Identifier: BSD-2-Clause
# if/elif/case/while/until/for and break/continue.
set -u
d=/tmp/sh_control
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
for i in 1 2 3 4 5 6; do
  [ $i -eq 2 ] && continue
  [ $i -eq 5 ] && break
  echo "for $i"
done
n=0
while [ $n -lt 3 ]; do n=$((n + 1)); done; echo "while $n"
until [ $n -eq 0 ]; do n=$((n - 1)); done; echo "until $n"
for w in apple 42 x.txt; do
  case $w in
    [0-9]*) echo "$w number";;
    *.txt) echo "$w text";;
    a*|b*) echo "$w starts with a or b";;
  esac
done
if [ -d / ]; then echo dir; elif true; then echo no; else echo never; fi
for f in; do echo never; done; echo done
