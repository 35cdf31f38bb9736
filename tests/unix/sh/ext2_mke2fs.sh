# ext2_mke2fs: Debian's mke2fs makes a fresh ext2 on the raw partition
# /dev/vda2 (fixed UUID, time and hash seed), it mounts, takes files,
# unmounts, and Debian's e2fsck -fn finds it clean.
set -e
export E2FSPROGS_FAKE_TIME=1700000000
/usr/sbin/mke2fs -q -F -t ext2 -b 1024 -N 64 -U d15c0000-da2b-4a7e-8000-0000000000f2 \
	-E hash_seed=d15c0000-da2b-4a7e-8000-0000000000f2,root_owner=0:0 /dev/vda2 && echo made
mkdir -p /tmp/e2v
mount -t ext2 /dev/vda2 /tmp/e2v
df -k /tmp/e2v | tail -1 | awk '{print $2}'
mkdir /tmp/e2v/d
i=0
while [ $i -lt 20 ]; do echo "line $i" > /tmp/e2v/d/f$i; i=$((i + 1)); done
cat /tmp/e2v/d/f7
ls /tmp/e2v/d | wc -l
umount /tmp/e2v
st=0
/usr/sbin/e2fsck -fn /dev/vda2 > /tmp/e2v.fsck 2>&1 || st=$?
tail -1 /tmp/e2v.fsck
echo "e2fsck status $st"
