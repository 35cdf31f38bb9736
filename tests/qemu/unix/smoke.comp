# smoke.comp - unixd alone, running busybox with the words of initargs.
system unixsmoke
memory 192M
kmem 20M

component unixd
	binary unixd.elf
	args init=/bin/busybox -- echo hello from busybox
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 150
	console com1
	file rootfs.cpio
