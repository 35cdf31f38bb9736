# noroute.comp - unixd alone, without a route `rng`, on QEMU's default CPU
# (no RDRAND): the weak generator and its log line (tests/qemu/rng/run.py).
system noroute
memory 192M
kmem 20M
console com1

component unixd
	binary unixd.elf
	args init=/bin/busybox -- sh -c od${IFS}-An${IFS}-tx1${IFS}-N16${IFS}/dev/urandom;echo${IFS}RNGTEST-END
	memory 160M
	kmem 16M
	slots 4096
	heap-exec yes
	priority 110
	console com1
	file rootfs.cpio
