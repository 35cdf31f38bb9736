#!/bin/sh
# persist.sh - process 1 of the persistence test (tests/qemu/unixdisk/run.sh,
# persist.comp): the root is ext2 on /dev/vda1.  Each boot reports what the
# previous boots left in /var/persist (a copy of busybox, a log with one
# line a boot), adds its own and powers the machine off without syncing
# first: unixd writes the root back at power-off.
echo "persist: start"
if [ -f /var/persist/boot ]; then
	n=$(cat /var/persist/boot)
	cmp /var/persist/bb /bin/busybox && echo "persist: busybox copy same"
	echo "persist: log has $(wc -l < /var/persist/log) lines"
else
	n=0
	mkdir -p /var/persist
fi
n=$((n + 1))
echo $n > /var/persist/boot
cp /bin/busybox /var/persist/bb
echo "boot $n" >> /var/persist/log
grep -q ' / ext2 ' /proc/mounts 2>/dev/null && echo "persist: /proc/mounts says ext2"
echo "persist: boot $n written"
poweroff -n -f
