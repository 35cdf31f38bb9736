# vendor ID ffff is what an empty slot reads as: no device has it
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	pci ffff:1234
	pci fffe:ffff
