# reserved.comp - what the kernel and the composer keep for themselves is
# refused at boot as at check time (docs/COMPOSITION.md, section 3.5): the PCI
# configuration ports, the local APIC, the timer's IRQ.  Nothing starts.
system reserved
memory 16M
kmem 1M
console com1

component snoop
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 128K
	priority 100
	ioport 0xcf8-0xcff          # PCI configuration space: the composer's
	mmio 0xfee00000+4K          # the local APIC: the kernel's
	irq 0                       # the PIT timer: the kernel's

component bystander
	binary comptest.elf
	args role=exit code=0
	memory 1M
	kmem 128K
	priority 100
