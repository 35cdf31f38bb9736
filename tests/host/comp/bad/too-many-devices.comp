# at most 16 devices per component
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x100+8
	ioport 0x108+8
	ioport 0x110+8
	ioport 0x118+8
	ioport 0x120+8
	ioport 0x128+8
	ioport 0x130+8
	ioport 0x138+8
	ioport 0x140+8
	ioport 0x148+8
	ioport 0x150+8
	ioport 0x158+8
	ioport 0x160+8
	ioport 0x168+8
	ioport 0x170+8
	ioport 0x178+8
	ioport 0x180+8
