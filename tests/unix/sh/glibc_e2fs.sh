# SPDX-License-Identifier: BSD-2-Clause
# Debian's mke2fs and e2fsck (libext2fs, libblkid, libuuid, libcom_err) on an
# image file: make an ext2 file system with fixed ids and time, check it
# clean, damage its superblock's magic and see e2fsck refuse it.
set -u
d=/tmp/glibc_e2fs
S=/usr/sbin
rm -rf "$d"; mkdir -p "$d"; cd "$d" || exit 1
# fixed time and ids: the output holds nothing that changes between runs
# (whether an image is mounted, e2fsprogs finds out from /etc/mtab or /proc/mounts)
export E2FSPROGS_FAKE_TIME=1000000000
U=01234567-89ab-cdef-0123-456789abcdef
$S/mke2fs -q -F -t ext2 -b 1024 -N 64 -U $U -E hash_seed=$U -L glibc img 2048
echo "mke2fs: $?"
echo "size $(wc -c < img)"
# (its first line names e2fsprogs' version: left out)
$S/e2fsck -fn img >out 2>&1; echo "e2fsck -fn: $?"; grep -v '^e2fsck [0-9]' out
$S/e2fsck -fp img; echo "e2fsck -fp: $?"
$S/mke2fs -q -F -t ext2 -b 1024 -N 64 -U $U -E hash_seed=$U big 8192
$S/e2fsck -fn big 2>&1 | tail -1; echo "e2fsck big: $?"
# a file system made from a tree, as the disk image is made from the root
mkdir -p tree/d/e; echo hello > tree/f; ln -s f tree/l; head -c 70000 /dev/zero > tree/d/big
$S/mke2fs -q -F -t ext2 -b 1024 -N 64 -U $U -E hash_seed=$U -d tree fromtree 2048
echo "mke2fs -d: $?"
$S/e2fsck -fn fromtree 2>&1 | tail -1; echo "e2fsck fromtree: $?"
# the superblock's magic (offset 1024 + 56) zeroed: no ext2 file system
printf '\000\000' | dd of=img bs=1 seek=1080 conv=notrunc 2>/dev/null
$S/e2fsck -fn img >out 2>&1; echo "e2fsck damaged: $?"
grep -c 'Bad magic number in super-block' out
$S/mke2fs -q -F -t ext2 nodir/img 100 >out 2>&1; echo "mke2fs bad path: $?"
$S/e2fsck -fn nonexistent >out 2>&1; echo "e2fsck missing: $?"
cd / && rm -rf "$d"
