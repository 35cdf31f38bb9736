# SPDX-License-Identifier: BSD-2-Clause
# cpio (newc) out and in, gzip levels, gunzip -t, zcat and bzip2
# round trips over files of this file system.
set -u
d=/tmp/sh_cpio_gzip
rm -rf "$d"; mkdir -p "$d/tree/d"; cd "$d" || exit 1
seq 1 5000 > tree/n
echo x > tree/d/x
(cd tree && find . | sort | cpio -o -H newc 2>/dev/null) > a.cpio && echo archived
mkdir out; (cd out && cpio -i -d 2>/dev/null < ../a.cpio); cmp tree/n out/n && echo same
find out | sort
gzip -9 -c tree/n > n.gz && gunzip -t n.gz && echo gzip ok
zcat n.gz | tail -1
bzip2 -c tree/n | bunzip2 -c | cmp - tree/n && echo bzip2 round trip
printf 'not gzip' > bad.gz; gunzip -t bad.gz 2>/dev/null || echo bad gzip refused
