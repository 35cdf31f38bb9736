# rng.comp - the virtio-rng driver and its users (tests/qemu/rng/run.py,
# docs/IOKIT.md "virtio-rng"; QEMU runs with
# -device virtio-rng-pci,disable-legacy=on).  iokit0 drives the modern
# entropy device and serves its stream on the service `rng`; the client
# rngtest reads it (mode=read), and unixd seeds its random numbers from it
# and runs busybox's od on /dev/urandom.
system rng
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
	pci 1af4:1044               # virtio-rng, modern
	provides rng

component client
	binary rngtest.elf
	args mode=read
	memory 1M
	kmem 128K
	priority 100
	console com1
	uses rng = iokit0.rng

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
