# unixdisk.comp - the driver-kill test (tests/qemu/unixdisk/run.sh): unixd's
# disk is served by iokit1, started with faults=yes and restarted by the
# composer at once after each death; the faulter component makes its
# virtio-blk driver fault at its next interrupt, many times at random
# points, while unixd's process 1 (diskwriter) appends records to /dev/vda2
# with fsync.
system unixdisk
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
	args rootfs=rootfs-unixdisk.cpio init=/bin/diskwriter -- 20
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 110
	console com1
	file rootfs-unixdisk.cpio
	uses disk = iokit1.disk
