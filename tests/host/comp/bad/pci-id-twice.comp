# one PCI vendor:device granted twice
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	pci 8086:100e

component b
	binary b.elf
	memory 1M
	kmem 64K
	priority 100
	pci 8086:100E
