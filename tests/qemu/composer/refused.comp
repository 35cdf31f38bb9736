# refused.comp - what the composer cannot give, each with its exact cause:
# a kernel-memory budget larger than the machine's (`huge`) and a PCI
# function that is not there (`nopci`) keep a component from starting; an
# MMIO grant the kernel will not map (the I/O APIC is the kernel's) is
# fatal when touched (`ioapic`).
system refused
memory 16M
console com1

component huge
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 1G
	priority 100

component nopci
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 128K
	priority 100
	pci 00:1c.7

component ioapic
	binary comptest.elf
	args role=pciprobe
	memory 1M
	kmem 128K
	priority 100
	console com1
	mmio 0xfec00000+4K
