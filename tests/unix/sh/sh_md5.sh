# SPDX-License-Identifier: BSD-2-Clause
# md5sum and sha256sum on known data, and md5sum -c.
set -u
d=/tmp/sh_md5
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
printf 'hello\n' > h
md5sum h
printf '' | md5sum
seq 1 1000 | md5sum
sha256sum h
md5sum h > sums; md5sum -c sums
