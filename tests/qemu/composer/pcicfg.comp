# pcicfg.comp - a driver's view of its PCI function: environment names and
# configuration space through the composer (composer.pci_read/pci_write),
# for the q35 machine's AHCI controller (8086:2922 at 00:1f.2).
system pcicfg
memory 16M
kmem 1M
console com1

component pcicfg
	binary comptest.elf
	args role=pcicfg
	memory 1M
	kmem 128K
	priority 100
	console com1
	pci 00:1f.2
