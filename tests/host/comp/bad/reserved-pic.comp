# the 8259 interrupt controllers and their edge/level register are the kernel's
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x20-0x21
	ioport 0xa0+2
	ioport 0x4d0-0x4d1
