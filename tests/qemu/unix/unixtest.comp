# unixtest.comp - the differential UNIX tests (tests/qemu/unix/unix.mk):
# unixd with a driver framework instance for the clock (the date) and the
# entropy device, and a second instance serving the test disk (tools/mkdisk
# --unix-test-disk on a virtio-blk disk: /dev/vda, vda1 ext2, vda2 raw, the
# disk_ tests); process 1 is the test runner over every test in /t/list.
system unixtest
memory 200M
kmem 20M

component iokit0
	binary iokitd.elf
	args cstream=rtc,rng
	memory 8M
	kmem 512K
	priority 120
	console com1
	ioport 0x70-0x71
	pci 1af4:1044
	provides rtc rng

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
	args rootfs=rootfs-unixtest.cpio init=/bin/urun -- -l /t/list
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 150
	console com1
	file rootfs-unixtest.cpio
	uses rtc = iokit0.rtc
	uses rng = iokit0.rng
	uses disk = iokit1.disk
