# the 8254 timer and port B (its channel-2 gate, NMI control) are the kernel's
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x40-0x43
	ioport 0x61
