# unixdisk-ext2.comp - the driver-kill test on a file system (run.sh): as
# unixdisk.comp, but unixd's root is ext2 on /dev/vda1 (root=vda1) and the
# writer appends its records to /root/records there, then syncs and powers
# off; run.sh checks the records in the image and e2fsck -fn.
system unixdisk-ext2
memory 200M
kmem 20M
console com1

component iokit1
	binary iokitd.elf
	args block=disk:disk0 faults=yes
	memory 16M
	kmem 1M
	priority 120
	console com1
	pci 1af4:1042
	provides disk
	restart on-failure
	backoff 10ms 100ms
	restart-limit 1000

component faulter
	binary diskfaulter.elf
	args faults=20
	memory 2M
	kmem 256K
	priority 130
	console com1
	uses disk = iokit1.disk

component unixd
	binary unixd.elf
	args rootfs=rootfs-unixdisk.cpio root=vda1 init=/bin/diskwriter -- 20 /root/records
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	power yes
	priority 110
	console com1
	file rootfs-unixdisk.cpio
	uses disk = iokit1.disk
