# QEMU's isa-debug-exit port is how the composer powers the machine off
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0xf4+4
