# pcibridge.comp - a PCI-PCI bridge granted to a component: QEMU's PCIe
# root port, added at 00:05.0 by tests/qemu/composer/run.py.  Its bus numbers and
# windows place other devices: the composer keeps them.
system pcibridge
memory 16M
kmem 1M
console com1

component bridge
	binary comptest.elf
	args role=pcibridge
	memory 1M
	kmem 128K
	priority 100
	console com1
	pci 00:05.0
