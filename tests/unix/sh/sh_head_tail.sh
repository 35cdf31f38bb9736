# SPDX-License-Identifier: BSD-2-Clause
# head and tail: counts, bytes, from line N.
set -u
d=/tmp/sh_head_tail
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
seq 20 > n
head -n 3 n
tail -n 3 n
tail -n +18 n
head -c 5 n; echo
seq 20 | head -n -17 2>/dev/null || echo "head -n -N not supported"
wc -l < n
