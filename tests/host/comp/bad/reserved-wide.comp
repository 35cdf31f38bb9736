# a wide grant is refused once, for the first resource it takes
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x0-0xffff
	mmio 0xfe000000-0xfeffffff
