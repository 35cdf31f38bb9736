# PCI device numbers are 0..1f
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	pci 00:20.0
