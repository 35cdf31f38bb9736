# Boundaries: adjacent but not overlapping devices, memory exactly
# committed, the highest priority and IRQ, the lowest IRQ nobody keeps
# (1), the largest I/O port, the largest PCI vendor ID a device can have.
system edges
memory 2M
kmem 8K

component a
	binary a.elf
	memory 1M
	kmem 4K
	priority 199
	ioport 0x2f8-0x2ff
	ioport 0xffff
	mmio 0xfebc0000-0xfebc0fff
	irq 23
	pci 0:0.0
	pci fffe:ffff

component b
	binary b.elf
	memory 1M
	kmem 4K
	priority 0
	ioport 0x400+8
	ioport 0x2f0+8
	mmio 0xfebc1000+4K
	irq 1
	pci ff:1f.7
	pci 0:0
