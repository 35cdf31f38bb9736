# SPDX-License-Identifier: BSD-2-Clause
# Debian's e2fsck and mke2fs on the test disk's block devices (the disk_
# tests' /dev/vda1, ext2 made by tools/mkdisk, and the raw /dev/vda2): the
# ext2 partition checked clean, a new file system made on the raw one (its
# size asked of the device) and checked, a made-up device refused.
set -u
S=/usr/sbin
export E2FSPROGS_FAKE_TIME=1000000000
U=01234567-89ab-cdef-0123-456789abcdef
$S/e2fsck -fn /dev/vda1 >/tmp/glibc_e2fs_disk.out 2>&1; echo "e2fsck vda1: $?"
grep -v '^e2fsck [0-9]' /tmp/glibc_e2fs_disk.out
$S/mke2fs -q -F -t ext2 -b 1024 -U $U -E hash_seed=$U,nodiscard -L scratch /dev/vda2
echo "mke2fs vda2: $?"
$S/e2fsck -fn /dev/vda2 2>&1 | tail -1
$S/mke2fs -q -t ext2 /dev/nonexistent >/tmp/glibc_e2fs_disk.out 2>&1; echo "mke2fs missing: $?"
rm -f /tmp/glibc_e2fs_disk.out
