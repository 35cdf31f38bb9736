# SPDX-License-Identifier: BSD-2-Clause
# Pipelines of applets: sort, uniq, wc, tr, head, tail, cut.
set -u
d=/tmp/sh_pipeline
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'pear\napple\nfig\napple\nbanana\npear\napple\n' > fruit
sort fruit | uniq -c | sort -rn | head -2
sort -u fruit | wc -l
tr 'a-z' 'A-Z' < fruit | head -3
tail -n 2 fruit
printf 'a:b:c\n1:2:3\n' | cut -d: -f2,3
seq 1 100 | tail -1
seq 10 | tr '\n' ' ' | wc -w
cat fruit | cat | cat | wc -c
