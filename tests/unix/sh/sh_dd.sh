# SPDX-License-Identifier: BSD-2-Clause
# dd: block sizes, counts, skip and seek (holes), conv=notrunc, from
# /dev/zero, and what it reports; od and cmp look at the result.
set -u
d=/tmp/sh_dd
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'abcdefghijklmnopqrstuvwxyz' > src
dd if=src of=a bs=4 count=3 2>&1
cat a; echo
dd if=src of=b bs=1 skip=20 2>/dev/null; cat b; echo
dd if=src of=c bs=5 seek=2 count=1 2>/dev/null; od -c c
dd if=/dev/zero of=z bs=1024 count=64 2>/dev/null; stat -c %s z
printf 'XY' | dd of=src bs=1 seek=3 conv=notrunc 2>/dev/null; cat src; echo
dd if=/dev/zero of=sparse bs=1 count=1 seek=1000000 2>/dev/null; stat -c %s sparse
dd if=sparse bs=4096 skip=100 count=1 2>/dev/null | od -An -tx1 | head -1
dd if=missing of=x 2>&1 | sed 's/^dd: //'
