# PCI vendor and device IDs have four hex digits
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	pci 8086:12345
