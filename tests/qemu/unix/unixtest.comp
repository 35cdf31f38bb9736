# unixtest.comp - the differential UNIX tests (tests/qemu/unix/unix.mk):
# unixd alone, process 1 the test runner over every test in /t/list.
system unixtest
memory 192M
kmem 20M

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
