# persist.comp - the root on a disk (tests/qemu/unixdisk/run.sh): unixd
# mounts the ext2 file system of /dev/vda1 as its root (root=vda1) and runs
# persist.sh there as process 1, which writes and powers the machine off;
# run.sh boots it twice.
system persist
memory 200M
kmem 20M
console com1

component iokit1
	binary iokitd.elf
	args block=disk:disk0
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042
	provides disk

component unixd
	binary unixd.elf
	args rootfs=rootfs-unixdisk.cpio root=vda1 init=/bin/sh -- /bin/persist.sh
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	power yes
	priority 110
	console com1
	file rootfs-unixdisk.cpio
	uses disk = iokit1.disk
