# SPDX-License-Identifier: BSD-2-Clause
# busybox sh over seq, paste, sort -n, tail, xargs, expr, od: a small
# report computed in a pipeline, and arithmetic in the shell itself.
set -u
d=/tmp/t2_sh_numbers
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
seq 1 10 > a
seq 10 -1 1 > b
paste -d, a b | head -3
paste a b | awk '{ print $1 * $2 }' | sort -n | tail -3 | tr '\n' ' '; echo
seq 1 12 | xargs -n 4 echo
i=0; s=0; while [ $i -lt 100 ]; do i=$((i + 1)); s=$((s + i * i)); done; echo "squares $s"
expr 7 \* 6
expr length "hello world"
printf 'AB\n' | od -An -tx1
seq 5 | sort -rn | head -1
for n in 3 1 2; do echo $n; done | sort | paste -sd+ | bc 2>/dev/null || echo "no bc"
seq -s: 1 5
echo $(( (1 << 20) % 1000 )) $(( -7 / 2 )) $(( 0x10 + 010 ))
