# SPDX-License-Identifier: BSD-2-Clause
# read: fields, IFS, the remainder, a loop over a file.
set -u
d=/tmp/sh_read
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'a b c d\n' | { read x y rest; echo "x=$x y=$y rest=$rest"; }
printf 'k1=v1\nk2=v2\n' > kv
while IFS== read k v; do echo "$k -> $v"; done < kv
echo "one:two" | { IFS=: read a b; echo "$b $a"; }
n=0; while read line; do n=$((n + 1)); done < /etc/passwd; echo "passwd lines $n"
read nothing < /dev/null; echo "read at EOF: $?"
