# pci.comp - a PCI function granted by address becomes its BARs and IRQ:
# the q35 machine's AHCI controller (8086:2922 at 00:1f.2).
system pci
memory 16M
kmem 1M
console com1

component prober
	binary comptest.elf
	args role=pciprobe
	memory 1M
	kmem 128K
	priority 100
	console com1
	pci 00:1f.2

component byid
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 128K
	priority 100
	pci 1234:1111
