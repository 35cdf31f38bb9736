# disk_dd: busybox's own bytes written to /dev/vda2 with dd (4 KiB blocks at
# block 3, then its first 400,000 bytes in 1000-byte blocks at an offset
# that is not a block's) and read back with dd and cmp; the ext2
# partition's superblock magic as od shows it; sync.
set -e
size=$(wc -c < /bin/busybox)
echo "busybox fits: $([ "$size" -lt 3000000 ] && echo yes || echo no)"
dd if=/bin/busybox of=/dev/vda2 bs=4096 seek=3 conv=notrunc 2>/dev/null
blocks=$(( (size + 4095) / 4096 ))
dd if=/dev/vda2 bs=4096 skip=3 count=$blocks 2>/dev/null | head -c "$size" | cmp - /bin/busybox && echo "4k: same"
head -c 400000 /bin/busybox > /tmp/disk_dd.part
dd if=/tmp/disk_dd.part of=/dev/vda2 bs=1000 seek=7 conv=notrunc 2>/dev/null
dd if=/dev/vda2 bs=1000 skip=7 count=400 2>/dev/null | cmp - /tmp/disk_dd.part && echo "1000: same"
rm /tmp/disk_dd.part
dd if=/dev/vda1 bs=1 skip=1080 count=2 2>/dev/null | od -An -tx1
sync && echo synced
