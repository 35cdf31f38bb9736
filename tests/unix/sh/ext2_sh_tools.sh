# ext2_sh_tools: busybox's mount, cp, ls, find, wc, rm and umount on the
# test disk's ext2 partition; /proc/mounts while it is mounted.
set -e
mkdir -p /tmp/e2
mount -t ext2 /dev/vda1 /tmp/e2
grep ' /tmp/e2 ' /proc/mounts | cut -d' ' -f1-3
mkdir /tmp/e2/tools
cp /etc/passwd /tmp/e2/tools/p1
cp /tmp/e2/tools/p1 /tmp/e2/tools/p2
ln -s p1 /tmp/e2/tools/l
ls /tmp/e2/tools
find /tmp/e2/tools | sort
cat /tmp/e2/tools/l | wc -l
rm -r /tmp/e2/tools
ls /tmp/e2
umount /tmp/e2
grep -c ' /tmp/e2 ' /proc/mounts || true
