# SPDX-License-Identifier: BSD-2-Clause
# seq and sort options: numeric, reverse, keys, unique.
set -u
d=/tmp/sh_seq_sort
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
seq 5 -1 1 | tr '\n' ' '; echo
seq -s, 1 5
seq 0 0.5 2
printf '10\n9\n100\n1\n' | sort
printf '10\n9\n100\n1\n' | sort -n
printf '10\n9\n100\n1\n' | sort -rn
printf 'b 2\na 3\nc 1\n' | sort -k2
printf 'b\na\nb\na\n' | sort | uniq -d
