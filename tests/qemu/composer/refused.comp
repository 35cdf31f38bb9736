# refused.comp - what the composer cannot give, each with its exact cause:
# a kernel-memory budget larger than the machine's (`huge`) and a PCI
# function that is not there (`nopci`) keep a component from starting; an
# MMIO grant over RAM (the kernel's image at 1 MiB: `kimage`; free RAM:
# `freeram`) is refused before it starts, since only device memory may be
# granted; an MMIO grant the kernel will not map (beyond the physical
# addresses it maps, 2^46: `far`) is fatal when touched.  Grants of the I/O
# APIC and local APIC are refused at check time (lib/comp).
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

component kimage
	binary comptest.elf
	args role=pciprobe
	memory 1M
	kmem 128K
	priority 100
	console com1
	mmio 0x100000+4K

component freeram
	binary comptest.elf
	args role=pciprobe
	memory 1M
	kmem 128K
	priority 100
	mmio 0x8000000+4K

component far
	binary comptest.elf
	args role=pciprobe
	memory 1M
	kmem 128K
	priority 100
	console com1
	mmio 0x400000000000+4K
