# SPDX-License-Identifier: BSD-2-Clause
# awk: fields, sums, patterns, printf, BEGIN/END, arrays.
set -u
d=/tmp/sh_awk
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'tom 3 apples\nann 5 pears\ntom 2 pears\nbob 7 apples\n' > t
awk '{ print $1 }' t
awk '{ s += $2 } END { print "total", s }' t
awk '$3 == "pears" { print NR": "$1 }' t
awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' t | sort
awk -F: '{ print NF }' /etc/passwd
awk 'BEGIN { printf "%5.2f|%-4s|%d\n", 3.14159, "ab", 42 }'
awk 'BEGIN { x = "a,b,c"; n = split(x, p, ","); print n, p[2] }'
echo "a b c" | awk '{ $2 = "X"; print; print length($0) }'
