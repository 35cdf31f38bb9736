# COM1 is the kernel console, its IRQ 4 the debugger's key sequence
system test
memory 16M

component a
	binary a.elf
	memory 1M
	kmem 64K
	priority 100
	ioport 0x3f8-0x3ff
	irq 4
