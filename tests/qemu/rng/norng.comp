# norng.comp - unixd with a route `rng` to a driver framework instance
# that has no entropy device (QEMU runs without virtio-rng-pci): the
# instance serves the service but no stream of kind rng, and unixd falls
# back to the weak generator with its log line (tests/qemu/rng/run.py).
system norng
memory 192M
kmem 20M
console com1

component iokit0
	binary iokitd.elf
	args cstream=rng
	memory 8M
	kmem 512K
	priority 120
	console com1
	provides rng

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
	uses rng = iokit0.rng
