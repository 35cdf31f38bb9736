# SPDX-License-Identifier: BSD-2-Clause
# mount -t ext2 of the test disk's first partition (made by tools/mkdisk
# from tests/unix/root): read-only, then read-write (a file written, seen
# again after umount and a second mount); mount(8)'s line, statfs's type,
# EBUSY for a second mount of the same device.
set -u
d=/tmp/mnt_ext2
rm -rf "$d"; mkdir -p "$d/m" "$d/n"; cd "$d" || exit 1
i=0     # Linux makes the partition's node a moment after the driver loads
while [ ! -b /dev/vda1 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
mount -t ext2 -o ro /dev/vda1 "$d/m" && echo "mounted ro"
mount | grep "$d/m" | sed 's/,errors=[a-z-]*//'
ls "$d/m/etc"
stat -f -c '%T' "$d/m"
touch "$d/m/new" 2>/dev/null || echo "ro: touch refused"
mount -t ext2 /dev/vda1 "$d/n" 2>/dev/null || echo "second mount refused"
umount "$d/m" && echo unmounted
mount -t ext2 /dev/vda1 "$d/m" && echo "mounted rw"
echo hello > "$d/m/hello" && echo written
umount "$d/m" && echo unmounted
mount -t ext2 -o ro /dev/vda1 "$d/m" && cat "$d/m/hello"
umount "$d/m"
cd /; rm -rf "$d"
