# an I/O port range backwards
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x3ff-0x3f8
