# I/O ports end at 0xffff
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0xfff0+0x20
