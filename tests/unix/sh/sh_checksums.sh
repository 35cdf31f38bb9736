# SPDX-License-Identifier: BSD-2-Clause
# The checksum applets over files made here: md5sum, sha1sum, sha256sum,
# sha512sum, crc32 (cksum-like), -c checking, base64 and xxd round trips.
set -u
d=/tmp/sh_checksums
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
seq 1 10000 > n
printf 'hello\n' > h
md5sum n h
sha1sum h
sha256sum n
sha512sum h | cut -c1-32
md5sum n h > sums && md5sum -c sums
echo changed >> h; md5sum -c sums 2>&1 | sort
base64 n | base64 -d | cmp - n && echo base64 round trip
xxd h | head -2
xxd -p h | xxd -r -p
