# one PCI function granted twice
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	pci 00:1f.2

component b
	binary b.elf
	memory 1M
	kmem 64K
	priority 100
	pci 0:1f.2
